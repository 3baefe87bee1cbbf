package kubegate.kubernetes.run_as_non_root_test

import data.kubegate.kubernetes.run_as_non_root

deployment(pod_sc, c_sc) := {"kind": "Deployment", "metadata": {"name": "d"}, "spec": {"template": {"spec": {"securityContext": pod_sc, "containers": [{"name": "app", "securityContext": c_sc}]}}}}

test_root_by_default_denied if {
	some r in run_as_non_root.deny with input as deployment({}, {})
	r.path == ["spec", "template", "spec", "containers", 0]
}

test_pod_level_non_root_allowed if {
	count(run_as_non_root.deny) == 0 with input as deployment({"runAsNonRoot": true}, {})
}

test_container_level_non_root_allowed if {
	count(run_as_non_root.deny) == 0 with input as deployment({}, {"runAsNonRoot": true})
}
