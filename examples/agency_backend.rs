//! An agency back end embedding mete: load the benchmark once, decide many cases.
//!
//! A real service would receive case JSON over HTTP or a queue; here a batch of case texts is
//! built in place. The rulebook is compiled once into a `Rulebook` (cheap to clone, shareable
//! between threads) and every case goes through `evaluate_json`, which never panics: a bad case
//! comes back as an error value listing every problem.
//!
//! Run it from the repository root:
//!
//! ```sh
//! cargo run -p mete-core --example agency_backend
//! ```

use std::path::{Path, PathBuf};

use mete_core::case::CaseOptions;
use mete_core::check::{CheckOptions, LoadedFile, Loader, join_path};
use mete_core::compile::Rulebook;
use mete_core::eval::{EvalOptions, EvaluateError};

/// Reads rulebook files below one directory. The core does no I/O; the embedding application
/// decides where rulebooks come from (disk, a database, a bundle compiled into the binary).
struct DirLoader {
    root: PathBuf,
}

impl Loader for DirLoader {
    fn load(&self, importer: &str, path: &str) -> Result<LoadedFile, String> {
        // Imports are relative to the importing file; `join_path` refuses to climb above the root.
        let name = join_path(importer, path)?;
        let bytes = std::fs::read(self.root.join(&name))
            .map_err(|e| format!("cannot read `{name}`: {e}"))?;
        Ok(LoadedFile { name, bytes })
    }
}

/// Loads and compiles the bundled ecology benchmark once, at start-up.
fn load_rulebook() -> Result<Rulebook, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../rulebooks/ecology");
    let loader = DirLoader { root };
    let name = "ecology.mete";
    let text = loader.load("", name)?;
    match Rulebook::from_source(name, &text.bytes, &loader, &CheckOptions::default()) {
        Ok((book, warnings)) => {
            for w in &warnings {
                eprintln!("warning[{}]: {}", w.code, w.message);
            }
            Ok(book)
        }
        Err(e) => Err(e
            .diagnostics
            .iter()
            .map(|d| format!("{}: {}", d.code, d.message))
            .collect::<Vec<_>>()
            .join("\n")),
    }
}

/// Today's incoming cases, as the front end would post them.
fn incoming() -> Vec<(&'static str, String)> {
    let case = |item: &str, facts: &str| {
        format!(
            r#"{{"violation": "{item}", "act_date": "2021-06-01", "decision_date": "2021-07-15"{facts}}}"#
        )
    };
    let priors = r#", "既往处罚记录": [{"日期": "2019-09-01", "类别": "同类"}, {"日期": "2020-03-01", "类别": "同类"}, {"日期": "2021-01-15", "类别": "同类"}]"#;
    vec![
        (
            "registration form, discharge above standards",
            case("环评-登记表", r#", "排放情况": "超标排放""#),
        ),
        (
            "the same, three prior penalties in two years",
            case(
                "环评-登记表",
                &format!(r#", "排放情况": "超标排放"{priors}"#),
            ),
        ),
        (
            "minor and corrected at once",
            case("环评-登记表", r#", "轻微并及时纠正": true"#),
        ),
        (
            "building before approval, report book, finished",
            case(
                "环评-未批先建",
                r#", "环评类别": "报告书", "主体工程完工": true, "总投资额": "10000000""#,
            ),
        ),
        (
            "radioactive source, gains 300,000",
            case("辐射-放射源", r#", "违法所得": 300000"#),
        ),
        (
            "monitoring, second time in two years",
            case(
                "大气-自行监测",
                r#", "既往处罚记录": [{"日期": "2020-10-01", "类别": "同类"}]"#,
            ),
        ),
        (
            "a misspelt fact",
            case("环评-登记表", r#", "排放清况": "排放""#),
        ),
        ("an unknown item", case("环评-备案", "")),
    ]
}

fn main() -> std::process::ExitCode {
    let book = match load_rulebook() {
        Ok(b) => b,
        Err(e) => {
            eprintln!("the rulebook does not compile:\n{e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    println!(
        "loaded {} version {} ({} items)\n",
        book.id(),
        book.version(),
        book.checked().items.len()
    );
    let (eval_options, case_options) = (EvalOptions::default(), CaseOptions::default());
    let (mut decided, mut rejected) = (0, 0);
    for (n, (what, json)) in incoming().iter().enumerate() {
        print!("case {}: {what}\n  ", n + 1);
        match book.evaluate_json(json.as_bytes(), &eval_options, &case_options) {
            Ok(d) => {
                decided += 1;
                let tier = d.tier.as_ref().map_or("-", |t| t.id.as_str());
                let band = d
                    .fine
                    .as_ref()
                    .map_or("no fine".to_string(), |f| match &f.point {
                        Some(p) => format!("{} to {} yuan, recommended {p}", f.min, f.max),
                        None => format!("{} to {} yuan", f.min, f.max),
                    });
                let reviews: Vec<&str> = d.reviews.iter().map(|r| r.kind.as_str()).collect();
                println!("{} | tier {tier} | {band}", d.outcome);
                if !reviews.is_empty() {
                    println!("  procedures: {}", reviews.join(", "));
                }
            }
            Err(EvaluateError::Case(e)) => {
                rejected += 1;
                println!("rejected: {} problem(s)", e.problems.len());
                for p in &e.problems {
                    let hint = p
                        .hint
                        .as_deref()
                        .map(|h| format!(" ({h})"))
                        .unwrap_or_default();
                    println!("    {}: {}{hint}", p.path, p.message);
                }
            }
            Err(EvaluateError::Eval(e)) => {
                rejected += 1;
                println!("not decided: {}", e.message);
            }
        }
    }
    println!("\n{decided} decided, {rejected} rejected");
    std::process::ExitCode::SUCCESS
}
