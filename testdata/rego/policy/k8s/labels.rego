package main

deny contains msg if {
	input.kind == "Deployment"
	not input.metadata.labels["app.kubernetes.io/instance"]
	msg := sprintf("%s %s: missing label app.kubernetes.io/instance", [input.kind, input.metadata.name])
}
