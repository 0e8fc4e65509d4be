# Rules on tasks: fitness over seeded experiments; task files, rule files
# and formulas; parameters from the command line; errors name the place.
$ e2l tasks
task families (tasks show NAME: their parameters):
  reward       a neuron learns to classify frozen spike patterns from a reward (paper section 'reward-driven learning')
  error        a student neuron learns to follow a teacher's membrane potential (paper section 'error-driven learning')
  correlation  a neuron learns to detect a frozen spike pattern hidden in Poisson input (paper section 'correlation-driven learning')
task files (tasks/):
  correlation  correlation-homeostatic  correlation-quick  correlation-validation  error  error-paper
  error-quick  error-validation  reward  reward-quick
rule files (rules/):
  correlation-homeostatic  correlation-lr1  correlation-lr2  correlation-none  error-eq10  error-eq11
  error-eq7  error-eq7x2  error-none  reward-lr0  reward-lr1  reward-lr2
  reward-lr3  reward-lr4  reward-lr5  reward-none  reward-re
$ e2l run error-quick eq7 | grep -v '^seeds'
task      error-quick
rule      Eq. 7: (v - u)*s
fitness   -11.19  (mean over 5 experiments)
mean, SD  -11.19 +- 3.169
values    -15.12 -12.62 -6.578 -11.56 -10.07
$ e2l run error-quick 'x_2*(x_0 - x_1)' --seed 7 -s experiments=2 --json | sed 's/"seconds": [0-9.]*/"seconds": S/; s|"file": "[^"]*/|"file": ".../|'
{"task": "error-quick", "rule": "x_2*(x_0 - x_1)", "formula": "s*(v - u)", "fitness": -8.9349205932823743, "values": [-12.011484360470348, -5.8583568260944014], "mean": -8.9349205932823743, "sd": 4.3509182050628938, "seed": 7, "validate": false, "seconds": S, "configuration": {"family": "error", "name": "error-quick", "file": ".../error-quick.task", "parameters": {"experiments": 2, "T": 10000, "h": 0.1, "inputs": 5, "rate_min": 150, "rate_max": 850, "delay": 2, "teacher_w_min": -20, "teacher_w_max": 20, "teacher_shift": 15, "teacher_shift_sign": "fixed", "student_w0": 5, "tau_m": 10, "tau_s": 2, "C_m": 250, "E_L": -70, "v_every": 5, "tau_I": 100, "eta": 1.7, "sample": 1, "skip": 0.1, "protocol": "e2l", "paper_seed": 1235, "v_read": "start", "duplicates": "count", "weight_slice": 0, "semantics": "real", "replay": ""}}}
$ e2l run error-quick '2*(v - u)*s' --validate -s experiments=3 | grep -v seeds
task      error-quick
rule      2*(v - u)*s
fitness   -8.799  (mean over 3 experiments)
mean, SD  -8.799 +- 1.712
values    -10.77 -7.671 -7.957
$ e2l validate error-quick eq7x2 --vs none -s experiments=4
4 validation experiments of task error-quick (seed 1), the same for both rules
                                              mean         SD     median        min
  rule     2(v - u)s                        -10.13      3.007     -9.363     -14.12
  baseline no plasticity                      -244      75.32     -248.3     -331.7
paired difference (rule - baseline): 233.9, 95% CI [109.7, 358.1]; paired t = 5.993, p = 0.0093
  the rule wins 4, loses 0, ties 0 of 4 experiments
