package main

# Exempts deny_run_as_root and warn_run_as_root (the prefix is removed), and the
# latest-tag warning, for one named deployment.
exception contains rules if {
	input.metadata.name == "can-run-as-root"
	rules := ["run_as_root", "latest_tag"]
}
