//! The `zorgkring` binary: parses the command line, sets up logging, runs the command, and on
//! failure prints one line that says what is wrong and how to fix it.

mod account_cmd;
mod audit_cmd;
mod cli;
mod demo;
mod provider_cmd;
mod secret_file;
mod serve;
mod storage;
mod transports;

use clap::Parser;
use clap::error::ErrorKind;
use std::io::IsTerminal;
use std::process::ExitCode;
use tracing_subscriber::EnvFilter;

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e)
            if matches!(
                e.kind(),
                ErrorKind::DisplayHelp
                    | ErrorKind::DisplayVersion
                    | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            ) =>
        {
            let _ = e.print();
            return if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
        Err(e) => {
            // clap explains over several lines; keep what it says, before the usage, on one.
            let text = e.to_string();
            let first = text
                .lines()
                .take_while(|l| !l.starts_with("Usage:") && !l.starts_with("For more information"))
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            let first = first.trim_start_matches("error: ");
            eprintln!("zorgkring: {first} (see zorgkring --help)");
            return ExitCode::from(2);
        }
    };
    let json_logs = matches!(&cli.command, cli::Command::Serve(a) if a.log_json);
    init_logging(json_logs);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("zorgkring: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async {
        match cli.command {
            cli::Command::Serve(args) => serve::run(*args).await,
            cli::Command::Account(args) => account_cmd::run(args).await,
            cli::Command::Audit(args) => audit_cmd::run(args).await,
            cli::Command::Provider(args) => provider_cmd::run(args).await,
            cli::Command::Migrate(args) => {
                let backend = storage::open(&args).await?;
                backend.migrate().await?;
                backend.close().await;
                println!("The database is up to date.");
                Ok(())
            }
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("zorgkring: {}", format!("{e:#}").replace('\n', " "));
            ExitCode::FAILURE
        }
    }
}

fn init_logging(json: bool) {
    let filter = EnvFilter::try_from_env("ZK_LOG")
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr);
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}
