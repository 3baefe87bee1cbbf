# METADATA
# custom: {id: BENCH01, severity: high}
package bench.host_namespaces

import data.kubegate.kubernetes.lib

deny contains {"msg": sprintf("%s %s shares the host %s namespace", [input.kind, lib.name, field]), "path": array.concat(lib.pod_spec_path, [field])} if {
	some field in ["hostNetwork", "hostPID", "hostIPC"]
	lib.pod_spec[field] == true
}
