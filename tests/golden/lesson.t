# Lessons in batch mode (e2l FILE, e2l --lesson, -c, piped): `caption`
# prints its text (apostrophes and formulas are prose, not quotes),
# `step` a blank line, `pause` waits for the run (batch runs have ended
# already).  The transcript drops blank lines: step's shows in cat -A.
$ printf 'caption The paper'"'"'s rule LR0 is (R - 1)*E:\ncaption learn from mistakes.\ntask reward-quick\nlr0 = (R - 1)*E\nstep\ncaption Next.\npause\nstep\n' > l.e2l; e2l l.e2l | cat -A
The paper's rule LR0 is (R - 1)*E:$
learn from mistakes.$
task reward-quick (family reward): a neuron learns to classify frozen spike patterns from a reward (paper section 'reward-driven learning')$
rule variables: R E Rbar_plus Rbar_minus Rbar$
lr0  (task family reward, typed)$
  formula    (R - 1)*E$
  simplified E*(R - 1)$
$
Next.$
$
$ e2l --lesson l.e2l | head -2
The paper's rule LR0 is (R - 1)*E:
learn from mistakes.
$ e2l -c 'demo l.e2l' | tail -1 | cat -A
$
$ e2l < l.e2l | head -1
The paper's rule LR0 is (R - 1)*E:
# A lesson by name, from lessons/; its first caption.
$ e2l -c 'demo reward' | head -1
Reward-driven learning.  A neuron sees frozen spike patterns and
# Two runs: the second follows the first, each with its report.
$ printf 'task error-quick\nrun eq7 --experiments 1 --seed 3\npause\nrun none --experiments 1 --seed 3\n' > two.e2l; e2l --lesson two.e2l | grep ': fitness' | sed 's/in [0-9.]* s$/in S s/'
eq7: (v - u)*s on error-quick: fitness -9.13035 (mean -9.13035, SD 0 over 1 experiments) in S s
none: 0 on error-quick: fitness -199.515 (mean -199.515, SD 0 over 1 experiments) in S s
# Mistakes.
$ e2l -c 'demo nosuch'
e2l: -c:1: demo: no lesson 'nosuch' (a file, or a name in lessons/: tour, reward, error, correlation)
[exit 64]
$ e2l --lesson
e2l: option --lesson needs a value: --lesson FILE|NAME
[exit 64]
$ e2l --lesson nosuch
e2l: demo: no lesson 'nosuch' (a file, or a name in lessons/: tour, reward, error, correlation)
[exit 64]
# set speed: a factor of real time, or full; 0 (a pause) only on the
# full screen, since a script waits for its runs.
$ e2l -c 'set speed 0'
e2l: -c:1: set speed: 0 pauses, in the full-screen workbench only (a script waits for its runs)
[exit 64]
$ e2l -c 'set speed -1' -c 'set speed fast' -c 'set speed full' -c 'set speed 2'
e2l: -c:1: set speed: '-1' is not a speed (a number > 0: simulated ms per wall-clock ms, 1 real time; or full; 0 pauses)
e2l: -c:2: set speed: 'fast' is not a speed (a number > 0: simulated ms per wall-clock ms, 1 real time; or full; 0 pauses)
speed = full
speed = 2 (simulated ms per wall-clock ms)
[exit 64]
