//! `semverCompare` and `semver` as Masterminds/semver v3 (what Sprig uses) reads
//! versions and constraints: `>=1.21-0`, `~1.2`, `^0.3`, `1.x`, `a || b`, `>=1, <2`.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use crate::source::helm::template::value::Value;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
    pub pre: String,
    pub meta: String,
    pub original: String,
}

pub fn parse_version(s: &str) -> Result<Version, String> {
    let orig = s.to_string();
    let t = s.trim();
    let t = t.strip_prefix('v').unwrap_or(t);
    let (t, meta) = t.split_once('+').unwrap_or((t, ""));
    let (core, pre) = match t.find('-') {
        Some(i) => (&t[..i], &t[i + 1..]),
        None => (t, ""),
    };
    let parts: Vec<&str> = core.split('.').collect();
    if parts.is_empty()
        || parts.len() > 3
        || parts.iter().any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err("Invalid Semantic Version".into());
    }
    let n = |i: usize| parts.get(i).map(|p| p.parse::<u64>().unwrap_or(0)).unwrap_or(0);
    Ok(Version {
        major: n(0),
        minor: n(1),
        patch: n(2),
        pre: pre.to_string(),
        meta: meta.to_string(),
        original: orig,
    })
}

fn cmp_pre(a: &str, b: &str) -> Ordering {
    match (a.is_empty(), b.is_empty()) {
        (true, true) => return Ordering::Equal,
        (true, false) => return Ordering::Greater,
        (false, true) => return Ordering::Less,
        _ => {}
    }
    let (pa, pb): (Vec<&str>, Vec<&str>) = (a.split('.').collect(), b.split('.').collect());
    for (x, y) in pa.iter().zip(pb.iter()) {
        let o = match (x.parse::<u64>(), y.parse::<u64>()) {
            (Ok(i), Ok(j)) => i.cmp(&j),
            (Ok(_), Err(_)) => Ordering::Less,
            (Err(_), Ok(_)) => Ordering::Greater,
            _ => x.cmp(y),
        };
        if o != Ordering::Equal {
            return o;
        }
    }
    pa.len().cmp(&pb.len())
}

pub fn cmp(a: &Version, b: &Version) -> Ordering {
    (a.major, a.minor, a.patch).cmp(&(b.major, b.minor, b.patch)).then_with(|| cmp_pre(&a.pre, &b.pre))
}

struct Bound {
    op: String,
    v: Version,
    /// How many of major/minor/patch were given (wildcards count as absent).
    given: usize,
}

fn parse_bound(s: &str) -> Result<Bound, String> {
    let s = s.trim();
    let op_len = s
        .find(|c: char| c.is_ascii_digit() || c == 'v' || c == 'x' || c == 'X' || c == '*')
        .unwrap_or(s.len());
    let op = s[..op_len].trim().to_string();
    let rest = s[op_len..].trim();
    let (core, tail) = match rest.find(['-', '+']) {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let core = core.strip_prefix('v').unwrap_or(core);
    let mut given = 0;
    let mut nums = Vec::new();
    for p in core.split('.') {
        if p == "x" || p == "X" || p == "*" || p.is_empty() {
            break;
        }
        if !p.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("improper constraint: {s}"));
        }
        nums.push(p);
        given += 1;
    }
    let vtext = format!(
        "{}.{}.{}{}",
        nums.first().unwrap_or(&"0"),
        nums.get(1).unwrap_or(&"0"),
        nums.get(2).unwrap_or(&"0"),
        tail
    );
    let v = parse_version(&vtext).map_err(|_| format!("improper constraint: {s}"))?;
    if !matches!(
        op.as_str(),
        "" | "=" | "==" | "!=" | ">" | "<" | ">=" | "=>" | "<=" | "=<" | "~" | "~>" | "^"
    ) {
        return Err(format!("improper constraint: {s}"));
    }
    Ok(Bound { op, v, given })
}

fn bump(v: &Version, level: usize) -> Version {
    let mut n = v.clone();
    n.pre.clear();
    match level {
        0 => {
            n.major += 1;
            n.minor = 0;
            n.patch = 0;
        }
        1 => {
            n.minor += 1;
            n.patch = 0;
        }
        _ => n.patch += 1,
    }
    n
}