Welch's t-test, as if unpaired: t = 6.205, df = 3.0, p = 0.00836
verdict (paired, p < 0.05): too few experiments to conclude
$ e2l run error-quick '(v - u)*q'
e2l: (v - u)*q: formula uses 'q', which task family 'error' does not have (it has v, u, s)
[exit 65]
$ e2l run error-quick eq7 -s etaa=1
e2l: -s etaa=1: unknown parameter 'etaa' for task family 'error' (did you mean 'eta'?)
[exit 65]
$ e2l run error-quick eq7 -s eta=abc
e2l: -s eta=abc: eta = 'abc' is not a number
[exit 65]
$ e2l run error-quick '1/s' -s experiments=2 | grep fitness
fitness   -inf  (mean over 2 experiments)
$ e2l run nosuchtask eq7
e2l: unknown task 'nosuchtask' (task families: reward, error, correlation; or a task file)
[exit 64]
$ e2l run error-quick
e2l: which rule? (a rule file, a name in rules/ or a formula; see `help run`)
[exit 64]
$ cp "$srcdir"/tests/golden/bad.task . && e2l run bad.task eq7
e2l: bad.task:4: unknown parameter 'tua_I' for task family 'error' (did you mean 'tau_I'?)
[exit 65]
$ cp "$srcdir"/tests/golden/bad.rule . && e2l run error-quick bad.rule
e2l: bad.rule:3:22: incomplete formula: expected a number, a name or '('
[exit 65]
$ e2l run error-quick eq7 -s experiments=1 --record rec > /dev/null && head -n 2 rec/[st]*.csv && wc -l < rec/traces_mV.csv
==> rec/spikes.csv <==
experiment,trial,neuron,t_ms
0,-1,1,0.5
==> rec/traces_mV.csv <==
experiment,t_ms,trace,value_mV
0,1,u,-70
==> rec/traces_mV^2.csv <==
experiment,t_ms,trace,value_mV^2
0,1000,err2,0.8052782361
==> rec/traces_pA.csv <==
experiment,t_ms,trace,value_pA
0,5,w_0,4.999986854
==> rec/trials.csv <==
experiment,trial,quantity,value
20001
$ e2l tasks doc | cmp - "$srcdir"/doc/tasks.md && echo "doc/tasks.md is up to date"
doc/tasks.md is up to date

# validate --json: every per-experiment value, the paired difference with
# its CI, Welch's test and the verdict; the default size of a reward
# validation is 200 experiments.
$ e2l validate error-quick eq7x2 --vs eq7 --experiments 3 --json
{"task": "error-quick", "seed": 1, "experiments": 3, "rule": {"name": "2(v - u)s", "values": [-10.769906039864455, -7.6714853106733045, -7.9568249449264536], "mean": -8.7994054318214037, "sd": 1.7124570538972519, "median": -7.9568249449264536, "min": -10.769906039864455, "below": null, "nonfinite": 0}, "baseline": {"name": "Eq. 7", "values": [-15.190920041649115, -13.696042886417709, -9.4608070042288581], "mean": -12.782589977431892, "sd": 2.9722627774314279, "median": -13.696042886417709, "min": -15.190920041649115, "below": null, "nonfinite": 0}, "paired": {"difference": 3.9831845456104893, "ci95": [-1.7101381177716024, 9.6765072089925805], "t": 3.0102386377107155, "p": 0.094907024362598846, "wins": 3, "losses": 0, "ties": 0}, "welch": {"t": 2.0112258921379658, "df": 3.1959936314190633, "p": 0.13219076173782515}, "verdict": "too few experiments to conclude"}
$ e2l validate reward-quick lr2 --vs lr0 | head -1
200 validation experiments of task reward-quick (seed 1), the same for both rules
$ e2l validate error-quick '1/s' --vs eq7 -s experiments=5 | tail -5
paired difference (rule - baseline): undefined (5 experiments blew up, the first experiment 0)
  1/s: experiment 0 (t = 0.1 ms): the rule's value for w_0 became inf
  the rule wins 0, loses 0, ties 0 of 5 experiments
Welch's t-test, as if unpaired: undefined
verdict (paired, p < 0.05): undefined: a rule gave a non-finite value

# The correlation family reports the share of experiments with SNR < 10
# beside mean, median and minimum.
$ e2l validate correlation-quick lr1 --vs none --experiments 5 | head -4
5 validation experiments of task correlation-quick (seed 1), the same for both rules
                                              mean         SD     median        min   SNR < 10
  rule     LR1                               21.82      15.29      28.61     0.4388        20%
  baseline no plasticity                     2.491     0.7086      2.344      1.608       100%
