#!/usr/bin/env bash
# cli.sh - golden transcripts: each tests/golden/*.t file is a session of
# shell commands ("$ e2l ...") each followed by its expected output
# (stdout and stderr together, then "[exit N]" when N is not 0).  The
# commands run in batch mode; any difference fails the test with a diff.
# GOLDEN names another folder of transcripts (tests/toy.sh).
set -u
: "${E2L:?E2L must name the e2l binary}"
srcdir=$(cd "${srcdir:-.}" && pwd)     # commands run in a scratch folder
export srcdir
e2l() { "$E2L" "$@"; }
export -f e2l
export E2L

fail=0 count=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Fitness caches and history of these commands stay in the scratch folder.
export XDG_CACHE_HOME=$tmp/.cache XDG_STATE_HOME=$tmp/.state

for t in "$srcdir"/${GOLDEN:-tests/golden}/*.t; do
    name=$(basename "$t" .t)
    : > "$tmp/actual"
    cmd=""
    # Run each "$ " line; everything else in the file is expectation.
    while IFS= read -r line || [ -n "$line" ]; do
        case "$line" in
            '$ '*)
                cmd=${line#'$ '}
                printf '%s\n' "$line" >> "$tmp/actual"
                (cd "$tmp" && LC_ALL=C bash -c "$cmd" </dev/null) >> "$tmp/actual" 2>&1
                rc=$?
                [ $rc -ne 0 ] && printf '[exit %d]\n' $rc >> "$tmp/actual"
                count=$((count + 1))
                ;;
        esac
    done < "$t"
    # Expected: the file without blank lines and comments between cases.
    grep -v -e '^#' -e '^$' "$t" > "$tmp/expected"
    grep -v -e '^$' "$tmp/actual" > "$tmp/actual.clean"
    if ! diff -u "$tmp/expected" "$tmp/actual.clean" > "$tmp/diff"; then
        echo "FAIL: $name"
        cat "$tmp/diff"
        fail=$((fail + 1))
    else
        echo "ok: $name"
    fi
done
echo "cli.sh: $count commands, $fail transcripts differ"
[ $fail -eq 0 ]