fn check(b: &Bound, v: &Version) -> bool {
    // A prerelease version only satisfies a bound that itself names a prerelease.
    if !v.pre.is_empty() && b.v.pre.is_empty() {
        return false;
    }
    let c = cmp(v, &b.v);
    let within = |lo: &Version, hi: &Version| cmp(v, lo) != Ordering::Less && cmp(v, hi) == Ordering::Less;
    match b.op.as_str() {
        "" | "=" | "==" => {
            if b.given == 3 {
                c == Ordering::Equal
            } else if b.given == 0 {
                true
            } else {
                within(&b.v, &bump(&b.v, b.given - 1))
            }
        }
        "!=" => {
            if b.given == 3 {
                c != Ordering::Equal
            } else if b.given == 0 {
                false
            } else {
                !within(&b.v, &bump(&b.v, b.given - 1))
            }
        }
        ">" => {
            if b.given == 3 || b.given == 0 {
                c == Ordering::Greater
            } else {
                cmp(v, &bump(&b.v, b.given - 1)) != Ordering::Less
            }
        }
        ">=" | "=>" => c != Ordering::Less,
        "<" => c == Ordering::Less,
        "<=" | "=<" => {
            if b.given == 3 || b.given == 0 {
                c != Ordering::Greater
            } else {
                cmp(v, &bump(&b.v, b.given - 1)) == Ordering::Less
            }
        }
        "~" | "~>" => {
            let level = if b.given <= 1 { 0 } else { 1 };
            within(&b.v, &bump(&b.v, level))
        }
        "^" => {
            let level = if b.v.major > 0 || b.given <= 1 {
                0
            } else if b.v.minor > 0 || b.given == 2 {
                1
            } else {
                2
            };
            within(&b.v, &bump(&b.v, level))
        }
        _ => false,
    }
}

/// `semverCompare CONSTRAINT VERSION`.
pub fn compare(constraint: &str, version: &str) -> Result<bool, String> {
    let v = parse_version(version)?;
    for alt in constraint.split("||") {
        let mut ok = true;
        let normalized = alt.replace(", ", ",");
        let mut terms: Vec<String> = Vec::new();
        for part in normalized.split([',', ' ']).filter(|p| !p.trim().is_empty()) {
            // An operator separated from its version by spaces (`>= 1.2`) joins the next part.
            if let Some(last) = terms.last_mut()
                && !last.chars().any(|c| c.is_ascii_alphanumeric() || c == '*')
            {
                last.push_str(part);
                continue;
            }
            terms.push(part.to_string());
        }
        // Hyphen ranges `1.2 - 1.4`.
        let mut i = 0;
        let mut bounds = Vec::new();
        while i < terms.len() {
            if i + 2 < terms.len() && terms[i + 1] == "-" {
                bounds.push(parse_bound(&format!(">={}", terms[i]))?);
                bounds.push(parse_bound(&format!("<={}", terms[i + 2]))?);
                i += 3;
                continue;
            }
            bounds.push(parse_bound(&terms[i])?);
            i += 1;
        }
        if bounds.is_empty() {
            return Err(format!("improper constraint: {constraint}"));
        }
        for b in &bounds {
            if !check(b, &v) {
                ok = false;
                break;
            }
        }
        if ok {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Sprig's `semver`: a version object with Major/Minor/Patch/Prerelease/Metadata.
pub fn object(s: &str) -> Result<Value, String> {
    let v = parse_version(s)?;
    let mut m = BTreeMap::new();
    m.insert("Major".to_string(), Value::Int64(v.major as i64));
    m.insert("Minor".to_string(), Value::Int64(v.minor as i64));
    m.insert("Patch".to_string(), Value::Int64(v.patch as i64));
    m.insert("Prerelease".to_string(), Value::string(v.pre.clone()));
    m.insert("Metadata".to_string(), Value::string(v.meta.clone()));
    m.insert("Original".to_string(), Value::string(v.original.clone()));
    Ok(Value::map(m))
}

#[cfg(test)]
mod tests {
    use super::compare;

    #[test]
    fn constraints_like_masterminds() {
        let t = |c: &str, v: &str| compare(c, v).unwrap();
        assert!(t(">=1.21-0", "v1.36.0"));
        assert!(t(">=1.19.0-0", "1.36.0"));
        assert!(!t("<1.19-0", "v1.36.0"));
        assert!(t("~1.2.3", "1.2.9"));
        assert!(!t("~1.2.3", "1.3.0"));
        assert!(t("^0.2.3", "0.2.9"));
        assert!(!t("^0.2.3", "0.3.0"));
        assert!(t("1.x", "1.9.9"));
        assert!(t(">= 1.2, < 2", "1.5.0"));
        assert!(t("<1.0 || >=2.0", "2.1.0"));
        assert!(!t(">=1.20", "1.21.0-beta.1"));
        assert!(t(">=1.20-0", "1.21.0-beta.1"));
        assert!(compare("junk!", "1.0.0").is_err());
        assert!(compare(">=1.0", "not-a-version").is_err());
    }
}
