#!/usr/bin/env bash
# screen_family.sh - the run view in a real terminal reads the family's
# record (tmux, a 100x30 pane, as tests/screen.sh):
#  - the trial raster spans the trials at the family's trial length: with
#    `set T 1000` six trials of the reward task end at 6000 ms (the view
#    once looked up a parameter no family has and drew 500 ms trials,
#    six of them on a 0-3000 ms axis);
#  - a family added in the tests only (tests/e2l-toy, tests/toy_family.c)
#    gets its own raster, trial length and curves in the full screen.
# Waits on patterns, never on time alone.
set -u
: "${E2L:?E2L must name the e2l binary}"
. "${srcdir:-.}/tests/lib.sh"
need tmux grep sed mktemp env sleep rm mkdir dirname
toy=$(dirname "$E2L")/tests/e2l-toy
[ -x "$toy" ] || { echo "screen_family.sh: $toy is not built (make check builds it)" >&2; exit 1; }
tmp=$(mktemp -d)
sock=$tmp/tmux.sock
tm() { tmux -S "$sock" "$@"; }
trap 'for s in "$tmp"/*.sock; do tmux -S "$s" kill-server 2>/dev/null; done; rm -rf "$tmp"' EXIT

. "${srcdir:-.}/tests/screen_lib.sh"     # screen, wait_for, type_line
# seen COMMAND...: the command (wait_for), and the screen when it fails.
seen() { "$@" && return 0; echo "--- screen:"; screen; echo "---"; return 1; }
# no_match PATTERN: the screen, read, does not match.
no_match() {
    local s
    s=$(screen) || return 1
    ! grep -qE -- "$1" <<<"$s"
}

# start BINARY: the workbench in a fresh 100x30 pane, ASCII plots, on a
# server of its own: a new session on the socket of a server still
# exiting fails ("server exited unexpectedly").
starts=0
start() {
    tm kill-server 2>/dev/null
    starts=$((starts + 1))
    sock=$tmp/tmux-$starts.sock
    mkdir -p "$tmp/home"
    tm -f /dev/null new-session -d -s w -x 100 -y 30 \
        "cd '$tmp/home' && env -i PATH='$PATH' HOME='$tmp/home' TERM=xterm-256color LANG=C LC_ALL=C XDG_STATE_HOME='$tmp/home' '$1'"
    tm set-option -g status off >/dev/null
    seen wait_for 'e2l>' 30
}

check "the workbench starts" start "$E2L"
type_line "set trials 20"
type_line "set T 1000"
type_line "run lr0 --experiments 1"
check "the run ends" seen wait_for 'run lr0: .* fitness'
check "six trials of 1000 ms: the raster's axis ends at 6000 ms" \
    seen wait_for '^ +0 +6000 ms *$'
check "and not at 3000 ms" no_match '^ +0 +3000 ms *$'
check "the trial marks" seen wait_for 'trials 15-20 \(label, answer\)'
type_line "quit"

check "the toy front end starts" start "$toy"
type_line "task toy"
type_line 'run "a*(1 - b)"'
check "the toy's run ends" seen wait_for 'run a\*\(1 - b\): .* on toy +fitness 0\.30625'
check "its trials are its parameter duration, 250 ms: six end at 1500 ms" \
    seen wait_for '^ +0 +1500 ms *$'
check "its curves, by its titles" seen wait_for 'toy level +sum of w +toy points'
type_line 'export "a*b" toy-sim'
check "its exporter" seen wait_for 'toy\.update\(lambda a, b: a\*b\)'
type_line "quit"

echo "screen_family.sh: $fail failed"
[ $fail -eq 0 ]
