# The run view reads the family's record (task_view): each family's own
# panels, filled from what its experiments record.

# The correlation task's weights panel: every input's weight is recorded,
# pattern and background inputs told apart, and the panel draws a few of
# each dotted and each group's mean bold (it stayed empty before), beside
# the potential in training.
$ e2l -c 'task correlation-quick' -c 'set T 3000' -c 'set T_free 2000' -c 'run lr1 --experiments 1' | sed -n '/^weights/,/ ms$/p'
weights  == pattern  == background      membrane potential (training)  u
0.397 +                             .'  20 +     ..      .:                 .
      |                        .           |. .::::..    ::..    ...  ..    :..
      |                       '    .       |::: ' ':::.::::::::::::::::::: .:::.
0.374 +                 .  .   ' .  .:. 10 +         ''   : '''':   '''' '::::''
      |            .  .:..:..:.::::::::    |              :                 :'
      |   .....::::::::::::::::::'':'':    |              :                 :
 0.35 +:::'':''.' .' .' .' .' .' .' .'   0 +              :                 :
   mV +-------------------------------- mV +------------------------------------
       0                        3000 ms     2049                         3000 ms

# The error task on a wide screen: the student's weights beside the
# teacher's (paper Fig. 4C), both potentials, and the squared error per
# second, which the task records itself.
$ COLUMNS=125 e2l -c 'task error-quick' -c 'set T 2000' -c 'run eq7 --experiments 1' | sed -n '/^weights/,/ ms$/p'
weights  - - teacher  -- student         potential  - - teacher v  -- student u   (u - v)^2 per second
34 +''  ''  ''  ''  ''  ''  ''  ''  ''   -64.8 +                     :             0.86 +'..
   |''  ':. ''  ''  ''  ''  ''  ''  ''         |    .                :                  |   ''.
   |    ::::                                   |    :        :      .:     :            |      ''..
   |   .:''::.  ..::::.....:''':...'''''       | :  ::       :: :  .::    ::..          |          '..
   |   :'   ':.::'   '''::'''':.........       | :  ::   : :.::.:: :::    :::: :        |             ''.
19 +  .::':.                             -66.3 + :.:::   ::::::::: :::  ::::::::  0.455 +                ''..
   |'':::::::'  ''..::..::..::..::.:''''       |.:::::  :::::::::: :::::::::::::.       |                    '..
   |  ::'  '':::::''':::::::::::....:.::       |::::::..::::: ::::::' :::::::::::       |                       ''.
   | .:'                                       |::':' ::::    :: ::'  ::' :':   :       |                          ''..
   |.:' ..  ..  ..  ..  ..  ..  ..  ..         |:'    :::      ' ::         '           |                              '..
 4 +''  ''  ''  ''  ''  ''  ''  ''  ''   -67.8 +'     '                            0.05 +                                 ''.
pA +------------------------------------    mV +---------------------------------  mV^2 +------------------------------------
    5.3                          2000 ms        1025                      2000 ms        1000                         2000 ms

# The reward task's panels: four weights named, the potential of the
# trials (not a "free run"), the cumulative reward.
$ COLUMNS=125 e2l -c 'set trials 20' -c 'run lr0 --experiments 1' | grep '^weights'
weights  -- w0  -- w1  -- w2  -- w3  +2  membrane potential  u                    cumulative reward

# A trial is as long as the family's trial parameter says (reward: T):
# five trials of 1000 ms end at 5000 ms (the view once assumed 500 ms).
$ e2l -c 'set trials 20' -c 'set T 1000' -c 'run lr0 --experiments 1' | grep -E 'trials [0-9]|^ +0 .* ms$'
spikes: 24 inputs and the output, trials 16-20 (label, answer)
    0                                                                    5000 ms

# The recorders go through task_recorder, so --record writes them too:
# the correlation task's potential in training (every 1 ms) and free run
# (every step), every input's weight at 0 and each second, pattern and
# background inputs told apart, and each group's mean (1000 inputs, 2 s);
# the error task's teacher weights beside the student's (5 inputs, every
# 5 ms of 2 s).
$ e2l run correlation-quick lr1 -s experiments=1 -s T=2000 -s T_free=1000 --record family-corr > /dev/null && cut -d, -f3 family-corr/traces_mV.csv | sed 's/_[0-9]*$/_N/' | sort | uniq -c
      1 trace
  10000 u
   2000 u_train
   2262 w_background_N
      3 w_background_mean
      3 w_mean
    738 w_pattern_N
      3 w_pattern_mean
$ e2l run error-quick eq7 -s experiments=1 -s T=2000 --record family-error > /dev/null && cut -d, -f3 family-error/traces_pA.csv | sed 's/_[0-9]*$/_N/' | sort | uniq -c
      1 trace
   2000 w_N
   2000 wt_N
