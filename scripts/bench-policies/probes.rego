# METADATA
# custom: {id: BENCH05, severity: low}
package bench.probes

import data.kubegate.kubernetes.lib

warn contains {"msg": sprintf("container %s has no %s", [c.container.name, probe]), "path": c.path} if {
	input.kind in {"Deployment", "StatefulSet"}
	some c in lib.containers
	c.path[count(c.path) - 2] == "containers"
	some probe in ["livenessProbe", "readinessProbe"]
	not c.container[probe]
}
