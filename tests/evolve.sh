#!/usr/bin/env bash
# evolve.sh - evolution runs end to end: 1 and 2 threads give the same
# log; a run killed with SIGKILL at a random moment and resumed ends with
# the same log as one never interrupted; SIGINT pauses cleanly; damaged
# run directories are refused with a message naming file and line, never
# a crash or a silent loss; concurrent resumes leave exactly one running;
# budgets hold across a resume.  Wall-clock fields (seconds), cache
# hits, which depend on what was in memory, and the experiments each rank
# ran are left out of the comparisons.
#
# Only bash, coreutils, grep and sed: a bare Debian has no pgrep or ps, so
# processes are checked with kill -0 and /proc.  Every check fails when
# its command is missing (exit 127), never passes.
set -u
: "${E2L:?E2L must name the e2l binary}"
. "${srcdir:-.}/tests/lib.sh"
need cat cmp cp cut find grep head ln mkfifo mktemp rm sed seq sleep tail timeout truncate uname wc
need_proc
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
export XDG_CACHE_HOME=$tmp/cache
# A small task so that a generation takes milliseconds; no shared cache,
# so that no step finds another's results and runs faster than planned.
args=(error-quick -s experiments=2 -s T=300 --seed 5 --no-cache)
# Left out: what depends on the cache's contents and on who ran what.
strip() {
    sed -e 's/, "cache_hits": [0-9]*//' -e 's/, "seconds": [0-9.]*//' \
        -e 's/, "ranks": [0-9]*, "rank_units": \[[0-9, ]*\]//' "$1"
}
lines() { local n; n=$(wc -l 2>/dev/null < "$1") || n=0; echo "${n:-0}"; }
# Waits (at most 60 s) until file $1 has at least $2 lines.
wait_lines() {
    local i
    for i in $(seq 1 3000); do
        [ "$(lines "$1")" -ge "$2" ] && return 0
        sleep 0.02
    done
    return 1
}
gone() { ! running "$1"; }
quiet() { "$@" >/dev/null 2>&1; }
same_start() {   # log $1 begins with the G generations of log $2
    cmp -s <(strip "$1" | head -n "$G") <(strip "$2")
}
host=$(uname -n)
check "the process check sees a live process" running $$

G=400
big=100000   # generations no interrupted run reaches before its signal
"$E2L" evolve "${args[@]}" --generations $G --threads 1 --out one >/dev/null
"$E2L" evolve "${args[@]}" --generations $G --threads 2 --out two >/dev/null
check "a run logs $G generations" test "$(lines one/log.jsonl)" -eq $G
check "1 and 2 threads: identical logs" cmp -s <(strip one/log.jsonl) <(strip two/log.jsonl)
check "run.conf saves the budgets (none)" \
    grep -qx 'max_evaluations = 0' one/run.conf

# SIGKILL at a random generation (seeded by the shell's $RANDOM: the
# moment varies, the outcome may not).  The run is set to go on far longer
# than the kill can take to land; the resume sets it back to $G.
"$E2L" evolve "${args[@]}" --generations $big --out killed >/dev/null &
pid=$!
at=$(( RANDOM % 100 + 1 ))
check "the run reached generation $at" wait_lines killed/log.jsonl $at
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
check "the kill came mid-run" test "$(lines killed/log.jsonl)" -lt $big
if [ -f killed/checkpoint ]; then
    "$E2L" evolve --resume killed --generations $G >/dev/null
    check "killed and resumed: the same log" same_start killed/log.jsonl one/log.jsonl
    check "killed and resumed: the same hall of fame" cmp -s one/hof.tsv killed/hof.tsv
    check "the resume's generation count is saved" grep -qx "generations = $G" killed/run.conf
else
    echo "FAIL: no checkpoint after the kill"; fail=$((fail + 1))
fi

