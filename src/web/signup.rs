//! Petitioner accounts: sign-up, address verification, password reset and
//! change of address, each by a single-use emailed link.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use chrono::Duration;

use super::auth::{check_csrf, csrf_token, require_user, FormData};
use super::views::{message_page, PageCtx};
use super::{html, see_other, AppError, AppState};
use crate::db::write_tx;
use crate::domain::access::{check_new_password, normalize_email};
use crate::domain::limits::MailPurpose;
use crate::i18n::Lang;
use crate::mail::compose;
use crate::models::{accounts, mail_requests, now, outbox, users};

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

/// The session's note of the account this browser signed up for, so that
/// opening the verification link from it signs it in.
const SIGNED_UP: &str = "signed_up";

/// Issues a link of `kind` for `user_id` and queues the email that carries
/// it to `to`, in the caller's transaction, when the address's and the
/// client's budgets allow (`false` when they do not: nothing is sent).
#[allow(clippy::too_many_arguments)]
fn send_link(
    conn: &mut crate::models::Conn,
    state: &AppState,
    user_id: &str,
    lang: Lang,
    to: &str,
    kind: &LinkKind,
    new_email: Option<&str>,
    client: &str,
) -> Result<bool, AppError> {
    if !mail_requests::take(conn, kind.budget, to, client, now())? {
        return Ok(false);
    }
    issue_link(conn, state, user_id, lang, to, kind, new_email)?;
    Ok(true)
}

/// Issues a link of `kind` for `user_id` and queues its email to `to`,
/// whatever the budgets (the caller has taken them).
fn issue_link(
    conn: &mut crate::models::Conn,
    state: &AppState,
    user_id: &str,
    lang: Lang,
    to: &str,
    kind: &LinkKind,
    new_email: Option<&str>,
) -> Result<(), AppError> {
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
    let mail = account_mail(state, lang, to, kind.key, &link)?;
    outbox::enqueue(conn, &[mail], &compose::message_domain(&state.settings), at)?;
    Ok(())
}

/// The page for an email the budgets held back: the links sent before
/// still work.
fn held_back(req: &HttpRequest, lang: Lang, heading: &'static str, back: &str) -> AppError {
    super::views::refusal(
        req,
        lang,
        StatusCode::TOO_MANY_REQUESTS,
        heading,
        "mail.held_back",
        Some(back.into()),
    )
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/signup", web::get().to(signup_form))
        .route("/signup", web::post().to(signup))
        .route("/account/verify/{token}", web::get().to(verify))
        .route("/account/verify", web::post().to(resend_verification))
        .route("/password/forgot", web::get().to(forgot_form))
        .route("/password/forgot", web::post().to(forgot))
        .route("/password/reset/{token}", web::get().to(reset_form))
        .route("/password/reset/{token}", web::post().to(reset))
        .route("/account/email", web::post().to(request_email_change))
        .route(
            "/account/email/{token}",
            web::get().to(confirm_email_change),
        )
        .route("/account/language", web::post().to(set_language));
}

#[derive(Template)]
#[template(path = "signup.html")]
struct SignupPage {
    page: PageCtx,
    csrf: String,
    name: String,
    email: String,
    errors: Vec<(&'static str, &'static str)>,
}

impl SignupPage {
    fn error(&self, field: &str) -> Option<&'static str> {
        self.errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, k)| *k)
    }
}

pub async fn signup_form(
    req: HttpRequest,
    lang: Lang,
    session: Session,
) -> Result<HttpResponse, AppError> {
    Ok(html(
        SignupPage {
            page: PageCtx::new(lang, &req, lang.t("signup.heading")),
            csrf: csrf_token(&session),
            name: String::new(),
            email: String::new(),
            errors: Vec::new(),
        }
        .render()?,
    ))
}

/// An account email: a heading, a text and one link.
fn account_mail(
    state: &AppState,
    lang: Lang,
    to: &str,
    key: &str,
    link: &str,
) -> Result<outbox::NewMessage, AppError> {
    Ok(compose::account_message(
        &state.settings,
        lang,
        to,
        key,
        &format!("{}{link}", state.settings.base_url),
    )?)
}

