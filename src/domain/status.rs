//! The lifecycle of a register: which status may follow which, and what each
//! change needs before it is allowed.

use chrono::NaiveDate;

use super::code_enum;
use super::kinds::{EventKind, HearingState};

code_enum!(
    Status {
        Received => "received",
        Incomplete => "incomplete",
        Registered => "registered",
        Preliminary => "preliminary",
        Mediation => "mediation",
        Adjudication => "adjudication",
        Decided => "decided",
        Inadmissible => "inadmissible",
        Lapsed => "lapsed",
        Withdrawn => "withdrawn",
        Mediated => "mediated",
        Appealed => "appealed",
        Final => "final",
        Enforcement => "enforcement",
    }
);

code_enum!(
    Outcome {
        GrantedFull => "granted_full",
        GrantedPartly => "granted_partly",
        Rejected => "rejected",
        Inadmissible => "inadmissible",
        Lapsed => "lapsed",
        Withdrawn => "withdrawn",
        Mediated => "mediated",
    }
);

impl Status {
    /// The statuses that may follow this one.
    pub fn next(self) -> &'static [Status] {
        use Status::*;
        match self {
            Received => &[Incomplete, Registered, Withdrawn],
            Incomplete => &[Registered, Withdrawn, Lapsed],
            Registered => &[Preliminary, Withdrawn],
            Preliminary => &[Mediation, Adjudication, Inadmissible, Lapsed, Withdrawn],
            Mediation => &[Mediated, Adjudication, Lapsed, Withdrawn],
            Adjudication => &[Decided, Lapsed, Withdrawn],
            Decided => &[Appealed, Final],
            Mediated => &[Enforcement],
            Appealed => &[Final],
            Final => &[Enforcement],
            Inadmissible | Lapsed | Withdrawn | Enforcement => &[],
        }
    }

    pub fn is_terminal(self) -> bool {
        self.next().is_empty()
    }

    /// Whether a move to this status records the panel's outcome.
    pub fn takes_outcome(self) -> bool {
        self == Status::Decided
    }

    /// Whether a move to this status records the number of a decision.
    pub fn takes_decision_number(self) -> bool {
        matches!(self, Status::Decided | Status::Mediated)
    }

    /// The kind of timeline event a move to this status writes.
    pub fn event_kind(self) -> EventKind {
        match self {
            Status::Decided | Status::Mediated | Status::Inadmissible => EventKind::Decision,
            Status::Enforcement => EventKind::Enforcement,
            _ => EventKind::StatusChanged,
        }
    }

    /// Applications become public once registered; before that they are the
    /// petitioner's and the registry's only.
    pub fn is_public(self) -> bool {
        !matches!(self, Status::Received | Status::Incomplete)
    }

    /// A decision has been read: its follow-up (disclosure, compliance) can
    /// be recorded.
    pub fn has_decision(self) -> bool {
        matches!(
            self,
            Status::Decided
                | Status::Mediated
                | Status::Appealed
                | Status::Final
                | Status::Enforcement
        )
    }

    /// The outcome a move into this status records by itself, if any.
    fn implied_outcome(self) -> Option<Outcome> {
        match self {
            Status::Inadmissible => Some(Outcome::Inadmissible),
            Status::Lapsed => Some(Outcome::Lapsed),
            Status::Withdrawn => Some(Outcome::Withdrawn),
            Status::Mediated => Some(Outcome::Mediated),
            _ => None,
        }
    }
}

impl Outcome {
    /// Outcomes a panel reaches in an adjudication decision.
    pub fn is_adjudicated(self) -> bool {
        matches!(
            self,
            Outcome::GrantedFull | Outcome::GrantedPartly | Outcome::Rejected
        )
    }
}

/// What a change of status comes with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TransitionInput {
    /// The day the change took effect.
    pub on: Option<NaiveDate>,
    pub register_number: Option<String>,
    pub outcome: Option<Outcome>,
    pub decision_number: Option<String>,
    /// Why a register was withdrawn, lapsed or found inadmissible.
    pub reason: Option<String>,
    /// What an incomplete application lacks.
    pub missing: Option<String>,
    /// The court an appeal or an enforcement request went to.
    pub court: Option<String>,
}

