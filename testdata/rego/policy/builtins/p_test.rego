package main

test_metadata_template if {
	deny["port 22 is denied (rule KT-7, missing: %!v(MISSING))"] with input as {"spec": {"ports": [{"port": 22}]}}
}

test_fixture_read_relative_to_this_file if {
	fixture := parse_config_file("fixtures/service.yaml")
	deny["port 23 is denied (rule KT-7, missing: %!v(MISSING))"] with input as fixture
}

test_combined_fixtures if {
	docs := parse_combined_config_files(["fixtures/service.yaml"])
	docs[0].path == "fixtures/service.yaml"
	docs[0].contents.kind == "Service"
}

# YAML read as Kubernetes reads it (go-yaml v2): the key `on` is the boolean true.
test_parse_config_yaml if {
	parse_config("yaml", "on: yes\nmode: 0644") == {"true": true, "mode": 420}
}

test_chain_has_rule_and_package if {
	chain_titles == ["Builtins kubegate adds to regorus"]
}

test_deprecated_any_all if {
	any([false, true])
	all([true, true])
	not all([true, false])
}
