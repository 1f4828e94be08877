//! The holiday calendar and the deadline rules of every track, which every
//! page with a deadline needs. They are read from the database only when
//! the reference data changed since they were last read (see
//! `models::stamps`), so that a page costs one key lookup for them.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;

use super::views::{deadline_view, DeadlineView};
use super::{AppError, AppState};
use crate::db::DbConnection;
use crate::domain::calendar::WorkingCalendar;
use crate::domain::deadlines::{self, RuleSet};
use crate::domain::status::Status;
use crate::i18n::Lang;
use crate::models::registers::Register;
use crate::models::{calendar, stamps};

/// What the calendar and rules were read as, and under which stamp.
pub struct Reference {
    pub calendar: WorkingCalendar,
    rules: HashMap<String, RuleSet>,
    /// When and by whom the holiday table was last changed.
    pub calendar_changed: Option<(String, String)>,
}

/// The reference data last read by this process.
#[derive(Default)]
pub struct ClockCache {
    kept: Mutex<Option<(Option<String>, Arc<Reference>)>>,
}

impl ClockCache {
    fn get(&self, stamp: &Option<String>) -> Option<Arc<Reference>> {
        let kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        kept.as_ref()
            .filter(|(s, _)| s == stamp)
            .map(|(_, r)| r.clone())
    }

    fn keep(&self, stamp: Option<String>, reference: Arc<Reference>) {
        *self.kept.lock().unwrap_or_else(|e| e.into_inner()) = Some((stamp, reference));
    }
}

/// The calendar and rules as of today.
pub(crate) struct Clocks {
    reference: Arc<Reference>,
    pub today: NaiveDate,
}

/// Today in the commission's time zone.
fn today(state: &AppState) -> NaiveDate {
    state.settings.today()
}

impl Clocks {
    pub(crate) fn load(conn: &mut DbConnection, state: &AppState) -> Result<Clocks, AppError> {
        let stamp = stamps::reference(conn)?;
        let reference = match state.clocks.get(&stamp) {
            Some(r) => r,
            None => {
                let calendar =
                    calendar::working_calendar(conn, state.settings.collective_leave_is_day_off)?;
                let reference = Arc::new(Reference {
                    calendar,
                    rules: calendar::rules_by_track(conn)?,
                    calendar_changed: calendar::last_change(conn)?,
                });
                state.clocks.keep(stamp, reference.clone());
                reference
            }
        };
        Ok(Clocks {
            reference,
            today: today(state),
        })
    }

    pub(crate) fn calendar(&self) -> &WorkingCalendar {
        &self.reference.calendar
    }

    pub(crate) fn calendar_changed(&self) -> Option<&(String, String)> {
        self.reference.calendar_changed.as_ref()
    }

    /// The rules of every track, by code.
    pub(crate) fn rules(&self) -> &HashMap<String, RuleSet> {
        &self.reference.rules
    }

    pub(crate) fn rules_for(&self, r: &Register) -> &RuleSet {
        static NONE: RuleSet = RuleSet { specs: Vec::new() };
        self.reference.rules.get(&r.track).unwrap_or(&NONE)
    }

    pub(crate) fn open(&self, r: &Register) -> Vec<deadlines::Deadline> {
        let Some(status) = Status::from_code(&r.status) else {
            return vec![];
        };
        deadlines::open_deadlines(status, &r.dates(), self.rules_for(r), self.calendar())
    }

    /// The deadline that falls first among those running.
    pub(crate) fn next(&self, lang: Lang, r: &Register) -> Option<DeadlineView> {
        self.open(r)
            .into_iter()
            .min_by_key(|d| d.due)
            .map(|d| deadline_view(lang, &d, self.calendar(), self.today))
    }
}
