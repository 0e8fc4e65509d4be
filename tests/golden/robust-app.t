# The front end under hostile input: no line of a script is
# swallowed, no read is unbounded, no planted link is followed, no control
# sequence reaches the terminal, and every error says what to do.

# A formula before ';' cannot be finished by the next line: an error at
# once, and the script goes on (quit included).
$ printf 'simplify ; x\nsimplify y\nquit\nsimplify z\n' > pair.e2l && e2l pair.e2l
e2l: pair.e2l:1: simplify: nothing before ';' (a pair of formulas is 'F ; D')
y
[exit 65]
$ for c in expand factor latex explain; do e2l -c "$c ;x"; done
e2l: -c:1: expand: nothing before ';' (a pair of formulas is 'F ; D')
e2l: -c:1: factor: nothing before ';' (a pair of formulas is 'F ; D')
e2l: -c:1: latex: nothing before ';' (a pair of formulas is 'F ; D')
e2l: -c:1: explain: nothing before ';' (a pair of formulas is 'F ; D')
[exit 65]
$ e2l -c 'simplify (x ; y)' -c quit
e2l: -c:1:4: simplify: the formula before ';' is unfinished: incomplete formula: expected ')' after '(x'
[exit 65]
$ e2l -c 'export ; x latex' -c quit > /dev/null
e2l: -c:1: export: nothing before ';' (a pair of formulas is 'F ; D')
[exit 65]
$ printf "simplify '(x'\nsimplify y\n" > quoted.e2l && e2l quoted.e2l
e2l: quoted.e2l:1:3: simplify: incomplete formula: expected ')' after '(x'
y
[exit 65]
# The last formula of a pair may go on, and prints once.
$ e2l -c $'simplify x ; (y\n+ 1)' -c $'simplify x ;\ny'
facilitate: x
depress   : y + 1
facilitate: x
depress   : y

# Scripts and loaded files: regular files only, bounded lines, no NUL.
$ mkdir dir && e2l dir
e2l: dir: is a directory, not a file
[exit 74]
$ e2l -c 'load dir'
e2l: -c:1: dir: is a directory, not a file
[exit 74]
$ timeout 20 "$E2L" /dev/zero; timeout 20 "$E2L" -c 'load /dev/zero'
e2l: /dev/zero: not a regular file (a device, FIFO or socket)
e2l: -c:1: /dev/zero: not a regular file (a device, FIFO or socket)
[exit 74]
$ mkfifo fifo && timeout 20 "$E2L" fifo; timeout 20 "$E2L" -c 'load fifo'
e2l: fifo: not a regular file (a device, FIFO or socket)
e2l: -c:1: fifo: not a regular file (a device, FIFO or socket)
[exit 74]
$ e2l < dir
e2l: <stdin>: Is a directory
[exit 74]
$ timeout 20 "$E2L" < /dev/zero; timeout 20 "$E2L" simplify < /dev/zero
e2l: <stdin>: a device, not a stream of commands or formulas (give them in a file, a pipe or -c)
e2l: <stdin>: a device, not a stream of commands or formulas (give them in a file, a pipe or -c)
[exit 74]
$ e2l < /dev/null && e2l simplify < /dev/null
$ printf 'simplify x\nsimplify y\0z\nsimplify w\n' > nul.e2l && e2l nul.e2l
x
e2l: nul.e2l:2: a NUL byte in the line (is this a binary file?); read no further
[exit 65]
$ printf 'simplify x\0y\nsimplify w\n' | e2l
e2l: <stdin>:1: a NUL byte in the line (is this a binary file?); read no further
[exit 65]
$ { echo 'simplify x'; head -c 1100000 /dev/zero | tr '\0' y; echo; echo 'simplify w'; } > long.e2l && e2l long.e2l
x
e2l: long.e2l:2: a line longer than 1048576 bytes; read no further
[exit 65]
$ printf '\357\273\277simplify x + x\n' > bom.e2l && e2l bom.e2l && e2l -c 'load bom.e2l'
2*x
2*x

# Files e2l writes replace a planted symbolic link, never follow it.
$ echo precious > victim && ln -s victim s.e2l.tmp && ln -s victim s2.e2l && e2l -c 'save s.e2l' -c 'save s2.e2l' && cat victim && test ! -L s2.e2l && head -n 2 s2.e2l | tail -n 1
saved 0 rules and the task to s.e2l
saved 0 rules and the task to s2.e2l
precious
task reward-quick
$ e2l -c 'save /proc/version' 2>&1 | sed 's/: [^:]*$//'
e2l: -c:1: /proc/version
$ mkdir rec && ln -s ../victim rec/spikes.csv && e2l run error-quick eq7 -s experiments=1 -s T=300 --record rec > /dev/null && cat victim && test ! -L rec/spikes.csv && head -n 1 rec/spikes.csv && ls -a rec
precious
experiment,trial,neuron,t_ms
.
..
inputs.csv
spikes.csv
traces_mV.csv
traces_pA.csv
trials.csv
# edit's file is made in $TMPDIR, and is gone afterwards.
$ printf '#!/bin/sh\ncase "$1" in "$TMPDIR"/e2l-edit-*.e2l) echo in TMPDIR;; *) echo "elsewhere: $1";; esac\nsed -i "s/= *$/= R*E/" "$1"\n' > ed && chmod +x ed && mkdir t && TMPDIR=$PWD/t EDITOR=./ed e2l -c 'edit lr' && ls t
in TMPDIR
lr  (task family reward, typed)
  formula    R*E
  simplified E*R

