package broken.syntax

deny contains msg if {
	msg := "never"
	input.kind ==
}
