# Exercises with a verdict (e2l check, doc/exercises.md): each shipped
# exercise passes a correct rule (exit 0) and fails a wrong one (exit 1),
# with the figures that decided it.  A rule using a variable the exercise
# does not allow fails (1) without running; a missing exercise file is 74,
# a name not in exercises/ 64, a malformed exercise or a bad rule 65.
# Without an exercise, the list (a new exercise changes it: add its
# checks here).
$ e2l check
exercises (e2l check NAME RULE):
  correlation-snr          STDP finds a hidden pattern: beat no plasticity in SNR (task correlation-quick)
  error-delta              The delta rule: learn the teacher's potential from v, u and s (task error-quick)
  reward-baseline          Reward needs a baseline: beat no plasticity using R and E only (task reward-quick)
  reward-score             Learn from reward: score at least 150 on the reward task (task reward-quick)
$ e2l check reward-baseline lr0
exercise  reward-baseline: Reward needs a baseline: beat no plasticity using R and E only
task      reward-quick, 8 validation experiments (seed 2021)
rule      LR0: (R - 1)*E
goal      beat no plasticity: a positive mean paired difference, paired p < 0.05
allowed   R, E
fitness   mean 247 (SD 53.3)
baseline  no plasticity: mean 47.75 (SD 82.9)
paired    difference 199.2, 95% CI [144.7, 253.8], p = 5.6e-05; the rule wins 8, loses 0, ties 0
verdict   PASS: above no plasticity by 199.2 on average, paired p = 5.6e-05 < 0.05
$ e2l check reward-baseline 'R*E'
exercise  reward-baseline: Reward needs a baseline: beat no plasticity using R and E only
task      reward-quick, 8 validation experiments (seed 2021)
rule      R*E
goal      beat no plasticity: a positive mean paired difference, paired p < 0.05
allowed   R, E
fitness   mean 11.5 (SD 52.9)
baseline  no plasticity: mean 47.75 (SD 82.9)
paired    difference -36.25, 95% CI [-80.4, 7.902], p = 0.0933; the rule wins 2, loses 6, ties 0
verdict   FAIL: not above no plasticity: mean paired difference -36.25
hint      R E reinforces whatever the neuron did whenever R is positive.
          Compare R with the reward you would get anyway: (R - c) E.
[exit 1]
$ e2l check reward-baseline lr1
exercise  reward-baseline: Reward needs a baseline: beat no plasticity using R and E only
task      reward-quick, 8 validation experiments (seed 2021)
rule      LR1: (1 + R*Rbar)*(R - 1)*E
goal      beat no plasticity: a positive mean paired difference, paired p < 0.05
allowed   R, E
figures   none: the rule was not run
verdict   FAIL: the rule uses 'Rbar', which this exercise does not allow (allowed: R, E)
hint      R E reinforces whatever the neuron did whenever R is positive.
          Compare R with the reward you would get anyway: (R - c) E.
[exit 1]
$ e2l check reward-score lr2
exercise  reward-score: Learn from reward: score at least 150 on the reward task
task      reward-quick, 8 validation experiments (seed 2021)
rule      LR2: (R - (Rbar_plus - Rbar_minus))*E
goal      mean fitness >= 150
allowed   R, E, Rbar_plus, Rbar_minus, Rbar
fitness   mean 269.2 (SD 64)
verdict   PASS: mean fitness 269.2 >= 150
$ e2l check reward-score none
exercise  reward-score: Learn from reward: score at least 150 on the reward task
task      reward-quick, 8 validation experiments (seed 2021)
rule      no plasticity: 0
goal      mean fitness >= 150
allowed   R, E, Rbar_plus, Rbar_minus, Rbar
fitness   mean 47.75 (SD 82.9)
verdict   FAIL: mean fitness 47.75 is below 150
hint      The eligibility trace E says which synapses took part in the decision;
          R says whether it was right.  What should happen when R is below what
          the neuron usually gets (Rbar)?
