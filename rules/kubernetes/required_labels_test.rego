package kubegate.kubernetes.required_labels_test

import data.kubegate.kubernetes.required_labels

svc(labels) := {"kind": "Service", "metadata": {"name": "s", "labels": labels}}

test_missing_default_label_denied if {
	some r in required_labels.deny with input as svc({"team": "a"})
	r.msg == "Service s: missing label app.kubernetes.io/name"
	r.path == ["metadata", "labels"]
}

test_present_label_allowed if count(required_labels.deny) == 0 with input as svc({"app.kubernetes.io/name": "s"})

test_no_labels_points_at_metadata if {
	some r in required_labels.deny with input as {"kind": "Pod", "metadata": {"name": "p"}}
	r.path == ["metadata"]
}

test_labels_from_data if {
	count(required_labels.deny) == 2 with input as svc({"app.kubernetes.io/name": "s"})
		with data.kubegate.parameters.required_labels as ["team", "tier", "app.kubernetes.io/name"]
}

test_other_kinds_ignored if count(required_labels.deny) == 0 with input as {"kind": "ConfigMap", "metadata": {"name": "c"}}
