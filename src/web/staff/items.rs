//! Requested items: staff add and correct them and record, per item, the
//! respondent's claim and the panel's finding.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use crate::app::{self, Failure, Refusal};
use crate::domain::items::check_item;
use crate::domain::kinds::{Claim, ExemptionGround, Finding};
use crate::i18n::Lang;
use crate::models::registers::{self, ItemEdit, Register};
use crate::models::Conn;
use crate::web::auth::{csrf_token, non_blank, require_staff, staff_form, FormData};
use crate::web::views::{code_choices, code_choices_or_none, display_number, Choice, PageCtx};
use crate::web::{html, see_other, AppError, AppState};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/staff/registers/{id}/items", web::get().to(edit))
        .route("/staff/registers/{id}/items", web::post().to(save));
}

/// One row of the form, as shown or typed.
#[derive(Clone, Default)]
pub struct ItemRow {
    pub id: String,
    pub position: String,
    pub description: String,
    pub requested_form: String,
    pub claim: String,
    pub ground: String,
    pub finding: String,
    pub withheld: String,
    pub note: String,
}

impl ItemRow {
    fn choices(&self, lang: Lang) -> (Vec<Choice>, Vec<Choice>, Vec<Choice>) {
        (
            code_choices(Claim::ALL, Claim::code, "claim", lang, &self.claim),
            code_choices_or_none(
                ExemptionGround::ALL,
                ExemptionGround::code,
                "ground",
                lang,
                &self.ground,
            ),
            code_choices(Finding::ALL, Finding::code, "finding", lang, &self.finding),
        )
    }
}

pub struct ItemRowView {
    pub row: ItemRow,
    pub claims: Vec<Choice>,
    pub grounds: Vec<Choice>,
    pub findings: Vec<Choice>,
}

#[derive(Template)]
#[template(path = "staff/items.html")]
struct ItemsPage {
    page: PageCtx,
    csrf: String,
    id: String,
    number: String,
    version: i32,
    rows: Vec<ItemRowView>,
    error: Option<String>,
    conflict: bool,
}

fn rows_of(conn: &mut Conn, r: &Register) -> Result<Vec<ItemRow>, AppError> {
    Ok(registers::items(conn, &r.id)?
        .into_iter()
        .map(|i| ItemRow {
            id: i.id,
            position: i.position.to_string(),
            description: i.description,
            requested_form: i.requested_form,
            claim: i.claim,
            ground: i.claim_ground.unwrap_or_default(),
            finding: i.finding,
            withheld: i.finding_withheld.unwrap_or_default(),
            note: i.finding_note.unwrap_or_default(),
        })
        .collect())
}

fn render(
    mut page: PageCtx,
    lang: Lang,
    csrf: String,
    r: &Register,
    mut rows: Vec<ItemRow>,
    error: Option<String>,
    conflict: bool,
) -> Result<String, AppError> {
    if !rows.iter().any(|row| row.id.is_empty()) {
        rows.push(ItemRow {
            claim: Claim::Undecided.code().into(),
            finding: Finding::Undecided.code().into(),
            ..ItemRow::default()
        });
    }
    page.title = format!("{} — {}", display_number(lang, r), lang.t("items.heading"));
    Ok(ItemsPage {
        page,
        csrf,
        id: r.id.clone(),
        number: display_number(lang, r),
        version: r.version,
        rows: rows
            .into_iter()
            .map(|row| {
                let (claims, grounds, findings) = row.choices(lang);
                ItemRowView {
                    row,
                    claims,
                    grounds,
                    findings,
                }
            })
            .collect(),
        error,
        conflict,
    }
    .render()?)
}

pub async fn edit(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: Session,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    require_staff(&state, &session, &req).await?;
    let id = path.into_inner();
    let page = PageCtx::new(lang, &req, "");
    let csrf = csrf_token(&session);
    let body = state
        .db(move |conn| {
            let r = registers::find(conn, &id)?.ok_or(AppError::NotFound)?;
            let rows = rows_of(conn, &r)?;
            render(page, lang, csrf, &r, rows, None, false)
        })
        .await?;
    Ok(html(body))
}