[exit 1]
$ e2l check error-delta eq7
exercise  error-delta: The delta rule: learn the teacher's potential from v, u and s
task      error-quick, 8 validation experiments (seed 2021)
rule      Eq. 7: (v - u)*s
goal      match delta rule (v - u)s: mean paired difference >= -2
allowed   v, u, s
fitness   mean -12.04 (SD 3.32) mV
baseline  delta rule (v - u)s: mean -12.04 (SD 3.32) mV
paired    difference 0, 95% CI [0, 0], p = 1; the rule wins 0, loses 0, ties 8
verdict   PASS: within 2 of delta rule (v - u)s: mean paired difference 0
$ e2l check error-delta '(u - v)*s'
exercise  error-delta: The delta rule: learn the teacher's potential from v, u and s
task      error-quick, 8 validation experiments (seed 2021)
rule      (u - v)*s
goal      match delta rule (v - u)s: mean paired difference >= -2
allowed   v, u, s
fitness   mean -1.529e+41 (SD 4.23e+41) mV
baseline  delta rule (v - u)s: mean -12.04 (SD 3.32) mV
paired    difference -1.529e+41, 95% CI [-5.068e+41, 2.01e+41], p = 0.341; the rule wins 0, loses 8, ties 0
verdict   FAIL: 1.529e+41 below delta rule (v - u)s on average; at most 2 below passes
hint      The weight should grow when the teacher's potential v is above
          the student's u, in proportion to how much the synapse took part (s).
[exit 1]
$ e2l check correlation-snr lr1
exercise  correlation-snr: STDP finds a hidden pattern: beat no plasticity in SNR
task      correlation-quick, 12 validation experiments (seed 2021)
rule      LR1: k - w ; w*k - w - k
goal      beat no plasticity: a positive mean paired difference, paired p < 0.05
allowed   w, k
fitness   mean 16.76 (SD 12.3)
baseline  no plasticity: mean 2.695 (SD 0.647)
paired    difference 14.06, 95% CI [6.434, 21.69], p = 0.00189; the rule wins 11, loses 1, ties 0
verdict   PASS: above no plasticity by 14.06 on average, paired p = 0.00189 < 0.05
$ e2l check correlation-snr 'w - k ; w + k - w*k'
exercise  correlation-snr: STDP finds a hidden pattern: beat no plasticity in SNR
task      correlation-quick, 12 validation experiments (seed 2021)
rule      w - k ; w + k - w*k
goal      beat no plasticity: a positive mean paired difference, paired p < 0.05
allowed   w, k
fitness   mean 2.434 (SD 0.852)
baseline  no plasticity: mean 2.695 (SD 0.647)
paired    difference -0.2607, 95% CI [-0.6426, 0.1211], p = 0.161; the rule wins 4, loses 8, ties 0
verdict   FAIL: not above no plasticity: mean paired difference -0.2607
hint      A rule is a pair 'facilitate ; depress': facilitate is applied at a
          postsynaptic spike (k: the presynaptic trace), depress at a presynaptic one.
          Inputs that fire just before the output should grow; keep w in check.
