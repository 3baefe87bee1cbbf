package broken.good

deny contains "a Deployment" if input.kind == "Deployment"
