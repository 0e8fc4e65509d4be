# The run view says which number is experiment 0's and which is the
# fitness over all experiments (the mean, or the correlation task's
# minimum), so that the two are never confused.
$ COLUMNS=160 e2l -c 'set trials 20' -c 'run lr0' | sed -n '2,3p' | sed 's/[0-9.]* s)/S s)/' | tr -s ' '
run lr0: (R - 1)*E on reward-quick fitness -2.5 (4 experiments, S s) experiment 0 of 4, fitness -12: trials 20 correct 20% reward -12
fitness (mean over 4): the reward summed over the trials, -trials .. trials; higher is better
$ COLUMNS=120 e2l -c 'set trials 20' -c 'run lr0' | sed -n '2p' | grep -o 'experiment 0 of 4, fitness [-+0-9]*'
experiment 0 of 4, fitness -12
$ e2l -c 'task correlation-quick' -c 'set T 3000' -c 'set T_free 2000' -c 'run lr1 --experiments 2' | grep '^fitness ('
fitness (minimum over 2): SNR of the potential, pattern vs noise outside; higher
# The projector view: the fitness when done, named as such.
$ COLUMNS=120 e2l -c 'view big' -c 'set trials 20' -c 'run lr0' | grep -o 'fitness, mean over 4 experiments'
fitness, mean over 4 experiments

# view experiment K: the header names experiment K with its own fitness,
# the K-th value that `run --json` reports, whether it is chosen before
# the run or the finished run recomputes it (its own seed: bit for bit).
$ e2l -c 'task reward-quick' -c 'view experiment 2' -c 'run lr0 --experiments 4' | grep -o -e '^view: .*' -e 'experiment 2 of 4, fitness [-0-9.e+]*'
view: experiment 2 from the next run
experiment 2 of 4, fitness 168
$ v=$(e2l run reward-quick lr0 --experiments 4 --json | sed 's/.*"values": \[\([^]]*\)\].*/\1/' | cut -d, -f3 | tr -d ' '); COLUMNS=160 e2l -c 'run lr0 --experiments 4' -c 'view experiment 2' | grep -c "experiment 2 of 4, fitness $(printf %.6g "$v"):"
1
$ e2l -c 'run lr0 --experiments 4' -c 'view experiment 2' | tail -n 22 | sed '1s/[0-9.]* s)/S s)/' > recomputed; e2l -c 'view experiment 2' -c 'run lr0 --experiments 4' | sed -n '2,23p' | sed '1s/[0-9.]* s)/S s)/' > followed; diff recomputed followed && echo the same view
the same view
# Its curves are its own, not experiment 0's.
$ e2l -c 'run lr0 --experiments 4' | sed -n '/^weights/,$p' > e0; sed -n '/^weights/,$p' followed > e2; cmp -s e0 e2 || echo experiment 2 draws other curves
experiment 2 draws other curves
# Out of range: one line naming the argument; the view stays.
$ e2l -c 'run lr0 --experiments 4' -c 'view experiment 4' -c 'view experiment -1' -c 'view experiment two' -c 'view mean 3' 2>&1 >/dev/null
e2l: -c:2: view experiment 4: the run has 4 experiments (0 to 3)
e2l: -c:3: view experiment -1: not an experiment's index (0, 1, ...)
e2l: -c:4: view experiment two: not an experiment's index (0, 1, ...)
e2l: -c:5: usage: view big|normal | experiment K | mean
[exit 64]
# view mean: the header says so, the raster says whose spikes, each
# lone line's panel has its mean and the band mean +- SD in its legend.
$ COLUMNS=160 e2l -c 'run lr0 --experiments 4' -c 'view mean' | tail -n 22 | grep -o -e 'mean +- SD over 4 experiments' -e '^experiment 0: spikes' -e 'membrane potential  -- u  \.\. +- SD' -e 'cumulative reward  -- mean  \.\. +- SD'
mean +- SD over 4 experiments
experiment 0: spikes
membrane potential  -- u  .. +- SD
cumulative reward  -- mean  .. +- SD
# Legends: every line of a group without a label is named, those past
# the fourth colour dotted.
$ COLUMNS=160 e2l -c 'run lr0' | grep -o '^weights .*  membrane'
weights  -- w0  -- w1  -- w2  -- w3  .. w4  .. w5    membrane
