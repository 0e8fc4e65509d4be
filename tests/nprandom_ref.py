#!/usr/bin/python3
"""nprandom_ref.py - reference values for tests/test_nprandom.c.

Prints tests/nprandom_ref.h: a table of calls on numpy's legacy
numpy.random.RandomState and the values numpy returned, which the C test
replays on src/sim/nprandom.c and compares bit for bit.  Run once with
Debian's numpy (apt-get install -y python3-numpy) and commit the output:

    /usr/bin/python3 tests/nprandom_ref.py > tests/nprandom_ref.h

Neither numpy nor python3 is needed to run the test.

Each row is {op, a, b, n1, n2, want_i, want_d}; the ops are listed in the
enum printed below.  Calls that numpy makes on arrays (size=k) are written
as k scalar rows: the script checks first that numpy itself gives the same
values from k scalar calls on a copy of the state, so the C side, which
only has scalar calls, must too.
"""
import sys

import numpy as np

OPS = ["SEED", "WORD", "SKIP", "SAMPLE", "STDEXP", "EXP", "STDNORMAL",
       "NORMAL", "UNIFORM", "POISSON", "RANDINT", "CHOICE", "PERMUTATION",
       "VALUE"]

# Probability vectors for choice(p=...): the first is numpy's own
# documentation example; both have zeros, which the no-replacement
# sampler must skip.
PVECS = [[0.1, 0.0, 0.3, 0.6, 0.0],
         [0.5, 0.25, 0.0, 0.125, 0.0625, 0.0625]]

SEEDS = [0, 1, 42, 1235, 11214124 + 123, 817818273, 2**32 - 1]

rows = []


def emit(op, a=0.0, b=0.0, n1=0, n2=0, want_i=0, want_d=0.0):
    rows.append((op, float(a), float(b), int(n1), int(n2), int(want_i),
                 float(want_d)))


def clone(rs):
    c = np.random.RandomState()
    c.set_state(rs.get_state())
    return c


def same_state(x, y):
    sx, sy = x.get_state(), y.get_state()
    return np.array_equal(sx[1], sy[1]) and sx[2:] == sy[2:]


def drawn(rs, name, args, k, op, a=0.0, b=0.0, n1=0, n2=0):
    """k draws of rs.name(*args) as one array call, checked against k
    scalar calls on a copy, emitted as k scalar rows."""
    twin = clone(rs)
    kw = {"dtype": np.uint32} if op == "WORD" else {}
    arr = getattr(rs, name)(*args, size=k, **kw)
    one = [getattr(twin, name)(*args, **kw) for _ in range(k)]
    assert list(arr) == one, (name, args, list(arr), one)
    assert same_state(rs, twin), name
    for v in arr:
        if op in ("WORD", "POISSON", "RANDINT"):
            emit(op, a, b, n1, n2, want_i=v)
        else:
            emit(op, a, b, n1, n2, want_d=v)


