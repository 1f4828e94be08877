//! What templates show: plain strings prepared in the visitor's language.

use actix_web::HttpRequest;
use askama::Template;
use chrono::NaiveDate;
use chrono_tz::Tz;

use crate::domain::calendar::WorkingCalendar;
use crate::domain::deadlines::{Deadline, Unit};
use crate::i18n::Lang;
use crate::models::hearings::Hearing;
use crate::models::registers::{Count, Parties, Register};

/// What the layout needs on every page.
#[derive(Clone)]
pub struct PageCtx {
    pub lang: Lang,
    pub title: String,
    pub switch_url: String,
    pub path: String,
    /// Feeds and calendars of what the page shows: (kind, title, address).
    pub alternates: Vec<Alternate>,
}

/// A feed or calendar offered by a page.
#[derive(Clone)]
pub struct Alternate {
    pub mime: &'static str,
    pub title: String,
    pub href: String,
    /// `feed` or `calendar`.
    pub kind: &'static str,
}

impl Alternate {
    pub fn feed(lang: Lang, href: String) -> Alternate {
        Alternate {
            mime: "application/atom+xml",
            title: lang.t("feed.subscribe").to_string(),
            href,
            kind: "feed",
        }
    }

    pub fn calendar(lang: Lang, href: String) -> Alternate {
        Alternate {
            mime: "text/calendar",
            title: lang.t("ics.subscribe").to_string(),
            href,
            kind: "calendar",
        }
    }
}

impl PageCtx {
    pub fn new(lang: Lang, req: &HttpRequest, title: &str) -> PageCtx {
        PageCtx {
            lang,
            title: title.to_string(),
            switch_url: super::lang::switch_url(req, lang.other()),
            path: req.path().to_string(),
            alternates: Vec::new(),
        }
    }

    pub fn t(&self, key: &str) -> &'static str {
        self.lang.t(key)
    }

    /// Offers the feed and calendar at these addresses.
    pub fn with_alternates(mut self, feed: Option<String>, calendar: Option<String>) -> PageCtx {
        let lang = self.lang;
        self.alternates
            .extend(feed.map(|f| Alternate::feed(lang, f)));
        self.alternates
            .extend(calendar.map(|c| Alternate::calendar(lang, c)));
        self
    }

    pub fn current(&self, prefix: &str) -> bool {
        if prefix == "/" {
            self.path == "/"
        } else {
            self.path.starts_with(prefix)
        }
    }
}

/// "N registers found", or "more than N" when a search matched more than
/// it counts.
pub fn count_text(lang: Lang, count: Count) -> String {
    match count {
        Count::Exact(n) => lang.fill("list.count", &[("n", &lang.number(n))]),
        Count::AtLeast(n) => lang.fill("list.count_more", &[("n", &lang.number(n))]),
    }
}

/// One option of a select, radio group or checkbox list.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// The options for a list of codes, each labelled in `lang` from the
/// catalogue's `group`, the one equal to `current` selected.
pub fn code_choices<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    group: &str,
    lang: Lang,
    current: &str,
) -> Vec<Choice> {
    all.iter()
        .map(|v| Choice {
            value: code(*v).to_string(),
            label: lang.label(group, code(*v)).to_string(),
            selected: current == code(*v),
        })
        .collect()
}

/// The same, after a first option "—" for none, selected when `current`
/// is empty.
pub fn code_choices_or_none<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    group: &str,
    lang: Lang,
    current: &str,
) -> Vec<Choice> {
    let mut out = vec![Choice {
        value: String::new(),
        label: "—".into(),
        selected: current.is_empty(),
    }];
    out.extend(code_choices(all, code, group, lang, current));
    out
}

/// A deadline with its explanation, ready to show.
pub struct DeadlineView {
    pub label: &'static str,
    pub due: String,
    pub due_iso: String,
    pub state: String,
    pub overdue: bool,
    pub explanation: String,
    pub weekends: String,
    pub holidays: Vec<String>,
    pub moved_to_working_day: bool,
    /// Set when the count crossed a year the holiday table does not cover.
    pub calendar_missing: Option<String>,
}

pub fn deadline_view(
    lang: Lang,
    d: &Deadline,
    cal: &WorkingCalendar,
    today: NaiveDate,
) -> DeadlineView {
    let remaining = d.remaining(cal, today);
    let n = remaining.abs().to_string();
    let working = d.unit == Unit::WorkingDays;
    let state = match (remaining, working) {
        (0, _) if d.due == today => lang.t("reg.due_today").to_string(),
        (r, true) if r < 0 || d.is_overdue(today) => lang.fill("reg.overdue", &[("n", &n)]),
        (r, false) if r < 0 || d.is_overdue(today) => lang.fill("reg.overdue_days", &[("n", &n)]),
        (_, true) => lang.fill("reg.remaining", &[("n", &n)]),
        (_, false) => lang.fill("reg.remaining_days", &[("n", &n)]),
    };
    let explanation = lang.fill(
        "reg.explain_start",
        &[
            ("amount", &d.amount.to_string()),
            ("unit", lang.label("unit", d.unit.code())),
            ("date", &lang.date(d.start)),
            ("reason", lang.label("start_reason", d.start_reason.code())),
        ],
    );
    let holidays = d
        .holidays_skipped()
        .map(|h| {
            format!(
                "{}: {} ({})",
                lang.date(h.date),
                h.name,
                lang.label("holiday_kind", h.kind.code())
            )
        })
        .collect();
    DeadlineView {
        label: lang.label("rule", d.rule.code()),
        due: lang.fill(
            "reg.due",
            &[(
                "date",
                &format!("{}, {}", lang.weekday(d.due), lang.date(d.due)),
            )],
        ),
        due_iso: d.due.format("%Y-%m-%d").to_string(),
        state,
        overdue: d.is_overdue(today),
        explanation,
        weekends: lang.fill(
            "reg.explain_weekends",
            &[("n", &d.weekend_days_skipped().to_string())],
        ),
        holidays,
        moved_to_working_day: !working && !d.skipped.is_empty(),
        calendar_missing: calendar_missing(lang, cal, d),
    }
}

