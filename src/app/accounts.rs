//! Petitioner accounts: sign-up, address verification, password reset and
//! change of address, each by a single-use emailed link, within the mail
//! budgets of the address and of the client that asks.

use chrono::Duration;

use crate::config::Settings;
use crate::db::write_tx;
use crate::domain::limits::MailPurpose;
use crate::i18n::Lang;
use crate::mail::compose;
use crate::models::users::User;
use crate::models::{accounts, mail_requests, now, outbox, users, Conn};

/// A kind of emailed link: what it is for, how many hours it works, the
/// catalogue key of its email, and where it leads.
struct LinkKind {
    purpose: &'static str,
    hours: i64,
    key: &'static str,
    path: &'static str,
    budget: MailPurpose,
}

const VERIFY: LinkKind = LinkKind {
    purpose: accounts::VERIFY,
    hours: 72,
    key: "account.verify",
    path: "/account/verify/",
    budget: MailPurpose::Verification,
};
const RESET: LinkKind = LinkKind {
    purpose: accounts::RESET,
    hours: 1,
    key: "account.reset",
    path: "/password/reset/",
    budget: MailPurpose::PasswordReset,
};
const EMAIL: LinkKind = LinkKind {
    purpose: accounts::EMAIL,
    hours: 24,
    key: "account.email_change",
    path: "/account/email/",
    budget: MailPurpose::AddressChange,
};

/// An account email with a link into the site.
fn account_mail(
    settings: &Settings,
    lang: Lang,
    to: &str,
    key: &str,
    link: &str,
) -> crate::Result<outbox::NewMessage> {
    Ok(compose::account_message(
        settings,
        lang,
        to,
        key,
        &format!("{}{link}", settings.base_url),
    )?)
}

/// Issues a link of `kind` for `user_id` and queues the email that carries
/// it to `to`, in the caller's transaction, when the address's and the
/// client's budgets allow (`false` when they do not: nothing is sent).
#[allow(clippy::too_many_arguments)]
fn send_link(
    conn: &mut Conn,
    settings: &Settings,
    user_id: &str,
    lang: Lang,
    to: &str,
    kind: &LinkKind,
    new_email: Option<&str>,
    client: &str,
) -> crate::Result<bool> {
    if !mail_requests::take(conn, kind.budget, to, client, now())? {
        return Ok(false);
    }
    issue_link(conn, settings, user_id, lang, to, kind, new_email)?;
    Ok(true)
}

/// Issues a link of `kind` for `user_id` and queues its email to `to`,
/// whatever the budgets (the caller has taken them).
fn issue_link(
    conn: &mut Conn,
    settings: &Settings,
    user_id: &str,
    lang: Lang,
    to: &str,
    kind: &LinkKind,
    new_email: Option<&str>,
) -> crate::Result<()> {
    let at = now();
    let secret = accounts::issue(
        conn,
        user_id,
        kind.purpose,
        new_email,
        Duration::hours(kind.hours),
        at,
    )?;
    let link = format!("{}{secret}", kind.path);
    let mail = account_mail(settings, lang, to, kind.key, &link)?;
    outbox::enqueue(conn, &[mail], &compose::message_domain(settings), at)?;
    Ok(())
}

/// A sign-up as typed, already checked.
#[derive(Debug, Clone)]
pub struct SignUp {
    pub name: String,
    pub email: String,
    pub password: String,
    pub lang: Lang,
}

/// Opens an account and mails its verification link. An address that has
/// an account already gets an email telling its owner (at most once an
/// hour), and the visitor learns nothing: the id returned is then a new
/// one that names no account.
pub fn sign_up(
    conn: &mut Conn,
    settings: &Settings,
    s: &SignUp,
    client: &str,
) -> crate::Result<String> {
    write_tx(conn, |conn| {
        let at = now();
        if let Some(existing) = users::find_by_email(conn, &s.email)? {
            if mail_requests::take(conn, MailPurpose::AccountExists, &s.email, client, at)? {
                let lang = Lang::from_code(&existing.lang).unwrap_or(s.lang);
                let mail = account_mail(
                    settings,
                    lang,
                    &s.email,
                    "account.exists",
                    "/password/forgot",
                )?;
                outbox::enqueue(conn, &[mail], &compose::message_domain(settings), at)?;
            }
            return Ok(crate::db::new_id());
        }
        let user = users::sign_up(conn, &s.email, &s.name, &s.password, s.lang.code())?;
        send_link(
            conn, settings, &user.id, s.lang, &s.email, &VERIFY, None, client,
        )?;
        Ok(user.id)
    })
}

