# METADATA
# custom: {id: BENCH09, severity: low}
package bench.default_namespace

warn contains {"msg": sprintf("%s %s is in the default namespace", [input.kind, input.metadata.name]), "path": ["metadata", "namespace"]} if {
	input.metadata.namespace == "default"
}
