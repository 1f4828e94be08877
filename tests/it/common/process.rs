//! The real `sengketa serve` binary in its own process, so that a test can
//! kill it, stop it with a signal or limit what it may write.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::{settings_for, Backend, FreshDb, TestApp};

pub const BIN: &str = env!("CARGO_BIN_EXE_sengketa");

/// A port that was free a moment ago.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// How to start the server again: its settings, and an optional shell
/// prefix (a `ulimit`, say) it runs under.
#[derive(Clone)]
pub struct Recipe {
    pub env: Vec<(String, String)>,
    pub shell_prefix: Option<String>,
}

pub struct Served {
    pub child: Child,
    /// What the server wrote to its standard error, line by line.
    pub log: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

impl Recipe {
    /// Starts the server and waits until it serves.
    pub fn start(&self) -> Served {
        let mut cmd = match &self.shell_prefix {
            Some(prefix) => {
                let mut c = Command::new("sh");
                c.arg("-c")
                    .arg(format!("{prefix}; exec \"$0\" serve"))
                    .arg(BIN);
                c
            }
            None => {
                let mut c = Command::new(BIN);
                c.arg("serve");
                c
            }
        };
        for (key, _) in std::env::vars() {
            if key == "DATABASE_URL" || key.starts_with("SENGKETA_") {
                cmd.env_remove(key);
            }
        }
        cmd.envs(self.env.iter().map(|(k, v)| (k, v)));
        let mut child = cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary starts");
        let log = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let sink = log.clone();
        let err = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                sink.lock().unwrap().push(line);
            }
        });
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            assert!(Instant::now() < deadline, "the server did not start");
            match lines.next() {
                Some(Ok(line)) if line.contains("serving on") => break,
                Some(_) => {}
                None => panic!(
                    "the server exited before serving: {}",
                    log.lock().unwrap().join("\n")
                ),
            }
        }
        std::thread::spawn(move || for _ in lines {});
        Served { child, log }
    }
}

impl Served {
    /// SIGKILL: no chance to finish anything.
    pub fn kill9(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// SIGTERM: asks for a graceful stop.
    pub fn terminate(&self) {
        // The shell's own kill, so that no other package is needed.
        let status = Command::new("sh")
            .arg("-c")
            .arg(format!("kill -TERM {}", self.child.id()))
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// Waits for the process to end; `None` if it still runs after `limit`.
    pub fn wait_for_exit(&mut self, limit: Duration) -> Option<std::process::ExitStatus> {
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }

    pub fn log_text(&self) -> String {
        self.log.lock().unwrap().join("\n")
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            self.kill9();
        }
    }
}

impl TestApp {
    /// After a restart: the client's kept connections to the old process
    /// are gone, and the first request may learn it.
    pub async fn reconnect(&self) {
        for _ in 0..5 {
            if self.try_get_with("/", &[]).await.is_ok() {
                return;
            }
        }
        panic!("the restarted server does not answer");
    }

    /// A fresh database served by a separate `sengketa serve` process on a
    /// fixed port, so that a restart serves at the same address. The
    /// returned app's pool reaches the same database.
    pub fn beside_process(
        backend: Backend,
        extra: &[(&str, &str)],
        shell_prefix: Option<String>,
    ) -> (TestApp, Recipe, Served) {
        TestApp::beside_process_on(FreshDb::new(backend), backend, extra, shell_prefix)
    }

    /// As `beside_process`, on a database the test made.
    pub fn beside_process_on(
        db: FreshDb,
        backend: Backend,
        extra: &[(&str, &str)],
        shell_prefix: Option<String>,
    ) -> (TestApp, Recipe, Served) {
        let port = free_port();
        let bind = format!("127.0.0.1:{port}");
        let mut all = vec![("SENGKETA_BIND", bind.as_str())];
        all.extend_from_slice(extra);
        let settings = settings_for(&db, &all);
        let mut env: Vec<(String, String)> = vec![
            ("DATABASE_URL".into(), db.url()),
            ("SENGKETA_BIND".into(), bind.clone()),
            ("SENGKETA_WORKER".into(), "false".into()),
            ("SENGKETA_POOL_SIZE".into(), "4".into()),
            (
                "SENGKETA_MAIL_DIR".into(),
                settings.mail_dir.display().to_string(),
            ),
            (
                "SENGKETA_FILES_DIR".into(),
                settings.files_dir.display().to_string(),
            ),
        ];
        for (k, v) in extra {
            env.retain(|(key, _)| key != k);
            env.push((k.to_string(), v.to_string()));
        }
        let recipe = Recipe { env, shell_prefix };
        let served = recipe.start();
        // The server has applied the migrations; this pool only reads and
        // sets up accounts.
        let pool = sengketa::db::connect(&settings.database_url, 2).expect("pool");
        let app = TestApp::attach(backend, db, settings, format!("http://{bind}"), pool);
        (app, recipe, served)
    }
}