# SIGINT finishes the generation, checkpoints, exits 0.  Sent once the log
# has lines, so that the handler is in place and the run far from its end.
"$E2L" evolve "${args[@]}" --generations $big --out paused >/dev/null &
pid=$!
check "the run to pause got going" wait_lines paused/log.jsonl 5
kill -INT $pid
wait $pid
check "SIGINT exits 0" test $? -eq 0
check "SIGINT stopped the run early" test "$(lines paused/log.jsonl)" -lt $big
check "and released the run directory" test ! -e paused/pid
"$E2L" evolve --resume paused --generations $G >/dev/null
check "paused and resumed: the same log" same_start paused/log.jsonl one/log.jsonl

# Damage is refused with the file's name, never a crash.
resume() {   # run dir [options]: exit status in rc, message in msg
    msg=$(timeout 60 "$E2L" evolve --resume "$@" 2>&1 >/dev/null); rc=$?
}
refused() {   # dir, the text the message must hold, the status (65)
    test $rc -eq "${3:-65}" && grep -qF -- "$2" <<<"$msg" || { echo "  got $rc: $msg"; return 1; }
}
damage() {   # name, then a command run in the copy of one
    rm -rf "$1"; cp -r one "$1"; (cd "$1" && shift && "$@")
}
cp -r one broken
printf 'e2l-checkpoint 1\ngeneration 3\nparent 1 2 3\n' > broken/checkpoint
resume broken
check "truncated checkpoint refused" refused broken 'broken/checkpoint:3: 2 genes'
head -c 100 /dev/urandom > broken/checkpoint
resume broken
check "garbage checkpoint refused" refused broken 'broken/checkpoint:1: not an e2l checkpoint'
# A gene outside the genome or a bad generator state crashed the run
# (resumed with generations to go, so that it steps).
damage gene sed -i -E '/^parent/{s/^(parent [^ ]+) [0-9]+/\1 100/;:a;n;ba}' checkpoint
resume gene --generations 410
check "a function gene past the primitives refused" refused gene "gene/checkpoint:6: gene 1 is 100, which the preset's genome does not allow"
damage outgene sed -i -E '/^parent/{s/ [0-9]+$/ 999999/;:a;n;ba}' checkpoint
resume outgene --generations 410
check "an output gene past the nodes refused" refused outgene "outgene/checkpoint:6: gene 37 is 999999"
damage mti sed -i -E 's/^(rng mt19937 .{9984}).{8}/\100000080/' checkpoint
resume mti --generations 410
check "a generator index out of range refused" refused mti "mti/checkpoint:5: bad random state"
damage fitness sed -i -E '/^parent/{s/^(parent [^ ]+)/\1x/;:a;n;ba}' checkpoint
resume fitness --generations 410
check "garbage after a parent's fitness refused" refused fitness "fitness/checkpoint:6: bad fitness"
# No silent loss: every run file is read by the one strict reader.
damage emptyhof truncate -s 0 hof.tsv
resume emptyhof
check "an empty hof.tsv refused" refused emptyhof "emptyhof/hof.tsv: empty (no header line)"
damage crlfhof sed -i 's/$/\r/' hof.tsv
resume crlfhof
check "a CRLF hof.tsv refused" refused crlfhof "crlfhof/hof.tsv:1: expected the header"
damage badlog sed -i '3s/"champion": /"champion": x/' log.jsonl
resume badlog
check "a damaged log line refused, not kept" refused badlog "badlog/log.jsonl:3:"
damage badconf sed -i 's/^seed = 5$/seed = 5x/' run.conf
resume badconf
check "a bad run.conf value refused, not read as 0" refused badconf "badconf/run.conf:4: seed: expected a whole number, not '5x'"
# After a crash: the next generation's line, or a last line cut short,
# are dropped and redone (the resumed run is the uninterrupted one);
# anything else wrong with the log is refused naming its line.
"$E2L" evolve "${args[@]}" --generations 300 --out g300 >/dev/null
crash() { rm -rf "$1"; cp -r g300 "$1"; }
crash extra; sed -n 301p one/log.jsonl >> extra/log.jsonl
"$E2L" evolve --resume extra --generations $G >/dev/null
check "a crash after the log line: dropped, redone, the same log" cmp -s <(strip extra/log.jsonl) <(strip one/log.jsonl)
crash cut; sed -n 301p one/log.jsonl | head -c 50 >> cut/log.jsonl
"$E2L" evolve --resume cut --generations $G >/dev/null
check "a last line cut short: dropped, redone, the same log" cmp -s <(strip cut/log.jsonl) <(strip one/log.jsonl)
crash two; sed -n 301,302p one/log.jsonl >> two/log.jsonl
resume two
check "two generations past the checkpoint refused" refused two "two/log.jsonl:302: more generations than the checkpoint can explain (the checkpoint is generation 299)"
crash bad; sed -n 301p one/log.jsonl | sed 's/"champion": /"champion": x/' >> bad/log.jsonl
resume bad
check "a damaged complete line past the checkpoint refused" refused bad "bad/log.jsonl:301:"
crash short; head -n 299 g300/log.jsonl > short/log.jsonl
resume short
check "a log shorter than the checkpoint refused" refused short "short/log.jsonl: has 299 complete generations, the checkpoint 300"
crash shortcut; { head -n 299 g300/log.jsonl; sed -n 300p g300/log.jsonl | head -c 40; } > shortcut/log.jsonl
resume shortcut
check "the checkpoint's own line cut short refused" refused shortcut "shortcut/log.jsonl:300: the last line is cut short"
cp -r one foreign
sed -i 's/^format = .*/format = e2l-run 0/' foreign/run.conf
resume foreign
check "older run format refused" refused foreign "foreign/run.conf: run directory format 'e2l-run 0' is not supported"
msg=$("$E2L" evolve "${args[@]}" --out one 2>&1 >/dev/null); rc=$?
check "a directory holding a run is not overwritten" test $rc -ne 0 -a -n "$(grep -o 'holds a run' <<<"$msg")"
check "runs best writes a rule file e2l run reads" \
    bash -c "'$E2L' runs best one > best.rule && '$E2L' run error-quick best.rule -s experiments=2 -s T=300 >/dev/null"

