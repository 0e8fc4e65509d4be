#!/usr/bin/env bash
# screen_jobs.sh - evolutions across workbenches (tmux, a 100x30 pane, as
# tests/screen_steer.sh):
#  - a job's champion changing prints one console line ("job 1: new
#    champion F at generation G: FORMULA"), not one per generation;
#  - a workbench killed with SIGKILL leaves its run directory (its
#    evolution checkpoints and stops with it: tests/robust.sh), and a run
#    an `e2l evolve` outside runs keeps going;
#  - a new workbench in the same folder lists the run still going,
#    watches it, stops it through its pid file and resumes it: one job,
#    the same id, running again, then finished (it used to be a second
#    job beside the first frozen as "stopped");
#  - the killed workbench's run resumed, stopped and resumed again is
#    one job too;
#  - `run champion JOB` and F9 (the watched job) draw the champion's run,
#    titled with its formula and the run directory's task.
# Waits on patterns with long timeouts (the ASan build, two tests at
# once), never on time alone; evolutions are tiny.
set -u
: "${E2L:?E2L must name the e2l binary}"
. "${srcdir:-.}/tests/lib.sh"
need tmux grep sed mktemp env sleep rm mkdir wc cat
need_proc
tmp=$(mktemp -d)
sock=$tmp/tmux.sock
tm() { tmux -S "$sock" "$@"; }
outside=
cleanup() {
    for s in "$tmp"/*.sock; do tmux -S "$s" kill-server 2>/dev/null; done
    [ -n "$outside" ] && kill "$outside" 2>/dev/null
    # An evolution a failed check left running must not outlive the test.
    for d in "$tmp"/home/runs/*/; do
        [ -f "$d/pid" ] && read -r p _ < "$d/pid" && kill "$p" 2>/dev/null
    done
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
# lines_at_least FILE N [SECONDS]: FILE has N lines (generations) or more.
lines_at_least() {
    local end=$((SECONDS + ${3:-60}))
    while [ $SECONDS -lt $end ]; do
        [ -f "$1" ] && [ "$(wc -l < "$1")" -ge "$2" ] && return 0
        sleep 0.2
    done
    return 1
}
# A workbench in the folder, in tmux session w (exec: the pane's process
# is the workbench itself), on a server of its own: a new session on the
# socket of a server still exiting fails ("server exited unexpectedly").
starts=0
workbench() {
    starts=$((starts + 1))
    sock=$tmp/tmux-$starts.sock
    tm -f /dev/null new-session -d -s w -x 100 -y 30 \
        "cd '$home' && exec env -i PATH='$PATH' HOME='$home' TERM=xterm-256color LANG=C LC_ALL=C XDG_STATE_HOME='$home' XDG_CACHE_HOME='$home/.cache' '$E2L'"
    tm set-option -g status off >/dev/null
}

home=$tmp/home
mkdir -p "$home/runs"
# A run no workbench started: an e2l evolve in the same folder.
(cd "$home" && XDG_STATE_HOME=$home XDG_CACHE_HOME=$home/.cache exec "$E2L" \
    evolve error-quick -s experiments=1 -s T=300 --generations 100000 \
    --no-cache --out runs/outside > /dev/null 2>&1) &
outside=$!
check "the outside run starts" lines_at_least "$home/runs/outside/log.jsonl" 2 60

# ---- Workbench A: an evolution, its champions, then SIGKILL ----
workbench
check "workbench A starts" wait_for 'e2l>' 30
type_line "task error-quick"
type_line "set experiments 1"
type_line "set T 300"
check "the task is set" wait_for 'T = 300 ms' 30
type_line "evolve --generations 100000 --no-cache --seed 3 --out runs/left"
check "an evolution starts" wait_for 'job 1: evolving' 60
# Seed 3's champion changes for the last time before generation 400 at
# generation 55 (s*u/v); the workbench may report earlier changes one by
# one or, between two looks, only the last.
check "a new champion is a console line" \
    wait_for 'job 1: new champion -26.9607 at generation 55: s\*u/v' 90
check "the run goes past generation 70" \
    lines_at_least "$home/runs/left/log.jsonl" 71 90
type_line "jobs"
check "jobs lists it" wait_for '^%1 +running +runs/left' 30
later=$(screen | grep -E 'new champion .* at generation (5[6-9]|[6-9][0-9]|[0-9]{3,}):')
check "one line per change, not per generation: none after 55 ($later)" \
    test -z "$later"
twice=$(screen | grep 'job 1: new champion' | sed 's/.*: //' | sort | uniq -d)
check "no champion twice ($twice)" test -z "$twice"
epid=
[ -f "$home/runs/left/pid" ] && read -r epid _ < "$home/runs/left/pid"
wbpid=$(tm display-message -p -t w '#{pane_pid}')
check "the evolution and the workbench have pids" test -n "$epid" -a -n "$wbpid"
kill -9 "$wbpid"
check "workbench A is gone" gone "$wbpid" 30
# Its evolution checkpoints and stops (PR_SET_PDEATHSIG, tests/robust.sh).
[ -n "$epid" ] && check "its evolution stops, checkpointed" gone "$epid" 90
tm kill-server 2>/dev/null

# ---- Workbench B in the same folder ----
workbench
check "workbench B starts" wait_for 'e2l>' 30
check "it lists the run still going" wait_for 'still running: runs/outside' 30
type_line "watch runs/outside"
type_line "jobs"
check "the watched run is job 1, running" \
    wait_for '^%1 +running +runs/outside' 30
type_line "stop 1"
check "stop JOB stops a watched run through its pid file" \
    wait_for 'runs/outside: stopping after the generation in flight' 30
check "and the outside e2l exits" gone "$outside" 90
outside=
check "job 1 stopped" wait_for 'job 1 stopped at generation' 30
n=$(wc -l < "$home/runs/outside/log.jsonl")
type_line "evolve --resume runs/outside --generations $((n + 3))"
check "resuming it is job 1 again" \
    wait_for 'job 1: resuming runs/outside \(the same job, running again\)' 30
check "which runs and finishes" wait_for 'job 1 finished at generation' 90

# Generations of its own before the stop: the killed run's log may
# already be long, and a stop at once is a different test.
left=$(wc -l < "$home/runs/left/log.jsonl")
type_line "evolve --resume runs/left"
check "the killed workbench's run resumes as job 2" \
    wait_for 'job 2: resuming runs/left$' 30
check "and runs" lines_at_least "$home/runs/left/log.jsonl" $((left + 3)) 90
type_line "stop"
check "stop stops it" wait_for 'job 2 stopped at generation' 90
n=$(wc -l < "$home/runs/left/log.jsonl")
type_line "evolve --resume runs/left --generations $((n + 3))"
check "resumed again, it is still job 2" \
    wait_for 'job 2: resuming runs/left \(the same job, running again\)' 30
check "and finishes" wait_for 'job 2 finished at generation' 90
type_line "jobs"
check "jobs lists job 1 finished" wait_for '^%1 +finished +runs/outside' 30
check "and job 2 finished" wait_for '^%2 +finished +runs/left' 30
check "and no third job" eval '! screen | grep -q "^%3 "'

# ---- The champion in the run view ----
type_line "run champion 2"
check "run champion JOB draws the champion's run on the run's task" \
    wait_for '^run champion of job 2: s[^ ]* on runs/left ' 60
check "to its end, with the fitness" \
    wait_for '^run champion of job 2: .* fitness -?[0-9]' 90
type_line "watch 1"
check "watch 1" wait_for '^e2l> watch 1' 30
tm send-keys -t w F9
check "F9 runs the watched job's champion" \
    wait_for '^run champion of job 1: .* on runs/outside ' 60
type_line "quit"
end=$((SECONDS + 30))
while tm has-session -t w 2>/dev/null && [ $SECONDS -lt $end ]; do sleep 0.2; done
echo "screen_jobs.sh: $fail failed"
[ $fail -eq 0 ]
