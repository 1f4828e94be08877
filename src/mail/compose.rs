//! What each change tells whom, rendered in the recipient's language.

use askama::Template;

use crate::config::Settings;
use crate::domain::kinds::EventKind;
use crate::domain::status::{Status, Transition};
use crate::i18n::Lang;
use crate::models::follows::Follow;
use crate::models::notices::{self, Notice};
use crate::models::outbox::{NewMessage, Outgoing};
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

/// A text in both languages: generated texts are written in each; what
/// staff typed is the same in both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Texts {
    pub id: String,
    pub en: String,
}

impl Texts {
    pub fn same(text: &str) -> Texts {
        Texts {
            id: text.to_string(),
            en: text.to_string(),
        }
    }

    pub fn each(f: impl Fn(Lang) -> String) -> Texts {
        Texts {
            id: f(Lang::Id),
            en: f(Lang::En),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Id => &self.id,
            Lang::En => &self.en,
        }
    }
}

/// The parties a register's news goes to directly: the petitioner in the
/// language they chose, and the respondent's notice addresses in Indonesian.
pub struct Parties {
    pub petitioner: Option<(String, Lang)>,
    pub respondent: Vec<String>,
}

impl Parties {
    pub fn of(conn: &mut Conn, r: &Register) -> Result<Parties, crate::Error> {
        let petitioner = petitioners::find(conn, &r.petitioner_id)?.and_then(|p| {
            let lang = Lang::from_code(&p.lang).unwrap_or_default();
            p.email.map(|e| (e, lang))
        });
        let respondent = bodies::find(conn, &r.respondent_id)?
            .map(|b| {
                b.notice_emails
                    .split(',')
                    .map(str::trim)
                    .filter(|e| !e.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        Ok(Parties {
            petitioner,
            respondent,
        })
    }

    /// Whether `email` is one of the parties (who then hear as a party,
    /// not as a follower).
    pub fn includes(&self, email: &str) -> bool {
        self.petitioner
            .as_ref()
            .is_some_and(|(e, _)| e.eq_ignore_ascii_case(email))
            || self
                .respondent
                .iter()
                .any(|e| e.eq_ignore_ascii_case(email))
    }
}

fn new_notice(r: &Register, kind: &str, on: chrono::NaiveDate, text: Option<&Texts>) -> Notice {
    Notice {
        id: crate::db::new_id(),
        register_id: r.id.clone(),
        kind: kind.to_string(),
        from_status: None,
        to_status: None,
        occurred_on: on,
        text_id: text.map(|t| t.id.clone()),
        text_en: text.map(|t| t.en.clone()),
        created_at: crate::models::now(),
        fanned_out_at: None,
    }
}

struct StatusFacts<'a> {
    number: String,
    from: &'a str,
    to: &'a str,
    on: chrono::NaiveDate,
    text: Option<String>,
    missing: Option<String>,
    link: Option<String>,
    unsubscribe: Option<String>,
}

fn status_mail(settings: &Settings, r: &Register, lang: Lang, f: StatusFacts) -> StatusMail {
    StatusMail {
        lang,
        commission: settings.commission_name.clone(),
        number: if f.number.is_empty() {
            lang.t("common.unnumbered").into()
        } else {
            f.number
        },
        subject: r.subject.clone(),
        from: lang.label("status", f.from),
        to: lang.label("status", f.to),
        to_help: lang.label("status_help", f.to),
        date: lang.date(f.on),
        public_text: f.text,
        missing: f.missing,
        link: f.link,
        unsubscribe: f.unsubscribe,
    }
}

/// What a status change sends: the petitioner always (with what is
/// missing, if anything); once the dispute is public, the respondent's
/// notice addresses and a notice for the followers. Nothing private goes to
/// the respondent or the followers.
pub fn status_change(
    conn: &mut Conn,
    settings: &Settings,
    r: &Register,
    t: &Transition,
    number: Option<&str>,
    public_text: Option<&str>,
    missing: Option<&str>,
) -> Result<Outgoing, crate::Error> {
    let public = t.to.is_public() || r.registered_on.is_some();
    let number = number
        .map(str::to_string)
        .or_else(|| r.number.clone())
        .unwrap_or_default();
    let facts = |missing: Option<&str>| StatusFacts {
        number: number.clone(),
        from: t.from.code(),
        to: t.to.code(),
        on: t.on,
        text: public_text.map(str::to_string),
        missing: missing.map(str::to_string),
        link: public.then(|| format!("{}/registers/{}", settings.base_url, r.id)),
        unsubscribe: None,
    };
    let parties = Parties::of(conn, r)?;
    let mut out = Outgoing::default();
    if let Some((email, lang)) = &parties.petitioner {
        let missing = missing.filter(|_| t.to == Status::Incomplete);
        let m = status_mail(settings, r, *lang, facts(missing));
        out.messages.push(m.render(&r.id, email)?);
    }
    if public {
        for email in &parties.respondent {
            let m = status_mail(settings, r, Lang::Id, facts(None));
            out.messages.push(m.render(&r.id, email)?);
        }
        let text = public_text.map(Texts::same);
        let mut n = new_notice(r, notices::STATUS, t.on, text.as_ref());
        n.from_status = Some(t.from.code().to_string());
        n.to_status = Some(t.to.code().to_string());
        out.notice = Some(n);
    }
    Ok(out)
}

/// The email telling follower `f` of notice `n` of register `r`, in the
/// follower's language with their unsubscribe link.
pub fn for_follower(
    settings: &Settings,
    r: &Register,
    n: &Notice,
    f: &Follow,
) -> Result<NewMessage, askama::Error> {
    let lang = Lang::from_code(&f.lang).unwrap_or_default();
    let unsubscribe = format!("{}/follows/{}/unsubscribe", settings.base_url, f.token);
    let link = format!("{}/registers/{}", settings.base_url, r.id);
    let mut msg = if n.kind == notices::STATUS {
        let facts = StatusFacts {
            number: r.number.clone().unwrap_or_default(),
            from: n.from_status.as_deref().unwrap_or_default(),
            to: n.to_status.as_deref().unwrap_or_default(),
            on: n.occurred_on,
            text: notice_text(n, lang).map(str::to_string),
            missing: None,
            link: Some(link),
            unsubscribe: Some(unsubscribe.clone()),
        };
        status_mail(settings, r, lang, facts).render(&r.id, &f.email)?
    } else {
        event_mail(settings, r, lang, n, Some(unsubscribe.clone())).render(&r.id, &f.email)?
    };
    msg.unsubscribe_url = Some(unsubscribe);
    Ok(msg)
}

/// The host part of the public address, for Message-IDs.
/// A notice's text in `lang` (Indonesian when it has no English).
pub fn notice_text(n: &Notice, lang: Lang) -> Option<&str> {
    match lang {
        Lang::En => n.text_en.as_deref().or(n.text_id.as_deref()),
        Lang::Id => n.text_id.as_deref(),
    }
}

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
#[template(path = "mail/account.txt")]
struct AccountText<'a> {
    m: &'a AccountMail,
}

#[derive(Template)]
#[template(path = "mail/account.html")]
struct AccountHtml<'a> {
    m: &'a AccountMail,
}

