package main

test_forbidden_port_denied if {
	count(deny) == 1 with input as {"kind": "Service", "metadata": {"name": "s"}, "spec": {"ports": [{"port": 22}]}}
}

test_allowed_port if {
	count(deny) == 0 with input as {"kind": "Service", "metadata": {"name": "s"}, "spec": {"ports": [{"port": 443}]}}
}
