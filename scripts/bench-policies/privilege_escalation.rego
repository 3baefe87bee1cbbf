# METADATA
# custom: {id: BENCH02, severity: high}
package bench.privilege_escalation

import data.kubegate.kubernetes.lib

deny contains {"msg": sprintf("container %s allows privilege escalation", [c.container.name]), "path": c.path} if {
	some c in lib.containers
	not c.container.securityContext.allowPrivilegeEscalation == false
}
