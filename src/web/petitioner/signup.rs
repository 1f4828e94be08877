//! Petitioner accounts: sign-up, address verification, password reset and
//! change of address, each by a single-use emailed link.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use crate::app;
use crate::domain::access::{check_new_password, normalize_email};
use crate::i18n::Lang;
use crate::models::{accounts, now, users};
use crate::web::auth::{check_csrf, csrf_token, require_user, FormData};
use crate::web::views::{message_page, PageCtx};
use crate::web::{html, see_other, AppError, AppState};

/// The session's note of the account this browser signed up for, so that
/// opening the verification link from it signs it in.
const SIGNED_UP: &str = "signed_up";

/// The page for an email the budgets held back: the links sent before
/// still work.
fn held_back(req: &HttpRequest, lang: Lang, heading: &'static str, back: &str) -> AppError {
    crate::web::views::refusal(
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
/// The sign-up a form asks for, or what was typed (name, address) with a
/// message for each field in error.
#[allow(clippy::type_complexity)]
fn sign_up_of(
    form: &FormData,
    lang: Lang,
) -> Result<app::accounts::SignUp, (String, String, Vec<(&'static str, &'static str)>)> {
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
    match email.filter(|_| errors.is_empty()) {
        Some(email) => Ok(app::accounts::SignUp {
            name,
            email,
            password,
            lang,
        }),
        None => Err((name, raw_email, errors)),
    }
}

pub async fn signup(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: Session,
    form: crate::web::fields::Fields,
) -> Result<HttpResponse, AppError> {
    let form = FormData(form.into_inner());
    check_csrf(&req, lang, &session, &form)?;
    let sign_up = match sign_up_of(&form, lang) {
        Ok(sign_up) => sign_up,
        Err((name, email, errors)) => {
            let body = SignupPage {
                page: PageCtx::new(lang, &req, lang.t("signup.heading")),
                csrf: csrf_token(&session),
                name,
                email,
                errors,
            }
            .render()?;
            return Err(AppError::Page(StatusCode::BAD_REQUEST, body));
        }
    };
    let settings = state.settings.clone();
    let client = crate::web::client::key(&req, &state.settings.trusted_proxies);
    let signed_up = state
        .db(move |conn| Ok(app::accounts::sign_up(conn, &settings, &sign_up, &client)?))
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
        .db(move |conn| Ok(app::accounts::verify(conn, &secret)?))
        .await?;
    if let Some(user_id) = verified {
        // Opened from the browser that signed up: it is signed in.
        if session.get::<String>(SIGNED_UP).ok().flatten().as_deref() == Some(user_id.as_str()) {
            session.remove(SIGNED_UP);
            crate::web::auth::start_session(&state, &session, &user_id).await?;
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
    form: crate::web::fields::Fields,
) -> Result<HttpResponse, AppError> {
    let form = FormData(form.into_inner());
    let user = require_user(&state, &session, &req).await?;
    check_csrf(&req, lang, &session, &form)?;
    if user.email_verified_at.is_none() {
        let settings = state.settings.clone();
        let client = crate::web::client::key(&req, &state.settings.trusted_proxies);
        let sent = state
            .db(move |conn| {
                Ok(app::accounts::resend_verification(
                    conn, &settings, &user, lang, &client,
                )?)
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
    form: crate::web::fields::Fields,
) -> Result<HttpResponse, AppError> {
    let form = FormData(form.into_inner());
    check_csrf(&req, lang, &session, &form)?;
    let client = crate::web::client::key(&req, &state.settings.trusted_proxies);
    if let Some(email) = form.get("email").and_then(normalize_email) {
        let settings = state.settings.clone();
        let sent = state
            .db(move |conn| {
                Ok(app::accounts::forgot_password(
                    conn, &settings, &email, lang, &client,
                )?)
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
    Ok(crate::web::views::refusal(
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
    form: crate::web::fields::Fields,
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
        .db(move |conn| Ok(app::accounts::reset_password(conn, &secret, &password)?))
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
    form: crate::web::fields::Fields,
) -> Result<HttpResponse, AppError> {
    let form = FormData(form.into_inner());
    let user = require_user(&state, &session, &req).await?;
    check_csrf(&req, lang, &session, &form)?;
    let Some(email) = form.get("new_email").and_then(normalize_email) else {
        return Err(crate::web::views::refusal(
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
        return Err(crate::web::views::refusal(
            &req,
            lang,
            StatusCode::BAD_REQUEST,
            "account.email_heading",
            "account.wrong_password",
            Some("/account".into()),
        ));
    }
    let settings = state.settings.clone();
    let client = crate::web::client::key(&req, &state.settings.trusted_proxies);
    let sent = state
        .db(move |conn| {
            Ok(app::accounts::request_email_change(
                conn, &settings, &user, &email, lang, &client,
            )?)
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
        .db(move |conn| Ok(app::accounts::confirm_email_change(conn, &secret)?))
        .await?;
    match outcome {
        Some(true) => Ok(html(message_page(
            &req,
            lang,
            "account.email_heading",
            "account.email_changed",
            Some("/account".into()),
        )?)),
        Some(false) => Err(crate::web::views::refusal(
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
    form: crate::web::fields::Fields,
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
