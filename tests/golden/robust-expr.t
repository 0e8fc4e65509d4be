# The formula commands under hostile input.  Long formulas are
# made with printf and seq: no python3 on a bare machine.

# More distinct variables than any fixed array held (256 in the shell, 64
# in the workbench): explain, eval and equiv crashed past them.
$ f=$(printf 'v%d+' $(seq 0 259)); e2l explain "${f%+}" | tail -n 3
0257  add   t1, t0, v258
0258  add   t0, t1, v259
      out   t0
$ f=$(printf 'v%d+' $(seq 0 259)); e2l eval "${f%+}" $(printf 'v%d=1 ' $(seq 0 259))
260
$ f=$(printf 'v%d+' $(seq 0 259)); e2l eval "${f%+}" v0=1
e2l: eval: v1, v2, v3, v4, v5 and 254 more have no value (give each as NAME=VALUE)
[exit 65]
$ f=$(printf 'v%d+' $(seq 0 259)); e2l equiv "exp(${f%+})*exp(w)" "exp(${f%+} + w)"
agree numerically at 128 points with each variable in [-100, 100]; not proven
semantics real: x^y with x < 0 and y fractional, log and sqrt of x < 0 are undefined (NaN)
[exit 2]
$ f=$(printf 'v%d+' $(seq 0 259)); e2l -c "explain ${f%+}" | tail -n 2
0258  add   t0, t1, v259
      out   t0
$ f=$(printf 'v%d+' $(seq 0 259)); e2l -c "equiv \"exp(${f%+})*exp(w)\" \"exp(${f%+} + w)\""
agree numerically at 128 points with each variable in [-100, 100]; not proven
semantics real: x^y with x < 0 and y fractional, log and sqrt of x < 0 are undefined (NaN)
[exit 2]

# The workbench split a command line into at most 64 words and dropped the
# rest without a word: here the bad setting at the end went unseen.
$ e2l -c "evolve error-quick --generations 1 $(for i in $(seq 1 40); do printf -- '-s eta=0.%d ' $i; done) -s nosuch=1"
e2l: -c:1: -s nosuch=1: unknown parameter 'nosuch' for task family 'error' (see 'e2l tasks show error')
[exit 65]

# equiv: sampling cannot prove two formulas the same, so it never exits 0;
# where it can tell them apart it names a point, which eval reproduces.
$ e2l equiv 'exp(80)' 'exp(80) + 0.001'
not equivalent (exact)
semantics real: x^y with x < 0 and y fractional, log and sqrt of x < 0 are undefined (NaN)
[exit 1]
$ e2l equiv 'sqrt(x)' 'sqrt(x) + 1e-10'
not equivalent (exact)
semantics real: x^y with x < 0 and y fractional, log and sqrt of x < 0 are undefined (NaN)
[exit 1]
$ e2l equiv 'log(x^2)' '2*log(x)'
equivalent only where both are defined: x^2 > 0 and x > 0, if at all (agree at 98 points there; not proven); not at x = -0.0709: A = -5.292969691, B is undefined
semantics real: x^y with x < 0 and y fractional, log and sqrt of x < 0 are undefined (NaN)
[exit 1]
$ e2l eval 'log(x^2)' x=-0.0709
-5.2929696908881105
$ e2l equiv 'exp(x)' 'exp(x)*(1 + 1e-12)'
not equivalent (at x = 0.773: A = 2.166255281221, B = 2.166255281223)
semantics real: x^y with x < 0 and y fractional, log and sqrt of x < 0 are undefined (NaN)
[exit 1]
$ e2l equiv 'min(x, 50)' 'x'
not equivalent (at x = 56.2: A = 50, B = 56.2)
semantics real: x^y with x < 0 and y fractional, log and sqrt of x < 0 are undefined (NaN)
[exit 1]
$ e2l equiv 'sqrt(-x^2)' 'sqrt(-x^2) + 1'
undecided: both are defined at only 0 of 128 points sampled (they are where -x^2 >= 0); not proven either way
semantics real: x^y with x < 0 and y fractional, log and sqrt of x < 0 are undefined (NaN)
[exit 2]
$ e2l -c 'equiv "log(x^2)" "2*log(x)"'
equivalent only where both are defined: x^2 > 0 and x > 0, if at all (agree at 98 points there; not proven); not at x = -0.0709: A = -5.292969691, B is undefined
semantics real: x^y with x < 0 and y fractional, log and sqrt of x < 0 are undefined (NaN)
[exit 1]
$ e2l -c 'equiv "exp(x)*exp(y)" "exp(x + y)"'
agree numerically at 128 points with each variable in [-100, 100]; not proven
semantics real: x^y with x < 0 and y fractional, log and sqrt of x < 0 are undefined (NaN)
[exit 2]
$ e2l -c 'equiv "exp(x) ; w" "exp(x) ; sqrt(w)^2"'
facilitate: equivalent (exact)
depress   : equivalent only where both are defined: w >= 0, if at all (agree at 98 points there; not proven); not at w = -0.0709: A = -0.0709, B is undefined
semantics real: x^y with x < 0 and y fractional, log and sqrt of x < 0 are undefined (NaN)
(checked so; these rules run under nest, where x^y with x < 0, log and sqrt of x < 0 can make the verdict differ)
[exit 1]

