# METADATA
# custom: {id: BENCH10, severity: low}
package bench.pull_policy

import data.kubegate.kubernetes.lib

warn contains {"msg": sprintf("container %s pulls a mutable tag without imagePullPolicy: Always", [c.container.name]), "path": array.concat(c.path, ["image"])} if {
	some c in lib.containers
	endswith(c.container.image, ":latest")
	not c.container.imagePullPolicy == "Always"
}