# A run killed before its first checkpoint: resume says how to start it
# again, and that command does (the same run as one).
damage nock rm checkpoint
resume nock
check "no checkpoint: resume says how to start again" refused nock "nock has no checkpoint yet"
cmd=$(sed -n 's/.*start it again with: e2l \(.*\)$/\1/p' <<<"$msg")
check "the command it gives is an evolve --out nock" grep -q -- '^evolve nock/task.task .*--out nock$' <<<"$cmd"
[ -n "$cmd" ] && "$E2L" $cmd </dev/null >/dev/null 2>&1   # (word splitting wanted)
check "and starts the run again: the same log" cmp -s <(strip one/log.jsonl) <(strip nock/log.jsonl)

# Files are replaced through fresh temporaries and the log appended
# without following links: planted symlinks (the old fixed DIR/NAME.tmp
# names) change nothing of the user's; FIFOs and /dev/zero are refused.
cp -r one planted
echo precious > victim
for f in hof.tsv.tmp pareto.tsv.tmp checkpoint.tmp log.jsonl.tmp run.conf.tmp pid.tmp; do
    ln -s ../victim "planted/$f"
done
"$E2L" evolve --resume planted --generations 410 >/dev/null 2>&1
check "planted symlinks are not written through" test "$(cat victim)" = precious
check "and the run went on" test "$(lines planted/log.jsonl)" -eq 410
cp -r one linked
ln -sf ../victim linked/log.jsonl
cp one/log.jsonl victim
resume linked --generations 410
check "a log that is a symlink is refused" refused linked "linked/log.jsonl: is a symbolic link; e2l will not write through it" 74
check "and not appended through" cmp -s victim one/log.jsonl
for f in log.jsonl hof.tsv checkpoint run.conf task.task; do
    damage "fifo-$f" rm "$f"
    mkfifo "fifo-$f/$f"
    resume "fifo-$f"
    check "a FIFO $f is refused, not waited on" refused "fifo-$f" "fifo-$f/$f: not a regular file" 74
    damage "zero-$f" ln -sf /dev/zero "$f"
    resume "zero-$f"
    check "a $f linked to /dev/zero is refused" refused "zero-$f" "zero-$f/$f: not a regular file" 74
