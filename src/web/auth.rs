//! Signing in and out, sessions, CSRF tokens, login rate limits, and the
//! guards in front of staff and admin pages.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use super::views::PageCtx;
use super::{see_other, AppError, AppState};
use crate::domain::access::{check_new_password, normalize_email};
use crate::i18n::Lang;
use crate::models::users::{self, User};

const SESSION_ID: &str = "sid";
const CSRF: &str = "csrf";
pub const CSRF_FIELD: &str = "csrf";

/// A submitted form, kept as it came so that a refused one can be offered
/// again with its input.
pub struct FormData(pub Vec<(String, String)>);

impl FormData {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The trimmed value, `None` when absent or blank.
    pub fn text(&self, name: &str) -> Option<String> {
        self.get(name).and_then(non_blank)
    }

    /// The values of a field that may be ticked several times (boxes of
    /// one name), each once, in the order sent.
    pub fn choices(&self, name: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for (_, v) in self.0.iter().filter(|(k, _)| k == name) {
            if !out.contains(v) {
                out.push(v.clone());
            }
        }
        out
    }
}

/// A typed value trimmed, `None` when blank.
pub fn non_blank(s: &str) -> Option<String> {
    Some(s.trim()).filter(|v| !v.is_empty()).map(str::to_string)
}

/// The CSRF token of this browser session, made on first use.
pub fn csrf_token(session: &Session) -> String {
    if let Ok(Some(token)) = session.get::<String>(CSRF) {
        return token;
    }
    let token = uuid::Uuid::new_v4().simple().to_string();
    let _ = session.insert(CSRF, &token);
    token
}

/// The CSRF token of this browser session, if it has one yet.
pub fn session_csrf(session: &Session) -> Option<String> {
    session.get::<String>(CSRF).ok().flatten()
}

fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[derive(Template)]
#[template(path = "csrf.html")]
struct CsrfPage {
    page: PageCtx,
    action: String,
    fields: Vec<(String, String)>,
    csrf: String,
}

/// Refuses a form whose token does not match the session's. The refusal
/// page offers the same input again (passwords excepted) with a valid token.
pub fn check_csrf(
    req: &HttpRequest,
    lang: Lang,
    session: &Session,
    form: &FormData,
) -> Result<(), AppError> {
    let expected = session.get::<String>(CSRF).ok().flatten();
    let given = form.get(CSRF_FIELD);
    if let (Some(expected), Some(given)) = (&expected, given) {
        if same_token(expected, given) {
            return Ok(());
        }
    }
    let fields = form
        .0
        .iter()
        .filter(|(k, _)| k != CSRF_FIELD && !k.contains("password"))
        .cloned()
        .collect();
    let page = CsrfPage {
        page: PageCtx::new(lang, req, lang.t("csrf.heading")),
        action: req.path().to_string(),
        fields,
        csrf: csrf_token(session),
    };
    Err(AppError::Page(StatusCode::FORBIDDEN, page.render()?))
}

/// Sign-in attempts: each client has a budget for all its attempts, and
/// each client's failures for one account make that client wait longer and
/// longer before its next try for that account (`domain::limits`). Nothing
/// counts against the account itself, so failures elsewhere never keep its
/// owner out; a success clears the client's failures. Kept in memory per
/// server.
pub struct LoginLimits {
    by_client: DefaultKeyedRateLimiter<IpAddr>,
    failures: quick_cache::sync::Cache<(Option<IpAddr>, String), Failures>,
}

#[derive(Clone, Copy)]
struct Failures {
    count: u32,
    last: std::time::Instant,
}

impl Default for LoginLimits {
    fn default() -> Self {
        let n = |v: u32| NonZeroU32::new(v).expect("non-zero");
        LoginLimits {
            // 20 at once from one client, then one every 3 seconds.
            by_client: RateLimiter::keyed(
                Quota::with_period(Duration::from_secs(3))
                    .expect("period")
                    .allow_burst(n(20)),
            ),
            // The failures of the most recent clients and accounts.
            failures: quick_cache::sync::Cache::new(100_000),
        }
    }
}

