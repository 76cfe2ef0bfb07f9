//! The oldest Rust that builds Roundtable is the `rust-version` in
//! Cargo.toml. Where only a newer toolchain is at hand, this holds every
//! dependency to that promise (clippy's `incompatible_msrv` holds the
//! crate's own code to it).

use std::collections::{BTreeSet, HashMap};
use std::process::Command;

use serde_json::Value;

/// A `rust-version` such as "1.89" or "1.88.0", comparable.
fn version(text: &str) -> (u64, u64, u64) {
    let mut parts = text.split('.').map(|p| p.parse::<u64>().unwrap_or_else(|_| panic!("a rust-version: {text}")));
    (parts.next().unwrap_or(0), parts.next().unwrap_or(0), parts.next().unwrap_or(0))
}

fn metadata() -> Value {
    // Only this machine's platform: a dependency for another operating
    // system is never built here, and its rust-version says nothing.
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let host = Command::new(rustc).arg("-vV").output().unwrap();
    let host = String::from_utf8(host.stdout).unwrap();
    let host = host.lines().find_map(|l| l.strip_prefix("host: ")).unwrap().to_string();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked", "--filter-platform", &host])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(out.status.success(), "cargo metadata failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The packages built with Roundtable: its dependencies of the given kinds
/// (`None` is a normal dependency), then theirs (normal and build only,
/// since a dependency's own tests are never built).
fn built(meta: &Value, kinds: &[Option<&str>]) -> BTreeSet<String> {
    let root = meta["resolve"]["root"].as_str().unwrap().to_string();
    let nodes: HashMap<&str, &Value> =
        meta["resolve"]["nodes"].as_array().unwrap().iter().map(|n| (n["id"].as_str().unwrap(), n)).collect();
    let mut seen = BTreeSet::from([root.clone()]);
    let mut todo = vec![root.clone()];
    while let Some(id) = todo.pop() {
        let wanted: &[Option<&str>] = if id == root { kinds } else { &[None, Some("build")] };
        for dep in nodes[id.as_str()]["deps"].as_array().unwrap() {
            let used = dep["dep_kinds"].as_array().unwrap().iter().any(|k| wanted.contains(&k["kind"].as_str()));
            let pkg = dep["pkg"].as_str().unwrap().to_string();
            if used && seen.insert(pkg.clone()) {
                todo.push(pkg);
            }
        }
    }
    seen
}

/// Each package in `ids` whose rust-version is newer than Roundtable's.
fn too_new(meta: &Value, ids: &BTreeSet<String>) -> Vec<String> {
    let ours = version(env!("CARGO_PKG_RUST_VERSION"));
    meta["packages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| ids.contains(p["id"].as_str().unwrap()))
        .filter_map(|p| {
            let needs = p["rust_version"].as_str()?;
            let (name, release) = (p["name"].as_str()?, p["version"].as_str()?);
            (version(needs) > ours).then(|| format!("{name} {release} needs Rust {needs}"))
        })
        .collect()
}

#[test]
fn the_manifest_declares_a_rust_version() {
    assert!(!env!("CARGO_PKG_RUST_VERSION").is_empty(), "Cargo.toml has no rust-version");
    assert!(version(env!("CARGO_PKG_RUST_VERSION")) >= (1, 85, 0), "edition 2024 needs Rust 1.85");
}

#[test]
fn nothing_built_into_the_binary_needs_a_newer_rust() {
    let meta = metadata();
    let ids = built(&meta, &[None, Some("build")]);
    assert!(ids.len() > 100, "the dependency graph looks too small: {}", ids.len());
    let late = too_new(&meta, &ids);
    assert!(late.is_empty(), "rust-version is {}, but:\n{}", env!("CARGO_PKG_RUST_VERSION"), late.join("\n"));
}

#[test]
fn nothing_the_tests_and_benchmarks_build_needs_a_newer_rust() {
    let meta = metadata();
    let ids = built(&meta, &[None, Some("build"), Some("dev")]);
    let late = too_new(&meta, &ids);
    assert!(late.is_empty(), "rust-version is {}, but:\n{}", env!("CARGO_PKG_RUST_VERSION"), late.join("\n"));
}

#[test]
fn nothing_turns_the_rust_version_lint_off() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for config in ["clippy.toml", ".clippy.toml"] {
        let text = std::fs::read_to_string(root.join(config)).unwrap_or_default();
        assert!(!text.contains("msrv"), "{config} sets its own msrv; rust-version in Cargo.toml is the one");
    }
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("incompatible_msrv = \"deny\""), "Cargo.toml no longer denies clippy::incompatible_msrv");
    let mut dirs = vec![root.join("src"), root.join("tests"), root.join("benches")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                let turned_off = ["allow(clippy::incompatible_msrv", "clippy::msrv"];
                // This file names them to look for them.
                if path.ends_with("tests/suite/msrv.rs") {
                    continue;
                }
                assert!(!turned_off.iter().any(|t| text.contains(t)), "{} turns the MSRV lint off", path.display());
            }
        }
    }
}