done

# Budgets are saved in run.conf and hold when the run is resumed; one
# given at resume wins, and is saved.
"$E2L" evolve "${args[@]}" --max-evaluations 10 --out budget >/dev/null
ev=$(tail -n 1 budget/log.jsonl | sed -n 's/.*"evaluations": \([0-9]*\).*/\1/p')
n=$(lines budget/log.jsonl)
check "an evaluation budget stops the run ($ev evaluations)" test "$ev" -ge 10 -a "$n" -lt 20
check "and is saved in run.conf" grep -qx 'max_evaluations = 10' budget/run.conf
"$E2L" evolve --resume budget >/dev/null
check "a resumed run keeps its evaluation budget" test "$(lines budget/log.jsonl)" -eq "$n"
"$E2L" evolve --resume budget --max-evaluations 20 >/dev/null
ev=$(tail -n 1 budget/log.jsonl | sed -n 's/.*"evaluations": \([0-9]*\).*/\1/p')
check "a budget given at resume wins ($ev evaluations)" test "$ev" -ge 20 -a "$(lines budget/log.jsonl)" -gt "$n"
check "and is saved in its place" grep -qx 'max_evaluations = 20' budget/run.conf
"$E2L" evolve "${args[@]}" --generations 50 --wall 0.000001 --out wall >/dev/null
check "a wall-time budget stops the run after generation 0" test "$(lines wall/log.jsonl)" -eq 1
"$E2L" evolve --resume wall >/dev/null
check "a resumed run keeps its wall-time budget" test "$(lines wall/log.jsonl)" -eq 1

# Who runs a directory: several resumes at once leave exactly one
# running, the others saying which; a stale pid file (a killed run) is
# taken over by exactly one of several too.
contend() {   # dir, number of resumes
    local d=$1 k winner= losers=0 i n pids=() rc
    for k in $(seq 1 "$2"); do
        "$E2L" evolve --resume "$d" --generations $big >/dev/null 2>"$d.err$k" &
        pids+=($!)
    done
    for i in $(seq 1 600); do
        n=0
        for k in "${pids[@]}"; do running "$k" && n=$((n + 1)); done
        [ $n -le 1 ] && break
        sleep 0.1
    done
    for k in $(seq 1 "$2"); do
        if running "${pids[$((k - 1))]}"; then
            winner=${pids[$((k - 1))]}
        fi
    done
    for k in $(seq 1 "$2"); do
        running "${pids[$((k - 1))]}" && continue
        wait "${pids[$((k - 1))]}"; rc=$?
        [ $rc -eq 65 ] && grep -qx "e2l: $d is being run by process $winner on $host" "$d.err$k" &&
            losers=$((losers + 1))
    done
    check "$2 resumes of $d at once: one runs" test -n "$winner"
    check "the other $(( $2 - 1 )) say it is being run by process $winner" test $losers -eq $(( $2 - 1 ))
    check "its pid file names it" test "$(cat "$d/pid" 2>/dev/null)" = "$winner $host"
    [ -n "$winner" ] || return
    kill -INT "$winner"; wait "$winner"
    check "it stops cleanly" test $? -eq 0
    check "the log is one run's: runs show reads it" quiet "$E2L" runs show "$d"
    check "and it goes on from there" quiet "$E2L" evolve --resume "$d" --generations $(( $(lines "$d/log.jsonl") + 5 ))
    check "the log is the uninterrupted run's" same_start "$d/log.jsonl" one/log.jsonl
}
cp -r one conc
contend conc 2
cp -r one stale
sh -c 'exit 0' & dead=$!; wait $dead
echo "$dead $host" > stale/pid
contend stale 4
# A pid file naming a live process that does not hold the lock: another
# program (its pid reused) is taken over; an e2l is not, with a hint.
cp -r one reused
sleep 60 & sleeper=$!
echo "$sleeper $host" > reused/pid
resume reused --generations 402
check "a pid file naming an unrelated live process is taken over" test $rc -eq 0 -a "$(lines reused/log.jsonl)" -eq 402
kill $sleeper; wait $sleeper 2>/dev/null
cp -r one other
"$E2L" evolve "${args[@]}" --generations $big --out elsewhere >/dev/null &
live=$!
check "an e2l runs elsewhere" wait_lines elsewhere/log.jsonl 1
echo "$live $host" > other/pid
resume other
check "a pid file naming a live e2l without the lock: refused with what to do" refused other "other/pid names process $live, which is alive but does not hold the run's lock: if no e2l runs other, remove other/pid"
kill -INT $live; wait $live
echo "1234 elsewhere.example" > other/pid
resume other
check "a pid file of another host: refused with what to do" refused other "other is being run by process 1234 on elsewhere.example (if no e2l runs it there, remove other/pid)"

