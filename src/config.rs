//! Typed settings read from the environment (and `.env`), checked at start.

use std::net::{IpAddr, SocketAddr};

use crate::db::DatabaseUrl;
use crate::domain::deadlines::Unit;
use crate::domain::register_number::NumberFormat;

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/sengketa.db";
pub const DEFAULT_BIND: &str = "127.0.0.1:8080";
pub const DEFAULT_COMMISSION: &str = "Komisi Informasi Pusat Republik Indonesia";
pub const DEFAULT_TIME_ZONE: &str = "Asia/Jakarta";
pub const DEFAULT_REGISTER_FORMAT: &str = "{seq}/KIP-{kind}/{month}/{year}";

#[derive(Debug, Clone)]
pub struct Settings {
    pub database_url: DatabaseUrl,
    pub bind: SocketAddr,
    pub base_url: String,
    pub commission_name: String,
    pub time_zone: chrono_tz::Tz,
    pub register_format: NumberFormat,
    /// Whether collective leave (cuti bersama) is a day off for deadlines.
    pub collective_leave_is_day_off: bool,
    /// Whether the appeal window counts calendar days or working days.
    pub appeal_window_unit: Unit,
    /// Load the demo case when the database holds no register yet.
    pub seed_demo_when_empty: bool,
    pub pool_size: u32,
    /// Send the session cookie over HTTPS only.
    pub secure_cookies: bool,
    /// Key that signs and encrypts session cookies; when unset, one is made
    /// once and kept in the database.
    pub session_key: Option<Vec<u8>>,
    /// `smtp://`, `smtps://` or `smtp://…?tls=required` relay; without it
    /// messages are written as `.eml` files under `mail_dir`.
    pub smtp_url: Option<String>,
    pub mail_from: String,
    pub mail_dir: std::path::PathBuf,
    /// Where uploaded documents are kept (outside anything served as is).
    pub files_dir: std::path::PathBuf,
    /// Run the delivery worker inside `serve`.
    pub run_worker: bool,
    /// How many bytes of rendered public pages one process keeps.
    pub page_cache_bytes: u64,
    /// The wait before the first retry of a message the relay did not
    /// take; each further retry waits twice as long.
    pub mail_retry_seconds: u32,
    /// A signed-in session ends after this long without a request…
    pub session_idle: chrono::Duration,
    /// …and this long after sign-in, however busy.
    pub session_lifetime: chrono::Duration,
    /// Reverse proxies whose `X-Forwarded-For` names the client; without
    /// them the client is the connection's peer.
    pub trusted_proxies: Vec<IpAddr>,
}

/// A setting with a value that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{var}: {expected} (got {got:?})")]
pub struct ConfigError {
    pub var: &'static str,
    pub expected: String,
    pub got: String,
}

fn bad(var: &'static str, expected: impl Into<String>, got: &str) -> ConfigError {
    ConfigError {
        var,
        expected: expected.into(),
        got: got.to_string(),
    }
}

fn parse_bool(var: &'static str, value: &str) -> Result<bool, ConfigError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => Err(bad(var, "true or false", value)),
    }
}

impl Settings {
    /// Today in the commission's time zone.
    pub fn today(&self) -> chrono::NaiveDate {
        self.local_now().date()
    }

    /// The time on the commission's clocks now.
    pub fn local_now(&self) -> chrono::NaiveDateTime {
        chrono::Utc::now()
            .with_timezone(&self.time_zone)
            .naive_local()
    }

    /// Reads the process environment, after loading `.env` if there is one.
    pub fn from_env() -> Result<Settings, ConfigError> {
        let _ = dotenvy::dotenv();
        Settings::from_lookup(|key| std::env::var(key).ok())
    }

    /// Reads settings through `lookup`, so tests can pass their own values.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Settings, ConfigError> {
        let get = |key: &str| lookup(key).filter(|v| !v.trim().is_empty());

        let explicit_db = get("DATABASE_URL");
        let db_raw = explicit_db
            .clone()
            .unwrap_or_else(|| DEFAULT_DATABASE_URL.to_string());
        let database_url = DatabaseUrl::parse(&db_raw).map_err(|e| {
            bad(
                "DATABASE_URL",
                format!("sqlite://PATH or postgres://USER@HOST/DB ({e})"),
                &db_raw,
            )
        })?;

        let bind_raw = get("SENGKETA_BIND").unwrap_or_else(|| DEFAULT_BIND.to_string());
        let bind: SocketAddr = bind_raw.trim().parse().map_err(|_| {
            bad(
                "SENGKETA_BIND",
                "an address and port such as 127.0.0.1:8080",
                &bind_raw,
            )
        })?;

        let base_url = match get("SENGKETA_BASE_URL") {
            Some(url) => {
                let url = url.trim().trim_end_matches('/').to_string();
                if !(url.starts_with("http://") || url.starts_with("https://")) {
                    return Err(bad(
                        "SENGKETA_BASE_URL",
                        "an http:// or https:// address",
                        &url,
                    ));
                }
                url
            }
            None => format!("http://{bind}"),
        };

