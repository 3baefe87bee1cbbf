package main

deny contains "always" if input.kind == "Pod"

test_passes if count(deny) == 1 with input as {"kind": "Pod"}

test_fails if count(deny) == 0 with input as {"kind": "Pod"}

test_undefined_fails if input.nothing
