#!/usr/bin/env bash
# mpi.sh - evolution on MPI ranks gives exactly the run one process gives:
# mpirun -np 1, 2 and 4 and e2l without MPI on 1 and 2 threads write the
# same log, hall of fame and champion; --runs 2 on 3 ranks gives each
# run as a process alone would; a job stopped by SIGTERM or SIGUSR1, or
# killed with SIGKILL mid-generation, resumes on another number of ranks
# to the uninterrupted run; a rule that diverges is -inf on every rank
# count; e2l built without MPI refuses to run as one of several ranks.
#
# This test does not skip: in a build without MPI it fails (unless MPI
# was turned off with --without-mpi, when only the refusal is checked),
# and so it does when mpirun is missing.  Open MPI runs as root only when
# told to (CI is root), and in containers without its single-copy
# mechanism.
set -u
: "${E2L:?E2L must name the e2l binary}"
: "${E2L_SERIAL:?E2L_SERIAL must name e2l built without MPI}"
. "${srcdir:-.}/tests/lib.sh"
need awk cat cmp cut grep head ls mktemp rm sed seq setsid sleep tail timeout wc
need_proc
supp=$(cd "${srcdir:-.}" && pwd)/tests/lsan-mpi.supp
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
export XDG_CACHE_HOME=$tmp/cache

# The task: a quick preset with small experiments, so that a generation
# is milliseconds, yet 4 offspring x 4 experiments give every rank units.
args=(error-quick -s experiments=4 -s T=1000 --seed 5 --no-cache)
G=30
# Left out of the comparisons: wall-clock time, what the cache held, and
# who ran what.
strip() {
    sed -e 's/, "cache_hits": [0-9]*//' -e 's/, "seconds": [0-9.]*//' \
        -e 's/, "ranks": [0-9]*, "rank_units": \[[0-9, ]*\]//' "$1"
}
lines() { local n; n=$(wc -l 2>/dev/null < "$1") || n=0; echo "${n:-0}"; }
wait_lines() {   # file, lines: at most 60 s
    local i
    for i in $(seq 1 3000); do
        [ "$(lines "$1")" -ge "$2" ] && return 0
        sleep 0.02
    done
    return 1
}
none_left() {   # no e2l evolve works in $tmp (procs_in: 1 none, 2 no /proc)
    procs_in "$tmp" '*e2l*evolve*' >/dev/null
    [ $? -eq 1 ]
}
same_run() {   # dir a, dir b: the same log, hall of fame, front, champion
    cmp -s <(strip "$1/log.jsonl") <(strip "$2/log.jsonl") &&
        cmp -s "$1/hof.tsv" "$2/hof.tsv" &&
        cmp -s "$1/pareto.tsv" "$2/pareto.tsv" &&
        cmp -s <("$E2L_SERIAL" runs best "$1" | grep -v "$1") \
               <("$E2L_SERIAL" runs best "$2" | grep -v "$2") ||
        { echo "  $1 and $2 differ"; return 1; }
}

# A build without MPI, started as one of several ranks, refuses with a
# message saying what to do; started as the only one, it runs.
for var in OMPI_COMM_WORLD_SIZE=2 PMI_SIZE=3 SLURM_STEP_NUM_TASKS=4; do
    msg=$(env "$var" "$E2L_SERIAL" evolve "${args[@]}" --generations 2 --out refused 2>&1 >/dev/null); rc=$?
    check "without MPI, $var: refused (64)" test $rc -eq 64
    check "  saying it needs an MPI build" test "$msg" = "e2l: evolve: started as one of ${var#*=} MPI processes ($var), but this e2l was built without MPI: build it with MPI (apt-get install libopenmpi-dev openmpi-bin, then configure --with-mpi), or run it without mpirun or srun"
done
check "and started nothing" test ! -e refused
check "a launcher's single process runs as usual" \
    env OMPI_COMM_WORLD_SIZE=1 "$E2L_SERIAL" evolve "${args[@]}" --generations 2 --out single >/dev/null

if [ "${E2L_MPI:-no}" != yes ]; then
    if [ "${E2L_MPI_TESTS:-on}" = off ]; then
        echo "mpi.sh: configured --without-mpi: the MPI runs are not tested"
        echo "mpi.sh: $fail failed"
        [ $fail -eq 0 ]; exit
    fi
    echo "FAIL: this e2l was built without MPI (configure found no Open MPI: apt-get install libopenmpi-dev openmpi-bin, as ./quickstart does, then configure again)"
    exit 1
