//! The schema walk: an object's nodes checked against the generated table of k8s-openapi
//! types (`tables.rs`) without building the typed structs, which cost as much as all the
//! other default rules together (every string copied, every struct moved and dropped).
//!
//! Each step does what `de::De` does when the typed struct asks for that type, with the
//! same messages; values of hand-written types (Quantity, Time, IntOrString, ByteString,
//! RawExtension, ...) go through their own `Deserialize` on `De`, so they behave exactly as
//! they do there. Unlike the typed walk, a bad leaf value (base64, timestamp) does not end
//! the walk: the problems after it are found in the same pass.

use super::de::{Ctx, De, Error, PathSeg, did_you_mean, key_string, shadowed};
use super::tables::STRUCTS;
use crate::source::yaml::{Node, Resolved, Value};

/// The type of a field, as its k8s-openapi Rust type has it.
#[derive(Clone, Copy)]
pub enum Ty {
    Str,
    Bool,
    I32,
    I64,
    F64,
    Opt(&'static Ty),
    List(&'static Ty),
    /// `BTreeMap<String, T>`.
    Map(&'static Ty),
    /// Index into `STRUCTS`.
    Struct(u16),
    /// A hand-written type: its own `Deserialize` on `De`.
    Leaf(Leaf),
}

pub type Leaf = for<'c, 'a> fn(De<'c, 'a>) -> Result<(), Error>;

/// A generated k8s-openapi struct: JSON field names in k8s-openapi's order (suggestions
/// take the first closest), their types, and the required ones.
pub struct Struct {
    pub name: &'static str,
    pub fields: &'static [&'static str],
    pub types: &'static [Ty],
    pub required: &'static [&'static str],
}

/// A leaf value through its type's own `Deserialize`.
pub fn leaf<T: serde::de::DeserializeOwned>(d: De<'_, '_>) -> Result<(), Error> {
    T::deserialize(d).map(drop)
}

/// Check `node` as a value of `ty`. `key`: the map key it is the value of; `parent`: the
/// struct it is a field of (what `De` is given for the same node).
pub fn walk<'a>(
    ty: &Ty,
    node: &'a Node,
    key: Option<&'a Node>,
    parent: Option<(&'static str, &'static [&'static str])>,
    ctx: &mut Ctx<'a>,
) {
    if let Ty::Opt(inner) = *ty {
        if !node.is_null() {
            walk(inner, node, key, parent, ctx);
        }
        return;
    }
    let mut d = De { node, key, parent, ctx };
    match *ty {
        Ty::Opt(_) => {} // handled above
        Ty::Str => d.check_string(),
        Ty::Bool => {
            d.bool_value();
        }
        Ty::I32 => {
            d.int_value(Some((i32::MIN.into(), i32::MAX.into())));
        }
        Ty::I64 => {
            d.int_value(None);
        }
        Ty::F64 => {
            d.f64_value();
        }
        // A visitor's error is recorded where it happened; the walk goes on.
        Ty::Leaf(f) => drop(f(d)),
        Ty::List(inner) => {
            for (i, item) in d.seq_items().iter().enumerate() {
                if accepted(inner, item) {
                    continue;
                }
                ctx.path.push(PathSeg::Index(i));
                walk(inner, item, None, None, ctx);
                ctx.path.pop();
            }
        }
        Ty::Map(inner) => {
            let entries = d.map_entries(None, &[]);
            let shadowed = if ctx.unique_keys { Vec::new() } else { shadowed(entries) };
            for (i, e) in entries.iter().enumerate() {
                if shadowed.binary_search(&i).is_err() && !accepted(inner, &e.value) {
                    ctx.path.push(PathSeg::Key(key_string(&e.key)));
                    walk(inner, &e.value, Some(&e.key), None, ctx);
                    ctx.path.pop();
                }
            }
        }
        Ty::Struct(id) => {
            let s = &STRUCTS[usize::from(id)];
            let strukt = Some((s.name, s.fields));
            let entries = d.map_entries(strukt, s.required);
            let shadowed = if ctx.unique_keys { Vec::new() } else { shadowed(entries) };
            for (i, e) in entries.iter().enumerate() {
                if shadowed.binary_search(&i).is_ok() {
                    continue;
                }
                let k = key_string(&e.key);
                ctx.path.push(PathSeg::Key(k));
                // length and first byte before the full compare: most fields differ there
                let same =
                    |f: &&str| f.len() == k.len() && f.as_bytes().first() == k.as_bytes().first() && *f == k;
                match s.fields.iter().position(same) {
                    Some(at) if accepted(&s.types[at], &e.value) => {}
                    Some(at) => walk(&s.types[at], &e.value, Some(&e.key), strukt, ctx),
                    None => {
                        let shown = e.key.scalar_text().unwrap_or_default();
                        let hint = match did_you_mean(shown, s.fields) {
                            Some(f) => format!(" (did you mean `{f}`?)"),
                            None => String::new(),
                        };
                        ctx.record(Some(e.key.span), format!("unknown field `{shown}` in {}{hint}", s.name));
                    }
                }
                ctx.path.pop();
            }
        }
    }
}

/// A value `walk` would accept without a word: a string (or null) where a string or an
/// optional value goes, or null where an optional value goes. Most leaves are such strings;
/// skipping them saves a call and a path step each.
fn accepted(ty: &Ty, node: &Node) -> bool {
    match *ty {
        Ty::Opt(inner) => node.is_null() || accepted(inner, node),
        Ty::Str => {
            matches!(&node.value, Value::Scalar(s) if matches!(s.resolved, Resolved::Str | Resolved::Null))
        }
        _ => false,
    }
}