pub async fn signup(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: Session,
    form: super::fields::Fields,
) -> Result<HttpResponse, AppError> {
    let form = FormData(form.into_inner());
    check_csrf(&req, lang, &session, &form)?;
    let name = form.text("name").unwrap_or_default();
    let raw_email = form.get("email").unwrap_or("").trim().to_string();
    let email = normalize_email(&raw_email);
    let password = form.get("password").unwrap_or("").to_string();
    let mut errors = Vec::new();
    if name.is_empty() {
        errors.push(("name", "signup.need_name"));
    }
    if email.is_none() {
        errors.push(("email", "follow.bad_email"));
    }
    if let Err(e) = check_new_password(&password) {
        errors.push(("password", e.code()));
    } else if form.get("confirm_password") != Some(password.as_str()) {
        errors.push(("confirm_password", "account.password_mismatch"));
    }
    let Some(email) = email.filter(|_| errors.is_empty()) else {
        let body = SignupPage {
            page: PageCtx::new(lang, &req, lang.t("signup.heading")),
            csrf: csrf_token(&session),
            name,
            email: raw_email,
            errors,
        }
        .render()?;
        return Err(AppError::Page(StatusCode::BAD_REQUEST, body));
    };
    let st = state.clone();
    let client = super::client::key(&req, &state.settings.trusted_proxies);
    let signed_up = state
        .db(move |conn| {
            let at = now();
            let domain = compose::message_domain(&st.settings);
            write_tx(conn, |conn| {
                if let Some(existing) = users::find_by_email(conn, &email)? {
                    // The address has an account: tell its owner, not the
                    // visitor, and at most once an hour.
                    if mail_requests::take(conn, MailPurpose::AccountExists, &email, &client, at)? {
                        let lang = Lang::from_code(&existing.lang).unwrap_or(lang);
                        let mail =
                            account_mail(&st, lang, &email, "account.exists", "/password/forgot")?;
                        outbox::enqueue(conn, &[mail], &domain, at)?;
                    }
                    return Ok(crate::db::new_id());
                }
                let user = users::sign_up(conn, &email, &name, &password, lang.code())?;
                send_link(conn, &st, &user.id, lang, &email, &VERIFY, None, &client)?;
                Ok::<_, AppError>(user.id)
            })
        })
        .await?;
    // The same answer either way, signed in or not: the page does not tell
    // who has an account. The note in the (sealed) session lets the link,
    // opened from this browser, sign the new account in.
    session
        .insert(SIGNED_UP, signed_up)
        .map_err(|e| AppError::Internal(format!("session: {e}")))?;
    Ok(html(message_page(
        &req,
        lang,
        "signup.check_heading",
        "signup.check_text",
        None,
    )?))
}

pub async fn verify(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: Session,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let secret = path.into_inner();
    let verified = state
        .db(move |conn| {
            let at = now();
            write_tx(conn, |conn| {
                let Some(t) = accounts::redeem(conn, &secret, accounts::VERIFY, at)? else {
                    return Ok(None);
                };
                users::mark_verified(conn, &t.user_id, at)?;
                Ok::<_, AppError>(Some(t.user_id))
            })
        })
        .await?;
    if let Some(user_id) = verified {
        // Opened from the browser that signed up: it is signed in.
        if session.get::<String>(SIGNED_UP).ok().flatten().as_deref() == Some(user_id.as_str()) {
            session.remove(SIGNED_UP);
            super::auth::start_session(&state, &session, &user_id).await?;
        }
        Ok(html(message_page(
            &req,
            lang,
            "signup.verified_heading",
            "signup.verified_text",
            Some("/my".into()),
        )?))
    } else {
        Err(bad_link(&req, lang)?)
    }
}

