# Pictures that teach: the run view draws what a family's record names
# (task_view), at a projector's 100 columns, in braille (UTF-8).

# The correlation task: pattern inputs in a band above background ones,
# the pattern's windows shaded (a bar names them), the output's spikes
# against them (LR1 has learnt to fire in the pattern), the weights as
# two families (each group's mean bold, a few inputs dotted) pulled
# apart, and what the fitness, an SNR, means.
$ COLUMNS=100 LC_ALL=C.UTF-8 e2l -c 'task correlation-quick' -c 'run lr1 --experiments 1' | sed 's/([0-9] experiments, [0-9.]* s)/(1 experiments, S s)/; s/in [0-9.]* s$/in S s/'
task correlation-quick (family correlation): a neuron learns to detect a frozen spike pattern hidden in Poisson input (paper section 'correlation-driven learning')
rule variables: w k
run lr1: k - w ; w*k - w… on correlation-quick   fitness 38.465   experiment 0 of 1, fitness 38.4652
fitness (minimum over 1): SNR of the potential, pattern vs noise outside; higher is better
spikes, last 1000 ms: the output fired 6 of its 6 in the pattern
                                               pattern▁▁                                   pattern▁▁
pattern          ⠁              ⢀        ⠠    ⠐⠠⠄⠁⡁░░░░░   ⠈                               ⠂⠤⠈⢈░░░░░
                                               ░⠄⠈░⠃░⡀⠠░                                   ░⠠░⠁⠘░⢀░⠄
           ┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄
background   ⠅⠂         ⠂ ⠐⡀ ⠐ ⠅       ⡀    ⠈  ░░░░░░░░░         ⠠ ⠔ ⡀        ⠠⠈⡀          ░░░░░░░░░
           ⠂  ⡀  ⠈   ⠈  ⠡ ⠄       ⠄    ⠄ ⠄     ░░░░░░░░░     ⠠ ⢀         ⠈   ⠂    ⠠       ⠁░░░░░░░░░
out                                            ⢸⢸░⢸░░░░░                                   ░⡇⡇░⡇░░░░
           ─────────────────────────────────────────────────────────────────────────────────────────
           99000                                                                            1e+05 ms
weights  ━━ pattern  ━━ background                membrane potential (training)  u
0.73 ┤               ⡀   ⢀ ⡀⢀⠄⡠⢀⠔⡀⢂⠐⡀⢂⠐  ⠐ ⠂⠐ ⠂⠐⠁ 20 ┤     ⢰⢠ ⡆                              ⢰⣰⢀⡆
     │        ⢀ ⡠⢀⠔⡁⠂⠐⡁⢈ ⡁⠈ ⡁⢈⠄⡡⢀⠄⡡⢈⠔⡠⢈⠄⡡⢊⠔⡡⢊⠄⡡⢊⠔    │     ⢸⣿⢰⡇                              ⣸⣿⢸⡇
     │   ⢀ ⡠⢂⣔⣡⣪⣴⣤⣬⣤⣥⣮⣴⣥⣮⣤⣥⣬⣤⣥⣤⣤⣥⣤⣤⣤⣤⣤⣤⣤⣤⣤⣤⣤⣤⣤⠶⠶⠶    │     ⢸⣿⢸⡇                              ⣿⣿⢸⡇
0.39 ┤⣤⣴⣶⣷⣾⣿⣯⣍⣉⣁                                  10 ┤     ⣾⣿⡸⡇⣤⡄                            ⣿⣿⡎⡇⣤⡀
     │  ⠈ ⠁⠈ ⠉⠋⠝⡻⠛⠟⡶⢦⣤⣀⡀                             │     ⣿⣿⡇⣷⠁⠹⡀                     ⣤     ⣿⣿⡇⣿⠁⢱⡀
     │              ⠁⠈⠙⠙⠛⠶⡶⢶⣤⣤⣄⣀⣀⣀⣀                  │⠶⠶⠦⠶⢤⣿⣿⡇⣿  ⠙⠲⣤⡶⠶⠢⠼⠛⠚⠲⣤⡦⣄⣀⣀⣤⣀⡤⢤⠶⠴⠤⠇⠳⢦⣠⠖⠚⢻⢹⠇⡟  ⠉
