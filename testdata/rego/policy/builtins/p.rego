# METADATA
# title: Builtins kubegate adds to regorus
package main

# METADATA
# title: Denied ports
# custom:
#   id: KT-7
#   template: "port %v is denied (rule %s, missing: %v)"
deny contains msg if {
	some p in input.spec.ports
	p.port in {22, 23}
	md := rego.metadata.rule()
	msg := sprintf(md.custom.template, [p.port, md.custom.id])
}

warn contains "legacy image name" if {
	some c in input.spec.containers
	re_match("^docker\\.io/", c.image)
}

chain_titles := [e.annotations.title | some e in rego.metadata.chain()]