# factor above its bounds says so instead of printing an unfactored form.
$ e2l factor '(a + b + c + d + e + f + g + h + i)^4 + 1' 'x^65 - 1' '1/(x^65 - 1)'
e2l: '(a + b + c + d + e + f + g + h + i)^4 + ...': too large to factor: the numerator has 496 terms (limit 400); simplify gives it unfactored
e2l: 'x^65 - 1': too large to factor: the numerator has degree 65 (limit 64); simplify gives it unfactored
e2l: '1/(x^65 - 1)': too large to factor: the denominator has degree 65 (limit 64); simplify gives it unfactored
[exit 65]
$ e2l -c 'factor x^65 - 1'
e2l: -c:1: too large to factor: the numerator has degree 65 (limit 64); simplify gives it unfactored
[exit 65]
$ e2l simplify 'x^65 - 1'
x^65 - 1

# eval: a name given twice is an error naming it.
$ e2l eval x x=1 x=2
e2l: eval: x is given twice (x=1, then x=2)
[exit 64]

# Limits worded by what they count: terms in a row, or nesting.
$ f=$(printf 'x%d+' $(seq 1 400)); e2l simplify "${f%+}" | wc -c
2690
$ f=$(printf 'x%d+' $(seq 1 401)); e2l simplify "${f%+}"
e2l: 'x1+x2+x3+x4+x5+x6+x7+x8+x9+x10+x11+x12+x...': 1:1892: more than 400 terms in one sum or product (the limit is 400 levels of operations); group terms in parentheses
[exit 65]
$ e2l simplify "$(printf '(%.0s' $(seq 401))x$(printf ')%.0s' $(seq 401))"
e2l: '((((((((((((((((((((((((((((((((((((((((...': 1:401: formula nested more than 400 levels deep
[exit 65]
$ e2l expand '(a + b + c + d + e + f + g + h + i)^4'
e2l: '(a + b + c + d + e + f + g + h + i)^4': too large to show: the result is a sum of 495 terms (the limit is 400 levels of operations)
[exit 65]

# eval reads numbers as a formula does: one number reader.
$ e2l eval x x=1e-320
9.9998886718268301e-321
$ e2l simplify 1e-320
1e-320
$ e2l eval x x=0x10
e2l: eval: x: '0x10' is not a number (write a decimal such as 2, -0.5 or 1e-3)
[exit 64]
$ e2l simplify 0x10
e2l: '0x10': 1:1: '0x10' is not a number: write numbers in decimal
[exit 65]
$ e2l eval x x=inf
e2l: eval: x: 'inf' is not a number (write a decimal such as 2, -0.5 or 1e-3)
[exit 64]
$ e2l eval x x=1e999
e2l: eval: x: number 1e999 is out of range (1e-400 to 1e400)
[exit 64]
$ e2l eval x x=-.5e+1
-5

# A variable without a value is bad data (65), as a syntax error is.
$ e2l eval 'x*y*z' x=1
e2l: eval: y and z have no value (give each as NAME=VALUE)
[exit 65]

# A NUL byte in formula text is an error naming its line, not the
# formula's end; standard input is read as the workbench reads a script.
$ printf 'x +\n y\0z\n' | e2l simplify
e2l: <stdin>:2: a NUL byte in the line (is this a binary file?); read no further
[exit 65]
$ printf 'x*y\0junk\n(a\0' | e2l expand
e2l: <stdin>:1: a NUL byte in the line (is this a binary file?); read no further
[exit 65]
$ head -c 100000 /dev/zero | e2l simplify
e2l: <stdin>:1: a NUL byte in the line (is this a binary file?); read no further
[exit 65]

# A bivariate polynomial whose factoring took FLINT a minute is refused at
# once; simplify gives it unfactored.
$ e2l factor 'x^64 - y^64 - x^4'
e2l: 'x^64 - y^64 - x^4': too large to factor: the numerator has degree 64 (limit 32 in several variables); simplify gives it unfactored
[exit 65]
$ e2l simplify 'x^64 - y^64 - x^4'
x^64 - y^64 - x^4

# x_0 and x_00 are two variables, not one (a digit run's value ties them).
$ e2l eval 'x_0 - x_00' x_0=1 x_00=3
-2
