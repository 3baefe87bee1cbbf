# METADATA
# title: Helpers shared by the bundled Kubernetes policies
# description: The pod spec of every workload kind, with the path that leads to it.
package kubegate.kubernetes.lib

name := input.metadata.name

pod_spec_path := ["spec"] if input.kind == "Pod"

pod_spec_path := ["spec", "jobTemplate", "spec", "template", "spec"] if input.kind == "CronJob"

pod_spec_path := ["spec", "template", "spec"] if {
	input.kind in {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "ReplicationController"}
}

pod_spec := object.get(input, pod_spec_path, {})

# Every container (init, regular, ephemeral) with its path from the document root.
containers contains {"container": c, "path": array.concat(pod_spec_path, [field, i])} if {
	some field in ["initContainers", "containers", "ephemeralContainers"]
	some i, c in object.get(pod_spec, field, [])
}
