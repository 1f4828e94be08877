//! Following a register or a public body by email: a request from the
//! public page, a confirmation link, and an unsubscribe link that works
//! with one click and without signing in.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use crate::app;
use crate::domain::access::normalize_email;
use crate::i18n::Lang;
use crate::models::follows::{self, Target};
use crate::web::auth::{check_csrf, FormData};
use crate::web::views::{message_page as message, PageCtx};
use crate::web::{html, AppError, AppState};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/registers/{id}/follow", web::post().to(follow_register))
        .route("/bodies/{id}/follow", web::post().to(follow_body))
        .route("/follows/{token}/confirm", web::get().to(confirm))
        .route(
            "/follows/{token}/unsubscribe",
            web::get().to(unsubscribe_page),
        )
        .route("/follows/{token}/unsubscribe", web::post().to(unsubscribe))
        .route("/follows/{token}/mode", web::post().to(set_mode));
}

async fn request(
    state: &AppState,
    req: &HttpRequest,
    lang: Lang,
    session: &Session,
    form: FormData,
    target: Target,
) -> Result<HttpResponse, AppError> {
    check_csrf(req, lang, session, &form)?;
    let mode = follows::mode_of(form.get("mode"));
    let back = page_of(&target);
    // Signed in with a verified address: one click, the account's address,
    // no confirmation needed. An address nobody has verified is asked by
    // email like anybody's.
    let account = match form.get("account") {
        Some("1") => Some(crate::web::auth::require_user(state, session, req).await?),
        _ => None,
    };
    let typed = match &account {
        Some(user) if user.email_verified_at.is_none() => Some(user.email.clone()),
        _ => form.get("email").map(str::to_string),
    };
    let request = |email: String| app::follows::Request {
        email,
        target,
        lang: lang.code().to_string(),
        mode,
    };
    if let (Some(user), None) = (account, &typed) {
        let request = request(user.email);
        state
            .db(move |conn| Ok(app::follows::follow_verified(conn, &request)?))
            .await?;
        let (heading, text) = ("follow.confirmed_heading", "follow.confirmed_text");
        return Ok(html(message(req, lang, heading, text, Some(back))?));
    }
    let Some(email) = typed.as_deref().and_then(normalize_email) else {
        return Err(crate::web::views::refusal(
            req,
            lang,
            StatusCode::BAD_REQUEST,
            "follow.heading",
            "follow.bad_email",
            Some(back),
        ));
    };
    let request = request(email);
    let settings = state.settings.clone();
    let client = crate::web::client::key(req, &state.settings.trusted_proxies);
    state
        .db(move |conn| Ok(app::follows::request(conn, &settings, &request, &client)?))
        .await?;
    // The same answer whether or not the address already follows: the page
    // tells nobody who follows what.
    let (heading, text) = ("follow.sent_heading", "follow.sent_text");
    Ok(html(message(req, lang, heading, text, Some(back))?))
}

/// The public page of what is followed.
fn page_of(target: &Target) -> String {
    match target {
        Target::Register(id) => format!("/registers/{id}"),
        Target::Body(id) => format!("/bodies/{id}"),
    }
}

pub async fn follow_register(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: Session,
    path: web::Path<String>,
    form: crate::web::fields::Fields,
) -> Result<HttpResponse, AppError> {
    request(
        &state,
        &req,
        lang,
        &session,
        FormData(form.into_inner()),
        Target::Register(path.into_inner()),
    )
    .await
}

pub async fn follow_body(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: Session,
    path: web::Path<String>,
    form: crate::web::fields::Fields,
) -> Result<HttpResponse, AppError> {
    request(
        &state,
        &req,
        lang,
        &session,
        FormData(form.into_inner()),
        Target::Body(path.into_inner()),
    )
    .await
}

pub async fn confirm(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    let confirmed = state
        .db(move |conn| Ok(app::follows::confirm(conn, &token)?))
        .await?;
    match confirmed {
        Some(f) => {
            let back = f
                .register_id
                .map(|id| format!("/registers/{id}"))
                .or(f.body_id.map(|id| format!("/bodies/{id}")));
            Ok(html(message(
                &req,
                lang,
                "follow.confirmed_heading",
                "follow.confirmed_text",
                back,
            )?))
        }
        None => Err(AppError::Page(
            StatusCode::NOT_FOUND,
            message(&req, lang, "follow.heading", "follow.expired", None)?,
        )),
    }
}

pub struct FollowRow {
    pub label: String,
    pub page: String,
    pub unsubscribe: String,
    pub mode_action: String,
    pub digest: bool,
    pub this_one: bool,
}

#[derive(Template)]
#[template(path = "follows_manage.html")]
struct ManagePage {
    page: PageCtx,
    email: String,
    rows: Vec<FollowRow>,
}

/// The page behind the link in each email: every follow of the address,
/// each with its own button; no sign-in, the token is the credential.
pub async fn unsubscribe_page(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    let page = PageCtx::new(lang, &req, lang.t("follow.manage_heading"));
    let found = state
        .db(move |conn| {
            let Some(f) = follows::by_token(conn, &token)? else {
                return Ok(None);
            };
            let rows = follows::of_address(conn, &f.email)?
                .into_iter()
                .map(|(other, label, page)| FollowRow {
                    this_one: other.token == token,
                    unsubscribe: format!("/follows/{}/unsubscribe", other.token),
                    mode_action: format!("/follows/{}/mode", other.token),
                    digest: other.mode == follows::DIGEST,
                    label,
                    page,
                })
                .collect();
            Ok(Some(
                ManagePage {
                    page,
                    email: f.email,
                    rows,
                }
                .render()?,
            ))
        })
        .await?;
    match found {
        Some(body) => Ok(html(body)),
        None => Ok(html(message(
            &req,
            lang,
            "follow.unsubscribe_heading",
            "follow.unsubscribed",
            None,
        )?)),
    }
}

#[derive(serde::Deserialize)]
pub struct UnsubscribeQuery {
    /// `digest`: end every digest follow of the address (a digest's
    /// one-click link), not only this one.
    scope: Option<String>,
}

/// Ends the follow. Mail clients post here for one-click unsubscribe
/// (RFC 8058); the token in the address is the credential.
pub async fn unsubscribe(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    path: web::Path<String>,
    query: web::Query<UnsubscribeQuery>,
) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    let digests = query.scope.as_deref() == Some(follows::DIGEST);
    state
        .db(move |conn| Ok(app::follows::unfollow(conn, &token, digests)?))
        .await?;
    Ok(html(message(
        &req,
        lang,
        "follow.unsubscribe_heading",
        "follow.unsubscribed",
        None,
    )?))
}

/// Switches a follow between immediate emails and the daily digest, from
/// the page that lists the address's follows; back to that page.
pub async fn set_mode(
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: crate::web::fields::Fields,
) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    let form = FormData(form.into_inner());
    let mode = follows::mode_of(form.get("mode"));
    let page = format!("/follows/{token}/unsubscribe");
    let found = state
        .db(move |conn| Ok(app::follows::set_mode(conn, &token, mode)?))
        .await?;
    if !found {
        return Err(AppError::NotFound);
    }
    Ok(crate::web::see_other(page))
}
