package main

test_root_deployment_denied if {
	count(deny) > 0 with input as {"kind": "Deployment", "metadata": {"name": "x"}, "spec": {}}
}

test_service_warned if {
	warn["Service s is exposed by a LoadBalancer"] with input as {"kind": "Service", "metadata": {"name": "s"}, "spec": {"type": "LoadBalancer"}}
}

test_cluster_ip_not_warned if {
	count(warn) == 0 with input as {"kind": "Service", "metadata": {"name": "s"}, "spec": {"type": "ClusterIP"}}
}

todo_test_ingress_rules if {
	false
}
