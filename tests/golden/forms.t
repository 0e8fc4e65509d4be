# Simplify, expand and factor: the exact forms.
$ e2l simplify '(R - 1)*E' 'x_1*(x_0 - 1)/x_0^2*x_0^2' '-E + E/R'
E*(R - 1)
x_1*(x_0 - 1)
E/R - E
$ e2l simplify '0.1*E + E/10 - 0.2*E' '0.1 + 0.2' 'x/3 + x/6' 'x/3'
0
0.3
0.5*x
x/3
$ e2l simplify 'x_2*(x_0 + x_1)*(x_0*(x_0 - x_1) - x_2)/x_0^2'
x_2*(x_0 + x_1)*(x_0*(x_0 - x_1) - x_2)/x_0^2
$ e2l simplify '(-E*(R + Rbar_minus*(R + Rbar_minus)) + E + Rbar_minus)/(R + Rbar_minus*(R + Rbar_minus))'
(E + Rbar_minus)/(Rbar_minus*(R + Rbar_minus) + R) - E
$ e2l simplify 'exp(x + y) - exp(y + x) + sqrt(x)^2'
sqrt(x)^2
$ e2l expand '(R - 1)*E' '(x + y)^3' '(x + 1)/(2*y + 2)'
E*R - E
x^3 + 3*x^2*y + 3*x*y^2 + y^3
(x + 1)/(2*y + 2)
$ e2l factor 'x^2 - y^2' '2*E*R - 2*E' 'x^3 - 1'
(x + y)*(x - y)
2*E*(R - 1)
(x - 1)*(x^2 + x + 1)
# Printers.
$ e2l latex '(R - Rbar_plus + Rbar_minus)*E/(1 + Rbar_plus)' 'sqrt(abs(tau))*1e-9'
\frac{E \left(R + \bar{R}^{-} - \bar{R}^{+}\right)}{\bar{R}^{+} + 1}
10^{-9} \sqrt{\left|\tau\right|}
$ e2l c '(x_0*x_1)^x_0 - 1' 'x^2/3'
pow(x_0*x_1, x_0) - 1.0
pow(x, 2.0)/3.0
$ e2l python 'abs(x)^2 + min(x, y)'
Abs(x)**2 + Min(x, y)

# The shortest exact form (issue 11): a power is found again at any size,
# and a formula whose P/Q has no short form is printed as written, its
# parts simplified; expand still multiplies out.
$ e2l simplify '(a+b+c+d)^12' '(a+b+c+d)^12 + 1' '(a+b)*(c+d) + e - e'
(a + b + c + d)^12
(a + b + c + d)^12 + 1
(a + b)*(c + d)
$ e2l factor '(a+b+c+d)^12*(a - b)^3'
(a - b)^3*(a + b + c + d)^12
$ e2l expand '(a + b)^3'
a^3 + 3*a^2*b + 3*a*b^2 + b^3