0.05 ┤                        ⠉⠋⠙⠉⠋⠛⠛⠛⠟⠳⠶⠶⠶⠶⠶⠶⢶⠶⣤  0 ┤     ⢸⣿⠁⡏              ⠈⠁⠁             ⢸⢸ ⡇
  mV └─────────────────────────────────────────── mV └──────────────────────────────────────────────
      0                                  1e+05 ms     99329                                 1e+05 ms
lr1: k - w ; w*k - w - k on correlation-quick: fitness 38.4652 (mean 38.4652, SD 0 over 1 experiments) in S s
# Without plasticity the output fires where it happens to.
$ COLUMNS=100 LC_ALL=C.UTF-8 e2l -c 'task correlation-quick' -c 'run none --experiments 1' | grep -E '^(fitness|spikes)'
fitness (minimum over 1): SNR of the potential, pattern vs noise outside; higher is better
spikes, last 1000 ms: the output fired 2 of its 4 in the pattern

# The error task: the student's weights move onto the teacher's, dashed
# as the targets they are; teacher v dashed, student u solid, with a
# legend that shows each line; no output row (the student never spikes).
$ COLUMNS=100 LC_ALL=C.UTF-8 e2l -c 'task error-quick' -c 'run eq7 --experiments 1 --seed 3' | sed 's/([0-9] experiments, [0-9.]* s)/(1 experiments, S s)/; s/in [0-9.]* s$/in S s/'
task error-quick (family error): a student neuron learns to follow a teacher's membrane potential (paper section 'error-driven learning')
rule variables: v u s
run eq7: (v - u)*s on error-quick   fitness -9.1304              experiment 0 of 1, fitness -9.13035
fitness (mean over 1): minus the root of summed (u - v)^2; 0 is a perfect match
spikes: 5 inputs, last 500 ms
in  ⣞⢫⣽⣻⢯⣻⣻⡯⣿⣽⣺⣋⡿⣆⣏⣫⡏⣟⣟⣹⣅⣗⣷⣝⣛⣟⣽⣿⣋⣛⣐⣟⢿⡻⣾⣻⣗⣸⣏⣝⢿⣽⣟⣻⣙⣬⣧⡟⣟⡿⣽⣏⣯⣿⢽⣾⣿⣮⣯⣷⣟⣿⡽⣹⣽⣻⣻⣿⡿⣏⣿⣵⡛⣷⡿⣭⡟⢠⣿⡿⣣⢿⣿⡕⠿⡛⣹⣇⡹⣡⣞⡿⣟⡯⣷⠅
    ⠉⠈⠉⠁⠉⠁⠉⠈⠉⠉⠉⠉⠈⠉⠉⠉⠉⠁⠉⠉⠉⠈⠉⠉⠁⠉⠉⠉⠉⠉⠉⠉⠁⠉⠉⠉⠉ ⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠁ ⠉⠉⠁⠁⠁⠉⠉⠉⠈⠁⠉⠉⠈⠉⠉⠉⠉⠈⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠉⠈⠉⠉⠉⠁⠉⠉ ⠉⠈⠉⠉⠉⠉ ⠁
    ────────────────────────────────────────────────────────────────────────────────────────────────
    9500                                                                                    10000 ms
