# The run view reads the family's record (task_view): each family's own
# panels, filled from what its experiments record.

# The correlation task's weights panel: every input's weight is recorded,
# pattern and background inputs told apart, and the panel draws a few of
# each (it stayed empty before), beside the mean weight.
$ e2l -c 'task correlation-quick' -c 'set T 3000' -c 'set T_free 2000' -c 'run lr1 --experiments 1' | sed -n '/^weights/,/ ms$/p'
weights  pattern  background            mean weight
0.397 +                            ..'' 0.362 +                             ..''
      |                       ..'''           |                        ...''
      |                  ..'''       ..       |                    ..''
      |             ..'''    ....:::'''       |                ..''
0.374 +         ..'' ....:'''''.....''' 0.359 +            ..''
      |     ..::.''''.....'''''     ...       |         ..'
      |..:'''....''''     .....:::::...       |      ..'
      |::''::::::::''''''':::::''''''''       |   .''
 0.35 +:::::::::::::::::::::::::::::::: 0.356 +.''
   mV +--------------------------------    mV +---------------------------------
       1000                     3000 ms        1000                      3000 ms

# The error task on a wide screen: the student's weights beside the
# teacher's (paper Fig. 4C), both potentials, and the squared error per
# second, which the task records itself.
$ COLUMNS=125 e2l -c 'task error-quick' -c 'set T 2000' -c 'run eq7 --experiments 1' | sed -n '/^weights/,/ ms$/p'
weights  student  teacher                membrane potential  teacher v  student u (u - v)^2 per second
34 +'''''''''''''''''''''''''''''''''''' -64.8 +                     :             0.86 +''..
   |''''::::''''''''''''''''''''''''''''       |    .        .     . :                  |    ''..
   |   .::::.    ......   ..............       | .  :.       :. :  :::    .: .          |        ''..
   |   :'   ':..:''''''::::.............       | :  ::   ....::.:: :::    :::: .        |            ''..
19 +...::::............................: -66.3 + :.:::  .::::::::: :::..::::::::  0.455 +                ''..
   |  :::::::.. ...........:''''''''''''       |::::::..::::::::::.::::::::::::::       |                    ''..
   | .::'   ''''''' ''''''''''''':''''''       |:::::'::::':' ::':::' :::':::::::       |                        ''..
   | ::                                        |::''  :::'    ': ::'  ''  :':  ''       |                            ''..
 4 +'''''''''''''''''''''''''''''''''''' -67.8 +'     '''         '                0.05 +                                ''..
pA +------------------------------------    mV +---------------------------------  mV^2 +------------------------------------
    5.3                          2000 ms        1025                      2000 ms        1000                         2000 ms

# The reward task's panels: four weights named, the potential of the
# trials (not a "free run"), the cumulative reward.
$ COLUMNS=125 e2l -c 'set trials 20' -c 'run lr0 --experiments 1' | grep '^weights'
weights  w0  w1  w2  w3                  membrane potential  u                    cumulative reward

# A trial is as long as the family's trial parameter says (reward: T):
# five trials of 1000 ms end at 5000 ms (the view once assumed 500 ms).
$ e2l -c 'set trials 20' -c 'set T 1000' -c 'run lr0 --experiments 1' | grep -E 'trials [0-9]|^ +0 .* ms$'
spikes: 24 inputs and the output, trials 16-20 (label, answer)
    0                                                                    5000 ms

# The recorders go through task_recorder, so --record writes them too:
# the correlation task's potential in training (every 1 ms) and free run
# (every step), every input's weight each second, pattern and background
# inputs told apart (1000 inputs, 2 s); the error task's teacher weights
# beside the student's (5 inputs, every 5 ms of 2 s).
$ e2l run correlation-quick lr1 -s experiments=1 -s T=2000 -s T_free=1000 --record family-corr > /dev/null && cut -d, -f3 family-corr/traces_mV.csv | sed 's/_[0-9]*$/_N/' | sort | uniq -c
      1 trace
  10000 u
   2000 u_train
   1508 w_background_N
      2 w_mean
    492 w_pattern_N
$ e2l run error-quick eq7 -s experiments=1 -s T=2000 --record family-error > /dev/null && cut -d, -f3 family-error/traces_pA.csv | sed 's/_[0-9]*$/_N/' | sort | uniq -c
      1 trace
   2000 w_N
   2000 wt_N
