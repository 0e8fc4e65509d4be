#!/usr/bin/env bash
# screen.sh - the full-screen workbench in a real terminal: tmux runs e2l
# in a 100x30 pane, send-keys types, capture-pane reads the screen.  Each
# check waits (up to a bound) for what it expects, so a slow machine is
# slower, not flakier.  Runs three times: UTF-8 with colour, LANG=C
# (ASCII plots), and NO_COLOR (no colour escapes).
#
# Needs tmux (./quickstart installs it) and nothing beyond a minimal
# Debian: processes are found through /proc (tests/lib.sh), not pgrep.
# A missing tool fails the test: a negated check (no colour, no process
# left) must not pass because its command could not run.
set -u
: "${E2L:?E2L must name the e2l binary}"
. "${srcdir:-.}/tests/lib.sh"
need tmux grep sed head md5sum mktemp readlink env sleep rm mkdir chmod locale
need_proc
e2l_real=$(readlink -f "$E2L")
tmp=$(mktemp -d)
sock=$tmp/tmux.sock
tm() { tmux -S "$sock" "$@"; }
cleanup() {
    for s in "$tmp"/*.sock; do tmux -S "$s" kill-server 2>/dev/null; done
    sleep 0.5
    rm -rf "$tmp"
}
trap cleanup EXIT
fail=0 checks=0

. "${srcdir:-.}/tests/screen_lib.sh"     # screen, wait_for, type_line
# wait_gone PATTERN [SECONDS]: until a screen that could be read no longer
# matches (a failed capture or grep is not "gone").
wait_gone() {
    local end=$((SECONDS + ${2:-10})) s rc
    while [ $SECONDS -lt $end ]; do
        if s=$(screen); then
            grep -qE -- "$1" <<<"$s"; rc=$?
            [ $rc -eq 1 ] && return 0
            [ $rc -ne 0 ] && return 2
        fi
        sleep 0.2
    done
    return 1
}
# has TEXT-TEST: 0 when the screen (with escapes) passes it, 1 when not,
# 2 when the screen could not be read; no_* turn only 1 into success.
# Byte patterns without grep -P, which some builds of grep lack.
braille_on() { LC_ALL=C grep -qaF -e $'\xe2\xa0' -e $'\xe2\xa1' -e $'\xe2\xa2' -e $'\xe2\xa3'; }
color_on() { LC_ALL=C grep -qaE $'\e''\[[0-9;]*3[1-6]m'; }
screen_has() {    # screen_has TEST [capture-pane options]
    local s rc
    s=$(screen "${@:2}") && [ -n "$s" ] || return 2
    "$1" <<<"$s"; rc=$?
    [ $rc -le 1 ] && return $rc
    return 2
}
has_braille() { screen_has braille_on; }
no_braille() { screen_has braille_on; [ $? -eq 1 ]; }
has_color() { screen_has color_on -e; }
no_color() { screen_has color_on -e; [ $? -eq 1 ]; }
# This session's e2l processes: the workbench ("$E2L", typed in the pane)
# and the evolutions it starts (argv[0] is the binary's real path), all
# working in the session's directory; other tests' e2l run elsewhere.
e2l_procs() {
    procs_in "$dir" "$E2L" "$e2l_real" "$E2L *" "$e2l_real *"
}
evolution_seen() { procs_in "$dir" "$e2l_real evolve *" "$E2L evolve *" >/dev/null; }
none_left() {      # allows a moment for exits to finish (sanitizers)
    local end=$((SECONDS + 10)) rc
    while [ $SECONDS -lt $end ]; do
        e2l_procs >/dev/null; rc=$?
        [ $rc -eq 1 ] && return 0
        [ $rc -ne 0 ] && return 1
        sleep 0.2
    done
    e2l_procs >&2
    return 1
}
check() {      # check NAME COMMAND...
    checks=$((checks + 1))
    if "${@:2}"; then return 0; fi
    fail=$((fail + 1))
    echo "FAIL [$mode]: $1"
    echo "--- screen:"; screen; echo "---"
}

session() {    # session MODE LANG NO_COLOR
    mode=$1
    local dir=$tmp/$mode
    mkdir -p "$dir/state"
    # An editor that halves the rule.
    printf '#!/bin/sh\nprintf "lr = (R - 1)*E/2\\n" > "$1"\n' > "$dir/editor"
    chmod +x "$dir/editor"
    tm kill-server 2>/dev/null
    sock=$tmp/$mode.sock    # a server per session: no race with the last
    # A shell in the pane, so that we see the terminal after e2l leaves.
    tm -f /dev/null new-session -d -s w -x 100 -y 30 \
        "cd '$dir' && env -i PATH='$PATH' HOME='$dir' TERM=xterm-256color LANG=$2 LC_ALL=$2 ${3:+NO_COLOR=1} XDG_STATE_HOME='$dir/state' EDITOR='$dir/editor' bash --norc --noprofile"
    tm set-option -g status off >/dev/null
    sleep 0.3
    type_line "PS1='sh\$ '; '$E2L'; echo \"exit status \$?\""
    check "the workbench starts" wait_for 'e2l>' 30

    type_line "lr = (R - 1)*E"
    check "a rule is defined and simplified" wait_for 'simplified:? +E\*\(R - 1\)'
    type_line "simplify (v - u)*s + s*(v - u)"
    check "simplify prints its result" wait_for '^2\*s\*\(v - u\)'

    # A run long enough to watch: the raster and the curve change.
    type_line "set trials 200000"
    type_line "run lr"
    check "the run starts" wait_for 'run lr: .* on reward-quick +[0-9 ]+%'
    check "the raster shows trials" wait_for '^(in|out) '
    check "the learning curve is drawn" wait_for 'cumulative reward'
    local a b
    a=$(screen | grep -E 'trials [0-9]+-[0-9]+' | head -1)
    sleep 1.5
    b=$(screen | grep -E 'trials [0-9]+-[0-9]+' | head -1)
    check "the raster moves on" test -n "$a" -a "$a" != "$b"
    a=$(screen | sed -n '/cumulative reward/,$p' | head -12 | md5sum)
    sleep 1
    b=$(screen | sed -n '/cumulative reward/,$p' | head -12 | md5sum)
    check "the learning curve changes" test "$a" != "$b"
    if [ "$mode" = ascii ]; then
        check "ASCII plots under LANG=C" no_braille
    else
        check "braille plots under UTF-8" has_braille
    fi
    if [ "$mode" = mono ]; then
        check "no colour under NO_COLOR" no_color
    else
        check "colour by default" has_color
    fi
    tm send-keys -t w C-c
    check "Ctrl-C stops the run, not the program" wait_for 'stopped after'
    check "the prompt is still there" wait_for 'e2l> *$'

    # An evolution in the background while typing goes on.
    type_line "evolve error-quick --generations 100000 --seed 3"
    check "the evolution starts" wait_for 'job 1: evolving error-quick'
    check "the dashboard shows generations" wait_for 'job 1 running .*generation [0-9]+/100000' 60
    type_line "factor x^2 - 1"
    check "typing works while it runs" wait_for '\(x - 1\)\*\(x \+ 1\)|\(x \+ 1\)\*\(x - 1\)'
    check "it is still running" wait_for 'job 1 running'
    check "its process is seen (so the check below can fail)" evolution_seen

    # Resize, and back.
    tm resize-window -t w -x 60 -y 20
    check "60x20 lays out" wait_for 'F1 help'
    tm resize-window -t w -x 40 -y 10
    check "too small says so" wait_for 'terminal too small'
    tm resize-window -t w -x 100 -y 30
    check "back to 100x30" wait_for 'F1 help .*F2'

    # Help.
    tm send-keys -t w '?'
    check "? opens the help" wait_for 'e2l help'
    tm send-keys -t w x
    check "a key closes it" wait_gone 'e2l help' 

    if [ "$mode" = utf8 ]; then
        # F1 is help too; edit suspends the screen for $EDITOR and
        # comes back; the tour goes one step per key.
        tm send-keys -t w F1
        check "F1 opens the help" wait_for 'e2l help'
        tm send-keys -t w Enter
        check "and a key closes it" wait_gone 'e2l help'
        # The help scrolls: its end (the keys) is below the fold at
        # 100x30 and PageDown reaches it; Up and PageUp go back.
        tm send-keys -t w F1
        check "the help opens at its top" wait_for 'NAME = FORMULA +define a rule'
        check "the last command is below the fold" wait_gone '\| *exit +the same as quit'
        tm send-keys -t w NPage; tm send-keys -t w NPage; tm send-keys -t w NPage
        check "PageDown reaches the end of the help" wait_for '\| *Delete +delete the character under the cursor'
        check "and the keys, from the key table" wait_for '\| *PgDn +scroll the help down'
        tm send-keys -t w PPage; tm send-keys -t w PPage; tm send-keys -t w PPage
        check "PageUp goes back to the top" wait_for 'NAME = FORMULA +define a rule'
        tm send-keys -t w q
        check "another key closes it" wait_gone 'e2l help'
        # Keys without a row in the key table type nothing (F9,
        # PageDown, Shift-PageUp and Shift-Left used to insert ~, 2~, D).
        tm send-keys -t w -l 'simplify 7*x'
        tm send-keys -t w F9; tm send-keys -t w NPage
        tm send-keys -t w S-PPage; tm send-keys -t w S-Left
        tm send-keys -t w F12; tm send-keys -t w Enter
        check "unbound keys insert nothing" wait_for 'e2l> simplify 7\*x *$'
        check "and the line runs as typed" wait_for '^7\*x *$'
        # Keys of the table edit: Home goes to the start of the line.
        tm send-keys -t w -l 'x*3'; tm send-keys -t w Home
        tm send-keys -t w -l 'simplify '; tm send-keys -t w Enter
        check "Home moves to the start of the line" wait_for 'e2l> simplify x\*3 *$'
        type_line "edit lr"
        check "edit takes the editor's rule" wait_for 'simplified:? +0\.5\*E\*\(R - 1\)'
        check "the screen is back after the editor" wait_for 'F1 help .*F2'
        tm send-keys -t w -l 'simpl'; tm send-keys -t w Tab
        tm send-keys -t w -l '(x + 1)^2 - 1'; tm send-keys -t w Enter
        check "Tab completes a command" wait_for 'e2l> simplify \(x \+ 1\)\^2 - 1'
        tm send-keys -t w -l 'set tri'; tm send-keys -t w Tab
        tm send-keys -t w -l '500'; tm send-keys -t w Enter
        check "Tab completes a task parameter" wait_for '^trials = 500'
        type_line "validate lr --vs none --experiments 2"
        check "validate reports while the screen stays live" wait_for "Welch's t-test, as if unpaired: t = " 60
        type_line "demo"
        check "the tour shows its first caption" wait_for '^ Reward-driven learning'
        tm send-keys -t w ' '
        check "a key goes to the next step" wait_for '^ A plasticity rule is a formula'
        tm send-keys -t w q
        check "q leaves the tour" wait_gone 'Space/Enter: next'
        check "the prompt is back" wait_for 'e2l> *$'
    fi

    type_line "quit"
    check "quit leaves and restores the terminal" wait_for '^exit status 0' 60
    check "the shell prompt is back" wait_for '^sh\$ *$'
    check "no process left behind" none_left
    check "the history was written" test -s "$dir/state/e2l/history"
    check "the evolution stays resumable" test -f "$dir/runs/error-quick-seed3/checkpoint"
    if [ "$mode" = utf8 ]; then
        tm send-keys -t w C-l
        type_line "'$E2L' watch runs/error-quick-seed3; echo \"watch status \$?\""
        check "e2l watch DIR shows the run's dashboard" wait_for 'job 1 stopped .*runs/error-quick-seed3'
        check "with its hall of fame" wait_for 'hall of fame'
        tm send-keys -t w C-d
        check "and leaves on Ctrl-D" wait_for '^watch status 0'
        # A dumb terminal gets the command line without the screen.
        tm send-keys -t w C-l
        type_line "TERM=dumb '$E2L'; echo \"line status \$?\""
        type_line "dd = (v - u) *"
        type_line "s"
        check "line mode continues a formula" wait_for '^\.\.\.> s'
        check "and simplifies it" wait_for 'simplified s\*\(v - u\)'
        tm send-keys -t w C-d
        check "Ctrl-D leaves line mode" wait_for '^line status 0'
    fi
}

locale=C.UTF-8
locale -a 2>/dev/null | grep -qi '^c\.utf-\?8$' || locale=en_US.UTF-8
for m in ${SCREEN_MODES:-utf8 ascii mono}; do
    case $m in
        utf8) session utf8 "$locale" "" ;;
        ascii) session ascii C "" ;;
        mono) session mono "$locale" 1 ;;
    esac
done
echo "screen.sh: $checks checks, $fail failed"
[ $fail -eq 0 ]