impl LoginLimits {
    /// `Ok` when `client` may try to sign in to `account` now, else how many
    /// seconds it must wait.
    pub fn check(&self, client: Option<IpAddr>, account: &str) -> Result<(), u64> {
        if let Some(f) = self.failures.get(&(client, account.to_string())) {
            let wait = crate::domain::limits::wait_after(f.count);
            let waited = f.last.elapsed().as_secs();
            if waited < wait {
                return Err(wait - waited);
            }
        }
        match client {
            Some(ip) if self.by_client.check_key(&ip).is_err() => Err(3),
            _ => Ok(()),
        }
    }

    pub fn failed(&self, client: Option<IpAddr>, account: &str) {
        let key = (client, account.to_string());
        let count = self.failures.get(&key).map_or(0, |f| f.count);
        self.failures.insert(
            key,
            Failures {
                count: count.saturating_add(1),
                last: std::time::Instant::now(),
            },
        );
    }

    pub fn succeeded(&self, client: Option<IpAddr>, account: &str) {
        self.failures.remove(&(client, account.to_string()));
    }
}

/// The signed-in user of this request, if any.
pub async fn current_user(state: &AppState, session: &Session) -> Result<Option<User>, AppError> {
    let Some(sid) = session.get::<String>(SESSION_ID).ok().flatten() else {
        return Ok(None);
    };
    let (idle, lifetime) = (state.settings.session_idle, state.settings.session_lifetime);
    state
        .db(move |conn| {
            let at = crate::models::now();
            Ok(users::session_user(
                conn,
                &sid,
                at - idle,
                at - lifetime,
                at,
            )?)
        })
        .await
}

fn here(req: &HttpRequest) -> String {
    match req.query_string() {
        "" => req.path().to_string(),
        q => format!("{}?{q}", req.path()),
    }
}

/// Any signed-in user; others are sent to the login page.
pub async fn require_user(
    state: &AppState,
    session: &Session,
    req: &HttpRequest,
) -> Result<User, AppError> {
    current_user(state, session)
        .await?
        .ok_or_else(|| AppError::LoginRequired(here(req)))
}

/// Registry staff or an administrator.
pub async fn require_staff(
    state: &AppState,
    session: &Session,
    req: &HttpRequest,
) -> Result<User, AppError> {
    let user = require_user(state, session, req).await?;
    if user.role().is_staff() {
        Ok(user)
    } else {
        Err(AppError::Forbidden)
    }
}

/// An administrator.
pub async fn require_admin(
    state: &AppState,
    session: &Session,
    req: &HttpRequest,
) -> Result<User, AppError> {
    let user = require_user(state, session, req).await?;
    if user.role().is_admin() {
        Ok(user)
    } else {
        Err(AppError::Forbidden)
    }
}

/// The guard of every staff form: who submits it (anonymous visitors go to
/// the login page, others get 403), then its CSRF token.
pub async fn staff_form(
    state: &AppState,
    req: &HttpRequest,
    lang: Lang,
    session: &Session,
    form: super::fields::Fields,
) -> Result<(User, FormData), AppError> {
    let user = require_staff(state, session, req).await?;
    let form = FormData(form.into_inner());
    check_csrf(req, lang, session, &form)?;
    Ok((user, form))
}

/// As [`staff_form`], for administrators only.
pub async fn admin_form(
    state: &AppState,
    req: &HttpRequest,
    lang: Lang,
    session: &Session,
    form: super::fields::Fields,
) -> Result<(User, FormData), AppError> {
    let user = require_admin(state, session, req).await?;
    let form = FormData(form.into_inner());
    check_csrf(req, lang, session, &form)?;
    Ok((user, form))
}

/// Where to go after signing in: a local path only.
fn safe_next(next: Option<&str>) -> Option<String> {
    // Browsers drop tabs and line breaks inside an address, so "/\t/host"
    // would leave the site: no whitespace or control character is followed.
    next.filter(|n| {
        n.starts_with('/')
            && !n.starts_with("//")
            && !n.contains('\\')
            && !n.contains("://")
            && !n.chars().any(|c| c.is_control() || c.is_whitespace())
    })
    .map(str::to_string)
}

