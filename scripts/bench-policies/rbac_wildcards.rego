# METADATA
# custom: {id: BENCH12, severity: high}
package bench.rbac_wildcards

deny contains {"msg": sprintf("%s %s grants %s on every %s", [input.kind, input.metadata.name, concat(",", rule.verbs), field]), "path": ["rules", i, field]} if {
	input.kind in {"Role", "ClusterRole"}
	some i, rule in input.rules
	some field in ["resources", "verbs", "apiGroups"]
	"*" in rule[field]
}
