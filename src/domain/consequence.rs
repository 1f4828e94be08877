//! The life of a consequence test (uji konsekuensi) ordered by the panel:
//! ordered, submitted by the respondent, examined, then accepted, rejected
//! or followed by a repeat test.

use super::kinds::TestState;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TestChangeError {
    #[error("a {from:?} test cannot become {to:?}")]
    NotAllowed { from: TestState, to: TestState },
    #[error("the change needs its date")]
    NeedsDate,
    #[error("an assessment needs the panel's reasons")]
    NeedsAssessment,
}

impl TestChangeError {
    pub fn code(self) -> &'static str {
        match self {
            TestChangeError::NotAllowed { .. } => "test.not_allowed",
            TestChangeError::NeedsDate => "test.needs_date",
            TestChangeError::NeedsAssessment => "test.needs_assessment",
        }
    }
}

/// The states a test may move to from `from`.
pub fn next_states(from: TestState) -> &'static [TestState] {
    use TestState::*;
    match from {
        Ordered => &[Submitted],
        Submitted => &[Examined, Accepted, Rejected, RepeatOrdered],
        Examined => &[Accepted, Rejected, RepeatOrdered],
        Accepted | Rejected | RepeatOrdered => &[],
    }
}

/// Checks a change; a submission needs its date, an assessment its date and
/// the panel's reasons.
pub fn check_test_change(
    from: TestState,
    to: TestState,
    dated: bool,
    assessment: Option<&str>,
) -> Result<(), TestChangeError> {
    if !next_states(from).contains(&to) {
        return Err(TestChangeError::NotAllowed { from, to });
    }
    if !dated {
        return Err(TestChangeError::NeedsDate);
    }
    let assessed = matches!(
        to,
        TestState::Accepted | TestState::Rejected | TestState::RepeatOrdered
    );
    if assessed && assessment.is_none_or(|a| a.trim().is_empty()) {
        return Err(TestChangeError::NeedsAssessment);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use TestState::*;

    #[test]
    fn the_2024_path_is_allowed() {
        // 002: submitted 13 March, repeat ordered the same day.
        assert_eq!(check_test_change(Ordered, Submitted, true, None), Ok(()));
        assert_eq!(
            check_test_change(
                Submitted,
                RepeatOrdered,
                true,
                Some("Uji ulang untuk 18 Maret")
            ),
            Ok(())
        );
        // The repeat: examined 21 March, then rejected in the decision.
        assert_eq!(check_test_change(Submitted, Examined, true, None), Ok(()));
        assert_eq!(
            check_test_change(Examined, Rejected, true, Some("Tidak menunjukkan akibat")),
            Ok(())
        );
    }

    #[test]
    fn refusals() {
        assert_eq!(
            check_test_change(Ordered, Accepted, true, Some("x")),
            Err(TestChangeError::NotAllowed {
                from: Ordered,
                to: Accepted
            })
        );
        assert_eq!(
            check_test_change(Ordered, Submitted, false, None),
            Err(TestChangeError::NeedsDate)
        );
        assert_eq!(
            check_test_change(Submitted, Rejected, true, Some(" ")),
            Err(TestChangeError::NeedsAssessment)
        );
        for done in [Accepted, Rejected, RepeatOrdered] {
            assert!(next_states(done).is_empty());
        }
    }
}
