# Settings that stay: each task keeps its `set` changes for the session;
# a switch, also by `run` of another family's rule, says what it did.
$ e2l -c 'set eta 20' -c 'run error-eq7 --experiments 1 -s T=300 --json' -c 'run reward-lr0 --experiments 1 -s trials=20 --json' | python3 -c 'import json,sys; [print(l.strip()) if not l.startswith("{") else print(json.loads(l)["task"], json.loads(l)["configuration"]["parameters"]["eta"]) for l in sys.stdin]'
eta = 20
task error-quick (the rule is for the error family)
error-quick 1.7
task reward-quick (the rule is for the reward family; your changes kept: eta = 20)
reward-quick 20
$ e2l -c 'set eta 20' -c 'task error-quick' -c 'task reward-quick' -c 'task' | grep -E '^(changed|your|eta )'
eta = 20
your changes kept: eta = 20
eta                            20      [-1e+06, 1e+06]            learning rate (not the default)
changed with set: eta = 20 (reward-quick 10)
# save writes every task's changes, so that `load` restores the session.
$ e2l -c 'set eta 20' -c 'task error-quick' -c 'set T 400' -c 'save s.e2l' > /dev/null; sed 1d s.e2l
task reward-quick
set eta 20
task error-quick
set T 400
$ e2l -c 'load s.e2l' -c 'run reward-lr0 --experiments 1 -s trials=20 --json' | tail -1 | python3 -c 'import json,sys; c=json.load(sys.stdin); print(c["task"], c["configuration"]["parameters"]["eta"])'
reward-quick 20