// ---------------------------------------------------------------- login

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    page: PageCtx,
    csrf: String,
    next: String,
    email: String,
    error: Option<&'static str>,
}

#[derive(serde::Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

pub async fn login_form(
    req: HttpRequest,
    lang: Lang,
    session: Session,
    query: web::Query<NextQuery>,
) -> Result<HttpResponse, AppError> {
    let page = LoginPage {
        page: PageCtx::new(lang, &req, lang.t("login.heading")),
        csrf: csrf_token(&session),
        next: safe_next(query.next.as_deref()).unwrap_or_default(),
        email: String::new(),
        error: None,
    };
    Ok(super::html(page.render()?))
}

pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: Session,
    form: super::fields::Fields,
) -> Result<HttpResponse, AppError> {
    let form = FormData(form.into_inner());
    check_csrf(&req, lang, &session, &form)?;
    let email_raw = form.get("email").unwrap_or("").trim().to_string();
    let password = form.get("password").unwrap_or("").to_string();
    let next = safe_next(form.get("next"));
    let refuse = |status: StatusCode, key: &'static str| -> Result<HttpResponse, AppError> {
        let page = LoginPage {
            page: PageCtx::new(lang, &req, lang.t("login.heading")),
            csrf: csrf_token(&session),
            next: next.clone().unwrap_or_default(),
            email: email_raw.clone(),
            error: Some(key),
        };
        Ok(HttpResponse::build(status)
            .content_type("text/html; charset=utf-8")
            .body(page.render()?))
    };
    let Some(email) = normalize_email(&email_raw) else {
        return refuse(StatusCode::BAD_REQUEST, "login.bad_email");
    };
    if password.is_empty() {
        return refuse(StatusCode::BAD_REQUEST, "login.no_password");
    }
    let client = super::client::address(&req, &state.settings.trusted_proxies);
    if let Err(seconds) = state.limits.check(client, &email) {
        let mut answer = refuse(StatusCode::TOO_MANY_REQUESTS, "login.too_many")?;
        if let Ok(v) = actix_web::http::header::HeaderValue::from_str(&seconds.to_string()) {
            answer
                .headers_mut()
                .insert(actix_web::http::header::RETRY_AFTER, v);
        }
        return Ok(answer);
    }
    let account = email.clone();
    let user = state
        .db(move |conn| Ok(users::authenticate(conn, &email, &password)?))
        .await?;
    let Some(user) = user else {
        state.limits.failed(client, &account);
        return refuse(StatusCode::UNAUTHORIZED, "login.invalid");
    };
    state.limits.succeeded(client, &account);
    start_session(&state, &session, &user.id).await?;
    let fallback = if user.role().is_staff() {
        "/staff"
    } else {
        "/account"
    };
    Ok(see_other(next.as_deref().unwrap_or(fallback)))
}

/// A fresh cookie and a fresh server-side session for `user_id`.
pub async fn start_session(
    state: &AppState,
    session: &Session,
    user_id: &str,
) -> Result<(), AppError> {
    let user_id = user_id.to_string();
    let sid = state
        .db(move |conn| Ok(users::open_session(conn, &user_id)?))
        .await?;
    session.renew();
    session
        .insert(SESSION_ID, sid)
        .map_err(|e| AppError::Internal(format!("session: {e}")))?;
    session.remove(CSRF);
    csrf_token(session);
    Ok(())
}

pub async fn logout(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: Session,
    form: super::fields::Fields,
) -> Result<HttpResponse, AppError> {
    check_csrf(&req, lang, &session, &FormData(form.into_inner()))?;
    if let Some(user) = current_user(&state, &session).await? {
        state
            .db(move |conn| Ok(users::revoke_sessions(conn, &user.id)?))
            .await?;
    }
    session.purge();
    Ok(see_other("/"))
}