fn calendar_missing(lang: Lang, cal: &WorkingCalendar, d: &Deadline) -> Option<String> {
    let years = cal.missing_years(d.start, d.due);
    if years.is_empty() {
        return None;
    }
    let years = years
        .iter()
        .map(i32::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    Some(lang.fill("reg.calendar_missing", &[("years", &years)]))
}

/// A hearing as a line of a schedule.
pub struct HearingView {
    pub id: String,
    pub day: String,
    pub time: String,
    pub datetime_iso: String,
    pub kind: &'static str,
    pub room: String,
    pub openness: &'static str,
    pub state_code: String,
    pub state: &'static str,
    pub reason: Option<String>,
    pub summary: Option<String>,
    pub registers: Vec<(String, String)>,
}

pub fn hearing_view(
    lang: Lang,
    h: &Hearing,
    fallback: Tz,
    registers: Vec<(String, String)>,
) -> HearingView {
    let local = crate::domain::calendar::local_time(h.starts_at, &h.time_zone, fallback);
    let day = local.date_naive();
    let time = match lang {
        Lang::Id => local.format("%H.%M %Z").to_string(),
        Lang::En => local.format("%H:%M %Z").to_string(),
    };
    HearingView {
        id: h.id.clone(),
        day: format!("{}, {}", lang.weekday(day), lang.date(day)),
        time,
        datetime_iso: local.to_rfc3339(),
        kind: lang.label("hearing_kind", &h.kind),
        room: h.room.clone(),
        openness: lang.label("openness", &h.openness),
        state_code: h.state.clone(),
        state: lang.label("hearing_state", &h.state),
        reason: h.state_reason.clone(),
        summary: h.summary.clone(),
        registers,
    }
}

/// A register as a row of a list.
pub struct RegisterRow {
    pub id: String,
    pub number: String,
    pub subject: String,
    pub petitioner: String,
    pub respondent: String,
    pub respondent_id: String,
    pub status_code: String,
    pub status: &'static str,
    pub registered: String,
    pub next_deadline: Option<DeadlineView>,
}

pub fn register_row(
    lang: Lang,
    r: &Register,
    parties: &Parties,
    next_deadline: Option<DeadlineView>,
) -> RegisterRow {
    RegisterRow {
        id: r.id.clone(),
        number: display_number(lang, r),
        subject: r.subject.clone(),
        petitioner: parties
            .petitioners
            .get(&r.petitioner_id)
            .map(|p| p.display_name.clone())
            .unwrap_or_default(),
        respondent: parties
            .bodies
            .get(&r.respondent_id)
            .map(|b| b.short_name.clone())
            .unwrap_or_default(),
        respondent_id: r.respondent_id.clone(),
        status_code: r.status.clone(),
        status: lang.label("status", &r.status),
        registered: r.registered_on.map(|d| lang.date(d)).unwrap_or_default(),
        next_deadline,
    }
}

pub fn display_number(lang: Lang, r: &Register) -> String {
    r.number
        .clone()
        .unwrap_or_else(|| lang.t("common.unnumbered").to_string())
}

#[derive(Template)]
#[template(path = "message.html")]
struct MessagePage {
    page: PageCtx,
    heading: &'static str,
    text: &'static str,
    back: Option<String>,
    /// A refusal is announced as an alert, news as a status.
    refusal: bool,
}

/// A page with a heading and one message, and a way back.
pub fn message_page(
    req: &HttpRequest,
    lang: Lang,
    heading: &'static str,
    text: &'static str,
    back: Option<String>,
) -> Result<String, super::AppError> {
    Ok(MessagePage {
        page: PageCtx::new(lang, req, lang.t(heading)),
        heading: lang.t(heading),
        text: lang.t(text),
        back,
        refusal: false,
    }
    .render()?)
}

/// A refusal with `status`: a page with a heading and the reason, and a
/// way back.
pub fn refusal(
    req: &HttpRequest,
    lang: Lang,
    status: actix_web::http::StatusCode,
    heading: &'static str,
    text: &'static str,
    back: Option<String>,
) -> super::AppError {
    let page = MessagePage {
        page: PageCtx::new(lang, req, lang.t(heading)),
        heading: lang.t(heading),
        text: lang.t(text),
        back,
        refusal: true,
    };
    match page.render() {
        Ok(body) => super::AppError::Page(status, body),
        Err(e) => e.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_in_both_languages_and_say_when_they_stop() {
        use crate::models::registers::Count;
        assert_eq!(
            count_text(Lang::Id, Count::Exact(1_000_000)),
            "1.000.000 register ditemukan"
        );
        assert_eq!(count_text(Lang::En, Count::Exact(7)), "7 registers found");
        assert_eq!(
            count_text(Lang::Id, Count::AtLeast(1000)),
            "Lebih dari 1.000 register ditemukan"
        );
        assert_eq!(
            count_text(Lang::En, Count::AtLeast(1000)),
            "More than 1,000 registers found"
        );
    }
}
