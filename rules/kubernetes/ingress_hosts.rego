# METADATA
# title: Ingress hosts must be in an allowed domain
# description: An Ingress for a host outside the team's domains can hijack another team's traffic or expose a service under the wrong name.
# custom:
#   id: KGR007
#   severity: high
#   remediation: Use a host under one of data.kubegate.parameters.allowed_ingress_domains.
package kubegate.kubernetes.ingress_hosts

default domains := []

domains := data.kubegate.parameters.allowed_ingress_domains

allowed(host) if {
	some d in domains
	host == d
}

allowed(host) if {
	some d in domains
	endswith(host, concat("", [".", d]))
}

hosts contains [host, ["spec", "rules", i, "host"]] if {
	some i, rule in input.spec.rules
	host := rule.host
}

hosts contains [host, ["spec", "tls", i, "hosts", j]] if {
	some i, tls in input.spec.tls
	some j, host in tls.hosts
}

deny contains {"msg": msg, "path": path} if {
	input.kind == "Ingress"
	count(domains) > 0
	some [host, path] in hosts
	not allowed(host)
	msg := sprintf("Ingress %s: host %s is not under an allowed domain (%s)", [input.metadata.name, host, concat(", ", domains)])
}
