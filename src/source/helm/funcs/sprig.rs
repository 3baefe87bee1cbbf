//! The Sprig v3 functions Helm charts call (strings, lists, dicts, math, encodings,
//! regular expressions, semver, type tests), with Sprig's conversions (`strval`,
//! `cast.ToInt64`) and mergo's merge rules. Random and crypto functions are stand-ins
//! that produce values of the right shape.

use std::cell::Cell;
use std::collections::BTreeMap;

use super::gofmt::quote as go_quote;
use super::{arg_int, arg_list, arg_str, strval, to_f64, to_i64, want, want_at_least};
use crate::source::helm::template::exec::{Engine, FResult, FuncError};
use crate::source::helm::template::value::{ObjKind, Value};

fn s(v: String) -> FResult {
    Ok(Value::string(v))
}

pub fn call(engine: &mut Engine, name: &str, a: &[Value]) -> Option<FResult> {
    let max_list = engine.limits().max_list;
    Some(match name {
        "hello" => s("Hello!".into()),
        // strings
        "trim" => one_str(name, a, |x| x.trim_matches(is_go_space).to_string()),
        "upper" => one_str(name, a, |x| x.to_uppercase()),
        "lower" => one_str(name, a, |x| x.to_lowercase()),
        "title" => one_str(name, a, title),
        "untitle" => one_str(name, a, untitle),
        "nospace" => one_str(name, a, |x| x.chars().filter(|c| !c.is_whitespace()).collect()),
        "swapcase" => one_str(name, a, |x| {
            x.chars()
                .map(|c| {
                    if c.is_uppercase() {
                        c.to_lowercase().collect::<String>()
                    } else {
                        c.to_uppercase().collect()
                    }
                })
                .collect()
        }),
        "snakecase" => one_str(name, a, |x| delimit_case(x, '_')),
        "kebabcase" => one_str(name, a, |x| delimit_case(x, '-')),
        "camelcase" => one_str(name, a, camelcase),
        "initials" => one_str(name, a, |x| x.split_whitespace().filter_map(|w| w.chars().next()).collect()),
        "trimAll" | "trimall" => two_str(name, a, |cut, x| x.trim_matches(|c| cut.contains(c)).to_string()),
        "trimSuffix" => two_str(name, a, |suf, x| x.strip_suffix(suf).unwrap_or(x).to_string()),
        "trimPrefix" => two_str(name, a, |pre, x| x.strip_prefix(pre).unwrap_or(x).to_string()),
        "contains" => want(name, a, 2).and_then(|_| Ok(Value::Bool(arg_str(&a[1])?.contains(arg_str(&a[0])?)))),
        "hasPrefix" => want(name, a, 2).and_then(|_| Ok(Value::Bool(arg_str(&a[1])?.starts_with(arg_str(&a[0])?)))),
        "hasSuffix" => want(name, a, 2).and_then(|_| Ok(Value::Bool(arg_str(&a[1])?.ends_with(arg_str(&a[0])?)))),
        "quote" => s(a
            .iter()
            .filter(|v| !v.is_nil())
            .map(|v| go_quote(&strval(v)))
            .collect::<Vec<_>>()
            .join(" ")),
        "squote" => s(a
            .iter()
            .filter(|v| !v.is_nil())
            .map(|v| format!("'{}'", strval(v)))
            .collect::<Vec<_>>()
            .join(" ")),
        "cat" => s(a.iter().filter(|v| !v.is_nil()).map(strval).collect::<Vec<_>>().join(" ")),
        "indent" => want(name, a, 2).and_then(|_| s(indent(arg_int(&a[0])?, arg_str(&a[1])?))),
        "nindent" => want(name, a, 2).and_then(|_| s(format!("\n{}", indent(arg_int(&a[0])?, arg_str(&a[1])?)))),
        "replace" => want(name, a, 3).and_then(|_| {
            let (old, new, src) = (arg_str(&a[0])?, arg_str(&a[1])?, arg_str(&a[2])?);
            s(go_replace(src, old, new))
        }),
        "repeat" => want(name, a, 2).and_then(|_| {
            let n = arg_int(&a[0])?;
            let x = arg_str(&a[1])?;
            if n < 0 {
                return Err(FuncError::Msg("strings: negative Repeat count".into()));
            }
            if x.len().saturating_mul(n as usize) > 64 << 20 {
                return Err(FuncError::Msg("repeat: result too large".into()));
            }
            s(x.repeat(n as usize))
        }),
        "trunc" => want(name, a, 2).and_then(|_| {
            let c = arg_int(&a[0])?;
            let x = arg_str(&a[1])?;
            let b = x.as_bytes();
            let n = b.len() as i64;
            let out = if c < 0 && n + c > 0 {
                &b[(n + c) as usize..]
            } else if c >= 0 && n > c {
                &b[..c as usize]
            } else {
                b
            };
            s(String::from_utf8_lossy(out).into_owned())
        }),
        "substr" => want(name, a, 3).and_then(|_| {
            let (st, en) = (arg_int(&a[0])?, arg_int(&a[1])?);
            let x = arg_str(&a[2])?.as_bytes();
            let n = x.len() as i64;
            let out = if st < 0 {
                &x[..en.clamp(0, n) as usize]
            } else if en < 0 || en > n {
                &x[st.min(n) as usize..]
            } else {
                &x[st.min(en) as usize..en as usize]
            };
            s(String::from_utf8_lossy(out).into_owned())
        }),
        "abbrev" => want(name, a, 2).and_then(|_| {
            let w = arg_int(&a[0])?;
            let x = arg_str(&a[1])?;
            if w < 4 || x.len() as i64 <= w {
                return s(x.to_string());
            }
            s(format!("{}...", &x[..(w - 3) as usize]))
        }),
        "abbrevboth" => want(name, a, 3).and_then(|_| s(arg_str(&a[2])?.to_string())),
        "wrap" => want(name, a, 2).and_then(|_| s(wrap(arg_int(&a[0])? as usize, arg_str(&a[1])?, "\n"))),
        "wrapWith" => want(name, a, 3).and_then(|_| s(wrap(arg_int(&a[0])? as usize, arg_str(&a[2])?, arg_str(&a[1])?))),
        "plural" => want(name, a, 3).and_then(|_| {
            let n = arg_int(&a[2])?;
            s(if n == 1 { arg_str(&a[0])? } else { arg_str(&a[1])? }.to_string())
        }),
        "toString" => want(name, a, 1).and_then(|_| s(strval(&a[0]))),
        "toStrings" => want(name, a, 1).map(|_| Value::list(str_slice(&a[0]).into_iter().map(Value::string).collect())),
        "split" => want(name, a, 2).and_then(|_| {
            let (sep, x) = (arg_str(&a[0])?, arg_str(&a[1])?);
            let parts = go_split(x, sep, -1);
            Ok(indexed_map(parts))
        }),
        "splitn" => want(name, a, 3).and_then(|_| {
            let (sep, n, x) = (arg_str(&a[0])?, arg_int(&a[1])?, arg_str(&a[2])?);
            Ok(indexed_map(go_split(x, sep, n)))
        }),
        "splitList" => want(name, a, 2).and_then(|_| {
            let (sep, x) = (arg_str(&a[0])?, arg_str(&a[1])?);
            Ok(Value::list(go_split(x, sep, -1).into_iter().map(Value::string).collect()))
        }),
        "join" => want(name, a, 2).and_then(|_| s(str_slice(&a[1]).join(arg_str(&a[0])?))),
        "sortAlpha" => want(name, a, 1).map(|_| {
            let mut v = str_slice(&a[0]);
            v.sort();
            Value::list(v.into_iter().map(Value::string).collect())
        }),
        // conversions
        "atoi" => want(name, a, 1).and_then(|_| Ok(Value::Int(arg_str(&a[0])?.parse::<i64>().unwrap_or(0)))),
        "int" => want(name, a, 1).map(|_| Value::Int(to_i64(&a[0]))),
        "int64" => want(name, a, 1).map(|_| Value::Int64(to_i64(&a[0]))),
        "float64" => want(name, a, 1).map(|_| Value::Float(to_f64(&a[0]))),
        "toDecimal" => want(name, a, 1).map(|_| Value::Int64(i64::from_str_radix(&strval(&a[0]), 8).unwrap_or(0))),
        // math
        "add1" => want(name, a, 1).map(|_| Value::Int64(to_i64(&a[0]).wrapping_add(1))),
        "add" => Ok(Value::Int64(a.iter().map(to_i64).fold(0i64, |x, y| x.wrapping_add(y)))),
        "mul" => want_at_least(name, a, 1).map(|_| Value::Int64(a.iter().map(to_i64).fold(1i64, |x, y| x.wrapping_mul(y)))),
        "sub" => want(name, a, 2).map(|_| Value::Int64(to_i64(&a[0]).wrapping_sub(to_i64(&a[1])))),
        "div" => want(name, a, 2).and_then(|_| {
            let d = to_i64(&a[1]);
            if d == 0 {
                return Err(FuncError::Msg("runtime error: integer divide by zero".into()));
            }
            Ok(Value::Int64(to_i64(&a[0]).wrapping_div(d)))
        }),
        "mod" => want(name, a, 2).and_then(|_| {
            let d = to_i64(&a[1]);
            if d == 0 {
                return Err(FuncError::Msg("runtime error: integer divide by zero".into()));
            }
            Ok(Value::Int64(to_i64(&a[0]).wrapping_rem(d)))
        }),
        "max" | "biggest" => want_at_least(name, a, 1).map(|_| Value::Int64(a.iter().map(to_i64).max().unwrap_or(0))),
        "min" => want_at_least(name, a, 1).map(|_| Value::Int64(a.iter().map(to_i64).min().unwrap_or(0))),
        "add1f" => want(name, a, 1).map(|_| Value::Float(to_f64(&a[0]) + 1.0)),
        "addf" => Ok(Value::Float(a.iter().map(to_f64).sum())),
        "subf" => want_at_least(name, a, 1).map(|_| Value::Float(a[1..].iter().map(to_f64).fold(to_f64(&a[0]), |x, y| x - y))),
        "mulf" => want_at_least(name, a, 1).map(|_| Value::Float(a.iter().map(to_f64).product())),
        "divf" => want_at_least(name, a, 1).map(|_| Value::Float(a[1..].iter().map(to_f64).fold(to_f64(&a[0]), |x, y| x / y))),
        "maxf" => want_at_least(name, a, 1).map(|_| Value::Float(a.iter().map(to_f64).fold(f64::MIN, f64::max))),
        "minf" => want_at_least(name, a, 1).map(|_| Value::Float(a.iter().map(to_f64).fold(f64::MAX, f64::min))),
        "floor" => want(name, a, 1).map(|_| Value::Float(to_f64(&a[0]).floor())),
        "ceil" => want(name, a, 1).map(|_| Value::Float(to_f64(&a[0]).ceil())),
        "round" => want_at_least(name, a, 2).map(|_| {
            let p = 10f64.powi(to_i64(&a[1]) as i32);
            let x = to_f64(&a[0]) * p;
            let r = if x.fract().abs() >= 0.5 { x.trunc() + x.signum() } else { x.trunc() };
            Value::Float(r / p)
        }),
        "until" => want(name, a, 1).and_then(|_| until_step(0, to_i64(&a[0]), 1, max_list)),
        "untilStep" => want(name, a, 3).and_then(|_| until_step(to_i64(&a[0]), to_i64(&a[1]), to_i64(&a[2]), max_list)),
        "seq" => seq(a, max_list),
        "randInt" => want(name, a, 2).map(|_| {
            let (lo, hi) = (to_i64(&a[0]), to_i64(&a[1]));
            Value::Int(if hi > lo { lo + (rand_u64() % (hi - lo) as u64) as i64 } else { lo })
        }),
        // defaults and logic
        "default" => want_at_least(name, a, 1).map(|_| {
            if a.len() < 2 || a[1].is_empty() { a[0].clone() } else { a[1].clone() }
        }),
        "empty" => want(name, a, 1).map(|_| Value::Bool(a[0].is_empty())),
        "coalesce" => Ok(a.iter().find(|v| !v.is_empty()).cloned().unwrap_or(Value::Nil)),
        "all" => Ok(Value::Bool(a.iter().all(|v| !v.is_empty()))),
        "any" => Ok(Value::Bool(a.iter().any(|v| !v.is_empty()))),
        "ternary" => want(name, a, 3).map(|_| if a[2].truthy() { a[0].clone() } else { a[1].clone() }),
        "deepCopy" | "mustDeepCopy" => want(name, a, 1).map(|_| a[0].deep_copy()),
        // types
        "typeOf" => want(name, a, 1).map(|_| Value::str(a[0].type_name())),
        "typeIs" => want(name, a, 2).and_then(|_| Ok(Value::Bool(arg_str(&a[0])? == a[1].type_name()))),
        "typeIsLike" => want(name, a, 2).and_then(|_| {
            let t = arg_str(&a[0])?;
            let n = a[1].type_name();
            Ok(Value::Bool(t == n || t == format!("*{n}")))
        }),
        "kindOf" => want(name, a, 1).map(|_| Value::str(a[0].kind_name())),
        "kindIs" => want(name, a, 2).and_then(|_| Ok(Value::Bool(arg_str(&a[0])? == a[1].kind_name()))),
        "deepEqual" => want(name, a, 2).map(|_| Value::Bool(deep_equal(&a[0], &a[1]))),
        // paths
        "base" | "osBase" => one_str(name, a, path_base),
        "dir" | "osDir" => one_str(name, a, path_dir),
        "clean" | "osClean" => one_str(name, a, path_clean),
        "ext" | "osExt" => one_str(name, a, |p| {
            let b = p.rsplit('/').next().unwrap_or(p);
            match b.rfind('.') {
                Some(i) => b[i..].to_string(),
                None => String::new(),
            }
        }),
        "isAbs" | "osIsAbs" => want(name, a, 1).and_then(|_| Ok(Value::Bool(arg_str(&a[0])?.starts_with('/')))),
        // encodings and hashes
        "b64enc" => one_str(name, a, |x| b64_encode(x.as_bytes())),
        "b64dec" => one_str(name, a, |x| match b64_decode(x) {
            Some(b) => String::from_utf8_lossy(&b).into_owned(),
            None => "illegal base64 data at input byte 0".to_string(),
        }),
        "b32enc" => one_str(name, a, |x| b32_encode(x.as_bytes())),
        "b32dec" => one_str(name, a, |x| x.to_string()),
        "sha256sum" => one_str(name, a, |x| hex(&sha256(x.as_bytes()))),
        "sha1sum" => one_str(name, a, |x| hex(&sha1(x.as_bytes()))),
        "sha512sum" => one_str(name, a, |x| hex(&sha512(x.as_bytes()))),
        "adler32sum" => one_str(name, a, |x| adler32(x.as_bytes()).to_string()),
        // lists
        "list" | "tuple" => Ok(Value::list(a.to_vec())),
        "append" | "push" | "mustAppend" | "mustPush" => want(name, a, 2).and_then(|_| {
            let mut l = arg_list("push", &a[0])?;
            l.push(a[1].clone());
            Ok(Value::list(l))
        }),
        "prepend" | "mustPrepend" => want(name, a, 2).and_then(|_| {
            let mut l = arg_list("prepend", &a[0])?;
            l.insert(0, a[1].clone());
            Ok(Value::list(l))
        }),
        "first" | "mustFirst" => want(name, a, 1).and_then(|_| Ok(list_or_nil(name, &a[0])?.first().cloned().unwrap_or(Value::Nil))),
        "last" | "mustLast" => want(name, a, 1).and_then(|_| Ok(list_or_nil(name, &a[0])?.last().cloned().unwrap_or(Value::Nil))),
        "rest" | "mustRest" => want(name, a, 1).and_then(|_| {
            let l = list_or_nil(name, &a[0])?;
            Ok(if l.is_empty() { Value::Nil } else { Value::list(l[1..].to_vec()) })
        }),
        "initial" | "mustInitial" => want(name, a, 1).and_then(|_| {
            let l = list_or_nil(name, &a[0])?;
            Ok(if l.is_empty() { Value::Nil } else { Value::list(l[..l.len() - 1].to_vec()) })
        }),
        "reverse" | "mustReverse" => want(name, a, 1).and_then(|_| {
            let mut l = list_or_nil(name, &a[0])?;
            l.reverse();
            Ok(Value::list(l))
        }),
        "uniq" | "mustUniq" => want(name, a, 1).and_then(|_| {
            let mut out: Vec<Value> = Vec::new();
            for v in list_or_nil(name, &a[0])? {
                if !out.iter().any(|o| deep_equal(o, &v)) {
                    out.push(v);
                }
            }
            Ok(Value::list(out))
        }),
        "compact" | "mustCompact" => want(name, a, 1)
            .and_then(|_| Ok(Value::list(list_or_nil(name, &a[0])?.into_iter().filter(|v| !v.is_empty()).collect()))),
        "without" | "mustWithout" => want_at_least(name, a, 1).and_then(|_| {
            let l = list_or_nil(name, &a[0])?;
            Ok(Value::list(l.into_iter().filter(|v| !a[1..].iter().any(|o| deep_equal(o, v))).collect()))
        }),
        "has" | "mustHas" => want(name, a, 2).and_then(|_| {
            if a[1].is_nil() {
                return Ok(Value::Bool(false));
            }
            Ok(Value::Bool(arg_list(name, &a[1])?.iter().any(|v| deep_equal(v, &a[0]))))
        }),
        "concat" => (|| {
            let mut out = Vec::new();
            for l in a {
                out.extend(arg_list("concat", l)?);
            }
            Ok(Value::list(out))
        })(),
        "chunk" | "mustChunk" => want(name, a, 2).and_then(|_| {
            let n = to_i64(&a[0]).max(1) as usize;
            let l = arg_list(name, &a[1])?;
            Ok(Value::list(l.chunks(n).map(|c| Value::list(c.to_vec())).collect()))
        }),
        "slice" | "mustSlice" => want_at_least(name, a, 1).and_then(|_| {
            let l = match &a[0] {
                Value::List(_) => arg_list(name, &a[0])?,
                other => {
                    return Err(FuncError::Msg(format!(
                        "list should be type of slice or array but {}",
                        other.kind_name()
                    )));
                }
            };
            let st = a.get(1).map(to_i64).unwrap_or(0).max(0) as usize;
            let en = a.get(2).map(to_i64).unwrap_or(l.len() as i64).max(0) as usize;
            Ok(Value::list(l[st.min(l.len())..en.min(l.len()).max(st.min(l.len()))].to_vec()))
        }),
        // dicts
        "dict" => {
            let mut m = BTreeMap::new();
            let mut i = 0;
            while i < a.len() {
                let k = strval(&a[i]);
                m.insert(k, a.get(i + 1).cloned().unwrap_or_else(|| Value::str("")));
                i += 2;
            }
            Ok(Value::map(m))
        }
        "get" => want(name, a, 2).and_then(|_| {
            let m = arg_map(name, &a[0])?;
            let k = arg_str(&a[1])?;
            Ok(m.borrow().get(k).cloned().unwrap_or_else(|| Value::str("")))
        }),
        "set" => want(name, a, 3).and_then(|_| {
            let m = arg_map(name, &a[0])?;
            m.borrow_mut().insert(arg_str(&a[1])?.to_string(), a[2].clone());
            Ok(a[0].clone())
        }),
        "unset" => want(name, a, 2).and_then(|_| {
            let m = arg_map(name, &a[0])?;
            m.borrow_mut().remove(arg_str(&a[1])?);
            Ok(a[0].clone())
        }),
        "hasKey" => want(name, a, 2).and_then(|_| {
            let m = arg_map(name, &a[0])?;
            Ok(Value::Bool(m.borrow().contains_key(arg_str(&a[1])?)))
        }),
        "keys" => (|| {
            let mut out = Vec::new();
            for d in a {
                out.extend(arg_map(name, d)?.borrow().keys().map(|k| Value::str(k)));
            }
            Ok(Value::list(out))
        })(),
        "values" => want(name, a, 1).and_then(|_| Ok(Value::list(arg_map(name, &a[0])?.borrow().values().cloned().collect()))),
        "pick" => want_at_least(name, a, 1).and_then(|_| {
            let m = arg_map(name, &a[0])?;
            let m = m.borrow();
            let mut out = BTreeMap::new();
            for k in &a[1..] {
                let k = arg_str(k)?;
                if let Some(v) = m.get(k) {
                    out.insert(k.to_string(), v.clone());
                }
            }
            Ok(Value::map(out))
        }),
        "omit" => want_at_least(name, a, 1).and_then(|_| {
            let m = arg_map(name, &a[0])?;
            let drop: Vec<&str> = a[1..].iter().map(arg_str).collect::<Result<_, _>>()?;
            Ok(Value::map(
                m.borrow()
                    .iter()
                    .filter(|(k, _)| !drop.contains(&k.as_str()))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
            ))
        }),
        "pluck" => want_at_least(name, a, 1).and_then(|_| {
            let k = arg_str(&a[0])?;
            let mut out = Vec::new();
            for d in &a[1..] {
                if let Some(v) = arg_map(name, d)?.borrow().get(k) {
                    out.push(v.clone());
                }
            }
            Ok(Value::list(out))
        }),
        "dig" => want_at_least(name, a, 3).and_then(|_| {
            let dict = &a[a.len() - 1];
            let default = &a[a.len() - 2];
            let mut cur = dict.clone();
            for k in &a[..a.len() - 2] {
                let k = arg_str(k)?;
                let next = match &cur {
                    Value::Map(m) => m.borrow().get(k).cloned(),
                    _ => None,
                };
                match next {
                    Some(v) => cur = v,
                    None => return Ok(default.clone()),
                }
            }
            Ok(cur)
        }),
        "merge" | "mustMerge" | "mergeOverwrite" | "mustMergeOverwrite" => want_at_least(name, a, 1).and_then(|_| {
            let overwrite = name.contains("Overwrite");
            let dst = arg_map(name, &a[0])?;
            for src in &a[1..] {
                if let Value::Map(sm) = src {
                    merge_into(&dst, sm, overwrite);
                }
            }
            Ok(a[0].clone())
        }),
        // regular expressions
        "regexMatch" | "mustRegexMatch" => want(name, a, 2).and_then(|_| {
            let re = regex(name, arg_str(&a[0])?);
            match re {
                Ok(re) => Ok(Value::Bool(re.is_match(arg_str(&a[1])?))),
                Err(e) if name.starts_with("must") => Err(e),
                Err(_) => Ok(Value::Bool(false)),
            }
        }),
        "regexFind" | "mustRegexFind" => want(name, a, 2).and_then(|_| {
            let re = regex(name, arg_str(&a[0])?)?;
            s(re.find(arg_str(&a[1])?).map(|m| m.as_str().to_string()).unwrap_or_default())
        }),
        "regexFindAll" | "mustRegexFindAll" => want(name, a, 3).and_then(|_| {
            let re = regex(name, arg_str(&a[0])?)?;
            let n = arg_int(&a[2])?;
            let it = re.find_iter(arg_str(&a[1])?).map(|m| Value::str(m.as_str()));
            Ok(Value::list(if n < 0 { it.collect() } else { it.take(n as usize).collect() }))
        }),
        "regexReplaceAll" | "mustRegexReplaceAll" => want(name, a, 3).and_then(|_| {
            let re = regex(name, arg_str(&a[0])?)?;
            s(re.replace_all(arg_str(&a[1])?, arg_str(&a[2])?).into_owned())
        }),
        "regexReplaceAllLiteral" | "mustRegexReplaceAllLiteral" => want(name, a, 3).and_then(|_| {
            let re = regex(name, arg_str(&a[0])?)?;
            s(re.replace_all(arg_str(&a[1])?, regex::NoExpand(arg_str(&a[2])?)).into_owned())
        }),
        "regexSplit" | "mustRegexSplit" => want(name, a, 3).and_then(|_| {
            let re = regex(name, arg_str(&a[0])?)?;
            let n = arg_int(&a[2])?;
            let x = arg_str(&a[1])?;
            let parts: Vec<Value> = if n < 0 {
                re.split(x).map(Value::str).collect()
            } else {
                re.splitn(x, n as usize).map(Value::str).collect()
            };
            Ok(Value::list(parts))
        }),
        "regexQuoteMeta" => one_str(name, a, regex::escape),
        // semver
        "semverCompare" => want(name, a, 2).and_then(|_| {
            let c = arg_str(&a[0])?;
            let v = arg_str(&a[1])?;
            super::semver::compare(c, v).map(Value::Bool).map_err(FuncError::Msg)
        }),
        "semver" => want(name, a, 1).and_then(|_| super::semver::object(arg_str(&a[0])?).map_err(FuncError::Msg)),
        // urls
        "urlParse" => want(name, a, 1).and_then(|_| Ok(url_parse(arg_str(&a[0])?))),
        "urlJoin" => want(name, a, 1).map(|_| url_join(&a[0])),
        // dates (non-deterministic in Helm too)
        "now" => Ok(Value::str("2026-01-01 00:00:00 +0000 UTC")),
        "date" | "htmlDate" | "dateInZone" | "htmlDateInZone" | "date_in_zone" => Ok(Value::str("2026-01-01")),
        "unixEpoch" => Ok(Value::str("1767225600")),
        "ago" | "duration" | "durationRound" => Ok(Value::str("0s")),
        "toDate" | "mustToDate" | "dateModify" | "mustDateModify" | "date_modify" | "must_date_modify" => {
            Ok(Value::str("2026-01-01 00:00:00 +0000 UTC"))
        }
        // random and crypto stand-ins: values of the right shape
        "randAlphaNum" => rand_str(a, b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"),
        "randAlpha" => rand_str(a, b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"),
        "randNumeric" => rand_str(a, b"0123456789"),
        "randAscii" => rand_str(a, b"!\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~"),
        "randBytes" => want(name, a, 1).map(|_| {
            let n = to_i64(&a[0]).clamp(0, 1 << 20) as usize;
            let b: Vec<u8> = (0..n).map(|_| rand_u64() as u8).collect();
            Value::string(b64_encode(&b))
        }),
        "shuffle" => one_str(name, a, |x| x.to_string()),
        "uuidv4" => {
            let h = hex(&(0..16).map(|_| rand_u64() as u8).collect::<Vec<_>>());
            s(format!("{}-{}-4{}-a{}-{}", &h[..8], &h[8..12], &h[13..16], &h[17..20], &h[20..32]))
        }
        "genCA" | "genCAWithKey" | "genSelfSignedCert" | "genSelfSignedCertWithKey" | "genSignedCert"
        | "genSignedCertWithKey" | "buildCustomCert" => Ok(cert_stub(a)),
        "genPrivateKey" => s(pem("RSA PRIVATE KEY", 1190)),
        "htpasswd" => want(name, a, 2).and_then(|_| {
            s(format!("{}:$2a$10${}", strval(&a[0]), &b64_encode(&(0..40).map(|_| rand_u64() as u8).collect::<Vec<_>>())[..53]))
        }),
        "bcrypt" => s(format!("$2a$10${}", &b64_encode(&(0..40).map(|_| rand_u64() as u8).collect::<Vec<_>>())[..53])),
        "derivePassword" => s(b64_encode(&(0..15).map(|_| rand_u64() as u8).collect::<Vec<_>>())),
        "encryptAES" | "decryptAES" => want(name, a, 2).map(|_| Value::string(b64_encode(strval(&a[1]).as_bytes()))),
        _ => return None,
    })
}

fn is_go_space(c: char) -> bool {
    c.is_whitespace()
}

fn one_str(name: &str, a: &[Value], f: impl Fn(&str) -> String) -> FResult {
    want(name, a, 1)?;
    Ok(Value::string(f(arg_str(&a[0])?)))
}

fn two_str(name: &str, a: &[Value], f: impl Fn(&str, &str) -> String) -> FResult {
    want(name, a, 2)?;
    Ok(Value::string(f(arg_str(&a[0])?, arg_str(&a[1])?)))
}

fn arg_map(name: &str, v: &Value) -> Result<crate::source::helm::template::value::MapRef, FuncError> {
    match v {
        Value::Map(m) => Ok(m.clone()),
        Value::Nil => Err(FuncError::Msg("invalid value; expected map[string]interface {}".into())),
        other => Err(FuncError::Msg(format!(
            "wrong type for value; expected map[string]interface {{}}; got {} (in {name})",
            other.type_name()
        ))),
    }
}

fn list_or_nil(name: &str, v: &Value) -> Result<Vec<Value>, FuncError> {
    if v.is_nil() {
        return Ok(Vec::new());
    }
    arg_list(name, v)
}

/// Sprig's `strslice`: a list's elements as strings, nils dropped.
fn str_slice(v: &Value) -> Vec<String> {
    match v {
        Value::List(l) => l.iter().filter(|x| !x.is_nil()).map(strval).collect(),
        Value::Object(o) => match &o.kind {
            ObjKind::VersionSet(v) => v.clone(),
            _ => vec![strval(v)],
        },
        Value::Nil => Vec::new(),
        other => vec![strval(other)],
    }
}

fn indexed_map(parts: Vec<String>) -> Value {
    Value::map(parts.into_iter().enumerate().map(|(i, p)| (format!("_{i}"), Value::string(p))).collect())
}

/// Go's `strings.SplitN` (n < 0: all; n == 0: none).
fn go_split(s: &str, sep: &str, n: i64) -> Vec<String> {
    if n == 0 {
        return Vec::new();
    }
    if sep.is_empty() {
        let mut v: Vec<String> = s.chars().map(|c| c.to_string()).collect();
        if n > 0 && v.len() > n as usize {
            let rest: String = v[n as usize - 1..].concat();
            v.truncate(n as usize - 1);
            v.push(rest);
        }
        return v;
    }
    if n < 0 {
        s.split(sep).map(str::to_string).collect()
    } else {
        s.splitn(n as usize, sep).map(str::to_string).collect()
    }
}

fn go_replace(src: &str, old: &str, new: &str) -> String {
    if old.is_empty() {
        // Go inserts `new` before every rune and at the end.
        let mut out = String::new();
        for c in src.chars() {
            out.push_str(new);
            out.push(c);
        }
        out.push_str(new);
        return out;
    }
    src.replace(old, new)
}

pub fn indent(n: i64, s: &str) -> String {
    let pad = " ".repeat(n.max(0) as usize);
    format!("{pad}{}", s.replace('\n', &format!("\n{pad}")))
}

/// Go's deprecated `strings.Title`: upper-cases the first letter of every word.
fn title(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev_sep = true;
    for c in s.chars() {
        if prev_sep && c.is_alphabetic() {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        prev_sep = (c.is_whitespace() || c.is_ascii()) && c != '_' && !c.is_alphanumeric();
    }
    out
}

fn untitle(s: &str) -> String {
    let mut out = String::new();
    let mut prev_space = true;
    for c in s.chars() {
        if prev_space {
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
        prev_space = c.is_whitespace();
    }
    out
}

fn delimit_case(s: &str, d: char) -> String {
    let mut out = String::new();
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_uppercase() {
            if i > 0 && (chars[i - 1].is_lowercase() || chars[i - 1].is_ascii_digit()) && !out.ends_with(d) {
                out.push(d);
            }
            out.extend(c.to_lowercase());
        } else if c == ' ' || c == '_' || c == '-' || c == '.' {
            if !out.is_empty() && !out.ends_with(d) {
                out.push(d);
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn camelcase(s: &str) -> String {
    s.split(['_', ' ', '-'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

fn wrap(width: usize, s: &str, nl: &str) -> String {
    let mut out = String::new();
    for (li, line) in s.split('\n').enumerate() {
        if li > 0 {
            out.push('\n');
        }
        let mut col = 0;
        for (wi, w) in line.split(' ').enumerate() {
            if wi > 0 {
                if col + 1 + w.len() > width {
                    out.push_str(nl);
                    col = 0;
                } else {
                    out.push(' ');
                    col += 1;
                }
            }
            out.push_str(w);
            col += w.len();
        }
    }
    out
}

fn until_step(start: i64, stop: i64, step: i64, max: usize) -> FResult {
    if step == 0 || (step > 0 && start >= stop) || (step < 0 && start <= stop) {
        return Ok(Value::list(Vec::new()));
    }
    let n = ((stop - start) as i128 / step as i128).unsigned_abs() as usize;
    if n > max {
        return Err(FuncError::Msg(format!("list of {n} elements exceeds the limit of {max}")));
    }
    let mut v = Vec::new();
    let mut i = start;
    while (step > 0 && i < stop) || (step < 0 && i > stop) {
        v.push(Value::Int(i));
        i += step;
    }
    Ok(Value::list(v))
}

fn seq(a: &[Value], max: usize) -> FResult {
    let n: Vec<i64> = a.iter().map(to_i64).collect();
    let (start, end, step) = match n.as_slice() {
        [] => return Ok(Value::str("")),
        [e] => (1, *e, 1),
        [s, e] => (*s, *e, if s <= e { 1 } else { -1 }),
        [s, st, e, ..] => (*s, *e, *st),
    };
    if step == 0 || (end - start).signum() * step.signum() < 0 {
        return Ok(Value::str(""));
    }
    let count = ((end - start) / step).unsigned_abs() as usize + 1;
    if count > max {
        return Err(FuncError::Msg(format!("list of {count} elements exceeds the limit of {max}")));
    }
    let mut out = Vec::new();
    let mut i = start;
    while (step > 0 && i <= end) || (step < 0 && i >= end) {
        out.push(i.to_string());
        i += step;
    }
    Ok(Value::string(out.join(" ")))
}

pub fn deep_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Nil, Value::Nil) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Int(x), Value::Int(y)) | (Value::Int64(x), Value::Int64(y)) => x == y,
        (Value::Float(x), Value::Float(y)) => x == y,
        (Value::Str(x), Value::Str(y)) => x == y,
        (Value::List(x), Value::List(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| deep_equal(p, q))
        }
        (Value::Map(x), Value::Map(y)) => {
            let (x, y) = (x.borrow(), y.borrow());
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| deep_equal(v, w)))
        }
        _ => false,
    }
}

/// mergo's `Merge` (`WithOverride` when `overwrite`) of one map into another, in place.
pub fn merge_into(
    dst: &crate::source::helm::template::value::MapRef,
    src: &crate::source::helm::template::value::MapRef,
    overwrite: bool,
) {
    if std::rc::Rc::ptr_eq(dst, src) {
        return;
    }
    let src_entries: Vec<(String, Value)> =
        src.borrow().iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    for (k, sv) in src_entries {
        if sv.is_nil() {
            continue;
        }
        let dv = dst.borrow().get(&k).cloned();
        if let (Some(Value::Map(dm)), Value::Map(sm)) = (&dv, &sv) {
            merge_into(dm, sm, overwrite);
            continue;
        }
        let set = match &dv {
            None => true,
            Some(d) if d.is_empty() => true,
            Some(Value::List(_)) if matches!(sv, Value::List(_)) => overwrite,
            Some(_) => overwrite,
        };
        if set {
            dst.borrow_mut().insert(k, sv);
        }
    }
}

fn regex(name: &str, pat: &str) -> Result<regex::Regex, FuncError> {
    regex::Regex::new(pat).map_err(|e| {
        let msg = e.to_string();
        let first = msg.lines().last().unwrap_or(&msg).trim().to_string();
        FuncError::Msg(format!("error parsing regexp in {name}: {first}: `{pat}`"))
    })
}

fn path_base(p: &str) -> String {
    if p.is_empty() {
        return ".".into();
    }
    let t = p.trim_end_matches('/');
    if t.is_empty() {
        return "/".into();
    }
    t.rsplit('/').next().unwrap_or(t).to_string()
}

fn path_dir(p: &str) -> String {
    match p.rfind('/') {
        Some(i) => path_clean(&p[..i + 1]),
        None => path_clean(""),
    }
}

/// Go's `path.Clean`.
pub fn path_clean(p: &str) -> String {
    if p.is_empty() {
        return ".".into();
    }
    let rooted = p.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for seg in p.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|l| *l != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            s => parts.push(s),
        }
    }
    let body = parts.join("/");
    if rooted {
        format!("/{body}")
    } else if body.is_empty() {
        ".".into()
    } else {
        body
    }
}

fn url_parse(u: &str) -> Value {
    let mut m = BTreeMap::new();
    let (rest, fragment) = u.split_once('#').unwrap_or((u, ""));
    let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
    let (scheme, rest) = match rest.split_once("://") {
        Some((s, r)) => (s, r),
        None => ("", rest),
    };
    let (authority, path) = if scheme.is_empty() {
        ("", rest)
    } else {
        match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        }
    };
    let (userinfo, host) = match authority.rsplit_once('@') {
        Some((u, h)) => (u, h),
        None => ("", authority),
    };
    let hostname = host.rsplit_once(':').map(|(h, _)| h).unwrap_or(host);
    for (k, v) in [
        ("scheme", scheme),
        ("host", host),
        ("hostname", hostname),
        ("path", path),
        ("query", query),
        ("opaque", ""),
        ("fragment", fragment),
        ("userinfo", userinfo),
    ] {
        m.insert(k.to_string(), Value::str(v));
    }
    Value::map(m)
}

fn url_join(v: &Value) -> Value {
    let get = |k: &str| v.get(k).map(|x| strval(&x)).filter(|x| x != "<nil>").unwrap_or_default();
    let mut out = String::new();
    if !get("scheme").is_empty() {
        out.push_str(&get("scheme"));
        out.push_str("://");
    }
    if !get("userinfo").is_empty() {
        out.push_str(&get("userinfo"));
        out.push('@');
    }
    out.push_str(&get("host"));
    out.push_str(&get("path"));
    if !get("query").is_empty() {
        out.push('?');
        out.push_str(&get("query"));
    }
    if !get("fragment").is_empty() {
        out.push('#');
        out.push_str(&get("fragment"));
    }
    Value::string(out)
}

thread_local! {
    static RNG: Cell<u64> = Cell::new(0x9E37_79B9_7F4A_7C15 ^ std::process::id() as u64);
}

/// Seeds this thread's generator: a scan renders each chart from a fixed seed so its
/// findings (names made with `randAlphaNum`, ...) are the same on every run.
pub fn reseed(seed: u64) {
    RNG.with(|r| r.set(seed | 1));
}

/// A small xorshift generator: Helm's random functions differ on every run anyway.
fn rand_u64() -> u64 {
    RNG.with(|r| {
        let mut x = r.get();
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        r.set(x);
        x
    })
}

fn rand_str(a: &[Value], alphabet: &[u8]) -> FResult {
    want("rand", a, 1)?;
    let n = to_i64(&a[0]).clamp(0, 1 << 20) as usize;
    Ok(Value::string(
        (0..n).map(|_| alphabet[(rand_u64() % alphabet.len() as u64) as usize] as char).collect(),
    ))
}

fn pem(kind: &str, len: usize) -> String {
    let body = b64_encode(&(0..len).map(|_| rand_u64() as u8).collect::<Vec<_>>());
    let mut out = format!("-----BEGIN {kind}-----\n");
    for chunk in body.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(chunk).unwrap_or(""));
        out.push('\n');
    }
    out.push_str(&format!("-----END {kind}-----\n"));
    out
}

