//! Turns `grammar/mete.pest` into tables for the table-driven parser (`src/parser/table.rs`):
//! the `Rule` enum and one entry per optimised grammar expression. pest_meta parses, validates
//! and optimises the grammar exactly as pest_derive does, so the table walks the same
//! expressions the derived parser would run. The table parser is what the WASM build uses: it is
//! a few kilobytes where the derived parser is hundreds.
#![allow(
    clippy::panic,
    clippy::expect_used,
    reason = "a build script that cannot read the grammar must fail the build loudly"
)]
#![allow(
    clippy::disallowed_methods,
    reason = "a build script learns its directories from cargo's environment"
)]

use std::fmt::Write as _;
use std::path::PathBuf;

use pest_meta::ast::RuleType;
use pest_meta::optimizer::{OptimizedExpr, OptimizedRule};

/// The ASCII builtins pest_derive implements with ranges and strings.
const ASCII_BUILTINS: &[&str] = &[
    "ANY",
    "EOI",
    "SOI",
    "PEEK",
    "PEEK_ALL",
    "POP",
    "POP_ALL",
    "DROP",
    "ASCII_DIGIT",
    "ASCII_NONZERO_DIGIT",
    "ASCII_BIN_DIGIT",
    "ASCII_OCT_DIGIT",
    "ASCII_HEX_DIGIT",
    "ASCII_ALPHA_LOWER",
    "ASCII_ALPHA_UPPER",
    "ASCII_ALPHA",
    "ASCII_ALPHANUMERIC",
    "ASCII",
    "NEWLINE",
];

struct Table<'a> {
    rules: &'a [OptimizedRule],
    exprs: Vec<String>,
}

impl Table<'_> {
    fn push(&mut self, code: String) -> usize {
        self.exprs.push(code);
        self.exprs.len() - 1
    }

    fn index_of(&self, name: &str) -> Option<usize> {
        self.rules.iter().position(|r| r.name == name)
    }

    /// Adds `expr` (children first) and returns its index.
    fn add(&mut self, expr: &OptimizedExpr) -> usize {
        let code = match expr {
            OptimizedExpr::Str(s) => format!("E::Str({s:?})"),
            OptimizedExpr::Insens(s) => format!("E::Insens({s:?})"),
            OptimizedExpr::Range(a, b) => {
                let a = a.chars().next().expect("range start");
                let b = b.chars().next().expect("range end");
                format!("E::Range({a:?}, {b:?})")
            }
            OptimizedExpr::Ident(name) => match self.index_of(name) {
                Some(i) => format!("E::Call({i})"),
                None if ASCII_BUILTINS.contains(&name.as_str()) => {
                    format!("E::Builtin(B::{})", builtin_variant(name))
                }
                None => format!("E::CharBy(::pest::unicode::{name})"),
            },
            OptimizedExpr::PeekSlice(a, b) => format!("E::PeekSlice({a}, {b:?})"),
            OptimizedExpr::PosPred(e) => format!("E::Pos({})", self.add(e)),
            OptimizedExpr::NegPred(e) => format!("E::Neg({})", self.add(e)),
            OptimizedExpr::Seq(..) => {
                let mut items = Vec::new();
                let mut current = expr;
                while let OptimizedExpr::Seq(lhs, rhs) = current {
                    items.push(self.add(lhs));
                    current = rhs;
                }
                items.push(self.add(current));
                format!("E::Seq(&{items:?})")
            }
            OptimizedExpr::Choice(..) => {
                let mut items = Vec::new();
                let mut current = expr;
                while let OptimizedExpr::Choice(lhs, rhs) = current {
                    items.push(self.add(lhs));
                    current = rhs;
                }
                items.push(self.add(current));
                format!("E::Choice(&{items:?})")
            }
            OptimizedExpr::Opt(e) => format!("E::Opt({})", self.add(e)),
            OptimizedExpr::Rep(e) => format!("E::Rep({})", self.add(e)),
            OptimizedExpr::Skip(strings) => format!("E::Skip(&{strings:?})"),
            OptimizedExpr::Push(e) => format!("E::Push({})", self.add(e)),
            OptimizedExpr::RestoreOnErr(e) => format!("E::Restore({})", self.add(e)),
        };
        self.push(code)
    }
}

