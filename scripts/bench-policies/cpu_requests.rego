# METADATA
# custom: {id: BENCH04, severity: medium}
package bench.cpu_requests

import data.kubegate.kubernetes.lib

deny contains {"msg": sprintf("container %s has no cpu request", [c.container.name]), "path": array.concat(c.path, ["resources"])} if {
	some c in lib.containers
	not c.container.resources.requests.cpu
}
