# Every error is one line naming the place; the exit status says what kind.
$ e2l simplify '(u - v'
e2l: '(u - v': 1:7: incomplete formula: expected ')' after '(u - v'
[exit 65]
$ e2l simplify '(u - v]' 'x y' 'foo(x)' 'min(x)' 'x $ 1'
e2l: '(u - v]': 1:7: expected ')' after '(u - v', found ']'
e2l: 'x y': 1:3: expected an operator (a product is written x*y), found 'y'
e2l: 'foo(x)': 1:1: unknown function 'foo' (functions: exp, log, sqrt, abs, min, max; a product is written foo*(...))
e2l: 'min(x)': 1:1: min takes 2 arguments, not 1
e2l: 'x $ 1': 1:3: unexpected character, found '$'
[exit 65]
$ e2l simplify 'x/(y - y)' 'log(x - x)' '1e999'
e2l: 'x/(y - y)': division by zero (zoo): the divisor simplifies to 0: y - y
e2l: 'log(x - x)': log of zero (minus infinity): log(x - x)
e2l: '1e999': 1:1: number 1e999 is out of range (1e-400 to 1e400)
[exit 65]
$ e2l simplify 'x^1000000' '(a + b + c + d + e + f)^40'
e2l: 'x^1000000': too large to simplify: x^1000000 would have degree 1000000 (limit 256)
e2l: '(a + b + c + d + e + f)^40': too large to simplify: (a + b + c + d + e + f)^40 would have terms 9366819 (limit 20000)
[exit 65]
$ printf '(R - 1)*E\n# a comment\n\n(a +\n  b)^2\nx/(y - y)\n(x +\n  * y)\n' | e2l expand
E*R - E
a^2 + 2*a*b + b^2
e2l: <stdin>:6: division by zero (zoo): the divisor simplifies to 0: y - y
e2l: <stdin>:8:3: expected a number, a name or '(', found '*'
[exit 65]
$ e2l eval '(v - u)*s' v=-60 u=-65
e2l: eval: s has no value (give it as s=VALUE)
[exit 65]
$ e2l eval '(v - u)*s' v=-60 u=-65 s=abc
e2l: eval: s: 'abc' is not a number (write a decimal such as 2, -0.5 or 1e-3)
[exit 64]
$ e2l eval '1/x' x=0
inf
$ e2l frobnicate x
e2l: unknown command 'frobnicate' (try 'e2l --help')
[exit 64]
$ e2l equiv 'x'
e2l: usage: equiv A B (quote formulas with spaces, or write A == B)
[exit 64]
