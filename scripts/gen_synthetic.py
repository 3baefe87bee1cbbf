#!/usr/bin/env python3
"""Generate a synthetic, Flux-style GitOps repository for benchmarking kubegate.

Why this exists: the development corpora are small (a few thousand files), so they
cannot show how kubegate scales. This script writes a realistic repository of any size,
deterministically for a given seed, with the YAML features a real repository has
(multi-document files, comments after `---`, anchors, aliases and merge keys, quoted and
plain scalars, block scalars, flow collections, octal file modes) and a sprinkling of the
problems kubegate's rules look for (privileged containers, host namespaces, hostPath and
runtime-socket mounts, privilege escalation, missing runAsNonRoot, untagged or `latest`
images), while most documents stay clean.

Python 3.11 standard library only.

    python3 scripts/gen_synthetic.py --docs 100000 --out /tmp/synth [--seed 1]
    python3 scripts/gen_synthetic.py --docs 30000 --files-total 10000 --out /tmp/synth10k

`--docs N` is the exact number of Kubernetes objects written (documents with apiVersion and
kind that kubegate loads as standalone manifests). Kustomize build files
(`kustomization.yaml`) and strategic-merge patch files named in a kustomization's
`patches:` are not standalone objects and are not counted in N; they are reported apart.
All secret values are obviously fake (base64 of `fake-...` strings, fake SOPS envelopes).
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import random
import re
import sys
import time

# --------------------------------------------------------------------------------------
# A small YAML emitter. Builders produce plain Python values plus the wrappers below, and
# the emitter writes them in a per-file style (sequence indentation, quoting habits).
# --------------------------------------------------------------------------------------


class Lit:
    """A block scalar (`|`, `|-`, or `>-` when folded)."""

    __slots__ = ("text", "folded")

    def __init__(self, text: str, folded: bool = False):
        self.text = text
        self.folded = folded


class Q:
    """A string that is always quoted: style '"' or "'"."""

    __slots__ = ("s", "style")

    def __init__(self, s: str, style: str = '"'):
        self.s = s
        self.style = style


class Raw:
    """A scalar written verbatim (`0644`, `yes`, `~`); `value` is its JSON meaning."""

    __slots__ = ("text", "value")

    def __init__(self, text: str, value):
        self.text = text
        self.value = value


class Anchor:
    __slots__ = ("name", "value")

    def __init__(self, name: str, value):
        self.name = name
        self.value = value


class Alias:
    __slots__ = ("name", "value")

    def __init__(self, name: str, value):
        self.name = name
        self.value = value  # what the alias stands for (used when writing JSON)


class Flow:
    """A collection written in flow style: `[a, b]`, `{k: v}`."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


class C:
    """A value followed by a trailing comment on its line."""

    __slots__ = ("value", "text")

    def __init__(self, value, text: str):
        self.value = value
        self.text = text


class Cmt:
    """A comment line; used as a mapping key (value ignored) or a sequence item."""

    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text


_RESERVED = frozenset(
    ["", "y", "n", "yes", "no", "true", "false", "on", "off", "null", "~", ".inf", "-.inf", ".nan"]
)
_PLAIN_WORD = re.compile(r"[A-Za-z_/$][A-Za-z0-9_./@+=$-]*(?::[A-Za-z0-9_./@+=$-]+)*\Z")
_PLAIN_SPACED = re.compile(r"[A-Za-z][A-Za-z0-9 _./()=+,'-]*[A-Za-z0-9.)]\Z")
_UNIT = re.compile(r"[1-9][0-9]*(?:\.[0-9]+)?[a-zA-Z][0-9a-zA-Z]*\Z|[0-9]+\.[0-9]+\.[0-9]+(?:-[0-9A-Za-z.]+)?\Z")


def plain_ok(s: str, in_flow: bool) -> bool:
    if s.lower() in _RESERVED:
        return False
    if _PLAIN_WORD.match(s):
        return True
    if _UNIT.match(s) and not any(c in s for c in "eExXbBoO"):
        return True
    if not in_flow and _PLAIN_SPACED.match(s) and "  " not in s:
        return True
    return False


class Emitter:
    def __init__(self, rng: random.Random, seq_indent: bool, quote_p: float, quote_char: str):
        self.rng = rng
        self.seq_indent = seq_indent
        self.quote_p = quote_p
        self.quote_char = quote_char

    # scalars ---------------------------------------------------------------------------
    def scalar(self, v, in_flow: bool = False) -> str:
        t = type(v)
        if t is str:
            if "\n" not in v and plain_ok(v, in_flow):
                if self.quote_p and self.rng.random() < self.quote_p:
                    return self.quote(v, self.quote_char)
                return v
            return self.quote(v, '"')
        if t is bool:
            return "true" if v else "false"
        if t is int or t is float:
            return repr(v)
        if v is None:
            return "null"
        if t is Q:
            return self.quote(v.s, v.style)
        if t is Raw:
            return v.text
        if t is Alias:
            return "*" + v.name
        raise TypeError(f"not a scalar: {v!r}")

    @staticmethod
    def key(k) -> str:
        if type(k) is Q:
            return Emitter.quote(k.s, k.style)
        if k == "<<" or plain_ok(k, False):
            return k
        return json.dumps(k)

    @staticmethod
    def quote(s: str, style: str) -> str:
        if style == "'" and "\n" not in s and "\\" not in s:
            return "'" + s.replace("'", "''") + "'"
        return json.dumps(s)

    def flow(self, v) -> str:
        t = type(v)
        if t is list:
            return "[" + ", ".join(self.flow(x) for x in v) + "]"
        if t is dict:
            return "{" + ", ".join(f"{self.scalar(k, True)}: {self.flow(x)}" for k, x in v.items()) + "}"
        if t is Flow:
            return self.flow(v.value)
        return self.scalar(v, True)

    # block collections -----------------------------------------------------------------
    def mapping(self, d: dict, ind: int, out: list, first: str | None = None) -> None:
        pad = " " * ind
        for k, v in d.items():
            p = pad if first is None else first
            if type(k) is Cmt:  # (before a "- " item's first key, the comment goes above it)
                out.append(pad + "# " + k.text)
                continue
            first = None
            self.entry(p + self.key(k) + ":", v, ind, out)

    def entry(self, head: str, v, ind: int, out: list) -> None:
        t = type(v)
        comment = ""
        if t is C:
            comment = "  # " + v.text
            v = v.value
            t = type(v)
        if t is Anchor:
            head += " &" + v.name
            v = v.value
            t = type(v)
        if t is dict:
            if not v:
                out.append(head + " {}" + comment)
                return
            out.append(head + comment)
            self.mapping(v, ind + 2, out)
        elif t is list:
            if not v:
                out.append(head + " []" + comment)
                return
            out.append(head + comment)
            self.sequence(v, ind + 2 if self.seq_indent else ind, out)
        elif t is Flow:
            out.append(head + " " + self.flow(v.value) + comment)
        elif t is Lit:
            self.block(head, v, ind + 2, out, comment)
        else:
            out.append(head + " " + self.scalar(v) + comment)

    def block(self, head: str, v: Lit, ind: int, out: list, comment: str) -> None:
        text = v.text
        if v.folded:
            ind_s = " " * ind
            out.append(head + " >-" + comment)
            out.extend(ind_s + line if line else "" for line in text.rstrip("\n").split("\n"))
            return
        chomp = "" if text.endswith("\n") else "-"
        out.append(head + " |" + chomp + comment)
        ind_s = " " * ind
        out.extend(ind_s + line if line else "" for line in text.rstrip("\n").split("\n"))

    def sequence(self, lst: list, ind: int, out: list) -> None:
        pad = " " * ind
        for item in lst:
            t = type(item)
            if t is Cmt:
                out.append(pad + "# " + item.text)
                continue
            comment = ""
            if t is C:
                comment = "  # " + item.text
                item = item.value
                t = type(item)
            if t is Anchor:
                inner = item.value
                if type(inner) is dict and inner:
                    out.append(pad + "- &" + item.name + comment)
                    self.mapping(inner, ind + 2, out)
                else:
                    out.append(pad + "- &" + item.name + " " + self.flow(inner) + comment)
                continue
            if t is dict:
                if not item:
                    out.append(pad + "- {}" + comment)
                elif comment:
                    out.append(pad + "-" + comment)
                    self.mapping(item, ind + 2, out)
                else:
                    self.mapping(item, ind + 2, out, first=pad + "- ")
            elif t is list:
                out.append(pad + "-" + comment)
                self.sequence(item, ind + 2, out)
            elif t is Flow:
                out.append(pad + "- " + self.flow(item.value) + comment)
            elif t is Lit:
                self.block(pad + "-", item, ind + 2, out, comment)
            else:
                out.append(pad + "- " + self.scalar(item) + comment)

    def document(self, obj: dict) -> str:
        out: list[str] = []
        self.mapping(obj, 0, out)
        out.append("")
        return "\n".join(out)


def to_plain(v):
    """The JSON meaning of a built value (wrappers resolved, comments dropped)."""
    t = type(v)
    if t is dict:
        d = {}
        if "<<" in v:  # a merge key: the merged mapping first, then this mapping's own keys
            d.update(to_plain(v["<<"]))
        d.update((k, to_plain(x)) for k, x in v.items() if type(k) is not Cmt and k != "<<")
        return d
    if t is list:
        return [to_plain(x) for x in v if type(x) is not Cmt]
    if t is Lit:
        return " ".join(v.text.split("\n")).strip() if v.folded else v.text
    if t is Q:
        return v.s
    if t is Raw:
        return v.value
    if t is Anchor or t is Alias or t is Flow or t is C:
        return to_plain(v.value)
    return v


# --------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------

