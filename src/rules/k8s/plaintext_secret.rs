//! K8S125 plaintext-secret: a Secret manifest with literal values in `data` or `stringData`
//! is committed. SOPS-encrypted files, and values that are empty, templates, references,
//! placeholders or public certificates, are not reported (judged by `rules::secrets`);
//! SealedSecrets and ExternalSecrets are other kinds and never match.

use base64::Engine;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

use crate::diagnostic::Severity;
use crate::model::Document;
use crate::rules::secrets::{self, ValueClass};
use crate::rules::{Default, Reporter, Rule, RuleMeta};
use crate::source::yaml::{Node, ObjPath};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "K8S125",
        name: "plaintext-secret",
        severity: Severity::High,
        default: Default::On,
        title: "Plaintext Secret committed (our addition)",
        rationale: "Base64 in `data` is an encoding, not encryption: a Secret manifest in git gives its values to \
                    everyone who can clone the repository, forever (history keeps them after deletion). GitOps has \
                    encrypted alternatives for every workflow.",
        remediation: "Replace the Secret by a SealedSecret, a SOPS-encrypted file or an ExternalSecret, and rotate \
                      the committed values.",
        references: &[("kubegate", "secret detection")],
    },
    check,
};

/// Secret `data` is standard base64 (the API server accepts it with or without padding).
const B64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Is the value of a `data` (base64) or `stringData` (text) entry a literal secret?
fn literal(value: &str, base64: bool) -> bool {
    if value.trim().is_empty() {
        return false;
    }
    if base64 {
        let compact: String = value.chars().filter(|c| !c.is_ascii_whitespace()).collect();
        return match B64.decode(compact.as_bytes()) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => secrets::classify_value(&text) == ValueClass::Literal,
                Err(e) => !e.as_bytes().is_empty(), // binary data (a keystore, a key)
            },
            // Not base64: a template or placeholder left in place of the encoding.
            Err(_) => secrets::classify_value(value) == ValueClass::Literal,
        };
    }
    secrets::classify_value(value) == ValueClass::Literal
}

fn check(doc: &Document<'_>, out: &mut Reporter<'_, '_>) {
    if doc.kind() != "Secret" || doc.root.get("sops").is_some() {
        return;
    }
    for (field, base64) in [("data", true), ("stringData", false)] {
        let Some(map) = doc.root.get(field).and_then(Node::as_map) else { continue };
        let keys: Vec<&str> = map
            .iter()
            .filter(|e| e.value.scalar_text().is_some_and(|v| literal(v, base64)))
            .filter_map(|e| e.key.scalar_text())
            .collect();
        if keys.is_empty() {
            continue;
        }
        let shown: Vec<String> = keys.iter().take(5).map(|k| format!("\"{k}\"")).collect();
        let more = if keys.len() > 5 { format!(" and {} more", keys.len() - 5) } else { String::new() };
        out.report(
            &RULE.meta,
            &ObjPath::root().key(field),
            None,
            format!(
                "{} commits plaintext values in {field} ({}{more})",
                doc.display_name(),
                shown.join(", ")
            ),
        );
    }
}
