package main

# regorus would read the `(` line as a call continuing the line above it.
deny contains msg if {
	input.kind == "HorizontalPodAutoscaler"
	spread := input.spec.maxReplicas - input.spec.minReplicas # replicas
	(input.spec.maxReplicas - input.spec.minReplicas) < 2
	msg := sprintf("%s: replica spread %d is below 2", [input.metadata.name, spread])
}
