# Rules on tasks: fitness over seeded experiments; task files, rule files
# and formulas; parameters from the command line; errors name the place.
$ e2l tasks
task families (e2l tasks show NAME for their parameters):
  reward       a neuron learns to classify frozen spike patterns from a reward (paper section 'reward-driven learning')
  error        a student neuron learns to follow a teacher's membrane potential (paper section 'error-driven learning')
  correlation  a neuron learns to detect a frozen spike pattern hidden in Poisson input (paper section 'correlation-driven learning')
task files (tasks/):
  correlation  correlation-homeostatic  correlation-quick  correlation-validation  error  error-quick
  reward  reward-quick
rule files (rules/):
  correlation-homeostatic  correlation-lr1  correlation-lr2  correlation-none  error-eq10  error-eq11
  error-eq7  error-eq7x2  error-none  reward-lr0  reward-lr1  reward-lr2
  reward-lr3  reward-lr4  reward-lr5  reward-none  reward-re
$ e2l run error-quick eq7 | grep -v '^seeds'
task      error-quick
rule      Eq. 7: (v - u)*s
fitness   -13.63  (mean over 5 experiments)
mean, SD  -13.63 +- 2.448
values    -15.72 -13.88 -15.75 -13.01 -9.802
$ e2l run error-quick 'x_2*(x_0 - x_1)' --seed 7 -s experiments=2 --json | sed 's/"seconds": [0-9.]*/"seconds": S/'
{"task": "error-quick", "rule": "x_2*(x_0 - x_1)", "formula": "s*(v - u)", "fitness": -9.0810407664119914, "values": [-10.783175943672431, -7.3789055891515511], "mean": -9.0810407664119914, "sd": 2.4071826526740461, "seed": 7, "validate": false, "seconds": S}
$ e2l run error-quick '2*(v - u)*s' --validate -s experiments=3 | grep -v seeds
task      error-quick
rule      2*(v - u)*s
fitness   -16.82  (mean over 3 experiments)
mean, SD  -16.82 +- 3.806
values    -17.81 -20.03 -12.61
$ e2l validate error-quick eq7x2 --vs none -s experiments=4
4 validation experiments of task error-quick (seed 1)
                                                    mean         SD
  rule       2(v - u)s                            -18.19      4.145
  baseline   no plasticity                        -134.3      43.87
Welch's t-test: t = 5.268, df = 3.1, p = 0.0128 (two-sided)
$ e2l run error-quick '(v - u)*q'
e2l: (v - u)*q: formula uses 'q', which task family 'error' does not have (it has v, u, s)
[exit 64]
$ e2l run error-quick eq7 -s etaa=1
e2l: -s etaa=1: unknown parameter 'etaa' for task family 'error' (did you mean 'eta'?)
[exit 64]
$ e2l run error-quick eq7 -s eta=abc
e2l: -s eta=abc: eta = 'abc' is not a number
[exit 64]
$ e2l run error-quick '1/(s - s)' -s experiments=2 | grep fitness
fitness   -inf  (mean over 2 experiments)
$ e2l run nosuchtask eq7
e2l: unknown task 'nosuchtask' (task families: reward, error, correlation; or a task file)
[exit 64]
$ e2l run error-quick
e2l: which rule? (a rule file, a name in rules/ or a formula)
[exit 64]
$ cp "$srcdir"/tests/golden/bad.task . && e2l run bad.task eq7
e2l: bad.task:4: unknown parameter 'tua_I' for task family 'error' (did you mean 'tau_I'?)
[exit 65]
$ cp "$srcdir"/tests/golden/bad.rule . && e2l run error-quick bad.rule
e2l: bad.rule:3:22: incomplete formula: expected a number, a name or '('
[exit 65]
$ e2l run error-quick eq7 -s experiments=1 --record rec > /dev/null && head -n 2 rec/*.csv && wc -l < rec/traces_mV.csv
==> rec/spikes.csv <==
experiment,trial,neuron,t_ms
0,-1,1,0.3

==> rec/traces_mV.csv <==
experiment,t_ms,trace,value_mV
0,1,u,-70

==> rec/traces_pA.csv <==
experiment,t_ms,trace,value_pA
0,5.3,w_0,4.999991602

==> rec/trials.csv <==
experiment,trial,quantity,value
6001
$ e2l tasks doc | cmp - "$srcdir"/doc/tasks.md && echo "doc/tasks.md is up to date"
doc/tasks.md is up to date
