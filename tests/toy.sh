#!/usr/bin/env bash
# toy.sh - a fourth task family added in the tests only: tests/e2l-toy is
# the unchanged front end linked with tests/toy_family.c and a registry
# that lists it (tests/toy_registry.c).  Its transcripts, in
# tests/golden-toy, show `tasks`, `tasks show`, `export`, `run` with its
# panels and `--record` handling the toy from its record alone.
set -u
: "${E2L:?E2L must name the e2l binary}"
toy=$(dirname "$E2L")/tests/e2l-toy
[ -x "$toy" ] || { echo "toy.sh: $toy is not built (make check builds it)" >&2; exit 1; }
E2L=$toy GOLDEN=tests/golden-toy exec "${srcdir:-.}/tests/cli.sh"