// ---------------------------------------------------------------- account

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    page: PageCtx,
    csrf: String,
    name: String,
    email: String,
    role: &'static str,
    is_staff: bool,
    message: Option<&'static str>,
    error: Option<&'static str>,
}

#[derive(serde::Deserialize)]
pub struct AccountQuery {
    done: Option<String>,
}

fn account_page(
    req: &HttpRequest,
    lang: Lang,
    session: &Session,
    user: &User,
    message: Option<&'static str>,
    error: Option<&'static str>,
) -> Result<String, AppError> {
    Ok(AccountPage {
        page: PageCtx::new(lang, req, lang.t("account.heading")),
        csrf: csrf_token(session),
        name: user.name.clone(),
        email: user.email.clone(),
        role: lang.label("account_role", &user.role),
        is_staff: user.role().is_staff(),
        message,
        error,
    }
    .render()?)
}

pub async fn account(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: Session,
    query: web::Query<AccountQuery>,
) -> Result<HttpResponse, AppError> {
    let user = require_user(&state, &session, &req).await?;
    let message = query
        .done
        .as_deref()
        .filter(|d| *d == "password")
        .map(|_| "account.password_changed");
    Ok(super::html(account_page(
        &req, lang, &session, &user, message, None,
    )?))
}

pub async fn change_password(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: Session,
    form: super::fields::Fields,
) -> Result<HttpResponse, AppError> {
    let form = FormData(form.into_inner());
    let user = require_user(&state, &session, &req).await?;
    check_csrf(&req, lang, &session, &form)?;
    let current = form.get("current_password").unwrap_or("").to_string();
    let new = form.get("new_password").unwrap_or("").to_string();
    let error = if !users::verify_password(&current, &user.password_hash) {
        Some("account.wrong_password")
    } else if let Err(e) = check_new_password(&new) {
        Some(e.code())
    } else if form.get("confirm_password") != Some(new.as_str()) {
        Some("account.password_mismatch")
    } else {
        None
    };
    if let Some(error) = error {
        let body = account_page(&req, lang, &session, &user, None, Some(error))?;
        return Err(AppError::Page(StatusCode::BAD_REQUEST, body));
    }
    let id = user.id.clone();
    state
        .db(move |conn| Ok(users::set_password(conn, &id, &new)?))
        .await?;
    // Every other session has ended; this browser carries on in a new one.
    start_session(&state, &session, &user.id).await?;
    Ok(see_other("/account?done=password"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed_after_login() {
        assert_eq!(
            safe_next(Some("/staff/registers/x")),
            Some("/staff/registers/x".into())
        );
        for bad in [
            "//evil.example",
            "https://evil.example",
            "staff",
            "/\\evil",
            "/x?u=http://e",
            "/\t/evil.example",
            "/\n/evil.example",
            "/ /evil.example",
        ] {
            assert_eq!(safe_next(Some(bad)), None, "{bad}");
        }
    }

    #[test]
    fn tokens_compare_whole() {
        assert!(same_token("abc", "abc"));
        assert!(!same_token("abc", "abd"));
        assert!(!same_token("abc", "ab"));
    }

    #[test]
    fn failures_slow_their_own_client_and_nobody_else() {
        let limits = LoginLimits::default();
        let attacker: Option<IpAddr> = Some("127.0.0.2".parse().unwrap());
        let owner: Option<IpAddr> = Some("127.0.0.1".parse().unwrap());
        for _ in 0..crate::domain::limits::FREE_FAILURES {
            assert!(limits.check(attacker, "a@kip.go.id").is_ok());
            limits.failed(attacker, "a@kip.go.id");
        }
        assert_eq!(limits.check(attacker, "a@kip.go.id"), Err(1));
        assert!(
            limits.check(owner, "a@kip.go.id").is_ok(),
            "the owner's client"
        );
        assert!(
            limits.check(attacker, "b@kip.go.id").is_ok(),
            "another account"
        );
        limits.succeeded(attacker, "a@kip.go.id");
        assert!(limits.check(attacker, "a@kip.go.id").is_ok());
    }
}
