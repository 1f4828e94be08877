//! The closed vocabularies of the domain, each kept by a stable code.

use super::code_enum;

code_enum!(
    /// Regular disputes, or disputes over election information (Perki 1/2019).
    Track { Regular => "regular", Election => "election" }
);

code_enum!(
    PetitionerKind { Individual => "individual", LegalEntity => "legal_entity", Group => "group" }
);

code_enum!(
    /// What the respondent says of a register or an item.
    Claim { Open => "open", Exempt => "exempt", Undecided => "undecided" }
);

code_enum!(
    /// What the panel found for an item.
    Finding { Undecided => "undecided", Open => "open", PartlyOpen => "partly_open", Exempt => "exempt" }
);

code_enum!(
    /// Exemption categories of UU KIP Pasal 17, letters a to j.
    ExemptionGround {
        LawEnforcement => "a",
        IntellectualProperty => "b",
        DefenceSecurity => "c",
        NaturalWealth => "d",
        EconomicResilience => "e",
        ForeignRelations => "f",
        AuthenticDeeds => "g",
        PersonalSecrets => "h",
        InternalMemoranda => "i",
        OtherStatute => "j",
    }
);

code_enum!(
    /// Grounds of objection, UU KIP Pasal 35(1) a to g.
    ObjectionGround {
        RefusedAsExempt => "a",
        PeriodicNotPublished => "b",
        NotAnswered => "c",
        AnsweredNotAsRequested => "d",
        NotFulfilled => "e",
        UnreasonableFee => "f",
        LateAnswer => "g",
    }
);

code_enum!(
    PanelRole { Chair => "chair", Member => "member", Mediator => "mediator", SubstituteClerk => "substitute_clerk" }
);

code_enum!(
    /// Agenda kinds of hearings seen in practice.
    HearingKind {
        Preliminary1 => "pa1",
        Preliminary2 => "pa2",
        Preliminary3 => "pa3",
        Mediation1 => "med1",
        Mediation2 => "med2",
        MediationReport => "mediation_report",
        OnSite => "on_site",
        Evidence1 => "evidence1",
        Evidence2 => "evidence2",
        Evidence3 => "evidence3",
        Experts => "experts",
        RelatedParties => "related_parties",
        ConsequenceTest => "consequence_test",
        Closing => "closing",
        InterimDecision => "interim_decision",
        MediationDecision => "mediation_decision",
        Decision => "decision",
        Ruling => "ruling",
    }
);

code_enum!(
    Openness { Open => "open", Closed => "closed", PartlyClosed => "partly_closed" }
);

code_enum!(
    HearingState { Scheduled => "scheduled", Held => "held", Postponed => "postponed", Cancelled => "cancelled" }
);

code_enum!(
    /// Whether the respondent carried out a decision.
    Compliance { Complied => "complied", NotComplied => "not_complied" }
);

code_enum!(
    /// Where a consequence test stands.
    TestState {
        Ordered => "ordered",
        Submitted => "submitted",
        Examined => "examined",
        Accepted => "accepted",
        Rejected => "rejected",
        RepeatOrdered => "repeat_ordered",
    }
);

code_enum!(
    /// Kinds of timeline entries.
    EventKind {
        Received => "received",
        StatusChanged => "status_changed",
        HearingScheduled => "hearing_scheduled",
        HearingHeld => "hearing_held",
        HearingPostponed => "hearing_postponed",
        HearingCancelled => "hearing_cancelled",
        TestOrdered => "test_ordered",
        TestSubmitted => "test_submitted",
        TestAssessed => "test_assessed",
        ClaimRecorded => "claim_recorded",
        FindingRecorded => "finding_recorded",
        Decision => "decision",
        Enforcement => "enforcement",
        Note => "note",
    }
);

/// Parses a comma-separated list of codes, refusing unknown ones.
pub fn parse_code_list<T>(raw: &str, from_code: impl Fn(&str) -> Option<T>) -> Option<Vec<T>> {
    raw.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(from_code)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for h in HearingKind::ALL {
            assert_eq!(HearingKind::from_code(h.code()), Some(*h));
        }
        for g in ExemptionGround::ALL {
            assert_eq!(ExemptionGround::from_code(g.code()), Some(*g));
        }
        assert_eq!(Track::from_code("nope"), None);
    }

    #[test]
    fn code_lists_refuse_unknown_codes() {
        assert_eq!(
            parse_code_list("a, c,", ObjectionGround::from_code),
            Some(vec![
                ObjectionGround::RefusedAsExempt,
                ObjectionGround::NotAnswered
            ])
        );
        assert_eq!(parse_code_list("a,z", ObjectionGround::from_code), None);
        assert_eq!(
            parse_code_list("", ObjectionGround::from_code),
            Some(vec![])
        );
    }
}
