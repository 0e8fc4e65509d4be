# Evolutions you steer (tests/screen_jobs.sh does the same on the screen).
# A job's champion changing is one line, not one per generation: seed 1
# finds 0 at generation 4 and 2*s at generation 21 (the workbench reports
# the last change it saw, and never misses the latest).
$ e2l -c 'evolve error-quick -s experiments=1 -s T=300 --generations 30 --no-cache --out cj' -c 'watch 1' | grep 'new champion' | tail -n 1
job 1: new champion -24.7019 at generation 21: 2*s
# run champion DIR: the champion of the log's last generation on the run
# directory's task and the experiments it was scored on: the fitness in
# the log.
$ e2l -c 'run champion cj' | sed -n '1p;$p' | sed 's/in [0-9.]* s$/in S s/'
run champion of cj (generation 29, fitness -24.7019 in the log) on cj/task.task
champion of cj: 2*s on cj: fitness -24.7019 (mean -24.7019, SD 0 over 1 experiments) in S s
$ e2l -c 'run champion cj --json' | cut -d, -f1-4
{"task": "cj", "rule": "champion of cj", "formula": "2*s", "fitness": -24.701872171189731
$ e2l -c 'run champion cj -s T=-3'
e2l: -c:1: -s T=-3: T = -3 is out of range [1, 10000000] (ms)
[exit 65]
$ e2l -c 'run champion nowhere'
e2l: -c:1: run champion: nowhere/run.conf: No such file or directory (not an e2l run directory?)
[exit 74]
# From the shell, `e2l run champion DIR` takes its task from DIR: the same
# run and report as the workbench's.  A task named before `champion`
# leaves the word a rule's.
$ e2l run champion cj | sed -n '1p;3p;4p'
run champion of cj (generation 29, fitness -24.7019 in the log) on cj/task.task
rule      champion of cj: 2*s
fitness   -24.7  (mean over 1 experiments)
$ e2l run champion cj --json | cut -d, -f1-4
{"task": "cj", "rule": "champion of cj", "formula": "2*s", "fitness": -24.701872171189731
$ e2l run champion cj -s T=-3
e2l: -s T=-3: T = -3 is out of range [1, 10000000] (ms)
[exit 65]
$ e2l run champion
e2l: usage: e2l run champion DIR (the task is the run's)
[exit 64]
$ e2l run champion nowhere
e2l: run champion: nowhere/run.conf: No such file or directory (not an e2l run directory?)
[exit 74]
$ e2l run error-quick champion cj
e2l: champion cj: expected an operator (a product is written champion*cj), found 'cj'
[exit 65]
# A resumed run keeps its job: the same id, running again, finished.
$ e2l -c 'evolve error-quick -s experiments=1 -s T=300 --generations 2 --no-cache --out cr' -c 'watch 1' -c 'evolve --resume cr --generations 4' -c 'watch 1' -c 'jobs' | grep -E '^(job [0-9]+:|job [0-9]+ [a-z]+ at|%)'
job 1: evolving error-quick (seed 1) into cr
job 1 finished at generation 1: -522.633  1
job 1: resuming cr (the same job, running again)
job 1 finished at generation 3: -522.633  1
%1   finished  cr                           generation 4/4  best -522.633  1