pub async fn resend_verification(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: Session,
    form: super::fields::Fields,
) -> Result<HttpResponse, AppError> {
    let form = FormData(form.into_inner());
    let user = require_user(&state, &session, &req).await?;
    check_csrf(&req, lang, &session, &form)?;
    if user.email_verified_at.is_none() {
        let st = state.clone();
        let client = super::client::key(&req, &state.settings.trusted_proxies);
        let sent = state
            .db(move |conn| {
                write_tx(conn, |conn| {
                    let lang = Lang::from_code(&user.lang).unwrap_or(lang);
                    send_link(
                        conn,
                        &st,
                        &user.id,
                        lang,
                        &user.email,
                        &VERIFY,
                        None,
                        &client,
                    )
                })
            })
            .await?;
        if !sent {
            return Err(held_back(&req, lang, "signup.check_heading", "/my"));
        }
    }
    Ok(html(message_page(
        &req,
        lang,
        "signup.check_heading",
        "signup.check_text",
        Some("/my".into()),
    )?))
}

#[derive(Template)]
#[template(path = "password_forgot.html")]
struct ForgotPage {
    page: PageCtx,
    csrf: String,
}

pub async fn forgot_form(
    req: HttpRequest,
    lang: Lang,
    session: Session,
) -> Result<HttpResponse, AppError> {
    Ok(html(
        ForgotPage {
            page: PageCtx::new(lang, &req, lang.t("reset.heading")),
            csrf: csrf_token(&session),
        }
        .render()?,
    ))
}

pub async fn forgot(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: Session,
    form: super::fields::Fields,
) -> Result<HttpResponse, AppError> {
    let form = FormData(form.into_inner());
    check_csrf(&req, lang, &session, &form)?;
    let client = super::client::key(&req, &state.settings.trusted_proxies);
    if let Some(email) = form.get("email").and_then(normalize_email) {
        let st = state.clone();
        // The reset budget counts requests for the address whether or not
        // it has an account, so that being held back tells nobody which.
        let sent = state
            .db(move |conn| {
                write_tx(conn, |conn| {
                    let at = now();
                    if !mail_requests::take(conn, MailPurpose::PasswordReset, &email, &client, at)?
                    {
                        return Ok(false);
                    }
                    let Some(user) = users::find_by_email(conn, &email)?.filter(|u| u.active)
                    else {
                        return Ok(true);
                    };
                    let lang = Lang::from_code(&user.lang).unwrap_or(lang);
                    issue_link(conn, &st, &user.id, lang, &email, &RESET, None)?;
                    Ok::<_, AppError>(true)
                })
            })
            .await?;
        if !sent {
            return Err(held_back(&req, lang, "reset.heading", "/login"));
        }
    }
    Ok(html(message_page(
        &req,
        lang,
        "reset.heading",
        "reset.sent",
        Some("/login".into()),
    )?))
}

#[derive(Template)]
#[template(path = "password_reset.html")]
struct ResetPage {
    page: PageCtx,
    csrf: String,
    action: String,
    error: Option<&'static str>,
}

fn reset_page(
    req: &HttpRequest,
    lang: Lang,
    session: &Session,
    secret: &str,
    error: Option<&'static str>,
) -> Result<String, AppError> {
    Ok(ResetPage {
        page: PageCtx::new(lang, req, lang.t("reset.heading")),
        csrf: csrf_token(session),
        action: format!("/password/reset/{secret}"),
        error,
    }
    .render()?)
}

fn bad_link(req: &HttpRequest, lang: Lang) -> Result<AppError, AppError> {
    Ok(super::views::refusal(
        req,
        lang,
        StatusCode::NOT_FOUND,
        "signup.link_heading",
        "signup.link_bad",
        None,
    ))
}

pub async fn reset_form(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: Session,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let secret = path.into_inner();
    let s = secret.clone();
    let valid = state
        .db(move |conn| Ok(accounts::peek(conn, &s, accounts::RESET, now())?.is_some()))
        .await?;
    if !valid {
        return Err(bad_link(&req, lang)?);
    }
    Ok(html(reset_page(&req, lang, &session, &secret, None)?))
}

