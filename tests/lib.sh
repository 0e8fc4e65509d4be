# lib.sh - what the shell tests share (sourced, not run): the tools a
# test needs, checked before it starts, a check that counts failures, and
# processes found through /proc.
#
# A check whose tool is missing must fail, never pass: `! pgrep ...` on a
# machine without procps printed "command not found" and passed.  So a test
# names every tool it runs up front with `need`, and looks for processes
# by reading /proc itself (a bare Debian has no pgrep or ps).

# The Debian package a tool comes from, for the message.
tool_package() {
    case $1 in
        tmux) echo tmux ;;
        cmp|diff) echo diffutils ;;
        grep) echo grep ;;
        sed) echo sed ;;
        awk) echo mawk ;;
        find|xargs) echo findutils ;;
        locale) echo libc-bin ;;
        script|flock|setsid|setpriv) echo util-linux ;;
        xmllint) echo libxml2-utils ;;
        pdfinfo|pdftotext) echo poppler-utils ;;
        pngcheck) echo pngcheck ;;
        *) echo coreutils ;;
    esac
}

# need TOOL...: exits 1 (a failure, not a skip) naming each missing tool.
need() {
    local t missing=0
    for t in "$@"; do
        command -v "$t" >/dev/null 2>&1 && continue
        echo "${0##*/}: needs '$t' (Debian package $(tool_package "$t")), which is not installed; ./quickstart installs what the tests use" >&2
        missing=1
    done
    [ $missing -eq 0 ] || exit 1
}

# need_proc: /proc must be mounted, or no process check can see anything.
need_proc() {
    [ -r /proc/self/cmdline ] && [ -e /proc/$$/cwd ] && return 0
    echo "${0##*/}: /proc is not mounted; the process checks need it" >&2
    exit 1
}

# procs_in DIR PATTERN...: prints "PID ARGS" for each process working in
# DIR whose command line (arguments joined by spaces) matches one of the
# bash patterns.  Status 0 when it found one, 1 when none, 2 when /proc
# cannot be read at all (so that `! procs_in ...` cannot pass by error).
procs_in() {
    local dir=$1 d line found=1 pat
    local -a args
    shift
    [ -r /proc/self/cmdline ] || { echo "procs_in: no /proc" >&2; return 2; }
    for d in /proc/[0-9]*; do
        # stat follows the cwd link: the same directory, however spelt.
        [ "$d/cwd" -ef "$dir" ] 2>/dev/null || continue
        mapfile -d '' args 2>/dev/null < "$d/cmdline" || continue
        [ ${#args[@]} -gt 0 ] || continue      # a zombie, or gone
        line="${args[*]}"
        for pat in "$@"; do
            # shellcheck disable=SC2053  # pat is a pattern on purpose
            if [[ $line == $pat ]]; then
                echo "${d#/proc/} $line"
                found=0
                break
            fi
        done
    done
    return $found
}

# check DESCRIPTION COMMAND...: runs the command, prints ok or FAIL and
# counts failures in $fail.  A command that is not found (127) fails,
# named as such.
fail=0
check() {
    local what=$1 code
    shift
    "$@"; code=$?
    if [ $code -eq 0 ]; then echo "ok: $what"
    elif [ $code -eq 127 ]; then echo "FAIL: $what (command not found: $1)"; fail=$((fail + 1))
    else echo "FAIL: $what"; fail=$((fail + 1)); fi
}

# running PID: the process exists and is not a zombie (one that has
# exited and waits to be collected).  The state follows the last ')' of
# /proc/PID/stat, since the command name may hold spaces.
running() {
    local stat
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    stat=${stat##*) }
    [ "${stat%% *}" != Z ]
}

# wait_gone PID [TENTHS]: waits until the process has ended, at most
# TENTHS tenths of a second (300).
wait_gone() {
    local i
    for i in $(seq 1 "${2:-300}"); do running "$1" || return 0; sleep 0.1; done
    ! running "$1"
}
