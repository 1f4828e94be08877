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
    /// Create an account. The password is read from standard input (or asked
    /// for on a terminal), never from the command line.
    CreateUser {
        /// The sign-in address.
        #[arg(long)]
        email: String,
        /// petitioner, staff or admin.
        #[arg(long)]
        role: String,
        /// The name shown in the timeline; defaults to the email address.
        #[arg(long)]
        name: Option<String>,
    },
    /// Deliver queued email until stopped (several may run at once).
    Worker,
    /// Load the demo case (YAKIN v KPU, 2024) and a few fictional registers; running it again changes nothing.
    SeedDemo,
    /// Write a consistent copy of the running SQLite database to FILE and
    /// check it; restore by stopping the server and putting the copy in the
    /// database's place. (PostgreSQL: pg_dump, as this command explains.)
    Backup {
        /// Where the copy goes; an existing file is never overwritten.
        file: std::path::PathBuf,
    },
    /// Add N generated registers with their items, tests, hearings, timelines
    /// and some followers, for measuring; the same seed gives the same data.
    SeedBulk {
        /// How many registers to add.
        #[arg(long)]
        registers: usize,
        /// The random seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
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
        Command::CreateUser { email, role, name } => {
            return create_user(&settings, &email, &role, name.as_deref())
        }
        Command::Worker => open_database(&settings).and_then(|pool| {
            let worker = sengketa::mail_worker(&settings, &pool)?;
            println!("delivering email via {}", worker.transport.describe());
            let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
            let flag = stop.clone();
            let running =
                std::thread::spawn(move || worker.run(flag, std::time::Duration::from_secs(1)));
            until_stopped();
            tracing::info!("stopping after the message being sent");
            stop.store(true, std::sync::atomic::Ordering::Relaxed);
            let _ = running.join();
            Ok(())
        }),
        Command::SeedDemo => open_database(&settings)
            .and_then(|pool| seed_demo(&settings, &pool))
            .map(|loaded| {
                if loaded {
                    println!("demo data loaded");
                } else {
                    println!("demo data already present; nothing changed");
                }
            }),
        Command::SeedBulk { registers, seed } => seed_bulk(&settings, registers, seed),
        Command::Backup { file } => {
            match sengketa::db::backup::sqlite(&settings.database_url, &file) {
                Ok(b) => {
                    println!(
                        "backup written to {} ({} bytes, {} registers); integrity check ok",
                        file.display(),
                        b.bytes,
                        b.registers
                    );
                    Ok(())
                }
                Err(e) => {
                    eprintln!("sengketa: {e}");
                    return ExitCode::FAILURE;
                }
            }
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("sengketa: {e}");
            ExitCode::FAILURE
        }
    }
}

fn seed_bulk(settings: &Settings, n: usize, seed: u64) -> Result<(), sengketa::StartError> {
    let pool = open_database(settings)?;
    let bar = indicatif::ProgressBar::new(n as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{bar:40} {pos}/{len} registers, {per_sec}, {elapsed_precise} (about {eta} left)",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let started = std::time::Instant::now();
    let counts = sengketa::seed::bulk::seed(&pool, n, seed, settings.today(), |done| {
        bar.set_position(done as u64)
    })
    .map_err(sengketa::StartError::from)?;
    bar.finish();
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{} registers, {} items, {} consequence tests, {} hearings, {} events, {} follows: {} rows in {secs:.1} s ({:.0} registers/s, {:.0} rows/s)",
        counts.registers,
        counts.items,
        counts.tests,
        counts.hearings,
        counts.events,
        counts.follows,
        counts.rows(),
        counts.registers as f64 / secs,
        counts.rows() as f64 / secs,
    );
    Ok(())
}

/// Waits for SIGTERM or SIGINT.
fn until_stopped() {
    actix_web::rt::System::new().block_on(async {
        use actix_web::rt::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                first_of(term.recv(), actix_web::rt::signal::ctrl_c()).await;
            }
            Err(_) => {
                let _ = actix_web::rt::signal::ctrl_c().await;
            }
        }
    });
}

/// Whichever of two futures finishes first.
async fn first_of<A: std::future::Future, B: std::future::Future>(a: A, b: B) {
    let a = std::pin::pin!(a);
    let b = std::pin::pin!(b);
    futures_util::future::select(a, b).await;
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
        app.run().await
    })
}

fn create_user(settings: &Settings, email: &str, role: &str, name: Option<&str>) -> ExitCode {
    use sengketa::domain::access::{check_new_password, normalize_email, Role};
    let fail = |msg: String| {
        eprintln!("sengketa: {msg}");
        ExitCode::from(2)
    };
    let Some(email) = normalize_email(email) else {
        return fail(format!("--email: not an email address: {email:?}"));
    };
    let Some(role) = Role::from_code(role.trim()) else {
        return fail(format!(
            "--role: expected petitioner, staff or admin, got {role:?}"
        ));
    };
    let password = if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
        match rpassword::prompt_password("Password: ") {
            Ok(p) => p,
            Err(e) => return fail(format!("cannot read the password: {e}")),
        }
    } else {
        let mut line = String::new();
        if let Err(e) = std::io::stdin().read_line(&mut line) {
            return fail(format!("cannot read the password from standard input: {e}"));
        }
        line.trim_end_matches(['\r', '\n']).to_string()
    };
    if let Err(e) = check_new_password(&password) {
        return fail(format!("password: {e}"));
    }
    let pool = match open_database(settings) {
        Ok(pool) => pool,
        Err(e) => return fail(e.to_string()),
    };
    let result = pool.get().map_err(|e| e.to_string()).and_then(|mut conn| {
        if sengketa::models::users::find_by_email(&mut conn, &email)
            .map_err(|e| e.to_string())?
            .is_some()
        {
            return Err(format!("an account with {email} already exists"));
        }
        sengketa::models::users::create(&mut conn, &email, name.unwrap_or(&email), role, &password)
            .map_err(|e| e.to_string())
    });
    match result {
        Ok(user) => {
            println!("created {} account {}", user.role, user.email);
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}
