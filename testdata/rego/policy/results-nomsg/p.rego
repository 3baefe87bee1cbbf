package main

deny contains {"message": "no msg field"} if true
