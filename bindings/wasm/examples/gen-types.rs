//! Writes `types/mete-types.d.ts` from the Rust answer types (see `mete_wasm::typegen`) and
//! `types/decision.schema.json` from the core (see `mete_wasm::DECISION_SCHEMA`).

use std::process::ExitCode;

fn main() -> ExitCode {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let schema = dir.join(mete_wasm::DECISION_SCHEMA_PATH);
    if let Err(e) = std::fs::write(&schema, mete_core::api::decision_schema()) {
        eprintln!("cannot write {}: {e}", schema.display());
        return ExitCode::FAILURE;
    }
    println!("wrote {}", schema.display());
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(mete_wasm::typegen::TYPES_PATH);
    match mete_wasm::typegen::generate() {
        Ok(text) => match std::fs::write(&path, text) {
            Ok(()) => {
                println!("wrote {}", path.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("cannot write {}: {e}", path.display());
                ExitCode::FAILURE
            }
        },
        Err(e) => {
            eprintln!("cannot generate the types: {e}");
            ExitCode::FAILURE
        }
    }
}
