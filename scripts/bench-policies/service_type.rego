# METADATA
# custom: {id: BENCH06, severity: medium}
package bench.service_type

deny contains {"msg": sprintf("Service %s is of type %s", [input.metadata.name, input.spec.type]), "path": ["spec", "type"]} if {
	input.kind == "Service"
	input.spec.type in {"NodePort", "LoadBalancer"}
}
