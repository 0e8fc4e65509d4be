#!/usr/bin/env bash
# screen_runview.sh - which experiment the run view shows, on the full
# screen (tmux, a 120x40 pane):
#  - a run going shows experiment 0 and says so; `view experiment 2`
#    starts it over following experiment 2, and the header says so;
#  - done, the header gives experiment 2's own fitness, the value
#    `e2l run --json` reports for it;
#  - `view mean` on the finished run recomputes every experiment and says
#    "mean +- SD over 4 experiments", the band named in the legend;
#  - an experiment out of range is one line naming the argument.
# Waits on patterns with generous timeouts (ASan, a loaded machine),
# never on time alone.
set -u
: "${E2L:?E2L must name the e2l binary}"
. "${srcdir:-.}/tests/lib.sh"
need tmux grep sed mktemp env sleep rm mkdir cut tr
tmp=$(mktemp -d)
sock=$tmp/tmux.sock
tm() { tmux -S "$sock" "$@"; }
cleanup() {
    tm kill-server 2>/dev/null
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

home=$tmp/home
mkdir -p "$home"
# Experiment 2's value as `run --json` reports it (the same task, seed and
# experiments as the workbench's run below).
v=$(cd "$home" && XDG_STATE_HOME=$home XDG_CACHE_HOME=$home/.cache \
    "$E2L" run reward-quick lr0 --experiments 4 --json |
    sed 's/.*"values": \[\([^]]*\)\].*/\1/' | cut -d, -f3 | tr -d ' ')
v=$(printf %.6g "$v")
check "run --json gives experiment 2's value" test -n "$v"

tm -f /dev/null new-session -d -s w -x 120 -y 40 \
    "cd '$home' && env -i PATH='$PATH' HOME='$home' TERM=xterm-256color LANG=C LC_ALL=C XDG_STATE_HOME='$home' XDG_CACHE_HOME='$home/.cache' '$E2L'"
check "the workbench starts" wait_for 'e2l>' 60
# Real time: the run is still going when the view changes.
type_line "set speed 1"
type_line "run lr0 --experiments 4"
check "a run going says it shows experiment 0" \
    wait_for 'run lr0.*experiment 0 of 4' 120
type_line "view experiment 2"
check "view experiment 2 starts the run over" \
    wait_for 'view: experiment 2; the run starts over' 120
check "the header says experiment 2" \
    wait_for 'run lr0.*[0-9]+%.*experiment 2 of 4' 120
type_line "set speed full"
check "done, experiment 2's own fitness is run --json's" \
    wait_for "run lr0.*fitness .*experiment 2 of 4, fitness $v( |:|\$)" 300
type_line "view mean"
check "view mean, recomputed, says so" \
    wait_for 'fitness .* mean \+- SD over 4 experiments *$' 300
check "the band is in the legend" wait_for 'cumulative reward  -- mean  \.\. \+- SD'
type_line "view experiment 4"
check "out of range: one line naming it" \
    wait_for 'e2l: view experiment 4: the run has 4 experiments \(0 to 3\)' 60
check "the view stays the mean" wait_for 'mean \+- SD over 4 experiments *$'
type_line "quit"
echo "screen_runview.sh: $fail failed"
[ $fail -eq 0 ]
