# equiv: exit 0 when equivalent (proven), 1 when not, 2 when the formulas
# agree at every point sampled, which proves nothing; exact where it can be.
$ e2l equiv 'x_1*x_0 - x_1' 'x_1*(x_0 - 1)'
equivalent (exact)
semantics real: x^y with x < 0 and y fractional, log and sqrt of x < 0 are undefined (NaN)
$ e2l equiv 'x_1*(x_0 - 1)*x_0^2' 'x_1*(x_0 - 1)'
not equivalent (exact)
semantics real: x^y with x < 0 and y fractional, log and sqrt of x < 0 are undefined (NaN)
[exit 1]
$ e2l equiv 'sqrt(x)^2' 'x'
equivalent only where both are defined: x >= 0, if at all (agree at 98 points there; not proven); not at x = -0.0709: A is undefined, B = -0.0709
semantics real: x^y with x < 0 and y fractional, log and sqrt of x < 0 are undefined (NaN)
[exit 1]
$ e2l equiv 'exp(x)*exp(y)' 'exp(x + y)'
agree numerically at 128 points with each variable in [-100, 100]; not proven
semantics real: x^y with x < 0 and y fractional, log and sqrt of x < 0 are undefined (NaN)
[exit 2]
$ e2l equiv 'abs(x)' 'x'
not equivalent (at x = -0.0709: A = 0.0709, B = -0.0709)
semantics real: x^y with x < 0 and y fractional, log and sqrt of x < 0 are undefined (NaN)
[exit 1]
$ e2l eval '(v - u)*s' v=-60 u=-65 s=0.3
1.5
$ e2l eval 'x^-2 + min(x, 1)' x=2
1.25
$ e2l explain '(v - u)*s'
formula     (v - u)*s   (2 operations)
simplified  s*(v - u)   (2 operations)
semantics   real: x^y with x < 0 and y fractional, log and sqrt of x < 0 are undefined (NaN)
program     2 instructions, each over a block of up to 256 values
inputs: s u v
0000  sub   t0, v, u
0001  mul   t1, t0, s
      out   t1
$ e2l --version
e2l 0.1.0

# Formulas that agree only where both are defined are not the same
# function (exit 1): the verdict names where they agree (issue 11: the
# negative potentials of the error task are outside log's domain).
$ e2l equiv 'exp(log(v))*s' 'v*s'
equivalent only where both are defined: v > 0, if at all (agree at 93 points there; not proven); not at s = 0.135, v = -0.16: A is undefined, B = -0.0216
semantics real: x^y with x < 0 and y fractional, log and sqrt of x < 0 are undefined (NaN)
[exit 1]
$ e2l equiv 'log(x) - log(x) + y' 'y'
equivalent only where both are defined: x > 0 (exact); not at x = -0.774, y = 81.6: A is undefined, B = 81.6
semantics real: x^y with x < 0 and y fractional, log and sqrt of x < 0 are undefined (NaN)
[exit 1]
$ e2l equiv 'log(v) + log(v)' '2*log(v)'
equivalent (exact); both are defined only where v > 0
semantics real: x^y with x < 0 and y fractional, log and sqrt of x < 0 are undefined (NaN)
