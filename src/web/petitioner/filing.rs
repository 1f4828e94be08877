//! Petitioners online: "my cases", drafting and filing an application with
//! its documents, completing it when the registry asks, and withdrawing.

use actix_multipart::Multipart;
use actix_session::Session;
use actix_web::http::header;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use crate::app::{self, Failure, Refusal};
use crate::domain::filing::{
    check_complete, check_dates, timeliness, ApplicationInput, Channel, DocumentKind, FieldError,
    FilingDates, ItemInput, Timeliness, MAX_UPLOAD_BYTES,
};
use crate::domain::kinds::{ObjectionGround, PetitionerKind, Track};
use crate::domain::status::Status;
use crate::i18n::Lang;
use crate::models::attachments::{self, Attachment};
use crate::models::filings;
use crate::models::registers::{self, Register};
use crate::models::users::User;
use crate::models::{bodies, calendar, drafts, follows, hearings, now, Conn};
use crate::web::auth::{check_csrf, csrf_token, require_user, FormData};
use crate::web::public::Clocks;
use crate::web::upload;
use crate::web::views::{deadline_view, hearing_view, Choice, DeadlineView, HearingView, PageCtx};
use crate::web::{html, see_other, AppError, AppState};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/my", web::get().to(my_cases))
        .route("/my/drafts", web::post().to(new_draft))
        .route("/my/drafts/{id}", web::get().to(draft_form))
        .route("/my/drafts/{id}", web::post().to(save_draft))
        .route("/my/drafts/{id}/delete", web::post().to(delete_draft))
        .route("/my/cases/{id}", web::get().to(case_page))
        .route("/my/cases/{id}/complete", web::post().to(complete))
        .route("/my/cases/{id}/withdraw", web::post().to(withdraw))
        .route("/files/{id}", web::get().to(download));
}

// ------------------------------------------------------------ my cases

pub struct CaseRow {
    pub id: String,
    pub number: String,
    pub subject: String,
    pub status: &'static str,
    pub next_hearing: Option<String>,
    pub next_deadline: Option<DeadlineView>,
}

pub struct DraftRow {
    pub id: String,
    pub subject: String,
    pub updated: String,
}

pub struct FollowRow {
    pub label: String,
    pub page: String,
    pub manage: String,
    pub digest: bool,
}

#[derive(Template)]
#[template(path = "my/cases.html")]
struct MyPage {
    page: PageCtx,
    csrf: String,
    verified: bool,
    cases: Vec<CaseRow>,
    drafts: Vec<DraftRow>,
    follows: Vec<FollowRow>,
    mail_lang: String,
}

/// The next scheduled hearing of a register, as "day, time — kind".
fn next_hearing(
    conn: &mut Conn,
    st: &AppState,
    lang: Lang,
    id: &str,
) -> Result<Option<String>, AppError> {
    let at = now();
    Ok(hearings::for_register(conn, id)?
        .into_iter()
        .find(|h| h.starts_at >= at && h.state == "scheduled")
        .map(|h| {
            let v = hearing_view(lang, &h, st.settings.time_zone, Vec::new());
            format!("{}, {} — {}", v.day, v.time, v.kind)
        }))
}

/// The clocks running for a register, with their explanations.
fn deadlines_of(clocks: &Clocks, lang: Lang, r: &Register) -> Vec<DeadlineView> {
    clocks
        .open(r)
        .iter()
        .map(|d| deadline_view(lang, d, clocks.calendar(), clocks.today))
        .collect()
}

