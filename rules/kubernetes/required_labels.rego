# METADATA
# title: Workloads and services must carry the required labels
# description: Labels such as app.kubernetes.io/name are what selectors, dashboards and cost reports group by.
# custom:
#   id: KGR005
#   severity: medium
#   remediation: Add the missing labels under metadata.labels (the list is data.kubegate.parameters.required_labels).
package kubegate.kubernetes.required_labels

import data.kubegate.kubernetes.lib

default required := ["app.kubernetes.io/name"]

required := data.kubegate.parameters.required_labels

kinds := {"Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "Pod", "Service"}

labels := object.get(input, ["metadata", "labels"], {})

# Point at the labels mapping when there is one, else at metadata.
path := ["metadata", "labels"] if input.metadata.labels

path := ["metadata"] if not input.metadata.labels

deny contains {"msg": msg, "path": path} if {
	input.kind in kinds
	some label in required
	not labels[label]
	msg := sprintf("%s %s: missing label %s", [input.kind, lib.name, label])
}