WORDS = (
    "checkout payments cart catalog search auth billing ledger notifications orders inventory "
    "shipping recommendations reviews profile gateway frontend backend analytics reporting media "
    "uploads thumbnails mailer scheduler audit pricing quotes fraud kyc loyalty coupons wishlist "
    "sessions identity webhooks exports imports indexer crawler translator geo maps chat feeds "
    "ads tracking invoices refunds subscriptions tenants accounts documents storage previews"
).split()
SUFFIXES = "api worker service web consumer processor sync ui cache cron agent engine proxy".split()
TEAMS = (
    "platform payments growth search data identity core mobile commerce ops ml risk content "
    "support security logistics"
).split()
ENVS = ["production", "staging", "dev", "qa", "sandbox", "eu-west", "us-east", "ap-south"]
REGISTRIES = ["ghcr.io/example-org", "registry.example.com/apps", "quay.io/example",
              "123456789012.dkr.ecr.eu-west-1.amazonaws.com", "europe-docker.pkg.dev/example/apps"]
SIDECARS = [("log-shipper", "docker.io/fluent/fluent-bit", "3.1.9"),
            ("metrics-exporter", "quay.io/prometheus/statsd-exporter", "v0.27.1"),
            ("oauth2-proxy", "quay.io/oauth2-proxy/oauth2-proxy", "v7.6.0"),
            ("cloud-sql-proxy", "gcr.io/cloud-sql-connectors/cloud-sql-proxy", "2.11.0"),
            ("envoy", "docker.io/envoyproxy/envoy", "v1.31.2")]
CONTROLLERS = [("ingress-nginx", "https://kubernetes.github.io/ingress-nginx", "ingress-nginx", "4.11.3"),
               ("cert-manager", "https://charts.jetstack.io", "cert-manager", "v1.16.1"),
               ("external-dns", "https://kubernetes-sigs.github.io/external-dns", "external-dns", "1.15.0"),
               ("kube-prometheus-stack", "https://prometheus-community.github.io/helm-charts",
                "kube-prometheus-stack", "65.5.0"),
               ("external-secrets", "https://charts.external-secrets.io", "external-secrets", "0.10.4"),
               ("metrics-server", "https://kubernetes-sigs.github.io/metrics-server", "metrics-server", "3.12.2"),
               ("sealed-secrets", "https://bitnami-labs.github.io/sealed-secrets", "sealed-secrets", "2.16.1"),
               ("reloader", "https://stakater.github.io/stakater-charts", "reloader", "1.1.0"),
               ("velero", "https://vmware-tanzu.github.io/helm-charts", "velero", "7.2.1"),
               ("argo-rollouts", "https://argoproj.github.io/argo-helm", "argo-rollouts", "2.37.7")]
HELM_CHARTS = [("redis", "oci://registry-1.docker.io/bitnamicharts", "20.2.1"),
               ("postgresql", "oci://registry-1.docker.io/bitnamicharts", "16.0.5"),
               ("podinfo", "https://stefanprodan.github.io/podinfo", "6.7.1"),
               ("grafana", "https://grafana.github.io/helm-charts", "8.5.12"),
               ("loki", "https://grafana.github.io/helm-charts", "6.18.0"),
               ("rabbitmq", "oci://registry-1.docker.io/bitnamicharts", "15.0.3"),
               ("app-template", "oci://ghcr.io/bjw-s/helm", "3.5.1")]
LOG_LEVELS = ["info", "debug", "warn", "error"]


def b64(s: str) -> str:
    return base64.b64encode(s.encode()).decode()


def fake_hex(r: random.Random, n: int) -> str:
    return "%0*x" % (n, r.getrandbits(4 * n))


def fake_b64(r: random.Random, nbytes: int) -> str:
    return base64.b64encode(r.getrandbits(8 * nbytes).to_bytes(nbytes, "little")).decode()


# --------------------------------------------------------------------------------------
# The plan: apps, files, documents. Content is built only when a file is written.
# --------------------------------------------------------------------------------------


class App:
    __slots__ = ("name", "team", "arch", "ns", "image", "port", "envs", "kustomized", "group",
                 "version", "chart")

    def __init__(self, **kw):
        for k, v in kw.items():
            setattr(self, k, v)


class Doc:
    """One Kubernetes object to build: its builder, app, env and a few knobs."""

    __slots__ = ("builder", "app", "env", "name", "extra")

    def __init__(self, builder, app, env, name, extra=None):
        self.builder = builder
        self.app = app
        self.env = env
        self.name = name
        self.extra = extra


class FileSpec:
    """A file to write. `docs` for manifests; `text` (a callable) for anything else."""

    __slots__ = ("path", "docs", "text", "role", "optional", "json")

    def __init__(self, path, docs=None, text=None, role="manifest", optional=False, json_=False):
        self.path = path
        self.docs = docs
        self.text = text
        self.role = role  # manifest | kustomization | patch | text
        self.optional = optional
        self.json = json_


