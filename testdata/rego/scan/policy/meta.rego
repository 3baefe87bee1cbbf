package custom.meta

# METADATA
# title: No debug containers
# custom:
#   id: CUS001
#   severity: critical
#   remediation: Remove the debug container before shipping.
deny_debug contains {"msg": msg, "path": sprintf("spec.template.spec.containers[%d].name", [i])} if {
	some i, c in input.spec.template.spec.containers
	c.name == "debug"
	msg := sprintf("container %s is a debug container", [c.name])
}

# No metadata: id custom.meta.warn, severity medium, at the name line.
warn contains msg if {
	input.kind == "Service"
	not input.spec.type
	msg := "service type is implicit (ClusterIP)"
}

# A result's own severity wins over the default.
violation contains {"msg": "ingress without a class", "severity": "low", "path": ["spec"]} if {
	input.kind == "Ingress"
	not input.spec.ingressClassName
}

# print() never reaches the output.
warn_printed contains "never" if {
	print("kubegate-print-marker", input.kind)
	false
}