pub async fn my_cases(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: Session,
) -> Result<HttpResponse, AppError> {
    let user = require_user(&state, &session, &req).await?;
    let page = PageCtx::new(lang, &req, lang.t("my.heading"));
    let csrf = csrf_token(&session);
    let st = state.clone();
    let body = state
        .db(move |conn| {
            let clocks = Clocks::load(conn, &st)?;
            let mut cases = Vec::new();
            for r in filings::registers_of_user(conn, &user.id)? {
                cases.push(CaseRow {
                    number: crate::web::views::display_number(lang, &r),
                    subject: r.subject.clone(),
                    status: lang.label("status", &r.status),
                    next_hearing: next_hearing(conn, &st, lang, &r.id)?,
                    next_deadline: clocks.next(lang, &r),
                    id: r.id,
                });
            }
            let drafts = draft_rows(conn, lang, &user.id)?;
            let follows = follows::of_address(conn, &user.email)?
                .into_iter()
                .map(|(f, label, page)| FollowRow {
                    label,
                    page,
                    manage: format!("/follows/{}/unsubscribe", f.token),
                    digest: f.mode == follows::DIGEST,
                })
                .collect();
            Ok(MyPage {
                page,
                csrf,
                verified: user.email_verified_at.is_some(),
                cases,
                drafts,
                follows,
                mail_lang: user.lang.clone(),
            }
            .render()?)
        })
        .await?;
    Ok(html(body))
}

/// The petitioner's drafts, each by its subject as typed so far.
fn draft_rows(conn: &mut Conn, lang: Lang, user_id: &str) -> Result<Vec<DraftRow>, AppError> {
    Ok(drafts::of_user(conn, user_id)?
        .into_iter()
        .map(|d| {
            let input: ApplicationInput = serde_json::from_str(&d.data).unwrap_or_default();
            DraftRow {
                id: d.id,
                subject: if input.subject.is_empty() {
                    lang.t("my.untitled").to_string()
                } else {
                    input.subject
                },
                updated: lang.date(d.updated_at.date()),
            }
        })
        .collect())
}

/// Filing needs a verified address.
fn require_verified(req: &HttpRequest, lang: Lang, user: &User) -> Result<(), AppError> {
    if user.email_verified_at.is_some() {
        return Ok(());
    }
    Err(crate::web::views::refusal(
        req,
        lang,
        StatusCode::FORBIDDEN,
        "signup.check_heading",
        "signup.unverified",
        Some("/my".into()),
    ))
}

pub async fn new_draft(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: Session,
    form: crate::web::fields::Fields,
) -> Result<HttpResponse, AppError> {
    let form = FormData(form.into_inner());
    let user = require_user(&state, &session, &req).await?;
    check_csrf(&req, lang, &session, &form)?;
    require_verified(&req, lang, &user)?;
    let start = ApplicationInput {
        petitioner_kind: PetitionerKind::Individual.code().into(),
        name: user.name.clone(),
        ..ApplicationInput::default()
    };
    let data = serde_json::to_string(&start).map_err(|e| AppError::Internal(e.to_string()))?;
    let id = state
        .db(move |conn| Ok(drafts::create(conn, &user.id, &data, now())?.id))
        .await?;
    Ok(see_other(format!("/my/drafts/{id}")))
}

// ------------------------------------------------------------ the form

/// A document slot of the form.
pub struct DocRow {
    pub kind: &'static str,
    pub label: &'static str,
    pub required: bool,
    pub files: Vec<(String, String, String)>,
}

/// Whether the application is on time, as shown.
pub struct TimelinessView {
    pub late: bool,
    pub text: String,
    pub deadline: DeadlineView,
}

#[derive(Template)]
#[template(path = "my/application.html")]
struct DraftPage {
    page: PageCtx,
    csrf: String,
    id: String,
    input: ApplicationInput,
    errors: Vec<FieldError>,
    refused: Vec<(String, &'static str)>,
    saved: bool,
    kinds: Vec<Choice>,
    bodies: Vec<Choice>,
    channels: Vec<Choice>,
    grounds: Vec<Choice>,
    items: Vec<ItemInput>,
    documents: Vec<DocRow>,
    timeliness: Option<TimelinessView>,
    max_mb: usize,
}

impl DraftPage {
    fn error(&self, field: &str) -> Option<&'static str> {
        self.errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, k)| *k)
    }
}

