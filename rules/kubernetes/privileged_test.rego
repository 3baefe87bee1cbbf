package kubegate.kubernetes.privileged_test

import data.kubegate.kubernetes.privileged

pod(sc) := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "c", "securityContext": sc}]}}

test_privileged_pod_denied if {
	some r in privileged.deny with input as pod({"privileged": true})
	r.msg == "Pod p: container c is privileged"
	r.path == ["spec", "containers", 0, "securityContext", "privileged"]
}

test_unprivileged_pod_allowed if {
	count(privileged.deny) == 0 with input as pod({"privileged": false})
}

test_deployment_init_container_denied if {
	d := {"kind": "Deployment", "metadata": {"name": "d"}, "spec": {"template": {"spec": {"initContainers": [{"name": "i", "securityContext": {"privileged": true}}]}}}}
	count(privileged.deny) == 1 with input as d
}
