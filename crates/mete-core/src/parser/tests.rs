//! Parser tests: lowering, precedence, limits, comments and error messages.

mod grammar;

use super::*;
use crate::ast::*;

const SKETCH_EN: &str = include_str!("../../../../grammar/examples/sketch-en.mete");
const SKETCH_ZH: &str = include_str!("../../../../grammar/examples/sketch-zh.mete");

fn ok(text: &str) -> Module {
    match parse(FileId(0), text) {
        Ok(m) => m,
        Err(d) => panic!("parse failed: {d:#?}"),
    }
}

fn errs(text: &str) -> Vec<Diagnostic> {
    match parse(FileId(0), text) {
        Ok(m) => panic!("parse succeeded: {m:#?}"),
        Err(d) => d.0,
    }
}

#[test]
fn sketches_parse() {
    let en = ok(SKETCH_EN);
    assert_eq!(en.lang, Lang::En);
    assert_eq!(en.decls.len(), 21);
    let zh = ok(SKETCH_ZH);
    assert_eq!(zh.lang, Lang::Zh);
}
