# The correlation task is the paper's 8 evolution experiments, rebuilt from
# its seeds: LR1 scores its champion fitness (10.9866, champion_9.txt, on
# experiment 4), no plasticity about 3 (tests/test_correlation.c checks the
# digits).
$ e2l run correlation lr1 | grep -v seeds
task      correlation
rule      LR1: facilitate = k - w; depress = w*k - w - k
fitness   10.99  (minimum over 8 experiments)
mean, SD  27.68 +- 11.38
values    39.98 19.2 42.96 34.62 10.99 27.11 16.79 29.8
$ e2l run correlation none | grep -v seeds
task      correlation
rule      no plasticity: facilitate = 0; depress = 0
fitness   1.963  (minimum over 8 experiments)
mean, SD  3.175 +- 0.721
values    3.427 1.963 3.624 4.141 2.672 3.764 3.236 2.569
# The quick preset: the paper's first 4 experiments, a 5 s free run.
$ e2l run correlation-quick lr1 | grep -v seeds
task      correlation-quick
rule      LR1: facilitate = k - w; depress = w*k - w - k
fitness   19.16  (minimum over 4 experiments)
mean, SD  34.06 +- 10.64
values    38.47 19.16 43.94 34.68
$ e2l run correlation-quick none | grep -v seeds
task      correlation-quick
rule      no plasticity: facilitate = 0; depress = 0
fitness   1.893  (minimum over 4 experiments)
mean, SD  3.246 +- 0.9949
values    3.219 1.893 3.627 4.243
# Another base seed, or --validate, draws fresh experiments the same way.
$ e2l run correlation-quick lr1 --seed 2 -s experiments=2 | grep -v seeds
task      correlation-quick
rule      LR1: facilitate = k - w; depress = w*k - w - k
fitness   27.96  (minimum over 2 experiments)
mean, SD  29.64 +- 2.378
values    27.96 31.32
$ e2l run correlation-quick lr1 --validate -s experiments=2 | grep -v seeds
task      correlation-quick
rule      LR1: facilitate = k - w; depress = w*k - w - k
fitness   11.15  (minimum over 2 experiments)
mean, SD  19.88 +- 12.34
values    28.61 11.15
