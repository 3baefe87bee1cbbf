//! Builtins that real conftest and Gatekeeper policies call and regorus lacks (or gets
//! wrong), added as regorus extensions: the deprecated `re_match`, `any`, `all`; OPA's
//! `sprintf` (Go formatting, `%!v(MISSING)` instead of an error); conftest's
//! `parse_config`, `parse_config_file`, `parse_combined_config_files`.
//! Extensions shadow builtins of the same name in regorus, so `sprintf` here replaces its own.

use regorus::Value;

use super::gofmt::{Arg, sprintf};
use super::{Error, Result};

fn elements(v: &Value) -> Option<Vec<Value>> {
    match v {
        Value::Array(a) => Some(a.iter().cloned().collect()),
        Value::Set(s) => Some(s.iter_sorted().cloned().collect()),
        _ => None,
    }
}

fn ext_re_match(args: Vec<Value>) -> anyhow::Result<Value> {
    let (Value::String(pat), Value::String(s)) = (&args[0], &args[1]) else {
        return Ok(Value::Undefined);
    };
    match regex::Regex::new(pat) {
        Ok(re) => Ok(Value::Bool(re.is_match(s))),
        Err(e) => Err(anyhow::anyhow!("re_match: {e}")),
    }
}

fn ext_any(args: Vec<Value>) -> anyhow::Result<Value> {
    Ok(match elements(&args[0]) {
        Some(items) => Value::Bool(items.contains(&Value::Bool(true))),
        None => Value::Undefined,
    })
}

fn ext_all(args: Vec<Value>) -> anyhow::Result<Value> {
    Ok(match elements(&args[0]) {
        Some(items) => Value::Bool(items.iter().all(|v| *v == Value::Bool(true))),
        None => Value::Undefined,
    })
}

fn ext_sprintf(args: Vec<Value>) -> anyhow::Result<Value> {
    let Value::String(fmt) = &args[0] else {
        return Ok(Value::Undefined);
    };
    let Some(items) = elements(&args[1]) else {
        return Ok(Value::Undefined);
    };
    let items: Vec<Arg> = items.iter().map(Arg::from_value).collect();
    Ok(Value::from(sprintf(fmt, &items)))
}

/// conftest's `parse_config(parser, content)`: yaml and json only here.
fn parse_config_text(parser: &str, content: &str, origin: &str) -> anyhow::Result<Value> {
    let v = super::input::parse_text(parser, content, origin).map_err(|e| anyhow::anyhow!(e.0))?;
    Ok(Value::from(v))
}

fn ext_parse_config(args: Vec<Value>) -> anyhow::Result<Value> {
    let (Value::String(parser), Value::String(content)) = (&args[0], &args[1]) else {
        return Ok(Value::Undefined);
    };
    parse_config_text(parser, content, "parse_config")
}

/// `dir` is the directory of the calling policy file (see `rewrite`).
fn read_config_file(dir: &str, path: &str) -> anyhow::Result<Value> {
    let full = std::path::Path::new(dir).join(path);
    let shown = super::engine::display_path(&full);
    let parser = super::input::parser_for_path(&full)
        .ok_or_else(|| anyhow::anyhow!("parse_config_file: unknown parser for {shown}"))?;
    let text = std::fs::read_to_string(&full).map_err(|e| {
        anyhow::anyhow!("read config file {shown}: open {shown}: {}", super::io_error_text(&e))
    })?;
    parse_config_text(parser, &text, &shown)
}

fn ext_parse_config_file(args: Vec<Value>) -> anyhow::Result<Value> {
    let (Value::String(dir), Value::String(path)) = (&args[0], &args[1]) else {
        return Ok(Value::Undefined);
    };
    read_config_file(dir, path)
}

fn ext_parse_combined_config_files(args: Vec<Value>) -> anyhow::Result<Value> {
    let Value::String(dir) = &args[0] else {
        return Ok(Value::Undefined);
    };
    let Some(paths) = elements(&args[1]) else {
        return Ok(Value::Undefined);
    };
    let mut out = Vec::new();
    for p in paths {
        let Value::String(path) = &p else { continue };
        let parsed = read_config_file(dir, path)?;
        let docs = match &parsed {
            Value::Array(a) => a.iter().cloned().collect(),
            other => vec![other.clone()],
        };
        for d in docs {
            let mut m = std::collections::BTreeMap::new();
            m.insert(Value::from("path"), Value::from(path.to_string()));
            m.insert(Value::from("contents"), d);
            out.push(Value::from(m));
        }
    }
    Ok(Value::from(out))
}

