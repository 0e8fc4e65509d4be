# Replay files: runs on recorded or hand-written inputs (--replay FILE,
# -s replay=FILE, replay = FILE in a task file, set replay FILE), the same
# fitness bit for bit as the recorded run with any rule and seed; every
# error names the file and line.  (Files here start rp-: the transcripts
# share one scratch folder.)
$ e2l run error-quick eq7 -s experiments=2 -s T=300 --threads 1 --record rp-e --json | grep -o '"values": [^]]*]'
"values": [-21.938044744036691, -15.519981138075453]
$ grep -v '^#' rp-e/inputs.csv | head -3; grep -c ',teacher,' rp-e/inputs.csv
experiment,kind,pattern,index,value
0,spike,,1,0.1
0,spike,,3,0.3
10
$ e2l run error-quick eq7 -s experiments=2 -s T=300 --replay rp-e/inputs.csv --seed 5 --json | grep -o '"values": [^]]*]'
"values": [-21.938044744036691, -15.519981138075453]
$ e2l run error-quick eq7x2 -s experiments=2 -s T=300 --json | grep -o '"values": [^]]*]'; e2l run error-quick eq7x2 -s experiments=2 -s T=300 -s replay=rp-e/inputs.csv --json | grep -o '"values": [^]]*]'
"values": [-22.0582131577059, -15.468916158516716]
"values": [-22.0582131577059, -15.468916158516716]
$ e2l run error-paper eq7 -s experiments=2 -s T=500 --threads 1 --record rp-p --json | grep -o '"values": [^]]*]'; e2l run error-paper none -s experiments=2 -s T=500 --threads 1 --record rp-p2 > /dev/null; e2l run error-paper eq7 -s experiments=2 -s T=500 --replay rp-p2/inputs.csv --json | grep -o '"values": [^]]*]'; cmp rp-p/inputs.csv rp-p2/inputs.csv && echo the same inputs, whatever the rule
"values": [-57.957164619531277, -24.690845031154353]
"values": [-57.957164619531277, -24.690845031154353]
the same inputs, whatever the rule
$ e2l run reward-quick lr2 -s experiments=2 -s trials=40 --threads 1 --record rp-r --json | grep -o '"values": [^]]*]'; e2l run reward-quick lr2 -s experiments=2 -s trials=40 --replay rp-r/inputs.csv --json | grep -o '"values": [^]]*]'
"values": [-8, -4]
"values": [-8, -4]
$ grep -v -e '^#' -e spike rp-r/inputs.csv | head -3; grep -c '^0,trial,' rp-r/inputs.csv; grep -v '^#' rp-r/inputs.csv | cut -d, -f2 | sort | uniq -c
experiment,kind,pattern,index,value
0,label,0,,1
0,label,1,,-1
40
      1 kind
     60 label
      2 noise
   9116 spike
     76 synapse
     80 trial
$ e2l run correlation-quick lr1 -s experiments=2 -s T=3000 -s T_free=2000 --threads 1 --record rp-c --json | grep -o '"values": [^]]*]'; e2l run correlation-quick lr2 -s experiments=2 -s T=3000 -s T_free=2000 --json | grep -o '"values": [^]]*]'; e2l run correlation-quick lr2 -s experiments=2 -s T=3000 -s T_free=2000 --replay rp-c/inputs.csv --json | grep -o '"values": [^]]*]'
"values": [5.193427451441222, 3.7858171846819726]
"values": [4.1741866139610009, 3.6121944596341664]
"values": [4.1741866139610009, 3.6121944596341664]
$ grep -v -e '^#' -e spike rp-c/inputs.csv | sed 's/,w0,,[0-9]*,/,w0,,J,/' | uniq -c | head -4
      1 experiment,kind,pattern,index,value
   1000 0,w0,,J,0.3502553043513838
      1 0,u0,,,10.12528271118324
      1 0,u0_free,,,10.12528271118324