/// `ASCII_HEX_DIGIT` → `AsciiHexDigit`.
fn builtin_variant(name: &str) -> String {
    name.split('_')
        .map(|w| {
            let mut chars = w.chars();
            let first = chars.next().map(|c| c.to_string()).unwrap_or_default();
            first + &chars.as_str().to_lowercase()
        })
        .collect()
}

fn kind(ty: RuleType) -> &'static str {
    match ty {
        RuleType::Normal => "K::Normal",
        RuleType::Silent => "K::Silent",
        RuleType::Atomic => "K::Atomic",
        RuleType::CompoundAtomic => "K::CompoundAtomic",
        RuleType::NonAtomic => "K::NonAtomic",
    }
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("manifest dir"));
    let grammar_path = manifest.join("../../grammar/mete.pest");
    println!("cargo::rerun-if-changed={}", grammar_path.display());
    let grammar = std::fs::read_to_string(&grammar_path).expect("read grammar/mete.pest");
    let (defaults, rules) = pest_meta::parse_and_optimize(&grammar)
        .unwrap_or_else(|errors| panic!("grammar/mete.pest: {errors:?}"));
    assert!(defaults.contains(&"EOI"), "the grammar uses EOI");

    let mut table = Table {
        rules: &rules,
        exprs: Vec::new(),
    };
    let mut defs = String::new();
    for rule in &rules {
        let root = table.add(&rule.expr);
        // pest_derive checks native stack headroom in silent rules that are a call or a choice.
        let stack_check = matches!(
            rule.expr,
            OptimizedExpr::Ident(_) | OptimizedExpr::Choice(..)
        ) && rule.name != "WHITESPACE"
            && rule.name != "COMMENT";
        let trivia = rule.name == "WHITESPACE" || rule.name == "COMMENT";
        let atomic_body = trivia || matches!(rule.ty, RuleType::Atomic | RuleType::CompoundAtomic);
        writeln!(
            defs,
            "    D {{ rule: Rule::r#{}, kind: {}, expr: {root}, atomic_body: {atomic_body}, \
             trivia: {trivia}, stack_check: {stack_check} }},",
            rule.name,
            kind(rule.ty),
        )
        .expect("write");
    }

    let mut out = String::new();
    out.push_str("// Generated by build.rs from grammar/mete.pest.\n\n");
    out.push_str(
        "/// The grammar's rules, in the order pest_derive gives them.\n\
         #[allow(dead_code, non_camel_case_types, clippy::upper_case_acronyms)]\n\
         #[derive(Clone, Copy, Debug, Eq, Hash, Ord, PartialEq, PartialOrd)]\n\
         pub enum Rule {\n    EOI,\n",
    );
    for rule in &rules {
        writeln!(out, "    r#{},", rule.name).expect("write");
    }
    out.push_str("}\n\n");
    let index = |name: &str| {
        table
            .index_of(name)
            .map_or("None".to_string(), |i| format!("Some({i})"))
    };
    writeln!(
        out,
        "const WHITESPACE: Option<usize> = {};",
        index("WHITESPACE")
    )
    .expect("write");
    writeln!(out, "const COMMENT: Option<usize> = {};", index("COMMENT")).expect("write");
    writeln!(out, "static RULES: [D; {}] = [\n{defs}];", rules.len()).expect("write");
    writeln!(out, "static EXPRS: [E; {}] = [", table.exprs.len()).expect("write");
    for code in &table.exprs {
        writeln!(out, "    {code},").expect("write");
    }
    out.push_str("];\n");

    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("out dir"));
    std::fs::write(out_dir.join("grammar_table.rs"), out).expect("write grammar_table.rs");
}
