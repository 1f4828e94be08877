//! What each change tells whom, rendered in the recipient's language.

use askama::Template;

use crate::config::Settings;
use crate::domain::status::{Status, Transition};
use crate::i18n::Lang;
use crate::models::follows::{self, Follow};
use crate::models::outbox::NewMessage;
use crate::models::registers::Register;
use crate::models::{bodies, petitioners, Conn};

#[derive(Template)]
#[template(path = "mail/status_changed.txt")]
struct StatusText<'a> {
    m: &'a StatusMail,
}

#[derive(Template)]
#[template(path = "mail/status_changed.html")]
struct StatusHtml<'a> {
    m: &'a StatusMail,
}

/// Everything a status email says, already in its language.
pub struct StatusMail {
    pub lang: Lang,
    pub commission: String,
    pub number: String,
    pub subject: String,
    pub from: &'static str,
    pub to: &'static str,
    pub to_help: &'static str,
    pub date: String,
    pub public_text: Option<String>,
    /// What an incomplete application lacks: told to the petitioner only.
    pub missing: Option<String>,
    pub link: Option<String>,
    /// For followers: the one-click unsubscribe link.
    pub unsubscribe: Option<String>,
}

impl StatusMail {
    fn t(&self, key: &str) -> &'static str {
        self.lang.t(key)
    }

    fn render(&self, register_id: &str, recipient: &str) -> Result<NewMessage, askama::Error> {
        Ok(NewMessage {
            register_id: Some(register_id.to_string()),
            recipient: recipient.to_string(),
            lang: self.lang.code().to_string(),
            subject: self.lang.fill(
                "mail.status_subject",
                &[("number", &self.number), ("status", self.to)],
            ),
            body_text: StatusText { m: self }.render()?,
            body_html: StatusHtml { m: self }.render()?,
            unsubscribe_url: None,
        })
    }
}

/// The messages a status change sends: the petitioner always (with what
/// is missing, if anything); the respondent's notice addresses once the
/// dispute is registered. Nothing private goes to the respondent.
pub fn status_change(
    conn: &mut Conn,
    settings: &Settings,
    r: &Register,
    t: &Transition,
    number: Option<&str>,
    public_text: Option<&str>,
    missing: Option<&str>,
) -> Result<Vec<NewMessage>, crate::web::AppError> {
    let lang = Lang::Id;
    let public = t.to.is_public() || r.registered_on.is_some();
    let mail = |missing: Option<&str>| StatusMail {
        lang,
        commission: settings.commission_name.clone(),
        number: number
            .map(str::to_string)
            .or_else(|| r.number.clone())
            .unwrap_or_else(|| lang.t("common.unnumbered").into()),
        subject: r.subject.clone(),
        from: lang.label("status", t.from.code()),
        to: lang.label("status", t.to.code()),
        to_help: lang.label("status_help", t.to.code()),
        date: lang.date(t.on),
        public_text: public_text.map(str::to_string),
        missing: missing.map(str::to_string),
        link: public.then(|| format!("{}/registers/{}", settings.base_url, r.id)),
        unsubscribe: None,
    };
    let mut out = Vec::new();
    if let Some(email) = petitioners::find(conn, &r.petitioner_id)?.and_then(|p| p.email) {
        let missing = if t.to == Status::Incomplete {
            missing
        } else {
            None
        };
        out.push(mail(missing).render(&r.id, &email)?);
    }
    if public {
        if let Some(body) = bodies::find(conn, &r.respondent_id)? {
            for email in body
                .notice_emails
                .split(',')
                .map(str::trim)
                .filter(|e| !e.is_empty())
            {
                out.push(mail(None).render(&r.id, email)?);
            }
        }
        // Followers read what the public page says, in their language.
        for f in follows::followers_of(conn, &r.id, &r.respondent_id)? {
            let flang = Lang::from_code(&f.lang).unwrap_or_default();
            let unsubscribe = format!("{}/follows/{}/unsubscribe", settings.base_url, f.token);
            let mut m = mail(None);
            m.lang = flang;
            m.from = flang.label("status", t.from.code());
            m.to = flang.label("status", t.to.code());
            m.to_help = flang.label("status_help", t.to.code());
            m.date = flang.date(t.on);
            m.unsubscribe = Some(unsubscribe.clone());
            let mut msg = m.render(&r.id, &f.email)?;
            msg.unsubscribe_url = Some(unsubscribe);
            out.push(msg);
        }
    }
    Ok(out)
}

/// The host part of the public address, for Message-IDs.
pub fn message_domain(settings: &Settings) -> String {
    let host = settings.base_url.split("://").nth(1).unwrap_or("localhost");
    host.split(['/', ':'])
        .next()
        .filter(|h| !h.is_empty())
        .unwrap_or("localhost")
        .to_string()
}

#[derive(Template)]
#[template(path = "mail/follow_confirm.txt")]
struct ConfirmText<'a> {
    m: &'a ConfirmMail,
}

