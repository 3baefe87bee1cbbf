package kubegate.kubernetes.ingress_hosts_test

import data.kubegate.kubernetes.ingress_hosts

ingress(host) := {"kind": "Ingress", "metadata": {"name": "i"}, "spec": {"rules": [{"host": host}], "tls": [{"hosts": [host]}]}}

test_foreign_host_denied if {
	results := ingress_hosts.deny with input as ingress("shop.evil.test")
		with data.kubegate.parameters.allowed_ingress_domains as ["example.com"]
	count(results) == 2
	paths := {r.path | some r in results}
	paths == {["spec", "rules", 0, "host"], ["spec", "tls", 0, "hosts", 0]}
}

test_subdomain_and_apex_allowed if {
	count(ingress_hosts.deny) == 0 with input as ingress("shop.example.com")
		with data.kubegate.parameters.allowed_ingress_domains as ["example.com"]
	count(ingress_hosts.deny) == 0 with input as ingress("example.com")
		with data.kubegate.parameters.allowed_ingress_domains as ["example.com"]
}

test_suffix_is_not_a_domain if {
	count(ingress_hosts.deny) == 2 with input as ingress("badexample.com")
		with data.kubegate.parameters.allowed_ingress_domains as ["example.com"]
}

test_without_domains_nothing_is_checked if count(ingress_hosts.deny) == 0 with input as ingress("any.test")
