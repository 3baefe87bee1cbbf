# METADATA
# custom: {id: BENCH03, severity: medium}
package bench.read_only_root

import data.kubegate.kubernetes.lib

warn contains {"msg": sprintf("container %s has a writable root filesystem", [c.container.name]), "path": c.path} if {
	some c in lib.containers
	not c.container.securityContext.readOnlyRootFilesystem == true
}
