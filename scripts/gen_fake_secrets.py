#!/usr/bin/env python3
"""Generate the labelled secret-detection corpus in testdata/secrets/corpus/.

Every value is a FAKE, generated from a fixed seed: format-valid (right prefix, length,
alphabet; GitHub/npm tokens carry a correct CRC32 checksum) but never a real credential.
Each planted secret is listed in labels.tsv as: file, line, rule name, and whether finding it
needs the structural YAML pass (1) rather than text scanning alone (0).

Usage: python3 scripts/gen_fake_secrets.py [OUTPUT_DIR]
"""

import base64
import json
import os
import random
import sys
import zlib

SEED = 20261201
UP = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
LO = "abcdefghijklmnopqrstuvwxyz"
DI = "0123456789"
HEX = "0123456789abcdef"
ALNUM = UP + LO + DI
B64 = ALNUM + "+/"
URLSAFE = ALNUM + "_-"
BASE62 = DI + UP + LO

rng = random.Random(SEED)


def pick(alphabet, n):
    return "".join(rng.choice(alphabet) for _ in range(n))


def base62(value, width):
    out = ""
    while value:
        value, digit = divmod(value, 62)
        out = BASE62[digit] + out
    return out.rjust(width, "0")


def checksummed(prefix):
    body = pick(ALNUM, 30)
    return prefix + body + base62(zlib.crc32(body.encode()), 6)


def pem(kind="RSA PRIVATE KEY", lines=12):
    body = "\n".join(pick(B64, 64) for _ in range(lines))
    return f"-----BEGIN {kind}-----\n{body}\n-----END {kind}-----\n"


def jwt():
    enc = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
    header = enc(b'{"alg":"RS256","kid":"k1"}')
    payload = enc(json.dumps({"iss": "kubernetes/serviceaccount", "sub": pick(LO, 10)}).encode())
    return f"{header}.{payload}.{pick(URLSAFE, 86)}"


def uuid4():
    return f"{pick(HEX, 8)}-{pick(HEX, 4)}-4{pick(HEX, 3)}-a{pick(HEX, 3)}-{pick(HEX, 12)}"