# The workbench's evolutions are child processes: interrupting a script
# stops them cleanly (checkpointed, pid file gone), and resuming gives the
# uninterrupted run's log.  The evolution's pid comes from its pid file.
"$E2L" -c "evolve ${args[*]} --generations $big --out wbjob" >/dev/null 2>&1 &
wb=$!
check "the workbench's evolution got going" wait_lines wbjob/log.jsonl 5
evpid=$(cut -d' ' -f1 wbjob/pid 2>/dev/null)
check "its pid file names a running process ($evpid)" running "${evpid:-none}"
kill -INT $wb; wait $wb; rc=$?
check "an interrupted script exits 130" test $rc -eq 130
wait_gone "${evpid:-none}"
check "its evolution is not left running" gone "${evpid:-none}"
check "and released the run directory" test ! -e wbjob/pid
check "the interrupt came mid-run" test "$(lines wbjob/log.jsonl)" -lt $big
"$E2L" evolve --resume wbjob --generations $G >/dev/null
check "resumed from the workbench's checkpoint: the same log" same_start wbjob/log.jsonl one/log.jsonl

# Ctrl-C in a script stops the run or validation in flight, not silently.
for what in "run lr0" "validate lr0 vs none"; do
    "$E2L" -c 'task reward' -c 'set trials 100000' -c "$what" >wbint.err 2>&1 &
    wb=$!
    sleep 1
    kill -INT $wb; wait $wb; rc=$?
    check "Ctrl-C stops a script's $what (exit 130)" \
        test $rc -eq 130 -a -n "$(grep -o 'stopped' wbint.err)"
done

# Settings: a preset's hyper-parameters changed on the command line are
# all saved in run.conf, and --resume evolves with them: a run with
# overrides killed at a known generation and resumed ends as the same
# run uninterrupted.
ov=(error-quick -s experiments=2 -s T=300 --seed 5 --no-cache --columns 6
    --mu 2 --lambda 3 --tournament 2 --mutation-rate 0.2
    --primitives '+,-,*,^,2' --reorder --inputs s,v,u --min-fitness 5)
GO=150
"$E2L" evolve "${ov[@]}" --generations $GO --out ovone >/dev/null
check "an overridden run logs $GO generations" test "$(lines ovone/log.jsonl)" -eq $GO
check "with mu = 2 parents" grep -q '^{"generation": 0, "parents": \[[^],]*, [^],]*\]' ovone/log.jsonl
printf '%s\n' '# the settings: the preset'"'"'s, with any given on the command line' \
    'inputs = s,v,u' 'columns = 6' 'levels_back = 6' 'primitives = +,-,*,^,2' \
    'mu = 2' 'lambda = 3' 'tournament = 2' 'mutation_rate = 0.2' \
    'reorder = true' 'min_fitness = 5' > ovconf.want