        let commission_name = get("SENGKETA_COMMISSION_NAME")
            .map(|s| s.trim().to_string())
            .unwrap_or_else(|| DEFAULT_COMMISSION.to_string());

        let tz_raw = get("SENGKETA_TIME_ZONE").unwrap_or_else(|| DEFAULT_TIME_ZONE.to_string());
        let time_zone: chrono_tz::Tz = tz_raw.trim().parse().map_err(|_| {
            bad(
                "SENGKETA_TIME_ZONE",
                "an IANA time zone such as Asia/Jakarta",
                &tz_raw,
            )
        })?;

        let format_raw =
            get("SENGKETA_REGISTER_FORMAT").unwrap_or_else(|| DEFAULT_REGISTER_FORMAT.to_string());
        let register_format = NumberFormat::new(format_raw.trim()).map_err(|e| {
            bad(
                "SENGKETA_REGISTER_FORMAT",
                format!("a pattern with {{seq}} and {{year}}, and optionally {{month}} and {{kind}} ({e})"),
                &format_raw,
            )
        })?;

        let collective_leave_is_day_off = match get("SENGKETA_COLLECTIVE_LEAVE_IS_DAY_OFF") {
            Some(v) => parse_bool("SENGKETA_COLLECTIVE_LEAVE_IS_DAY_OFF", &v)?,
            None => true,
        };

        let appeal_window_unit = match get("SENGKETA_APPEAL_WINDOW_UNIT").as_deref().map(str::trim)
        {
            None | Some("calendar_days") => Unit::CalendarDays,
            Some("working_days") => Unit::WorkingDays,
            Some(other) => {
                return Err(bad(
                    "SENGKETA_APPEAL_WINDOW_UNIT",
                    "calendar_days or working_days",
                    other,
                ))
            }
        };

        let seed_demo_when_empty = match get("SENGKETA_SEED_DEMO") {
            Some(v) => parse_bool("SENGKETA_SEED_DEMO", &v)?,
            None => explicit_db.is_none(),
        };

        let pool_size = match get("SENGKETA_POOL_SIZE") {
            Some(v) => v
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=256).contains(n))
                .ok_or_else(|| bad("SENGKETA_POOL_SIZE", "a number from 1 to 256", &v))?,
            None => 8,
        };

        let secure_cookies = match get("SENGKETA_SECURE_COOKIES") {
            Some(v) => parse_bool("SENGKETA_SECURE_COOKIES", &v)?,
            None => base_url.starts_with("https://"),
        };

        let session_key = match get("SENGKETA_SESSION_KEY") {
            Some(v) => {
                let bytes = decode_hex(v.trim())
                    .filter(|b| b.len() >= 64)
                    .ok_or_else(|| {
                        bad(
                            "SENGKETA_SESSION_KEY",
                            "at least 128 hexadecimal digits (64 bytes)",
                            "…",
                        )
                    })?;
                Some(bytes)
            }
            None => None,
        };

        let smtp_url = match get("SENGKETA_SMTP_URL") {
            Some(url) => {
                let url = url.trim().to_string();
                if !(url.starts_with("smtp://") || url.starts_with("smtps://")) {
                    return Err(bad(
                        "SENGKETA_SMTP_URL",
                        "smtp://HOST:PORT or smtps://USER:PASS@HOST:PORT",
                        "…",
                    ));
                }
                Some(url)
            }
            None => None,
        };
        let mail_from = get("SENGKETA_MAIL_FROM")
            .map(|v| v.trim().to_string())
            .unwrap_or_else(|| "Sengketa <noreply@localhost>".into());
        if mail_from.parse::<lettre::message::Mailbox>().is_err() {
            return Err(bad(
                "SENGKETA_MAIL_FROM",
                "a sender such as Sengketa <noreply@example.org>",
                &mail_from,
            ));
        }
        let mail_dir = get("SENGKETA_MAIL_DIR")
            .map(|v| v.trim().into())
            .unwrap_or_else(|| "data/mail".into());
        let files_dir = get("SENGKETA_FILES_DIR")
            .map(|v| v.trim().into())
            .unwrap_or_else(|| "data/files".into());

        let run_worker = match get("SENGKETA_WORKER") {
            Some(v) => parse_bool("SENGKETA_WORKER", &v)?,
            None => true,
        };

        let mail_retry_seconds = match get("SENGKETA_MAIL_RETRY_SECONDS") {
            Some(v) => v
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=3600).contains(n))
                .ok_or_else(|| bad("SENGKETA_MAIL_RETRY_SECONDS", "a number from 1 to 3600", &v))?,
            None => crate::domain::delivery::BASE_DELAY_SECS as u32,
        };
        let page_cache_bytes = match get("SENGKETA_PAGE_CACHE_MB") {
            Some(v) => v
                .trim()
                .parse::<u64>()
                .ok()
                .filter(|n| *n <= 4096)
                .ok_or_else(|| bad("SENGKETA_PAGE_CACHE_MB", "a number from 0 to 4096", &v))?,
            None => 32,
        } * 1024
            * 1024;

        let minutes = |var: &'static str, default: i64, max: i64| -> Result<i64, ConfigError> {
            match get(var) {
                Some(v) => v
                    .trim()
                    .parse::<i64>()
                    .ok()
                    .filter(|n| (1..=max).contains(n))
                    .ok_or_else(|| bad(var, format!("a number of minutes from 1 to {max}"), &v)),
                None => Ok(default),
            }
        };
        let session_idle =
            chrono::Duration::minutes(minutes("SENGKETA_SESSION_IDLE_MINUTES", 240, 60 * 24 * 30)?);
        let session_lifetime = chrono::Duration::minutes(minutes(
            "SENGKETA_SESSION_LIFETIME_MINUTES",
            60 * 24,
            60 * 24 * 90,
        )?);
        let trusted_proxies = match get("SENGKETA_TRUSTED_PROXIES") {
            Some(v) => v
                .split(',')
                .map(|a| a.trim().parse::<IpAddr>())
                .collect::<Result<Vec<_>, _>>()
                .map_err(|_| {
                    bad(
                        "SENGKETA_TRUSTED_PROXIES",
                        "IP addresses separated by commas, such as 127.0.0.1,::1",
                        &v,
                    )
                })?,
            None => Vec::new(),
        };

        Ok(Settings {
            database_url,
            bind,
            base_url,
            commission_name,
            time_zone,
            register_format,
            collective_leave_is_day_off,
            appeal_window_unit,
            seed_demo_when_empty,
            pool_size,
            secure_cookies,
            session_key,
            smtp_url,
            mail_from,
            mail_dir,
            files_dir,
            run_worker,
            page_cache_bytes,
            mail_retry_seconds,
            session_idle,
            session_lifetime,
            trusted_proxies,
        })
    }
}

