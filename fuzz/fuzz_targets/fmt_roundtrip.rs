//! Whatever parses formats to text that parses back to the same tree (spans aside), and
//! formatting that text again changes nothing.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mete_core::FileId;
use mete_core::fmt::{FormatOptions, format};
use mete_core::parser::{ParseOptions, parse_bytes, parse};

fuzz_target!(|data: &[u8]| {
    let Ok(module) = parse_bytes(FileId(0), data, &ParseOptions::default()) else {
        return;
    };
    let text = format(&module, &FormatOptions::default());
    let again = match parse(FileId(0), &text) {
        Ok(m) => m,
        Err(d) => panic!("formatted text does not parse: {d:?}\n---\n{text}"),
    };
    assert!(again == module, "the tree changed through format:\n---\n{text}");
    let text2 = format(&again, &FormatOptions::default());
    assert_eq!(text, text2, "formatting is not idempotent");
});
