package kubegate.kubernetes.replicas_test

import data.kubegate.kubernetes.replicas

deploy(n) := {"kind": "Deployment", "metadata": {"name": "d"}, "spec": {"replicas": n}}

test_one_replica_warned if {
	some r in replicas.warn with input as deploy(1)
	r.msg == "Deployment d: 1 replica(s), a rollout or a node drain takes it down"
	r.path == ["spec", "replicas"]
}

test_two_replicas_pass if count(replicas.warn) == 0 with input as deploy(2)

test_unset_replicas_pass if count(replicas.warn) == 0 with input as {"kind": "Deployment", "metadata": {"name": "d"}, "spec": {}}
