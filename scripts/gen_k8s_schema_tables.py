#!/usr/bin/env python3
"""Generate src/rules/schema/tables.rs from the k8s-openapi crate source.

K8S156 walks each object against a table of the k8s-openapi types (field names, field
types, required fields) instead of building the typed structs: building them cost about as
much as all the other default rules together. This script reads, for one `v1_N` module:

- every generated struct with k8s-openapi's usual `Deserialize` (a `Field` enum mapping JSON
  names to `Key_<rust field>`, then `deserialize_struct`), its Rust field types, and the
  `required` list of its schemars code (k8s-openapi's deserializers do not enforce it);
- the kinds that are top-level objects (`impl crate::Resource` with `ObjectMeta` metadata).

A field of any other type (Quantity, Time, IntOrString, ByteString, RawExtension, JSON, ...)
is a leaf the walker hands to that type's own `Deserialize` (exact behaviour, tiny values).

Usage: python3 scripts/gen_k8s_schema_tables.py ~/.cargo/registry/src/*/k8s-openapi-0.29.0 v1_37 \\
         > src/rules/schema/tables.rs && cargo fmt
"""
import os
import re
import sys

root, version = sys.argv[1], sys.argv[2]
base = os.path.join(root, "src", version)

impl_re = re.compile(r"^impl<'de> crate::serde::Deserialize<'de> for (\w+) \{$", re.M)
name_re = re.compile(r'deserializer\.deserialize_struct\(\s*(?:"([^"]+)"|(<Self as crate::Resource>::KIND)),\s*&\[(.*?)\]', re.S)
value_re = re.compile(r"let mut value_(\w+): (.+?) = None;")
map_re = re.compile(r'"((?:[^"\\]|\\.)*)" => Field::Key_(\w+),')
req_re = re.compile(r'"required":\s*\[(.*?)\]', re.S)
str_re = re.compile(r'"((?:[^"\\]|\\.)*)"')
res_re = re.compile(
    r'impl crate::Resource for (\w+) \{\s*const API_VERSION: &\'static str = "([^"]+)";.*?const KIND: &\'static str = "([^"]+)";',
    re.S,
)
meta_re = re.compile(r'impl crate::Metadata for (\w+) \{\s*type Ty = crate::apimachinery::pkg::apis::meta::v1::ObjectMeta;')

structs = {}  # rust path -> dict(name, fields, types (rust type per JSON field), required)
kinds = []  # (api_version, kind, rust path)
for dirpath, _, files in os.walk(base):
    for f in sorted(files):
        if not f.endswith(".rs") or f == "mod.rs":
            continue
        path = os.path.join(dirpath, f)
        src = open(path).read()
        module = os.path.relpath(path, base)[:-3].split(os.sep)[:-1]
        resources = res_re.findall(src)
        starts = [m.start() for m in impl_re.finditer(src)] + [len(src)]
        for m, end in zip(impl_re.finditer(src), starts[1:]):
            ty = m.group(1)
            block = src[m.start():end]
            nm = name_re.search(block)
            if nm is None:
                continue  # a hand-written Deserialize: a leaf
            name = nm.group(1) or next(k for t, _, k in resources if t == ty)
            json_fields = str_re.findall(nm.group(3))
            to_rust = dict(map_re.findall(block))
            # What each field is deserialized as: `let mut value_<field>: Option<T> = None;`
            # (a required field too: k8s-openapi takes null or absent as the default).
            locals_ = dict(value_re.findall(block))
            types = []
            for jf in json_fields:
                rust = to_rust[jf]
                # A top-level kind's apiVersion and kind are checked strings, not stored.
                types.append(locals_.get(rust, "std::string::String"))
            rm = req_re.search(src)
            required = str_re.findall(rm.group(1)) if rm else []
            if nm.group(2):
                # k8s-openapi adds `metadata` to every kind; a missing name is not a type question.
                required = [r for r in required if r != "metadata"]
            required = [r for r in required if r in json_fields]
            structs["::".join(module + [ty])] = dict(name=name, fields=json_fields, types=types, required=required)
        metas = set(meta_re.findall(src))
        for ty, av, kind in resources:
            # Alpha APIs are off unless a cluster enables them: not checked.
            if ty not in metas or "alpha" in av:
                continue
            kinds.append((av, kind, "::".join(module + [ty])))

