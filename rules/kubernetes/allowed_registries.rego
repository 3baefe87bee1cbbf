# METADATA
# title: Images must come from an allowed registry
# description: Images pulled from anywhere bypass the scanning and signing of the approved registries.
# custom:
#   id: KGR006
#   severity: high
#   remediation: Mirror the image into an allowed registry (data.kubegate.parameters.allowed_registries) and use that reference.
package kubegate.kubernetes.allowed_registries

import data.kubegate.kubernetes.lib

# No list, no check: the policy applies once a repository names its registries.
default allowed := []

allowed := data.kubegate.parameters.allowed_registries

from_allowed(image) if {
	some prefix in allowed
	startswith(image, prefix)
}

deny contains {"msg": msg, "path": array.concat(c.path, ["image"])} if {
	count(allowed) > 0
	some c in lib.containers
	not from_allowed(c.container.image)
	msg := sprintf("%s %s: container %s uses image %s from a registry not in %v", [input.kind, lib.name, c.container.name, c.container.image, allowed])
}
