package main

# A builtin error (here a missing file) is undefined unless --show-builtin-errors.
test_missing_file if {
	not parse_config_file("does-not-exist.yaml")
}
