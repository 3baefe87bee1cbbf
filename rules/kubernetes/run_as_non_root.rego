# METADATA
# title: Containers must not run as root
# description: Without runAsNonRoot, an image that runs as UID 0 runs as root in the pod.
# custom:
#   id: KGR002
#   severity: medium
#   remediation: Set securityContext.runAsNonRoot to true on the pod or on each container.
package kubegate.kubernetes.run_as_non_root

import data.kubegate.kubernetes.lib

pod_non_root if lib.pod_spec.securityContext.runAsNonRoot == true

deny contains {"msg": msg, "path": c.path} if {
	some c in lib.containers
	not pod_non_root
	not c.container.securityContext.runAsNonRoot == true
	msg := sprintf("%s %s: container %s may run as root (set runAsNonRoot: true)", [input.kind, lib.name, c.container.name])
}
