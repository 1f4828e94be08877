//! Consequence tests: the panel orders one on some requested items, the
//! respondent submits it, the panel examines and assesses it or orders a
//! repeat.

use chrono::NaiveDate;

use super::{invalid, Done};
use crate::config::Settings;
use crate::db::{new_id, write_tx};
use crate::domain::consequence::check_test_change;
use crate::domain::kinds::{EventKind, ExemptionGround, TestState};
use crate::i18n::Lang;
use crate::mail::compose::{queue_event, Texts};
use crate::models::registers::{self, ConsequenceTest, RegisterEvent};
use crate::models::{hearings, now, Conn};
use crate::Error;

/// A test the panel orders.
#[derive(Debug, Clone)]
pub struct Order {
    pub register_id: String,
    /// The requested items it covers.
    pub items: Vec<String>,
    pub ordered_on: Option<NaiveDate>,
    /// The hearing it is due at, one of the register's.
    pub due_hearing: Option<String>,
    pub actor: String,
}

/// Orders a test on some of a register's items.
pub fn order(conn: &mut Conn, settings: &Settings, cmd: &Order) -> Done {
    write_tx(conn, |conn| {
        let r = registers::find(conn, &cmd.register_id)?.ok_or(Error::NotFound)?;
        let items = registers::items(conn, &r.id)?;
        let chosen = &cmd.items;
        if chosen.is_empty() || chosen.iter().any(|c| !items.iter().any(|i| &i.id == c)) {
            return invalid("test.needs_items");
        }
        let Some(on) = cmd.ordered_on else {
            return invalid("test.needs_date");
        };
        if let Some(h) = &cmd.due_hearing {
            if !hearings::register_ids(conn, h)?.contains(&r.id) {
                return invalid("bad.form");
            }
        }
        let test = ConsequenceTest {
            id: new_id(),
            register_id: r.id.clone(),
            state: TestState::Ordered.code().into(),
            repeat_of_id: None,
            ordered_on: Some(on),
            due_hearing_id: cmd.due_hearing.clone(),
            submitted_on: None,
            examined_on: None,
            grounds: String::new(),
            harm_argued: None,
            public_interest: None,
            exemption_period: None,
            assessment: None,
            created_at: now(),
        };
        let mut numbers: Vec<i32> = items
            .iter()
            .filter(|i| chosen.contains(&i.id))
            .map(|i| i.position)
            .collect();
        numbers.sort();
        let list = numbers
            .iter()
            .map(i32::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        let texts = Texts::each(|l| l.fill("test.ordered_text", &[("list", &list)]));
        registers::insert_test(conn, &test, chosen)?;
        let event = RegisterEvent::public(
            &r.id,
            EventKind::TestOrdered,
            on,
            &cmd.actor,
            texts.id.clone(),
        );
        registers::append_event(conn, &event)?;
        queue_event(conn, settings, &r.id, EventKind::TestOrdered, &texts)?;
        Ok(())
    })
}

/// A step of a test: submitted, examined, assessed, or a repeat ordered.
#[derive(Debug, Clone)]
pub struct Step {
    pub test_id: String,
    pub to: TestState,
    pub on: Option<NaiveDate>,
    /// What the respondent argued, when it submits.
    pub grounds: Vec<ExemptionGround>,
    pub harm_argued: Option<String>,
    pub public_interest: Option<String>,
    pub exemption_period: Option<String>,
    /// The panel's assessment.
    pub assessment: Option<String>,
    /// The hearing a repeat is due at, one of the register's.
    pub due_hearing: Option<String>,
    pub actor: String,
}

/// Moves a test on; returns the id of its register.
pub fn step(conn: &mut Conn, settings: &Settings, cmd: &Step) -> Done<String> {
    write_tx(conn, |conn| {
        let mut t = registers::find_test(conn, &cmd.test_id)?.ok_or(Error::NotFound)?;
        let r = registers::find(conn, &t.register_id)?.ok_or(Error::NotFound)?;
        let from = TestState::from_code(&t.state)
            .ok_or_else(|| Error::bad_code("consequence_tests.state", &t.state))?;
        let to = cmd.to;
        if let Err(e) = check_test_change(from, to, cmd.on.is_some(), cmd.assessment.as_deref()) {
            return invalid(e.code());
        }
        let Some(on) = cmd.on else {
            return invalid("bad.form");
        };
        // A repeat may be due at a hearing of this register only.
        if let (Some(h), TestState::RepeatOrdered) = (&cmd.due_hearing, to) {
            if !hearings::register_ids(conn, h)?.contains(&r.id) {
                return invalid("bad.form");
            }
        }
        let before_state = t.state.clone();
        t.state = to.code().into();
        let (kind, texts) = match to {
            TestState::Submitted => {
                t.submitted_on = Some(on);
                t.grounds = cmd
                    .grounds
                    .iter()
                    .map(|g| g.code())
                    .collect::<Vec<_>>()
                    .join(",");
                t.harm_argued = cmd.harm_argued.clone();
                t.public_interest = cmd.public_interest.clone();
                t.exemption_period = cmd.exemption_period.clone();
                (
                    EventKind::TestSubmitted,
                    Texts::each(|l| l.t("test.submitted_text").to_string()),
                )
            }
            TestState::Examined => {
                t.examined_on = Some(on);
                (
                    EventKind::TestAssessed,
                    Texts::each(|l| l.t("test.examined_text").to_string()),
                )
            }
            _ => {
                t.examined_on = t.examined_on.or(Some(on));
                t.assessment = cmd.assessment.clone();
                let key = match to {
                    TestState::Accepted => "test.accepted_text",
                    TestState::Rejected => "test.rejected_text",
                    _ => "test.repeat_text",
                };
                let said = cmd.assessment.clone().unwrap_or_default();
                (
                    EventKind::TestAssessed,
                    Texts::each(|l| l.fill(key, &[("assessment", &said)])),
                )
            }
        };
        let covered = registers::tests_with_items(conn, &r.id)?
            .into_iter()
            .find(|(x, _)| x.id == t.id)
            .map(|(_, items)| items)
            .unwrap_or_default();
        registers::update_test(conn, &t)?;
        let event = RegisterEvent::public(&r.id, kind, on, &cmd.actor, texts.id.clone());
        registers::append_event(conn, &event)?;
        queue_event(conn, settings, &r.id, kind, &texts)?;
        let label = |state: &str| {
            format!(
                "{} {}: {state}",
                Lang::Id.t("reg.tests"),
                t.ordered_on.map(|d| d.to_string()).unwrap_or_default()
            )
        };
        registers::record_field(
            conn,
            &r.id,
            &cmd.actor,
            now(),
            "test",
            (Some(label(&before_state)), Some(label(&t.state))),
        )?;
        if to == TestState::RepeatOrdered {
            let repeat = ConsequenceTest {
                id: new_id(),
                state: TestState::Ordered.code().into(),
                repeat_of_id: Some(t.id.clone()),
                ordered_on: Some(on),
                due_hearing_id: cmd.due_hearing.clone(),
                submitted_on: None,
                examined_on: None,
                grounds: String::new(),
                harm_argued: None,
                public_interest: None,
                exemption_period: None,
                assessment: None,
                created_at: now(),
                ..t.clone()
            };
            registers::insert_test(conn, &repeat, &covered)?;
        }
        Ok(r.id)
    })
}
