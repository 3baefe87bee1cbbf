package main

import data.kubernetes

name := input.metadata.name

deny contains msg if {
	kubernetes.is_deployment
	not input.spec.template.spec.securityContext.runAsNonRoot
	msg := sprintf("Deployment %s: pods must set securityContext.runAsNonRoot", [name])
}

deny contains msg if {
	kubernetes.is_deployment
	not input.spec.selector.matchLabels.release
	msg := sprintf("Deployment %s: the pod selector needs app and release labels", [name])
}
