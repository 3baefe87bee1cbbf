package main

deny_run_as_root contains msg if {
	input.kind == "Deployment"
	not input.spec.template.spec.securityContext.runAsNonRoot
	msg := sprintf("%s must not run as root", [input.metadata.name])
}

warn_latest_tag contains msg if {
	some c in input.spec.template.spec.containers
	not contains(c.image, ":")
	msg := sprintf("%s: container %s uses an implicit latest tag", [input.metadata.name, c.name])
}