fn cert_stub(_a: &[Value]) -> Value {
    let mut m = BTreeMap::new();
    m.insert("Cert".to_string(), Value::string(pem("CERTIFICATE", 800)));
    m.insert("Key".to_string(), Value::string(pem("RSA PRIVATE KEY", 1190)));
    Value::map(m)
}

const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

pub fn b64_encode(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        out.push(B64[(n >> 18) as usize & 63] as char);
        out.push(B64[(n >> 12) as usize & 63] as char);
        out.push(if chunk.len() > 1 { B64[(n >> 6) as usize & 63] as char } else { '=' });
        out.push(if chunk.len() > 2 { B64[n as usize & 63] as char } else { '=' });
    }
    out
}

pub fn b64_decode(s: &str) -> Option<Vec<u8>> {
    let s = s.trim_end_matches('=');
    let mut out = Vec::new();
    let mut acc = 0u32;
    let mut bits = 0;
    for c in s.bytes() {
        if c == b'\n' || c == b'\r' {
            continue;
        }
        let v = B64.iter().position(|&x| x == c)? as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    Some(out)
}

fn b32_encode(data: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::new();
    for chunk in data.chunks(5) {
        let mut b = [0u8; 5];
        b[..chunk.len()].copy_from_slice(chunk);
        let n = b.iter().fold(0u64, |acc, &x| (acc << 8) | u64::from(x));
        let chars = match chunk.len() {
            1 => 2,
            2 => 4,
            3 => 5,
            4 => 7,
            _ => 8,
        };
        for i in 0..8 {
            if i < chars {
                out.push(A[((n >> (35 - i * 5)) & 31) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

pub fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn adler32(data: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for &x in data {
        a = (a + u32::from(x)) % 65521;
        b = (b + a) % 65521;
    }
    (b << 16) | a
}

pub fn sha256(data: &[u8]) -> [u8; 32] {
    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ];
    let mut h: [u32; 8] =
        [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    let mut msg = data.to_vec();
    let bitlen = (data.len() as u64).wrapping_mul(8);
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&bitlen.to_be_bytes());
    for block in msg.chunks(64) {
        let mut w = [0u32; 64];
        for i in 0..16 {
            w[i] = u32::from_be_bytes([block[4 * i], block[4 * i + 1], block[4 * i + 2], block[4 * i + 3]]);
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16].wrapping_add(s0).wrapping_add(w[i - 7]).wrapping_add(s1);
        }
        let mut v = h;
        for i in 0..64 {
            let s1 = v[4].rotate_right(6) ^ v[4].rotate_right(11) ^ v[4].rotate_right(25);
            let ch = (v[4] & v[5]) ^ (!v[4] & v[6]);
            let t1 = v[7].wrapping_add(s1).wrapping_add(ch).wrapping_add(K[i]).wrapping_add(w[i]);
            let s0 = v[0].rotate_right(2) ^ v[0].rotate_right(13) ^ v[0].rotate_right(22);
            let maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
            let t2 = s0.wrapping_add(maj);
            v = [t1.wrapping_add(t2), v[0], v[1], v[2], v[3].wrapping_add(t1), v[4], v[5], v[6]];
        }
        for i in 0..8 {
            h[i] = h[i].wrapping_add(v[i]);
        }
    }
    let mut out = [0u8; 32];
    for i in 0..8 {
        out[4 * i..4 * i + 4].copy_from_slice(&h[i].to_be_bytes());
    }
    out
}

pub fn sha512(data: &[u8]) -> [u8; 64] {
    const K: [u64; 80] = [
        0x428a2f98d728ae22,
        0x7137449123ef65cd,
        0xb5c0fbcfec4d3b2f,
        0xe9b5dba58189dbbc,
        0x3956c25bf348b538,
        0x59f111f1b605d019,
        0x923f82a4af194f9b,
        0xab1c5ed5da6d8118,
        0xd807aa98a3030242,
        0x12835b0145706fbe,
        0x243185be4ee4b28c,
        0x550c7dc3d5ffb4e2,
        0x72be5d74f27b896f,
        0x80deb1fe3b1696b1,
        0x9bdc06a725c71235,
        0xc19bf174cf692694,
        0xe49b69c19ef14ad2,
        0xefbe4786384f25e3,
        0x0fc19dc68b8cd5b5,
        0x240ca1cc77ac9c65,
        0x2de92c6f592b0275,
        0x4a7484aa6ea6e483,
        0x5cb0a9dcbd41fbd4,
        0x76f988da831153b5,
        0x983e5152ee66dfab,
        0xa831c66d2db43210,
        0xb00327c898fb213f,
        0xbf597fc7beef0ee4,
        0xc6e00bf33da88fc2,
        0xd5a79147930aa725,
        0x06ca6351e003826f,
        0x142929670a0e6e70,
        0x27b70a8546d22ffc,
        0x2e1b21385c26c926,
        0x4d2c6dfc5ac42aed,
        0x53380d139d95b3df,
        0x650a73548baf63de,
        0x766a0abb3c77b2a8,
        0x81c2c92e47edaee6,
        0x92722c851482353b,
        0xa2bfe8a14cf10364,
        0xa81a664bbc423001,
        0xc24b8b70d0f89791,
        0xc76c51a30654be30,
        0xd192e819d6ef5218,
        0xd69906245565a910,
        0xf40e35855771202a,
        0x106aa07032bbd1b8,
        0x19a4c116b8d2d0c8,
        0x1e376c085141ab53,
        0x2748774cdf8eeb99,
        0x34b0bcb5e19b48a8,
        0x391c0cb3c5c95a63,
        0x4ed8aa4ae3418acb,
        0x5b9cca4f7763e373,
        0x682e6ff3d6b2b8a3,
        0x748f82ee5defb2fc,
        0x78a5636f43172f60,
        0x84c87814a1f0ab72,
        0x8cc702081a6439ec,
        0x90befffa23631e28,
        0xa4506cebde82bde9,
        0xbef9a3f7b2c67915,
        0xc67178f2e372532b,
        0xca273eceea26619c,
        0xd186b8c721c0c207,
        0xeada7dd6cde0eb1e,
        0xf57d4f7fee6ed178,
        0x06f067aa72176fba,
        0x0a637dc5a2c898a6,
        0x113f9804bef90dae,
        0x1b710b35131c471b,
        0x28db77f523047d84,
        0x32caab7b40c72493,
        0x3c9ebe0a15c9bebc,
        0x431d67c49c100d4c,
        0x4cc5d4becb3e42b6,
        0x597f299cfc657e2a,
        0x5fcb6fab3ad6faec,
        0x6c44198c4a475817,
    ];
    let mut h: [u64; 8] = [
        0x6a09e667f3bcc908,
        0xbb67ae8584caa73b,
        0x3c6ef372fe94f82b,
        0xa54ff53a5f1d36f1,
        0x510e527fade682d1,
        0x9b05688c2b3e6c1f,
        0x1f83d9abfb41bd6b,
        0x5be0cd19137e2179,
    ];
    let mut msg = data.to_vec();
    let bitlen = (data.len() as u128).wrapping_mul(8);
    msg.push(0x80);
    while msg.len() % 128 != 112 {
        msg.push(0);
    }
    msg.extend_from_slice(&bitlen.to_be_bytes());
    for block in msg.chunks(128) {
        let mut w = [0u64; 80];
        for (i, wi) in w.iter_mut().take(16).enumerate() {
            let mut b = [0u8; 8];
            b.copy_from_slice(&block[8 * i..8 * i + 8]);
            *wi = u64::from_be_bytes(b);
        }
        for i in 16..80 {
            let s0 = w[i - 15].rotate_right(1) ^ w[i - 15].rotate_right(8) ^ (w[i - 15] >> 7);
            let s1 = w[i - 2].rotate_right(19) ^ w[i - 2].rotate_right(61) ^ (w[i - 2] >> 6);
            w[i] = w[i - 16].wrapping_add(s0).wrapping_add(w[i - 7]).wrapping_add(s1);
        }
        let mut v = h;
        for i in 0..80 {
            let s1 = v[4].rotate_right(14) ^ v[4].rotate_right(18) ^ v[4].rotate_right(41);
            let ch = (v[4] & v[5]) ^ (!v[4] & v[6]);
            let t1 = v[7].wrapping_add(s1).wrapping_add(ch).wrapping_add(K[i]).wrapping_add(w[i]);
            let s0 = v[0].rotate_right(28) ^ v[0].rotate_right(34) ^ v[0].rotate_right(39);
            let maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
            let t2 = s0.wrapping_add(maj);
            v = [t1.wrapping_add(t2), v[0], v[1], v[2], v[3].wrapping_add(t1), v[4], v[5], v[6]];
        }
        for i in 0..8 {
            h[i] = h[i].wrapping_add(v[i]);
        }
    }
    let mut out = [0u8; 64];
    for i in 0..8 {
        out[8 * i..8 * i + 8].copy_from_slice(&h[i].to_be_bytes());
    }
    out
}

pub fn sha1(data: &[u8]) -> [u8; 20] {
    let mut h: [u32; 5] = [0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0];
    let mut msg = data.to_vec();
    let bitlen = (data.len() as u64).wrapping_mul(8);
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&bitlen.to_be_bytes());
    for block in msg.chunks(64) {
        let mut w = [0u32; 80];
        for i in 0..16 {
            w[i] = u32::from_be_bytes([block[4 * i], block[4 * i + 1], block[4 * i + 2], block[4 * i + 3]]);
        }
        for i in 16..80 {
            w[i] = (w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]).rotate_left(1);
        }
        let [mut a, mut b, mut c, mut d, mut e] = h;
        for (i, wi) in w.iter().enumerate() {
            let (f, k) = match i {
                0..=19 => ((b & c) | (!b & d), 0x5A827999),
                20..=39 => (b ^ c ^ d, 0x6ED9EBA1),
                40..=59 => ((b & c) | (b & d) | (c & d), 0x8F1BBCDC),
                _ => (b ^ c ^ d, 0xCA62C1D6),
            };
            let t = a.rotate_left(5).wrapping_add(f).wrapping_add(e).wrapping_add(k).wrapping_add(*wi);
            e = d;
            d = c;
            c = b.rotate_left(30);
            b = a;
            a = t;
        }
        h = [
            h[0].wrapping_add(a),
            h[1].wrapping_add(b),
            h[2].wrapping_add(c),
            h[3].wrapping_add(d),
            h[4].wrapping_add(e),
        ];
    }
    let mut out = [0u8; 20];
    for i in 0..5 {
        out[4 * i..4 * i + 4].copy_from_slice(&h[i].to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_and_base64_match_known_vectors() {
        assert_eq!(hex(&sha256(b"abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(hex(&sha1(b"abc")), "a9993e364706816aba3e25717850c26c9cd0d89d");
        assert_eq!(b64_encode(b"hello"), "aGVsbG8=");
        assert_eq!(b64_decode("aGVsbG8=").unwrap(), b"hello");
        assert_eq!(adler32(b"Wikipedia"), 300286872);
        assert_eq!(b32_encode(b"hi"), "NBUQ====");
    }

    #[test]
    fn string_helpers_follow_go() {
        assert_eq!(title("hello world-foo"), "Hello World-Foo");
        assert_eq!(indent(2, "a\nb"), "  a\n  b");
        assert_eq!(go_split("a,b,,c", ",", -1), vec!["a", "b", "", "c"]);
        assert_eq!(path_clean("a/../b/./c/"), "b/c");
        assert_eq!(delimit_case("fooBar baz", '_'), "foo_bar_baz");
    }
}
