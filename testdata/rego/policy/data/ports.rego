package main

deny contains msg if {
	input.kind == "Service"
	some p in input.spec.ports
	p.port in data.services.ports
	msg := sprintf("Service %s: port %d is forbidden", [input.metadata.name, p.port])
}
