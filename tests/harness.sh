#!/usr/bin/env bash
# harness.sh - the test harness tests itself: a check must be able to
# fail.  A missing tool fails a test rather than passing it; the process
# check of tests/lib.sh sees a process that is there and no longer sees it
# once it is gone; cli.sh notices e2l killed inside a pipeline (its e2l is
# a shell function, so bash reports the signal, which it does not for a
# pipeline's first command).  Runs with fakes only: no e2l, no tmux.
set -u
srcdir=$(cd "${srcdir:-.}" && pwd)
. "$srcdir/tests/lib.sh"
need bash mktemp sleep rm mkdir chmod cat grep seq
need_proc
tmp=$(mktemp -d)
trap 'kill $sleeper 2>/dev/null; rm -rf "$tmp"' EXIT
sleeper=

# need: a tool that is not there ends the script with status 1 and its name.
out=$(bash -c '. "$1"; need sh no-such-tool-e2l; echo "went on"' _ "$srcdir/tests/lib.sh" 2>&1)
rc=$?
check "need fails on a missing tool (status $rc)" test $rc -eq 1
check "and names it ($out)" grep -q "needs 'no-such-tool-e2l'" <<<"$out"
check "and does not go on" test -z "$(grep 'went on' <<<"$out")"

# procs_in: a process working in a folder, by its command line.
mkdir "$tmp/work"
(cd "$tmp/work" && exec sleep 300) &
sleeper=$!
found=1
for i in $(seq 1 50); do
    procs_in "$tmp/work" "sleep 300" >/dev/null && { found=0; break; }
    sleep 0.1
done
check "procs_in sees a live process" test $found -eq 0
check "and prints its pid" grep -q "^$sleeper sleep 300\$" <<<"$(procs_in "$tmp/work" "sleep *")"
check "running sees it" running $sleeper
procs_in "$tmp/work" "sleep 299" >/dev/null
check "not one whose command line differs" test $? -eq 1
procs_in "$tmp" "sleep *" >/dev/null
check "not one working in another folder" test $? -eq 1
kill $sleeper; wait $sleeper 2>/dev/null
check "running no longer sees it once it has ended" wait_gone $sleeper 50

# check: a command that is not there is a failure, counted and named.
out=$(bash -c '. "$1"; check probe no-such-command-e2l; echo "fail=$fail"' _ "$srcdir/tests/lib.sh" 2>/dev/null)
check "check fails on a missing command" grep -qx "FAIL: probe (command not found: no-such-command-e2l)" <<<"$out"
check "and counts it" grep -qx "fail=1" <<<"$out"
procs_in "$tmp/work" "sleep *" >/dev/null
check "nor a process that has ended" test $? -eq 1

# cli.sh: e2l killed by a signal inside a pipeline fails the transcript,
# though its output was complete; SIGPIPE does not.
mkdir -p "$tmp/src/tests/golden"
cat > "$tmp/fake-e2l" <<'EOF'
#!/bin/sh
echo "all of it"
case $1 in
    crash) kill -SEGV $$ ;;
    pipe) kill -PIPE $$ ;;
esac
EOF
chmod +x "$tmp/fake-e2l"
printf '$ e2l crash | grep all\nall of it\n' > "$tmp/src/tests/golden/crash.t"
printf '$ e2l pipe | grep all\nall of it\n' > "$tmp/src/tests/golden/pipe.t"
out=$(E2L=$tmp/fake-e2l srcdir=$tmp/src bash "$srcdir/tests/cli.sh" 2>&1)
rc=$?
check "cli.sh fails when e2l crashes inside a pipe" test $rc -ne 0
check "naming the transcript" grep -q 'FAIL: crash' <<<"$out"
check "and the signal" grep -q 'Segmentation fault' <<<"$out"
check "SIGPIPE in a pipe is no failure" grep -q 'ok: pipe' <<<"$out"

echo "harness.sh: $fail failed"
[ $fail -eq 0 ]