/// An email about the reader's account: a text and the link that acts.
pub struct AccountMail {
    pub lang: Lang,
    pub commission: String,
    pub subject: String,
    pub text: String,
    pub link_label: &'static str,
    pub link: String,
}

/// The account email `key` (`key.subject`, `key.text`, `key.link`) to `to`.
pub fn account_message(
    settings: &Settings,
    lang: Lang,
    to: &str,
    key: &str,
    link: &str,
) -> Result<NewMessage, askama::Error> {
    let m = AccountMail {
        lang,
        commission: settings.commission_name.clone(),
        subject: lang.t(&format!("{key}.subject")).to_string(),
        text: lang.t(&format!("{key}.text")).to_string(),
        link_label: lang.t(&format!("{key}.link")),
        link: link.to_string(),
    };
    Ok(NewMessage {
        register_id: None,
        recipient: to.to_string(),
        lang: lang.code().to_string(),
        subject: m.subject.clone(),
        body_text: AccountText { m: &m }.render()?,
        body_html: AccountHtml { m: &m }.render()?,
        unsubscribe_url: None,
    })
}

/// Tells every active staff member what a petitioner did on register `r`
/// (`subject_key` names it; `text` says it), with a link to the staff page.
pub fn to_staff(
    conn: &mut Conn,
    settings: &Settings,
    r: &Register,
    subject_key: &str,
    text: &str,
) -> Result<Vec<NewMessage>, crate::Error> {
    let lang = Lang::Id;
    let what = r.number.clone().unwrap_or_else(|| r.subject.clone());
    let mut out = Vec::new();
    for u in crate::models::users::all(conn)? {
        if !u.active || !u.role().is_staff() {
            continue;
        }
        let m = AccountMail {
            lang,
            commission: settings.commission_name.clone(),
            subject: lang.fill(subject_key, &[("what", &what)]),
            text: text.to_string(),
            link_label: lang.t("mail.staff_link"),
            link: format!("{}/staff/registers/{}", settings.base_url, r.id),
        };
        out.push(NewMessage {
            register_id: Some(r.id.clone()),
            recipient: u.email,
            lang: lang.code().to_string(),
            subject: m.subject.clone(),
            body_text: AccountText { m: &m }.render()?,
            body_html: AccountHtml { m: &m }.render()?,
            unsubscribe_url: None,
        });
    }
    Ok(out)
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

/// The label of a notice's kind in `lang`.
pub fn kind_label(lang: Lang, kind: &str) -> &'static str {
    match kind {
        notices::STATUS => lang.t("mail.status_changed"),
        notices::REMINDER => lang.t("mail.reminder_kind"),
        _ => lang.label("event", kind),
    }
}

