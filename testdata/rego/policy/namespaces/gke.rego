package main.gke

warn contains "main.gke: service is a LoadBalancer" if input.spec.type == "LoadBalancer"
