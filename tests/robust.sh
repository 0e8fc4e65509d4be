#!/usr/bin/env bash
# robust.sh - what the front end does when the machine turns against it:
# a workbench killed with SIGKILL does not leave its evolutions running
# unseen; they checkpoint, exit, and resume.  Processes are checked in
# /proc (no pgrep: a bare Debian has no procps), and a check that cannot
# look fails rather than passes.
set -u
: "${E2L:?E2L must name the e2l binary}"
. "${srcdir:-.}/tests/lib.sh"
need cat mktemp rm seq sleep test
need_proc
tmp=$(mktemp -d)
cleanup() {
    # An evolution this test failed to stop must not outlive it.
    [ -n "${epid:-}" ] && running "$epid" && kill -9 "$epid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
cd "$tmp"
export XDG_CACHE_HOME=$tmp/cache
# Waits until the command succeeds, up to $1 tenths of a second.
wait_for() {
    local n=$1; shift
    for _ in $(seq 1 "$n"); do "$@" && return 0; sleep 0.1; done
    "$@"
}
has_generation() { [ -s run/log.jsonl ] && [ -s run/pid ]; }

# A workbench script starts a long evolution and waits for it; the
# workbench is killed with SIGKILL, which it cannot catch.
args=(error-quick -s experiments=2 -s T=300 --seed 5 --no-cache)
"$E2L" -c "evolve ${args[*]} --generations 100000000 --out run" \
    >wb.out 2>&1 &
wb=$!
epid=
if wait_for 600 has_generation; then
    read -r epid _ < run/pid
fi
check "the workbench's evolution started (pid ${epid:-none})" \
    test -n "$epid"
if [ -n "$epid" ]; then
    kill -9 "$wb"
    wait "$wb" 2>/dev/null
    # SIGTERM from the kernel: the generation in flight, the checkpoint.
    check "the evolution stops when its workbench is killed" \
        wait_gone "$epid" 600
    check "and releases its run directory" wait_for 100 test ! -e run/pid
    n=$(wc -l < run/log.jsonl)
    "$E2L" evolve --resume run --generations $((n + 2)) >/dev/null 2>resume.err
    rc=$?
    check "the run resumes after it ($(head -n 1 resume.err))" \
        test $rc -eq 0 -a "$(wc -l < run/log.jsonl)" -eq $((n + 2))
fi
echo "robust.sh: $fail failed"
[ $fail -eq 0 ]
