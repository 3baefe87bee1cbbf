# METADATA
# custom: {id: BENCH08, severity: high}
package bench.capabilities

import data.kubegate.kubernetes.lib

dangerous := {"SYS_ADMIN", "NET_ADMIN", "SYS_PTRACE", "SYS_MODULE", "ALL"}

deny contains {"msg": sprintf("container %s adds capability %s", [c.container.name, cap]), "path": array.concat(c.path, ["securityContext", "capabilities", "add", i])} if {
	some c in lib.containers
	some i, cap in object.get(c.container, ["securityContext", "capabilities", "add"], [])
	upper(cap) in dangerous
}
