# Issue 11, the library's part (see also notation.t, equiv.t, forms.t).
# A rule that divides by zero is refused when it is made, in simplify's
# words, instead of running to a score of -inf.
$ e2l simplify 'u/0'
e2l: 'u/0': division by zero (zoo): the divisor simplifies to 0: 0
[exit 65]
$ e2l run error-quick 'u/0'
e2l: division by zero (zoo): the divisor simplifies to 0: 0
[exit 65]
$ printf 'task = error\nformula = (v - u)/(s - s)\n' > lab-zoo.rule && e2l run error-quick lab-zoo.rule
e2l: lab-zoo.rule:2:11: division by zero (zoo): the divisor simplifies to 0: s - s
[exit 65]

# Task files written by a run hold the shortest decimal that reads back
# the same: h = 0.1, not 0.10000000000000001.
$ e2l evolve error-quick -s experiments=1 -s T=300 -s h=0.1 -s eta=0.3 --generations 1 --no-cache --out lab-run > /dev/null && grep -E '^(h|eta) ' lab-run/task.task
h = 0.1
eta = 0.3
