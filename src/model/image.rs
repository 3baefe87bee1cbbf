//! Image references parsed with the distribution grammar `[host[:port]/]path[:tag][@digest]`,
//! so `registry:5000/app` is an untagged image and `app@sha256:…` is pinned.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef<'a> {
    pub registry: Option<&'a str>,
    pub repository: &'a str,
    pub tag: Option<&'a str>,
    pub digest: Option<&'a str>,
}

impl<'a> ImageRef<'a> {
    pub fn parse(s: &'a str) -> Option<ImageRef<'a>> {
        let s = s.trim();
        if s.is_empty() {
            return None;
        }
        let (name, digest) = match s.split_once('@') {
            Some((n, d)) => (n, Some(d)),
            None => (s, None),
        };
        let (registry, rest) = match name.split_once('/') {
            Some((first, rest))
                if first.contains(['.', ':'])
                    || first == "localhost"
                    || first.chars().any(|c| c.is_ascii_uppercase()) =>
            {
                (Some(first), rest)
            }
            _ => (None, name),
        };
        let last_slash = rest.rfind('/').map_or(0, |i| i + 1);
        let (repository, tag) = match rest[last_slash..].rfind(':') {
            Some(i) => (&rest[..last_slash + i], Some(&rest[last_slash + i + 1..])),
            None => (rest, None),
        };
        if repository.is_empty() {
            return None;
        }
        Some(ImageRef { registry, repository, tag: tag.filter(|t| !t.is_empty()), digest })
    }

    /// Pinned by a content digest such as `sha256:<64 hex>`.
    pub fn has_valid_digest(&self) -> bool {
        self.digest.is_some_and(|d| {
            d.split_once(':').is_some_and(|(alg, hex)| {
                !alg.is_empty()
                    && hex.len() >= 32
                    && hex.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::ImageRef;

    #[test]
    fn parses_registry_port_tag_and_digest() {
        let r = ImageRef::parse("registry:5000/app").unwrap();
        assert_eq!((r.registry, r.repository, r.tag), (Some("registry:5000"), "app", None));
        let r = ImageRef::parse("nginx:1.25").unwrap();
        assert_eq!((r.registry, r.repository, r.tag), (None, "nginx", Some("1.25")));
        let r = ImageRef::parse(
            "ghcr.io/org/app:v1@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        )
        .unwrap();
        assert_eq!((r.registry, r.repository, r.tag), (Some("ghcr.io"), "org/app", Some("v1")));
        assert!(r.has_valid_digest());
        let r = ImageRef::parse("localhost/app").unwrap();
        assert_eq!((r.registry, r.tag), (Some("localhost"), None));
        let r = ImageRef::parse("library/nginx").unwrap();
        assert_eq!((r.registry, r.repository), (None, "library/nginx"));
        let r = ImageRef::parse("registry:5000/team/app:latest").unwrap();
        assert_eq!((r.repository, r.tag), ("team/app", Some("latest")));
        assert!(!ImageRef::parse("app@sha256:abc").unwrap().has_valid_digest());
    }
}