def plan(seed):
    rs = np.random.RandomState(seed)
    emit("SEED", n1=seed)
    drawn(rs, "randint", (0, 2**32), 5, "WORD")
    drawn(rs, "random_sample", (), 5, "SAMPLE")
    drawn(rs, "standard_exponential", (), 3, "STDEXP")
    drawn(rs, "exponential", (2.5,), 3, "EXP", a=2.5)
    # The polar method makes normals in pairs and keeps the second: an
    # odd count leaves one cached across draws of other kinds.
    drawn(rs, "standard_normal", (), 3, "STDNORMAL")
    drawn(rs, "random_sample", (), 1, "SAMPLE")
    drawn(rs, "normal", (1.5, 0.3), 1, "NORMAL", a=1.5, b=0.3)
    drawn(rs, "normal", (-2.0, 10.0), 4, "NORMAL", a=-2.0, b=10.0)
    drawn(rs, "standard_normal", (), 1, "STDNORMAL")
    drawn(rs, "uniform", (-3.0, 7.0), 4, "UNIFORM", a=-3.0, b=7.0)
    drawn(rs, "uniform", (2.0, 2.0), 1, "UNIFORM", a=2.0, b=2.0)
    for lam in (0.0, 0.5, 3.0, 9.99, 10.0, 30.0, 1000.0, 1e6):
        drawn(rs, "poisson", (lam,), 12, "POISSON", a=lam)
    for lo, hi, k in ((0, 1000, 6), (0, 2**31, 4), (-5, 7, 6), (5, 6, 2),
                      (0, 1, 1), (0, 2**32, 3), (0, 2**32 + 1, 3),
                      (0, 2**40, 3), (-2**62, 2**62, 3),
                      (-7, 2**33 - 7, 3)):
        drawn(rs, "randint", (lo, hi), k, "RANDINT", n1=lo, n2=hi)
    choice(rs, 10, None, True, None)
    choice(rs, 10, 5, True, None)
    choice(rs, 1000, 4, True, None)
    choice(rs, 7, 7, False, None)
    choice(rs, 50, 10, False, None)
    choice(rs, 5, 6, True, 0)
    choice(rs, 5, 3, False, 0)
    choice(rs, 6, 4, False, 1)
    # Size 0: no draws with replacement, a whole shuffle without.
    choice(rs, 5, 0, True, None)
    choice(rs, 5, 0, False, None)
    drawn(rs, "random_sample", (), 1, "SAMPLE")
    perm = rs.permutation(12)
    emit("PERMUTATION", n1=12)
    for v in perm:
        emit("VALUE", want_i=v)
    if seed == 42:
        # Across several regenerations of the 624-word state.
        rs.randint(0, 2**32, size=1250, dtype=np.uint32)
        emit("SKIP", n1=1250)
        drawn(rs, "randint", (0, 2**32), 3, "WORD")
    # Reseeding forgets a cached normal.
    drawn(rs, "standard_normal", (), 1, "STDNORMAL")
    rs.seed(seed)
    emit("SEED", n1=seed)
    drawn(rs, "standard_normal", (), 2, "STDNORMAL")


def choice(rs, pop, size, replace, pi):
    p = None if pi is None else PVECS[pi]
    if size is None and p is None and replace:
        twin = clone(rs)
        got = [rs.choice(pop)]
        assert got == [twin.randint(0, pop)]
        size = 1
    else:
        got = list(np.atleast_1d(rs.choice(pop, size, replace, p)))
    emit("CHOICE", a=1 if replace else 0, b=-1 if pi is None else pi,
         n1=pop, n2=size)
    for v in got:
        emit("VALUE", want_i=v)


def c_double(x):
    s = "%.17g" % x
    if "." not in s and "e" not in s and "inf" not in s and "nan" not in s:
        s += ".0"
    return s


def c_int(x):
    return "%d" % x if -2**31 < x < 2**31 else "INT64_C(%d)" % x


def main():
    for s in SEEDS:
        plan(s)
    out = sys.stdout
    out.write("/* Generated by tests/nprandom_ref.py with numpy %s; do "
              "not edit. */\n" % np.__version__)
    out.write("#define NPRANDOM_REF_NUMPY \"%s\"\n\n" % np.__version__)
    out.write("enum {\n")
    for i, op in enumerate(OPS):
        out.write("\tREF_%s%s,\n" % (op, " = 0" if i == 0 else ""))
    out.write("};\n\n")
    for i, p in enumerate(PVECS):
        out.write("static const double ref_p%d[] = { %s };\n"
                  % (i, ", ".join(c_double(x) for x in p)))
    out.write("static const struct { const double *p; int n; } "
              "ref_pvec[] = {\n")
    for i, p in enumerate(PVECS):
        out.write("\t{ ref_p%d, %d },\n" % (i, len(p)))
    out.write("};\n\n")
    out.write("static const struct ref_row {\n\tint op;\n\tdouble a, b;\n"
              "\tint64_t n1, n2;\n\tint64_t want_i;\n\tdouble want_d;\n"
              "} ref_rows[] = {\n")
    for op, a, b, n1, n2, wi, wd in rows:
        out.write("\t{ REF_%s, %s, %s, %s, %s, %s, %s },\n"
                  % (op, c_double(a), c_double(b), c_int(n1), c_int(n2),
                     c_int(wi), c_double(wd)))
    out.write("};\n")


main()
