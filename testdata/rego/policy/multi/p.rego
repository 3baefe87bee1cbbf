package main

deny contains msg if {
	input.kind == "Deployment"
	msg := sprintf("deny %s", [input.metadata.name])
}
