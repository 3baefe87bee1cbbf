package other_test

import data.other

test_deployment_allowed if count(other.deny_kind) == 0 with input as {"kind": "Deployment"}
