# METADATA
# custom: {id: BENCH11, severity: low}
package bench.service_account_token

import data.kubegate.kubernetes.lib

warn contains {"msg": sprintf("%s %s mounts a service account token", [input.kind, lib.name]), "path": lib.pod_spec_path} if {
	count(lib.pod_spec_path) > 0
	not lib.pod_spec.automountServiceAccountToken == false
}