weights  ╌╌ teacher  ── student                   potential  ╌╌ teacher v  ── student u
  24 ┤⠤ ⠤ ⠤ ⠤ ⠤ ⠤ ⠤ ⠤ ⠤ ⠤ ⠤ ⠤ ⠤ ⠤ ⠤ ⠤ ⠤ ⠤ ⣤⡀⠤ ⠤ ⠤ -65.3 ┤          ⢠               ⡆ ⢠
     │ ⡆             ⣀⣀⢀⡀⣀⣀⣤⣀⣤⣤⣠⢤⡴⠲⠖⠚⠙⠒⠒⠋⠉⠁⠉⠓⠋⠋⠉⠓       │       ⢀  ⢸⣇              ⡇ ⢸⡆
     │⢠⢳⢀⣀⡤⠦⠤⣄⠶⠛⠋⠉⠉⠉⠋⠉⠈⠉⠉⠉ ⠈⠁                           │  ⢸    ⢸⡆ ⣾⢿         ⡀  ⡀ ⣧⢠⢸⡇  ⢀
     │⢸⣼⡼                                               │  ⡟⡆   ⢸⡇ ⣿⢸ ⢀       ⣷⢸⣸⡇⢰⣿⣾⣸⡇  ⣾  ⢠⡀   ⡄
     │⢹⢻⡏ ⠉ ⠉ ⠉ ⠉ ⠉ ⠉ ⠉ ⠉ ⠉⣀⢉⣄⣉⣠⢭⣠⣍⣠⣉⣀⣉⣀⣉⣀⣭⣀⣉⣀⣩⠤⣍       │ ⡀⡇⡇⡀ ⢀⢸⡇ ⡿⢸⡄⢸⡄     ⡀⣿⢸⡇⡇⢸⢹⣿⡟⡇  ⣿⡇⢀⡜⣧   ⣇
12.6 ┤⢸⢿⣴⣦⣤⣤⣤⣄⣶⣖⡒⢒⠒⠲⠴⣒⣳⢴⠒⠚⠉⠉⠉    ⢀⡀⣀⠉   ⣀⡀⣀ ⠉     -66.4 ┤ ⣿⡇⢻⡇ ⣿⡸⢧⣴⡇ ⣷⣿⡇ ⡄ ⢠⡄⡇⣿⢸⠁⣇⢸⠈ ⡇⢣  ⣿⣇⣾⡇⢹  ⣆⣿
     │⣹⢸⣟⠛⣛⠻⣿⢯⣿⣗⣻⠿⣭⠭⣽⠛⣻⠭⣭⠭⣽⠻⣿⠿⣿⠾⣭⣩⣭⣩⣉⣉⣉⣉⣉⣉⣉⣉⣛⣩⣭⠭⣟       │⢰⣿ ⠈⢿⢰⣿⡇⢸⡿⠁ ⢻⡏⡇⢠⡇ ⣸⡇⣿⢹⣼ ⢻⢸  ⠇⢸  ⡿⢸⡿⠃⢸⣿ ⣿⣿ ⡇
     │⢸         ⠉⠉⠓⠲⠤⠤⠤⣀⣀⣀                              │⣿⠿  ⢸⡼⡏⠇⠈   ⠈ ⢿⣼⢧⢀⡿⣿⠈⠘⠋ ⢸⣾   ⢸⢠ ⡇⢸⡇  ⣿ ⣿⢹ ⡇
     │⡼                   ⠉⠙⠦⠶⠤⠤⢤⣀⡀                     │    ⠈⠇         ⣿⠸⣾⠁⢸    ⠘⡇   ⢸⣿⣄⡇⢸⡇  ⠹⡇⡏⢸⢸⣇
     │⠁                           ⠉⠙⠒⠒⠒⠦⠶⠤⠤⢤⣀⣀⣀⣀        │               ⣿ ⠙ ⢸     ⠁   ⢸⡏⣿⡇ ⠁   ⢳⠁ ⣿⢸
     │                                         ⠈⠉       │                             ⠈⠁⠋      ⢸   ⢸
  -1 ┤⠤ ⠤ ⠤ ⠤ ⠤ ⠤ ⠤ ⠤ ⠤ ⠤ ⠤ ⠤ ⠤ ⠤ ⠤ ⠤ ⠤ ⠤ ⠤ ⠤ ⠤ ⠤ -67.8 ┤                                      ⠈   ⠸
  pA └───────────────────────────────────────────    mV └───────────────────────────────────────────
      10                                 1e+04 ms        9217                               10000 ms
eq7: (v - u)*s on error-quick: fitness -9.13035 (mean -9.13035, SD 0 over 1 experiments) in S s
# The same in ASCII: the legend tells the lines apart without colour.
$ COLUMNS=100 e2l --ascii -c 'task error-quick' -c 'run eq7 --experiments 1 --seed 3' | grep -E '^(weights|spikes|out)'
spikes: 5 inputs, last 500 ms
weights  - - teacher  -- student                  potential  - - teacher v  -- student u