impl TransitionInput {
    /// The input without what a move to `to` does not take: an outcome only
    /// for a decision, a decision number only for a decision or mediation.
    pub fn for_move(mut self, to: Status) -> TransitionInput {
        if !to.takes_outcome() {
            self.outcome = None;
        }
        if !to.takes_decision_number() {
            self.decision_number = None;
        }
        self
    }
}

/// A change the rules allow, ready to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    pub from: Status,
    pub to: Status,
    pub on: NaiveDate,
    pub outcome: Option<Outcome>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("{from:?} is a terminal status")]
    Terminal { from: Status },
    #[error("{from:?} cannot move to {to:?}")]
    NotAllowed { from: Status, to: Status },
    #[error("the date of the change is missing")]
    MissingDate,
    #[error("the change on {on} would precede the current status, in force since {since}")]
    BeforeCurrentStatus { on: NaiveDate, since: NaiveDate },
    #[error("registration needs a register number")]
    NeedsRegisterNumber,
    #[error("a decision needs an outcome of the panel (granted in full, in part, or rejected)")]
    NeedsOutcome,
    #[error("{outcome:?} is not an outcome of this change")]
    OutcomeNotAllowed { outcome: Outcome },
    #[error("a decision needs its number")]
    NeedsDecisionNumber,
    #[error("this change needs a reason")]
    NeedsReason,
    #[error("an incomplete application needs what is missing")]
    NeedsMissing,
    #[error("this change needs the court's name")]
    NeedsCourt,
}

impl TransitionError {
    /// A stable code for messages shown to people.
    pub fn code(&self) -> &'static str {
        match self {
            TransitionError::Terminal { .. } => "terminal",
            TransitionError::NotAllowed { .. } => "not_allowed",
            TransitionError::MissingDate => "missing_date",
            TransitionError::BeforeCurrentStatus { .. } => "before_current_status",
            TransitionError::NeedsRegisterNumber => "needs_register_number",
            TransitionError::NeedsOutcome => "needs_outcome",
            TransitionError::OutcomeNotAllowed { .. } => "outcome_not_allowed",
            TransitionError::NeedsDecisionNumber => "needs_decision_number",
            TransitionError::NeedsReason => "needs_reason",
            TransitionError::NeedsMissing => "needs_missing",
            TransitionError::NeedsCourt => "needs_court",
        }
    }
}

fn present(v: &Option<String>) -> bool {
    v.as_deref().is_some_and(|s| !s.trim().is_empty())
}

/// Checks a change from `from` (in force since `since`) to `to`.
pub fn check_transition(
    from: Status,
    to: Status,
    since: NaiveDate,
    input: &TransitionInput,
) -> Result<Transition, TransitionError> {
    if from.is_terminal() {
        return Err(TransitionError::Terminal { from });
    }
    if !from.next().contains(&to) {
        return Err(TransitionError::NotAllowed { from, to });
    }
    let on = input.on.ok_or(TransitionError::MissingDate)?;
    if on < since {
        return Err(TransitionError::BeforeCurrentStatus { on, since });
    }
    let needs = |ok: bool, err: TransitionError| if ok { Ok(()) } else { Err(err) };
    match to {
        Status::Registered => needs(
            present(&input.register_number),
            TransitionError::NeedsRegisterNumber,
        )?,
        Status::Incomplete => needs(present(&input.missing), TransitionError::NeedsMissing)?,
        Status::Decided => {
            let outcome = input.outcome.ok_or(TransitionError::NeedsOutcome)?;
            needs(
                outcome.is_adjudicated(),
                TransitionError::OutcomeNotAllowed { outcome },
            )?;
            needs(
                present(&input.decision_number),
                TransitionError::NeedsDecisionNumber,
            )?;
        }
        Status::Mediated => needs(
            present(&input.decision_number),
            TransitionError::NeedsDecisionNumber,
        )?,
        Status::Inadmissible | Status::Lapsed | Status::Withdrawn => {
            needs(present(&input.reason), TransitionError::NeedsReason)?
        }
        Status::Appealed | Status::Enforcement => {
            needs(present(&input.court), TransitionError::NeedsCourt)?
        }
        _ => {}
    }
    let outcome = match (to, input.outcome) {
        (Status::Decided, outcome) => outcome,
        (_, Some(outcome)) => return Err(TransitionError::OutcomeNotAllowed { outcome }),
        (_, None) => to.implied_outcome(),
    };
    Ok(Transition {
        from,
        to,
        on,
        outcome,
    })
}

