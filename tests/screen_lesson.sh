#!/usr/bin/env bash
# screen_lesson.sh - lessons and playback in a real terminal (tmux, a
# 100x30 pane, as tests/screen.sh), and the same scripts in batch mode:
#  - the tour (lessons/tour.e2l): after the key that enters each step, the
#    screen shows that step's caption together with the run the step
#    describes, and the caption's rows hold its words and nothing else
#    (the old box left "jo", "ch", "fi" of the screen at its edges);
#    the finale's evolution writes under $XDG_CACHE_HOME, not ./runs;
#  - `set speed` and the keys F5-F8 pace a live run (still going when a
#    full-speed run has long ended), pause and step it, and its report is
#    the full-speed run's;
#  - a script with two runs plays the same under `load` as in batch mode.
# Waits on patterns; the one wall-clock bound is playback's own (a run of
# 250 s simulated at speed 100 takes at least 2.5 s).
set -u
: "${E2L:?E2L must name the e2l binary}"
. "${srcdir:-.}/tests/lib.sh"
need tmux grep sed awk tr mktemp env sleep rm mkdir date diff head
srcdir=$(cd "${srcdir:-.}" && pwd)
tmp=$(mktemp -d)
sock=$tmp/tmux.sock
tm() { tmux -S "$sock" "$@"; }
trap 'tm kill-server 2>/dev/null; rm -rf "$tmp"' EXIT
fail=0 checks=0 mode=lesson

. "$srcdir/tests/screen_lib.sh"     # screen, wait_for, type_line
check() {      # check NAME COMMAND...
    checks=$((checks + 1))
    if "${@:2}"; then return 0; fi
    fail=$((fail + 1))
    echo "FAIL: $1"
    echo "--- screen:"; screen; echo "---"
}
# no_match PATTERN: the screen, read, does not match.
no_match() {
    local s
    s=$(screen) || return 1
    ! grep -qE -- "$1" <<<"$s"
}
# same A B: equal and not empty; else the difference, to read in the log.
same() {
    [ -n "$2" ] && [ "$1" = "$2" ] && return 0
    diff <(echo "$1") <(echo "$2") | head -20
    return 1
}
home=$tmp/home
mkdir -p "$home"
wait_for_file() {
    local end=$((SECONDS + 60))
    while [ $SECONDS -lt $end ]; do [ -e "$1" ] && return 0; sleep 0.2; done
    return 1
}
# wait_until COMMAND [SECONDS]: until COMMAND succeeds.
wait_until() {
    local end=$((SECONDS + ${2:-20}))
    while [ $SECONDS -lt $end ]; do "$1" && return 0; sleep 0.2; done
    return 1
}
wait_gone_caption() {
    local end=$((SECONDS + 30)) s
    while [ $SECONDS -lt $end ]; do
        s=$(screen) && ! grep -q 'Space/Enter: next' <<<"$s" && return 0
        sleep 0.2
    done
    return 1
}
export XDG_CACHE_HOME=$tmp/cache XDG_STATE_HOME=$tmp/state

# The tour's captions, one line each (consecutive `caption` lines joined).
awk '/^caption /{ sub(/^caption /, ""); c = c (c ? " " : "") $0; next }
     c { print c; c = "" } END { if (c) print c }' \
    "$srcdir/lessons/tour.e2l" > "$tmp/captions"

