//! One register as the public record tells it: parties, items, tests,
//! hearings, decision and timeline.

use std::collections::HashMap;

use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use chrono::{NaiveDate, Utc};

use super::hearing_views;
use crate::db::DbConnection;
use crate::domain::deadlines;
use crate::domain::kinds::{parse_code_list, ExemptionGround, ObjectionGround};
use crate::i18n::Lang;
use crate::models::hearings;
use crate::models::registers;
use crate::web::cache::{self, register_stamp, Forms, Personal, Rendered};
pub(crate) use crate::web::clocks::Clocks;
use crate::web::listing::record_id;
use crate::web::views::{deadline_view, display_number, DeadlineView, HearingView, PageCtx};
use crate::web::{AppError, AppState};

pub struct ItemView {
    pub n: i32,
    pub description: String,
    pub form: String,
    pub claim_code: String,
    pub claim: &'static str,
    pub ground: Option<&'static str>,
    pub finding_code: String,
    pub finding: &'static str,
    pub withheld: Option<String>,
    pub note: Option<String>,
}

pub struct TestView {
    pub repeat: bool,
    pub state_code: String,
    pub state: &'static str,
    pub ordered: Option<String>,
    pub due_hearing: Option<String>,
    pub submitted: Option<String>,
    pub examined: Option<String>,
    pub covers: Vec<String>,
    pub grounds: Vec<&'static str>,
    pub harm: Option<String>,
    pub public_interest: Option<String>,
    pub period: Option<String>,
    pub assessment: Option<String>,
}

pub struct EventView {
    pub date: String,
    pub date_iso: String,
    pub kind: &'static str,
    pub change: Option<String>,
    pub text: String,
    pub actor: String,
}

pub struct DecisionView {
    pub number: String,
    pub date: String,
    pub outcome: &'static str,
    pub disclosure_due: Option<String>,
    pub compliance: Option<String>,
}