#[derive(Template)]
#[template(path = "mail/follow_confirm.html")]
struct ConfirmHtml<'a> {
    m: &'a ConfirmMail,
}

pub struct ConfirmMail {
    pub lang: Lang,
    pub commission: String,
    pub what: String,
    pub confirm: String,
}

impl ConfirmMail {
    fn t(&self, key: &str) -> &'static str {
        self.lang.t(key)
    }
}

/// The email that asks to confirm a follow of `what`.
pub fn follow_confirmation(
    settings: &Settings,
    f: &Follow,
    what: &str,
) -> Result<NewMessage, askama::Error> {
    let lang = Lang::from_code(&f.lang).unwrap_or_default();
    let m = ConfirmMail {
        lang,
        commission: settings.commission_name.clone(),
        what: what.to_string(),
        confirm: format!("{}/follows/{}/confirm", settings.base_url, f.token),
    };
    Ok(NewMessage {
        register_id: f.register_id.clone(),
        recipient: f.email.clone(),
        lang: lang.code().to_string(),
        subject: lang.fill("mail.confirm_subject", &[("what", what)]),
        body_text: ConfirmText { m: &m }.render()?,
        body_html: ConfirmHtml { m: &m }.render()?,
        unsubscribe_url: None,
    })
}

#[derive(Template)]
#[template(path = "mail/event.txt")]
struct EventText<'a> {
    m: &'a EventMail,
}

#[derive(Template)]
#[template(path = "mail/event.html")]
struct EventHtml<'a> {
    m: &'a EventMail,
}

/// A timeline event as an email: hearings, consequence tests, compliance.
pub struct EventMail {
    pub lang: Lang,
    pub commission: String,
    pub number: String,
    pub subject: String,
    pub kind: &'static str,
    pub text: String,
    pub link: String,
    pub unsubscribe: Option<String>,
}

impl EventMail {
    fn t(&self, key: &str) -> &'static str {
        self.lang.t(key)
    }
}

/// The messages a public timeline event of a registered dispute sends: the
/// petitioner, the respondent's notice addresses and confirmed followers,
/// each in their language; the text is the event's public text.
pub fn event_notices(
    conn: &mut Conn,
    settings: &Settings,
    r: &Register,
    kind: crate::domain::kinds::EventKind,
    text: &str,
) -> Result<Vec<NewMessage>, crate::web::AppError> {
    if r.registered_on.is_none() {
        return Ok(Vec::new());
    }
    let make = |lang: Lang, unsubscribe: Option<String>| EventMail {
        lang,
        commission: settings.commission_name.clone(),
        number: r.number.clone().unwrap_or_default(),
        subject: r.subject.clone(),
        kind: lang.label("event", kind.code()),
        text: text.to_string(),
        link: format!("{}/registers/{}", settings.base_url, r.id),
        unsubscribe,
    };
    let render = |m: &EventMail, to: &str| -> Result<NewMessage, askama::Error> {
        Ok(NewMessage {
            register_id: Some(r.id.clone()),
            recipient: to.to_string(),
            lang: m.lang.code().to_string(),
            subject: m.lang.fill(
                "mail.status_subject",
                &[("number", &m.number), ("status", m.kind)],
            ),
            body_text: EventText { m }.render()?,
            body_html: EventHtml { m }.render()?,
            unsubscribe_url: m.unsubscribe.clone(),
        })
    };
    let mut out = Vec::new();
    let mut parties: Vec<String> = Vec::new();
    if let Some(email) = petitioners::find(conn, &r.petitioner_id)?.and_then(|p| p.email) {
        parties.push(email);
    }
    if let Some(body) = bodies::find(conn, &r.respondent_id)? {
        parties.extend(
            body.notice_emails
                .split(',')
                .map(str::trim)
                .filter(|e| !e.is_empty())
                .map(str::to_string),
        );
    }
    for to in &parties {
        out.push(render(&make(Lang::Id, None), to)?);
    }
    for f in follows::followers_of(conn, &r.id, &r.respondent_id)? {
        if parties.contains(&f.email) {
            continue;
        }
        let unsubscribe = format!("{}/follows/{}/unsubscribe", settings.base_url, f.token);
        let lang = Lang::from_code(&f.lang).unwrap_or_default();
        out.push(render(&make(lang, Some(unsubscribe)), &f.email)?);
    }
    Ok(out)
}

/// Queues the email of a public event of register `register_id`; call it in
/// the transaction that writes the event.
pub fn queue_event(
    conn: &mut Conn,
    settings: &Settings,
    register_id: &str,
    kind: crate::domain::kinds::EventKind,
    text: &str,
) -> Result<(), crate::web::AppError> {
    let Some(r) = crate::models::registers::find(conn, register_id)? else {
        return Ok(());
    };
    let notices = event_notices(conn, settings, &r, kind, text)?;
    crate::models::outbox::enqueue(
        conn,
        &notices,
        &message_domain(settings),
        crate::models::now(),
    )?;
    Ok(())
}
