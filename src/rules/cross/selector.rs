//! Label selectors as Kubernetes evaluates them: a Service's equality map, and the
//! `matchLabels` / `matchExpressions` LabelSelector of NetworkPolicies and PDBs.

use std::collections::BTreeMap;

use crate::source::yaml::Node;

#[derive(Debug, Clone, PartialEq)]
pub enum Selector {
    /// A Service's `spec.selector`: every pair must match; an empty map selects nothing
    /// (the Service's endpoints are managed by hand).
    Equality(BTreeMap<String, String>),
    /// A LabelSelector: an empty one selects everything.
    Label { labels: BTreeMap<String, String>, expressions: Vec<Expression> },
    /// A selector kubegate cannot evaluate (an unknown operator, a templated value): treated
    /// as matching anything, so no rule reports on it.
    Unknown,
}

/// Labels a selector is matched against.
pub trait Labels {
    fn label(&self, key: &str) -> Option<&str>;
}

impl Labels for BTreeMap<String, String> {
    fn label(&self, key: &str) -> Option<&str> {
        self.get(key).map(String::as_str)
    }
}

/// A small label set (a pod template's labels), sorted by key: a few bytes per label where
/// a map node takes half a kilobyte, and one is kept for every workload of a scan.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LabelSet(Vec<(String, String)>);

impl LabelSet {
    /// From pairs in written order; a repeated key keeps its last value, as a map would.
    pub fn from_pairs(pairs: impl IntoIterator<Item = (String, String)>) -> LabelSet {
        let mut v: Vec<(String, String)> = pairs.into_iter().collect();
        v.reverse();
        // stable: of equal keys the last written comes first, and dedup keeps it
        v.sort_by(|a, b| a.0.cmp(&b.0));
        v.dedup_by(|later, earlier| later.0 == earlier.0);
        LabelSet(v)
    }
}

impl Labels for LabelSet {
    fn label(&self, key: &str) -> Option<&str> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(key)).ok().map(|i| self.0[i].1.as_str())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Expression {
    pub key: String,
    pub operator: String,
    pub values: Vec<String>,
}

impl Selector {
    pub fn of_label_selector(node: &Node) -> Selector {
        let labels: BTreeMap<String, String> = node
            .get("matchLabels")
            .and_then(Node::as_map)
            .unwrap_or(&[])
            .iter()
            .filter_map(|e| Some((e.key.scalar_text()?.to_string(), e.value.scalar_text()?.to_string())))
            .collect();
        let mut expressions = Vec::new();
        for e in node.get("matchExpressions").and_then(Node::as_seq).unwrap_or(&[]) {
            let s = |k: &str| e.get(k).and_then(Node::scalar_text).unwrap_or("").to_string();
            let values = e
                .get("values")
                .and_then(Node::as_seq)
                .unwrap_or(&[])
                .iter()
                .filter_map(|v| v.scalar_text().map(str::to_string))
                .collect();
            let operator = s("operator");
            if !matches!(operator.as_str(), "In" | "NotIn" | "Exists" | "DoesNotExist") {
                return Selector::Unknown;
            }
            expressions.push(Expression { key: s("key"), operator, values });
        }
        Selector::Label { labels, expressions }
    }

    /// Whether the selector selects nothing by construction (an empty Service selector).
    pub fn is_empty_equality(&self) -> bool {
        matches!(self, Selector::Equality(m) if m.is_empty())
    }

    pub fn matches(&self, labels: &impl Labels) -> bool {
        match self {
            Selector::Unknown => true,
            Selector::Equality(m) => !m.is_empty() && m.iter().all(|(k, v)| labels.label(k) == Some(v)),
            Selector::Label { labels: want, expressions } => {
                want.iter().all(|(k, v)| labels.label(k) == Some(v))
                    && expressions.iter().all(|e| {
                        let have = labels.label(&e.key);
                        match e.operator.as_str() {
                            "In" => have.is_some_and(|h| e.values.iter().any(|v| v == h)),
                            "NotIn" => have.is_none_or(|h| !e.values.iter().any(|v| v == h)),
                            "Exists" => have.is_some(),
                            _ => have.is_none(),
                        }
                    })
            }
        }
    }

    /// Whether a label value is a template placeholder kubegate cannot judge.
    pub fn is_templated(&self) -> bool {
        let t = |v: &String| v.contains("{{") || v.contains("${");
        match self {
            Selector::Unknown => true,
            Selector::Equality(m) => m.values().any(t),
            Selector::Label { labels, expressions } => {
                labels.values().any(t) || expressions.iter().any(|e| e.values.iter().any(t))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::yaml::{Limits, load_stream};

    fn sel(yaml: &str) -> Selector {
        let s = load_stream(yaml, Limits::default());
        Selector::of_label_selector(s.docs[0].root.as_ref().unwrap())
    }

    fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn label_selectors_evaluate_like_kubernetes() {
        let web = labels(&[("app", "web"), ("tier", "front")]);
        assert!(sel("{}").matches(&web), "an empty LabelSelector selects everything");
        assert!(sel("matchLabels: {app: web}").matches(&web));
        assert!(!sel("matchLabels: {app: db}").matches(&web));
        assert!(sel("matchExpressions: [{key: tier, operator: In, values: [front, back]}]").matches(&web));
        assert!(!sel("matchExpressions: [{key: tier, operator: NotIn, values: [front]}]").matches(&web));
        assert!(sel("matchExpressions: [{key: zone, operator: DoesNotExist}]").matches(&web));
        assert!(!sel("matchExpressions: [{key: zone, operator: Exists}]").matches(&web));
        assert_eq!(sel("matchExpressions: [{key: a, operator: Gt, values: ['1']}]"), Selector::Unknown);
        assert!(
            !Selector::Equality(BTreeMap::new()).matches(&web),
            "an empty Service selector selects nothing"
        );
        assert!(Selector::Equality(labels(&[("app", "web")])).matches(&web));
    }

    #[test]
    fn a_label_set_answers_as_the_map_of_the_same_pairs() {
        let pairs = [("tier", "front"), ("app", "web"), ("tier", "back"), ("zone", "a")];
        let owned = || pairs.iter().map(|(k, v)| (k.to_string(), v.to_string()));
        let set = LabelSet::from_pairs(owned());
        let map: BTreeMap<String, String> = owned().collect();
        for key in ["app", "tier", "zone", "missing", ""] {
            assert_eq!(set.label(key), map.label(key), "{key}");
        }
        assert_eq!(set.label("tier"), Some("back"), "a repeated key keeps its last value");
        for yaml in
            ["matchLabels: {tier: back}", "matchExpressions: [{key: app, operator: In, values: [web]}]"]
        {
            assert_eq!(sel(yaml).matches(&set), sel(yaml).matches(&map), "{yaml}");
        }
        assert!(!sel("matchLabels: {tier: front}").matches(&set));
    }
}
