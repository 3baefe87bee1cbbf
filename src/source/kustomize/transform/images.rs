//! `images:` rewrites container images (name, tag, digest) in every `containers` /
//! `initContainers` list of every object, as kustomize's legacy image filter does
//! (api/filters/imagetag, api/internal/image).

use serde_json::Value;

use crate::source::kustomize::resource::Resource;

#[derive(Debug, Clone, Default)]
pub struct ImageRule {
    pub name: String,
    pub new_name: String,
    pub new_tag: String,
    pub digest: String,
    pub tag_suffix: String,
}

fn is_ref_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '{' | '}' | '-')
}

/// `^NAME(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$`, NAME used as a regular
/// expression by kustomize (so a `.` in it matches any character).
pub fn is_image_matched(s: &str, name: &str) -> bool {
    // `^*...`: the star makes the anchor optional, and Go's unanchored search then matches
    // every image (kustomize users write `name: "*"` for "all images").
    if name.starts_with('*') {
        return true;
    }
    let sc: Vec<char> = s.chars().collect();
    let nc: Vec<char> = name.chars().collect();
    if sc.len() < nc.len() || !nc.iter().zip(&sc).all(|(n, c)| *n == '.' || n == c) {
        return false;
    }
    let rest: String = sc[nc.len()..].iter().collect();
    let mut rest = rest.as_str();
    if let Some(r) = rest.strip_prefix(':') {
        let end = r.find(|c: char| !is_ref_char(c)).unwrap_or(r.len());
        rest = &r[end..];
    }
    if let Some(r) = rest.strip_prefix("@sha256:") {
        return r.chars().all(is_ref_char);
    }
    rest.is_empty()
}

/// Splits an image into name, tag and digest (api/internal/image.Split).
pub fn split(image: &str) -> (String, String, String) {
    let (search, slash) = match image.find('/') {
        Some(i) if i > 0 => (&image[i..], i),
        _ => (image, 0),
    };
    let id = search.find('@');
    let ic = search.find(':');
    if ic.is_none() && id.is_none() {
        return (image.to_string(), String::new(), String::new());
    }
    if let Some(id) = id
        && ic.is_none_or(|ic| id < ic)
    {
        let id = id + slash;
        return (image[..id].to_string(), String::new(), image[id + 1..].to_string());
    }
    let ic = ic.expect("a colon") + slash;
    match id {
        Some(id) => {
            let id = id + slash;
            (image[..ic].to_string(), image[ic + 1..id].to_string(), image[id + 1..].to_string())
        }
        None => (image[..ic].to_string(), image[ic + 1..].to_string(), String::new()),
    }
}

pub fn update(image: &str, rule: &ImageRule) -> Option<String> {
    if !is_image_matched(image, &rule.name) {
        return None;
    }
    let (mut name, mut tag, mut digest) = split(image);
    if !rule.new_name.is_empty() {
        name = rule.new_name.clone();
    }
    if !rule.new_tag.is_empty() && !rule.digest.is_empty() {
        tag = rule.new_tag.clone();
        digest = rule.digest.clone();
    } else if !rule.new_tag.is_empty() {
        tag = rule.new_tag.clone();
        digest.clear();
    } else if !rule.digest.is_empty() {
        tag.clear();
        digest = rule.digest.clone();
    } else if !rule.tag_suffix.is_empty() {
        tag.push_str(&rule.tag_suffix);
        digest.clear();
    }
    if !tag.is_empty() {
        name = format!("{name}:{tag}");
    }
    if !digest.is_empty() {
        name = format!("{name}@{digest}");
    }
    Some(name)
}

fn walk(v: &mut Value, rule: &ImageRule) {
    match v {
        Value::Object(m) => {
            for (k, child) in m.iter_mut() {
                if (k == "containers" || k == "initContainers")
                    && let Value::Array(items) = child
                {
                    for c in items.iter_mut() {
                        if let Some(Value::String(img)) = c.get_mut("image")
                            && let Some(new) = update(img, rule)
                        {
                            *img = new;
                        }
                    }
                }
                walk(child, rule);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| walk(i, rule)),
        _ => {}
    }
}

pub fn apply(resources: &mut [Resource], rules: &[ImageRule]) {
    for rule in rules {
        for r in resources.iter_mut() {
            walk(&mut r.value, rule);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(name: &str, new_name: &str, tag: &str, digest: &str) -> ImageRule {
        ImageRule {
            name: name.into(),
            new_name: new_name.into(),
            new_tag: tag.into(),
            digest: digest.into(),
            ..Default::default()
        }
    }

    #[test]
    fn split_like_kustomize() {
        assert_eq!(split("nginx"), ("nginx".into(), "".into(), "".into()));
        assert_eq!(split("localhost:5000/app:1.0"), ("localhost:5000/app".into(), "1.0".into(), "".into()));
        assert_eq!(split("a/b@sha256:x"), ("a/b".into(), "".into(), "sha256:x".into()));
        assert_eq!(split("a/b:t@sha256:x"), ("a/b".into(), "t".into(), "sha256:x".into()));
    }

    #[test]
    fn updates_name_tag_and_digest() {
        assert_eq!(
            update("ghcr.io/x/app:1.0", &rule("ghcr.io/x/app", "", "2.0", "")).as_deref(),
            Some("ghcr.io/x/app:2.0")
        );
        assert_eq!(
            update("app:1.0", &rule("app", "reg/app", "", "sha256:abc")).as_deref(),
            Some("reg/app@sha256:abc")
        );
        assert_eq!(update("application:1.0", &rule("app", "x", "", "")), None);
        assert_eq!(update("docker.io/x:1.0", &rule("*", "never", "", "")).as_deref(), Some("never:1.0"));
        assert_eq!(update("app", &rule("app", "", "t", "sha256:d")).as_deref(), Some("app:t@sha256:d"));
    }
}
