#!/usr/bin/python3
"""sympy_baseline.py - the baseline for bench_simplify: SymPy's simplify()
on the same corpus, the way the paper's code simplified every evolved
expression (sympify with evaluate=False, then simplify).

usage: sympy_baseline.py CORPUS [LIMIT]   (needs Debian's python3-sympy)
Prints the same percentiles as bench_simplify, in microseconds.
"""
import sys
import time

try:
    import sympy
except ImportError:
    print("  SymPy baseline skipped: apt-get install python3-sympy")
    sys.exit(0)


def main():
    path = sys.argv[1]
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else 10**9
    with open(path) as f:
        corpus = [line.strip().replace("^", "**") for line in f if line.strip()]
    corpus = corpus[:limit]
    times = []
    for text in corpus:
        t0 = time.perf_counter()
        try:
            sympy.sympify(text, evaluate=False).simplify()
        except Exception:
            pass
        times.append(time.perf_counter() - t0)
    times.sort()
    n = len(times)
    q = lambda p: 1e6 * times[int(p * (n - 1))]
    print("  %-28s %5d  %9.1f  %9.1f  %9.1f  %9.1f" % (
        "SymPy %s simplify()" % sympy.__version__, n, q(0.5), q(0.9),
        q(0.99), 1e6 * times[-1]))


main()
