//! Writes `types/mete-types.d.ts` from the Rust answer types (see `mete_wasm::typegen`).

use std::process::ExitCode;

fn main() -> ExitCode {
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