# caption_is N: the rows under the caption's rule, down to the key bar,
# are step N's caption, word for word, and nothing else; the rule is the
# rule and the hint alone.
caption_is() {
    local s want got end=$((SECONDS + 30))
    want=$(sed -n "${1}p" "$tmp/captions" | tr -s ' ')
    while [ $SECONDS -lt $end ]; do
        s=$(screen) || return 1
        got=$(awk '/Space\/Enter: next/ { on = 1; next } /^F1 help/ { on = 0 }
                   on' <<<"$s" | tr '\n' ' ' | tr -s ' ' | sed 's/^ //; s/ $//')
        [ "$got" = "$want" ] &&
            grep -qE '^─+ Space/Enter: next   q: leave the lesson ─+$' <<<"$s" &&
            return 0
        sleep 0.2
    done
    echo "caption: want [$want]"; echo "got  [$got]"
    return 1
}

tm -f /dev/null new-session -d -s w -x 100 -y 30 \
    "cd '$home' && env -i PATH='$PATH' HOME='$home' TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 XDG_STATE_HOME='$tmp/state' XDG_CACHE_HOME='$tmp/cache' '$E2L'"
tm set-option -g status off >/dev/null
check "the workbench starts" wait_for 'e2l>' 30

# The tour, step by step: each key enters a step, its caption and its run
# on the screen together.
type_line "demo"
check "step 1: its caption at once" wait_for '^ Reward-driven learning'
check "step 1: the caption's rows hold its words alone" caption_is 1
tm send-keys -t w ' '
check "step 2: the rule's caption" wait_for '^ A plasticity rule is a formula'
check "step 2: its words alone" caption_is 2
tm send-keys -t w ' '
check "step 3: 'Run it' with the reward run under it" wait_for '^ Run it\.'
check "step 3: the reward run's title and score" wait_for '^run lr0: \(R - 1\)\*E on reward-quick +fitness'
check "step 3: its raster and cumulative reward" wait_for 'cumulative reward'
check "step 3: its words alone" caption_is 3
tm send-keys -t w ' '
check "step 4: error-driven learning" wait_for '^ Error-driven learning'
check "step 4: its words alone" caption_is 4
tm send-keys -t w ' '
check "step 5: the delta rule" wait_for '^ The classic delta rule'
tm send-keys -t w ' '
check "step 6: 'Watch u follow v' with the error run under it" wait_for '^ Watch u follow v'
check "step 6: the error run's title" wait_for '^run delta: \(v - u\)\*s on error-quick +fitness'
check "step 6: its words alone" caption_is 6
tm send-keys -t w ' '
check "step 7: correlation" wait_for '^ Correlation-driven learning'
check "step 7: its words alone" caption_is 7
tm send-keys -t w ' '
check "step 8: LR1's caption" wait_for "^ One of the paper's evolved STDP rules"
check "step 8: the correlation run under it" wait_for '^run correlation-lr1: .* on correlation-quick' 60
check "step 8: its words alone" caption_is 8
tm send-keys -t w ' '
check "step 9: the evolution's caption" wait_for '^ Now let evolution search'
check "step 9: its dashboard under it" wait_for 'job 1 (running|finished)' 60
check "step 9: its words alone" caption_is 9
check "the evolution writes under the cache" wait_for_file "$tmp/cache/e2l/lessons/error-quick-seed1"
check "and not into the working directory" test ! -e "$home/runs"
tm send-keys -t w ' '
check "the last key ends the tour" wait_gone_caption
check "the prompt is back" wait_for 'e2l> *$'
type_line "stop 1"

# Playback: paced, paused, stepped, faster, full; the result unchanged.
type_line "task reward-quick"
type_line "set speed 20"
check "set speed says the speed" wait_for '^speed = 20 '
type_line "run lr0 --experiments 1"
check "the paced run shows its speed" wait_for ' speed 20 *$'
sleep 2
check "still going after 2 s (a full-speed run ends in well under 1 s)" \
    wait_for '^run lr0: .* on reward-quick +[0-9]+%' 1
tm send-keys -t w F7
check "F7 pauses it" wait_for 'paused \(F7 resumes\)'
# The raster's trial range, once it has settled: the trial under way when
# the key came may still be drawn (a loaded machine draws late).
trials() { screen | grep -E 'trials [0-9]+-[0-9]+'; }
settled() {
    local end=$((SECONDS + 20)) x y
    x=$(trials)
    while [ $SECONDS -lt $end ]; do
        sleep 1; y=$(trials)
        [ -n "$y" ] && [ "$x" = "$y" ] && { echo "$y"; return 0; }
        x=$y
    done
    return 1
}
a=$(settled)
sleep 2
b=$(trials)
check "paused, it stays where it is ($a, then $b)" test -n "$a" -a "$a" = "$b"
tm send-keys -t w F8
check "F8 steps it by a trial and keeps it paused" wait_for 'paused \(F7 resumes\)'
moved() { local c; c=$(trials); [ -n "$c" ] && [ "$c" != "$b" ]; }
check "the raster moves on after F8" wait_until moved 20
c=$(settled)
last_trial() { sed -E 's/.*trials [0-9]+-([0-9]+).*/\1/' <<<"$1"; }
check "by one trial, and stays ($b, then $c)" \
    test -n "$c" -a "$(last_trial "$c")" = "$(( $(last_trial "$b") + 1 ))"
tm send-keys -t w F7
check "F7 resumes at the session's speed" wait_for ' speed 20 *$'
tm send-keys -t w F6
check "F6 plays faster, up the ladder" wait_for ' speed 100 *$'
tm send-keys -t w F5
check "F5 slower, down the ladder" wait_for ' speed 10 *$'
type_line "set speed full"
check "at full speed it ends" wait_for '^lr0: \(R - 1\)\*E on reward-quick: fitness' 60
tui_report=$(screen | grep -E '^lr0: \(R - 1\)\*E on reward-quick: fitness' | sed 's/ in [0-9.]* s *$//')
full_report=$(cd "$home" && "$E2L" -c 'task reward-quick' -c 'lr0 = (R - 1)*E' \
    -c 'run lr0 --experiments 1' | grep -E '^lr0: .*: fitness' | sed 's/ in [0-9.]* s *$//')
check "its report is the full-speed run's ($full_report)" \
    same "$tui_report" "$full_report"

# Two runs in a script: under `load` the second waits for the first.
printf 'task error-quick\nrun eq7 --experiments 1 --seed 3\nrun none --experiments 1 --seed 3\n' > "$home/two.e2l"
type_line "load two.e2l"
check "load plays the second run" wait_for '^none: 0 on error-quick: fitness' 60
check "no 'a run is going'" no_match 'a run is going'
wb=$(screen | grep -E '^(eq7|none): .*: fitness' | sed 's/ in [0-9.]* s *$//')
batch=$(cd "$home" && "$E2L" two.e2l | grep -E '^(eq7|none): .*: fitness' | sed 's/ in [0-9.]* s *$//')
check "the workbench's reports are batch mode's" same "$wb" "$batch"
type_line "quit"

# Batch mode: a paced run takes its simulated time over the speed, and
# prints what a full-speed run prints.
t0=$(date +%s%N)
slow=$(cd "$home" && "$E2L" -c 'set speed 100' -c 'run lr0 --experiments 1' | sed '/^speed = /d; s/[0-9.]* s)/S s)/; s/ in [0-9.]* s$//')
t1=$(date +%s%N)
fast=$(cd "$home" && "$E2L" -c 'run lr0 --experiments 1' | sed 's/[0-9.]* s)/S s)/; s/ in [0-9.]* s$//')
check "batch: speed 100 takes at least 250 s / 100 ($(( (t1 - t0) / 1000000 )) ms)" \
    test $(( (t1 - t0) / 1000000 )) -ge 2500
check "batch: the paced run prints what the full-speed one prints" \
    same "$slow" "$fast"

echo "screen_lesson.sh: $checks checks, $fail failed"
[ $fail -eq 0 ]
