//! Any bytes: the parser answers with a module or diagnostics, never a panic or a hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mete_core::FileId;
use mete_core::parser::{ParseOptions, parse_bytes};

fuzz_target!(|data: &[u8]| {
    if let Err(d) = parse_bytes(FileId(0), data, &ParseOptions::default()) {
        assert!(!d.0.is_empty(), "a failed parse reports at least one diagnostic");
    }
});
