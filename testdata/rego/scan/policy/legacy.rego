package custom.legacy

__rego_metadata__ := {"id": "LEG001", "title": "Namespaces named shop are reserved", "severity": "LOW"}

# conftest's _loc: a line of the file under evaluation.
deny contains {"msg": "object in the reserved namespace", "_loc": {"file": "app.yaml", "line": 5}} if {
	input.metadata.namespace == "shop"
	input.kind == "Deployment"
}

# Exceptions work as in conftest: this one exempts `deny_pods` for legacy-* objects.
deny_pods contains "bare pod" if input.kind == "Pod"

exception contains ["pods"] if startswith(input.metadata.name, "legacy-")
