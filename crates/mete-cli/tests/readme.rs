//! The rulebook examples in `README.md` are real: both check clean, and the English and Chinese
//! versions are the same rulebook (they format to the same English text).

mod common;

use common::{mete_in, repo_root, scratch};

/// Fenced blocks of the README that hold a rulebook.
#[allow(clippy::unwrap_used, reason = "test helper")]
fn rulebook_blocks() -> Vec<String> {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).unwrap();
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in readme.lines() {
        if line.starts_with("```") {
            match current.take() {
                Some(block) => blocks.push(block),
                None => current = Some(String::new()),
            }
        } else if let Some(block) = current.as_mut() {
            block.push_str(line);
            block.push('\n');
        }
    }
    blocks
        .into_iter()
        .filter(|b| b.starts_with("rulebook ") || b.starts_with("规则集 "))
        .collect()
}

#[test]
fn readme_rulebooks_check_clean_and_agree() {
    let blocks = rulebook_blocks();
    assert_eq!(blocks.len(), 2, "expected an English and a Chinese example");
    let dir = scratch("readme");
    std::fs::write(dir.join("en.mete"), &blocks[0]).unwrap();
    std::fs::write(dir.join("zh.mete"), &blocks[1]).unwrap();
    let check = mete_in(&dir, &["check", "en.mete", "zh.mete"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    assert!(check.stdout.starts_with("0 errors"), "{}", check.stdout);
    let en = mete_in(&dir, &["fmt", "--keywords", "en", "en.mete"]);
    let zh = mete_in(&dir, &["fmt", "--keywords", "en", "zh.mete"]);
    assert_eq!(en.code, 0, "{}", en.stderr);
    assert!(en.stdout.contains("violation ENV-01"), "{}", en.stdout);
    assert_eq!(en.stdout, zh.stdout);
}

/// Every fenced block of the README, in order.
#[allow(clippy::unwrap_used, reason = "test helper")]
fn all_blocks() -> Vec<String> {
    let readme = std::fs::read_to_string(repo_root().join("README.md")).unwrap();
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in readme.lines() {
        if line.starts_with("```") {
            match current.take() {
                Some(block) => blocks.push(block),
                None => current = Some(String::new()),
            }
        } else if let Some(block) = current.as_mut() {
            block.push_str(line);
            block.push('\n');
        }
    }
    blocks
}

#[test]
fn readme_first_command_evaluates_the_bundled_sample() {
    let blocks = all_blocks();
    let first = blocks[0].lines().next().unwrap();
    assert_eq!(
        first,
        "cargo run -q -p mete-cli -- eval rulebooks/ecology/ecology.mete rulebooks/ecology/cases/sample.json"
    );
    let run = common::mete(&[
        "eval",
        "rulebooks/ecology/ecology.mete",
        "rulebooks/ecology/cases/sample.json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The case shown in the README is the bundled sample.
    let sample =
        std::fs::read_to_string(repo_root().join("rulebooks/ecology/cases/sample.json")).unwrap();
    assert!(
        blocks.contains(&sample),
        "the README's case JSON is not sample.json"
    );
}

#[test]
fn readme_outputs_are_real() {
    let blocks = all_blocks();
    let explain = blocks
        .iter()
        .find(|b| b.starts_with("Decision: "))
        .expect("an explain block");
    let shown = explain.trim_end_matches("  …\n");
    let run = common::mete(&[
        "explain",
        "--lang",
        "en",
        "rulebooks/ecology/ecology.mete",
        "rulebooks/ecology/cases/sample.json",
    ]);
    assert!(
        run.stdout.starts_with(shown),
        "README:\n{shown}\nreal:\n{}",
        run.stdout
    );
    let error = blocks
        .iter()
        .find(|b| b.starts_with("$ echo '{\"violation\""))
        .expect("a bad-case block");
    let mut lines = error.lines();
    let echo = lines.next().unwrap();
    let input = echo
        .strip_prefix("$ echo '")
        .and_then(|l| l.strip_suffix("' \\"))
        .unwrap();
    lines.next(); // `| mete eval … -`
    let expected: String = lines.map(|l| format!("{l}\n")).collect();
    let run = common::mete_stdin(&["eval", "rulebooks/ecology/ecology.mete", "-"], input);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, expected);
}

#[test]
fn readme_test_example_is_real() {
    let blocks = all_blocks();
    let tests = blocks
        .iter()
        .find(|b| b.starts_with("test \"large goods value\""))
        .expect("a test-block example");
    let shown = blocks
        .iter()
        .find(|b| b.starts_with("$ mete test ecology.mete --coverage\n"))
        .expect("a mete test output block");
    let expected = shown
        .split_once('\n')
        .map(|(_, rest)| rest)
        .unwrap_or_default();
    let dir = scratch("readme-test");
    let book = format!("{}{tests}", rulebook_blocks()[0]);
    std::fs::write(dir.join("ecology.mete"), book).unwrap();
    let run = mete_in(&dir, &["test", "ecology.mete", "--coverage"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(run.stdout, expected);
}
