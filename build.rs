//! Embeds one reported and one passing fixture per rule (testdata/rules/<ID>/) so
//! `kubegate explain ID` can show real examples, kept true by the fixture tests.

use std::fmt::Write;
use std::path::Path;

fn main() {
    // The manifest directory of this build (not the one the script was compiled in: a
    // target directory copied from another checkout reuses the compiled script).
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&manifest_dir).join("testdata/rules");
    println!("cargo::rerun-if-changed={}", root.display());
    let mut out = String::from(
        "/// (rule id, fixture name, text, config text) of the first invalid and valid fixture.\n",
    );
    out.push_str("pub static EXAMPLES: &[(&str, &str, &str, &str)] = &[\n");
    let mut dirs: Vec<_> =
        std::fs::read_dir(&root).map(|d| d.flatten().map(|e| e.path()).collect()).unwrap_or_default();
    dirs.sort();
    for dir in dirs {
        let Some(id) = dir.file_name().and_then(|n| n.to_str()).map(str::to_string) else { continue };
        println!("cargo::rerun-if-changed={}", dir.display());
        let mut files: Vec<String> = std::fs::read_dir(&dir)
            .map(|d| d.flatten().filter_map(|e| e.file_name().into_string().ok()).collect())
            .unwrap_or_default();
        files.sort();
        let config = dir.join(".kubegate.yaml");
        let config = if config.is_file() {
            format!("include_str!({:?})", config.display().to_string())
        } else {
            "\"\"".into()
        };
        for prefix in ["invalid_", "valid_"] {
            if let Some(f) = files.iter().find(|f| f.starts_with(prefix) && f.ends_with(".yaml")) {
                let path = dir.join(f).display().to_string();
                writeln!(out, "    ({id:?}, {f:?}, include_str!({path:?}), {config}),").unwrap();
            }
        }
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("rule_examples.rs");
    std::fs::write(dest, out).unwrap();
}
