# Task parameters that contradict each other, numbers that are not what
# they seem, and task or rule files that are not plain text files: each
# refused at once, naming the place, never run.
#
# An error task that compares nothing scored a perfect 0 for any rule.
$ e2l run error-quick '(v-u)*s' -s sample=1000000
e2l: sample = 1e+06 ms is longer than T = 10000 ms: no membrane potentials would be compared (sample must be at most T)
[exit 65]
$ e2l run error-quick '(v-u)*s' -s delay=1000 -s T=10
e2l: delay = 1000 ms: no input reaches the neurons before the last sample at 10 ms, so every rule would score 0 (delay must be at most 9.7 ms, or T longer)
[exit 65]
$ e2l run error-quick '(v-u)*s' -s rate_min=0 -s rate_max=0
e2l: rate_max = 0 Hz: the inputs never spike, so every rule would score 0 (rate_max must be above 0)
[exit 65]
# Ranges whose ends are swapped.
$ e2l run error-quick eq7 -s rate_min=900
e2l: rate_min = 900 Hz is above rate_max = 850 Hz: rate_min must be at most rate_max (input rates are uniform in [rate_min, rate_max])
[exit 65]
$ e2l run error-quick eq7 -s teacher_w_min=30
e2l: teacher_w_min = 30 pA is above teacher_w_max = 20 pA: teacher_w_min must be at most teacher_w_max (teacher weights are uniform in [min, max])
[exit 65]
# Set one at a time, a range moves up when its top moves first.
$ e2l run error-quick eq7 -s rate_max=950 -s rate_min=900 -s experiments=1 | grep -v seeds
task      error-quick
rule      Eq. 7: (v - u)*s
fitness   -29.49  (mean over 1 experiments)
mean, SD  -29.49 +- 0
values    -29.49
# The other families.
$ e2l run reward-quick lr0 -s tau_s=10
e2l: tau_s = 10 ms is equal to tau_m = 10 ms: they must differ by more than a millionth (the potential's closed form divides by their difference)
[exit 65]
$ e2l run reward-quick lr0 -s tau_M=0.5
e2l: tau_M = 0.5 ms is too short against tau_m = 10 ms over T = 500 ms: the eligibility trace would overflow (tau_M must be at least 0.769 ms, or T shorter)
[exit 65]
$ e2l run correlation-quick correlation-lr1 -s T_free=300
e2l: T_free = 300 ms ends before the first pattern window at 400.1 ms: the free run would measure no SNR (T_free must be longer than 400.1 ms)
[exit 65]
$ e2l run correlation-quick correlation-lr1 -s rate=2
e2l: rate = 2 Hz is too low for inter = 400 ms: the pattern's own spikes would exceed it, and no thinning of the background makes up for them (rate must be above 1000/inter = 2.5 Hz)
[exit 65]
# In a task file, the line that set the last of the parameters.
$ printf 'family = error\nT = 10\ndelay = 1000   # ms\nh = 0.1\n' > none.task && e2l run none.task eq7
e2l: none.task:4: delay = 1000 ms: no input reaches the neurons before the last sample at 10 ms, so every rule would score 0 (delay must be at most 9.7 ms, or T longer)
[exit 65]
# In the workbench, a refused set leaves the value as it was.
$ e2l -c 'task error-quick' -c 'set rate_min 900' -c 'set rate_max 950' -c 'set rate_min 900' 2>&1 | grep -v '^task\|^rule'
e2l: -c:2: set: rate_min = 900 Hz is above rate_max = 850 Hz: rate_min must be at most rate_max (input rates are uniform in [rate_min, rate_max])
rate_max = 950 Hz
rate_min = 900 Hz
#
# Numbers: an underflow never becomes 0; hexadecimal, inf, nan and units
# are refused with the reason.
$ e2l run error-quick eq7 -s eta=1e-999999999
e2l: -s eta=1e-999999999: eta = 1e-999999999 is too small to hold (below 2.2e-308 it would become 0 or lose digits); write 0 for zero
[exit 65]
$ e2l run error-quick eq7 -s eta=1e999
e2l: -s eta=1e999: eta = 1e999 is too large for a number (beyond 1.8e+308); the range is [-1000000, 1000000]
[exit 65]
$ e2l run error-quick eq7 -s eta=0x10
e2l: -s eta=0x10: eta = '0x10' is not a decimal number (hexadecimal is not accepted)
[exit 65]
$ e2l run error-quick eq7 -s eta=-inf
e2l: -s eta=-inf: eta = '-inf' is not a finite number
[exit 65]
$ e2l run error-quick eq7 -s eta=nan
e2l: -s eta=nan: eta = 'nan' is not a finite number
[exit 65]
$ e2l run error-quick eq7 -s 'tau_I=100 ms'
e2l: -s tau_I=100 ms: tau_I = '100 ms' is not a number: unexpected ' ms' after 100 (write the number alone: the unit is implied)
[exit 65]
$ printf 'family = error\n\neta = 1.7e-400\n' > tiny.task && e2l run tiny.task eq7
e2l: tiny.task:3: eta = 1.7e-400 is too small to hold (below 2.2e-308 it would become 0 or lose digits); write 0 for zero
[exit 65]
#
# Files: a device or a FIFO is an error at once, not a hang; a UTF-8 byte
# order mark is skipped; a NUL byte is refused with its line.
$ e2l run /dev/zero eq7
e2l: /dev/zero: not a regular file (a device, FIFO or socket)
[exit 74]
$ mkfifo fifo.task && timeout 20 "$E2L" run ./fifo.task eq7
e2l: ./fifo.task: not a regular file (a device, FIFO or socket)
[exit 74]
$ mkfifo fifo.rule && timeout 20 "$E2L" run error-quick ./fifo.rule
e2l: ./fifo.rule: not a regular file (a device, FIFO or socket)
[exit 74]
$ printf '\357\273\277family = error\nexperiments = 2\nT = 300\nh = 0.1\n' > bom.task && printf '\357\273\277task = error\nformula = (v - u)*s\n' > bom.rule && e2l run bom.task bom.rule | grep -v seeds
task      bom
rule      bom: (v - u)*s
fitness   -18.73  (mean over 2 experiments)
mean, SD  -18.73 +- 4.538
values    -21.94 -15.52
$ printf 'family = error\nT = 1\000\n' > nul.task && e2l run nul.task eq7
e2l: nul.task:2: a NUL byte in the text (is this a binary file?)
[exit 65]

# -s settings are checked against each other once all are in, so their
# order never matters (tau_M = 0.2 ms is fine only with the shorter T).
$ e2l run reward-quick lr0 -s tau_M=0.2 -s T=100 -s experiments=1 | grep fitness
fitness   -110  (mean over 1 experiments)
$ e2l run reward-quick lr0 -s T=100 -s tau_M=0.2 -s experiments=1 | grep fitness
fitness   -110  (mean over 1 experiments)

# A rule using a variable its family lacks is bad data (65), as a syntax
# error in it is; so is a parameter the family lacks, as in a task file.
$ e2l run error-quick 'foo*E'
e2l: foo*E: formula uses 'foo', which task family 'error' does not have (it has v, u, s)
[exit 65]
$ e2l run error-quick eq7 -s nosuch=1
e2l: -s nosuch=1: unknown parameter 'nosuch' for task family 'error' (see 'e2l tasks show error')
[exit 65]
