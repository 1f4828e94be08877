//! What a requested item's claim and finding must state.

use super::kinds::{Claim, ExemptionGround, Finding};

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ItemError {
    #[error("the description is empty")]
    NeedsDescription,
    #[error("a ground belongs to an exemption claim only")]
    GroundWithoutExemption,
    #[error("a partly open finding states what is withheld")]
    PartlyOpenNeedsWithheld,
}

impl ItemError {
    pub fn code(self) -> &'static str {
        match self {
            ItemError::NeedsDescription => "item.needs_description",
            ItemError::GroundWithoutExemption => "item.ground_without_exemption",
            ItemError::PartlyOpenNeedsWithheld => "item.partly_open_needs_withheld",
        }
    }
}

/// Checks one item as staff record it.
pub fn check_item(
    description: &str,
    claim: Claim,
    ground: Option<ExemptionGround>,
    finding: Finding,
    withheld: Option<&str>,
) -> Result<(), ItemError> {
    if description.trim().is_empty() {
        return Err(ItemError::NeedsDescription);
    }
    // The ground of an exemption claim is recorded when the respondent
    // states it; the public record does not always.
    if claim != Claim::Exempt && ground.is_some() {
        return Err(ItemError::GroundWithoutExemption);
    }
    if finding == Finding::PartlyOpen && withheld.is_none_or(|w| w.trim().is_empty()) {
        return Err(ItemError::PartlyOpenNeedsWithheld);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_state_what_they_must() {
        use Claim as C;
        use Finding as F;
        let ip = Some("Alamat IP");
        let b = Some(ExemptionGround::IntellectualProperty);
        assert_eq!(
            check_item("Topologi", C::Exempt, b, F::PartlyOpen, ip),
            Ok(())
        );
        assert_eq!(
            check_item("Topologi", C::Open, None, F::Undecided, None),
            Ok(())
        );
        assert_eq!(
            check_item(" ", C::Open, None, F::Open, None),
            Err(ItemError::NeedsDescription)
        );
        assert_eq!(
            check_item("x", C::Exempt, None, F::Open, None),
            Ok(()),
            "the ground may be unknown"
        );
        assert_eq!(
            check_item("x", C::Open, b, F::Open, None),
            Err(ItemError::GroundWithoutExemption)
        );
        assert_eq!(
            check_item("x", C::Exempt, b, F::PartlyOpen, Some("")),
            Err(ItemError::PartlyOpenNeedsWithheld)
        );
    }
}