/// The rows of a submitted form: each field name repeats once per row.
fn typed_rows(form: &FormData) -> Vec<ItemRow> {
    let all = |name: &str| -> Vec<String> {
        form.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_string())
            .collect()
    };
    let ids = all("item_id");
    let cols = [
        all("description"),
        all("requested_form"),
        all("claim"),
        all("ground"),
        all("finding"),
        all("withheld"),
        all("note"),
    ];
    let at = |col: usize, i: usize| cols[col].get(i).cloned().unwrap_or_default();
    ids.iter()
        .enumerate()
        .map(|(i, id)| ItemRow {
            id: id.clone(),
            position: String::new(),
            description: at(0, i),
            requested_form: at(1, i),
            claim: at(2, i),
            ground: at(3, i),
            finding: at(4, i),
            withheld: at(5, i),
            note: at(6, i),
        })
        .collect()
}

/// The edits a form asks for, or the message of its first problem.
fn edits_of(rows: &[ItemRow], lang: Lang) -> Result<Vec<ItemEdit>, String> {
    let mut out = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        if row.id.is_empty() && row.description.is_empty() {
            continue; // the empty row for a new item
        }
        let claim = Claim::from_code(&row.claim).ok_or_else(|| lang.t("bad.form").to_string())?;
        let finding =
            Finding::from_code(&row.finding).ok_or_else(|| lang.t("bad.form").to_string())?;
        let ground = match row.ground.as_str() {
            "" => None,
            code => Some(
                ExemptionGround::from_code(code).ok_or_else(|| lang.t("bad.form").to_string())?,
            ),
        };
        let withheld = non_blank(&row.withheld);
        check_item(
            &row.description,
            claim,
            ground,
            finding,
            withheld.as_deref(),
        )
        .map_err(|e| {
            format!(
                "{} {}: {}",
                lang.t("items.description"),
                i + 1,
                lang.t(e.code())
            )
        })?;
        out.push(ItemEdit {
            id: non_blank(&row.id),
            description: row.description.clone(),
            requested_form: row.requested_form.clone(),
            claim: claim.code().into(),
            claim_ground: ground.map(|g| g.code().to_string()),
            finding: finding.code().into(),
            finding_withheld: if finding == Finding::PartlyOpen {
                withheld
            } else {
                None
            },
            finding_note: non_blank(&row.note),
        });
    }
    Ok(out)
}

pub async fn save(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: Session,
    path: web::Path<String>,
    form: crate::web::fields::Fields,
) -> Result<HttpResponse, AppError> {
    let (user, form) = staff_form(&state, &req, lang, &session, form).await?;
    let id = path.into_inner();
    let rows = typed_rows(&form);
    let command = match (crate::web::staff::version_of(&form), edits_of(&rows, lang)) {
        (None, _) => Err(lang.t("bad.form").to_string()),
        (Some(_), Err(message)) => Err(message),
        (Some(expected_version), Ok(edits)) => Ok(app::registers::SaveItems {
            register_id: id.clone(),
            expected_version,
            edits,
            actor: user.name.clone(),
        }),
    };
    let page = PageCtx::new(lang, &req, "");
    let csrf = csrf_token(&session);
    let settings = state.settings.clone();
    let target = format!("/staff/registers/{id}/items");
    state
        .db(move |conn| {
            let error = match command {
                Ok(cmd) => match app::registers::save_items(conn, &settings, &cmd) {
                    Ok(()) => return Ok(()),
                    Err(Failure::Failed(e)) => return Err(e.into()),
                    Err(Failure::Refused(Refusal::Conflict)) => None,
                    Err(Failure::Refused(r)) => Some(crate::web::refusal::message(lang, &r)),
                },
                Err(message) => Some(message),
            };
            let r = registers::find(conn, &id)?.ok_or(AppError::NotFound)?;
            let (status, conflict) = match error {
                None => (StatusCode::CONFLICT, true),
                Some(_) => (StatusCode::BAD_REQUEST, false),
            };
            let body = render(page, lang, csrf, &r, rows, error, conflict)?;
            Err(AppError::Page(status, body))
        })
        .await?;
    Ok(see_other(target))
}
