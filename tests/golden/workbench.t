# The workbench in batch mode: -c, scripts and piped commands run the same
# command language as the screen; errors name the line; plots print as text.
$ e2l -c 'lr = (R - 1)*E' -c 'show lr' -c 'equiv lr "E*R - E"' -c 'export lr latex' -c 'export lr c'
lr  (task family reward, typed)
  formula    (R - 1)*E
  simplified E*(R - 1)
lr  (task family reward, typed)
  formula    (R - 1)*E
  simplified E*(R - 1)
  variable   R: the trial's reward: +1 when the answer matched the label, -1 when not
  variable   E: the synapse's eligibility trace at the trial's end (paper Eq. 22, scaled by c_E)
equivalent (exact)
semantics real: x^y with x < 0 and y fractional, log and sqrt of x < 0 are undefined (NaN)
E \left(R - 1\right)
/* rule semantics real: NaN where a negative base has a fractional exponent, or log or sqrt a negative argument, as C's pow, log and sqrt give */
E*(R - 1.0)
$ e2l -c 'x_1*(x_0 - 1)/x_0^2*x_0^2' -c 'factor x^2 - 1' -c 'expand (a + 1)^3'
x_1*(x_0 - 1)
(x + 1)*(x - 1)
a^3 + 3*a^2 + 3*a + 1
$ printf 'x = (R - 1) *\n  E\nx\n' | e2l | head -3
x  (task family reward, typed)
  formula    (R - 1) * E
  simplified E*(R - 1)
$ printf 'a = R*E\nsimplify (\n\nfoo bar\nset eta lots\nrun nosuch_rule_name\nequiv a\n' | e2l
a  (task family reward, typed)
  formula    R*E
  simplified E*R
e2l: <stdin>:4:5: expected ')' to match the '(' at 1:1, found 'bar'
e2l: <stdin>:5: set: eta = 'lots' is not a number
e2l: <stdin>:6: nosuch_rule_name: formula uses 'nosuch_rule_name', which task family 'reward' does not have (it has R, E, Rbar_plus, Rbar_minus, Rbar)
e2l: <stdin>:7: usage: equiv A B (quote formulas with spaces, or write A == B)
[exit 65]
$ e2l --bail -c "bogus" -c "simplify 1 + 1"
e2l: -c:1: unknown command 'bogus' (type `help`)
[exit 64]
$ e2l -c 'lr = (R - 1*E'
e2l: -c:1: the input ends inside a formula
[exit 65]
$ e2l -c 'stdp = k - w ; w' -c 'show stdp' -c 'export stdp brian2' | grep -v '^#'
stdp  (task family correlation, typed)
  facilitate k - w
  simplified k - w
  depress    w
  simplified w
stdp  (task family correlation, typed)
  facilitate k - w
  simplified k - w
  depress    w
  simplified w
  variable   w: the synapse's weight over Wmax, 0 .. 1
  variable   k: the other side's trace at the pairing: in facilitate the presynaptic trace at a postsynaptic spike, in depress the postsynaptic trace at a presynaptic spike (+1 a spike, decaying with tau_plus, tau_minus)
taupre = taupost = 20*ms; lam = 0.01; Wmax = 1
syn = Synapses(inputs, neuron,
    model='''w : 1
             dKplus/dt = -Kplus/taupre : 1 (event-driven)
             dKminus/dt = -Kminus/taupost : 1 (event-driven)''',
    on_pre='''v_post += w*mV
              w = clip(w - lam*Wmax*((w/Wmax)), 0, inf)
              Kplus += 1''',
    on_post='''w = clip(w + lam*Wmax*(Kplus - (w/Wmax)), -inf, Wmax)
               Kminus += 1''')
