//! Any bytes as one audit record, against every bundled rulebook: a report, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mete_core::audit::{AuditSummary, audit_record};

fuzz_target!(|data: &[u8]| {
    let mut summary = AuditSummary::new();
    for book in mete_fuzz::books() {
        let report = audit_record(book, 1, data);
        summary.add(&report);
    }
});
