# Explained failures: a rule that blows up says which experiment, which
# trial or time, and which quantity went non-finite; the statistics over
# it are undefined, never "-inf +- 0" or "nan".
$ e2l run error-quick 'exp(exp(s*100))' -s experiments=2 | grep -v '^seeds'
task      error-quick
rule      exp(exp(s*100))
fitness   -inf  (mean over 2 experiments)
mean, SD  undefined (2 experiments blew up, the first experiment 0)
failed    experiment 0 (t = 27.9 ms): the rule's value for w_0 became inf
values    -inf -inf
$ e2l run error-quick '1e307*s' -s eta=1e6 -s experiments=1 | grep -v '^seeds'
task      error-quick
rule      1e307*s
fitness   -inf  (mean over 1 experiments)
mean, SD  undefined (experiment 0 blew up)
failed    experiment 0 (t = 3.9 ms): weight w_0 became inf
values    -inf
$ e2l run reward-quick 'E*1e306' | grep -v '^seeds'
task      reward-quick
rule      E*1e306
fitness   -inf  (mean over 4 experiments)
mean, SD  undefined (3 experiments blew up, the first experiment 0)
failed    experiment 0, trial 0 (t = 500 ms): weight w_21 became inf
values    -inf 120 -inf -inf
$ e2l run correlation-quick --facilitate 'exp(exp(k*1000))' --depress 0 -s nonfinite=stop -s T=2000 -s T_free=1000 | grep -v '^seeds'
task      correlation-quick
rule      facilitate = exp(exp(k*1000)); depress = 0
fitness   -inf  (minimum over 4 experiments)
mean, SD  undefined (3 experiments blew up, the first experiment 0)
failed    experiment 0 (t = 421.7 ms): facilitate's value for w_388 became inf
values    -inf 3.412 -inf -inf
$ e2l run correlation-quick --facilitate '-exp(exp(k*1000))' --depress 0 -s T=2000 -s T_free=1000 -s experiments=1 | grep -v '^seeds'
task      correlation-quick
rule      facilitate = -exp(exp(k*1000)); depress = 0
fitness   -inf  (minimum over 1 experiments)
mean, SD  undefined (experiment 0 blew up)
failed    experiment 0 (t = 421.7 ms): weight w_388 became -inf
values    -inf
$ e2l run error-quick 'exp(exp(s*100))' -s experiments=2 --json | sed 's/"seconds": [0-9.]*/"seconds": S/; s|"file": "[^"]*/|"file": ".../|'
{"task": "error-quick", "rule": "exp(exp(s*100))", "formula": "exp(exp(s*100))", "fitness": null, "values": [null, null], "mean": null, "sd": null, "failure": {"experiment": 0, "trial": null, "t_ms": 27.900000000000002, "quantity": "formula", "value": "inf", "text": "experiment 0 (t = 27.9 ms): the rule's value for w_0 became inf"}, "seed": 1, "validate": false, "seconds": S, "configuration": {"family": "error", "name": "error-quick", "file": ".../error-quick.task", "parameters": {"experiments": 2, "T": 10000, "h": 0.1, "inputs": 5, "rate_min": 150, "rate_max": 850, "delay": 2, "teacher_w_min": -20, "teacher_w_max": 20, "teacher_shift": 15, "teacher_shift_sign": "fixed", "student_w0": 5, "tau_m": 10, "tau_s": 2, "C_m": 250, "E_L": -70, "v_every": 5, "tau_I": 100, "eta": 1.7, "sample": 1, "skip": 0.1, "protocol": "e2l", "paper_seed": 1235, "v_read": "start", "duplicates": "count", "weight_slice": 0, "semantics": "real", "replay": ""}}}
# The workbench says it too.
$ e2l -c 'task error-quick' -c 'run exp(exp(s*100))' | tail -1
exp(exp(s*100)): exp(exp(s*100)) on error-quick: fitness -inf, mean and SD undefined: experiment 0 (t = 27.9 ms): the rule's value for w_0 became inf
# validate says which experiment made the statistics undefined, and why.
$ e2l validate reward-quick 'E*1e306' --vs none -s experiments=5 | sed -n '5,6p'
paired difference (rule - baseline): undefined (4 experiments blew up, the first experiment 0)
  E*1e306: experiment 0, trial 1 (t = 1000 ms): eligibility trace E_1 became nan
# A t statistic without spread is undefined, written without a gap.
$ e2l validate error-quick eq7 --vs eq7 -s experiments=5 | grep 'paired t'
paired difference (rule - baseline): 0, 95% CI [0, 0]; paired t = undefined, p = 1
