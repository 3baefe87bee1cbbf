package other

deny_kind contains msg if {
	input.kind != "Deployment"
	msg := sprintf("other: kind %s is not allowed", [input.kind])
}