$ e2l -c 'task error-quick' -c 'run eq7 --experiments 1 --seed 3' | sed 's/([0-9] experiments, [0-9.]* s)/(1 experiments, S s)/; s/in [0-9.]* s$/in S s/'
task error-quick (family error): a student neuron learns to follow a teacher's membrane potential (paper section 'error-driven learning')
rule variables: v u s
run eq7 on error-quick   fitness -9.1304     experiment 0 of 1, fitness -9.13035
fitness (mean over 1): minus the root of summed (u - v)^2; 0 is a perfect match
spikes: 5 inputs, last 500 ms
in  :'::::::::::':::::::::::::::::::::::::::::::::::::::::::::::::::::::::::::::
    :::::::::::::::::::::::.:::::::::::::::::::::::::::::::::.::::::::'::.:::::'
    ''''''''''''''''''''''''''''''''''''''''''''''''''''''''''''''''''''''''''''
    ----------------------------------------------------------------------------
    9500                                                                10000 ms
weights  - - teacher  -- student        potential  - - teacher v  -- student u
  24 +..  ..  ..  ..  ..  ..  .. ...  . -65.3 +        .           . .
     | :       . ..........::''''''''''       |      . ::         ::.:
     | :.::::''''' '                          |  :   : ::      :. :::: .
     |::: ..  ..  ..  ..  ..  ..  ..  .       |  :   : ::.     ::::::: :. :  .
     |:::    ..........::::::::::::::''       | ::. .::'::    .::::::: ::::. :
11.5 +:::::::::::::::......::...:::.... -66.5 +.:':.::: ::.: :::::: :: :::'::: .
     |:'' '''''::::'' '''''''''''''''''       |:: ::: ' ':::::::::: ':.::: ::: :
     |:           '''':....                   |'  ':'     :::':  ':  ::::' ::'::
     |'                   '':::......         |    '      ::: :   '  :::'   : ::
     |                             ''''       |            '         '':    :  :
  -1 +..  ..  ..  ..  ..  ..  ..  ..  . -67.8 +                             '  '
  pA +---------------------------------    mV +---------------------------------
      10                       1e+04 ms        9217                     10000 ms
eq7: (v - u)*s on error-quick: fitness -9.13035 (mean -9.13035, SD 0 over 1 experiments) in S s
$ e2l -c 'a = R*E' -c 'set trials 100' -c 'save s.e2l' && grep -v '^#' s.e2l && e2l s.e2l
a  (task family reward, typed)
  formula    R*E
  simplified E*R
trials = 100
saved 1 rule and the task to s.e2l
task reward-quick
set trials 100
a = R*E
task reward-quick (family reward): a neuron learns to classify frozen spike patterns from a reward (paper section 'reward-driven learning')
rule variables: R E Rbar_plus Rbar_minus Rbar
trials = 100
a  (task family reward, typed)
  formula    R*E
  simplified E*R
$ e2l -c 'evolve error-quick --generations 3 --no-cache --out wbrun' -c 'watch 1' -c 'best 1' | sed 's/seconds [0-9.]*/seconds S/; s/elapsed [0-9.]* [a-z]*/elapsed T/; s/  [0-9.]* evals\/s.*/  N evals\/s/'
job 1: evolving error-quick (seed 1) into wbrun
generation 0 champion -209077 formula 1 evaluations 4 cached 0% seconds S
generation 1 champion -209077 formula 1 evaluations 6 cached 0% seconds S
generation 2 champion -209077 formula 1 evaluations 6 cached 0% seconds S
job 1 finished  wbrun  (error)  generation 3/3  elapsed T  ETA -  N evals/s
champion  -209077  1   (complexity 0)
fitness  -- champion  .. worst parent  - - eq7 -11.19  - - rule 0 -229.7
-186079 +
        |
        |
        |
-209077 +.......................................................................
        |
        |
        |
-232076 +
        +-----------------------------------------------------------------------
         0                     v 2 below the axis                   2 generation
hall of fame    fitness  ops  formula
 1            -209077    0  1
 2       -1.32732e+07    3  v - s*v - s
 3       -9.27852e+08    3  v*(s - v) + s
 4               -inf    1  u + 2
 5               -inf    2  u - 2*v
job 1 finished at generation 2: -209077  1
champion of wbrun, generation 2, fitness -209077
best1  (task family error, champion of wbrun, generation 2, fitness -209077)
  formula    1
  simplified 1
$ e2l watch wbrun | sed 's/seconds [0-9.]*/seconds S/; s/elapsed [0-9.]* [a-z]*/elapsed T/; s/  [0-9.]* evals\/s.*/  N evals\/s/'
generation 0 champion -209077 formula 1 evaluations 4 cached 0% seconds S
generation 1 champion -209077 formula 1 evaluations 6 cached 0% seconds S
generation 2 champion -209077 formula 1 evaluations 6 cached 0% seconds S
job 1 finished  wbrun  (error)  generation 3/3  elapsed T  ETA -  N evals/s
champion  -209077  1   (complexity 0)
fitness  -- champion  .. worst parent  - - eq7 -11.19  - - rule 0 -229.7
-186079 +
        |
        |
        |
-209077 +.......................................................................
        |
        |
        |
-232076 +
        +-----------------------------------------------------------------------
         0                     v 2 below the axis                   2 generation
hall of fame    fitness  ops  formula
 1            -209077    0  1
 2       -1.32732e+07    3  v - s*v - s
 3       -9.27852e+08    3  v*(s - v) + s
 4               -inf    1  u + 2
 5               -inf    2  u - 2*v
job 1 finished at generation 2: -209077  1
$ e2l -c 'task error-quick' -c 'set T 300' -c 'set T 250' -c 'evolve --generations 1 --no-cache --out wbset' -c 'watch 1' >/dev/null && grep '^T = ' wbset/task.task
T = 250
$ e2l -c 'watch nowhere'
e2l: -c:1: nowhere/run.conf: No such file or directory (not an e2l run directory?)
[exit 74]
$ e2l -c 'help evolve'
evolve [TASK] [--preset P] [--generations N] [--seed S] [--runs K]
[--task-seed S] [--out DIR] [--resume DIR] [-s KEY=VALUE] [SETTING]...
  evolve rules (in the workbench, in the background).
  Each run writes a run directory (runs/TASK-seedS unless --out); in the
  workbench it is a job, the prompt returns at once and the dashboard shows
  fitness, the champion and the hall of fame.  Without TASK, the current task
  with its `set` changes.  Presets (the paper's settings): error, reward
  (published set 1; also reward-set1), reward-set0, reward-set2, reward-set3,
  reward-code, correlation.  A SETTING changes the preset's: --inputs A,B,...
  (the family's variables, by name), --columns N, --primitives LIST (+,-,*,/,^
  and constants), --mu N, --lambda N, --tournament N, --mutation-rate P,
  --reorder or --no-reorder, --min-fitness F; run.conf saves them all and
  --resume keeps them.  `e2l evolve --help` shows each preset's settings.
  Also `e2l evolve ...` from the shell.
$ e2l --frob
e2l: unknown option '--frob' (try 'e2l --help')
[exit 64]
$ e2l -c 'help --man' | diff - "$srcdir/doc/e2l.1" && echo the manual page is up to date
the manual page is up to date

# What `run` would refuse is no rule: z = u/0 defines nothing.  A formula
# continued over lines is echoed on one, with no space before ')'.
$ e2l -c 'task error-quick' -c 'z = u/0' -c 'show z' 2>&1 | grep -v '^task\|^rule'
e2l: -c:2: z: division by zero (zoo): the divisor simplifies to 0: 0
e2l: -c:3: no rule named 'z' (see `rules`)
$ printf 'x = (v - u\n)*s\n' | e2l
x  (task family error, typed)
  formula    (v - u)*s
  simplified s*(v - u)
# Several -c arguments number their lines on: the third is -c:3.
$ e2l -c 'simplify 1' -c 'simplify 2' -c 'nosuchcommand'
1
2
e2l: -c:3: unknown command 'nosuchcommand' (type `help`)
[exit 64]
