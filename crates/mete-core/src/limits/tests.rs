use super::*;
use crate::FileId;
use crate::check::{MemoryLoader, check, err};
use crate::compile::Rulebook;
use crate::eval::EvaluateError;
use crate::parser::{codes, parse_with};

const HEAD: &str =
    "rulebook \"b\" { version \"1\" effective from 2024-01-01 }\nfacts { value: money \"货值\" }\n";

fn item(id: usize, tiers: usize) -> String {
    let mut s = format!("violation V-{id} \"项{id}\" {{\n  fine up to 1000\n");
    for t in 0..tiers {
        s.push_str(&format!(
            "  tier t{t} \"档{t}\" when value above {t}: 0 to 1000\n"
        ));
    }
    s.push_str("  tier rest \"其他\" otherwise: 0 to 1000\n}\n");
    s
}

fn codes_of(src: &str, limits: &Limits) -> Vec<&'static str> {
    let r = check(
        "b.mete",
        src.as_bytes(),
        &MemoryLoader::default(),
        &limits.check_options(),
    );
    r.errors().map(|d| d.code).collect()
}

#[test]
fn every_name_reads_and_sets_its_own_field() {
    for (i, (name, _)) in NAMES.iter().enumerate() {
        let mut l = Limits::default();
        let value = 1000 + i;
        l.set(name, value).unwrap();
        assert_eq!(l.get(name), Some(value), "{name}");
        // No other limit moved.
        for (other, _) in NAMES.iter().filter(|(o, _)| o != name) {
            assert_eq!(
                l.get(other),
                Limits::default().get(other),
                "{name} moved {other}"
            );
        }
    }
    assert_eq!(Limits::default().get("nope"), None);
}

#[test]
fn limits_round_trip_through_the_option_structs() {
    let mut l = Limits::default();
    for (i, (name, _)) in NAMES.iter().enumerate() {
        l.set(name, 7 + i).unwrap();
    }
    let back = Limits::from_options(&l.check_options(), &l.case_options());
    assert_eq!(back, l);
    assert_eq!(l.parse_options(), l.check_options().parse);
}

#[test]
fn the_defaults_are_the_stages_defaults() {
    let l = Limits::default();
    assert_eq!(l.check_options(), CheckOptions::default());
    assert_eq!(l.case_options(), CaseOptions::default());
    assert_eq!(
        (l.source_bytes, l.nesting, l.import_depth),
        (2 * 1024 * 1024, 64, 16)
    );
    assert_eq!(
        (l.case_bytes, l.case_depth, l.case_list_len),
        (8 * 1024 * 1024, 32, 100_000)
    );
    assert_eq!(
        (l.items, l.tiers_per_item, l.tests),
        (10_000, 1_000, 10_000)
    );
}

#[test]
fn set_from_str_reads_name_equals_value() {
    let mut l = Limits::default();
    l.set_from_str("case_bytes=1_000").unwrap();
    assert_eq!(l.case_bytes, 1000);
    assert!(
        l.set_from_str("case_bytes")
            .unwrap_err()
            .contains("NAME=VALUE")
    );
    assert!(
        l.set_from_str("case_bytes=-1")
            .unwrap_err()
            .contains("whole number")
    );
    assert!(
        l.set_from_str("case_bytes=0")
            .unwrap_err()
            .contains("at least 1")
    );
    assert!(
        l.set_from_str("bogus=3")
            .unwrap_err()
            .contains("no limit named `bogus`")
    );
}

#[test]
fn items_over_the_limit_are_an_error() {
    let src = format!("{HEAD}{}{}{}", item(1, 1), item(2, 1), item(3, 1));
    let mut l = Limits::default();
    assert_eq!(codes_of(&src, &l), Vec::<&str>::new());
    l.set("items", 2).unwrap();
    assert_eq!(codes_of(&src, &l), [err::TOO_MANY_ITEMS]);
    l.set("items", 3).unwrap();
    assert!(codes_of(&src, &l).is_empty());
}

