//! The `sengketa` binary: subcommands, settings from the environment and
//! what it says when something is wrong.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_sengketa");

/// A clean working folder, removed afterwards.
struct Workdir(PathBuf);

impl Workdir {
    fn new() -> Workdir {
        let dir =
            std::env::temp_dir().join(format!("sengketa-cli-{}", uuid::Uuid::now_v7().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        Workdir(dir)
    }
}

impl Drop for Workdir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The binary with no inherited settings, run in `dir`.
fn sengketa(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.args(args).current_dir(dir);
    for (key, _) in std::env::vars() {
        if key == "DATABASE_URL" || key.starts_with("SENGKETA_") {
            cmd.env_remove(key);
        }
    }
    cmd.env("SENGKETA_BIND", "127.0.0.1:0");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd
}

fn run(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    sengketa(dir, args, env).output().expect("the binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn help_lists_the_subcommands_and_each_has_its_own() {
    let dir = Workdir::new();
    let out = run(&dir.0, &["--help"], &[]);
    assert!(out.status.success());
    let text = stdout(&out);
    for sub in ["serve", "migrate", "seed-demo"] {
        assert!(text.contains(sub), "--help lacks {sub}: {text}");
        let sub_help = run(&dir.0, &[sub, "--help"], &[]);
        assert!(sub_help.status.success(), "{sub} --help");
        assert!(stdout(&sub_help).contains("Usage"), "{sub} --help");
    }
    let bad = run(&dir.0, &["frobnicate"], &[]);
    assert!(!bad.status.success());
}

#[test]
fn a_bad_setting_stops_the_program_naming_the_variable() {
    let dir = Workdir::new();
    let cases = [
        ("SENGKETA_BIND", "localhost", "address"),
        ("SENGKETA_TIME_ZONE", "Asia/Atlantis", "IANA"),
        ("SENGKETA_REGISTER_FORMAT", "{seq}/KIP", "{year}"),
        ("SENGKETA_BASE_URL", "not a url", "http"),
        ("SENGKETA_APPEAL_WINDOW_UNIT", "weeks", "calendar_days"),
        ("SENGKETA_SEED_DEMO", "maybe", "true"),
        ("SENGKETA_POOL_SIZE", "0", ""),
    ];
    for (var, value, expected) in cases {
        let out = run(
            &dir.0,
            &["migrate"],
            &[(var, value), ("DATABASE_URL", "sqlite://db/x.db")],
        );
        assert!(!out.status.success(), "{var}={value} was accepted");
        let err = stderr(&out);
        assert!(err.contains(var), "{var}: {err}");
        assert!(err.contains(expected), "{var}: {err}");
    }
    assert!(
        !dir.0.join("db").exists(),
        "nothing is created before the settings are valid"
    );
}

#[test]
fn an_unknown_database_scheme_is_refused_without_creating_a_file() {
    let dir = Workdir::new();
    for url in ["sqlit://data/x.db", "data/x.db", "mysql://root@localhost/x"] {
        let out = run(&dir.0, &["migrate"], &[("DATABASE_URL", url)]);
        assert!(!out.status.success(), "{url} was accepted");
        let err = stderr(&out);
        assert!(
            err.contains("DATABASE_URL") && err.contains("sqlite://"),
            "{err}"
        );
    }
    let left: Vec<_> = std::fs::read_dir(&dir.0).unwrap().collect();
    assert!(left.is_empty(), "files were created: {left:?}");
}

#[test]
fn migrate_then_seed_demo_twice() {
    let dir = Workdir::new();
    let env = [("DATABASE_URL", "sqlite://store/sengketa.db")];
    let out = run(&dir.0, &["migrate"], &env);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        dir.0.join("store/sengketa.db").exists(),
        "the folder and file are created"
    );
    let first = run(&dir.0, &["seed-demo"], &env);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(stdout(&first).contains("demo data loaded"));
    let second = run(&dir.0, &["seed-demo"], &env);
    assert!(second.status.success());
    assert!(
        stdout(&second).contains("nothing changed"),
        "{}",
        stdout(&second)
    );
}

#[test]
fn serve_is_the_default_prints_its_address_and_seeds_an_empty_default_database() {
    let dir = Workdir::new();
    let mut child = sengketa(&dir.0, &[], &[])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut address = None;
    while Instant::now() < deadline {
        match lines.next() {
            Some(Ok(line)) => {
                if let Some(rest) = line.split("serving on ").nth(1) {
                    address = rest.split_whitespace().next().map(str::to_string);
                    break;
                }
            }
            _ => break,
        }
    }
    let address = address.expect("the address is printed");
    assert!(address.starts_with("http://127.0.0.1:"), "{address}");
    let body = http_get(&address, "/registers?q=YAKIN");
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(body.starts_with("HTTP/1.1 200"), "{body}");
    assert!(
        body.contains("002/KIP-PSIP/II/2024")
            || body.contains("002&#x2f;KIP-PSIP&#x2f;II&#x2f;2024")
    );
    assert!(
        dir.0.join("data/sengketa.db").exists(),
        "the default database lives under ./data"
    );
}

/// A minimal GET over a plain socket, so this test needs no runtime.
fn http_get(base: &str, path: &str) -> String {
    use std::io::{Read, Write};
    let host = base.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(host).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = String::new();
    stream.read_to_string(&mut out).unwrap();
    out
}

#[test]
fn create_user_reads_the_password_from_standard_input() {
    use std::io::Write;
    let dir = Workdir::new();
    let env = [("DATABASE_URL", "sqlite://data/sengketa.db")];
    let create = |email: &str, password: &str| {
        let mut child = sengketa(
            &dir.0,
            &[
                "create-user",
                "--email",
                email,
                "--role",
                "admin",
                "--name",
                "Admin Uji",
            ],
            &env,
        )
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
        writeln!(child.stdin.take().unwrap(), "{password}").unwrap();
        child.wait_with_output().unwrap()
    };
    let out = create("Admin@Contoh.invalid", "sandi-admin-pertama");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("created admin account admin@contoh.invalid"));
    let again = create("admin@contoh.invalid", "sandi-admin-pertama");
    assert!(!again.status.success());
    assert!(stderr(&again).contains("already exists"));
    let short = create("lain@contoh.invalid", "pendek");
    assert!(!short.status.success());
    assert!(stderr(&short).contains("password"));
    let bad_role = run(
        &dir.0,
        &[
            "create-user",
            "--email",
            "x@contoh.invalid",
            "--role",
            "king",
        ],
        &env,
    );
    assert!(!bad_role.status.success());
    assert!(stderr(&bad_role).contains("--role"));
    // No password on the command line: there is no such option.
    let flag = run(
        &dir.0,
        &[
            "create-user",
            "--email",
            "x@contoh.invalid",
            "--role",
            "admin",
            "--password",
            "x",
        ],
        &env,
    );
    assert!(!flag.status.success());
}