def tokens():
    """(variable name, rule name, fake value) for the provider formats."""
    return [
        ("AWS_ACCESS_KEY_ID", "aws-access-key-id", "AKIA" + pick("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)),
        ("AWS_SECRET_ACCESS_KEY", "aws-secret-access-key", pick(B64, 40)),
        ("GITHUB_TOKEN", "github-pat", checksummed("ghp_")),
        ("GH_OAUTH_TOKEN", "github-oauth-token", checksummed("gho_")),
        ("GH_APP_TOKEN", "github-app-token", checksummed("ghs_")),
        ("GH_FINE_GRAINED", "github-fine-grained-pat", f"github_pat_{pick(ALNUM, 22)}_{pick(ALNUM, 59)}"),
        ("GITLAB_TOKEN", "gitlab-pat", "glpat-" + pick(URLSAFE, 20)),
        ("GITLAB_RUNNER_TOKEN", "gitlab-runner-token", "glrt-" + pick(ALNUM, 20)),
        ("SLACK_BOT_TOKEN", "slack-bot-token", f"xoxb-{pick(DI, 11)}-{pick(DI, 12)}-{pick(ALNUM, 24)}"),
        ("SLACK_WEBHOOK_URL", "slack-webhook-url", f"https://hooks.slack.com/services/T{pick(UP + DI, 8)}/B{pick(UP + DI, 8)}/{pick(ALNUM, 24)}"),
        ("STRIPE_SECRET_KEY", "stripe-secret-key", "sk_live_" + pick(ALNUM, 24)),
        ("GOOGLE_API_KEY", "gcp-api-key", "AIza" + pick(URLSAFE, 35)),
        ("AZURE_STORAGE_KEY", "azure-storage-account-key", pick(B64, 86) + "=="),
        ("TWILIO_AUTH_TOKEN", "twilio-auth-token", pick(HEX, 32)),
        ("SENDGRID_API_KEY", "sendgrid-api-key", f"SG.{pick(URLSAFE, 22)}.{pick(URLSAFE, 43)}"),
        ("NPM_TOKEN", "npm-access-token", checksummed("npm_")),
        ("PYPI_TOKEN", "pypi-upload-token", "pypi-AgEIcHlwaS5vcmc" + pick(URLSAFE, 60)),
        ("DOCKERHUB_TOKEN", "dockerhub-token", "dckr_pat_" + pick(URLSAFE, 27)),
        ("DISCORD_BOT_TOKEN", "discord-bot-token", f"M{pick(ALNUM, 23)}.{pick(URLSAFE, 6)}.{pick(URLSAFE, 27)}"),
        ("TELEGRAM_BOT_TOKEN", "telegram-bot-token", f"{pick(DI, 9)}:AA{pick(URLSAFE, 33)}"),
        ("OPENAI_API_KEY", "openai-api-key", f"sk-{pick(ALNUM, 20)}T3BlbkFJ{pick(ALNUM, 20)}"),
        ("ANTHROPIC_API_KEY", "anthropic-api-key", f"sk-ant-api03-{pick(URLSAFE, 93)}AA"),
        ("VAULT_TOKEN", "vault-service-token", "hvs." + pick(URLSAFE, 95)),
        ("TFE_TOKEN", "terraform-cloud-token", f"{pick(ALNUM, 14)}.atlasv1.{pick(URLSAFE, 65)}"),
        ("DIGITALOCEAN_TOKEN", "digitalocean-token", "dop_v1_" + pick(HEX, 64)),
        ("HF_TOKEN", "huggingface-token", "hf_" + pick(UP + LO, 34)),
        ("GRAFANA_SA_TOKEN", "grafana-token", f"glsa_{pick(ALNUM, 32)}_{pick(HEX, 8)}"),
        ("SENTRY_AUTH_TOKEN", "sentry-token", "sntryu_" + pick(HEX, 64)),
        ("DD_API_KEY", "datadog-api-key", pick(HEX, 32)),
        ("SHOPIFY_TOKEN", "shopify-token", "shpat_" + pick(HEX, 32)),
        ("AGE_KEY", "age-secret-key", "AGE-SECRET-KEY-1" + pick("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", 58)),
        # Formats added for gitleaks 8.30 parity (docs/secrets-coverage.md).
        ("SQUARE_ACCESS_TOKEN", "square-token", "EAAA" + pick(URLSAFE, 60)),
        ("AUTHRESS_KEY", "authress-service-client-access-key",
         f"sc_{pick(LO + DI, 22)}.{pick(LO + DI, 5)}.acc_{pick(LO + DI, 24)}.{pick(B64, 80)}"),
        ("AWS_BEARER_TOKEN_BEDROCK", "aws-bedrock-short-term-api-key",
         "bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t" + pick(ALNUM, 200)),
        ("BEAMER_API_KEY", "beamer-api-token", "b_" + pick(URLSAFE, 44)),
        ("DN_API_KEY", "defined-networking-api-token", f"dnkey-{pick(UP + DI, 26)}-{pick(UP + DI, 52)}"),
        ("DROPBOX_TOKEN", "dropbox-long-lived-api-token", pick(ALNUM, 11) + "AAAAAAAAAA" + pick(URLSAFE, 43)),
        ("FACEBOOK_ACCESS_TOKEN", "facebook-app-access-token", f"{pick(DI, 15)}|{pick(URLSAFE, 27)}"),
        ("FLW_ENCRYPTION_KEY", "flutterwave-encryption-key", "FLWSECK_TEST" + pick(HEX, 12)),
        ("GOCARDLESS_ACCESS_TOKEN", "gocardless-api-token", "live_" + pick(URLSAFE, 40)),
        ("HUBSPOT_API_KEY", "hubspot-api-key", uuid4()),
        ("INTRA_CLIENT_SECRET", "intra42-client-secret", "s-s4t2ud-" + pick(HEX, 64)),
        ("SESSION_JWT_B64", "jwt-base64", base64.b64encode(jwt().encode()).decode()),
        ("KUCOIN_API_SECRET", "kucoin-secret-key", uuid4()),
        ("LINEAR_CLIENT_SECRET", "linear-client-secret", pick(HEX, 32)),
        ("LOB_API_KEY", "lob-api-key", "live_" + pick(HEX, 35)),
        ("MAILGUN_SIGNING_KEY", "mailgun-signing-key", f"{pick(HEX, 32)}-{pick(HEX, 8)}-{pick(HEX, 8)}"),
        ("PLAID_ACCESS_TOKEN", "plaid-access-token", "access-production-" + uuid4()),
        ("SENTRY_AUTH_TOKEN_LEGACY", "sentry-access-token", pick(HEX, 64)),
        ("SETTLEMINT_TOKEN", "settlemint-access-token", "sm_aat_" + pick(ALNUM, 16)),
        ("SLACK_CONFIG_REFRESH_TOKEN", "slack-config-token", "xoxe-1-" + pick(UP + DI, 146)),
        ("SRC_ACCESS_TOKEN", "sourcegraph-access-token", f"sgp_{pick(HEX, 16)}_{pick(HEX, 40)}"),
        ("SQUARESPACE_API_KEY", "squarespace-access-token", uuid4()),
        ("YANDEX_IAM_TOKEN", "yandex-iam-token", f"t1.{pick(ALNUM, 40)}.{pick(URLSAFE, 86)}"),
        ("YANDEX_ACCESS_KEY", "yandex-static-access-key", "YC" + pick(URLSAFE, 38)),
        ("FINICITY_APP_KEY", "finicity-api-token", pick(HEX, 32)),
    ]


# Formats recognised only with their vendor's name in the key: in an env list the name is on
# the sibling `name:` line, so finding them needs the structural pass.
KEYED = {"beamer-api-token", "mailgun-signing-key", "yandex-static-access-key", "yandex-iam-token",
         "hubspot-api-key", "kucoin-secret-key", "linear-client-secret", "lob-api-key", "gocardless-api-token",
         "sentry-access-token", "squarespace-access-token", "finicity-api-token", "dropbox-long-lived-api-token",
         "twilio-auth-token", "datadog-api-key", "aws-secret-access-key"}

PASSWORDS = [
    ("DB_PASSWORD", "Tr0ub4dor&3xKq9ZpL"),
    ("REDIS_PASSWORD", "Summer2024!"),
    ("ADMIN_PASSWORD", "hunter2hunter2"),
    ("MYSQL_ROOT_PASSWORD", "k8s-r00t-Zq7"),
]


def b64(data):
    return base64.b64encode(data).decode()


def sealed(plaintext_len, rsa_bytes=512):
    """Ciphertext laid out as kubeseal writes it: u16-BE length of the RSA-OAEP wrapped session
    key, the wrapped key, then the AES-256-GCM sealed value (plaintext length + 16-byte tag).
    Random bytes stand in for both ciphertexts (indistinguishable from real output)."""
    body = rsa_bytes.to_bytes(2, "big") + bytes(rng.getrandbits(8) for _ in range(rsa_bytes + plaintext_len + 16))
    return b64(body)


def sops_enc(plaintext_len, kind="str"):
    """A SOPS value: ENC[AES256_GCM,data:...,iv:<32 bytes>,tag:<16 bytes>,type:...]."""
    rand = lambda n: bytes(rng.getrandbits(8) for _ in range(n))
    return f"ENC[AES256_GCM,data:{b64(rand(plaintext_len))},iv:{b64(rand(32))},tag:{b64(rand(16))},type:{kind}]"


def age_recipient():
    return "age1" + pick("qpzry9x8gf2tvdw0s3jn54khce6mua7l", 58)


def age_armored():
    stanza = f"age-encryption.org/v1\n-> X25519 {b64(bytes(rng.getrandbits(8) for _ in range(32))).rstrip('=')}\n"
    stanza += b64(bytes(rng.getrandbits(8) for _ in range(32))).rstrip("=") + "\n--- "
    stanza += b64(bytes(rng.getrandbits(8) for _ in range(32))).rstrip("=") + "\n"
    data = stanza.encode() + bytes(rng.getrandbits(8) for _ in range(48))
    text = b64(data)
    lines = [text[i:i + 64] for i in range(0, len(text), 64)]
    return "-----BEGIN AGE ENCRYPTED FILE-----\n" + "\n".join(lines) + "\n-----END AGE ENCRYPTED FILE-----\n"


def encrypted_negatives(root):
    """SealedSecret and SOPS files laid out exactly as kubeseal and sops write them (random
    bytes in place of ciphertext): hard negatives, none may be reported."""
    neg = os.path.join(os.path.dirname(root), "negatives")
    header = "# Synthetic: laid out as kubeseal writes it (random bytes as ciphertext); see README.md\n"
    with open(os.path.join(neg, "sealedsecret-grafana-admin.yaml"), "w") as f:
        f.write(header + f"""---
apiVersion: bitnami.com/v1alpha1
kind: SealedSecret
metadata:
  creationTimestamp: null
  name: grafana-admin
  namespace: monitoring
spec:
  encryptedData:
    admin-password: {sealed(24)}
    admin-user: {sealed(5)}
  template:
    metadata:
      creationTimestamp: null
      labels:
        app.kubernetes.io/name: grafana
      name: grafana-admin
      namespace: monitoring
    type: Opaque
""")
    with open(os.path.join(neg, "sealedsecret-cluster-wide-registry.yaml"), "w") as f:
        f.write(header + f"""apiVersion: bitnami.com/v1alpha1
kind: SealedSecret
metadata:
  annotations:
    sealedsecrets.bitnami.com/cluster-wide: "true"
  name: registry-pull
  namespace: flux-system
spec:
  encryptedData:
    .dockerconfigjson: {sealed(180, 256)}
    password: {sealed(32, 384)}
  template:
    metadata:
      annotations:
        sealedsecrets.bitnami.com/cluster-wide: "true"
      name: registry-pull
      namespace: flux-system
    type: kubernetes.io/dockerconfigjson
""")
    recipient = age_recipient()
    mac = sops_enc(32)
    with open(os.path.join(neg, "sops-app.enc.env"), "w") as f:
        f.write("".join([
            f"DB_PASSWORD={sops_enc(20)}\n",
            f"API_TOKEN={sops_enc(40)}\n",
            f"STRIPE_SECRET_KEY={sops_enc(32)}\n",
            "LOG_LEVEL_unencrypted=info\n",
            "sops_age__list_0__map_enc=" + age_armored().replace("\n", "\\n") + "\n",
            f"sops_age__list_0__map_recipient={recipient}\n",
            "sops_lastmodified=2025-03-14T09:26:53Z\n",
            f"sops_mac={mac}\n",
            "sops_unencrypted_suffix=_unencrypted\n",
            "sops_version=3.9.4\n",
        ]))
    doc = {
        "database": {"user": sops_enc(8), "password": sops_enc(24), "port": sops_enc(4, "int")},
        "oauth": {"client_secret": sops_enc(40), "enabled": sops_enc(4, "bool")},
        "sops": {
            "kms": None, "gcp_kms": None, "azure_kv": None, "hc_vault": None,
            "age": [{"recipient": recipient, "enc": age_armored()}],
            "lastmodified": "2025-03-14T09:26:53Z",
            "mac": sops_enc(32),
            "pgp": None,
            "unencrypted_suffix": "_unencrypted",
            "version": "3.9.4",
        },
    }
    with open(os.path.join(neg, "sops-config.enc.json"), "w") as f:
        json.dump(doc, f, indent=4)
        f.write("\n")


class Corpus:
    def __init__(self, root):
        self.root = root
        self.labels = []

    def write(self, name, lines):
        """`lines` holds str or (str, rule, structural) for labelled lines."""
        out = []
        for item in lines:
            if isinstance(item, tuple):
                text, rule, structural = item
                for offset, _ in enumerate(text.split("\n")[:1]):
                    self.labels.append((name, len(out) + 1 + offset, rule, structural))
                out.extend(text.split("\n"))
            else:
                out.extend(item.split("\n"))
        path = os.path.join(self.root, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write("\n".join(out).rstrip("\n") + "\n")


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "testdata", "secrets", "corpus")
    c = Corpus(os.path.normpath(root))
    toks = tokens()

    # .env: every provider format and the passwords.
    lines = ["# application settings", "LOG_LEVEL=info", "PORT=8080"]
    lines += [(f"{k}={v}", rule, 0) for k, rule, v in toks]
    lines += [(f"{k}='{v}'", "generic-secret", 0) for k, v in PASSWORDS]
    c.write("positives/app.env", lines)

    # Helm values file, nested.
    lines = ["replicaCount: 2", "image:", "  repository: ghcr.io/org/app", "  tag: v1.4.2", "config:"]
    lines += [(f"  {k.lower()}: \"{v}\"", rule, 0) for k, rule, v in toks[::3]]
    lines += ["auth:", "  existingSecret: \"\"", ("  adminPassword: " + PASSWORDS[0][1], "generic-secret", 0)]
    c.write("positives/values.yaml", lines)

    # JSON config.
    entries = [(k.lower(), rule, v) for k, rule, v in toks[1::3]]
    lines = ["{", '  "name": "billing",']
    lines += [(f'  "{k}": "{v}",', rule, 0) for k, rule, v in entries]
    lines += [('  "password": "' + PASSWORDS[1][1] + '"', "generic-secret", 0), "}"]
    c.write("positives/config.json", lines)

    # Deployment env list: provider tokens are found from their shape; a password needs the
    # sibling `name` (structural).
    lines = ["apiVersion: apps/v1", "kind: Deployment", "metadata:", "  name: api", "spec:",
             "  template:", "    spec:", "      containers:", "        - name: api",
             "          image: ghcr.io/org/api:1.0.0", "          env:"]
    for k, rule, v in toks[2::4]:
        lines += [f"            - name: {k}", (f"              value: \"{v}\"", rule, int(rule in KEYED))]
    lines += [f"            - name: {PASSWORDS[2][0]}", (f"              value: \"{PASSWORDS[2][1]}\"", "generic-secret", 1)]
    c.write("positives/deployment-env.yaml", lines)

    # Secret with stringData and base64 data.
    key_b64 = base64.b64encode(pem("EC PRIVATE KEY", 3).encode()).decode()
    pw_b64 = base64.b64encode(PASSWORDS[3][1].encode()).decode()
    lines = ["apiVersion: v1", "kind: Secret", "metadata:", "  name: app-credentials", "type: Opaque",
             "stringData:", ("  DB_PASSWORD: " + PASSWORDS[0][1], "generic-secret", 0),
             (f"  GITLAB_TOKEN: {toks[6][2]}", "gitlab-pat", 0),
             "data:", (f"  tls.key: {key_b64}", "private-key-base64", 0),
             (f"  root-password: {pw_b64}", "generic-secret", 0),
             (f"  api: {base64.b64encode(toks[2][2].encode()).decode()}", "github-pat", 1)]
    c.write("positives/secret.yaml", lines)

    # kubeconfig with a client key and a bearer token.
    kc_key = base64.b64encode(pem("RSA PRIVATE KEY", 6).encode()).decode()
    lines = ["apiVersion: v1", "kind: Config", "users:", "  - name: admin", "    user:",
             (f"      client-key-data: {kc_key}", "private-key-base64", 0),
             "  - name: ci", "    user:", (f"      token: {jwt()}", "jwt", 0)]
    c.write("positives/kubeconfig.yaml", lines)

    # A PEM private key file, an OpenSSH key embedded in YAML, a GCP service-account key.
    c.write("positives/id_rsa", [(pem().rstrip("\n"), "private-key", 0)])
    ssh = pem("OPENSSH PRIVATE KEY", 6).rstrip("\n").replace("\n", "\n    ")
    c.write("positives/ssh-secret.yaml", ["apiVersion: v1", "kind: Secret", "metadata:", "  name: git-ssh",
                                          "stringData:", "  identity: |", ("    " + ssh, "private-key", 0)])
    sa_key = pem("PRIVATE KEY", 8).replace("\n", "\\n")
    c.write("positives/gcp-sa.json", ["{", '  "type": "service_account",', '  "project_id": "demo-project",',
                                      (f'  "private_key": "{sa_key}",', "gcp-service-account-key", 0),
                                      '  "client_email": "ci@demo-project.iam.gserviceaccount.com"', "}"])

    # Connection strings.
    c.write("positives/application.properties", [
        "spring.application.name=orders",
        (f"spring.datasource.url=postgresql://orders:{pick(ALNUM, 14)}9@db.internal:5432/orders", "url-credentials", 0),
        (f"broker.url=amqp://svc:{pick(ALNUM, 16)}@rabbitmq:5672/", "url-credentials", 0),
        ("spring.datasource.password=Xk9#mQ2vL", "generic-secret", 0),
    ])

    encrypted_negatives(c.root)

    with open(os.path.join(c.root, "labels.tsv"), "w") as f:
        f.write("# file\tline\trule\tstructural (1 = needs the YAML structural pass)\n")
        for name, line, rule, structural in c.labels:
            f.write(f"{name}\t{line}\t{rule}\t{structural}\n")
    print(f"{len(c.labels)} labelled secrets in {c.root}")


if __name__ == "__main__":
    main()
