package kubegate.kubernetes.allowed_registries_test

import data.kubegate.kubernetes.allowed_registries

pod(image) := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "c", "image": image}]}}

registries := ["registry.example.com/", "ghcr.io/example/"]

test_other_registry_denied if {
	some r in allowed_registries.deny with input as pod("docker.io/library/nginx:1.27")
		with data.kubegate.parameters.allowed_registries as registries
	r.path == ["spec", "containers", 0, "image"]
}

test_allowed_registry_passes if {
	count(allowed_registries.deny) == 0 with input as pod("ghcr.io/example/api:1.0")
		with data.kubegate.parameters.allowed_registries as registries
}

test_without_a_list_nothing_is_checked if count(allowed_registries.deny) == 0 with input as pod("nginx")
