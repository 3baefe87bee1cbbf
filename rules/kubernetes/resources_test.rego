package kubegate.kubernetes.resources_test

import data.kubegate.kubernetes.resources

pod(res) := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "c", "resources": res}]}}

test_missing_limit_denied if {
	some r in resources.deny with input as pod({})
	r.msg == "Pod p: container c has no memory limit"
}

test_memory_limit_allowed if count(resources.deny) == 0 with input as pod({"limits": {"memory": "256Mi"}})

test_non_workloads_ignored if count(resources.deny) == 0 with input as {"kind": "ConfigMap", "metadata": {"name": "c"}}
