# The paper's own notation (issue 11): a product is implied where a number
# or ')' meets a name or '(', as in the rule named 2(v - u)s; operators
# pasted from a PDF read as their ASCII selves.  Output is ASCII.
$ e2l simplify '2(v - u)s' '(v - u)s' '2 x' 'x^2y' '2exp(x)' '(a + b)(a - b)'
2*s*(v - u)
s*(v - u)
2*x
y*x^2
2*exp(x)
(a + b)*(a - b)
$ e2l simplify 'v − u' '2(v − u)×s' 'a·b ÷ c' 'v – u'
v - u
2*s*(v - u)
a*b/c
v - u
$ e2l latex '2(v − u)s'
2 s \left(v - u\right)
$ e2l run error-quick '2(v - u)s' -s experiments=2 | grep fitness
fitness   -15.4  (mean over 2 experiments)
$ e2l run error-quick eq7x2 -s experiments=2 | grep fitness
fitness   -15.4  (mean over 2 experiments)

# Names are never split (vs is one name): the message says how to write
# the product.  Two names side by side, a/2b (which reads both ways), a
# hexadecimal number and other characters are refused, each saying why.
$ e2l run error-quick 'vs'
e2l: vs: formula uses 'vs', which task family 'error' does not have (it has v, u, s; a product is written v*s)
[exit 65]
$ e2l run reward-quick 'ERbar'
e2l: ERbar: formula uses 'ERbar', which task family 'reward' does not have (it has R, E, Rbar_plus, Rbar_minus, Rbar; a product is written E*Rbar)
[exit 65]
$ e2l simplify 'v s' 's(v - u)' 'a/2b' '0x10' 'v → u' 'x²'
e2l: 'v s': 1:3: expected an operator (a product is written v*s), found 's'
e2l: 's(v - u)': 1:1: unknown function 's' (functions: exp, log, sqrt, abs, min, max; a product is written s*(...))
e2l: 'a/2b': 1:4: a product after a quotient is ambiguous: write '*' or parentheses after 'a/2', found 'b'
e2l: '0x10': 1:1: '0x10' is not a number: write numbers in decimal
e2l: 'v → u': 1:3: unexpected character, found '→' (U+2192)
e2l: 'x²': 1:2: unexpected character, found '²' (U+00B2)
[exit 65]
