package main

deny[msg] if {
	msg := "builds an object, not a set"
}
