#!/usr/bin/env bash
# screen_steer.sh - evolutions you steer from the workbench (tmux, a
# 100x30 pane, as tests/screen.sh):
#  - at start it lists the runs still going under ./runs (here one an
#    `e2l evolve` outside it runs), and `stop DIR` stops that run through
#    its pid file;
#  - `stop` with exactly one evolution of the session running stops it
#    (it used to say "nothing is running here");
#  - with several, `stop` and Ctrl-C ask which, and `stop JOB` stops one;
#  - Ctrl-D with rules of the session (or evolutions) asks first.
# Waits on patterns, never on time alone.
set -u
: "${E2L:?E2L must name the e2l binary}"
. "${srcdir:-.}/tests/lib.sh"
need tmux grep sed mktemp env sleep rm mkdir readlink
need_proc
e2l_real=$(readlink -f "$E2L")
tmp=$(mktemp -d)
sock=$tmp/tmux.sock
tm() { tmux -S "$sock" "$@"; }
outside=
cleanup() {
    tm kill-server 2>/dev/null
    [ -n "$outside" ] && kill "$outside" 2>/dev/null
    sleep 0.5
    rm -rf "$tmp"
}
trap cleanup EXIT

. "${srcdir:-.}/tests/screen_lib.sh"     # screen, wait_for, type_line
fail=0
check() {      # check NAME COMMAND...
    if "${@:2}"; then return 0; fi
    fail=$((fail + 1))
    echo "FAIL: $1"
    echo "--- screen:"; screen; echo "---"
}
# gone PID [SECONDS]: the process has exited.
gone() {
    local end=$((SECONDS + ${2:-60}))
    while [ $SECONDS -lt $end ]; do
        kill -0 "$1" 2>/dev/null || return 0
        sleep 0.2
    done
    return 1
}

home=$tmp/home
mkdir -p "$home/runs"
# A run the workbench did not start: an e2l evolve in the same folder.
(cd "$home" && XDG_STATE_HOME=$home XDG_CACHE_HOME=$home/.cache exec "$E2L" \
    evolve error-quick -s experiments=1 -s T=300 --generations 100000 \
    --no-cache --out runs/outside > /dev/null 2>&1) &
outside=$!
end=$((SECONDS + 30))
until [ -f "$home/runs/outside/pid" ] || [ $SECONDS -ge $end ]; do sleep 0.2; done
check "the outside run writes its pid file" test -f "$home/runs/outside/pid"

tm -f /dev/null new-session -d -s w -x 100 -y 30 \
    "cd '$home' && env -i PATH='$PATH' HOME='$home' TERM=xterm-256color LANG=C LC_ALL=C XDG_STATE_HOME='$home' XDG_CACHE_HOME='$home/.cache' '$E2L'"
tm set-option -g status off >/dev/null
check "the workbench starts" wait_for 'e2l>' 30
check "it lists the run still going under ./runs" \
    wait_for 'still running: runs/outside'
type_line "stop runs/outside"
check "stop DIR stops it through its pid file" \
    wait_for 'runs/outside: stopping after the generation in flight'
check "and the outside e2l exits" gone "$outside"
outside=

evolve="evolve error-quick -s experiments=1 -s T=300 --generations 100000 --no-cache"
type_line "$evolve --seed 3"
check "an evolution starts" wait_for 'job 1 running' 60
type_line "stop"
check "stop with one evolution running stops it" \
    wait_for 'stopping the evolution of job 1'
check "which then stops" wait_for 'job 1 stopped' 60

type_line "$evolve --seed 4"
type_line "$evolve --seed 5"
check "two evolutions run" wait_for 'job 3: evolving' 60
sleep 1
type_line "stop"
check "stop with two asks which" \
    wait_for 'e2l: which one\? \(.stop JOB.\) several evolutions are running: job 2 '
tm send-keys -t w C-c
check "Ctrl-C with two asks which too" \
    wait_for '^which one\? \(.stop JOB.\) job 2 \(runs'
type_line "stop 2"
type_line "stop 3"
check "stop JOB stops each" wait_for 'job 3: stopping after'
# A job killed from outside says how it ended, not "no log".
type_line "$evolve --seed 6"
check "a fourth evolution runs" wait_for 'job 4 running' 60
kpid=
end=$((SECONDS + 30))
until [ -n "$kpid" ] || [ $SECONDS -ge $end ]; do
    [ -f "$home/runs/error-quick-seed6/pid" ] &&
        read -r kpid _ < "$home/runs/error-quick-seed6/pid"
    sleep 0.2
done
check "its pid file names it" test -n "$kpid"
[ -n "$kpid" ] && kill -9 "$kpid"
check "killed, it is reported with the signal" \
    wait_for 'job 4 \(runs/error-quick-seed6\) failed: killed by signal 9 \(Killed\), nothing on its stderr' 60
# A stop typed at once, before the evolution has its handlers, waits
# for them: the job stops, it is not killed.
tm send-keys -t w -l -- "$evolve --seed 7"
tm send-keys -t w Enter
tm send-keys -t w -l -- "stop 5"
tm send-keys -t w Enter
check "a stop at once stops the job" wait_for 'job 5 stopped' 60
check "and nothing was killed" eval "! screen | grep -q 'job 5 .*failed'"
# Ctrl-D with rules of the session asks first; again, it quits.
type_line "lr = (R - 1)*E"
check "a rule is defined" wait_for 'simplified:? +E\*\(R - 1\)'
tm send-keys -t w C-d
check "Ctrl-D asks first" wait_for '1 rule of this session .*Ctrl-D again to quit'
tm send-keys -t w C-d
end=$((SECONDS + 30))
while tm has-session -t w 2>/dev/null && [ $SECONDS -lt $end ]; do sleep 0.2; done
check "Ctrl-D again quits" eval '! tm has-session -t w 2>/dev/null'
echo "screen_steer.sh: $fail failed"
[ $fail -eq 0 ]
