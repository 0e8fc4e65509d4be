# The evolution dashboard (src/app/dashboard.c).  A run measures its
# reference lines on its own experiments before its first generation (no
# plasticity, rule 0, and the task's best-known rule, eq7 here) and keeps
# them in run.conf; `runs show` prints them.
$ e2l evolve error-quick -s experiments=1 -s T=300 --generations 3 --no-cache --out dash1 > /dev/null; grep '^reference_' dash1/run.conf
reference_none = -41.175013074642862
reference_known = -21.938044744036691 eq7 (v - u)*s
$ e2l runs show dash1 | grep -E '^(no plasticity|best known)'
no plasticity -41.175013074642862  (rule 0, on the run's experiments)
best known   -21.938044744036691  eq7 = (v - u)*s
# The dashboard: elapsed time beside the ETA; the legend names each line
# with its style (the worst parent dotted, the reference lines dashed)
# and gives the reference lines' fitness.  These champions lie below no
# plasticity: the axis follows them, and the worst parents that fall
# below it are counted under the plot.
$ e2l watch dash1 | sed 's/seconds [0-9.]*/seconds S/; s/elapsed [0-9.]* [a-z]*/elapsed T/; s/ETA -  [0-9.]* evals.*/ETA -  N evals\/s/'
generation 0 champion -522.633 formula 1 evaluations 4 cached 0% seconds S
generation 1 champion -522.633 formula 1 evaluations 6 cached 0% seconds S
generation 2 champion -522.633 formula 1 evaluations 6 cached 0% seconds S
job 1 finished  dash1  (error)  generation 3/3  elapsed T  ETA -  N evals/s
champion  -522.633  1   (complexity 0)
fitness  -- champion  .. worst parent  - - eq7 -21.94  - - rule 0 -41.18
-465 +
     |
     |
     |
-523 +''''''''''''''''''''''''''''''''''''''''''''''''''''''''''''''''''''''''''
     |
     |
     |
-580 +
     +--------------------------------------------------------------------------
      0                        v 3 below the axis                   2 generation
hall of fame    fitness  ops  formula
 1           -522.633    0  1
 2           -35962.2    3  v - s*v - s
 3       -2.49854e+06    3  v*(s - v) + s
 4       -2.17024e+07    2  u - 2*v
 5       -2.19481e+07    1  u + 2
job 1 finished at generation 2: -522.633  1
# A run whose champion passed no plasticity (written by hand: its
# generations' times are known): the axis runs from the no-plasticity
# score to the best-known rule, what lies below is a gap, counted; the
# hall of fame's rules of one fitness are one row, the simplest shown.
$ mkdir dash2; cp dash1/task.task dash2; sed 's/^generations = 3/generations = 5/' dash1/run.conf > dash2/run.conf; printf '%s\n' '{"generation": 0, "parents": [-522.5, -35962.25, -35962.25, -35962.25], "champion": "1", "champion_raw": "1", "complexity": 0, "evaluations": 4, "cache_hits": 0, "seconds": 60, "ranks": 1, "rank_units": [4]}' '{"generation": 1, "parents": [-41.25, -522.5, -35962.25, -35962.25], "champion": "0", "champion_raw": "0", "complexity": 0, "evaluations": 8, "cache_hits": 0, "seconds": 120, "ranks": 1, "rank_units": [4]}' '{"generation": 2, "parents": [-30.5, -41.25, -522.5, -522.5], "champion": "v - s", "champion_raw": "v - s", "complexity": 1, "evaluations": 12, "cache_hits": 0, "seconds": 180, "ranks": 1, "rank_units": [4]}' '{"generation": 3, "parents": [-25.25, -30.5, -41.25, -41.25], "champion": "s*(v - u)/2", "champion_raw": "s*(v - u)/2", "complexity": 4, "evaluations": 16, "cache_hits": 0, "seconds": 240, "ranks": 1, "rank_units": [4]}' '{"generation": 4, "parents": [-21.75, -25.25, -30.5, -30.5], "champion": "s*(v - u)", "champion_raw": "s*(v - u)", "complexity": 3, "evaluations": 20, "cache_hits": 0, "seconds": 300, "ranks": 1, "rank_units": [4]}' > dash2/log.jsonl; printf 'fitness\tcomplexity\tformula\n-21.75\t3\ts*(v - u)\n-21.75\t5\tv*s - u*s\n-21.75\t7\t(v - u)*s*s/s\n-25.25\t4\ts*(v - u)/2\n-30.5\t1\tv - s\n-41.25\t0\t0\n' > dash2/hof.tsv
$ e2l watch dash2
generation 0 champion -522.5 formula 1 evaluations 4 cached 0% seconds 60.0
generation 1 champion -41.25 formula 0 evaluations 8 cached 0% seconds 120.0
generation 2 champion -30.5 formula v - s evaluations 12 cached 0% seconds 180.0
generation 3 champion -25.25 formula s*(v - u)/2 evaluations 16 cached 0% seconds 240.0
generation 4 champion -21.75 formula s*(v - u) evaluations 20 cached 0% seconds 300.0
job 1 finished  dash2  (error)  generation 5/5  elapsed 5 min  ETA -  0.1 evals/
champion  -21.75  s*(v - u)   (complexity 3)
fitness  -- champion  .. worst parent  - - eq7 -21.94  - - rule 0 -41.18
-20.8 +..  ..  ..  ..  ..  ..  ..  ..  ..  ..  ..  ..  ..  ..  ..  ..  ..  .....
      |                                                         ......''''''
      |                                                ....'''''
      |                                       ....'''''
-31.5 +                                 ..''''                              .
      |                             ..''                                   '
      |                        ..'''                                  '
      |                    ..''                                 .'
-42.1 +''  ''  ''  ''  ''''''  ''  ''  ''  ''  ''  ''  ''  ''  ''  ''  ''  ''  '
      +-------------------------------------------------------------------------
       0                       v 4 below the axis                   4 generation
hall of fame    fitness  ops  formula
 1             -21.75    3  3 formulas, simplest: s*(v - u)
 2             -25.25    4  s*(v - u)/2
 3              -30.5    1  v - s
 4             -41.25    0  0
job 1 finished at generation 4: -21.75  s*(v - u)

# Wider, the hall of fame stands beside the plot; a legend too long for
# the narrower plot names the reference lines on a row of their own.
$ COLUMNS=130 e2l watch dash2 | sed -n '8,10p'
- - eq7 -21.94  - - rule 0 -41.18                                 hall of fame    fitness  ops  formula
fitness  -- champion  .. worst parent                              1             -21.75    3  3 formulas, simplest: s*(v - u)
-20.8 +..  ..  ..  ..  ..  ..  ..  ..  ..  ..  ..  ..  ..  ..  ..  2             -25.25    4  s*(v - u)/2
# evolve --runs K in the workbench starts K jobs; the dashboard of any of
# them shows the K side by side: each run's champion in one plot with
# the reference lines, then a line per run.
$ e2l -c 'evolve error-quick -s experiments=1 -s T=300 --runs 2 --generations 3 --no-cache --out dashg' -c 'watch 1' -c 'watch 2' > dashg.out; tac dashg.out | sed '/^2 runs/q' | tac | sed 's/elapsed [0-9.]* [a-z]*/elapsed T/'
2 runs side by side (jobs 1-2), 0 running  elapsed T (the longest)
fitness  -- %1  .. %2  - - eq7 -21.94  - - rule 0 -41.18
  -21 +..  ..  ..  ..  ..  ..  ..  ..  ..  ..  ..  ..  ..  ..  ..  ..  ..  ..  .
      |
      |
      |
      |
      |
-31.6 +
      |
      |
      |
      |
      |
-42.1 +'' '''' ''  '' '''' ''  '' '''' ''  '' '''' ''  '' '''' ''  '' '''' ''  '
      +-------------------------------------------------------------------------
       0                       v 3 below the axis                   2 generation
job  state     generation        best  champion
 1   finished  3/3            -522.633  1
>2   finished  3/3             -41.175  0
# The folder that a shell's `e2l evolve --runs K --out DIR` fills: `watch
# DIR` follows its K run directories as one group, side by side.
$ e2l evolve error-quick -s experiments=1 -s T=300 --runs 2 --generations 3 --no-cache --out dashk > /dev/null; e2l watch dashk | sed -n '/^2 runs/,$p' | sed 's/elapsed [0-9.]* [a-z]*/elapsed T/'
2 runs side by side (jobs 1-2), 0 running  elapsed T (the longest)
fitness  -- %1  .. %2  - - eq7 -21.94  - - rule 0 -41.18
  -21 +..  ..  ..  ..  ..  ..  ..  ..  ..  ..  ..  ..  ..  ..  ..  ..  ..  ..  .
      |
      |
      |
      |
      |
-31.6 +
      |
      |
      |
      |
      |
-42.1 +'' '''' ''  '' '''' ''  '' '''' ''  '' '''' ''  '' '''' ''  '' '''' ''  '
      +-------------------------------------------------------------------------
       0                       v 3 below the axis                   2 generation
job  state     generation        best  champion
>1   finished  3/3            -522.633  1
 2   finished  3/3             -41.175  0
job 1 finished at generation 2: -522.633  1
job 2 finished at generation 2: -41.175  0