#[test]
fn tiers_over_the_limit_are_an_error() {
    // Four tiers: three conditional and `otherwise`.
    let src = format!("{HEAD}{}", item(1, 3));
    let mut l = Limits::default();
    l.set("tiers_per_item", 4).unwrap();
    assert!(codes_of(&src, &l).is_empty());
    l.set("tiers_per_item", 3).unwrap();
    assert_eq!(codes_of(&src, &l), [err::TOO_MANY_TIERS]);
}

#[test]
fn tests_over_the_limit_are_an_error() {
    let test = "test \"t\" { given { violation: V-1 } expect { outcome: penalize } }\n";
    let src = format!("{HEAD}{}{test}{test}", item(1, 0));
    let mut l = Limits::default();
    l.set("tests", 2).unwrap();
    assert!(!codes_of(&src, &l).contains(&err::TOO_MANY_TESTS));
    l.set("tests", 1).unwrap();
    assert_eq!(codes_of(&src, &l), [err::TOO_MANY_TESTS]);
}

#[test]
fn items_are_counted_over_imported_files() {
    let lib = format!(
        "rulebook \"lib\" {{ }}\nfacts {{ value: money \"货值\" }}\n{}",
        item(1, 0)
    );
    let root = format!(
        "rulebook \"b\" {{ version \"1\" effective from 2024-01-01 import \"lib.mete\" }}\n{}",
        item(2, 0)
    );
    let loader = MemoryLoader::new([("lib.mete", lib.as_str())]);
    let mut l = Limits::default();
    l.set("items", 1).unwrap();
    let r = check("b.mete", root.as_bytes(), &loader, &l.check_options());
    let codes: Vec<_> = r.errors().map(|d| d.code).collect();
    assert_eq!(codes, [err::TOO_MANY_ITEMS]);
}

#[test]
fn a_hundred_thousand_nested_parentheses_are_refused_before_parsing() {
    let depth = 100_000;
    let src = format!(
        "{HEAD}let x: number \"x\" = {}1{}\n",
        "(".repeat(depth),
        ")".repeat(depth)
    );
    let errs = parse_with(FileId(0), &src, &Limits::default().parse_options()).unwrap_err();
    let codes: Vec<_> = errs.0.iter().map(|d| d.code).collect();
    assert_eq!(codes, [codes::TOO_DEEP]);
    // Unclosed: still the same clear error, not a stack overflow.
    let open = format!("{HEAD}let x: number \"x\" = {}", "(".repeat(depth));
    let errs = parse_with(FileId(0), &open, &ParseOptions::default()).unwrap_err();
    assert_eq!(errs.0.first().map(|d| d.code), Some(codes::TOO_DEEP));
}

#[test]
fn a_source_over_the_size_limit_is_refused() {
    let mut l = Limits::default();
    l.set("source_bytes", 100).unwrap();
    let src = format!("{HEAD}// {}\n", "x".repeat(100));
    let errs = parse_with(FileId(0), &src, &l.parse_options()).unwrap_err();
    assert_eq!(errs.0.first().map(|d| d.code), Some(codes::TOO_LARGE));
}

#[test]
fn cyclic_and_self_imports_are_errors() {
    let a = "rulebook \"a\" { version \"1\" effective from 2024-01-01 import \"b.mete\" }\n";
    let b = "rulebook \"bb\" { import \"a.mete\" }\n";
    let me = "rulebook \"s\" { version \"1\" effective from 2024-01-01 import \"s.mete\" }\n";
    let loader = MemoryLoader::new([("a.mete", a), ("b.mete", b), ("s.mete", me)]);
    for (name, src) in [("a.mete", a), ("s.mete", me)] {
        let r = check(name, src.as_bytes(), &loader, &CheckOptions::default());
        let codes: Vec<_> = r.errors().map(|d| d.code).collect();
        assert!(codes.contains(&err::IMPORT_CYCLE), "{name}: {codes:?}");
    }
}