check "run.conf saves every setting, overridden or not" \
    cmp -s <(sed -n '/^# the settings/,$p' ovone/run.conf) ovconf.want
check "and the preset it started from" grep -qx 'preset = error' ovone/run.conf
"$E2L" evolve "${ov[@]}" --generations $big --out ovkilled >/dev/null &
pid=$!
check "the overridden run reached generation 40" wait_lines ovkilled/log.jsonl 40
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
check "the kill came mid-run" test "$(lines ovkilled/log.jsonl)" -lt $big
if [ -f ovkilled/checkpoint ]; then
    "$E2L" evolve --resume ovkilled --generations $GO >/dev/null
    check "overridden, killed and resumed: the same log" \
        cmp -s <(strip ovkilled/log.jsonl) <(strip ovone/log.jsonl)
    check "and the same hall of fame" cmp -s ovone/hof.tsv ovkilled/hof.tsv
    check "the resume kept the settings in run.conf" \
        cmp -s <(sed -n '/^# the settings/,$p' ovkilled/run.conf) ovconf.want
else
    echo "FAIL: no checkpoint after the kill"; fail=$((fail + 1))
fi
# Paused at a known generation (the evaluation budget) and resumed.
"$E2L" evolve "${ov[@]}" --generations $GO --max-evaluations 100 --out ovbudget >/dev/null
check "a budget stopped the overridden run early" test "$(lines ovbudget/log.jsonl)" -lt $GO
"$E2L" evolve --resume ovbudget --max-evaluations 100000 >/dev/null
check "resumed past its budget: the same log" \
    cmp -s <(strip ovbudget/log.jsonl) <(strip ovone/log.jsonl)
# A resumed run cannot change its settings; run.conf's are read strictly.
resume ovone --mu 3
check "a setting given with --resume is refused" refused ovone \
    "e2l: evolve: --mu: a resumed run keeps the settings in ovone/run.conf; start a new run to change them" 64
# (mutation_rate is line 20, after the budgets and the reference lines)
cp -r ovone ovbad
sed -i 's/^mutation_rate = .*/mutation_rate = 0.2x/' ovbad/run.conf
resume ovbad --generations 160
check "a damaged setting in run.conf refused, naming its line" refused ovbad \
    "ovbad/run.conf:20: mutation_rate: '0.2x' is not a probability above 0 and at most 1"
cp -r ovone ovpart
sed -i '/^lambda = /d' ovpart/run.conf
resume ovpart --generations 160
check "a run.conf missing one setting refused" refused ovpart "ovpart/run.conf: no 'lambda' (it has the other settings)"
cp -r ovone ovname
sed -i 's/^inputs = .*/inputs = s,v,R/' ovname/run.conf
resume ovname --generations 160
check "an input the task does not have refused" refused ovname \
    "ovname/run.conf: inputs: 'R' is not a variable of task family error (v, u, s)"
# Killed before its first checkpoint: the command resume gives carries
# the settings that differ from the preset's, and restarts the same run;
# where the command would not fit in one message, it says where the
# settings are.
nk=(error-quick -s experiments=2 -s T=300 --seed 5 --no-cache --columns 7
    --primitives '+,*,^,2' --no-reorder --generations 40)
"$E2L" evolve "${nk[@]}" --out nkone >/dev/null
cp -r nkone nknock; rm nknock/checkpoint
resume nknock
cmd=$(sed -n 's/.*start it again with: e2l \(.*\)$/\1/p' <<<"$msg")
check "the restart command carries the overrides" test "$cmd" = \
    "evolve nknock/task.task --preset error --seed 5 --columns 7 --primitives '+,*,^,2' --generations 40 --out nknock"
