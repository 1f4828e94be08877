//! A use case's refusal as the person who asked reads it: a message in
//! their language and the status code of the page that shows it.

use actix_web::http::StatusCode;

use crate::app::Refusal;
use crate::domain::status::TransitionError;
use crate::i18n::Lang;

/// What the refusal says.
pub fn message(lang: Lang, refusal: &Refusal) -> String {
    match refusal {
        Refusal::Invalid(key) => lang.t(key).to_string(),
        Refusal::Transition(e) => transition_message(lang, e),
        Refusal::NumberTaken(number) => lang.fill("staff.number_taken", &[("number", number)]),
        Refusal::Conflict => lang.t("followup.conflict").to_string(),
    }
}

/// The message key of a refusal, for forms that show a key: a refusal
/// that is not about the input is the form's general message.
pub fn key(refusal: &Refusal) -> &'static str {
    match refusal {
        Refusal::Invalid(key) => key,
        _ => "bad.form",
    }
}

/// 409 when what is stored stands in the way, 400 for what was asked.
pub fn status(refusal: &Refusal) -> StatusCode {
    match refusal {
        Refusal::Conflict | Refusal::NumberTaken(_) => StatusCode::CONFLICT,
        Refusal::Invalid(_) | Refusal::Transition(_) => StatusCode::BAD_REQUEST,
    }
}

/// A refused transition, explained in the visitor's language.
pub fn transition_message(lang: Lang, e: &TransitionError) -> String {
    match e {
        TransitionError::NotAllowed { from, to } => lang.fill(
            "transition.not_allowed",
            &[
                ("from", lang.label("status", from.code())),
                ("to", lang.label("status", to.code())),
            ],
        ),
        TransitionError::Terminal { from } => lang.fill(
            "transition.terminal",
            &[("from", lang.label("status", from.code()))],
        ),
        TransitionError::BeforeCurrentStatus { since, .. } => lang.fill(
            "transition.before_current_status",
            &[("since", &lang.date(*since))],
        ),
        other => lang.t(&format!("transition.{}", other.code())).to_string(),
    }
}
