# edit: a definition with an error opens the editor again on the text as
# written (the editor here checks that and then fixes it); saving it
# unchanged gives up.
$ printf '#!/bin/sh\nif [ ! -f n ]; then : > n; printf "lr = (R - 1*E\\n" > "$1"; else grep -v "^#" "$1" | sed "s/^/kept: /"; printf "lr = (R - 1)*E\\n" > "$1"; fi\n' > ed; chmod +x ed; EDITOR=./ed e2l -c 'edit lr' -c 'show lr' 2>&1 | sed 's#[^ ]*e2l-edit-[^ ]*\.e2l#EDIT#'
e2l: EDIT:1: the input ends inside a formula
edit: the editor opens again with your text (save it unchanged to give up)
kept: lr = (R - 1*E
lr  (task family reward, typed)
  formula    (R - 1)*E
  simplified E*(R - 1)
lr  (task family reward, typed)
  formula    (R - 1)*E
  simplified E*(R - 1)
  variable   R: the trial's reward: +1 when the answer matched the label, -1 when not
  variable   E: the synapse's eligibility trace at the trial's end (paper Eq. 22, scaled by c_E)
$ printf '#!/bin/sh\nprintf "lr = (R - 1*E\\n" > "$1"\n' > ed1; chmod +x ed1; EDITOR=./ed1 e2l -c 'edit lr' 2>&1 | sed 's#[^ ]*e2l-edit-[^ ]*\.e2l#EDIT#'
e2l: EDIT:1: the input ends inside a formula
edit: the editor opens again with your text (save it unchanged to give up)
lr: not changed