fn input_from(form: &FormData) -> ApplicationInput {
    let v = |k: &str| form.get(k).unwrap_or("").trim().to_string();
    let all = |k: &str| -> Vec<String> {
        form.0
            .iter()
            .filter(|(name, _)| name == k)
            .map(|(_, value)| value.trim().to_string())
            .collect()
    };
    let forms = all("item_form");
    let items = all("item_description")
        .into_iter()
        .enumerate()
        .map(|(i, description)| ItemInput {
            description,
            form: forms.get(i).cloned().unwrap_or_default(),
        })
        .filter(|i| !i.description.is_empty() || !i.form.is_empty())
        .collect();
    ApplicationInput {
        petitioner_kind: v("petitioner_kind"),
        name: v("name"),
        show_name: form.get("show_name") == Some("1"),
        deed: v("deed"),
        representative: v("representative"),
        phone: v("phone"),
        address: v("address"),
        identity_number: v("identity_number"),
        respondent: v("respondent"),
        proposed_body: v("proposed_body"),
        subject: v("subject"),
        requested_on: v("requested_on"),
        request_channel: v("request_channel"),
        ppid_answered_on: v("ppid_answered_on"),
        objected_on: v("objected_on"),
        grounds: all("grounds"),
        objection_answered_on: v("objection_answered_on"),
        items,
    }
}

/// The documents an application must carry.
fn required_documents(input: &ApplicationInput) -> Vec<DocumentKind> {
    let mut out = vec![
        DocumentKind::Identity,
        DocumentKind::Request,
        DocumentKind::Objection,
    ];
    if !input.representative.is_empty() {
        out.push(DocumentKind::PowerOfAttorney);
    }
    if input.petitioner_kind == PetitionerKind::LegalEntity.code() {
        out.push(DocumentKind::Deed);
    }
    out
}

