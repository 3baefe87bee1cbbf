# METADATA
# title: Images must be pinned
# description: A missing tag or the latest tag makes deployments unrepeatable.
# custom:
#   id: KGR003
#   severity: low
#   remediation: Use an explicit version tag or, better, an @sha256 digest.
package kubegate.kubernetes.image_tag

import data.kubegate.kubernetes.lib

unpinned(image) if {
	not contains(image, "@")
	parts := split(image, "/")
	last := parts[count(parts) - 1]
	not contains(last, ":")
}

unpinned(image) if endswith(image, ":latest")

warn contains {"msg": msg, "path": array.concat(c.path, ["image"])} if {
	some c in lib.containers
	unpinned(c.container.image)
	msg := sprintf("%s %s: container %s uses an unpinned image %s", [input.kind, lib.name, c.container.name, c.container.image])
}