fi
if [ -z "${MPIRUN:-}" ] || ! [ -x "$MPIRUN" ]; then
    echo "FAIL: mpirun not found (apt-get install openmpi-bin, as ./quickstart does)"
    exit 1
fi
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_btl_vader_single_copy_mechanism=none
# Sanitizer builds: Open MPI leaves memory to the end, much of it in
# plugins it has unloaded by then, which LeakSanitizer cannot name unless
# it unwinds every allocation slowly.  So ranks run without the leak
# check, but for one run that has it, with Open MPI's leaks suppressed by
# library (ASAN_OPTIONS and LSAN_OPTIONS mean nothing to other builds).
mpi() {   # ranks, then e2l's arguments
    local np=$1
    shift
    ASAN_OPTIONS="detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}" \
        timeout 300 "$MPIRUN" --oversubscribe -np "$np" "$E2L" "$@" </dev/null
}
leaks=$(LSAN_OPTIONS="suppressions=$supp:fast_unwind_on_malloc=0" \
    OMPI_MCA_mca_base_component_disable_dlclose=1 \
    timeout 300 "$MPIRUN" --oversubscribe -np 2 "$E2L" evolve error-quick \
    -s experiments=2 -s T=300 --generations 3 --no-cache --out leakcheck </dev/null 2>&1)
rc=$?
check "2 ranks: nothing of e2l's leaks (master and worker alike)" test $rc -eq 0
[ $rc -eq 0 ] || grep -v -e '^generation' -e '^ *[0-9]* *[0-9]* [a-z]' <<<"$leaks" | head -n 40

# The same run on 1 and 2 threads without MPI, on 1, 2 and 4 ranks, and
# by the MPI build without a launcher.
"$E2L_SERIAL" evolve "${args[@]}" --generations $G --threads 1 --out t1 >/dev/null
"$E2L_SERIAL" evolve "${args[@]}" --generations $G --threads 2 --out t2 >/dev/null
"$E2L" evolve "${args[@]}" --generations $G --out plain >/dev/null
check "the reference run logs $G generations" test "$(lines t1/log.jsonl)" -eq $G
check "without MPI, 2 threads = 1 thread" same_run t1 t2
check "the MPI build without a launcher = without MPI" same_run t1 plain
for np in 1 2 4; do
    mpi $np evolve "${args[@]}" --generations $G --out np$np >np$np.out 2>&1
    check "mpirun -np $np exits 0" test $? -eq 0
    check "mpirun -np $np = without MPI" same_run t1 np$np
    check "  and logs $np ranks" grep -q "\"ranks\": $np, " np$np/log.jsonl
done
# Every rank did work, or the comparison proves little.
busy=$(sed -n 's/.*"rank_units": \[\(.*\)\]}$/\1/p' np4/log.jsonl |
    awk -F', ' '{ for (i = 1; i <= NF; i++) s[i] += $i } END { n = 0; for (i in s) n += s[i] > 0; print n }')
check "on 4 ranks, all 4 ran experiments" test "${busy:-0}" -eq 4
"$E2L_SERIAL" runs show np4 >show.out 2>&1
check "runs show reads an MPI run" grep -q "^generation   $((G - 1))\$" show.out
check "  and shows its ranks' pace" grep -q '^ranks        4 ranks, experiments/s per rank: [0-9.e+]* [0-9.e+]* [0-9.e+]* [0-9.e+]*$' show.out
"$E2L_SERIAL" -c 'watch np4' >watch.out 2>&1
check "watch follows an MPI run, each rank's pace per generation" \
    test "$(grep -c ' 4 ranks, experiments/s per rank: ' watch.out)" -eq $G

# A rule that diverges is -inf wherever it ran: primitives that overflow.
div=(error-quick -s experiments=4 -s T=1000 --seed 3 --no-cache
     --primitives '/,-,*,^' --generations 20)
"$E2L_SERIAL" evolve "${div[@]}" --threads 1 --out div1 >/dev/null
mpi 3 evolve "${div[@]}" --out div3 >/dev/null 2>&1
check "diverging rules: the hall of fame holds -inf (u*(u - v) among them)" \
    grep -qx -- '-inf	2	u\*(u - v)' div1/hof.tsv
