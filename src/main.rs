//! The `kubegate` binary: parse arguments, run, map the result to an exit code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = match kubegate::cli::Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    let mut stderr = std::io::stderr().lock();
    let code = kubegate::cli::run(cli, &mut stdout, &mut stderr);
    if std::io::Write::flush(&mut stdout).is_err() && code == 0 {
        return ExitCode::from(2);
    }
    ExitCode::from(code)
}

/// mimalloc instead of the system allocator: see the note in Cargo.toml.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