class Planner:
    def __init__(self, n_docs: int, seed: int, n_envs: int, kustomize_fraction: float):
        self.r = random.Random(seed)
        self.remaining = n_docs
        self.files: list[FileSpec] = []
        self.by_path: dict[str, FileSpec] = {}
        self.envs = ENVS[:n_envs]
        self.kfrac = kustomize_fraction
        self.names: set[str] = set()
        self.team_flux: dict[tuple[str, str], FileSpec] = {}

    # helpers ---------------------------------------------------------------------------
    def file(self, path, **kw) -> FileSpec:
        f = self.by_path.get(path)
        if f is None:
            f = FileSpec(path, docs=[] if kw.get("role", "manifest") == "manifest" and "text" not in kw else None, **kw)
            self.by_path[path] = f
            self.files.append(f)
        return f

    def add(self, path: str, builder, app, env, name, extra=None, json_=False) -> bool:
        if self.remaining <= 0:
            return False
        f = self.file(path, json_=json_)
        f.docs.append(Doc(builder, app, env, name, extra))
        self.remaining -= 1
        return True

    def text(self, path, fn, optional=True, role="text"):
        if path not in self.by_path:
            self.file(path, text=fn, optional=optional, role=role)

    def new_name(self) -> str:
        r = self.r
        for _ in range(20):
            n = f"{r.choice(WORDS)}-{r.choice(SUFFIXES)}"
            if n not in self.names:
                break
        else:
            i = 2
            while f"{n}-{i}" in self.names:
                i += 1
            n = f"{n}-{i}"
        self.names.add(n)
        return n

    # the repository --------------------------------------------------------------------
    def plan(self) -> None:
        self.text("README.md", t_root_readme, optional=False)
        self.text(".sops.yaml", t_sops_config, optional=False)
        self.text(".gitignore", lambda r, p: "# local files\n.env\n*.dec.yaml\n*.decrypted~*\n",
                  optional=False)
        for env in self.envs:
            base = f"clusters/{env}"
            self.add(f"{base}/flux-system/gotk-sync.yaml", b_gitrepository, None, env, "flux-system")
            self.add(f"{base}/flux-system/gotk-sync.yaml", b_flux_ks, None, env, "flux-system",
                     {"path": f"./clusters/{env}"})
            self.file(f"{base}/flux-system/kustomization.yaml", text=t_flux_system_kustomization,
                      role="kustomization")
            self.add(f"{base}/infrastructure.yaml", b_flux_ks, None, env, "infra-controllers",
                     {"path": "./infrastructure/controllers"})
            self.add(f"{base}/infrastructure.yaml", b_flux_ks, None, env, "infra-configs",
                     {"path": "./infrastructure/configs", "depends": ["infra-controllers"]})
        for env in self.envs:  # per-cluster Helm sources and releases
            for name, url, chart, ver in CONTROLLERS[:4]:
                ctl = App(name=name, team="platform", arch="controller", ns=name, image=None, port=8080,
                          envs=[env], kustomized=False, group=None, version=ver, chart=(chart, url))
                self.add(f"clusters/{env}/sources/helm-repositories.yaml", b_helmrepository, ctl, env, name)
                self.add(f"clusters/{env}/releases/{name}.yaml", b_helmrelease, ctl, env, name)
        for name, url, chart, ver in CONTROLLERS:
            path = f"infrastructure/controllers/{name}.yaml"
            ctl = App(name=name, team="platform", arch="controller", ns=name, image=None, port=8080,
                      envs=self.envs, kustomized=False, group=None, version=ver, chart=(chart, url))
            self.add(path, b_namespace, ctl, None, name)
            self.add(path, b_helmrepository, ctl, None, name)
            self.add(path, b_helmrelease, ctl, None, name)
        self.add("infrastructure/configs/cluster-issuers.yaml", b_clusterissuer, None, None, "letsencrypt-staging")
        self.add("infrastructure/configs/cluster-issuers.yaml", b_clusterissuer, None, None, "letsencrypt-production")
        self.add("infrastructure/configs/storageclasses.yaml", b_storageclass, None, None, "fast-ssd")

        big_done = False
        n_apps = 0
        while self.remaining > 0:
            n_apps += 1
            self.plan_app()
            # once per large repository: a committed `helm template` output with many documents
            if not big_done and n_apps == 40 and self.remaining > 20000:
                big_done = True
                self.plan_monolith(min(2000, self.remaining // 50))
        self.prune_kustomizations()

    def prune_kustomizations(self) -> None:
        """Drop kustomization files (and patches) left without resources by a small --docs."""
        with_docs = {os.path.dirname(f.path) for f in self.files if f.docs}
        keep_bases = set()
        for f in self.files:
            if f.role == "kustomization" and f.path.startswith("apps/base/") and os.path.dirname(f.path) in with_docs:
                keep_bases.add(os.path.dirname(f.path))
        overlays = set()

        def keep(f: FileSpec) -> bool:
            d = os.path.dirname(f.path)
            if f.role == "kustomization":
                if f.path.startswith("apps/") and not f.path.startswith("apps/base/"):
                    ok = f"apps/base/{f.text.name}" in keep_bases
                    if ok:
                        overlays.add(d)
                    return ok
                return d in with_docs
            return True

        self.files = [f for f in self.files if keep(f)]
        self.files = [f for f in self.files if f.role != "patch" or os.path.dirname(f.path) in overlays]
        self.by_path = {f.path: f for f in self.files}

    def plan_app(self) -> None:
        r = self.r
        name = self.new_name()
        arch = r.choices(["web", "worker", "db", "agent", "batch", "rollout", "helm"],
                         [35, 20, 8, 4, 10, 8, 15])[0]
        team = r.choice(TEAMS)
        ns = team if r.random() < 0.5 else name
        envs = [e for i, e in enumerate(self.envs) if i == len(self.envs) - 1 or r.random() < 0.9]
        app = App(name=name, team=team, arch=arch, ns=ns,
                  image=f"{r.choice(REGISTRIES)}/{name}", port=r.choice([8080, 8080, 3000, 9000, 80, 5000]),
                  envs=envs, kustomized=arch != "helm" and r.random() < self.kfrac,
                  group=r.choice(["split", "split", "grouped", "bundled"]),
                  version=f"{r.randint(0, 4)}.{r.randint(0, 30)}.{r.randint(0, 20)}",
                  chart=r.choice(HELM_CHARTS) if arch == "helm" else None)
        # a team namespace and its tenancy objects, once per env and team
        for env in envs:
            tp = f"clusters/{env}/tenants/{team}.yaml"
            if tp not in self.by_path:
                self.add(tp, b_namespace, App(name=team, team=team, arch="tenant", ns=team, image=None,
                                              port=0, envs=[env], kustomized=False, group=None,
                                              version="", chart=None), env, team)
                tenant = self.by_path.get(tp)
                if tenant is not None:
                    ta = tenant.docs[0].app
                    self.add(tp, b_serviceaccount, ta, env, f"{team}-reconciler")
                    self.add(tp, b_rolebinding, ta, env, f"{team}-reconciler", {"role": "admin", "cluster": True})
                    self.add(tp, b_resourcequota, ta, env, f"{team}-quota")
                    self.add(tp, b_limitrange, ta, env, f"{team}-limits")
            # the Flux Kustomization that deploys this app in this env
            path = f"./apps/{env}/{name}" if not app.kustomized or r.random() < 0.8 else f"./apps/base/{name}"
            self.add(f"clusters/{env}/apps/{team}.yaml", b_flux_ks, app, env, name,
                     {"path": path, "depends": ["infra-configs"] if r.random() < 0.3 else None})
        base = f"apps/base/{name}"

        def fname(kind_file: str) -> str:
            if app.group == "bundled":
                return f"{base}/{name}.yaml"
            if app.group == "grouped":
                grp = {"deployment": "workload", "statefulset": "workload", "daemonset": "workload",
                       "rollout": "workload", "cronjob": "workload", "job": "workload",
                       "service": "workload", "hpa": "workload", "pdb": "workload",
                       "serviceaccount": "rbac", "role": "rbac", "rolebinding": "rbac",
                       "clusterrole": "rbac", "clusterrolebinding": "rbac"}.get(kind_file, kind_file)
                return f"{base}/{grp}.yaml"
            return f"{base}/{kind_file}.yaml"

        A = lambda kf, b, n=name, extra=None, env=None: self.add(fname(kf), b, app, env, n, extra,
                                                                 json_=r.random() < 0.004)
        if r.random() < 0.3:
            A("namespace", b_namespace, ns)
        if arch == "helm":
            A("repository", b_helmrepository)
            A("release", b_helmrelease)
            self.text(f"{base}/values.yaml", t_values, optional=False)
        else:
            if arch in ("web", "worker", "db", "batch", "rollout") or r.random() < 0.5:
                A("serviceaccount", b_serviceaccount)
            if arch == "web":
                A("deployment", b_deployment)
                A("service", b_service)
                if r.random() < 0.6:
                    A("ingress", b_ingress)
                if r.random() < 0.4:
                    A("hpa", b_hpa)
                if r.random() < 0.4:
                    A("pdb", b_pdb)
                if r.random() < 0.25:
                    A("servicemonitor", b_servicemonitor)
            elif arch == "worker":
                A("deployment", b_deployment, extra={"worker": True})
                if r.random() < 0.3:
                    A("hpa", b_hpa)
            elif arch == "db":
                A("statefulset", b_statefulset)
                A("service", b_service, n=f"{name}-headless", extra={"headless": True})
                A("service", b_service)
                A("pdb", b_pdb)
                A("secret", b_secret)
            elif arch == "agent":
                A("daemonset", b_daemonset)
                A("clusterrole", b_clusterrole)
                A("clusterrolebinding", b_rolebinding, extra={"role": name, "cluster": True, "crb": True})
            elif arch == "batch":
                for i in range(r.choice([1, 1, 2, 3])):
                    A("cronjob", b_cronjob, n=name if i == 0 else f"{name}-{['nightly', 'hourly', 'weekly'][i - 1]}")
                if r.random() < 0.3:
                    A("job", b_job, n=f"{name}-migrate")
            elif arch == "rollout":
                A("rollout", b_rollout)
                A("service", b_service, n=f"{name}-stable")
                A("service", b_service, n=f"{name}-canary")
                A("analysistemplate", b_analysistemplate, n=f"{name}-success-rate")
                if r.random() < 0.5:
                    A("ingress", b_ingress)
            if r.random() < 0.7:
                A("configmap", b_configmap)
            if r.random() < 0.4:
                A("networkpolicy", b_networkpolicy)
            if r.random() < 0.25:
                A("role", b_role)
                A("rolebinding", b_rolebinding, extra={"role": name})
            if r.random() < 0.01:  # a bundle: many small documents in one file
                for i in range(r.randint(20, 120)):
                    self.add(f"{base}/rbac-bundle.yaml", b_role if i % 2 == 0 else b_rolebinding, app, None,
                             f"{name}-access-{i // 2}", {"role": f"{name}-access-{i // 2}"})
            if r.random() < 0.004:  # a large dashboard ConfigMap
                self.add(f"{base}/dashboards.yaml", b_dashboard, app, None, f"{name}-dashboard")
        if app.kustomized:
            self.file(f"{base}/kustomization.yaml", text=t_base_kustomization, role="kustomization")
        if r.random() < 0.6:
            self.text(f"{base}/README.md", t_app_readme)
        if r.random() < 0.3:
            self.text(f"{base}/.env.example", t_env_example)
        if arch != "helm" and r.random() < 0.08:
            self.text(f"{base}/values.yaml", t_values)

        # per environment
        for env in envs:
            ed = f"apps/{env}/{name}"
            E = lambda fn, b, n=name, extra=None: self.add(f"{ed}/{fn}.yaml", b, app, env, n, extra)
            if arch == "helm":
                E("release", b_helmrelease)
                if r.random() < 0.3:
                    E("secret", b_secret_any, n=f"{name}-values")
                continue
            if r.random() < 0.6:
                E("configmap", b_configmap, n=f"{name}-{env}")
            if r.random() < 0.5:
                E("secret", b_secret_any, n=f"{name}-credentials")
            if not app.kustomized and r.random() < 0.7:
                wl = {"web": ("deployment", b_deployment), "worker": ("deployment", b_deployment),
                      "db": ("statefulset", b_statefulset), "agent": ("daemonset", b_daemonset),
                      "batch": ("cronjob", b_cronjob), "rollout": ("rollout", b_rollout)}[arch]
                E(wl[0], wl[1], extra={"worker": arch == "worker"})
            if env == "production" and arch in ("web", "rollout") and r.random() < 0.5:
                E("hpa", b_hpa)
            if r.random() < 0.15:
                E("networkpolicy", b_networkpolicy, n=f"{name}-{env}-egress")
            if r.random() < 0.008:
                for i in range(r.randint(20, 200)):
                    self.add(f"{ed}/feature-flags.yaml", b_configmap, app, env, f"{name}-flags-{i}")
            if app.kustomized:
                self.file(f"{ed}/kustomization.yaml", text=app, role="kustomization")
                if r.random() < 0.5 and arch in ("web", "worker", "db", "rollout"):
                    kind = {"web": "Deployment", "worker": "Deployment", "db": "StatefulSet",
                            "rollout": "Rollout"}[arch]
                    self.file(f"{ed}/patch-resources.yaml",
                              text=lambda r, p, a=app, k=kind: t_patch(r, a, k), role="patch")

    def plan_monolith(self, n: int) -> None:
        app = App(name="legacy-monolith", team="core", arch="web", ns="legacy", image="registry.example.com/legacy/monolith",
                  port=8080, envs=self.envs[:1], kustomized=False, group="bundled", version="2.14.3", chart=None)
        path = "apps/base/legacy-monolith/all-in-one.yaml"
        builders = [b_deployment, b_service, b_configmap, b_serviceaccount, b_secret, b_networkpolicy, b_pdb]
        for i in range(n):
            if not self.add(path, builders[i % len(builders)], app, None, f"legacy-part-{i // len(builders)}",
                            {"helm": True}):
                break


# --------------------------------------------------------------------------------------
# Adjusting the number of files: split multi-document files, merge files of a directory.
# --------------------------------------------------------------------------------------


def is_manifest(f: FileSpec) -> bool:
    return f.docs is not None


def adjust_files(planner: Planner, target: int, count_all: bool) -> None:
    files = planner.files
    used = set(planner.by_path)

    def count() -> int:
        return len(files) if count_all else sum(1 for f in files if is_manifest(f))

    n = count()
    if n < target:
        # split: move the last document of the fullest file into a file of its own
        import heapq

        heap = [(-len(f.docs), i) for i, f in enumerate(files) if is_manifest(f) and len(f.docs) > 1]
        heapq.heapify(heap)
        while n < target and heap:
            _, i = heapq.heappop(heap)
            f = files[i]
            doc = f.docs.pop()
            d = os.path.dirname(f.path)
            stem = f"{d}/{doc.builder.__name__[2:].replace('_', '-')}-{doc.name}"
            path, k = stem + ".yaml", 2
            while path in used:
                path, k = f"{stem}-{k}.yaml", k + 1
            used.add(path)
            nf = FileSpec(path, docs=[doc])
            files.append(nf)
            n += 1
            if len(f.docs) > 1:
                heapq.heappush(heap, (-len(f.docs), i))
        i = 0
        while n < target and count_all:  # only documentation files are left to add
            path = f"docs/notes/{i:05d}-notes.md"
            i += 1
            if path in used:
                continue
            used.add(path)
            files.append(FileSpec(path, text=t_note, role="text", optional=True))
            n += 1
    elif n > target:
        removed: set[int] = set()
        # 1. merge manifest files of one directory (not kustomize patches)
        by_dir: dict[str, list[int]] = {}
        for i, f in enumerate(files):
            if is_manifest(f):
                by_dir.setdefault(os.path.dirname(f.path), []).append(i)
        for idxs in by_dir.values():
            while n > target and len(idxs) > 1:
                j = idxs.pop()
                files[idxs[0]].docs.extend(files[j].docs)
                removed.add(j)
                n -= 1
            if n <= target:
                break
        # 2. drop optional text files
        if count_all:
            for i, f in enumerate(files):
                if n <= target:
                    break
                if f.optional and i not in removed:
                    removed.add(i)
                    n -= 1
        # 3. merge any manifest files, in path order
        if n > target:
            keep = [i for i, f in enumerate(files) if is_manifest(f) and i not in removed]
            keep.sort(key=lambda i: files[i].path)
            while n > target and len(keep) > 1:
                j = keep.pop()
                files[keep[-1]].docs.extend(files[j].docs)
                removed.add(j)
                n -= 1
        planner.files = [f for i, f in enumerate(files) if i not in removed]
        planner.by_path = {f.path: f for f in planner.files}
    files = planner.files
    if count() != target:
        print(f"warning: could reach {count()} files, not {target}", file=sys.stderr)


# --------------------------------------------------------------------------------------
# Object builders. Each returns a dict (with emitter wrappers) for one document.
# --------------------------------------------------------------------------------------


def labels(app: App, name: str, env: str | None, r: random.Random, component: str | None = None) -> dict:
    d = {"app.kubernetes.io/name": app.name if app else name}
    if r.random() < 0.7:
        d["app.kubernetes.io/instance"] = name
    if component or r.random() < 0.3:
        d["app.kubernetes.io/component"] = component or r.choice(["server", "api", "backend"])
    if app and r.random() < 0.5:
        d["app.kubernetes.io/part-of"] = app.team
    if r.random() < 0.4:
        d["app.kubernetes.io/managed-by"] = r.choice(["kustomize", "flux", "Helm"])
    if env and r.random() < 0.5:
        d["environment"] = env
    if app and r.random() < 0.4:
        d["team"] = app.team
    return d


def meta(r, app, name, env, ns=True, lab=None, ann=None) -> dict:
    m = {"name": name}
    if ns and app is not None and (r.random() < 0.85):
        m["namespace"] = app.ns
    if lab is None:
        lab = labels(app, name, env, r)
    if lab:
        m["labels"] = lab
    if ann:
        m["annotations"] = ann
    return m


def head(r, api, kind, m, comment=None) -> dict:
    d = {}
    if comment:
        d[Cmt(comment)] = None
    d["apiVersion"] = api
    d["kind"] = kind
    d["metadata"] = m
    return d


def image_ref(r, app: App, env) -> tuple[str, str | None]:
    """An image reference, sometimes with a deliberate problem."""
    x = r.random()
    base = app.image if app.image else f"registry.example.com/{app.name}"
    if x < 0.03:
        return base + ":latest", "latest"
    if x < 0.05:
        return r.choice(["nginx", "busybox", "redis", base]), "untagged"
    if x < 0.055:
        return f"registry:5000/{app.name}", "untagged-port"
    if x < 0.06:
        return f"registry.local:5000/{app.team}/{app.name}:{app.version}", None  # a port, with a tag
    if x < 0.11:
        return f"{base}@sha256:{fake_hex(r, 64)}", None
    if x < 0.14:
        return f"{base}:{app.version}@sha256:{fake_hex(r, 64)}", None
    ver = app.version
    if env == "dev" and r.random() < 0.5:
        ver = f"{ver}-rc.{r.randint(1, 9)}"
    return f"{base}:{ver}" if r.random() < 0.8 else f"{base}:v{ver}", None


PROBLEM_COUNTS: dict[str, int] = {}


def problem(name: str) -> None:
    PROBLEM_COUNTS[name] = PROBLEM_COUNTS.get(name, 0) + 1


def count_container_problems(containers: list, pod_nonroot) -> None:
    """Count, per container, what the container-level rules should find (for the summary)."""
    for c in containers:
        c = to_plain(c)
        sc = c.get("securityContext") or {}
        if sc.get("privileged") is True:
            problem("privileged")
        if sc.get("allowPrivilegeEscalation") is True:
            problem("allowPrivilegeEscalation")
        eff = sc["runAsNonRoot"] if "runAsNonRoot" in sc else pod_nonroot
        if eff is not True:
            problem("runAsNonRoot-not-true")
        img = c["image"]
        if "@" in img:
            continue
        if img.endswith(":latest"):
            problem("image-latest")
        elif ":" not in img.rsplit("/", 1)[-1]:
            problem("image-untagged")


def resources(r) -> dict | None:
    x = r.random()
    if x < 0.1:
        return None
    cpu = r.choice(["50m", "100m", "250m", "500m", "1"])
    mem = r.choice(["64Mi", "128Mi", "256Mi", "512Mi", "1Gi", "2Gi"])
    d = {"requests": {"cpu": cpu, "memory": mem}}
    if x > 0.25:
        lim = {"memory": mem}
        if r.random() < 0.5:
            lim["cpu"] = r.choice(["500m", "1", "2"])
        d["limits"] = lim
    return d


def container(r, app, env, name, image, port, st, main=True, sc=None) -> dict:
    c = {"name": name, "image": C(image, "{\"$imagepolicy\": \"flux-system:" + app.name + "\"}")
         if main and r.random() < 0.1 else image}
    if r.random() < 0.6:
        c["imagePullPolicy"] = r.choice(["IfNotPresent", "IfNotPresent", "Always"])
    if r.random() < 0.3:
        c["args"] = Flow(["--port", str(port), "--log-level", r.choice(LOG_LEVELS)]) if r.random() < 0.5 else \
            ["--port=" + str(port), "--metrics-addr=:9090"]
    if main and port and r.random() < 0.9:
        ports = [{"name": "http", "containerPort": port, "protocol": "TCP"}]
        if r.random() < 0.4:
            ports.append({"name": "metrics", "containerPort": 9090})
        c["ports"] = ports if r.random() < 0.9 else [Flow(p) for p in ports]
    if main and r.random() < 0.8:
        env_l = [{"name": "LOG_LEVEL", "value": r.choice(LOG_LEVELS)},
                 {"name": "PORT", "value": str(port)}]
        if r.random() < 0.5:
            env_l.append({"name": "ENABLE_TRACING", "value": Q(r.choice(["true", "false"]))})
        if r.random() < 0.5:
            env_l.append({"name": "POD_NAMESPACE", "valueFrom": {"fieldRef": {"fieldPath": "metadata.namespace"}}})
        if r.random() < 0.5:
            env_l.append({"name": "DATABASE_PASSWORD",
                          "valueFrom": {"secretKeyRef": {"name": f"{app.name}-credentials", "key": "password"}}})
        if r.random() < 0.3:
            env_l.append({"name": "OTEL_EXPORTER_OTLP_ENDPOINT", "value": "http://otel-collector.observability:4317"})
        c["env"] = env_l
    if main and r.random() < 0.3:
        c["envFrom"] = [{"configMapRef": {"name": f"{app.name}-{env}" if env else app.name}}]
    res = resources(r)
    if res:
        c["resources"] = res
    if main and port and r.random() < 0.7:
        c["livenessProbe"] = {"httpGet": {"path": "/healthz", "port": "http" if r.random() < 0.5 else port},
                              "initialDelaySeconds": r.choice([5, 10, 15]), "periodSeconds": 10}
        c["readinessProbe"] = {"httpGet": {"path": "/readyz", "port": port}, "periodSeconds": 5}
    if sc is not None:
        c["securityContext"] = sc
    if main and r.random() < 0.4:
        c["volumeMounts"] = [{"name": "config", "mountPath": "/etc/" + app.name, "readOnly": True},
                             {"name": "tmp", "mountPath": "/tmp"}]
    return c


def container_sc(r, st, pod_nonroot: bool | None) -> dict | None:
    """A container securityContext; problems are counted in PROBLEM_COUNTS."""
    x = r.random()
    if x < 0.25 and pod_nonroot is None:
        return None
    sc = {}
    if r.random() < 0.02:
        sc["privileged"] = True
    ape = r.random()
    if ape < 0.02:
        sc["allowPrivilegeEscalation"] = True
    elif ape < 0.7:
        sc["allowPrivilegeEscalation"] = False
    if pod_nonroot is None:
        if r.random() < 0.6:
            sc["runAsNonRoot"] = True
    elif pod_nonroot and r.random() < 0.02:
        sc["runAsNonRoot"] = False  # overrides the pod's true
    if r.random() < 0.6:
        sc["readOnlyRootFilesystem"] = True
    if r.random() < 0.5:
        sc["capabilities"] = {"drop": Flow(["ALL"])} if r.random() < 0.5 else {"drop": ["ALL"]}
    if r.random() < 0.02:
        sc.setdefault("capabilities", {})["add"] = ["NET_ADMIN", "SYS_ADMIN"] if r.random() < 0.3 else ["NET_BIND_SERVICE"]
    if r.random() < 0.3:
        sc["runAsUser"] = r.choice([1000, 65532, 10001])
    return sc or None


def pod_spec(r, app, env, st, kind, agent=False, job=False) -> dict:
    spec = {}
    if r.random() < 0.8:
        spec["serviceAccountName"] = app.name
    if r.random() < 0.2:
        spec["automountServiceAccountToken"] = False
    hn = 0.3 if agent else 0.015
    if r.random() < hn:
        spec["hostNetwork"] = True
        problem("hostNetwork")
        if r.random() < 0.5:
            spec["dnsPolicy"] = "ClusterFirstWithHostNet"
    if r.random() < (0.2 if agent else 0.007):
        spec["hostPID"] = True
        problem("hostPID")
    if r.random() < (0.05 if agent else 0.005):
        spec["hostIPC"] = True
        problem("hostIPC")
    # pod-level securityContext
    x = r.random()
    pod_nonroot: bool | None
    if x < 0.5:
        psc = {"runAsNonRoot": True}
        pod_nonroot = True
    elif x < 0.51:
        psc = {"runAsNonRoot": False}
        pod_nonroot = False
    elif x < 0.75:
        psc = {}
        pod_nonroot = None
    else:
        psc = None
        pod_nonroot = None
    if psc is not None:
        if r.random() < 0.6:
            psc["runAsUser"] = r.choice([1000, 65532, 10001])
            psc["runAsGroup"] = r.choice([1000, 65532, 10001])
        if r.random() < 0.5:
            psc["fsGroup"] = r.choice([1000, 2000, 65532])
        if r.random() < 0.4:
            psc["seccompProfile"] = {"type": "RuntimeDefault"}
        if psc:
            spec["securityContext"] = psc
    image, _ = image_ref(r, app, env)
    use_anchor = st.get("anchors") and r.random() < 0.5
    sc = container_sc(r, st, pod_nonroot)
    sc_node = Anchor("container-security", sc) if use_anchor and sc else sc
    main = container(r, app, env, app.name if app.kustomized or r.random() < 0.8 else "app", image, app.port if not job else 0,
                     st, True, sc_node)
    containers = [main]
    for _ in range(r.choice([0, 0, 0, 0, 1, 1, 2]) if not job else 0):
        sname, simg, stag = r.choice(SIDECARS)
        if any(c["name"] == sname for c in containers):
            continue
        if use_anchor and sc and r.random() < 0.5:
            ssc = Alias("container-security", sc)
        elif use_anchor and sc:  # a merge key, with an override
            ssc = {"<<": Alias("container-security", sc), "readOnlyRootFilesystem": False}
        else:
            ssc = container_sc(r, st, pod_nonroot)
        if r.random() < 0.02:
            simg_ref = simg + ":latest"
        else:
            simg_ref = f"{simg}:{stag}"
        containers.append(container(r, app, env, sname, simg_ref, 0, st, False, ssc))
    if agent and r.random() < 0.2:
        main.setdefault("securityContext", {})
        if type(main["securityContext"]) is dict:
            if "privileged" not in main["securityContext"]:
                main["securityContext"]["privileged"] = True
    inits = []
    if r.random() < 0.25 or kind == "StatefulSet" and r.random() < 0.5:
        init_img = "docker.io/library/busybox:1.36" if r.random() < 0.9 else "busybox"
        init = {"name": r.choice(["wait-for-db", "migrate", "init-config"]), "image": init_img,
                "command": Flow(["sh", "-c", "until nc -z db 5432; do sleep 2; done"])}
        isc = Alias("container-security", sc) if use_anchor and sc else container_sc(r, st, pod_nonroot)
        if isc is not None:
            init["securityContext"] = isc
        if r.random() < 0.5:
            inits = [init]
    spec["containers"] = containers
    if inits:  # after `containers`, so that an alias comes after its anchor
        spec["initContainers"] = inits
    vols = []
    if "volumeMounts" in main:
        vols.append({"name": "config", "configMap": {"name": app.name,
                                                     "defaultMode": Raw("0644", 420) if r.random() < 0.5 else 420}})
        vols.append({"name": "tmp", "emptyDir": Flow({}) if r.random() < 0.5 else {"sizeLimit": "64Mi"}})
    hp = r.random()
    if hp < (0.6 if agent else 0.02):
        path = r.choice(["/var/log", "/proc", "/sys", "/var/lib/docker/containers", "/etc/ssl/certs"])
        vols.append({"name": "host-" + path.strip("/").split("/")[-1], "hostPath": {"path": path, "type": "Directory"}})
        problem("hostPath")
    if r.random() < (0.1 if agent else 0.004):
        sock = r.choice(["/var/run/docker.sock", "/var/run/docker.sock", "/run/containerd/containerd.sock",
                         "/var/run/crio/crio.sock"])
        vols.append({"name": "runtime-sock", "hostPath": {"path": sock, "type": "Socket"}})
        main.setdefault("volumeMounts", []).append({"name": "runtime-sock", "mountPath": sock})
        problem("hostPath")
        problem("runtime-socket")
    if vols:
        spec["volumes"] = vols
    if r.random() < 0.3:
        spec["nodeSelector"] = {"kubernetes.io/os": "linux"}
    if r.random() < 0.2:
        spec["tolerations"] = [{"key": "dedicated", "operator": "Equal", "value": app.team, "effect": "NoSchedule"}]
    if r.random() < 0.15:
        spec["affinity"] = {"podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
            {"weight": 100, "podAffinityTerm": {"topologyKey": "kubernetes.io/hostname",
                                                "labelSelector": {"matchLabels": {"app.kubernetes.io/name": app.name}}}}]}}
    count_container_problems(containers + inits, pod_nonroot)
    if job:
        spec["restartPolicy"] = r.choice(["OnFailure", "Never"])
    elif r.random() < 0.3:
        spec["terminationGracePeriodSeconds"] = r.choice([30, 60, 120])
    return spec