/// conftest's `opa.runtime()`: `{env: <process environment>, version, commit}` (regorus'
/// own has no `env`, which policies read, e.g. `opa.runtime().env.CLUSTER`).
fn ext_opa_runtime(_args: Vec<Value>) -> anyhow::Result<Value> {
    let env: std::collections::BTreeMap<Value, Value> =
        std::env::vars().map(|(k, v)| (Value::from(k), Value::from(v))).collect();
    let mut m = std::collections::BTreeMap::new();
    m.insert(Value::from("env"), Value::from(env));
    m.insert(Value::from("version"), Value::from(concat!("kubegate-", env!("CARGO_PKG_VERSION"))));
    m.insert(Value::from("commit"), Value::from(""));
    Ok(Value::from(m))
}

type Ext = fn(Vec<Value>) -> anyhow::Result<Value>;

/// (name, number of arguments, implementation). The `kubegate_` ones are what
/// `rewrite` turns conftest's file builtins into (with the policy's directory first).
pub const EXTENSIONS: &[(&str, u8, Ext)] = &[
    ("re_match", 2, ext_re_match),
    ("any", 1, ext_any),
    ("all", 1, ext_all),
    ("sprintf", 2, ext_sprintf),
    ("parse_config", 2, ext_parse_config),
    ("opa.runtime", 0, ext_opa_runtime),
    ("kubegate_parse_config_file", 2, ext_parse_config_file),
    ("kubegate_parse_combined_config_files", 2, ext_parse_combined_config_files),
];

/// Adds every extension to a fresh engine. Without `strict`, an extension's error makes
/// the call undefined, as OPA treats builtin errors (`--show-builtin-errors` sets `strict`).
pub fn register(engine: &mut regorus::Engine, strict: bool) -> Result<()> {
    for (name, nargs, f) in EXTENSIONS {
        let f = *f;
        let ext = move |args: Vec<Value>| match f(args) {
            Ok(v) => Ok(v),
            Err(e) if strict => Err(e),
            Err(_) => Ok(Value::Undefined),
        };
        engine
            .add_extension(name.to_string(), *nargs, Box::new(ext))
            .map_err(|e| Error::new(format!("register builtin {name}: {e}")))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::engine::{EngineOptions, PolicyEngine};

    fn eval(policy: &str, rule: &str) -> String {
        let e = PolicyEngine::from_sources(vec![("p.rego".into(), policy.into())], &EngineOptions::default())
            .unwrap();
        let mut w = e.worker();
        w.eval_rule(format!("data.main.{rule}")).unwrap().to_json_str().unwrap().replace(['\n', ' '], "")
    }

    #[test]
    fn deprecated_builtins_work_in_v0_policies() {
        let p = "package main\n\
                 a { re_match(\"^nginx:[0-9.]+$\", \"nginx:1.25\") }\n\
                 b { not re_match(\"^nginx\", \"redis\") }\n\
                 c { any([false, true]) }\n\
                 d { not any([false]) }\n\
                 e { all([true, true]) }\n\
                 f { not all([true, false]) }\n\
                 g { all([]) }\n";
        for r in ["a", "b", "c", "d", "e", "f", "g"] {
            assert_eq!(eval(p, r), "true", "rule {r}");
        }
    }

    #[test]
    fn sprintf_prints_missing_arguments_like_opa() {
        let p = "package main\nx := sprintf(\"min %v max %v\", [1])\ny := sprintf(\"%-4s|%.1f\", [\"ab\", 2.26])\n";
        assert_eq!(eval(p, "x"), "\"min1max%!v(MISSING)\"");
        // Padding spaces are stripped by `eval`; gofmt's tests check them.
        assert_eq!(eval(p, "y"), "\"ab|2.3\"");
    }

    #[test]
    fn opa_runtime_exposes_the_environment() {
        let p = "package main\nx := opa.runtime().env.PATH\ny := startswith(opa.runtime().version, \"kubegate-\")\n";
        let path = std::env::var("PATH").unwrap();
        assert_eq!(eval(p, "x"), format!("{:?}", path).replace(' ', ""));
        assert_eq!(eval(p, "y"), "true");
    }

    #[test]
    fn parse_config_reads_yaml_like_kubernetes() {
        let p = "package main\nx := parse_config(\"yaml\", \"a: yes\\nb: 0644\\n\")\n";
        assert_eq!(eval(p, "x"), r#"{"a":true,"b":420}"#);
    }
}
