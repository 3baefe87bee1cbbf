package main

users contains u.metadata.name if {
	some doc in input
	doc.contents.kind == "user"
	u := doc.contents
}

deny contains msg if {
	some doc in input
	doc.contents.kind == "team"
	some owner in doc.contents.spec.owner
	not user_with_email(owner)
	msg := sprintf("team %s: owner %s has no user object", [doc.contents.metadata.name, owner])
}

deny contains msg if {
	some doc in input
	doc.contents.kind == "team"
	some member in doc.contents.spec.member
	not user_with_email(member)
	msg := sprintf("team %s: member %s has no user object", [doc.contents.metadata.name, member])
}

user_with_email(email) if {
	some doc in input
	doc.contents.kind == "user"
	doc.contents.metadata.email == email
}
