# METADATA
# title: Containers must declare memory limits
# description: A container without a memory limit can starve its node.
# custom:
#   id: KGR004
#   severity: medium
#   remediation: Set resources.limits.memory on every container.
package kubegate.kubernetes.resources

import data.kubegate.kubernetes.lib

deny contains {"msg": msg, "path": c.path} if {
	some c in lib.containers
	c.path[count(c.path) - 2] != "initContainers"
	not c.container.resources.limits.memory
	msg := sprintf("%s %s: container %s has no memory limit", [input.kind, lib.name, c.container.name])
}