fn size_label(size: i64) -> String {
    if size >= 1024 * 1024 {
        format!("{:.1} MB", size as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", (size + 1023) / 1024)
    }
}

fn document_rows(
    lang: Lang,
    input: Option<&ApplicationInput>,
    files: &[Attachment],
    kinds: &[DocumentKind],
) -> Vec<DocRow> {
    let required = input.map(required_documents).unwrap_or_default();
    kinds
        .iter()
        .map(|k| DocRow {
            kind: k.code(),
            label: lang.label("document", k.code()),
            required: required.contains(k),
            files: files
                .iter()
                .filter(|a| a.kind == k.code())
                .map(|a| {
                    (
                        format!("/files/{}", a.id),
                        a.filename.clone(),
                        size_label(a.size),
                    )
                })
                .collect(),
        })
        .collect()
}

fn timeliness_view(
    conn: &mut Conn,
    st: &AppState,
    lang: Lang,
    input: &ApplicationInput,
) -> Result<Option<TimelinessView>, AppError> {
    let today = st.settings.today();
    let (dates, _) = check_dates(input, today);
    let cal = calendar::working_calendar(conn, st.settings.collective_leave_is_day_off)?;
    let rules = calendar::rules(conn, Track::Regular)?;
    Ok(timeliness(&dates, &rules, &cal, today).map(|t| {
        let d = t.deadline();
        let date = lang.date(d.due);
        let text = match &t {
            Timeliness::OnTime(_) => lang.fill("filing.on_time", &[("date", &date)]),
            Timeliness::Late(_) => lang.fill(
                "filing.late",
                &[("date", &lang.date(d.due.succ_opt().unwrap_or(d.due)))],
            ),
        };
        TimelinessView {
            late: t.is_late(),
            text,
            deadline: deadline_view(lang, d, &cal, today),
        }
    }))
}

#[allow(clippy::too_many_arguments)]
fn render_draft(
    conn: &mut Conn,
    st: &AppState,
    page: PageCtx,
    lang: Lang,
    csrf: String,
    id: &str,
    input: ApplicationInput,
    errors: Vec<FieldError>,
    refused: Vec<(String, &'static str)>,
    saved: bool,
) -> Result<String, AppError> {
    let choice = |value: &str, label: String, selected: bool| Choice {
        value: value.to_string(),
        label,
        selected,
    };
    let kinds = PetitionerKind::ALL
        .iter()
        .map(|k| {
            choice(
                k.code(),
                lang.label("petitioner_kind", k.code()).into(),
                input.petitioner_kind == k.code(),
            )
        })
        .collect();
    let bodies = bodies::confirmed(conn)?
        .into_iter()
        .map(|b| choice(&b.id, b.name, input.respondent == b.id))
        .collect();
    let channels = Channel::ALL
        .iter()
        .map(|c| {
            choice(
                c.code(),
                lang.label("channel", c.code()).into(),
                input.request_channel == c.code(),
            )
        })
        .collect();
    let grounds = ObjectionGround::ALL
        .iter()
        .map(|g| {
            choice(
                g.code(),
                lang.label("objection", g.code()).into(),
                input.grounds.iter().any(|x| x == g.code()),
            )
        })
        .collect();
    let mut items = input.items.clone();
    items.extend([ItemInput::default(), ItemInput::default()]);
    let files = attachments::of_draft(conn, id)?;
    let documents = document_rows(
        lang,
        Some(&input),
        &files,
        &[
            DocumentKind::Identity,
            DocumentKind::Request,
            DocumentKind::Objection,
            DocumentKind::PowerOfAttorney,
            DocumentKind::Deed,
        ],
    );
    let timeliness = timeliness_view(conn, st, lang, &input)?;
    Ok(DraftPage {
        page,
        csrf,
        id: id.to_string(),
        input,
        errors,
        refused,
        saved,
        kinds,
        bodies,
        channels,
        grounds,
        items,
        documents,
        timeliness,
        max_mb: MAX_UPLOAD_BYTES / (1024 * 1024),
    }
    .render()?)
}

#[derive(serde::Deserialize)]
pub struct DraftQuery {
    saved: Option<String>,
}

pub async fn draft_form(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: Session,
    path: web::Path<String>,
    query: web::Query<DraftQuery>,
) -> Result<HttpResponse, AppError> {
    let user = require_user(&state, &session, &req).await?;
    let id = path.into_inner();
    let page = PageCtx::new(lang, &req, lang.t("filing.heading"));
    let csrf = csrf_token(&session);
    let saved = query.saved.is_some();
    let st = state.clone();
    let body = state
        .db(move |conn| {
            let draft = drafts::find_for(conn, &user.id, &id)?.ok_or(AppError::NotFound)?;
            let input: ApplicationInput = serde_json::from_str(&draft.data).unwrap_or_default();
            render_draft(
                conn,
                &st,
                page,
                lang,
                csrf,
                &id,
                input,
                Vec::new(),
                Vec::new(),
                saved,
            )
        })
        .await?;
    Ok(html(body))
}

pub async fn save_draft(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: Session,
    path: web::Path<String>,
    payload: Multipart,
) -> Result<HttpResponse, AppError> {
    let user = require_user(&state, &session, &req).await?;
    let id = path.into_inner();
    // Whose draft it is, before a byte of the body is read.
    let (owner, draft) = (user.id.clone(), id.clone());
    state
        .db(move |conn| Ok(drafts::find_for(conn, &owner, &draft)?.map(|_| ())))
        .await?
        .ok_or(AppError::NotFound)?;
    let token = crate::web::auth::session_csrf(&session);
    let mut received = upload::read(payload, &state.settings.files_dir, token).await?;
    check_csrf(&req, lang, &session, &received.form)?;
    let input = input_from(&received.form);
    let submit = received.form.get("action") == Some("submit");
    let page = PageCtx::new(lang, &req, lang.t("filing.heading"));
    let csrf = csrf_token(&session);
    let st = state.clone();
    let outcome = state
        .db(move |conn| {
            // What was typed and every accepted file are kept first, so a
            // refused file or a missing field loses nothing.
            let mut refused = received.refused;
            refused.extend(app::filing::save_draft(
                conn,
                &st.settings,
                &user.id,
                &id,
                &input,
                &mut received.files,
            )?);
            let today = st.settings.today();
            let (dates, mut errors) = check_dates(&input, today);
            if submit {
                errors.extend(not_ready(conn, &user, &id, &input, &dates)?);
            }
            if !errors.is_empty() || !refused.is_empty() {
                let body = render_draft(
                    conn, &st, page, lang, csrf, &id, input, errors, refused, false,
                )?;
                return Err(AppError::Page(StatusCode::BAD_REQUEST, body));
            }
            if !submit {
                return Ok(format!("/my/drafts/{id}?saved=1"));
            }
            let filer = app::filing::Filer::from(&user);
            let register_id =
                app::filing::file_online(conn, &st.settings, &filer, &id, &input, dates)?;
            Ok(format!("/my/cases/{register_id}"))
        })
        .await?;
    Ok(see_other(outcome))
}

/// What keeps a saved draft from being filed: a missing field or date, a
/// required document not attached, an address not verified.
fn not_ready(
    conn: &mut Conn,
    user: &User,
    draft_id: &str,
    input: &ApplicationInput,
    dates: &FilingDates,
) -> Result<Vec<FieldError>, AppError> {
    let body_known = bodies::confirmed(conn)?
        .iter()
        .any(|b| b.id == input.respondent);
    let mut errors = check_complete(input, dates, body_known);
    let files = attachments::of_draft(conn, draft_id)?;
    for kind in required_documents(input) {
        if !files.iter().any(|a| a.kind == kind.code()) {
            errors.push((document_field(kind), "filing.need_document"));
        }
    }
    if user.email_verified_at.is_none() {
        errors.push(("account", "signup.unverified"));
    }
    Ok(errors)
}

/// The form field of a document kind.
fn document_field(kind: DocumentKind) -> &'static str {
    match kind {
        DocumentKind::Identity => "doc_identity",
        DocumentKind::Request => "doc_request",
        DocumentKind::Objection => "doc_objection",
        DocumentKind::PowerOfAttorney => "doc_power_of_attorney",
        DocumentKind::Deed => "doc_deed",
        DocumentKind::Supplement => "doc_supplement",
    }
}

pub async fn delete_draft(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: Session,
    path: web::Path<String>,
    form: crate::web::fields::Fields,
) -> Result<HttpResponse, AppError> {
    let form = FormData(form.into_inner());
    let user = require_user(&state, &session, &req).await?;
    check_csrf(&req, lang, &session, &form)?;
    let id = path.into_inner();
    let settings = state.settings.clone();
    state
        .db(move |conn| Ok(app::filing::delete_draft(conn, &settings, &user.id, &id)?))
        .await?;
    Ok(see_other("/my"))
}

// ------------------------------------------------------------ one case

#[derive(Template)]
#[template(path = "my/case.html")]
struct CasePage {
    page: PageCtx,
    csrf: String,
    id: String,
    number: String,
    subject: String,
    status: &'static str,
    status_help: &'static str,
    public: bool,
    respondent: String,
    timeliness: Option<(bool, String)>,
    missing: Option<String>,
    deadlines: Vec<DeadlineView>,
    hearings: Vec<HearingView>,
    documents: Vec<DocRow>,
    can_complete: bool,
    completed_on: Option<String>,
    can_withdraw: bool,
    withdrawal: Option<(String, String)>,
    events: Vec<(String, &'static str, String)>,
    refused: Vec<(String, &'static str)>,
    max_mb: usize,
}

#[allow(clippy::too_many_arguments)]
fn render_case(
    conn: &mut Conn,
    st: &AppState,
    page: PageCtx,
    lang: Lang,
    csrf: String,
    r: &Register,
    refused: Vec<(String, &'static str)>,
) -> Result<String, AppError> {
    let status = Status::from_code(&r.status).unwrap_or(Status::Received);
    let filing = filings::find(conn, &r.id)?;
    let timeliness = filing.as_ref().and_then(|f| {
        let (kind, date) = f.timeliness.split_once(':')?;
        let due = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
        Some(match kind {
            "late" => (
                true,
                lang.fill(
                    "filing.late",
                    &[("date", &lang.date(due.succ_opt().unwrap_or(due)))],
                ),
            ),
            _ => (
                false,
                lang.fill("filing.filed_on_time", &[("date", &lang.date(due))]),
            ),
        })
    });
    let completed_on = filing
        .as_ref()
        .and_then(|f| f.completed_on)
        .filter(|d| *d >= r.status_since);
    let missing = (status == Status::Incomplete)
        .then(|| registers::latest_missing(conn, &r.id))
        .transpose()?
        .flatten();
    let files = attachments::of_register(conn, &r.id)?;
    let documents = document_rows(
        lang,
        None,
        &files,
        &[
            DocumentKind::Identity,
            DocumentKind::Request,
            DocumentKind::Objection,
            DocumentKind::PowerOfAttorney,
            DocumentKind::Deed,
            DocumentKind::Supplement,
        ],
    )
    .into_iter()
    .filter(|d| !d.files.is_empty())
    .collect();
    let withdrawal = filing.as_ref().and_then(|f| {
        Some((
            lang.date(f.withdrawal_requested_on?),
            f.withdrawal_reason.clone().unwrap_or_default(),
        ))
    });
    let hearings = hearings::for_register(conn, &r.id)?
        .iter()
        .map(|h| hearing_view(lang, h, st.settings.time_zone, Vec::new()))
        .collect();
    let events = registers::all_events(conn, &r.id)?
        .into_iter()
        .rev()
        .map(|e| {
            (
                lang.date(e.occurred_on),
                lang.label("event", &e.kind),
                e.public_text.unwrap_or_default(),
            )
        })
        .collect();
    let respondent = bodies::find(conn, &r.respondent_id)?
        .map(|b| b.name)
        .unwrap_or_default();
    Ok(CasePage {
        page,
        csrf,
        id: r.id.clone(),
        number: crate::web::views::display_number(lang, r),
        subject: r.subject.clone(),
        status: lang.label("status", status.code()),
        status_help: lang.label("status_help", status.code()),
        public: r.registered_on.is_some(),
        respondent,
        timeliness,
        missing,
        deadlines: deadlines_of(&Clocks::load(conn, st)?, lang, r),
        hearings,
        documents,
        can_complete: status == Status::Incomplete && filing.is_some() && completed_on.is_none(),
        completed_on: completed_on.map(|d| lang.date(d)),
        can_withdraw: filing.is_some()
            && withdrawal.is_none()
            && !status.has_decision()
            && !status.is_terminal(),
        withdrawal,
        events,
        refused,
        max_mb: MAX_UPLOAD_BYTES / (1024 * 1024),
    }
    .render()?)
}

pub async fn case_page(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: Session,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let user = require_user(&state, &session, &req).await?;
    let id = path.into_inner();
    let page = PageCtx::new(lang, &req, lang.t("my.case_heading"));
    let csrf = csrf_token(&session);
    let st = state.clone();
    let body = state
        .db(move |conn| {
            let r = filings::register_of_user(conn, &user.id, &id)?.ok_or(AppError::NotFound)?;
            render_case(conn, &st, page, lang, csrf, &r, Vec::new())
        })
        .await?;
    Ok(html(body))
}

/// The petitioner sends what was missing: documents and a note. Staff are
/// told by email; the register stays incomplete until they register it.
pub async fn complete(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: Session,
    path: web::Path<String>,
    payload: Multipart,
) -> Result<HttpResponse, AppError> {
    let user = require_user(&state, &session, &req).await?;
    let id = path.into_inner();
    // Whose case it is, before a byte of the body is read.
    let (owner, case) = (user.id.clone(), id.clone());
    state
        .db(move |conn| Ok(filings::register_of_user(conn, &owner, &case)?.map(|_| ())))
        .await?
        .ok_or(AppError::NotFound)?;
    let token = crate::web::auth::session_csrf(&session);
    let mut received = upload::read(payload, &state.settings.files_dir, token).await?;
    check_csrf(&req, lang, &session, &received.form)?;
    let target = format!("/my/cases/{id}");
    let note = received.form.text("note");
    let page = PageCtx::new(lang, &req, lang.t("my.case_heading"));
    let csrf = csrf_token(&session);
    let st = state.clone();
    state
        .db(move |conn| {
            let r = filings::register_of_user(conn, &user.id, &id)?.ok_or(AppError::NotFound)?;
            if r.status != Status::Incomplete.code() {
                return Err(AppError::BadRequest("my.not_incomplete"));
            }
            let mut refused = received.refused;
            if refused.is_empty() {
                let completion = app::filing::Completion {
                    register: &r,
                    owner: user.id.clone(),
                    files: &mut received.files,
                    note,
                };
                match app::filing::complete(conn, &st.settings, completion) {
                    Ok(()) => return Ok(()),
                    Err(Failure::Failed(e)) => return Err(e.into()),
                    Err(Failure::Refused(Refusal::Invalid(key))) => {
                        refused.push(("doc_supplement".into(), key))
                    }
                    Err(Failure::Refused(_)) => refused.push(("doc_supplement".into(), "bad.form")),
                }
            }
            let body = render_case(conn, &st, page, lang, csrf, &r, refused)?;
            Err(AppError::Page(StatusCode::BAD_REQUEST, body))
        })
        .await?;
    Ok(see_other(target))
}

/// The petitioner asks to withdraw before the decision; staff confirm it
/// with the status change to "withdrawn".
pub async fn withdraw(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: Session,
    path: web::Path<String>,
    form: crate::web::fields::Fields,
) -> Result<HttpResponse, AppError> {
    let form = FormData(form.into_inner());
    let user = require_user(&state, &session, &req).await?;
    check_csrf(&req, lang, &session, &form)?;
    let id = path.into_inner();
    let reason = form.text("reason");
    let page = PageCtx::new(lang, &req, lang.t("my.case_heading"));
    let csrf = csrf_token(&session);
    let st = state.clone();
    let target = format!("/my/cases/{id}");
    state
        .db(move |conn| {
            let r = filings::register_of_user(conn, &user.id, &id)?.ok_or(AppError::NotFound)?;
            let Some(reason) = reason else {
                let body = render_case(
                    conn,
                    &st,
                    page,
                    lang,
                    csrf,
                    &r,
                    vec![("reason".into(), "my.need_reason")],
                )?;
                return Err(AppError::Page(StatusCode::BAD_REQUEST, body));
            };
            match app::filing::request_withdrawal(conn, &st.settings, &r, &reason) {
                Ok(()) => Ok(()),
                Err(Failure::Failed(e)) => Err(e.into()),
                Err(Failure::Refused(Refusal::Invalid(key))) => Err(AppError::BadRequest(key)),
                Err(Failure::Refused(_)) => Err(AppError::BadRequest("bad.form")),
            }
        })
        .await?;
    Ok(see_other(target))
}

// ------------------------------------------------------------ documents

/// A document, to its owner and to staff only, always as a download.
pub async fn download(
    state: web::Data<AppState>,
    req: HttpRequest,
    session: Session,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let user = require_user(&state, &session, &req).await?;
    let id = path.into_inner();
    let found = state
        .db(move |conn| {
            let Some(a) = attachments::find(conn, &id)? else {
                return Ok(None);
            };
            Ok((a.owner_id == user.id || user.role().is_staff()).then_some(a))
        })
        .await?;
    // Someone else's document is as absent as a missing one.
    let a = found.ok_or(AppError::NotFound)?;
    let bytes = std::fs::read(upload::stored_path(&state.settings.files_dir, &a.id))
        .map_err(|_| AppError::NotFound)?;
    // The name offered is made here, from what the document is and the
    // type its content was checked as: never the name it was sent under.
    let disposition = header::ContentDisposition {
        disposition: header::DispositionType::Attachment,
        parameters: vec![header::DispositionParam::Filename(upload::download_name(
            &a.kind,
            &a.id,
            &a.content_type,
        ))],
    };
    Ok(HttpResponse::Ok()
        .content_type(a.content_type.as_str())
        .insert_header((header::CONTENT_DISPOSITION, disposition))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(bytes))
}
