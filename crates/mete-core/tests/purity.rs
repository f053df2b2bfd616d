//! The core is pure: a rulebook cannot read files, the clock, the environment or the network,
//! because nothing in the core can. Decisions must be reproducible from the rulebook and the case
//! alone (the same bytes in every runtime, today and on appeal years later), and a rulebook from
//! elsewhere must not be able to learn anything about the machine that evaluates it.
//!
//! Enforced three ways: clippy.toml forbids the clock, environment and hash-order APIs; this test
//! scans the core's non-test sources for every I/O, clock, environment, network, process and
//! unsafe API; and the language's built-in functions are a closed list of pure functions.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers: a failure should stop the test"
)]

use std::path::{Path, PathBuf};

use mete_core::vocab::Function;

/// Spellings that would give the core a way out. A match anywhere in a non-test source fails.
const FORBIDDEN: &[(&str, &str)] = &[
    ("std::fs", "file system"),
    ("fs::", "file system"),
    ("File::open", "file system"),
    ("std::env", "environment"),
    ("env::var", "environment"),
    ("SystemTime", "clock"),
    ("Instant::", "clock"),
    ("Utc::now", "clock"),
    ("Local::now", "clock"),
    ("Local::today", "clock"),
    ("std::net", "network"),
    ("TcpStream", "network"),
    ("UdpSocket", "network"),
    ("std::process", "processes"),
    ("std::thread::sleep", "timing"),
    ("io::stdin", "standard input"),
    ("HashMap", "hash-map iteration order"),
    ("HashSet", "hash-map iteration order"),
    ("RandomState", "hash-map iteration order"),
    ("unsafe ", "unsafe code"),
    ("unsafe{", "unsafe code"),
];

/// Every `(line number, spelling, what)` in `text` that uses a forbidden API.
fn offences(text: &str) -> Vec<(usize, &'static str, &'static str)> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        for (spelling, what) in FORBIDDEN {
            if code.contains(spelling) {
                out.push((i + 1, *spelling, *what));
            }
        }
    }
    out
}

/// The core's sources that are compiled outside tests: not `tests.rs`, not under a `tests/`.
fn non_test_sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            if name != "tests" {
                non_test_sources(&path, out);
            }
        } else if name.ends_with(".rs") && name != "tests.rs" && !name.starts_with("tests_") {
            out.push(path);
        }
    }
}

#[test]
fn the_scanner_finds_each_kind_of_way_out() {
    let sample = "use std::fs::read;\nlet t = std::time::SystemTime::now();\n// std::env is fine in a comment\nlet m: HashMap<u8, u8>;\nunsafe { x }\n";
    let found: Vec<_> = offences(sample).iter().map(|(l, s, _)| (*l, *s)).collect();
    assert_eq!(
        found,
        [
            (1, "std::fs"),
            (1, "fs::"),
            (2, "SystemTime"),
            (4, "HashMap"),
            (5, "unsafe ")
        ]
    );
}

#[test]
fn the_core_sources_use_no_io_clock_environment_or_network() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    non_test_sources(&src, &mut files);
    assert!(files.len() > 40, "found only {} source files", files.len());
    let mut bad = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        for (line, spelling, what) in offences(&text) {
            bad.push(format!("{}:{line}: `{spelling}` ({what})", f.display()));
        }
    }
    assert!(
        bad.is_empty(),
        "the core must stay pure:\n{}",
        bad.join("\n")
    );
}

#[test]
fn the_core_forbids_unsafe_code_at_its_root() {
    let lib =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs")).unwrap();
    assert!(
        lib.contains("\n#![forbid(unsafe_code)]\n"),
        "lib.rs lost #![forbid(unsafe_code)]"
    );
}

#[test]
fn built_in_functions_are_a_closed_list_of_pure_functions() {
    // Adding a function means adding it here, after making sure it reads only its arguments
    // (no `today()`, no `env("…")`, no `include("…")`).
    let pure = [
        "min",
        "max",
        "round",
        "clamp",
        "abs",
        "age_on",
        "days_between",
        "working_days_between",
        "add_working_days",
        "deadline",
        "year",
        "count",
        "sum",
        "any",
        "all",
    ];
    let names: Vec<&str> = Function::ALL.iter().map(|f| f.en()).collect();
    assert_eq!(names, pure);
}
