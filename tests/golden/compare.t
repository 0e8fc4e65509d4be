# compare A B [C ...]: the rules on the same validation experiments, the
# paired statistics against the first, the winner, the per-experiment
# values and (in text) the learning curves overlaid.
$ e2l compare reward reward-lr0 reward-lr2 none --experiments 4 -s trials=40 | sed -n '1,12p'
3 rules on the same 4 experiments of task reward (seed 1); fitness: the reward summed over the trials, -trials .. trials
     rule                               mean         SD        min    best in
  A  reward-lr0                          6.5      9.849         -6          1
  B  reward-lr2                          6.5          3          2          0
  C  none                                  3      8.869         -8          2
B - A: 0, 95% CI [-19.62, 19.62], paired t = 0.000, p = 1; B wins 2, loses 1, ties 1: too few experiments to conclude
C - A: -3.5, 95% CI [-28.88, 21.88], paired t = -0.439, p = 0.69; C wins 2, loses 2, ties 0: too few experiments to conclude
winner (paired, p < 0.05 against each): none
experiment          A          B          C  best
         0          8          8         -8  C
         1         -6          8          8  =
         2         18          2          0  A
$ e2l compare reward reward-lr0 reward-lr2 --experiments 4 -s trials=40 | grep -c 'cumulative reward, mean'
1
# At 80 columns the legend names every rule; the title gives way.
$ e2l compare reward reward-lr0 reward-lr2 none --experiments 4 -s trials=40 | grep 'cumulative reward'
cumulative reward, mean +- SD over 4…  ── reward-lr0  ── reward-lr2  ── none
# --json: every value; the paired difference with its CI, and the winner.
$ e2l compare reward reward-lr0 reward-lr2 --experiments 6 -s trials=60 --json | python3 -c 'import json,sys; c=json.load(sys.stdin); print(len(c["rules"][0]["values"]), len(c["rules"][1]["values"]), sorted(c["paired"][0]), c["winner"])'
6 6 ['baseline', 'ci95', 'difference', 'losses', 'p', 'rule', 't', 'ties', 'verdict', 'wins'] None
# The same experiments as validate (its seeds and size).
$ e2l validate reward reward-lr0 --vs reward-lr2 --experiments 6 -s trials=60 --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["rule"]["values"])'
[12, -10, 22, 12, 14, 10]
$ e2l compare reward reward-lr0 reward-lr2 --experiments 6 -s trials=60 --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["rules"][0]["values"])'
[12, -10, 22, 12, 14, 10]
# The workbench: the current task switches to the rules' family.
$ e2l -c 'task error-quick' -c 'compare reward-lr0 lr2 --experiments 3 -s trials=40' | sed -n '3,6p'
task reward-quick (the rule is for the reward family)
2 rules on the same 3 experiments of task reward-quick (seed 1); fitness: the reward summed over the trials, -trials .. trials
     rule                               mean         SD        min    best in
  A  reward-lr0                            6       15.1        -10          1
# Errors name what is wrong.
$ e2l compare reward reward-lr0
e2l: usage: compare A B [C ...] (see `help compare`)
[exit 64]
$ e2l compare reward reward-lr0 error-eq7
e2l: error-eq7 is for error, the first rule for reward
[exit 65]
$ e2l -c 'compare lr0 nosuchrule'
e2l: -c:1: nosuchrule: formula uses 'nosuchrule', which task family 'reward' does not have (it has R, E, Rbar_plus, Rbar_minus, Rbar)
[exit 65]
