# screen_lib.sh - driving a program in tmux, for the screen tests
# (sourced after they define tm, their tmux with its socket; the pane is
# the session's window w).

screen() { tm capture-pane -p -t w "$@"; }
# wait_for PATTERN [SECONDS]: until the screen matches (grep -E).  The
# screen is captured first: grep -q leaving early must not fail a pipe.
wait_for() {
    local end=$((SECONDS + ${2:-20})) s
    while [ $SECONDS -lt $end ]; do
        s=$(screen) && grep -qE -- "$1" <<<"$s" && return 0
        sleep 0.2
    done
    return 1
}
type_line() { tm send-keys -t w -l -- "$1"; tm send-keys -t w Enter; }
