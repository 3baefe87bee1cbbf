package main

import data.conftest.file

deny contains msg if {
	not endswith(file.dir, "kubernetes")
	msg := sprintf("%s is outside a kubernetes directory (%s)", [file.name, file.dir])
}

warn contains sprintf("checking %s", [file.name]) if true