/// Bytes from hexadecimal text, or `None` when it is not hexadecimal.
pub fn decode_hex(text: &str) -> Option<Vec<u8>> {
    if text.len() % 2 != 0 {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

pub fn encode_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn settings(pairs: &[(&str, &str)]) -> Result<Settings, ConfigError> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Settings::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults_need_no_setting() {
        let s = settings(&[]).unwrap();
        assert_eq!(
            s.database_url,
            DatabaseUrl::parse(DEFAULT_DATABASE_URL).unwrap()
        );
        assert_eq!(s.bind.to_string(), DEFAULT_BIND);
        assert_eq!(s.base_url, "http://127.0.0.1:8080");
        assert_eq!(s.time_zone, chrono_tz::Asia::Jakarta);
        assert!(s.seed_demo_when_empty);
        assert_eq!(s.appeal_window_unit, Unit::CalendarDays);
    }

    #[test]
    fn each_bad_value_names_its_variable() {
        let cases = [
            ("DATABASE_URL", "mysql://x"),
            ("SENGKETA_BIND", "localhost"),
            ("SENGKETA_BASE_URL", "example.org"),
            ("SENGKETA_TIME_ZONE", "Asia/Atlantis"),
            ("SENGKETA_REGISTER_FORMAT", "{seq}/KIP"),
            ("SENGKETA_COLLECTIVE_LEAVE_IS_DAY_OFF", "maybe"),
            ("SENGKETA_SECURE_COOKIES", "sometimes"),
            ("SENGKETA_SESSION_KEY", "abc"),
            ("SENGKETA_SMTP_URL", "mail.example.org"),
            ("SENGKETA_MAIL_FROM", "not an address"),
            ("SENGKETA_APPEAL_WINDOW_UNIT", "weeks"),
            ("SENGKETA_SEED_DEMO", "2"),
            ("SENGKETA_POOL_SIZE", "0"),
        ];
        for (var, value) in cases {
            let err = settings(&[(var, value)]).unwrap_err();
            assert_eq!(err.var, var);
            if var == "SENGKETA_SESSION_KEY" || var == "SENGKETA_SMTP_URL" {
                assert_eq!(err.got, "…", "a secret is never echoed");
            } else {
                assert_eq!(err.got, value);
            }
        }
    }

    #[test]
    fn an_explicit_database_is_not_seeded_unless_asked() {
        let s = settings(&[("DATABASE_URL", "postgres://localhost/x")]).unwrap();
        assert!(!s.seed_demo_when_empty);
        let s = settings(&[
            ("DATABASE_URL", "sqlite://x.db"),
            ("SENGKETA_SEED_DEMO", "yes"),
        ])
        .unwrap();
        assert!(s.seed_demo_when_empty);
    }
}