# Trim what GitOps repositories do not hold, to keep the binary small: a beta version of a
# kind that also has a GA version, and request/review objects that are only ever sent to
# the API, never applied.
NOT_APPLIED = {
    "Binding", "ComponentStatus", "Eviction", "LocalSubjectAccessReview", "Scale",
    "SelfSubjectAccessReview", "SelfSubjectReview", "SelfSubjectRulesReview",
    "SubjectAccessReview", "TokenRequest", "TokenReview",
}
ga = {(av.split("/")[0] if "/" in av else "", k) for av, k, _ in kinds if "beta" not in av}
kinds = [
    (av, k, p) for av, k, p in kinds
    if k not in NOT_APPLIED and not ("beta" in av and ((av.split("/")[0], k) in ga))
]
kinds.sort()


def split_args(s):
    depth, cur, out = 0, "", []
    for ch in s:
        if ch == "<":
            depth += 1
        elif ch == ">":
            depth -= 1
        if ch == "," and depth == 0:
            out.append(cur.strip())
            cur = ""
        else:
            cur += ch
    out.append(cur.strip())
    return out


def generic(t, prefix):
    if t.startswith(prefix + "<") and t.endswith(">"):
        return split_args(t[len(prefix) + 1:-1])
    return None


def refs(t):
    """The struct paths a Rust field type mentions."""
    return [p for p in re.findall(r"crate::([A-Za-z0-9_:]+)", t) if p in structs]


# Keep the structs reachable from the kept kinds.
keep, todo = set(), [p for _, _, p in kinds]
while todo:
    p = todo.pop()
    if p in keep:
        continue
    keep.add(p)
    for t in structs[p]["types"]:
        todo.extend(refs(t))

# Sorted by name, then fields (de.rs looks required fields up by both), then path.
order = sorted(keep, key=lambda p: (structs[p]["name"], structs[p]["fields"], p))
index = {p: i for i, p in enumerate(order)}
leaves = set()


def ty(t):
    if (a := generic(t, "Option")) is not None:
        return "Ty::Opt(&%s)" % ty(a[0])
    if (a := generic(t, "std::vec::Vec")) is not None:
        return "Ty::List(&%s)" % ty(a[0])
    if (a := generic(t, "std::collections::BTreeMap")) is not None:
        assert a[0] == "std::string::String", t
        return "Ty::Map(&%s)" % ty(a[1])
    if (a := generic(t, "std::boxed::Box")) is not None:
        return ty(a[0])
    simple = {"std::string::String": "Ty::Str", "bool": "Ty::Bool", "i32": "Ty::I32", "i64": "Ty::I64", "f64": "Ty::F64"}
    if t in simple:
        return simple[t]
    assert t.startswith("crate::"), t
    p = t[len("crate::"):]
    if p in index:
        return "Ty::Struct(%d)" % index[p]
    leaves.add(p)
    return "Ty::Leaf(leaf::<k8s_openapi::%s>)" % p


q = lambda xs: ", ".join('"%s"' % x for x in xs)
out = []
out.append("//! Generated by scripts/gen_k8s_schema_tables.py from k8s-openapi (%s); do not edit.\n" % version)
out.append("//! The k8s-openapi structs reachable from the checked kinds (JSON field names, their types,\n")
out.append("//! the required ones) and the top-level kinds.\n\n")
out.append("use super::walk::{Struct, Ty, leaf};\n\n")
out.append("/// Every struct, sorted by name then fields.\n")
out.append("pub static STRUCTS: &[Struct] = &[\n")
for p in order:
    s = structs[p]
    out.append("    // %s\n" % p)
    out.append("    Struct { name: \"%s\", fields: &[%s], types: &[%s], required: &[%s] },\n"
               % (s["name"], q(s["fields"]), ", ".join(ty(t) for t in s["types"]), q(s["required"])))
out.append("];\n\n")
out.append("/// The checked kinds: (apiVersion, kind, index into `STRUCTS`), sorted.\n")
out.append("pub static KINDS: &[(&str, &str, u16)] = &[\n")
for av, kind, p in kinds:
    out.append('    ("%s", "%s", %d),\n' % (av, kind, index[p]))
out.append("];\n\n")
out.append("/// Calls `$m!` with every top-level kind: `apiVersion, kind => type path` (the typed\n")
out.append("/// walk the tests compare the table walk with).\n")
out.append("#[cfg(test)]\nmacro_rules! for_each_kind {\n    ($m:ident) => {\n        $m! {\n")
for av, kind, p in kinds:
    out.append('            "%s", "%s" => %s;\n' % (av, kind, p))
out.append("        }\n    };\n}\n#[cfg(test)]\npub(crate) use for_each_kind;\n")
sys.stdout.write("".join(out))
sys.stderr.write("%d structs, %d kinds, leaves: %s\n" % (len(order), len(kinds), ", ".join(sorted(leaves))))
