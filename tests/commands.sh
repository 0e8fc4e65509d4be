#!/usr/bin/env bash
# commands.sh - one command language: each line of
# tests/golden/commands.list runs as `e2l NAME ...` and in the workbench
# (`e2l -c 'NAME ...'`); output, messages and exit status must agree.
# The workbench names its input's line in messages (e2l: -c:2: ...),
# which is dropped before comparing.  Then the man page: generated from
# the tables (doc/e2l.1 up to date) and listing every key.
set -u
: "${E2L:?E2L must name the e2l binary}"
. "${srcdir:-.}/tests/lib.sh"
need bash grep sed cmp mktemp diff
srcdir=$(cd "${srcdir:-.}" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_CACHE_HOME=$tmp/.cache XDG_STATE_HOME=$tmp/.state
cd "$tmp" || exit 1
fail=0 n=0

while IFS= read -r line; do
    case $line in ''|'#'*) continue ;; esac
    task=
    if [[ $line == '['*']'* ]]; then
        task=${line%%]*}; task=${task#[}
        line=${line#*] }
    fi
    name=${line%% *}
    rest=${line#"$name"}
    n=$((n + 1))
    if [ -n "$task" ]; then
        LC_ALL=C bash -c "\"\$E2L\" $name $task$rest" > shell.out 2>&1 </dev/null
        rs=$?
        # `task` prints two lines first.
        LC_ALL=C "$E2L" -c "task $task" -c "$line" > wb.raw 2>&1 </dev/null
        rw=$?
        sed '1,2d' wb.raw > wb.out
    else
        LC_ALL=C bash -c "\"\$E2L\" $line" > shell.out 2>&1 </dev/null
        rs=$?
        LC_ALL=C "$E2L" -c "$line" > wb.out 2>&1 </dev/null
        rw=$?
    fi
    # Places differ by front end: -c:2:, an argument's quoted text; and
    # the shell's TASK in usage.  Timings differ by run.
    norm() {
        sed -e 's/^e2l: -c:[0-9]*\(:[0-9]*\)*: /e2l: /' \
            -e "s/^e2l: '[^']*': [0-9]*:[0-9]*: /e2l: /" \
            -e 's/^\(e2l: [a-z]*: \)\(.*\)/\1\2/' \
            -e 's/"seconds": [0-9.]*/"seconds": S/' \
            -e 's/; [0-9.]* s$/; S s/' "$1"
    }
    norm shell.out > shell.n
    norm wb.out > wb.n
    # A formula command names the command in the workbench's messages.
    sed -i "s/^e2l: $name: /e2l: /" wb.n shell.n
    if [ "$rs" -ne "$rw" ] || ! diff -u shell.n wb.n > d; then
        echo "FAIL: $line (shell exit $rs, workbench exit $rw)"
        cat d
        fail=$((fail + 1))
    else
        echo "ok: $line"
    fi
done < "$srcdir/tests/golden/commands.list"

# The man page: generated from the tables, and every key of the key
# table (shown in the F1 help, checked by tests/screen.sh) in it.
"$E2L" -c 'help --man' > man.out
if ! cmp -s man.out "$srcdir/doc/e2l.1"; then
    echo "FAIL: doc/e2l.1 is not what \`e2l -c 'help --man'\` prints (make docs)"
    fail=$((fail + 1))
fi
for key in F1 F2 F3 F4 F5 F6 F7 F8 F9 '^C' '^D' Tab '?' Up Down PgUp PgDn \
           Shift-PgUp Shift-PgDn Left Right Home End Delete; do
    if ! sed -n '/^\.SH KEYS/,/^\.SH /p' man.out | grep -qxF ".B $key"; then
        echo "FAIL: the man page lacks the key $key"
        fail=$((fail + 1))
    fi
done
# Every command of the table is in `help` (the F1 help reads the same
# list) and the man page.
for c in $("$E2L" -c help | sed -n 's/^\([a-z][a-z0-9]*\) .*/\1/p'); do
    grep -qx "\.B $c" man.out || { echo "FAIL: man page lacks $c"; fail=$((fail + 1)); }
done
echo "commands.sh: $n commands, $fail failed"
[ $fail -eq 0 ]
