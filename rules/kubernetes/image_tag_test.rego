package kubegate.kubernetes.image_tag_test

import data.kubegate.kubernetes.image_tag

pod(image) := {"kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "c", "image": image}]}}

test_no_tag_warned if count(image_tag.warn) == 1 with input as pod("nginx")

test_latest_warned if count(image_tag.warn) == 1 with input as pod("nginx:latest")

test_registry_port_without_tag_warned if count(image_tag.warn) == 1 with input as pod("registry:5000/team/app")

test_version_allowed if count(image_tag.warn) == 0 with input as pod("nginx:1.27.1")

test_digest_allowed if count(image_tag.warn) == 0 with input as pod("nginx@sha256:0123456789abcdef")
