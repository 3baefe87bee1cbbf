package main

warn[msg] {
	input.kind == "Service"
	input.spec.type == "LoadBalancer"
	msg := sprintf("Service %s is exposed by a LoadBalancer", [input.metadata.name])
}
