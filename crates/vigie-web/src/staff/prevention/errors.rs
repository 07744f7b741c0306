//! A prevention form's errors as its page shows them: each beside its field (by the field's name in
//! the form) and in a summary before the form whose lines link to the fields.

use vigie_domain::prevention::{FormErrors, Problem};

use crate::Lang;
use crate::staff::showing::FieldErrors;

/// The message key of an error: what to do, said for the field where a general word would not do.
fn message_key(field: &str, p: Problem) -> &'static str {
    use Problem as P;
    match (field, p) {
        ("name", P::Required) => "staff-prev-error-name",
        ("day", P::Required | P::BadDay) => "staff-prev-error-day",
        ("audiences", P::Required) => "staff-prev-error-audiences",
        ("cycle_sessions", _) => "staff-prev-error-cycle",
        ("start" | "end", P::Required | P::BadDay) => "staff-prev-error-day",
        ("districts", P::Required) => "staff-prev-error-districts",
        ("reach", P::BadNumber) => "staff-prev-error-reach",
        (_, P::Required) => "staff-prev-error-choose",
        (_, P::Unknown) => "staff-prev-error-unknown",
        (_, P::TooLong) => "staff-prev-error-too-long",
        (_, P::BadNumber) => "staff-prev-error-count",
        (_, P::TooMany) => "staff-prev-error-too-many",
        (_, P::BadDay) => "staff-prev-error-day",
        (_, P::FutureDay) => "staff-prev-error-future",
        (_, P::CountsNotDelivered) => "staff-prev-error-not-delivered",
        (_, P::NoParticipants) => "staff-prev-error-no-participants",
        (_, P::BadEmail) => "staff-prev-error-email",
        (_, P::BadPhone) => "staff-prev-error-phone",
        (_, P::NotInDistrict) => "staff-prev-error-quartier",
        (_, P::EndBeforeStart) => "staff-prev-error-end-before-start",
    }
}

/// `errors` in `lang`, each beside its field and in the summary; `label` gives a field's label key
/// and the id of its input (where the summary's line leads).
pub fn field_errors(
    lang: Lang,
    errors: &FormErrors,
    label: impl Fn(&str) -> (String, String),
) -> FieldErrors {
    FieldErrors::new(
        errors,
        lang.t("staff-prev-errors-intro"),
        |field, p| lang.t(message_key(field, *p)),
        |field, message| {
            let (label_key, anchor) = label(field);
            let args = [
                ("field", lang.t(&label_key)),
                ("message", message.to_owned()),
            ];
            (anchor, lang.t_args("staff-prev-error-line", &args))
        },
    )
}
