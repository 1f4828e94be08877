//! Applications received on paper, entered by the registry for the petitioner.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use chrono::NaiveDate;

use crate::app::{self, Failure, Refusal};
use crate::domain::kinds::{Claim, ObjectionGround, PetitionerKind, Track};
use crate::i18n::Lang;
use crate::models::{bodies, Conn};
use crate::web::auth::{csrf_token, non_blank, require_staff, staff_form, FormData};
use crate::web::views::{Choice, PageCtx};
use crate::web::{html, see_other, AppError, AppState};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/staff/applications/new", web::get().to(new_form))
        .route("/staff/applications", web::post().to(create));
}

/// Every field of the form, as typed.
#[derive(Default, Clone)]
pub struct ApplicationForm {
    pub petitioner_kind: String,
    pub display_name: String,
    pub representative_name: String,
    pub legal_name: String,
    pub email: String,
    /// The language of the petitioner's emails.
    pub mail_lang: String,
    pub phone: String,
    pub address: String,
    pub identity_number: String,
    pub respondent: String,
    pub track: String,
    pub subject: String,
    pub requested_on: String,
    pub ppid_answered_on: String,
    pub objected_on: String,
    pub objection_answered_on: String,
    pub received_on: String,
    pub grounds: Vec<String>,
    pub claimed: String,
    pub items: String,
}

impl ApplicationForm {
    fn from_form(form: &FormData) -> ApplicationForm {
        let v = |k: &str| form.get(k).unwrap_or("").trim().to_string();
        ApplicationForm {
            petitioner_kind: v("petitioner_kind"),
            display_name: v("display_name"),
            representative_name: v("representative_name"),
            legal_name: v("legal_name"),
            email: v("email"),
            mail_lang: v("mail_lang"),
            phone: v("phone"),
            address: v("address"),
            identity_number: v("identity_number"),
            respondent: v("respondent"),
            track: v("track"),
            subject: v("subject"),
            requested_on: v("requested_on"),
            ppid_answered_on: v("ppid_answered_on"),
            objected_on: v("objected_on"),
            objection_answered_on: v("objection_answered_on"),
            received_on: v("received_on"),
            grounds: form.choices("ground"),
            claimed: v("claimed"),
            items: form.get("items").unwrap_or("").to_string(),
        }
    }
}

impl ApplicationForm {
    /// The application a form without problems holds.
    fn command(&self, actor: &str) -> Option<app::applications::PaperApplication> {
        let grounds = self
            .grounds
            .iter()
            .map(|g| ObjectionGround::from_code(g))
            .collect::<Option<Vec<_>>>()?;
        Some(app::applications::PaperApplication {
            applicant: app::applications::Applicant {
                kind: PetitionerKind::from_code(&self.petitioner_kind)?,
                display_name: self.display_name.clone(),
                representative_name: non_blank(&self.representative_name),
                legal_name: self.legal_name.clone(),
                email: non_blank(&self.email),
                phone: non_blank(&self.phone),
                address: non_blank(&self.address),
                identity_number: non_blank(&self.identity_number),
                mail_lang: Lang::from_code(&self.mail_lang).unwrap_or_default(),
            },
            respondent_id: self.respondent.clone(),
            track: Track::from_code(&self.track)?,
            subject: self.subject.clone(),
            requested_on: parse_date(&self.requested_on),
            ppid_answered_on: parse_date(&self.ppid_answered_on),
            objected_on: parse_date(&self.objected_on),
            objection_answered_on: parse_date(&self.objection_answered_on),
            received_on: parse_date(&self.received_on)?,
            grounds,
            claimed: Claim::from_code(&self.claimed)?,
            items: item_lines(&self.items)
                .into_iter()
                .map(str::to_string)
                .collect(),
            actor: actor.to_string(),
        })
    }
}

/// The problems of a form, each a message key.
fn problems(f: &ApplicationForm, conn: &mut Conn) -> Result<Vec<&'static str>, AppError> {
    let mut out = Vec::new();
    if PetitionerKind::from_code(&f.petitioner_kind).is_none() {
        out.push("application.need_kind");
    }
    if f.display_name.is_empty() || f.legal_name.is_empty() {
        out.push("application.need_names");
    }
    if f.respondent.is_empty() || bodies::find(conn, &f.respondent)?.is_none() {
        out.push("application.need_respondent");
    }
    if Track::from_code(&f.track).is_none() {
        out.push("bad.track");
    }
    if f.subject.is_empty() {
        out.push("application.need_subject");
    }
    let dates = [
        &f.requested_on,
        &f.ppid_answered_on,
        &f.objected_on,
        &f.objection_answered_on,
    ];
    if dates
        .iter()
        .any(|d| !d.is_empty() && parse_date(d).is_none())
        || parse_date(&f.received_on).is_none()
    {
        out.push("application.bad_date");
    }
    if f.grounds
        .iter()
        .any(|g| ObjectionGround::from_code(g).is_none())
    {
        out.push("bad.form");
    }
    if Claim::from_code(&f.claimed).is_none() {
        out.push("bad.form");
    }
    if item_lines(&f.items).is_empty() {
        out.push("application.need_items");
    }
    out.dedup();
    Ok(out)
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

