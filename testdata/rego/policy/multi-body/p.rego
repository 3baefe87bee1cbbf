package main

# Rego v0: one head, two bodies (two definitions of deny).
deny[msg] { input.kind == "Pod"; msg := "pods are not allowed" } { input.kind == "Job"; msg := "jobs are not allowed" }