/// Verifies the address of the link's account; its id, or `None` for a
/// link unknown, used or lapsed.
pub fn verify(conn: &mut Conn, secret: &str) -> crate::Result<Option<String>> {
    let at = now();
    write_tx(conn, |conn| {
        let Some(t) = accounts::redeem(conn, secret, accounts::VERIFY, at)? else {
            return Ok(None);
        };
        users::mark_verified(conn, &t.user_id, at)?;
        Ok(Some(t.user_id))
    })
}

/// Mails the verification link again; `false` when the budgets hold it
/// back.
pub fn resend_verification(
    conn: &mut Conn,
    settings: &Settings,
    user: &User,
    lang: Lang,
    client: &str,
) -> crate::Result<bool> {
    write_tx(conn, |conn| {
        let lang = Lang::from_code(&user.lang).unwrap_or(lang);
        send_link(
            conn,
            settings,
            &user.id,
            lang,
            &user.email,
            &VERIFY,
            None,
            client,
        )
    })
}

/// Mails a reset link when the address has an active account. The reset
/// budget counts requests for the address whether or not it has one, so
/// that being held back (`false`) tells nobody which.
pub fn forgot_password(
    conn: &mut Conn,
    settings: &Settings,
    email: &str,
    lang: Lang,
    client: &str,
) -> crate::Result<bool> {
    write_tx(conn, |conn| {
        let at = now();
        if !mail_requests::take(conn, MailPurpose::PasswordReset, email, client, at)? {
            return Ok(false);
        }
        let Some(user) = users::find_by_email(conn, email)?.filter(|u| u.active) else {
            return Ok(true);
        };
        let lang = Lang::from_code(&user.lang).unwrap_or(lang);
        issue_link(conn, settings, &user.id, lang, email, &RESET, None)?;
        Ok(true)
    })
}

/// Sets the password of the link's account; `false` for a link unknown,
/// used or lapsed. The link came to the address: it is verified too.
pub fn reset_password(conn: &mut Conn, secret: &str, password: &str) -> crate::Result<bool> {
    let at = now();
    write_tx(conn, |conn| {
        let Some(t) = accounts::redeem(conn, secret, accounts::RESET, at)? else {
            return Ok(false);
        };
        users::set_password(conn, &t.user_id, password)?;
        users::mark_verified(conn, &t.user_id, at)?;
        Ok(true)
    })
}

/// Mails a link to the new address that makes it the account's; `false`
/// when the budgets hold it back.
pub fn request_email_change(
    conn: &mut Conn,
    settings: &Settings,
    user: &User,
    new_email: &str,
    lang: Lang,
    client: &str,
) -> crate::Result<bool> {
    write_tx(conn, |conn| {
        let lang = Lang::from_code(&user.lang).unwrap_or(lang);
        send_link(
            conn,
            settings,
            &user.id,
            lang,
            new_email,
            &EMAIL,
            Some(new_email),
            client,
        )
    })
}

/// Makes the link's new address the account's: `Some(false)` when another
/// account has it meanwhile, `None` for a link unknown, used or lapsed.
pub fn confirm_email_change(conn: &mut Conn, secret: &str) -> crate::Result<Option<bool>> {
    let at = now();
    write_tx(conn, |conn| {
        let Some(t) = accounts::redeem(conn, secret, accounts::EMAIL, at)? else {
            return Ok(None);
        };
        let email = t.new_email.clone().unwrap_or_default();
        Ok(Some(users::change_email(conn, &t.user_id, &email, at)?))
    })
}
