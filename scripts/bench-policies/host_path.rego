# METADATA
# custom: {id: BENCH07, severity: high}
package bench.host_path

import data.kubegate.kubernetes.lib

deny contains {"msg": sprintf("volume %s mounts host path %s", [v.name, v.hostPath.path]), "path": array.concat(lib.pod_spec_path, ["volumes", i, "hostPath"])} if {
	some i, v in object.get(lib.pod_spec, "volumes", [])
	v.hostPath
}