check "diverging rules: 3 ranks = without MPI" same_run div1 div3

# --runs 2 on 3 ranks: two groups, each run as a process alone gives it;
# they share one fitness cache.
shared=(error-quick -s experiments=4 -s T=1000 --seed 7 --generations 15)
XDG_CACHE_HOME=$tmp/cache1 "$E2L_SERIAL" evolve "${shared[@]}" --runs 2 --threads 1 --out serial >/dev/null
mpi 3 evolve "${shared[@]}" --runs 2 --out grouped >grouped.out 2>&1
check "--runs 2 on 3 ranks exits 0" test $? -eq 0
for s in 7 8; do
    check "--runs 2 on 3 ranks: seed $s = its serial run" \
        same_run serial/error-quick-seed$s grouped/error-quick-seed$s
done
check "the two groups shared one fitness cache" \
    test "$(ls cache/e2l/fitness-*.tsv 2>/dev/null | wc -l)" -eq 1

# SIGTERM to the job (as SLURM sends before its time limit, and mpirun
# passes on): the ranks leave cleanly, the run directory released and its
# checkpoint whole; resumed on another number of ranks, it ends as the
# uninterrupted run.  Interrupted runs are set to go on for ever; each is
# resumed to 5 generations past where it stopped, and compared with a
# run of as many generations without MPI.
big=100000
resumed_as_uninterrupted() {   # dir, then how to resume it
    local d=$1 n
    shift
    n=$(( $(lines "$d/log.jsonl") + 5 ))
    "$@" --generations $n >/dev/null 2>&1
    "$E2L_SERIAL" evolve "${args[@]}" --generations $n --threads 2 --out "$d.ref" >/dev/null
    same_run "$d.ref" "$d"
}
(export ASAN_OPTIONS=detect_leaks=0; exec setsid "$MPIRUN" --oversubscribe -np 2 "$E2L" evolve "${args[@]}" --generations $big --out term </dev/null >term.out 2>&1) &
job=$!
check "the job to stop got going" wait_lines term/log.jsonl 3
kill -TERM $job
wait $job
check "after SIGTERM no rank is left" wait_gone $job 300
check "  nor any e2l in the run's directory" none_left
check "  and the run directory is released" test ! -e term/pid
check "  the run stopped early" test "$(lines term/log.jsonl)" -lt $big
check "stopped on 2 ranks, resumed on 4: the uninterrupted run" \
    resumed_as_uninterrupted term mpi 4 evolve --resume term

# SIGUSR1 (SLURM's --signal): the generation in flight is finished.
(export ASAN_OPTIONS=detect_leaks=0; exec setsid "$MPIRUN" --oversubscribe -np 3 "$E2L" evolve "${args[@]}" --generations $big --out usr1 </dev/null >usr1.out 2>&1) &
job=$!
check "the job to pause got going" wait_lines usr1/log.jsonl 3
kill -USR1 $job
wait $job
check "after SIGUSR1 the job exits 0" test $? -eq 0
check "  and releases the run directory" test ! -e usr1/pid
check "paused on 3 ranks, resumed without MPI: the uninterrupted run" \
    resumed_as_uninterrupted usr1 "$E2L_SERIAL" evolve --resume usr1 --threads 2

# SIGKILL to every process of the job mid-run; resumed on 1 rank.
(export ASAN_OPTIONS=detect_leaks=0; exec setsid "$MPIRUN" --oversubscribe -np 4 "$E2L" evolve "${args[@]}" --generations $big --out killed </dev/null >killed.out 2>&1) &
job=$!
at=$(( RANDOM % 10 + 3 ))
check "the job to kill reached generation $at" wait_lines killed/log.jsonl $at
# Its ranks are not all in mpirun's process group: each is found in /proc.
ranks=$(procs_in "$tmp" "$E2L evolve *" | cut -d' ' -f1)
check "its ranks are found ($(echo $ranks))" test "$(wc -w <<<"$ranks")" -eq 4
kill -KILL -- -$job $ranks 2>/dev/null
wait $job 2>/dev/null
for p in $ranks; do wait_gone "$p"; done
check "killed on 4 ranks, resumed on 1: the uninterrupted run" \
    resumed_as_uninterrupted killed mpi 1 evolve --resume killed

echo "mpi.sh: $fail failed"
[ $fail -eq 0 ]
