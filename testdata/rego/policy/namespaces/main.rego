package main

deny contains "main: always" if true