#[test]
fn a_long_import_chain_stops_at_the_depth_limit() {
    let files: Vec<(String, String)> = (0..40)
        .map(|i| {
            let header = if i == 0 {
                " version \"1\" effective from 2024-01-01"
            } else {
                ""
            };
            (
                format!("f{i}.mete"),
                format!(
                    "rulebook \"f{i}\" {{{header} import \"f{}.mete\" }}\n",
                    i + 1
                ),
            )
        })
        .collect();
    let loader = MemoryLoader::new(files.iter().map(|(n, t)| (n.as_str(), t.as_str())));
    let mut l = Limits::default();
    l.set("import_depth", 5).unwrap();
    let r = check(
        "f0.mete",
        files[0].1.as_bytes(),
        &loader,
        &l.check_options(),
    );
    let codes: Vec<_> = r.errors().map(|d| d.code).collect();
    assert_eq!(codes, [err::IMPORT_TOO_DEEP]);
    assert_eq!(
        r.sources.len(),
        6,
        "the root and five levels were loaded, no more"
    );
}

fn small_book() -> Rulebook {
    let src = format!("{HEAD}{}", item(1, 0));
    let src = src.replace("0 to 1000\n}", "value * 10 to value * 20\n}");
    let (book, _) = Rulebook::from_source(
        "b.mete",
        src.as_bytes(),
        &MemoryLoader::default(),
        &CheckOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{:?}", e.diagnostics));
    book
}

fn case_codes(book: &Rulebook, json: &[u8], l: &Limits) -> Vec<String> {
    match book.evaluate_json(json, &Default::default(), &l.case_options()) {
        Ok(d) => vec![format!("ok {}", d.outcome)],
        Err(EvaluateError::Case(e)) => e.problems.into_iter().map(|p| p.code).collect(),
        Err(EvaluateError::Eval(e)) => vec![e.code.to_string()],
    }
}

#[test]
fn a_hundred_megabyte_case_is_refused_by_size() {
    let book = small_book();
    let mut json =
        br#"{"violation": "V-1", "act_date": "2024-03-01", "value": 1, "pad": ""#.to_vec();
    json.resize(100 * 1024 * 1024, b'x');
    json.extend_from_slice(b"\"}");
    assert_eq!(
        case_codes(&book, &json, &Limits::default()),
        ["mete::case::too_large"]
    );
}

#[test]
fn case_depth_and_list_length_are_limited() {
    let book = small_book();
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert_eq!(
        case_codes(&book, deep.as_bytes(), &Limits::default()),
        ["mete::case::too_deep"]
    );
    let mut l = Limits::default();
    l.set("case_list_len", 3).unwrap();
    let long = br#"{"violation": "V-1", "act_date": "2024-03-01", "value": 1, "x": [1, 2, 3, 4]}"#;
    assert_eq!(case_codes(&book, long, &l), ["mete::case::list_too_long"]);
}

#[test]
fn decimal_magnitude_overflow_is_an_error_value() {
    let book = small_book();
    let ok = br#"{"violation": "V-1", "act_date": "2024-03-01", "value": "1000"}"#;
    assert_eq!(case_codes(&book, ok, &Limits::default()), ["ok penalize"]);
    // Reads (28 digits) but `value * 20` does not fit: an evaluation error, not a wrap.
    let big = br#"{"violation": "V-1", "act_date": "2024-03-01", "value": "9999999999999999999999999999"}"#;
    assert_eq!(
        case_codes(&book, big, &Limits::default()),
        ["mete::eval::overflow"]
    );
    // Too many digits to read exactly: a case error.
    let huge = format!(
        r#"{{"violation": "V-1", "act_date": "2024-03-01", "value": {}}}"#,
        "9".repeat(40)
    );
    assert_eq!(
        case_codes(&book, huge.as_bytes(), &Limits::default()),
        ["mete::case::number_too_large"]
    );
}