[ -n "$cmd" ] && eval "\"\$E2L\" $cmd --no-cache" </dev/null >/dev/null 2>&1
check "and restarts the same run" cmp -s <(strip nknock/log.jsonl) <(strip nkone/log.jsonl)
cp -r ovone ovnock; rm ovnock/checkpoint
resume ovnock
check "too many overrides for one message: where they are" refused ovnock \
    "ovnock has no checkpoint yet: start it again with e2l evolve ovnock/task.task --out ovnock and the preset, seeds and settings of ovnock/run.conf as options"
# Option errors name the option, with the usage status.
for bad in "--columns 0|--columns: '0' is not a whole number from 1 to 1000" \
           "--inputs s,x|--inputs: 'x' is not a variable of task family error (v, u, s)" \
           "--primitives +,%|--primitives: '%' is neither an operator (+ - * / ^) nor a constant (a number such as 0.5)" \
           "--mutation-rate 2|--mutation-rate: '2' is not a probability above 0 and at most 1" \
           "--tournament 9|--tournament: 9 parents per tournament, but mu is 4" \
           "--lambda 0|--lambda: '0' is not a whole number from 1 to 1000"; do
    msg=$("$E2L" evolve error-quick --no-cache --out never ${bad%%|*} 2>&1 >/dev/null); rc=$?
    check "evolve ${bad%%|*}: refused" test $rc -eq 64 -a "$msg" = "e2l: evolve: ${bad#*|}"
done
check "and nothing was started" test ! -e never
msg=$("$E2L" -c "evolve error-quick --inputs s,x --out never" 2>&1); rc=$?
check "the workbench's evolve checks settings as e2l evolve does" \
    test $rc -eq 64 -a "$msg" = "e2l: -c:1: evolve: --inputs: 'x' is not a variable of task family error (v, u, s)"

# The paper's reward set 0 evolves f(R, E, Rbar): its formulas name
# Rbar, the family's fifth variable, never Rbar_plus or Rbar_minus (which
# its third genome input would be if inputs were taken by position).
# Presets share a task's fitness cache: fitness depends on the task and
# the formula only.
rs=(reward-quick -s trials=20 --generations 30 --seed 1)
"$E2L" evolve "${rs[@]}" --preset reward-set0 --out set0 >/dev/null
check "set 0 saves its inputs by name" grep -qx 'inputs = R,E,Rbar' set0/run.conf
check "and its formulas use Rbar" grep -qw Rbar <(cut -f3 set0/hof.tsv)
check "and never Rbar_plus or Rbar_minus" test -z "$(grep -e Rbar_plus -e Rbar_minus set0/hof.tsv set0/log.jsonl)"
"$E2L" evolve "${rs[@]}" --preset reward-set2 --out set2 >/dev/null
check "set 2: 24 columns, no reorder" grep -qx 'reorder = false' set2/run.conf
check "sets 0 and 2 share one fitness cache file" \
    test "$(find cache/e2l -name 'fitness-*.tsv' -newer ovconf.want | wc -l)" -eq 1

# Every preset and setting `e2l evolve --help` lists is in the manual.
man=$("$E2L" -c 'help --man')
presets=$("$E2L" evolve --help | sed -n '/^presets/,$s/^  \([a-z][a-z0-9-]*\)  .*/\1/p')
check "evolve --help lists the reward sets" test "$(grep -c '^reward-set[0-3]$' <<<"$presets")" -eq 4
for p in $presets; do
    check "the manual names preset $p" grep -qw -- "$p" <<<"$man"
done
for o in $("$E2L" evolve --help | sed -n '/^settings/,/^presets/s/^  \(--[a-z-]*\).*/\1/p'); do
    check "the manual names setting $o" grep -qF -- "$o" <<<"$man"
done
echo "evolve.sh: $fail failed"
[ $fail -eq 0 ]