def workload(r, app, env, name, st, api, kind, agent=False, comment=None, extra=None) -> dict:
    lab = labels(app, name, env, r)
    sel = {"app.kubernetes.io/name": app.name}
    if st.get("anchors") and r.random() < 0.6:
        lab_node = Anchor("labels", lab)
        tmpl_labels = Alias("labels", lab)
    else:
        lab_node = lab
        tmpl_labels = dict(lab)
    ann = None
    if r.random() < 0.3:
        ann = {"reloader.stakater.com/auto": Q("true")}
    if extra and extra.get("helm"):
        ann = {"meta.helm.sh/release-name": "legacy", "meta.helm.sh/release-namespace": "legacy"}
    m = meta(r, app, name, env, lab=lab_node, ann=ann)
    d = head(r, api, kind, m, comment)
    spec = {}
    if kind != "DaemonSet":
        spec["replicas"] = C(r.choice([1, 2, 3, 3, 5]), "managed by the HPA in production") if r.random() < 0.1 \
            else r.choice([1, 2, 3, 3, 5])
    if r.random() < 0.2:
        spec["revisionHistoryLimit"] = r.choice([3, 5, 10])
    spec["selector"] = {"matchLabels": sel}
    if kind == "StatefulSet":
        spec["serviceName"] = f"{app.name}-headless"
    tm = {"labels": tmpl_labels}
    if r.random() < 0.3:
        tm["annotations"] = {"prometheus.io/scrape": Q("true"), "prometheus.io/port": Q("9090")}
    spec["template"] = {"metadata": tm, "spec": pod_spec(r, app, env, st, kind, agent=agent)}
    if kind == "Deployment" and r.random() < 0.4:
        spec["strategy"] = {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": Q("25%", "'"), "maxUnavailable": 0}}
    if kind == "StatefulSet":
        spec["volumeClaimTemplates"] = [{"metadata": {"name": "data"},
                                         "spec": {"accessModes": Flow(["ReadWriteOnce"]),
                                                  "storageClassName": "fast-ssd",
                                                  "resources": {"requests": {"storage": r.choice(["10Gi", "50Gi", "100Gi"])}}}}]
    if kind == "Rollout":
        spec["strategy"] = {"canary": {"canaryService": f"{app.name}-canary", "stableService": f"{app.name}-stable",
                                       "steps": [{"setWeight": 20}, {"pause": {"duration": "5m"}},
                                                 {"setWeight": 50}, {"pause": Flow({})}, {"setWeight": 100}],
                                       "analysis": {"templates": [{"templateName": f"{app.name}-success-rate"}]}}}
    d["spec"] = spec
    return d


def b_deployment(r, app, env, name, extra, st):
    return workload(r, app, env, name, st, "apps/v1", "Deployment", extra=extra,
                    comment=f"{name}: {'background worker' if extra and extra.get('worker') else 'HTTP service'}"
                    if r.random() < 0.2 else None)


def b_statefulset(r, app, env, name, extra, st):
    return workload(r, app, env, name, st, "apps/v1", "StatefulSet")


def b_daemonset(r, app, env, name, extra, st):
    return workload(r, app, env, name, st, "apps/v1", "DaemonSet", agent=True)


def b_rollout(r, app, env, name, extra, st):
    return workload(r, app, env, name, st, "argoproj.io/v1alpha1", "Rollout")


def b_cronjob(r, app, env, name, extra, st):
    d = head(r, "batch/v1", "CronJob", meta(r, app, name, env))
    sched = r.choice(["*/15 * * * *", "0 3 * * *", "30 1 * * 0", "@hourly", "0 */6 * * *"])
    d["spec"] = {"schedule": sched if not sched.startswith("@") else Q(sched, "'"),
                 "concurrencyPolicy": r.choice(["Forbid", "Replace", "Allow"]),
                 "successfulJobsHistoryLimit": 3, "failedJobsHistoryLimit": 1,
                 "jobTemplate": {"spec": {"backoffLimit": r.choice([0, 2, 6]),
                                          "template": {"spec": pod_spec(r, app, env, st, "CronJob", job=True)}}}}
    if r.random() < 0.3:
        d["spec"]["timeZone"] = "Etc/UTC"
    return d


def b_job(r, app, env, name, extra, st):
    ann = {"kustomize.toolkit.fluxcd.io/force": "enabled"} if r.random() < 0.5 else None
    d = head(r, "batch/v1", "Job", meta(r, app, name, env, ann=ann))
    d["spec"] = {"backoffLimit": 3, "ttlSecondsAfterFinished": 3600,
                 "template": {"spec": pod_spec(r, app, env, st, "Job", job=True)}}
    return d


def b_service(r, app, env, name, extra, st):
    d = head(r, "v1", "Service", meta(r, app, name, env))
    spec = {}
    if extra and extra.get("headless"):
        spec["clusterIP"] = "None"
    elif r.random() < 0.2:
        spec["type"] = r.choice(["ClusterIP", "LoadBalancer", "NodePort"])
    spec["selector"] = {"app.kubernetes.io/name": app.name}
    ports = [{"name": "http", "port": 80 if app.port != 80 else 8080, "targetPort": "http" if r.random() < 0.5 else app.port,
              "protocol": "TCP"}]
    if r.random() < 0.3:
        ports.append({"name": "metrics", "port": 9090, "targetPort": 9090})
    spec["ports"] = ports
    d["spec"] = spec
    return d


def b_ingress(r, app, env, name, extra, st):
    host = f"{app.name}.{env or 'example'}.example.com"
    ann = {"cert-manager.io/cluster-issuer": "letsencrypt-production"}
    if r.random() < 0.4:
        ann["nginx.ingress.kubernetes.io/proxy-body-size"] = Q("10m")
    if r.random() < 0.2:
        ann["nginx.ingress.kubernetes.io/configuration-snippet"] = Lit("more_set_headers \"X-Frame-Options: DENY\";\n")
    d = head(r, "networking.k8s.io/v1", "Ingress", meta(r, app, name, env, ann=ann))
    d["spec"] = {"ingressClassName": "nginx",
                 "tls": [{"hosts": [host], "secretName": f"{app.name}-tls"}],
                 "rules": [{"host": host, "http": {"paths": [
                     {"path": "/", "pathType": "Prefix",
                      "backend": {"service": {"name": app.name, "port": {"name": "http"} if r.random() < 0.5 else {"number": 80}}}}]}}]}
    return d


def b_hpa(r, app, env, name, extra, st):
    d = head(r, "autoscaling/v2", "HorizontalPodAutoscaler", meta(r, app, name, env))
    kind = "Rollout" if app.arch == "rollout" else "Deployment"
    api = "argoproj.io/v1alpha1" if kind == "Rollout" else "apps/v1"
    d["spec"] = {"scaleTargetRef": {"apiVersion": api, "kind": kind, "name": app.name},
                 "minReplicas": r.choice([2, 3]), "maxReplicas": r.choice([10, 20, 50]),
                 "metrics": [{"type": "Resource", "resource": {"name": "cpu", "target": {
                     "type": "Utilization", "averageUtilization": r.choice([60, 70, 80])}}}]}
    return d


def b_pdb(r, app, env, name, extra, st):
    d = head(r, "policy/v1", "PodDisruptionBudget", meta(r, app, name, env))
    spec = {"minAvailable": 1} if r.random() < 0.6 else {"maxUnavailable": Q("25%")}
    spec["selector"] = {"matchLabels": {"app.kubernetes.io/name": app.name}}
    d["spec"] = spec
    return d


def b_serviceaccount(r, app, env, name, extra, st):
    ann = None
    if r.random() < 0.2:
        ann = {"eks.amazonaws.com/role-arn": f"arn:aws:iam::123456789012:role/{name}"}
    d = head(r, "v1", "ServiceAccount", meta(r, app, name, env, ann=ann))
    if r.random() < 0.2:
        d["automountServiceAccountToken"] = False
    return d


def b_namespace(r, app, env, name, extra, st):
    lab = {"kubernetes.io/metadata.name": name}
    if r.random() < 0.5:
        lab["pod-security.kubernetes.io/enforce"] = r.choice(["restricted", "baseline", "privileged"])
    if r.random() < 0.3:
        lab["toolkit.fluxcd.io/tenant"] = app.team if app else name
    return head(r, "v1", "Namespace", {"name": name, "labels": lab})


def b_configmap(r, app, env, name, extra, st):
    d = head(r, "v1", "ConfigMap", meta(r, app, name, env))
    data = {"LOG_LEVEL": r.choice(LOG_LEVELS), "FEATURE_NEW_CHECKOUT": Q(r.choice(["true", "false"])),
            "MAX_CONNECTIONS": Q(str(r.choice([10, 50, 100])))}
    x = r.random()
    if x < 0.3:
        data["application.properties"] = Lit(
            f"server.port={app.port}\nspring.application.name={app.name}\n"
            f"management.endpoints.web.exposure.include=health,info,prometheus\n"
            f"logging.level.root={r.choice(LOG_LEVELS).upper()}\n")
    elif x < 0.5:
        data["nginx.conf"] = Lit(
            "server {\n  listen 8080;\n  location / {\n    proxy_pass http://127.0.0.1:" + str(app.port) +
            ";\n    proxy_set_header Host $host;\n  }\n\n  location /healthz {\n    return 200 'ok';\n  }\n}\n")
    elif x < 0.6:
        data["config.json"] = Lit(json.dumps({"service": app.name, "env": env, "timeouts": {"read": 30, "write": 30},
                                              "features": {"beta": r.random() < 0.5}}, indent=2) + "\n")
    elif x < 0.65:
        data["description"] = Lit(f"Configuration for {app.name} owned by team {app.team}. Values here are\n"
                                  "overridden per environment by the overlay.", folded=True)
    d["data"] = data
    return d


def b_dashboard(r, app, env, name, extra, st):
    panels = [{"id": i, "type": "timeseries", "title": f"{app.name} panel {i}",
               "targets": [{"expr": f'sum(rate(http_requests_total{{app="{app.name}",code=~"5.."}}[5m]))'}],
               "gridPos": {"h": 8, "w": 12, "x": (i % 2) * 12, "y": (i // 2) * 8}} for i in range(r.randint(20, 80))]
    m = meta(r, app, name, env, lab={"grafana_dashboard": Q("1")})
    d = head(r, "v1", "ConfigMap", m)
    d["data"] = {f"{app.name}.json": Lit(json.dumps({"title": app.name, "panels": panels}, indent=2) + "\n")}
    return d


def b_secret(r, app, env, name, extra, st):
    d = head(r, "v1", "Secret", meta(r, app, name, env), "FAKE credentials for benchmarking, not a real secret")
    x = r.random()
    if x < 0.15:
        d["type"] = "kubernetes.io/tls"
        d["data"] = {"tls.crt": b64("fake-certificate-for-benchmarks-only\n"),
                     "tls.key": b64("fake-private-key-for-benchmarks-only\n")}
    elif x < 0.25:
        d["type"] = "kubernetes.io/dockerconfigjson"
        d["data"] = {".dockerconfigjson": b64(json.dumps({"auths": {"registry.example.com": {
            "auth": b64("fake-user:fake-password")}}}))}
    else:
        d["type"] = "Opaque"
        d["data"] = {"username": b64(f"fake-{app.name}-user"),
                     "password": b64(f"fake-password-{fake_hex(r, 8)}")}
        if r.random() < 0.3:
            d["stringData"] = {"DATABASE_URL": f"postgres://fake-user:fake-password@{app.name}-db:5432/{app.name}"}
    return d


def b_secret_sops(r, app, env, name, extra, st):
    d = head(r, "v1", "Secret", meta(r, app, name, env))
    enc = lambda n: f"ENC[AES256_GCM,data:{fake_b64(r, n)},iv:{fake_b64(r, 32)},tag:{fake_b64(r, 16)},type:str]"
    d["type"] = "Opaque"
    d["stringData"] = {"username": enc(12), "password": enc(24)}
    d["sops"] = {"kms": None, "gcp_kms": None, "azure_kv": None, "hc_vault": None,
                 "age": [{"recipient": "age1fakefakefakefakefakefakefakefakefakefakefakefakefakefake",
                          "enc": Lit("-----BEGIN AGE ENCRYPTED FILE-----\n" + fake_b64(r, 48) + "\n" + fake_b64(r, 48) +
                                     "\n-----END AGE ENCRYPTED FILE-----\n")}],
                 "lastmodified": Q("2024-05-0%dT10:00:00Z" % r.randint(1, 9)),
                 "mac": f"ENC[AES256_GCM,data:{fake_b64(r, 48)},iv:{fake_b64(r, 32)},tag:{fake_b64(r, 16)},type:str]",
                 "encrypted_regex": "^(data|stringData)$", "version": "3.9.0"}
    return d


def b_sealedsecret(r, app, env, name, extra, st):
    d = head(r, "bitnami.com/v1alpha1", "SealedSecret", meta(r, app, name, env))
    d["spec"] = {"encryptedData": {"password": "AgB" + fake_b64(r, 180), "username": "AgC" + fake_b64(r, 150)},
                 "template": {"metadata": {"name": name}, "type": "Opaque"}}
    return d


def b_externalsecret(r, app, env, name, extra, st):
    d = head(r, "external-secrets.io/v1beta1", "ExternalSecret", meta(r, app, name, env))
    d["spec"] = {"refreshInterval": "1h", "secretStoreRef": {"kind": "ClusterSecretStore", "name": "vault"},
                 "target": {"name": name, "creationPolicy": "Owner"},
                 "dataFrom": [{"extract": {"key": f"{env}/{app.team}/{app.name}"}}]}
    return d


def b_secret_any(r, app, env, name, extra, st):
    x = r.random()
    if x < 0.35:
        return b_secret(r, app, env, name, extra, st)
    if x < 0.6:
        return b_secret_sops(r, app, env, name, extra, st)
    if x < 0.8:
        return b_externalsecret(r, app, env, name, extra, st)
    return b_sealedsecret(r, app, env, name, extra, st)


def b_networkpolicy(r, app, env, name, extra, st):
    d = head(r, "networking.k8s.io/v1", "NetworkPolicy", meta(r, app, name, env))
    spec = {"podSelector": {"matchLabels": {"app.kubernetes.io/name": app.name}},
            "policyTypes": ["Ingress", "Egress"] if r.random() < 0.5 else Flow(["Ingress"])}
    spec["ingress"] = [{"from": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "ingress-nginx"}}},
                                 {"podSelector": {"matchLabels": {"app.kubernetes.io/part-of": app.team}}}],
                        "ports": [{"protocol": "TCP", "port": app.port}]}]
    if r.random() < 0.5:
        spec["egress"] = [{"to": [{"ipBlock": {"cidr": "10.0.0.0/8"}}], "ports": [{"protocol": "TCP", "port": 5432}]},
                          {"ports": [{"protocol": "UDP", "port": 53}, {"protocol": "TCP", "port": 53}]}]
    d["spec"] = spec
    return d


def b_role(r, app, env, name, extra, st):
    d = head(r, "rbac.authorization.k8s.io/v1", "Role", meta(r, app, name, env))
    rules = [{"apiGroups": Flow([""]), "resources": Flow(["configmaps", "secrets"]), "verbs": Flow(["get", "list", "watch"])}]
    if r.random() < 0.3:
        rules.append({"apiGroups": ["coordination.k8s.io"], "resources": ["leases"],
                      "verbs": ["get", "create", "update"]})
    if r.random() < 0.02:
        rules.append({"apiGroups": Flow(["*"]), "resources": Flow(["*"]), "verbs": Flow(["*"])})
        problem("rbac-wildcard")
    d["rules"] = rules
    return d


def b_clusterrole(r, app, env, name, extra, st):
    d = head(r, "rbac.authorization.k8s.io/v1", "ClusterRole", meta(r, app, name, env, ns=False))
    d["rules"] = [{"apiGroups": [""], "resources": ["nodes", "nodes/metrics", "pods"], "verbs": ["get", "list", "watch"]},
                  {"nonResourceURLs": ["/metrics"], "verbs": ["get"]}]
    return d


def b_rolebinding(r, app, env, name, extra, st):
    cluster = extra and extra.get("crb")
    kind = "ClusterRoleBinding" if cluster else "RoleBinding"
    d = head(r, "rbac.authorization.k8s.io/v1", kind, meta(r, app, name, env, ns=not cluster))
    role = (extra or {}).get("role", name)
    d["roleRef"] = {"apiGroup": "rbac.authorization.k8s.io",
                    "kind": "ClusterRole" if extra and extra.get("cluster") else "Role", "name": role}
    d["subjects"] = [{"kind": "ServiceAccount", "name": app.name if app.arch != "tenant" else name,
                      "namespace": app.ns}]
    return d


def b_resourcequota(r, app, env, name, extra, st):
    d = head(r, "v1", "ResourceQuota", {"name": name, "namespace": app.ns})
    d["spec"] = {"hard": {"requests.cpu": Q(str(r.choice([8, 16, 32]))), "requests.memory": r.choice(["32Gi", "64Gi"]),
                          "limits.memory": "128Gi", "pods": Q("200")}}
    return d


def b_limitrange(r, app, env, name, extra, st):
    d = head(r, "v1", "LimitRange", {"name": name, "namespace": app.ns})
    d["spec"] = {"limits": [{"type": "Container", "default": {"cpu": "500m", "memory": "512Mi"},
                             "defaultRequest": {"cpu": "100m", "memory": "128Mi"}}]}
    return d


def b_servicemonitor(r, app, env, name, extra, st):
    d = head(r, "monitoring.coreos.com/v1", "ServiceMonitor", meta(r, app, name, env))
    d["spec"] = {"selector": {"matchLabels": {"app.kubernetes.io/name": app.name}},
                 "endpoints": [{"port": "metrics", "interval": "30s", "path": "/metrics"}]}
    return d


def b_analysistemplate(r, app, env, name, extra, st):
    d = head(r, "argoproj.io/v1alpha1", "AnalysisTemplate", meta(r, app, name, env))
    d["spec"] = {"metrics": [{"name": "success-rate", "interval": "1m", "successCondition": "result[0] >= 0.95",
                              "provider": {"prometheus": {"address": "http://prometheus.monitoring:9090",
                                                          "query": Lit(
                                                              f'sum(rate(http_requests_total{{app="{app.name}",code!~"5.."}}[5m]))\n'
                                                              f'/\nsum(rate(http_requests_total{{app="{app.name}"}}[5m]))\n')}}}]}
    return d


def b_gitrepository(r, app, env, name, extra, st):
    d = head(r, "source.toolkit.fluxcd.io/v1", "GitRepository", {"name": name, "namespace": "flux-system"})
    d["spec"] = {"interval": "1m0s", "ref": {"branch": "main"}, "secretRef": {"name": "flux-system"},
                 "url": "ssh://git@github.com/example-org/fleet-infra"}
    return d


def b_flux_ks(r, app, env, name, extra, st):
    m = {"name": name, "namespace": "flux-system"}
    d = head(r, "kustomize.toolkit.fluxcd.io/v1", "Kustomization", m)
    spec = {"interval": r.choice(["10m", "10m0s", "30m", "1h"])}
    deps = (extra or {}).get("depends")
    if deps:
        spec["dependsOn"] = [{"name": x} for x in deps]
    if r.random() < 0.3:
        spec["retryInterval"] = "1m"
    spec["path"] = (extra or {}).get("path", f"./apps/{env}")
    spec["prune"] = True
    spec["sourceRef"] = {"kind": "GitRepository", "name": "flux-system"}
    if app is not None:
        spec["targetNamespace"] = app.ns
        if r.random() < 0.5:
            spec["wait"] = r.random() < 0.5
        if r.random() < 0.4:
            spec["decryption"] = {"provider": "sops", "secretRef": {"name": "sops-age"}}
        if r.random() < 0.3:
            spec["postBuild"] = {"substitute": {"APP_NAME": app.name, "CLUSTER_ENV": env,
                                                "REPLICAS": Q(str(r.choice([1, 2, 3])))},
                                 "substituteFrom": [{"kind": "ConfigMap", "name": "cluster-settings"}]}
        if r.random() < 0.2:
            spec["healthChecks"] = [{"apiVersion": "apps/v1", "kind": "Deployment", "name": app.name,
                                     "namespace": app.ns}]
    spec["timeout"] = "5m"
    d["spec"] = spec
    return d


def b_helmrepository(r, app, env, name, extra, st):
    chart, url = (app.chart[0], app.chart[1]) if app.arch == "controller" else (app.chart[0], app.chart[1])
    d = head(r, "source.toolkit.fluxcd.io/v1", "HelmRepository", {"name": name, "namespace": "flux-system"})
    spec = {"interval": "24h", "url": url}
    if url.startswith("oci://"):
        spec["type"] = "oci"
    d["spec"] = spec
    return d


def b_helmrelease(r, app, env, name, extra, st):
    if app.arch == "controller":
        chart, ver = app.chart[0], app.version
    else:
        chart, ver = app.chart[0], app.chart[2]
    d = head(r, "helm.toolkit.fluxcd.io/v2", "HelmRelease", {"name": name, "namespace": app.ns})
    img = app.image or f"registry.example.com/{name}"
    values = {"replicaCount": r.choice([1, 2, 3]),
              "image": {"repository": img, "tag": Q(app.version) if r.random() < 0.96 else "latest"},
              "resources": resources(r) or {},
              "podSecurityContext": {"runAsNonRoot": True, "fsGroup": 1000} if r.random() < 0.7 else {},
              "serviceMonitor": {"enabled": r.random() < 0.5}}
    if r.random() < 0.4:
        values["ingress"] = {"enabled": True, "className": "nginx",
                             "hosts": [{"host": f"{name}.{env or 'example'}.example.com",
                                        "paths": [{"path": "/", "pathType": "Prefix"}]}]}
    if st.get("anchors") and r.random() < 0.5:
        values["resources"] = Anchor("res", values["resources"] or {"requests": {"cpu": "100m"}})
        values["metrics"] = {"resources": {"<<": Alias("res", values["resources"].value), "limits": {"memory": "256Mi"}}}
    spec = {"interval": r.choice(["30m", "1h", "15m"]),
            "chart": {"spec": {"chart": chart, "version": Q(ver) if r.random() < 0.3 else ver,
                               "sourceRef": {"kind": "HelmRepository", "name": name if app.arch == "controller" else name,
                                             "namespace": "flux-system"},
                               "interval": "12h"}},
            "install": {"createNamespace": True, "remediation": {"retries": 3}},
            "upgrade": {"cleanupOnFail": True, "remediation": {"retries": 3, "remediateLastFailure": True}}}
    if r.random() < 0.3:
        spec["valuesFrom"] = [{"kind": "ConfigMap", "name": f"{name}-values", "valuesKey": "values.yaml"}]
    spec["values"] = values
    d["spec"] = spec
    return d


def b_clusterissuer(r, app, env, name, extra, st):
    d = head(r, "cert-manager.io/v1", "ClusterIssuer", {"name": name})
    server = "https://acme-staging-v02.api.letsencrypt.org/directory" if "staging" in name else \
        "https://acme-v02.api.letsencrypt.org/directory"
    d["spec"] = {"acme": {"email": "platform@example.com", "server": server,
                          "privateKeySecretRef": {"name": name},
                          "solvers": [{"http01": {"ingress": {"ingressClassName": "nginx"}}}]}}
    return d


def b_storageclass(r, app, env, name, extra, st):
    d = head(r, "storage.k8s.io/v1", "StorageClass", {"name": name})
    d["provisioner"] = "ebs.csi.aws.com"
    d["parameters"] = {"type": "gp3", "encrypted": Q("true")}
    d["reclaimPolicy"] = "Retain"
    d["allowVolumeExpansion"] = True
    d["volumeBindingMode"] = "WaitForFirstConsumer"
    return d


# --------------------------------------------------------------------------------------
# Non-object files
# --------------------------------------------------------------------------------------


def t_root_readme(r, plan):
    return ("# fleet-infra\n\nSynthetic Flux GitOps repository generated by kubegate's `scripts/gen_synthetic.py`\n"
            "for benchmarking. Every secret value in it is fake.\n\n"
            "- `clusters/<env>/`: Flux entry points per cluster\n"
            "- `infrastructure/`: controllers installed with Helm\n"
            "- `apps/base/<app>/` and `apps/<env>/<app>/`: workloads and their per-environment settings\n")


def t_sops_config(r, plan):
    return ("creation_rules:\n  - path_regex: .*/apps/.*\\.yaml\n    encrypted_regex: ^(data|stringData)$\n"
            "    age: age1fakefakefakefakefakefakefakefakefakefakefakefakefakefake\n")


def t_app_readme(r, path):
    app = path.split("/")[2]
    return (f"# {app}\n\nOwned by the team named in the `team` label. Deployed by Flux from "
            f"`apps/<env>/{app}`.\n\n## Runbook\n\n1. Check the pods: `kubectl -n <ns> get pods -l "
            f"app.kubernetes.io/name={app}`\n2. Look at the dashboard `{app}` in Grafana.\n")


def t_env_example(r, path):
    app = path.split("/")[2].upper().replace("-", "_")
    return (f"# Copy to .env for local development. FAKE values only.\n{app}_PORT=8080\n"
            f"{app}_DATABASE_URL=postgres://fake-user:fake-password@localhost:5432/dev\n"
            f"{app}_API_KEY=fake-api-key-for-local-dev\nLOG_LEVEL=debug\n")


def t_values(r, path):
    app = path.split("/")[2]
    return (f"# Default values for {app}.\nreplicaCount: 2\nimage:\n  repository: ghcr.io/example-org/{app}\n"
            f"  tag: \"\"\n  pullPolicy: IfNotPresent\nservice:\n  type: ClusterIP\n  port: 80\n"
            f"resources: {{}}\nnodeSelector: {{}}\ntolerations: []\naffinity: {{}}\n")


def t_note(r, path):
    return f"# Note\n\nOperational note {os.path.basename(path)[:5]} for the platform team.\n"


def t_flux_system_kustomization(r, path, siblings):
    res = "".join(f"- {s}\n" for s in siblings)
    return f"apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n{res}"


def t_base_kustomization(r, path, siblings):
    res = "".join(f"  - {s}\n" for s in siblings)
    lab = "labels:\n  - pairs:\n      app.kubernetes.io/managed-by: kustomize\n" if r.random() < 0.5 else ""
    return f"apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n{res}{lab}"


def t_overlay_kustomization(r, path, siblings, patch_present, app: App):
    env = path.split("/")[1]
    res = [f"../../base/{app.name}"] + siblings
    kind = {"db": "StatefulSet", "agent": "DaemonSet", "batch": "CronJob", "rollout": "Rollout"}.get(app.arch, "Deployment")
    out = ["apiVersion: kustomize.config.k8s.io/v1beta1", "kind: Kustomization"]
    if r.random() < 0.5:
        out.append(f"namespace: {app.ns}")
    out.append("resources:")
    out.extend(f"  - {x}" for x in res)
    patches = []
    if patch_present:
        patches.append("  - path: patch-resources.yaml")
    if r.random() < 0.6 and kind not in ("DaemonSet", "CronJob"):
        patches.append(f"  - target:\n      kind: {kind}\n      name: " + app.name +
                       "\n    patch: |-\n      - op: replace\n        path: /spec/replicas\n        value: " +
                       str(r.choice([1, 2, 3, 5])))
    if patches:
        out.append("patches:")
        out.extend(patches)
    if r.random() < 0.5:
        out.append(f"images:\n  - name: {app.image}\n    newTag: {env}-{r.randint(100, 999)}")
    return "\n".join(out) + "\n"


def t_patch(r, app, kind):
    api = "argoproj.io/v1alpha1" if kind == "Rollout" else "apps/v1"
    return (f"apiVersion: {api}\nkind: {kind}\nmetadata:\n  name: {app.name}\nspec:\n  template:\n    spec:\n"
            f"      containers:\n        - name: {app.name}\n          resources:\n            requests:\n"
            f"              cpu: {r.choice(['200m', '500m'])}\n              memory: 512Mi\n")


# --------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------

SEPARATORS = ["---\n", "---\n", "---\n", "--- # next\n", "---\n# ----\n", "\n---\n"]


def render_manifest(r: random.Random, f: FileSpec, st: dict) -> str:
    if f.json:
        objs = [to_plain(d.builder(r, d.app, d.env, d.name, d.extra, {})) for d in f.docs]
        if len(objs) == 1:
            return json.dumps(objs[0], indent=2) + "\n"
        return json.dumps({"apiVersion": "v1", "kind": "List", "items": objs}, indent=2) + "\n"
    em = Emitter(r, st["seq_indent"], st["quote_p"], st["quote_char"])
    parts = []
    if r.random() < 0.15:
        parts.append(r.choice(["# yaml-language-server: $schema=https://kubernetes-schemas.example.com/all.json\n",
                               "# Managed by the platform team. Changes need a review from #platform.\n",
                               "# Source: generated by kubegate gen_synthetic.py\n"]))
    if r.random() < 0.3 or parts:
        parts.append("---\n")
    for i, d in enumerate(f.docs):
        if i:
            if r.random() < 0.01:
                parts.append("...\n")
            parts.append(SEPARATORS[r.randrange(len(SEPARATORS))] if st["sep_varied"] else "---\n")
        obj = d.builder(r, d.app, d.env, d.name, d.extra, st)
        parts.append(em.document(obj))
    if f.docs and r.random() < 0.05:
        parts.append("---\n")  # a trailing separator: an empty last document
    return "".join(parts)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, required=True, help="exact number of Kubernetes objects to write")
    ap.add_argument("--out", required=True, help="output directory (created; must be empty or absent)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--files", type=int, help="exact number of manifest files (files holding objects)")
    g.add_argument("--files-total", type=int, help="exact number of files of any kind")
    ap.add_argument("--envs", type=int, default=3, help=f"environments (1..{len(ENVS)}, default 3)")
    ap.add_argument("--kustomize-fraction", type=float, default=0.12,
                    help="share of apps built with kustomize overlays (default 0.12)")
    ap.add_argument("--force", action="store_true", help="write into a non-empty --out")
    ap.add_argument("--json", action="store_true", help="print the summary as JSON")
    a = ap.parse_args(argv)
    if a.docs < 1:
        ap.error("--docs must be at least 1")
    if not 1 <= a.envs <= len(ENVS):
        ap.error(f"--envs must be in 1..{len(ENVS)}")
    if os.path.isdir(a.out) and os.listdir(a.out) and not a.force:
        ap.error(f"{a.out} is not empty (use --force to write into it anyway)")

    t0 = time.perf_counter()
    PROBLEM_COUNTS.clear()
    p = Planner(a.docs, a.seed, a.envs, a.kustomize_fraction)
    p.plan()
    target = a.files if a.files is not None else a.files_total
    if target is not None:
        if target < 1:
            ap.error("the number of files must be at least 1")
        adjust_files(p, target, count_all=a.files is None)

    for f in p.files:
        if f.json and f.docs is not None and len(f.docs) == 1 and f.path.endswith(".yaml"):
            f.path = f.path[:-5] + ".json"
        else:
            f.json = False
    # siblings for kustomization files (computed on the final plan)
    manifests_by_dir: dict[str, list[str]] = {}
    patch_dirs = set()
    for f in p.files:
        d = os.path.dirname(f.path)
        if f.docs is not None:
            manifests_by_dir.setdefault(d, []).append(os.path.basename(f.path))
        elif f.role == "patch":
            patch_dirs.add(d)

    r = random.Random(a.seed * 7919 + 17)
    made_dirs = set()
    n_files = n_docs = n_bytes = 0
    roles: dict[str, int] = {}
    for f in p.files:
        if f.docs is not None:
            if not f.docs:
                continue
            st = {"seq_indent": r.random() < 0.6, "quote_p": r.choice([0.0, 0.0, 0.0, 0.05, 0.15]),
                  "quote_char": '"' if r.random() < 0.7 else "'", "anchors": r.random() < 0.06,
                  "sep_varied": r.random() < 0.4}
            text = render_manifest(r, f, st)
            if not f.json and r.random() < 0.0005:
                text = "\ufeff" + text  # a byte-order mark, as some editors write
            n_docs += len(f.docs)
        elif f.role == "kustomization":
            d = os.path.dirname(f.path)
            sib = sorted(manifests_by_dir.get(d, []))
            if "/apps/" in "/" + f.path and f.path.startswith("apps/") and not f.path.startswith("apps/base/"):
                text = t_overlay_kustomization(r, f.path, sib, d in patch_dirs, f.text)
            elif f.path.startswith("apps/base/"):
                text = t_base_kustomization(r, f.path, sib)
            else:
                text = t_flux_system_kustomization(r, f.path, sib)
        else:
            text = f.text(r, f.path)
        full = os.path.join(a.out, f.path)
        d = os.path.dirname(full)
        if d not in made_dirs:
            os.makedirs(d, exist_ok=True)
            made_dirs.add(d)
        data = text.encode("utf-8")
        with open(full, "wb") as fh:
            fh.write(data)
        n_files += 1
        n_bytes += len(data)
        roles[f.role] = roles.get(f.role, 0) + 1
    elapsed = time.perf_counter() - t0
    if n_docs != a.docs:
        print(f"internal error: wrote {n_docs} documents, asked for {a.docs}", file=sys.stderr)
        return 2
    summary = {"files": n_files, "documents": n_docs, "bytes": n_bytes,
               "manifest_files": roles.get("manifest", 0), "kustomization_files": roles.get("kustomization", 0),
               "patch_files": roles.get("patch", 0), "other_files": roles.get("text", 0),
               "problems": dict(sorted(PROBLEM_COUNTS.items())), "seconds": round(elapsed, 2)}
    if a.json:
        print(json.dumps(summary))
    else:
        print(f"files: {n_files}")
        print(f"documents: {n_docs}")
        print(f"bytes: {n_bytes}")
        print(f"  manifest files {summary['manifest_files']}, kustomization files {summary['kustomization_files']}, "
              f"patch files {summary['patch_files']}, other files {summary['other_files']}")
        print("  injected problems: " + ", ".join(f"{k} {v}" for k, v in summary["problems"].items()))
        print(f"  generated in {elapsed:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