/// What a change of a hearing's state needs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HearingChangeError {
    #[error("a {from:?} hearing cannot become {to:?}")]
    NotAllowed {
        from: HearingState,
        to: HearingState,
    },
    #[error("postponing or cancelling a hearing needs a reason")]
    NeedsReason,
}

/// Scheduled hearings are held, postponed or cancelled; a postponed one is
/// scheduled again (at its new time) or cancelled. Postponing and cancelling
/// need a reason, which is shown to the public.
pub fn check_hearing_change(
    from: HearingState,
    to: HearingState,
    reason: Option<&str>,
) -> Result<(), HearingChangeError> {
    use HearingState::*;
    let allowed = matches!(
        (from, to),
        (Scheduled, Held)
            | (Scheduled, Postponed)
            | (Scheduled, Cancelled)
            | (Postponed, Scheduled)
            | (Postponed, Cancelled)
    );
    if !allowed {
        return Err(HearingChangeError::NotAllowed { from, to });
    }
    if matches!(to, Postponed | Cancelled) && reason.is_none_or(|r| r.trim().is_empty()) {
        return Err(HearingChangeError::NeedsReason);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// An input that satisfies whatever `to` requires.
    fn complete_input(to: Status) -> TransitionInput {
        let some = |s: &str| Some(s.to_string());
        TransitionInput {
            on: Some(d(2024, 3, 20)),
            register_number: (to == Status::Registered).then(|| "001/KIP-PSIP/II/2024".to_string()),
            outcome: (to == Status::Decided).then_some(Outcome::GrantedPartly),
            decision_number: matches!(to, Status::Decided | Status::Mediated)
                .then(|| "001/KIP-PSIP-A/II/2024".into()),
            reason: matches!(
                to,
                Status::Inadmissible | Status::Lapsed | Status::Withdrawn
            )
            .then(|| "alasan".into()),
            missing: (to == Status::Incomplete).then(|| "bukti keberatan".into()),
            court: if matches!(to, Status::Appealed | Status::Enforcement) {
                some("PTUN Jakarta")
            } else {
                None
            },
        }
    }

    #[test]
    fn every_allowed_transition_passes_with_what_it_needs() {
        let since = d(2024, 3, 1);
        let mut n = 0;
        for from in Status::ALL {
            for to in from.next() {
                let t = check_transition(*from, *to, since, &complete_input(*to))
                    .unwrap_or_else(|e| panic!("{from:?} → {to:?}: {e}"));
                assert_eq!((t.from, t.to, t.on), (*from, *to, d(2024, 3, 20)));
                n += 1;
            }
        }
        assert_eq!(n, 25, "the table of allowed transitions changed");
    }

    #[test]
    fn every_other_pair_is_refused() {
        let since = d(2024, 3, 1);
        for from in Status::ALL {
            for to in Status::ALL {
                if from.next().contains(to) {
                    continue;
                }
                let err = check_transition(*from, *to, since, &complete_input(*to)).unwrap_err();
                assert!(
                    matches!(
                        err,
                        TransitionError::NotAllowed { .. } | TransitionError::Terminal { .. }
                    ),
                    "{from:?} → {to:?} gave {err:?}"
                );
            }
        }
    }

    #[test]
    fn terminal_states() {
        let terminal: Vec<_> = Status::ALL.iter().filter(|s| s.is_terminal()).collect();
        assert_eq!(
            terminal,
            vec![
                &Status::Inadmissible,
                &Status::Lapsed,
                &Status::Withdrawn,
                &Status::Enforcement
            ]
        );
    }

    #[test]
    fn requirements_are_enforced() {
        let since = d(2024, 3, 1);
        let check = |from, to, f: fn(&mut TransitionInput)| {
            let mut input = complete_input(to);
            f(&mut input);
            check_transition(from, to, since, &input)
        };
        use Status::*;
        assert_eq!(
            check(Received, Registered, |i| i.register_number = None),
            Err(TransitionError::NeedsRegisterNumber)
        );
        assert_eq!(
            check(Received, Registered, |i| i.register_number =
                Some("  ".into())),
            Err(TransitionError::NeedsRegisterNumber)
        );
        assert_eq!(
            check(Received, Incomplete, |i| i.missing = None),
            Err(TransitionError::NeedsMissing)
        );
        assert_eq!(
            check(Adjudication, Decided, |i| i.outcome = None),
            Err(TransitionError::NeedsOutcome)
        );
        assert_eq!(
            check(Adjudication, Decided, |i| i.outcome =
                Some(Outcome::Withdrawn)),
            Err(TransitionError::OutcomeNotAllowed {
                outcome: Outcome::Withdrawn
            })
        );
        assert_eq!(
            check(Adjudication, Decided, |i| i.decision_number = None),
            Err(TransitionError::NeedsDecisionNumber)
        );
        assert_eq!(
            check(Adjudication, Decided, |i| i.on = None),
            Err(TransitionError::MissingDate)
        );
        assert_eq!(
            check(Adjudication, Decided, |i| i.on = Some(d(2024, 2, 29))),
            Err(TransitionError::BeforeCurrentStatus {
                on: d(2024, 2, 29),
                since
            })
        );
        assert_eq!(
            check(Preliminary, Withdrawn, |i| i.reason = None),
            Err(TransitionError::NeedsReason)
        );
        assert_eq!(
            check(Mediation, Lapsed, |i| i.reason = Some(String::new())),
            Err(TransitionError::NeedsReason)
        );
        assert_eq!(
            check(Decided, Appealed, |i| i.court = None),
            Err(TransitionError::NeedsCourt)
        );
        assert_eq!(
            check(Final, Enforcement, |i| i.court = None),
            Err(TransitionError::NeedsCourt)
        );
        assert_eq!(
            check(Mediation, Mediated, |i| i.decision_number = None),
            Err(TransitionError::NeedsDecisionNumber)
        );
        assert_eq!(
            check(Registered, Preliminary, |i| i.outcome =
                Some(Outcome::GrantedFull)),
            Err(TransitionError::OutcomeNotAllowed {
                outcome: Outcome::GrantedFull
            })
        );
    }

    #[test]
    fn outcomes_are_recorded() {
        let since = d(2024, 3, 1);
        let outcome = |from, to| {
            check_transition(from, to, since, &complete_input(to))
                .unwrap()
                .outcome
        };
        assert_eq!(
            outcome(Status::Adjudication, Status::Decided),
            Some(Outcome::GrantedPartly)
        );
        assert_eq!(
            outcome(Status::Preliminary, Status::Inadmissible),
            Some(Outcome::Inadmissible)
        );
        assert_eq!(
            outcome(Status::Registered, Status::Withdrawn),
            Some(Outcome::Withdrawn)
        );
        assert_eq!(
            outcome(Status::Mediation, Status::Mediated),
            Some(Outcome::Mediated)
        );
        assert_eq!(outcome(Status::Registered, Status::Preliminary), None);
    }

    #[test]
    fn a_change_on_the_same_day_is_allowed() {
        let t = check_transition(
            Status::Registered,
            Status::Preliminary,
            d(2024, 3, 5),
            &TransitionInput {
                on: Some(d(2024, 3, 5)),
                ..TransitionInput::default()
            },
        );
        assert!(t.is_ok());
    }

    #[test]
    fn only_registered_applications_are_public() {
        assert!(!Status::Received.is_public());
        assert!(!Status::Incomplete.is_public());
        assert!(Status::Registered.is_public());
        assert!(Status::Withdrawn.is_public());
    }

    #[test]
    fn hearing_changes() {
        use HearingState::*;
        assert_eq!(check_hearing_change(Scheduled, Held, None), Ok(()));
        assert_eq!(
            check_hearing_change(Scheduled, Postponed, Some("KPU meminta penundaan")),
            Ok(())
        );
        assert_eq!(
            check_hearing_change(Scheduled, Postponed, None),
            Err(HearingChangeError::NeedsReason)
        );
        assert_eq!(
            check_hearing_change(Postponed, Cancelled, Some(" ")),
            Err(HearingChangeError::NeedsReason)
        );
        assert_eq!(check_hearing_change(Postponed, Scheduled, None), Ok(()));
        assert_eq!(
            check_hearing_change(Held, Postponed, Some("x")),
            Err(HearingChangeError::NotAllowed {
                from: Held,
                to: Postponed
            })
        );
        assert!(check_hearing_change(Cancelled, Scheduled, None).is_err());
    }
}
