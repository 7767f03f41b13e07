//! The layers of the crate, from the bottom, and the test that keeps them: a module may use
//! modules of its own layer and of the layers below it, never above; apart from the wiring at
//! the top, no modules use each other in a circle. `lib.rs` declares the modules in this order
//! and the README's code map walks them in it.
//!
//! Each entry is a module path; a file belongs to the longest entry its module path starts
//! with, and so does every `crate::…` or `super::…` path it names.

/// The layers, lowest first: (name, modules).
pub const LAYERS: &[(&str, &[&str])] = &[
    // Words every layer speaks: ids, checked text, formats and fact types, the error.
    ("vocabulary", &["ids", "text", "vocab", "error"]),
    // Self-contained machinery with no database: PDF and OCR reading, fact extraction,
    // messages, case-type definitions, settings, signed links, blob files, fetching, the
    // sandboxed worker process.
    (
        "engines",
        &[
            "pdf",
            "ocr",
            "extract",
            "l10n",
            "case_types",
            "config",
            "links",
            "blobs",
            "fetch",
            "worker",
            "sandbox",
            "render",
            "sample",
            "metrics",
        ],
    ),
    // The product's nouns: their types and pure rules (`mod.rs` of each noun folder).
    ("nouns", &["orgs", "cases", "facts", "documents"]),
    // The two databases behind one `Db`; knows no noun.
    ("database", &["db"]),
    // SQL per noun, and what lives next to it (caches, the batch writer, the outbox).
    (
        "stores",
        &[
            "outbox",
            "idempotency",
            "jobs",
            "websession",
            "orgs::store",
            "orgs::keycache",
            "orgs::ratelimit",
            "cases::store",
            "cases::batch",
            "cases::cache",
            "documents::store",
            "facts::store",
            "webhooks::store",
            "intake::store",
            "review::store",
        ],
    ),
    // The rules that change things: case status, documents in and out, sessions, the
    // intake engine, webhook delivery, the document workers.
    (
        "services",
        &[
            "cases::settle",
            "cases::package",
            "documents::receive",
            "documents::erase",
            "sessions",
            "intake::flow",
            "intake::engine",
            "webhooks",
            "pipeline",
            "processing",
            "review",
        ],
    ),
    // HTTP: the shared state, responses and extractors, the API routes, the pages; the MCP
    // server (stdio and `/mcp`).
    (
        "transports",
        &[
            "state",
            "web",
            "openapi",
            "server",
            "ops",
            "orgs::routes",
            "sessions::routes",
            "cases::routes",
            "documents::routes",
            "processing::routes",
            "webhooks::routes",
            "intake",
            "review::routes",
            "review::clarify",
            "casefile",
            "mcp",
        ],
    ),
    // Putting it together: start-up and the router, the command line.
    ("wiring", &["app", "cli"]),
];

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::{Path, PathBuf};

    use super::LAYERS;

    fn layer_of(unit: &str) -> usize {
        LAYERS
            .iter()
            .position(|(_, units)| units.contains(&unit))
            .expect("a unit of the table")
    }

    /// The table entry `path` belongs to: the longest one it starts with.
    fn unit_of(path: &str) -> Option<&'static str> {
        let parts: Vec<&str> = path.split("::").collect();
        (1..=parts.len()).rev().find_map(|n| {
            let prefix = parts[..n].join("::");
            LAYERS
                .iter()
                .flat_map(|(_, units)| units.iter())
                .find(|u| **u == prefix)
                .copied()
        })
    }

    fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("read src") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                rust_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    /// `cases/store.rs` → `cases::store`; `cases/mod.rs` → `cases`.
    fn module_path(relative: &Path) -> String {
        let mut parts: Vec<String> = relative
            .with_extension("")
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if parts.last().is_some_and(|p| p == "mod") {
            parts.pop();
        }
        parts.join("::")
    }

    fn ident(s: &str) -> &str {
        let end = s
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(s.len());
        &s[..end]
    }

    /// The module paths named after each `anchor` (`crate::` or `super::`): `a::b::c` gives
    /// `a::b::c`; `a::{b, c::d}` gives `a::b` and `a::c`; `a::{self, b}` gives `a`, `a::b`.
    fn named_paths(code: &str, anchor: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut rest = code;
        while let Some(at) = rest.find(anchor) {
            let before = rest[..at].chars().next_back();
            rest = &rest[at + anchor.len()..];
            if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let mut path = Vec::new();
            let mut tail = rest;
            loop {
                let name = ident(tail);
                if name.is_empty() {
                    break;
                }
                path.push(name.to_string());
                tail = &tail[name.len()..];
                if let Some(next) = tail.strip_prefix("::") {
                    tail = next;
                } else {
                    break;
                }
            }
            if let Some(group) = tail.strip_prefix('{') {
                let mut depth = 0usize;
                let mut item = String::new();
                let mut items = Vec::new();
                for c in group.chars() {
                    match c {
                        '{' => depth += 1,
                        '}' if depth == 0 => break,
                        '}' => depth -= 1,
                        ',' if depth == 0 => items.push(std::mem::take(&mut item)),
                        _ => {}
                    }
                    if depth == 0 && c != ',' && c != '{' && c != '}' {
                        item.push(c);
                    }
                }
                items.push(item);
                for item in items {
                    let first = ident(item.trim());
                    let mut p = path.clone();
                    if !first.is_empty() && first != "self" {
                        p.push(first.to_string());
                    }
                    out.push(p.join("::"));
                }
            } else if !path.is_empty() {
                out.push(path.join("::"));
            }
        }
        out
    }

    /// Every (file's module, unit it names) pair in `src/`, comments left out.
    fn uses() -> Vec<(String, String)> {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        rust_files(&src, &mut files);
        let mut out = Vec::new();
        for file in files {
            let module = module_path(file.strip_prefix(&src).expect("under src"));
            if module == "lib" || module == "main" {
                continue;
            }
            let text = std::fs::read_to_string(&file).expect("read");
            // The file's own code: comments and its test module (whose `super` is the file) left
            // out.
            let lines: Vec<&str> = text.lines().collect();
            let end = lines
                .windows(2)
                .position(|w| w[0].trim() == "#[cfg(test)]" && w[1].trim_start().starts_with("mod "))
                .unwrap_or(lines.len());
            let code: String = lines[..end]
                .iter()
                .filter(|l| !l.trim_start().starts_with("//"))
                .copied()
                .collect::<Vec<_>>()
                .join("\n");
            let parent = {
                let mut parts: Vec<&str> = module.split("::").collect();
                // In `a/b.rs`, `super` is `a`; in `a/mod.rs` (module `a`), it is the crate.
                parts.pop();
                parts.join("::")
            };
            let mut named = named_paths(&code, "crate::");
            for p in named_paths(&code, "super::") {
                named.push(if parent.is_empty() { p } else { format!("{parent}::{p}") });
            }
            out.extend(named.into_iter().map(|n| (module.clone(), n)));
        }
        out
    }

    #[test]
    fn every_module_is_in_the_table() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        rust_files(&src, &mut files);
        for file in files {
            let module = module_path(file.strip_prefix(&src).expect("under src"));
            if module == "lib" || module == "main" || module == "layers" {
                continue;
            }
            assert!(
                unit_of(&module).is_some(),
                "src/{} is in no layer: add it to LAYERS in src/layers.rs",
                file.strip_prefix(&src).expect("under src").display()
            );
        }
    }

    #[test]
    fn no_module_uses_a_layer_above_its_own() {
        let mut wrong = BTreeSet::new();
        for (module, named) in uses() {
            let (Some(from), Some(to)) = (unit_of(&module), unit_of(&named)) else {
                continue;
            };
            if layer_of(to) > layer_of(from) {
                wrong.insert(format!(
                    "{module} ({}) uses {named} ({})",
                    LAYERS[layer_of(from)].0,
                    LAYERS[layer_of(to)].0
                ));
            }
        }
        assert!(
            wrong.is_empty(),
            "uses against the layers:\n{}",
            Vec::from_iter(wrong).join("\n")
        );
    }

    #[test]
    fn below_the_wiring_no_modules_use_each_other_in_a_circle() {
        let wiring = LAYERS.len() - 1;
        let mut edges: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for (module, named) in uses() {
            let (Some(from), Some(to)) = (unit_of(&module), unit_of(&named)) else {
                continue;
            };
            if from != to && layer_of(from) < wiring && layer_of(to) < wiring {
                edges.entry(from).or_default().insert(to);
            }
        }
        // Depth-first search for a path back to where it started.
        fn visit<'a>(
            at: &'a str,
            edges: &BTreeMap<&'a str, BTreeSet<&'a str>>,
            path: &mut Vec<&'a str>,
            done: &mut BTreeSet<&'a str>,
        ) -> Option<Vec<&'a str>> {
            if let Some(i) = path.iter().position(|p| *p == at) {
                return Some(path[i..].iter().copied().chain([at]).collect());
            }
            if done.contains(at) {
                return None;
            }
            path.push(at);
            for next in edges.get(at).into_iter().flatten() {
                if let Some(circle) = visit(next, edges, path, done) {
                    return Some(circle);
                }
            }
            path.pop();
            done.insert(at);
            None
        }
        let mut done = BTreeSet::new();
        for start in edges.keys() {
            let circle = visit(start, &edges, &mut Vec::new(), &mut done);
            assert!(
                circle.is_none(),
                "modules in a circle: {}",
                circle.unwrap_or_default().join(" → ")
            );
        }
    }

    #[test]
    fn lib_rs_declares_the_modules_layer_by_layer() {
        let lib = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs")).expect("lib.rs");
        let declared: Vec<&str> = lib
            .lines()
            .filter_map(|l| {
                l.trim()
                    .strip_prefix("pub mod ")
                    .or_else(|| l.trim().strip_prefix("mod "))
            })
            .map(|l| l.trim_end_matches(';'))
            .filter(|m| *m != "layers")
            .collect();
        let layers: Vec<usize> = declared
            .iter()
            .map(|m| layer_of(unit_of(m).unwrap_or_else(|| panic!("lib.rs declares {m}, which is in no layer"))))
            .collect();
        assert!(
            layers.windows(2).all(|w| w[0] <= w[1]),
            "lib.rs must declare the modules in the order of LAYERS: {declared:?}"
        );
    }

    #[test]
    fn the_readme_code_map_walks_the_layers_in_order() {
        let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).expect("README");
        let map = readme
            .split("\n## Code map")
            .nth(1)
            .and_then(|rest| rest.split("\n## ").next())
            .expect("a '## Code map' section in the README");
        let mut mentioned = Vec::new();
        for piece in map.split('`').skip(1).step_by(2) {
            let Some(path) = piece.strip_prefix("src/") else {
                continue;
            };
            let path = path.trim_end_matches('/');
            let module = module_path(Path::new(path));
            if let Some(unit) = unit_of(&module) {
                mentioned.push((path.to_string(), layer_of(unit)));
            }
        }
        for pair in mentioned.windows(2) {
            assert!(
                pair[0].1 <= pair[1].1,
                "the code map names src/{} ({}) after src/{} ({})",
                pair[1].0,
                LAYERS[pair[1].1].0,
                pair[0].0,
                LAYERS[pair[0].1].0
            );
        }
        let top: BTreeSet<&str> = LAYERS
            .iter()
            .flat_map(|(_, units)| units.iter())
            .map(|u| u.split("::").next().unwrap_or(u))
            .collect();
        for module in top {
            assert!(
                mentioned
                    .iter()
                    .any(|(p, _)| p.trim_end_matches(".rs").split('/').next() == Some(module)),
                "the code map does not name src/{module}"
            );
        }
    }
}
