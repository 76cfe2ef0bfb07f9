//! What a user installing Roundtable relies on: the licence it promises, a
//! lean release build, and the install line in the README.

use std::path::Path;

fn read(name: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(name)).unwrap()
}

/// The lines of one `[section]` of Cargo.toml, without comments.
fn manifest_section(section: &str) -> Vec<String> {
    let manifest = read("Cargo.toml");
    let header = format!("[{section}]");
    manifest
        .lines()
        .skip_while(|l| l.trim() != header)
        .skip(1)
        .take_while(|l| !l.trim_start().starts_with('['))
        .map(|l| l.split('#').next().unwrap_or_default().trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn the_licence_file_is_the_one_the_manifest_names() {
    assert_eq!(env!("CARGO_PKG_LICENSE"), "MIT");
    let licence = read("LICENSE");
    assert!(licence.starts_with("MIT License"), "{licence}");
    assert!(licence.contains("Permission is hereby granted, free of charge"));
    assert!(read("README.md").contains("[LICENSE](LICENSE)"));
}

#[test]
fn the_release_build_is_optimised_for_size_and_speed() {
    let release = manifest_section("profile.release");
    for setting in ["lto = true", "codegen-units = 1", "strip = true"] {
        assert!(release.iter().any(|l| l == setting), "[profile.release] lacks `{setting}`: {release:?}");
    }
}

#[test]
fn the_readme_says_how_to_install_run_and_test() {
    let readme = read("README.md");
    for line in ["cargo install --locked --path .", "cargo run --release", "cargo test"] {
        assert!(readme.contains(line), "the README lacks `{line}`");
    }
}

#[test]
fn the_troubleshooting_page_is_linked_and_matches_the_program() {
    assert!(read("README.md").contains("[docs/troubleshooting.md](docs/troubleshooting.md)"));
    let page = read("docs/troubleshooting.md");
    let cap = format!("{} MiB", roundtable::logging::MAX_LOG_BYTES / (1024 * 1024));
    for part in [
        roundtable::store::paths::LOG_FILE,
        roundtable::store::paths::LOG_DIR_ENV,
        roundtable::store::paths::DATA_DIR_ENV,
        &cap,
        "--log-level debug",
        "RUST_LOG",
        "roundtable doctor",
        "--bug-report",
    ] {
        assert!(page.contains(part), "docs/troubleshooting.md does not mention {part}");
    }
    assert!(page.contains(&format!("last {} lines", roundtable::cli::doctor::LOG_LINES)));
}
