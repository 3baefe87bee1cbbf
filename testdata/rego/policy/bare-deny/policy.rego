package main

deny contains "no owner annotation" if not input.metadata.annotations.owner

# "" exempts the bare deny/violation/warn rules.
exception contains [""] if input.metadata.name == "can-run-as-root"
