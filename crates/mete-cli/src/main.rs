//! The `mete` binary: parse the command line, look at the surroundings, run.

use std::process::ExitCode;

use clap::Parser;
use mete_cli::{Cli, Exit, Output, context_from_process, run};

fn main() -> ExitCode {
    // clap prints usage errors and `--help` itself, exiting 2 and 0.
    let cli = Cli::parse();
    let ctx = match context_from_process() {
        Ok(ctx) => ctx,
        Err(e) => {
            eprintln!("mete: cannot read the current directory: {e}");
            return Exit::Trouble.into();
        }
    };
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let stdin = std::io::stdin();
    let mut stdin = stdin.lock();
    let mut stdout = stdout.lock();
    let mut stderr = stderr.lock();
    let mut out = Output {
        stdin: &mut stdin,
        stdout: &mut stdout,
        stderr: &mut stderr,
    };
    let exit = run(&cli, &ctx, &mut out);
    exit.into()
}
