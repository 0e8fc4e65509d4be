# A fourth family from the tests (tests/toy_family.c), handled by the
# unchanged front end from its record alone: tests/toy.sh runs this with
# tests/e2l-toy.  Listed, described, exported in its own format (and not
# in another family's), run with its own panels: its trial length is its
# parameter `duration` (5 trials of 250 ms on a 0-1250 ms axis), its
# curves have its titles and units, its raster marks come from its trial
# scalars `class` and `guess`, and --record writes its traces.

$ e2l tasks | sed -n 1,5p
task families (tasks show NAME: their parameters):
  reward       a neuron learns to classify frozen spike patterns from a reward (paper section 'reward-driven learning')
  error        a student neuron learns to follow a teacher's membrane potential (paper section 'error-driven learning')
  correlation  a neuron learns to detect a frozen spike pattern hidden in Poisson input (paper section 'correlation-driven learning')
  toy          a family defined in the tests only: inputs spike once a trial, the output when the weights sum above 1

# Described from its record: variables with meaning and unit, fitness,
# trials (its own parameter), panels and exporters.
$ e2l tasks show toy
task family toy: a family defined in the tests only: inputs spike once a trial, the output when the weights sum above 1
rule variables:
  a (x_0)               the input's spikes this trial (always 1)
  b (x_1)               the output's spikes this trial (0 or 1)
formulas: formula; after each trial w grows by eta formula
fitness: the mean weight at the end (au), higher is better; the mean over experiments
trials: each duration ms long
panels: spikes trial by trial; toy weights (au): w_N; toy level (au): level (sum of w); toy points: trial scalar points summed
exporters: toy-sim: toy simulator line

parameter                   value unit range                      description
experiments                     2      [1, 100] whole             experiments per fitness evaluation
trials                          8      [1, 10000] whole           trials per experiment
duration                      250 ms   [1, 100000]                length of a trial
inputs                          4      [1, 100] whole             inputs, each spiking once a trial
eta                           0.1      [-100, 100]                learning rate

# Exported in its own format...
$ e2l -c 'task toy' -c 'grow = a*(1 - b)' -c 'export grow toy-sim' | sed 's/^#/(#)/'
task toy (family toy): a family defined in the tests only: inputs spike once a trial, the output when the weights sum above 1
rule variables: a b
grow  (task family toy, typed)
  formula    a*(1 - b)
  simplified a*(1 - b)
(#) toy simulator line for the e2l rule grow, task family toy.
toy.update(lambda a, b: a*(1.0 - b))

# ...and never in another family's: brian2 is not the toy's.
$ e2l -c 'task toy' -c 'export "a*b" brian2'
task toy (family toy): a family defined in the tests only: inputs spike once a trial, the output when the weights sum above 1
rule variables: a b
e2l: -c:2: export: unknown format 'brian2' (latex, c, python, toy-sim)
[exit 64]

# A formula that does not parse is refused before the exporter runs.
$ e2l -c 'task toy' -c 'export "a*(b" toy-sim'
task toy (family toy): a family defined in the tests only: inputs spike once a trial, the output when the weights sum above 1
rule variables: a b
e2l: -c:2: incomplete formula: expected ')' after '(b'
[exit 65]

# The run view from the record: trials of `duration` ms with the marks
# of `class` and `guess`, its own curves; the UTF-8 off (LC_ALL=C).
$ e2l -c 'task toy' -c 'run "a*(1 - b)"' | sed 's/([0-9] experiments, [0-9.]* s)/(2 experiments, S s)/; s/in [0-9.]* s$/in S s/'
task toy (family toy): a family defined in the tests only: inputs spike once a trial, the output when the weights sum above 1
rule variables: a b
run a*(1 - b): a*(1~ on toy   fitness 0.30625  experiment 0 of 2, fitness 0.2625
fitness (mean over 2): the mean weight at the end; higher is better
spikes: 4 inputs and the output, trials 4-8 (label, answer)
          - x           + ok            - x           + ok            - x
in     '  .        |  '  .        |  '  .        |  '  .        |  '  .
             '  .  |        '  .  |        '  .  |        '  .  |        '  .
                   |              |              |              |
out        :       |      :       |       :      |       :      |       :
    ---------------+--------------+--------------+--------------+---------------
    0                                                                    1250 ms

toy level  sum of w                     toy points
1.05 +     :'''''''''''''''''''''''''''   -1 +:        :         :        :
     |    :                                  | :      .':       : :      .':
     |    :                                  | :      : :       : :      : :
     |   :                                   |  :    .'  :     :   :    .'  :
0.85 +  .'                              -1.5 +  '.   :   '.   .'   '.   :   '.
     |  :                                    |   :  .'    :   :     :  .'    :
     | :                                     |    : :      : :       : :      :
     | :                                     |    :.'      : :       :.'      :
0.65 +:                                   -2 +     :        :         :        :
  au +---------------------------------      +----------------------------------
      250                       2000 ms       1                          8 trial
a*(1 - b): a*(1 - b) on toy: fitness 0.30625 (mean 0.30625, SD 0.0619 over 2 experiments) in S s

# The big layout: the score in large figures and the learning curve
# (rank 1), three trials of 400 ms.
$ e2l -c 'task toy' -c 'set duration 400' -c 'set trials 3' -c 'view big' -c 'run "a*(1 - b)"' | sed 's/([0-9] experiments, [0-9.]* s)/(2 experiments, S s)/; s/in [0-9.]* s$/in S s/'
task toy (family toy): a family defined in the tests only: inputs spike once a trial, the output when the weights sum above 1
rule variables: a b
duration = 400 ms
trials = 3
run a*(1 - b): a*(1~ on toy   fitness 0.30625  experiment 0 of 2, fitness 0.2625
fitness (mean over 2): the mean weight at the end; higher is better

 _     _   _   _   _
| |    _| | | |_   _|  fitness, mean over 2 experiments
|_| .  _| |_| |_|  _|
spikes: 4 inputs and the output, trials 1-3 (label, answer)
               + x                      - x                     + ok
in       '    .              |    '    .              |    '    .
                   '    .    |              '    .    |              '    .
                             |                        |
out                          |            :           |            :
    -------------------------+------------------------+-------------------------
    0                                                                    1200 ms





toy points
   -1 +'..                                                                   ..'
      |   ''..                                                           ..''
      |       ''..                                                   ..''
      |           ''..                                           ..''
-1.45 +               ''.                                    ..''
      |                  ''..                             ..'
      |                      ''..                     ..''
      |                          ''..             ..''
      |                              ''..     ..''
   -2 +                                  ''.''
      +-------------------------------------------------------------------------
       1                                                                 3 trial
a*(1 - b): a*(1 - b) on toy: fitness 0.30625 (mean 0.30625, SD 0.0619 over 2 experiments) in S s

# --record writes the toy's trial scalars and traces as it names them.
$ e2l run toy "a*(1 - b)" -s experiments=1 -s trials=2 --record rec > /dev/null && cat rec/trials.csv && head -n 3 rec/traces_au.csv && wc -l < rec/spikes.csv
experiment,trial,quantity,value
0,0,class,1
0,0,guess,-1
0,0,points,-1
0,1,class,-1
0,1,guess,1
0,1,points,-1
experiment,t_ms,trace,value_au
0,250,w_0,0.3
0,250,w_1,0.2
10
