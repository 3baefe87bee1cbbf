//! A stand-alone `kubegate test` / `kubegate verify` for manual checks before the lead
//! wires the subcommands: `cargo run --example conftest_cli -- test -p rules -n 'kubegate.*' file.yaml`.

use clap::{Parser, Subcommand};
use kubegate::rego::cli::{TestArgs, VerifyArgs, run_test, run_verify};

#[derive(Parser)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Test(TestArgs),
    Verify(VerifyArgs),
}

fn main() {
    let cli = Cli::parse();
    let (mut out, mut err) = (std::io::stdout(), std::io::stderr());
    let code = match &cli.command {
        Command::Test(a) => run_test(a, &mut out, &mut err),
        Command::Verify(a) => run_verify(a, &mut out, &mut err),
    };
    std::process::exit(code);
}
