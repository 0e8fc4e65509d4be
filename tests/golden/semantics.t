# Rule semantics: `semantics = real | nest`, a task parameter.
# Under nest, x^y with x < 0 and y fractional, log and sqrt of x < 0 take
# the complex principal value, as the paper's NEST synapses did, complex
# values flow on, and the rule's value is the real part.  -((-1)^0.5)^2 is
# -(i^2), whose real part is exactly 1, under nest and NaN under real: that
# factor leaves LR0 as it is under nest and makes it -inf under real.
$ e2l run reward-quick '(R - 1)*E' -s experiments=2 | grep -v '^seeds'
task      reward-quick
rule      (R - 1)*E
fitness   164  (mean over 2 experiments)
mean, SD  164 +- 16.97
values    176 152
$ e2l run reward-quick '(R - 1)*E*(-((-1)^0.5)^2)' -s experiments=2 | grep -v '^seeds'
task      reward-quick
rule      (R - 1)*E*-((-1)^0.5)^2
fitness   -inf  (mean over 2 experiments)
mean, SD  undefined (2 experiments blew up, the first experiment 0)
failed    experiment 0, trial 0 (t = 500 ms): the rule's value for w_0 became nan
values    -inf -inf
$ e2l run reward-quick '(R - 1)*E*(-((-1)^0.5)^2)' -s experiments=2 -s semantics=nest | grep -v '^seeds'
task      reward-quick
rule      (R - 1)*E*-((-1)^0.5)^2
fitness   164  (mean over 2 experiments)
mean, SD  164 +- 16.97
values    176 152
$ e2l run reward-quick lr0 -s semantics=complex
e2l: -s semantics=complex: semantics = 'complex' is not one of real, nest
[exit 65]
$ e2l tasks show reward | grep '^semantics'
semantics                    real      real|nest                  rule arithmetic: real (x^y with x < 0, y fractional is NaN) or nest (its complex principal value's real part: the paper's NEST)

# explain, equiv and export say which semantics they use: the current
# task's (the Python note starts with '#', which these files read as a
# comment, hence the sed).
$ e2l -c 'set semantics nest' -c 'explain "(-8)^(1/3)*E"' -c 'equiv "(R*E)^0.5" "R^0.5*E^0.5"' -c 'export "(R*E)^0.5" c' -c 'export "(R*E)^0.5" python' | sed 's/^#/(#)/'
semantics = nest
formula     (-8)^(1/3)*E   (4 operations)
simplified  E*(-8)^(1/3)   (4 operations)
semantics   nest (task reward-quick): as in the paper's NEST, x^y with x < 0 and y fractional, log and sqrt of x < 0 are complex principal values, which flow on; the rule's value is the real part
(the program runs in real arithmetic; elements that come out NaN run again in complex arithmetic)
program     2 instructions, each over a block of up to 256 values
inputs: E
0000  pow   t0, -8, 0.3333333333333333
0001  mul   t1, t0, E
      out   t1
equivalent only where both are defined: R*E >= 0 and R >= 0 and E >= 0, if at all (agree at 78 points there; not proven); not at E = -1.59, R = -2.95: A = 2.165756219, B is undefined
semantics real: x^y with x < 0 and y fractional, log and sqrt of x < 0 are undefined (NaN)
(checked so; these rules run under nest, where x^y with x < 0, log and sqrt of x < 0 can make the verdict differ)
/* real arithmetic (pow, log, sqrt of double), while the rule's semantics are nest: where a negative base has a fractional exponent, or log or sqrt a negative argument, this gives NaN and NEST the real part of the principal complex value (cpow, clog of complex.h, then creal) */
pow(E*R, 0.5)
(#) rule semantics nest: SymPy's principal values, real part: sympy.re(rule.subs(values).evalf())
(E*R)**0.5
$ e2l -c 'explain "(-8)^(1/3)*E"' -c 'export "(R*E)^0.5" c' -c 'export "(R*E)^0.5" python' | sed 's/^#/(#)/'
formula     (-8)^(1/3)*E   (4 operations)
simplified  E*(-8)^(1/3)   (4 operations)
semantics   real: x^y with x < 0 and y fractional, log and sqrt of x < 0 are undefined (NaN)
program     2 instructions, each over a block of up to 256 values
inputs: E
0000  pow   t0, -8, 0.3333333333333333
0001  mul   t1, t0, E
      out   t1
/* rule semantics real: NaN where a negative base has a fractional exponent, or log or sqrt a negative argument, as C's pow, log and sqrt give */
pow(E*R, 0.5)
(#) rule semantics real: e2l's value is NaN where a negative base has a fractional exponent, or log or sqrt a negative argument (SymPy gives a complex number there)
(E*R)**0.5

