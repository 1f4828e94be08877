//! Email: what a change tells whom (`compose`), and getting the queued
//! messages out (`worker`) over SMTP or, with no relay configured, into
//! `.eml` files.

pub mod compose;
pub mod followers;
pub mod reminders;
pub mod worker;

use std::time::Duration;

use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::SmtpTransport;
use lettre::{FileTransport, Transport as _};

use crate::config::Settings;
use crate::domain::delivery::Outcome;
use crate::models::outbox::Message;

/// Where messages go.
#[derive(Clone)]
pub enum Transport {
    Smtp(SmtpTransport),
    Files(FileTransport, std::path::PathBuf),
}

impl Transport {
    pub fn from_settings(settings: &Settings) -> crate::Result<Transport> {
        match &settings.smtp_url {
            Some(url) => {
                let transport = SmtpTransport::from_url(url)
                    .map_err(|e| crate::Error::Mail(format!("SENGKETA_SMTP_URL: {e}")))?
                    .timeout(Some(Duration::from_secs(20)))
                    .build();
                Ok(Transport::Smtp(transport))
            }
            None => {
                std::fs::create_dir_all(&settings.mail_dir).map_err(|e| {
                    crate::Error::Mail(format!(
                        "cannot create {}: {e}",
                        settings.mail_dir.display()
                    ))
                })?;
                Ok(Transport::Files(
                    FileTransport::new(&settings.mail_dir),
                    settings.mail_dir.clone(),
                ))
            }
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Transport::Smtp(_) => "SMTP".into(),
            Transport::Files(_, dir) => format!(".eml files in {}", dir.display()),
        }
    }
}

/// The stored message as an email, with its own Message-ID so that a
/// resend after a crash is recognisable.
pub fn build(m: &Message, from: &str) -> crate::Result<lettre::Message> {
    let from: Mailbox = from
        .parse()
        .map_err(|e| crate::Error::Mail(format!("sender: {e}")))?;
    let to: Mailbox = m
        .recipient
        .parse()
        .map_err(|e| crate::Error::Mail(format!("recipient: {e}")))?;
    let mut builder = lettre::Message::builder()
        .from(from)
        .to(to)
        .subject(m.subject.clone())
        .message_id(Some(m.message_id.clone()));
    builder = builder.header(ContentLanguage(m.lang.clone()));
    if let Some(url) = &m.unsubscribe_url {
        // One-click unsubscribe (RFC 8058).
        builder = builder
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("List-Unsubscribe"),
                format!("<{url}>"),
            ))
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                "List-Unsubscribe=One-Click".into(),
            ));
    }
    builder
        .multipart(MultiPart::alternative_plain_html(
            m.body_text.clone(),
            m.body_html.clone(),
        ))
        .map_err(|e| crate::Error::Mail(format!("message: {e}")))
}

/// `Content-Language`, so that mail clients know which language they show.
#[derive(Clone)]
struct ContentLanguage(String);

impl lettre::message::header::Header for ContentLanguage {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Content-Language")
    }

    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(ContentLanguage(s.to_string()))
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}

/// Sends one message and says how it went.
pub fn send(transport: &Transport, email: &lettre::Message) -> (Outcome, Option<String>) {
    match transport {
        Transport::Smtp(t) => match t.send(email) {
            Ok(_) => (Outcome::Sent, None),
            Err(e) if e.is_permanent() => (Outcome::Permanent, Some(e.to_string())),
            Err(e) if e.is_transient() => (Outcome::Temporary, Some(e.to_string())),
            // No SMTP reply at all: refused, cut or timed out.
            Err(e) => (
                Outcome::Unreachable,
                Some(format!(
                    "{}{e}",
                    crate::domain::delivery::UNREACHABLE_PREFIX
                )),
            ),
        },
        Transport::Files(t, _) => match t.send(email) {
            Ok(_) => (Outcome::Sent, None),
            Err(e) => (Outcome::Temporary, Some(e.to_string())),
        },
    }
}