pub async fn reset(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: Session,
    path: web::Path<String>,
    form: super::fields::Fields,
) -> Result<HttpResponse, AppError> {
    let secret = path.into_inner();
    let form = FormData(form.into_inner());
    check_csrf(&req, lang, &session, &form)?;
    let password = form.get("new_password").unwrap_or("").to_string();
    let error = match check_new_password(&password) {
        Err(e) => Some(e.code()),
        Ok(()) if form.get("confirm_password") != Some(password.as_str()) => {
            Some("account.password_mismatch")
        }
        Ok(()) => None,
    };
    if let Some(error) = error {
        let body = reset_page(&req, lang, &session, &secret, Some(error))?;
        return Err(AppError::Page(StatusCode::BAD_REQUEST, body));
    }
    let done = state
        .db(move |conn| {
            let at = now();
            write_tx(conn, |conn| {
                let Some(t) = accounts::redeem(conn, &secret, accounts::RESET, at)? else {
                    return Ok(false);
                };
                users::set_password(conn, &t.user_id, &password)?;
                // The link came to the address: it is the user's.
                users::mark_verified(conn, &t.user_id, at)?;
                Ok::<_, AppError>(true)
            })
        })
        .await?;
    if !done {
        return Err(bad_link(&req, lang)?);
    }
    session.purge();
    Ok(html(message_page(
        &req,
        lang,
        "reset.heading",
        "reset.done",
        Some("/login".into()),
    )?))
}

pub async fn request_email_change(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: Session,
    form: super::fields::Fields,
) -> Result<HttpResponse, AppError> {
    let form = FormData(form.into_inner());
    let user = require_user(&state, &session, &req).await?;
    check_csrf(&req, lang, &session, &form)?;
    let Some(email) = form.get("new_email").and_then(normalize_email) else {
        return Err(super::views::refusal(
            &req,
            lang,
            StatusCode::BAD_REQUEST,
            "account.email_heading",
            "follow.bad_email",
            Some("/account".into()),
        ));
    };
    if !users::verify_password(
        form.get("current_password").unwrap_or(""),
        &user.password_hash,
    ) {
        return Err(super::views::refusal(
            &req,
            lang,
            StatusCode::BAD_REQUEST,
            "account.email_heading",
            "account.wrong_password",
            Some("/account".into()),
        ));
    }
    let st = state.clone();
    let client = super::client::key(&req, &state.settings.trusted_proxies);
    let sent = state
        .db(move |conn| {
            write_tx(conn, |conn| {
                let lang = Lang::from_code(&user.lang).unwrap_or(lang);
                send_link(
                    conn,
                    &st,
                    &user.id,
                    lang,
                    &email,
                    &EMAIL,
                    Some(&email),
                    &client,
                )
            })
        })
        .await?;
    if !sent {
        return Err(held_back(&req, lang, "account.email_heading", "/account"));
    }
    Ok(html(message_page(
        &req,
        lang,
        "account.email_heading",
        "account.email_sent",
        Some("/account".into()),
    )?))
}

pub async fn confirm_email_change(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let secret = path.into_inner();
    let outcome = state
        .db(move |conn| {
            let at = now();
            write_tx(conn, |conn| {
                let Some(t) = accounts::redeem(conn, &secret, accounts::EMAIL, at)? else {
                    return Ok(None);
                };
                let email = t.new_email.clone().unwrap_or_default();
                Ok::<_, AppError>(Some(users::change_email(conn, &t.user_id, &email, at)?))
            })
        })
        .await?;
    match outcome {
        Some(true) => Ok(html(message_page(
            &req,
            lang,
            "account.email_heading",
            "account.email_changed",
            Some("/account".into()),
        )?)),
        Some(false) => Err(super::views::refusal(
            &req,
            lang,
            StatusCode::CONFLICT,
            "account.email_heading",
            "account.email_taken",
            None,
        )),
        None => Err(bad_link(&req, lang)?),
    }
}

pub async fn set_language(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: Session,
    form: super::fields::Fields,
) -> Result<HttpResponse, AppError> {
    let form = FormData(form.into_inner());
    let user = require_user(&state, &session, &req).await?;
    check_csrf(&req, lang, &session, &form)?;
    let chosen = form
        .get("mail_lang")
        .and_then(Lang::from_code)
        .ok_or(AppError::BadRequest("bad.form"))?;
    state
        .db(move |conn| Ok(users::set_lang(conn, &user.id, chosen.code())?))
        .await?;
    Ok(see_other("/my"))
}