[exit 1]
$ e2l check error-delta '2*(v - u)*s' --json | sed 's/, "values": \[[^]]*\]//g'
{"exercise": "error-delta", "title": "The delta rule: learn the teacher's potential from v, u and s", "task": "error-quick", "experiments": 8, "seed": 2021, "rule": "2*(v - u)*s", "formula": "2*(v - u)*s", "pass": true, "reason": "within 2 of delta rule (v - u)s: mean paired difference 2.187", "forbidden": null, "goal": {"kind": "match", "text": "match delta rule (v - u)s: mean paired difference >= -2", "target": null, "alpha": null, "tolerance": 2, "value": -14.036544473108171}, "value": -9.8496516154584111, "sd": 2.4393713204230347, "baseline": {"name": "delta rule (v - u)s", "mean": -12.036544473108171, "sd": 3.3179341918707639}, "paired": {"difference": 2.1868928576497577, "ci95": [0.85197606804390924, 3.5218096472556062], "t": 3.8737844389241101, "p": 0.0061017718845046481, "wins": 7, "losses": 1, "ties": 0}, "hint": "The weight should grow when the teacher's potential v is above\u000athe student's u, in proportion to how much the synapse took part (s)."}
$ e2l check "$srcdir/exercises/reward-score.exercise" '(R - 1)*E' --threads 1 | tail -1
verdict   PASS: mean fitness 247 >= 150
$ e2l check nosuch.exercise eq7
e2l: nosuch.exercise: No such file or directory
[exit 74]
$ e2l check nosuch eq7
e2l: no exercise 'nosuch' (exercises: correlation-snr, error-delta, reward-baseline, reward-score; or an .exercise file)
[exit 64]
$ printf 'title = broken\ntask = reward\ngoal = beat\nexperiments = 8\nseed = 1\n' > broken.exercise; e2l check broken.exercise lr0
e2l: broken.exercise:3: goal = beat needs a baseline (baseline = FORMULA, such as 0 for no plasticity)
[exit 65]
$ printf 'title = a\rb\ntask = reward-quick\ngoal = fitness >= 1\nexperiments = 1\nseed = 1\n' > cr.exercise; e2l check cr.exercise 0 | head -1
exercise  cr: a\x0db
$ e2l check reward-baseline -- '-(R - 1)*E' | tail -4
paired    difference -51.25, 95% CI [-109.5, 7.021], p = 0.0761; the rule wins 2, loses 6, ties 0
verdict   FAIL: not above no plasticity: mean paired difference -51.25
hint      R E reinforces whatever the neuron did whenever R is positive.
          Compare R with the reward you would get anyway: (R - c) E.
$ e2l check reward-baseline '-(R - 1)*E'
e2l: check: '-(R - 1)*E' is not an option; put '--' before an argument that starts with '-' (e2l check ... -- '-(R - 1)*E')
[exit 64]
$ mkdir -p listing/exercises && cd listing && printf 'title = a\rb\ntask = reward-quick\ngoal = fitness >= 1\nexperiments = 1\nseed = 1\n' > exercises/mine.exercise && e2l check
exercises (e2l check NAME RULE):
  mine                     a\x0db (task reward-quick)
$ e2l check reward-score 'R*q'
e2l: R*q: formula uses 'q', which task family 'reward' does not have (it has R, E, Rbar_plus, Rbar_minus, Rbar)
[exit 65]
$ cd "$srcdir" && e2l check reward-score rules/error-eq7.rule
e2l: rules/error-eq7.rule: a rule for task family 'error'; the exercise is for 'reward'
[exit 65]
$ e2l check correlation-snr 'k - w'
e2l: task family 'correlation' takes a pair: 'facilitate ; depress', or a rule file
[exit 65]
$ e2l check reward-score
usage: e2l check EXERCISE RULE [--json] [--threads T]
       e2l check [--list]
EXERCISE is an .exercise file or a name in exercises/; RULE a rule file, a name
in rules/ or a formula ('F ; D' for a pair).  Exit status: 0 pass, 1 fail
(also a rule using a variable the exercise does not allow), 64 usage,
65 a bad exercise or rule, 74 an exercise that cannot be read.
[exit 64]
$ e2l check reward-score lr0 extra
usage: e2l check EXERCISE RULE [--json] [--threads T]
       e2l check [--list]
EXERCISE is an .exercise file or a name in exercises/; RULE a rule file, a name
in rules/ or a formula ('F ; D' for a pair).  Exit status: 0 pass, 1 fail
(also a rule using a variable the exercise does not allow), 64 usage,
65 a bad exercise or rule, 74 an exercise that cannot be read.
[exit 64]
$ e2l check --threads 0 reward-score lr0
e2l: --threads: '0' is not a whole number in [1, 1024]
[exit 64]
$ e2l check --list | head -1
exercises (e2l check NAME RULE):
