package broken.nomsg

# An object result needs a string msg: evaluating it on a Service is an error.
deny contains {"message": "no msg field"} if input.kind == "Service"
