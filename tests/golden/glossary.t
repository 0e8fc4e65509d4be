# A glossary from the family records: `help WORD` when WORD is not a
# command: a variable, "fitness", "variables", a family or a task.
$ e2l help R
  R in the reward task (x_0): the trial's reward: +1 when the answer matched the label, -1 when not
$ e2l help k
  k in the correlation task (x_1): the other side's trace at the pairing: in facilitate the presynaptic trace at a postsynaptic spike, in depress the postsynaptic trace at a presynaptic spike (+1 a spike, decaying with tau_plus, tau_minus)
$ e2l -c 'help Rbar_minus'
  Rbar_minus in the reward task (x_3): average of the negative rewards, -1 .. 0 (its sign kept), over m_r trials before this one
$ e2l help fitness
fitness, what evolution maximises and `run` reports, per task family:
  reward: the reward summed over the trials, -trials .. trials; higher is better; the mean over its experiments
  error: minus the root of (u - v)^2 summed over the samples after the first `skip` (paper Eq. 8): 0 is a perfect match (mV); higher is better; the mean over its experiments
  correlation: the SNR of the free run's potential: (mean of its maxima in the pattern windows - its mean outside) / its SD outside; higher is better; the minimum over its experiments
$ e2l help variables | grep -c ' in the '
10
$ e2l help error | head -3
task family error: a student neuron learns to follow a teacher's membrane potential (paper section 'error-driven learning')
rule variables:
  v (x_0)          mV   the teacher's membrane potential, read every v_every ms and held
$ e2l -c 'help reward-quick' | head -2
task reward-quick, of the reward family:
task family reward: a neuron learns to classify frozen spike patterns from a reward (paper section 'reward-driven learning')
$ e2l help nosuch
e2l: help: no command, variable or task 'nosuch' (try `help variables`, `help fitness`, `tasks`)
[exit 64]
# show RULE: a rule file's comment lines and its source.
$ e2l -c 'show lr0'
lr0  (task family reward)
  formula    (R - 1)*E
  simplified E*(R - 1)
  variable   R: the trial's reward: +1 when the answer matched the label, -1 when not
  variable   E: the synapse's eligibility trace at the trial's end (paper Eq. 22, scaled by c_E)
  comment    Urbanczik & Senn (2009): a fixed optimistic baseline R_max = 1.
  source     Jordan et al. 2021, LR0; F = 216.2 in the paper's evolution runs
$ e2l -c 'task error-quick' -c 'show eq7' | tail -7
  simplified s*(v - u)
  variable   v (mV): the teacher's membrane potential, read every v_every ms and held
  variable   u (mV): the student's membrane potential
  variable   s (mV): the synapse's presynaptic PSP trace (a unit-weight PSP)
  comment    The reference rule of the error-driven task (Urbanczik & Senn 2014):
  comment    the weight follows the teacher-student difference times the PSP trace.
  source     Jordan et al. 2021, Eq. 7; evolved exactly in 2 of 6 runs (run 5)
