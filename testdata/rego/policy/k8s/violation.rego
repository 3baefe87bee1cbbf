package main

violation contains {"msg": msg, "severity": "high", "container": c.name} if {
	input.kind == "Deployment"
	some c in input.spec.template.spec.containers
	not contains(c.image, "@sha256:")
	msg := sprintf("container %s: image %s is not pinned by digest", [c.name, c.image])
}
