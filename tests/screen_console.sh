#!/usr/bin/env bash
# screen_console.sh - the console you can read back (tmux, a 100x30 pane,
# as tests/screen.sh):
#  - `help` scrolls its top away; PageUp scrolls the console back over it
#    (the console then takes the screen, with a marker of what is below),
#    Up and Down move it by a line, PageDown returns to the prompt under
#    the view; Shift-PageUp and Shift-PageDown do the same, and typing
#    returns at once; what arrives while scrolled back (a run's report)
#    leaves the lines read in place;
#  - a line longer than the screen is wrapped between words with its end
#    in view (a result and an error message), and wrapped anew after a
#    resize;
#  - keys without a row in the key table insert nothing;
#  - F4 says what the variable at the cursor means in the current task.
# Waits on patterns, never on time alone, with bounds generous enough for
# the sanitizer build with other tests beside it.
set -u
: "${E2L:?E2L must name the e2l binary}"
. "${srcdir:-.}/tests/lib.sh"
need tmux grep sed mktemp env sleep rm mkdir
tmp=$(mktemp -d)
sock=$tmp/tmux.sock
tm() { tmux -S "$sock" "$@"; }
cleanup() {
    tm kill-server 2>/dev/null
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
# absent PATTERN: a screen that could be read does not match it.
absent() {
    local s
    s=$(screen) || return 1
    ! grep -qE -- "$1" <<<"$s"
}
# wait_gone PATTERN [SECONDS]: until the screen no longer matches.
wait_gone() {
    local end=$((SECONDS + ${2:-30}))
    while [ $SECONDS -lt $end ]; do
        absent "$1" && return 0
        sleep 0.2
    done
    return 1
}
# ere TEXT: TEXT as a literal extended regular expression.
ere() { sed 's/[][\.*^$+?(){}|/]/\\&/g' <<<"$1"; }
# below: the count the scrolled-back console's marker gives, or nothing.
below() { screen | sed -n 's/^-- \([0-9]*\) more lines\{0,1\} below.*/\1/p'; }

home=$tmp/home
mkdir -p "$home"
# A shell in the pane, so that e2l's exit status (LeakSanitizer's in the
# sanitizer build) can be read after it leaves.
tm -f /dev/null new-session -d -s w -x 100 -y 30 \
    "cd '$home' && env -i PATH='$PATH' HOME='$home' TERM=xterm-256color LANG=C LC_ALL=C XDG_STATE_HOME='$home' XDG_CACHE_HOME='$home/.cache' bash --norc --noprofile"
tm set-option -g status off >/dev/null
type_line "PS1='sh\$ '; '$E2L'; echo \"exit status \$?\""
check "the workbench starts" wait_for 'e2l>' 60
check "under the view" wait_for 'Nothing running\.' 30

top='NAME = FORMULA +define a rule'
last='A line that is not a command is simplified as a formula'
view='Nothing running\.'
marker='^-- [0-9]+ more lines? below: PageDown, or type to return --'

# PageUp and PageDown over `help`.
type_line "help"
check "help ends in the console" wait_for "^$last" 30
check "its top has scrolled away" absent "$top"
# A page at a time: pressed again at the oldest line it stays there.
for i in 1 2 3 4 5; do
    tm send-keys -t w PPage
    wait_for "$top" 5 && break
done
check "PageUp scrolls back to the top of the help" wait_for "$top" 30
check "and the command above it" wait_for '^e2l> help *$'
check "the console takes the screen" wait_gone "$view" 30
check "it says it is scrolled back" wait_for '^-+ console, scrolled back'
check "and what is below" wait_for "$marker" 30
n=$(below)
tm send-keys -t w Down
check "Down moves it a line" wait_for "^-- $((${n:-0} - 1)) more lines? below" 30
tm send-keys -t w Up
check "Up a line back" wait_for "^-- ${n:-x} more lines? below" 30
for i in 1 2 3 4 5; do tm send-keys -t w NPage; done
check "PageDown returns under the view" wait_for "$view" 30
check "with the help's end in the console" wait_for "^$last" 30
check "no longer scrolled back" wait_gone 'console, scrolled back' 30

# Shift-PageUp and Shift-PageDown, as terminals scroll.
for i in 1 2 3 4 5; do
    tm send-keys -t w S-PPage
    wait_for "$top" 5 && break
done
check "Shift-PageUp scrolls back to the top of the help" wait_for "$top" 30
check "with the marker" wait_for "$marker" 30
for i in 1 2 3 4 5; do tm send-keys -t w S-NPage; done
check "Shift-PageDown returns under the view" wait_for "$view" 30
check "no longer scrolled back (Shift)" wait_gone 'console, scrolled back' 30

# Scrolled back, what arrives below leaves the lines read in place: a
# paced run (20 trials of 500 ms at speed 2: some 5 s) reports while the
# console is at its end, and the marker counts the report's line.
type_line "set trials 20"
type_line "set speed 2"
check "the run is paced" wait_for '^speed = 2' 30
type_line "run lr0"
check "the run starts" wait_for 'run lr0: .* on reward-quick' 60
tm send-keys -t w PPage
check "scrolled back at the end" wait_for '^-- the end: PageDown' 30
check "the report arrives below, the view holds" \
    wait_for '^-- [1-9][0-9]* more lines? below' 120
tm send-keys -t w NPage
check "PageDown shows the report" wait_for '^lr0: .* fitness' 30
type_line "set speed full"

# Typing returns at once, and types.
tm send-keys -t w PPage
check "scrolled back again" wait_for 'console, scrolled back' 30
tm send-keys -t w -l 'simplify 7*x'
check "typing returns under the view" wait_gone 'console, scrolled back' 30
check "and what was typed is on the line" wait_for '^e2l> simplify 7\*x *$' 30

# Keys with no row in the key table insert nothing (F11, F12, Insert,
# Shift-Left, Ctrl-Left, Alt-F5 used to insert ~, 2~, D, ...).
tm send-keys -t w F11; tm send-keys -t w F12; tm send-keys -t w IC
tm send-keys -t w S-Left; tm send-keys -t w C-Left; tm send-keys -t w M-F5
tm send-keys -t w Enter
check "unbound keys insert nothing" wait_for '^e2l> simplify 7\*x *$' 30
check "and the line runs as typed" wait_for '^7\*x *$' 30

# A long result: wrapped between words, its end in view.  first W,
# rest W: the patterns of its first row and of the rest (one row at 100
# and at 76).  A row ends at the last blank that lets it fit in W
# columns; the blanks at the break are drawn on neither row.
long="a1*b1 + a2*b2 + a3*b3 + a4*b4 + a5*b5 + a6*b6 + a7*b7 + a8*b8 + a9*b9 + a10*b10 + a11*b11 + a12*b12 + a13*b13 + zz_end"
brk() {   # the first row's length at W columns
    local i=$1
    while [ "$i" -gt 0 ] && [ "${long:$i:1}" != " " ]; do i=$((i - 1)); done
    echo "$i"
}
first() { echo "^$(ere "${long:0:$(brk "$1")}") *\$"; }
rest() { local b; b=$(brk "$1"); echo "^$(ere "${long:$((b + 1))}") *\$"; }
type_line "simplify $long"
check "a long result's first row, cut between words" wait_for "$(first 100)" 30
check "and its end on the next row" wait_for "$(rest 100)" 30
# Wrapped as drawn: at 76 columns the result wraps anew, and the word
# at the edge (a10*b10, columns 73-79) goes whole to the next row.
tm resize-window -t w -x 76 -y 30
check "a resize wraps anew" wait_for "$(first 76)" 30
check "its end on the next row, the word at the edge whole" \
    wait_for "^a10\\*b10 $(ere "${long:80}") *\$" 30
tm resize-window -t w -x 100 -y 30
check "and back at 100" wait_for "$(rest 100)" 30

# And a long error message: its end is not cut.
type_line "run lr0 --no-such-option-that-is-long-enough-to-wrap-the-line-at-one-hundred"
check "a long error's start" wait_for "^e2l: run: unknown option '--no-such-option" 30
check "and its end, not cut at the screen's edge" \
    wait_for "a formula that starts with '-' goes after '--'\\) *\$" 30

# F4: what the variable at the cursor means, from the task's record.
tm send-keys -t w -l 'lr = (R - 1)*E'
check "a formula on the line" wait_for '^e2l> lr = \(R - 1\)\*E *$' 30
tm send-keys -t w F4
check "F4 says what E means in the reward task" \
    wait_for "E in the reward task \(x_1\): the synapse's eligibility trace" 30
tm send-keys -t w Home
for i in 1 2 3 4 5 6; do tm send-keys -t w Right; done
tm send-keys -t w F4
check "and R, under the cursor" \
    wait_for "R in the reward task \(x_0\): the trial's reward" 30
tm send-keys -t w End
check "the next key takes it away" wait_gone 'in the reward task \(x_' 30
tm send-keys -t w Enter
check "the rule is defined" wait_for 'simplified:? +E\*\(R - 1\)' 30
type_line "task error-quick"
check "the error task" wait_for 'task error-quick' 30
tm send-keys -t w -l 's*(v - u'
tm send-keys -t w F4
check "F4 gives the unit too" wait_for 'u in the error task \(x_1, mV\): the student' 30
tm send-keys -t w C-u

type_line "quit"
check "quit leaves cleanly" wait_for '^exit status 0' 60
echo "screen_console.sh: $fail failed"
[ $fail -eq 0 ]
