package broken.func

deny contains msg if {
	msg := no_such_function(input.kind)
}
