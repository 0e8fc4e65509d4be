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