fn event_mail(
    settings: &Settings,
    r: &Register,
    lang: Lang,
    n: &Notice,
    unsubscribe: Option<String>,
) -> EventMail {
    EventMail {
        lang,
        commission: settings.commission_name.clone(),
        number: r.number.clone().unwrap_or_default(),
        subject: r.subject.clone(),
        kind: kind_label(lang, &n.kind),
        text: notice_text(n, lang).unwrap_or_default().to_string(),
        link: format!("{}/registers/{}", settings.base_url, r.id),
        unsubscribe,
    }
}

impl EventMail {
    fn render(&self, register_id: &str, to: &str) -> Result<NewMessage, askama::Error> {
        Ok(NewMessage {
            register_id: Some(register_id.to_string()),
            recipient: to.to_string(),
            lang: self.lang.code().to_string(),
            subject: self.lang.fill(
                "mail.status_subject",
                &[("number", &self.number), ("status", self.kind)],
            ),
            body_text: EventText { m: self }.render()?,
            body_html: EventHtml { m: self }.render()?,
            unsubscribe_url: self.unsubscribe.clone(),
        })
    }
}

/// What a public timeline event of a registered dispute sends: the parties
/// at once, each in their language, and a notice for the followers.
pub fn event_notices(
    conn: &mut Conn,
    settings: &Settings,
    r: &Register,
    kind: &str,
    text: &Texts,
) -> Result<Outgoing, crate::Error> {
    let mut out = Outgoing::default();
    if r.registered_on.is_none() {
        return Ok(out);
    }
    let on = settings.today();
    let n = new_notice(r, kind, on, Some(text));
    let parties = Parties::of(conn, r)?;
    if let Some((email, lang)) = &parties.petitioner {
        out.messages
            .push(event_mail(settings, r, *lang, &n, None).render(&r.id, email)?);
    }
    for email in &parties.respondent {
        out.messages
            .push(event_mail(settings, r, Lang::Id, &n, None).render(&r.id, email)?);
    }
    out.notice = Some(n);
    Ok(out)
}

/// Queues the email of a public event of register `register_id`; call it in
/// the transaction that writes the event.
pub fn queue_event(
    conn: &mut Conn,
    settings: &Settings,
    register_id: &str,
    kind: EventKind,
    text: &Texts,
) -> Result<(), crate::Error> {
    let Some(r) = crate::models::registers::find(conn, register_id)? else {
        return Ok(());
    };
    let out = event_notices(conn, settings, &r, kind.code(), text)?;
    crate::models::outbox::queue(conn, &out, &message_domain(settings), crate::models::now())?;
    Ok(())
}
