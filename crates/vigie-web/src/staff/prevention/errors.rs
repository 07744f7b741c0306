//! A prevention form's errors as its page shows them: each beside its field (by the field's name in
//! the form) and in a summary before the form whose lines link to the fields.

use vigie_domain::prevention::{FormErrors, Problem};

use crate::Lang;

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

/// A form's errors, translated: the first of each field.
#[derive(Default)]
pub struct Shown {
    lang: Option<Lang>,
    errors: Vec<(String, String)>,
    /// The summary's lines: (the anchor of the field, its label and its error).
    pub summary: Vec<(String, String)>,
}

impl Shown {
    /// `errors` in `lang`; `label` gives a field's label key and the id of its input (where the
    /// summary's line leads).
    pub fn new(lang: Lang, errors: &FormErrors, label: impl Fn(&str) -> (String, String)) -> Self {
        let mut out = Shown {
            lang: Some(lang),
            ..Shown::default()
        };
        for (field, p) in errors {
            if out.errors.iter().any(|(f, _)| f == field) {
                continue;
            }
            let message = lang.t(message_key(field, *p));
            let (label_key, anchor) = label(field);
            let args = [("field", lang.t(&label_key)), ("message", message.clone())];
            out.summary
                .push((anchor, lang.t_args("staff-prev-error-line", &args)));
            out.errors.push((field.clone(), message));
        }
        out
    }

    /// The error beside field `name`, if any.
    pub fn error_for(&self, name: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| f == name)
            .map(|(_, m)| m.as_str())
    }

    /// Whether the form has errors.
    pub fn any(&self) -> bool {
        !self.errors.is_empty()
    }

    /// The summary's introduction.
    pub fn intro(&self) -> String {
        self.lang
            .map(|l| l.t("staff-prev-errors-intro"))
            .unwrap_or_default()
    }
}