$ mkdir rp-t && cp rp-e/inputs.csv rp-t/in.csv && sed -e 's/^experiments .*/experiments = 2/' -e 's/^T = .*/T = 300/' "$srcdir"/tasks/error-quick.task > rp-t/x.task && echo 'replay = in.csv' >> rp-t/x.task && e2l run rp-t/x.task eq7 --json | grep -o '"values": [^]]*]'
"values": [-21.938044744036691, -15.519981138075453]
$ e2l tasks show rp-t/x.task | grep '^replay  '
replay                rp-t/in.csv      a file                     a file of inputs to run on instead of generated ones (format: below; --record writes one); empty: generated
$ e2l validate rp-t/x.task eq7x2 --vs eq7 | head -1
2 validation experiments of task x (seed 1), the same for both rules
$ e2l -c 'task error-quick' -c 'set experiments 2' -c 'set T 300' -c 'set replay rp-e/inputs.csv' -c 'run eq7' | grep -o -e '^replay.*' -e 'fitness [-0-9][^ ]*'
replay = rp-e/inputs.csv
fitness -18.729
fitness -21.938
fitness -18.729
$ e2l tasks show error | sed -n '/^replay file/,$p'
replay file (replay = FILE, --replay FILE; --record DIR writes DIR/inputs.csv):
CSV with the header experiment,kind,pattern,index,value, a row per value, # comments;
experiments count from 0, as many as the run has; they depend on the file alone, not on the seed
or the parameters that say how inputs are drawn.
kind       pattern  index    rows                   value
spike      -        input    any number             ms: input INDEX spikes at VALUE (sent: it reaches the neurons delay later; spikes.csv's time; rounded to a step)
teacher    -        input    one per input          pA: the teacher's weight from input INDEX
$ e2l run error-quick eq7 --replay nosuch.csv
e2l: nosuch.csv: No such file or directory
[exit 74]
$ e2l run error-quick eq7 --replay rp-e/inputs.csv
e2l: rp-e/inputs.csv: holds 2 experiments, the run asks for 5 (set experiments = 2)
[exit 65]
$ e2l run error-quick eq7 -s experiments=3 --replay rp-e/inputs.csv
e2l: rp-e/inputs.csv: holds 2 experiments, the run asks for 3 (set experiments = 2)
[exit 65]
$ printf 'experiment,kind,pattern,index,value\n0,spike,,9,1\n' > rp-b.csv; e2l run error-quick eq7 --replay rp-b.csv
e2l: rp-b.csv:2: input 9 is out of range: the task has inputs = 5 (input 0 to 4)
[exit 65]
$ e2l run error-quick eq7 -s replay=rp-b.csv
e2l: rp-b.csv:2: input 9 is out of range: the task has inputs = 5 (input 0 to 4)
[exit 65]
$ printf 'experiment,kind,pattern,index,value\n0,spike,,1,\n' > rp-b1.csv; e2l run error-quick eq7 -s replay=rp-b1.csv
e2l: -s replay=rp-b1.csv: rp-b1.csv:2: 'spike' row without a value
[exit 65]
$ printf '# mine\nexperiment,kind,pattern,index,value\n0,spike,,1,5\n0,spike,,1,4.5\n' > rp-b2.csv; e2l run error-quick eq7 --replay rp-b2.csv
e2l: rp-b2.csv:4: time 4.5 ms for input 1 in experiment 0 comes after 5 ms on line 3: each input's times must not decrease
[exit 65]
$ e2l run reward-quick lr2 --replay rp-e/inputs.csv
e2l: rp-e/inputs.csv:6: 'spike' rows need the pattern in the pattern column
[exit 65]
$ e2l validate reward-quick lr2 --vs lr0 -s experiments=2 -s trials=40 --replay rp-r/inputs.csv | sed -n '1p;3,4p'
2 validation experiments of task reward-quick (seed 1), the same for both rules
  rule     LR2                                  -6      2.828         -6         -8
  baseline LR0                                  -5      7.071         -5        -10
$ printf 'family = error\nreplay = gone.csv\n' > rp-t/y.task && e2l run rp-t/y.task eq7
e2l: rp-t/y.task:2: replay = gone.csv: rp-t/gone.csv: No such file or directory
[exit 74]
$ e2l run error-quick eq7 --replay
e2l: run: option --replay needs a value: --replay FILE
[exit 64]
