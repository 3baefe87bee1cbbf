package main

# A string result.
deny contains "string result" if input.string

# An object result: msg, metadata, and a _loc lifted into loc.
deny_object contains {"msg": "object result", "id": "K-1", "_loc": {"file": "in.yaml", "line": 3}} if input.object

# An empty message counts as a success, as in conftest.
deny_empty contains "" if input.empty

# A boolean rule is one success, even when true.
deny_bool if input.bool

# A complete rule whose body fails is undefined: it counts through the fill-up rule.
violation_complete := ["complete"] if input.complete

# Non-string, non-object elements are ignored.
warn_numbers contains 42 if input.numbers

# One rule with several messages gives more results than definitions.
warn_many contains x if {
	input.many
	some x in ["one", "two", "three"]
}
