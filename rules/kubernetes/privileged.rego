# METADATA
# title: Privileged containers
# description: A privileged container has every capability of the host; escaping it is trivial.
# custom:
#   id: KGR001
#   severity: high
#   remediation: Remove securityContext.privileged or set it to false.
package kubegate.kubernetes.privileged

import data.kubegate.kubernetes.lib

deny contains {"msg": msg, "path": path} if {
	some c in lib.containers
	c.container.securityContext.privileged == true
	msg := sprintf("%s %s: container %s is privileged", [input.kind, lib.name, c.container.name])
	path := array.concat(c.path, ["securityContext", "privileged"])
}
