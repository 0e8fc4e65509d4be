# Run directories you can steer: --resume on a finished run says so and
# exits 1, leaving it as it was; --generations N extends it to N.
$ e2l evolve error-quick -s experiments=1 -s T=300 --generations 2 --no-cache --out st > /dev/null
$ e2l evolve --resume st
e2l: st has finished: it ran all its 2 generations (to run it further: e2l evolve --resume st --generations N, N above 2)
[exit 1]
$ e2l evolve --resume st --generations 2
e2l: st has run 2 generations already: --generations 2 does not extend it (give N above 2)
[exit 1]
$ e2l evolve --resume st --generations 4 | cut -d' ' -f1-2; grep '^generations' st/run.conf
generation 2
generation 3
generations = 4
$ e2l evolve error-quick -s experiments=1 -s T=300 --generations 50 --max-evaluations 8 --no-cache --out sb > /dev/null; e2l evolve --resume sb
e2l: sb has spent its budget of 8 evaluations (continue it with a larger --max-evaluations)
[exit 1]
# A run directory is stopped through its pid file, only while its own
# process runs it: never a program its pid file names that is not e2l
# (here the shell; tests/test_steer.c stops a live run).
$ e2l runs stop st
e2l: st is not running (it has no pid file)
[exit 65]
$ echo "$$ $(hostname)" > st/pid; e2l runs stop st
e2l: st is not running (no live e2l holds it)
[exit 65]
