# show RULE says what each variable the rule uses means (unit and meaning
# from the family's record, in the paper's x_0, x_1 order, aliases
# included); the echo of a definition leaves that to `show`.
$ e2l -c 'a = 2*E' -c 'show a'
a  (task family reward, typed)
  formula    2*E
  simplified 2*E
a  (task family reward, typed)
  formula    2*E
  simplified 2*E
  variable   E: the synapse's eligibility trace at the trial's end (paper Eq. 22, scaled by c_E)
$ e2l -c 'b = x_0*x_4 - Rbar_plus' -c 'b' | grep variable
  variable   R: the trial's reward: +1 when the answer matched the label, -1 when not
  variable   Rbar_plus: average of the positive rewards, 0 .. 1, over m_r trials before this one (paper Eq. 23)
  variable   Rbar: Rbar_plus + Rbar_minus, -1 .. 1: the reward expected
$ e2l -c 'task correlation-quick' -c 'show lr1' | grep '^  variable'
  variable   w: the synapse's weight over Wmax, 0 .. 1
  variable   k: the other side's trace at the pairing: in facilitate the presynaptic trace at a postsynaptic spike, in depress the postsynaptic trace at a presynaptic spike (+1 a spike, decaying with tau_plus, tau_minus)
$ e2l -c 'task error-quick' -c 'delta = (v - u)*s' -c 'task reward-quick' -c 'show delta' | grep -v '^task\|^rule'
delta  (task family error, typed)
  formula    (v - u)*s
  simplified s*(v - u)
delta  (task family error, typed)
  formula    (v - u)*s
  simplified s*(v - u)
  variable   v (mV): the teacher's membrane potential, read every v_every ms and held
  variable   u (mV): the student's membrane potential
  variable   s (mV): the synapse's presynaptic PSP trace (a unit-weight PSP)
