//! A small SMTP server for tests: it records what arrives and answers the
//! end of each message with the codes a test scripts (250 by default).

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

#[derive(Debug, Clone)]
pub struct Received {
    pub from: String,
    pub to: Vec<String>,
    pub data: String,
}

#[derive(Default)]
struct State {
    received: Vec<Received>,
    /// Replies to the end of DATA, used in order; 250 once empty.
    script: VecDeque<u16>,
    attempts: usize,
    /// Time taken before answering the end of each message.
    delay: std::time::Duration,
    /// While set, the port is closed and open sessions are cut.
    down: bool,
    /// Whether the port is open now.
    listening: bool,
    sessions: Vec<TcpStream>,
}

#[derive(Clone)]
pub struct SmtpServer {
    pub port: u16,
    state: Arc<Mutex<State>>,
}

impl SmtpServer {
    pub fn start() -> SmtpServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = SmtpServer {
            port,
            state: Arc::default(),
        };
        server.state.lock().unwrap().listening = true;
        let state = server.state.clone();
        std::thread::spawn(move || accept(listener, port, state));
        server
    }

    /// Closes the port and cuts every open session, as a relay that goes
    /// down does; returns once the port is closed.
    pub fn go_down(&self) {
        let mut s = self.state.lock().unwrap();
        s.down = true;
        for stream in s.sessions.drain(..) {
            let _ = stream.shutdown(std::net::Shutdown::Both);
        }
        drop(s);
        while self.state.lock().unwrap().listening {
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
    }

    /// Opens the port again; returns once it is open.
    pub fn come_back(&self) {
        self.state.lock().unwrap().down = false;
        while !self.state.lock().unwrap().listening {
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
    }

    /// The replies the next messages get at the end of DATA.
    pub fn script(&self, codes: &[u16]) {
        self.state
            .lock()
            .unwrap()
            .script
            .extend(codes.iter().copied());
    }

    /// Makes every message take `delay` before it is answered.
    pub fn slow_down(&self, delay: std::time::Duration) {
        self.state.lock().unwrap().delay = delay;
    }

    /// Messages accepted with 250.
    pub fn received(&self) -> Vec<Received> {
        self.state.lock().unwrap().received.clone()
    }

    /// Every message that reached the end of DATA, accepted or not.
    pub fn attempts(&self) -> usize {
        self.state.lock().unwrap().attempts
    }
}

fn accept(listener: TcpListener, port: u16, state: Arc<Mutex<State>>) {
    let mut listener = Some(listener);
    loop {
        let down = state.lock().unwrap().down;
        match (&listener, down) {
            (Some(_), true) => listener = None,
            (None, false) => {
                listener = TcpListener::bind(("127.0.0.1", port)).ok();
                if let Some(l) = &listener {
                    l.set_nonblocking(true).unwrap();
                }
            }
            _ => {}
        }
        state.lock().unwrap().listening = listener.is_some();
        let Some(l) = &listener else {
            std::thread::sleep(std::time::Duration::from_millis(5));
            continue;
        };
        l.set_nonblocking(true).unwrap();
        match l.accept() {
            Ok((stream, _)) => {
                stream.set_nonblocking(false).unwrap();
                if let Ok(copy) = stream.try_clone() {
                    let mut s = state.lock().unwrap();
                    s.sessions.retain(|t| t.peer_addr().is_ok());
                    s.sessions.push(copy);
                }
                let state = state.clone();
                std::thread::spawn(move || {
                    let _ = session(stream, state);
                });
            }
            Err(_) => std::thread::sleep(std::time::Duration::from_millis(2)),
        }
    }
}

fn session(stream: TcpStream, state: Arc<Mutex<State>>) -> std::io::Result<()> {
    let mut out = stream.try_clone()?;
    let mut lines = BufReader::new(stream);
    write!(out, "220 sengketa-test ESMTP\r\n")?;
    let (mut from, mut to) = (String::new(), Vec::new());
    loop {
        let mut line = String::new();
        if lines.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let upper = line.to_ascii_uppercase();
        if upper.starts_with("EHLO") || upper.starts_with("HELO") {
            write!(out, "250-sengketa-test\r\n250 8BITMIME\r\n")?;
        } else if upper.starts_with("MAIL FROM:") {
            from = line[10..].trim().to_string();
            to.clear();
            write!(out, "250 OK\r\n")?;
        } else if upper.starts_with("RCPT TO:") {
            to.push(line[8..].trim().trim_matches(['<', '>']).to_string());
            write!(out, "250 OK\r\n")?;
        } else if upper.starts_with("DATA") {
            write!(out, "354 go on\r\n")?;
            let mut data = String::new();
            loop {
                let mut l = String::new();
                if lines.read_line(&mut l)? == 0 {
                    return Ok(());
                }
                if l == ".\r\n" || l == ".\n" {
                    break;
                }
                data.push_str(&l);
            }
            let delay = state.lock().unwrap().delay;
            std::thread::sleep(delay);
            let code = {
                let mut s = state.lock().unwrap();
                if s.down {
                    return Ok(());
                }
                s.attempts += 1;
                let code = s.script.pop_front().unwrap_or(250);
                if code == 250 {
                    s.received.push(Received {
                        from: from.clone(),
                        to: to.clone(),
                        data,
                    });
                }
                code
            };
            write!(
                out,
                "{code} {}\r\n",
                if code == 250 { "queued" } else { "not now" }
            )?;
        } else if upper.starts_with("QUIT") {
            write!(out, "221 bye\r\n")?;
            return Ok(());
        } else {
            write!(out, "250 OK\r\n")?;
        }
    }
}