#[derive(Template)]
#[template(path = "register.html")]
struct RegisterPage {
    page: PageCtx,
    number: String,
    subject: String,
    track: &'static str,
    status_code: String,
    status: &'static str,
    status_help: &'static str,
    status_since: String,
    petitioner: String,
    petitioner_kind: &'static str,
    representative: Option<String>,
    respondent: String,
    respondent_id: String,
    claimed: &'static str,
    objection_grounds: Vec<&'static str>,
    dates: Vec<(&'static str, String)>,
    panel: Vec<(&'static str, String)>,
    deadlines: Vec<DeadlineView>,
    filing: Option<DeadlineView>,
    filed_in_time: bool,
    decision: Option<DecisionView>,
    items: Vec<ItemView>,
    tests: Vec<TestView>,
    upcoming: Vec<HearingView>,
    past: Vec<HearingView>,
    events: Vec<EventView>,
    all_of_body: String,
    calendar_note: String,
    id: String,
    csrf: String,
    account_email: Option<String>,
}

pub async fn register(
    state: web::Data<AppState>,
    req: HttpRequest,
    lang: Lang,
    session: actix_session::Session,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = record_id(path)?;
    let page_ctx = PageCtx::new(lang, &req, "").with_alternates(
        Some(format!("/registers/{id}/feed.atom")),
        Some(format!("/registers/{id}/hearings.ics")),
    );
    let st = state.get_ref().clone();
    let stamp_id = id.clone();
    let page = page_ctx;
    cache::page(
        &state,
        &req,
        lang,
        &session,
        Forms::Follow,
        move |conn| register_stamp(conn, &stamp_id),
        move |conn, visitor| render(conn, &st, lang, page, visitor, &id),
    )
    .await
}

/// The page of register `id` for `visitor`.
fn render(
    conn: &mut DbConnection,
    st: &AppState,
    lang: Lang,
    mut page: PageCtx,
    visitor: &Personal,
    id: &str,
) -> Result<Rendered, AppError> {
    let csrf = visitor.csrf.clone();
    let account_email = visitor.account_email.clone();
    let detail = registers::public_detail(conn, id)?.ok_or(AppError::NotFound)?;
    let clocks = Clocks::load(conn, st)?;
    let r = &detail.register;
    let number = display_number(lang, r);
    page.title = format!("{number} — {}", r.subject);
    let rules = clocks.rules_for(r);
    let filing = deadlines::filing_window(&r.dates(), rules, clocks.calendar());
    let filed_in_time = filing.as_ref().is_some_and(|f| r.received_on <= f.due);
    let deadlines = clocks
        .open(r)
        .iter()
        .map(|d| deadline_view(lang, d, clocks.calendar(), clocks.today))
        .collect();
    let dates = date_rows(lang, r);
    let items = item_views(lang, &detail.items);
    let all_hearings = hearing_views(lang, st, conn, &detail.hearings)?;
    let hearing_day: HashMap<String, String> = all_hearings
        .iter()
        .map(|h| (h.id.clone(), format!("{} ({})", h.day, h.kind)))
        .collect();
    let tests = test_views(lang, &detail, &hearing_day);
    let now = Utc::now().naive_utc();
    let valid_until = detail
        .hearings
        .iter()
        .map(|h| h.starts_at)
        .filter(|t| *t >= now)
        .min();
    #[allow(clippy::type_complexity)]
    let (past, upcoming): (
        Vec<(HearingView, &hearings::Hearing)>,
        Vec<(HearingView, &hearings::Hearing)>,
    ) = all_hearings
        .into_iter()
        .zip(detail.hearings.iter())
        .partition(|(_, h)| h.starts_at < now);
    let past: Vec<HearingView> = past.into_iter().rev().map(|(v, _)| v).collect();
    let upcoming = upcoming.into_iter().map(|(v, _)| v).collect();
    let events = event_views(lang, &detail.events);
    let decision = decision_view(lang, r);
    let body = RegisterPage {
        page,
        subject: r.subject.clone(),
        track: lang.label("track", &r.track),
        status_code: r.status.clone(),
        status: lang.label("status", &r.status),
        status_help: lang.label("status_help", &r.status),
        status_since: lang.fill("reg.status_since", &[("date", &lang.date(r.status_since))]),
        petitioner: detail.petitioner.display_name.clone(),
        petitioner_kind: lang.label("petitioner_kind", &detail.petitioner.kind),
        representative: detail.petitioner.representative_name.clone(),
        respondent: format!(
            "{} ({})",
            detail.respondent.name, detail.respondent.short_name
        ),
        respondent_id: detail.respondent.id.clone(),
        claimed: lang.label("claim", &r.claimed_classification),
        objection_grounds: parse_code_list(&r.objection_grounds, ObjectionGround::from_code)
            .unwrap_or_default()
            .iter()
            .map(|g| lang.label("objection", g.code()))
            .collect(),
        dates,
        panel: detail
            .panel
            .iter()
            .map(|m| (lang.label("role", &m.role), m.name.clone()))
            .collect(),
        deadlines,
        filing: filing.map(|f| deadline_view(lang, &f, clocks.calendar(), clocks.today)),
        filed_in_time,
        decision,
        items,
        tests,
        upcoming,
        past,
        events,
        id: r.id.clone(),
        csrf,
        account_email,
        calendar_note: match clocks.calendar_changed() {
            Some((when, _)) => format!(
                "{} {}",
                lang.t("reg.calendar_used"),
                lang.fill("reg.calendar_changed", &[("when", when)])
            ),
            None => lang.t("reg.calendar_used").to_string(),
        },
        all_of_body: lang.fill(
            "reg.all_of_body",
            &[("body", &detail.respondent.short_name)],
        ),
        number,
    }
    .render()?;
    Ok(Rendered { body, valid_until })
}

/// The dates of the dispute that are known, labelled.
fn date_rows(lang: Lang, r: &registers::Register) -> Vec<(&'static str, String)> {
    [
        ("reg.requested_on", r.requested_on),
        ("reg.ppid_answered_on", r.ppid_answered_on),
        ("reg.objected_on", r.objected_on),
        ("reg.objection_answered_on", r.objection_answered_on),
        ("reg.received_on", Some(r.received_on)),
        ("reg.registered_on", r.registered_on),
        ("reg.decided_on", r.decided_on),
    ]
    .into_iter()
    .filter_map(|(k, d)| Some((lang.t(k), lang.date(d?))))
    .collect()
}

fn item_views(lang: Lang, items: &[registers::RequestedItem]) -> Vec<ItemView> {
    items
        .iter()
        .map(|i| ItemView {
            n: i.position,
            description: i.description.clone(),
            form: i.requested_form.clone(),
            claim_code: i.claim.clone(),
            claim: lang.label("claim", &i.claim),
            ground: i.claim_ground.as_deref().map(|g| lang.label("ground", g)),
            finding_code: i.finding.clone(),
            finding: lang.label("finding", &i.finding),
            withheld: i.finding_withheld.clone(),
            note: i.finding_note.clone(),
        })
        .collect()
}

/// The consequence tests, each with the items it covers and the hearing
/// (of `hearing_day`: id to day and kind) it is due at.
fn test_views(
    lang: Lang,
    detail: &registers::PublicDetail,
    hearing_day: &HashMap<String, String>,
) -> Vec<TestView> {
    let fmt = |d: Option<NaiveDate>| d.map(|d| lang.date(d));
    let item_numbers: HashMap<&str, (i32, &str)> = detail
        .items
        .iter()
        .map(|i| (i.id.as_str(), (i.position, i.description.as_str())))
        .collect();
    detail
        .tests
        .iter()
        .map(|(t, covered)| {
            let mut covers: Vec<&(i32, &str)> = covered
                .iter()
                .filter_map(|id| item_numbers.get(id.as_str()))
                .collect();
            covers.sort();
            TestView {
                repeat: t.repeat_of_id.is_some(),
                state_code: t.state.clone(),
                state: lang.label("test_state", &t.state),
                ordered: fmt(t.ordered_on),
                due_hearing: t
                    .due_hearing_id
                    .as_ref()
                    .and_then(|h| hearing_day.get(h).cloned()),
                submitted: fmt(t.submitted_on),
                examined: fmt(t.examined_on),
                covers: covers.iter().map(|(n, d)| format!("{n}. {d}")).collect(),
                grounds: parse_code_list(&t.grounds, ExemptionGround::from_code)
                    .unwrap_or_default()
                    .iter()
                    .map(|g| lang.label("ground", g.code()))
                    .collect(),
                harm: t.harm_argued.clone(),
                public_interest: t.public_interest.clone(),
                period: t.exemption_period.clone(),
                assessment: t.assessment.clone(),
            }
        })
        .collect()
}

fn event_views(lang: Lang, events: &[registers::PublicEvent]) -> Vec<EventView> {
    events
        .iter()
        .map(|e| EventView {
            date: lang.date(e.occurred_on),
            date_iso: e.occurred_on.format("%Y-%m-%d").to_string(),
            kind: lang.label("event", &e.kind),
            change: lang.status_change(e.from_status.as_deref(), e.to_status.as_deref()),
            text: e.public_text.clone().unwrap_or_default(),
            actor: lang.fill("reg.by", &[("actor", &e.actor)]),
        })
        .collect()
}

/// The decision, once it has a number and a date.
fn decision_view(lang: Lang, r: &registers::Register) -> Option<DecisionView> {
    let (Some(number), Some(date)) = (&r.decision_number, r.decided_on) else {
        return None;
    };
    Some(DecisionView {
        number: number.clone(),
        date: lang.date(date),
        outcome: r
            .outcome
            .as_deref()
            .map(|o| lang.label("outcome", o))
            .unwrap_or(""),
        disclosure_due: r.disclosure_due_on.map(|d| lang.date(d)),
        compliance: match (&r.compliance, r.compliance_on) {
            (Some(c), Some(on)) => Some(format!(
                "{} ({})",
                lang.label("compliance", c),
                lang.date(on)
            )),
            _ => None,
        },
    })
}
