# METADATA
# title: Deployments should run more than one replica
# description: A single replica means downtime on every rollout, node drain or crash.
# custom:
#   id: KGR008
#   severity: low
#   remediation: Set spec.replicas to 2 or more (or let a HorizontalPodAutoscaler own it and drop the field).
package kubegate.kubernetes.replicas

warn contains {"msg": msg, "path": ["spec", "replicas"]} if {
	input.kind in {"Deployment", "StatefulSet"}
	input.spec.replicas < 2
	msg := sprintf("%s %s: %d replica(s), a rollout or a node drain takes it down", [input.kind, input.metadata.name, input.spec.replicas])
}
