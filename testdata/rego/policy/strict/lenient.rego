package main

# Valid Rego, refused by --strict: two unused locals and an unused argument.
deny contains msg if {
	name := input.metadata.name
	kind := input.kind
	labels := object.get(input.metadata, "labels", {})
	msg := sprintf("%s has no owner", [name])
	not labels.owner
}

is_team(team, strict) if {
	input.metadata.labels.team == team
}

warn contains "no team" if not is_team("a", true)

unused_local if {
	x := 1
	input.y
}
