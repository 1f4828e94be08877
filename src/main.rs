use std::process::ExitCode;

use clap::{Parser, Subcommand};
use sengketa::config::Settings;
use sengketa::{open_database, seed_demo, Application};

/// Sengketa: public register of information disputes.
///
/// Settings come from the environment and a `.env` file; see README.md.
#[derive(Parser)]
#[command(name = "sengketa", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web application (the default). Applies pending migrations first.
    Serve,
    /// Apply pending database migrations and load the reference calendar, then exit.
    Migrate,
    /// Load the demo case (YAKIN v KPU, 2024) and a few fictional registers; running it again changes nothing.
    SeedDemo,
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::INFO)
        .with_target(false)
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let settings = match Settings::from_env() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("sengketa: configuration error: {e}");
            return ExitCode::from(2);
        }
    };
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(settings),
        Command::Migrate => open_database(&settings)
            .map(|_| println!("database ready: {}", settings.database_url.redacted())),
        Command::SeedDemo => open_database(&settings)
            .and_then(|pool| seed_demo(&settings, &pool))
            .map(|loaded| {
                if loaded {
                    println!("demo data loaded");
                } else {
                    println!("demo data already present; nothing changed");
                }
            }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("sengketa: {e}");
            ExitCode::FAILURE
        }
    }
}

fn serve(settings: Settings) -> Result<(), sengketa::StartError> {
    let db = settings.database_url.redacted();
    let base = settings.base_url.clone();
    actix_web::rt::System::new().block_on(async move {
        let app = Application::build(settings)?;
        println!(
            "Sengketa is serving on http://{} (database {db}; public address {base})",
            app.addr
        );
        app.server().await.map_err(sengketa::StartError::Serve)
    })
}