# Text from arguments and run files is escaped before it is printed.
$ e2l simplify $'x\e[31m'
e2l: 'x\x1b[31m': 1:2: unexpected character, found byte 0x1b
[exit 65]
$ e2l -c $'\e[31m'
e2l: -c:1: unknown command '\x1b[31m' (type `help`)
[exit 64]
$ e2l evolve error-quick -s experiments=2 -s T=300 --generations 2 --no-cache --out r > /dev/null && sed -i 's/"champion": "[^"]*"/"champion": "x\\u001b[31m"/' r/log.jsonl
$ e2l runs show r > show.out; e2l runs best r >> show.out; e2l -c 'watch r' -c jobs >> show.out; grep -c $'\e' show.out; grep -F '\x1b' show.out | sed 's/seconds [0-9.]*$/seconds S/'
0
champion     x\x1b[31m
formula = x\x1b[31m
generation 0 champion -623.313 formula x\x1b[31m evaluations 4 cached 0% seconds S
generation 1 champion -623.313 formula x\x1b[31m evaluations 6 cached 0% seconds S
job 1 finished at generation 1: -623.313  x\x1b[31m
%1   finished  r                            generation 2/2  best -623.313  x\x1b[31m
# A table file never holds a control character: refused, the error escaped.
$ printf 'fitness\tcomplexity\tformula\n-1\t1\ty\033[32m\n' > r/pareto.tsv; e2l runs show r 2>&1 | grep -c $'\e'; e2l runs show r
0
e2l: r/pareto.tsv:2: a control character in the formula
[exit 65]

# Options: '--' ends them; a formula that looks like one is told so; an
# option without its value says which value.
$ e2l run error-quick '-u*s'
e2l: run: '-u*s' is not an option; put '--' before an argument that starts with '-' (run ... -- '-u*s')
[exit 64]
$ e2l run error-quick -s experiments=1 -- '-u*s' | sed -n 2p
rule      -u*s
$ e2l run error-quick lr0 -s
e2l: run: option -s needs a value: -s KEY=VALUE
[exit 64]
$ e2l validate error-quick eq7 --vs
e2l: validate: option --vs needs a value: --vs BASELINE
[exit 64]
$ e2l evolve error-quick --generations
e2l: evolve: option --generations needs a value: --generations N
[exit 64]
$ e2l run error-quick eq7 --frob
e2l: run: unknown option '--frob' (see `help run`; a formula that starts with '-' goes after '--')
[exit 64]
$ e2l simplify -- -x-x; e2l eval -- -x x=2
-2*x
-2
$ printf 'simplify 3*x - x\n' > ./-s.e2l && e2l -- -s.e2l
2*x
$ e2l -c 'run eq7 --seed' -c 'evolve error-quick -s' -c 'task error-quick' -c 'run --frob eq7'
e2l: -c:1: run: option --seed needs a value: --seed S
e2l: -c:2: evolve: option -s needs a value: -s KEY=VALUE
task error-quick (family error): a student neuron learns to follow a teacher's membrane potential (paper section 'error-driven learning')
rule variables: v u s
e2l: -c:4: run: unknown option '--frob' (see `help run`; a formula that starts with '-' goes after '--')
[exit 64]

# A damaged line in the fitness cache is skipped, and the evolution says so.
$ e2l evolve error-quick -s experiments=1 -s T=300 --generations 1 --out c1 > /dev/null; echo '-1	v*u	garbage' >> .cache/e2l/fitness-*.tsv; e2l evolve error-quick -s experiments=1 -s T=300 --generations 1 --out c2 2>&1 >/dev/null | sed 's|[^ ]*fitness-[0-9a-f]*\.tsv|CACHE|'
e2l: warning: CACHE:6: 1 damaged line skipped (no checksum: cut short or not written by e2l), not trusted: their rules are simulated again (removing the file clears this)

# Resume carries on only what the run wrote: a hall-of-fame formula that
# does not parse, a complexity that does not match it, or a damaged front
# is refused, as watch refuses it.
$ e2l evolve error-quick -s experiments=1 -s T=300 --generations 3 --no-cache --out h > /dev/null; cp -r h h2; cp -r h h3; sed -i '2s/\t[^\t]*$/\t(v - /' h/hof.tsv; e2l evolve --resume h --generations 4
e2l: h/hof.tsv:2: a formula that does not parse
[exit 65]
$ sed -i '2s/\t\([0-9]*\)\t/\t99\t/' h2/hof.tsv; e2l evolve --resume h2 --generations 4
e2l: h2/hof.tsv:2: the complexity does not match the formula
[exit 65]
$ printf 'fitness\tcomplexity\n' > h3/pareto.tsv; e2l evolve --resume h3 --generations 4
e2l: h3/pareto.tsv:1: expected the header 'fitness<TAB>complexity<TAB>formula'
[exit 65]
