# Issue 14, the formula commands under hostile input.  Long formulas are
# made with printf and seq: no python3 on a bare machine.

# The workbench split a command line into at most 64 words and dropped the
# rest without a word: here the bad setting at the end went unseen.
$ e2l -c "evolve error-quick --generations 1 $(for i in $(seq 1 40); do printf -- '-s eta=0.%d ' $i; done) -s nosuch=1"
e2l: -c:1: -s nosuch=1: unknown parameter 'nosuch' for task family 'error' (see 'e2l tasks show error')
[exit 65]
