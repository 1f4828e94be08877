//! Following a register or a public body by email: asked for on a public
//! page, confirmed by a link, switched between immediate mail and a daily
//! digest, ended with one click.

use chrono::Duration;

use crate::config::Settings;
use crate::db::write_tx;
use crate::domain::limits::MailPurpose;
use crate::mail::compose;
use crate::models::follows::{self, Follow, Target};
use crate::models::{bodies, mail_requests, now, outbox, registers, Conn};
use crate::Error;

/// What a follow is asked for: where, by which address, in which language
/// and how often.
#[derive(Debug, Clone)]
pub struct Request {
    pub email: String,
    pub target: Target,
    /// The language of its emails.
    pub lang: String,
    /// `immediate` or `digest`.
    pub mode: &'static str,
}

/// A public label of what is followed; not found when it is not public
/// (an application not registered, a body nobody confirmed).
fn public_label(conn: &mut Conn, target: &Target) -> crate::Result<String> {
    Ok(match target {
        Target::Register(id) => {
            let r = registers::find(conn, id)?
                .filter(|r| r.registered_on.is_some())
                .ok_or(Error::NotFound)?;
            format!("{} — {}", r.number.unwrap_or_default(), r.subject)
        }
        Target::Body(id) => bodies::find_public(conn, id)?.ok_or(Error::NotFound)?.name,
    })
}

/// A follow for the signed-in owner of a verified address: confirmed at
/// once, with the mode chosen.
pub fn follow_verified(conn: &mut Conn, r: &Request) -> crate::Result<()> {
    write_tx(conn, |conn| {
        public_label(conn, &r.target)?;
        let at = now();
        let f = follows::request(conn, &r.email, &r.target, &r.lang, r.mode, at)?;
        follows::confirm(
            conn,
            &f.token,
            at - Duration::days(follows::CONFIRM_DAYS),
            at,
        )?;
        // The address is the account's own: its choice stands.
        follows::set_mode(conn, &f.token, r.mode)?;
        Ok(())
    })
}

/// A follow asked for an address typed by anybody: it waits for the link
/// in the confirmation email. One confirmation while the request waits,
/// again only after an hour, and within the address's and the client's
/// budgets, so that nobody can flood another's mailbox.
pub fn request(
    conn: &mut Conn,
    settings: &Settings,
    r: &Request,
    client: &str,
) -> crate::Result<()> {
    write_tx(conn, |conn| {
        let what = public_label(conn, &r.target)?;
        let at = now();
        let f = follows::request(conn, &r.email, &r.target, &r.lang, r.mode, at)?;
        if follows::confirmation_due(&f, at)
            && mail_requests::take(conn, MailPurpose::FollowConfirmation, &r.email, client, at)?
        {
            let mail = compose::follow_confirmation(settings, &f, &what)?;
            outbox::enqueue(conn, &[mail], &compose::message_domain(settings), at)?;
            follows::confirmation_sent(conn, &f.id, at)?;
        }
        Ok(())
    })
}

/// Confirms a follow by the token of its link; `None` when the link is
/// unknown or lapsed.
pub fn confirm(conn: &mut Conn, token: &str) -> crate::Result<Option<Follow>> {
    let at = now();
    let not_before = at - Duration::days(follows::CONFIRM_DAYS);
    Ok(write_tx(conn, |conn| {
        follows::confirm(conn, token, not_before, at)
    })?)
}

/// Ends the follow of the token, or every digest follow of its address.
pub fn unfollow(conn: &mut Conn, token: &str, every_digest: bool) -> crate::Result<()> {
    write_tx(conn, |conn| {
        if every_digest {
            follows::unsubscribe_digests(conn, token)?;
        } else {
            follows::unsubscribe(conn, token)?;
        }
        Ok(())
    })
}

/// Switches a follow between immediate mail and the digest; `false` when
/// the token is unknown.
pub fn set_mode(conn: &mut Conn, token: &str, mode: &str) -> crate::Result<bool> {
    Ok(write_tx(conn, |conn| follows::set_mode(conn, token, mode))?)
}