fn item_lines(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect()
}

#[derive(Template)]
#[template(path = "staff/application.html")]
struct ApplicationPage {
    page: PageCtx,
    csrf: String,
    form: ApplicationForm,
    kinds: Vec<Choice>,
    respondents: Vec<Choice>,
    tracks: Vec<Choice>,
    claims: Vec<Choice>,
    grounds: Vec<Choice>,
    errors: Vec<&'static str>,
}

fn render(
    conn: &mut Conn,
    page: PageCtx,
    lang: Lang,
    csrf: String,
    form: ApplicationForm,
    errors: Vec<&'static str>,
) -> Result<String, AppError> {
    let choice = |value: &str, label: String, selected: bool| Choice {
        value: value.to_string(),
        label,
        selected,
    };
    let respondents = bodies::all(conn)?
        .into_iter()
        .map(|b| {
            choice(
                &b.id,
                format!("{} ({})", b.name, b.short_name),
                form.respondent == b.id,
            )
        })
        .collect();
    Ok(ApplicationPage {
        page,
        csrf,
        kinds: PetitionerKind::ALL
            .iter()
            .map(|k| {
                choice(
                    k.code(),
                    lang.label("petitioner_kind", k.code()).into(),
                    form.petitioner_kind == k.code(),
                )
            })
            .collect(),
        respondents,
        tracks: Track::ALL
            .iter()
            .map(|t| {
                choice(
                    t.code(),
                    lang.label("track", t.code()).into(),
                    form.track == t.code(),
                )
            })
            .collect(),
        claims: Claim::ALL
            .iter()
            .map(|c| {
                choice(
                    c.code(),
                    lang.label("claim", c.code()).into(),
                    form.claimed == c.code(),
                )
            })
            .collect(),
        grounds: ObjectionGround::ALL
            .iter()
            .map(|g| {
                choice(
                    g.code(),
                    lang.label("objection", g.code()).into(),
                    form.grounds.iter().any(|x| x == g.code()),
                )
            })
            .collect(),
        form,
        errors,
    }
    .render()?)
}

pub async fn new_form(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: Session,
) -> Result<HttpResponse, AppError> {
    require_staff(&state, &session, &req).await?;
    let page = PageCtx::new(lang, &req, lang.t("application.heading"));
    let csrf = csrf_token(&session);
    let form = ApplicationForm {
        petitioner_kind: PetitionerKind::Individual.code().into(),
        track: Track::Regular.code().into(),
        claimed: Claim::Undecided.code().into(),
        received_on: state.settings.today().format("%Y-%m-%d").to_string(),
        ..ApplicationForm::default()
    };
    let body = state
        .db(move |conn| render(conn, page, lang, csrf, form, Vec::new()))
        .await?;
    Ok(html(body))
}

pub async fn create(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: Session,
    form: crate::web::fields::Fields,
) -> Result<HttpResponse, AppError> {
    let (user, form) = staff_form(&state, &req, lang, &session, form).await?;
    let f = ApplicationForm::from_form(&form);
    let page = PageCtx::new(lang, &req, lang.t("application.heading"));
    let csrf = csrf_token(&session);
    let id = state
        .db(move |conn| {
            let mut errors = problems(&f, conn)?;
            if errors.is_empty() {
                let application = f
                    .command(&user.name)
                    .ok_or(AppError::BadRequest("bad.form"))?;
                match app::applications::enter_on_paper(conn, &application) {
                    Ok(id) => return Ok(id),
                    Err(Failure::Failed(e)) => return Err(e.into()),
                    Err(Failure::Refused(Refusal::Invalid(key))) => errors.push(key),
                    Err(Failure::Refused(_)) => errors.push("bad.form"),
                }
            }
            let body = render(conn, page, lang, csrf, f, errors)?;
            Err(AppError::Page(StatusCode::BAD_REQUEST, body))
        })
        .await?;
    Ok(see_other(format!("/staff/registers/{id}")))
}
