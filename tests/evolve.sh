#!/usr/bin/env bash
# evolve.sh - evolution runs end to end: 1 and 2 threads give the same
# log; a run killed with SIGKILL at a random moment and resumed ends with
# the same log as one never interrupted; SIGINT pauses cleanly; damaged
# checkpoints and foreign run directories are refused with a message
# naming the file.  Wall-clock fields (seconds) and cache hits, which
# depend on what was in memory, are left out of the comparisons.
set -u
: "${E2L:?E2L must name the e2l binary}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
export XDG_CACHE_HOME=$tmp/cache
fail=0
check() {   # description, then a command that must succeed
    local what=$1; shift
    if "$@"; then echo "ok: $what"; else echo "FAIL: $what"; fail=$((fail + 1)); fi
}
# A small task so that a generation takes milliseconds.
args=(error-quick -s experiments=2 -s T=300 --seed 5 --no-cache)
strip() { sed -e 's/, "cache_hits": [0-9]*//' -e 's/, "seconds": [0-9.]*//' "$1"; }

G=400
"$E2L" evolve "${args[@]}" --generations $G --threads 1 --out one >/dev/null
"$E2L" evolve "${args[@]}" --generations $G --threads 2 --out two >/dev/null
check "a run logs $G generations" test "$(wc -l < one/log.jsonl)" -eq $G
check "1 and 2 threads: identical logs" cmp -s <(strip one/log.jsonl) <(strip two/log.jsonl)

# SIGKILL at a random moment (seeded by the shell's $RANDOM: the moment
# varies, the outcome may not).
"$E2L" evolve "${args[@]}" --generations $G --out killed >/dev/null &
pid=$!
sleep "0.$(( RANDOM % 4 + 1 ))"
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
check "the kill came mid-run" test "$(wc -l < killed/log.jsonl)" -lt $G
if [ -f killed/checkpoint ]; then
    "$E2L" evolve --resume killed >/dev/null
    check "killed and resumed: the same log" cmp -s <(strip one/log.jsonl) <(strip killed/log.jsonl)
    check "killed and resumed: the same hall of fame" cmp -s one/hof.tsv killed/hof.tsv
else
    echo "FAIL: no checkpoint after the kill"; fail=$((fail + 1))
fi

# SIGINT finishes the generation, checkpoints, exits 0.
"$E2L" evolve "${args[@]}" --generations $G --out paused >/dev/null &
pid=$!
sleep 0.2
kill -INT $pid
wait $pid
check "SIGINT exits 0" test $? -eq 0
check "SIGINT stopped the run early" test "$(wc -l < paused/log.jsonl)" -lt $G
"$E2L" evolve --resume paused >/dev/null
check "paused and resumed: the same log" cmp -s <(strip one/log.jsonl) <(strip paused/log.jsonl)

# Damage is refused with the file's name, never a crash.
cp -r one broken
printf 'e2l-checkpoint 1\ngeneration 3\nparent 1 2 3\n' > broken/checkpoint
msg=$("$E2L" evolve --resume broken 2>&1 >/dev/null); rc=$?
check "truncated checkpoint refused ($msg)" test $rc -eq 65 -a -n "$(grep -o 'broken/checkpoint' <<<"$msg")"
head -c 100 /dev/urandom > broken/checkpoint
msg=$("$E2L" evolve --resume broken 2>&1 >/dev/null); rc=$?
check "garbage checkpoint refused" test $rc -eq 65 -a -n "$(grep -o 'not an e2l checkpoint' <<<"$msg")"
cp -r one foreign
sed -i 's/^format = .*/format = e2l-run 0/' foreign/run.conf
msg=$("$E2L" evolve --resume foreign 2>&1 >/dev/null); rc=$?
check "older run format refused" test $rc -eq 65 -a -n "$(grep -o "foreign/run.conf: run directory format 'e2l-run 0' is not supported" <<<"$msg")"
msg=$("$E2L" evolve "${args[@]}" --out one 2>&1 >/dev/null); rc=$?
check "a directory holding a run is not overwritten" test $rc -ne 0 -a -n "$(grep -o 'holds a run' <<<"$msg")"
check "runs best writes a rule file e2l run reads" \
    bash -c "'$E2L' runs best one > best.rule && '$E2L' run error-quick best.rule -s experiments=2 -s T=300 >/dev/null"
"$E2L" evolve "${args[@]}" --max-evaluations 10 --out budget >/dev/null
ev=$(tail -n 1 budget/log.jsonl | sed -n 's/.*"evaluations": \([0-9]*\).*/\1/p')
check "an evaluation budget stops the run ($ev evaluations)" test "$ev" -ge 10 -a "$(wc -l < budget/log.jsonl)" -lt 20

# The workbench's evolutions are child processes: interrupting a script
# stops them cleanly (checkpointed, pid file gone), and resuming gives the
# uninterrupted run's log.
"$E2L" -c "evolve ${args[*]} --generations $G --out wbjob" >/dev/null 2>&1 &
wb=$!
for i in $(seq 1 100); do [ -s wbjob/log.jsonl ] && break; sleep 0.1; done
kill -INT $wb; wait $wb; rc=$?
check "an interrupted script exits 130" test $rc -eq 130
sleep 0.3
check "its evolution is not left running" bash -c "! pgrep -f -- '[e]volve .*--out wbjob' >/dev/null"
check "and released the run directory" test ! -e wbjob/pid
check "the interrupt came mid-run" test "$(wc -l < wbjob/log.jsonl)" -lt $G
"$E2L" evolve --resume wbjob >/dev/null
check "resumed from the workbench's checkpoint: the same log" cmp -s <(strip one/log.jsonl) <(strip wbjob/log.jsonl)

# Ctrl-C in a script stops the run or validation in flight, not silently.
for what in "run lr0" "validate lr0 vs none"; do
    "$E2L" -c 'task reward' -c 'set trials 100000' -c "$what" >wbint.err 2>&1 &
    wb=$!
    sleep 1
    kill -INT $wb; wait $wb; rc=$?
    check "Ctrl-C stops a script's $what (exit 130)" \
        test $rc -eq 130 -a -n "$(grep -o 'stopped' wbint.err)"
done
echo "evolve.sh: $fail failed"
[ $fail -eq 0 ]
