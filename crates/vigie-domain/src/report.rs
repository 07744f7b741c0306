//! Reports (signalements): categories, statuses, and the rules a submitted form must follow.
//!
//! Only the category, the district, the status and the day of receipt are stored in clear; everything
//! else a reporter writes becomes [`ReportContent`], sealed before it touches the disk.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::area::AreaList;
use crate::form::{code, optional};

/// A code that is not one of the enum's values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown code `{0}`")]
pub struct UnknownCode(pub String);

/// Declares a code enum whose first values are the report categories, in their order, then
/// `$more`: one list for [`Category`] and for the observatory's incident categories (which add
/// the facts that come from other sources).
macro_rules! report_categories {
    ($(#[$doc:meta])* $name:ident { $($more:tt)* }) => {
        code_enum!(
            $(#[$doc])*
            $name {
                /// Point de deal.
                DealPoint => "deal_point",
                /// Guetteurs, recrutement de mineurs.
                LookoutsMinors => "lookouts_minors",
                /// Menaces, intimidation.
                Threats => "threats",
                /// Violences, règlement de comptes.
                Violence => "violence",
                /// Occupation de hall, squat.
                HallOccupation => "hall_occupation",
                /// Trafic en ligne.
                Online => "online",
                /// Corruption.
                Corruption => "corruption",
                /// Autre.
                Other => "other",
                $($more)*
            }
        );
    };
}
pub(crate) use report_categories;

report_categories!(
    /// What the report is about.
    Category {}
);

code_enum!(
    /// What a stored report row holds: a report, or a help request (which travels the same way, a
    /// follow-up code and a sealed conversation, to the caseworkers' team instead of the handlers').
    ReportKind {
        /// A report (signalement), for the handlers.
        Report => "report",
        /// A help request (demande d'aide), for the caseworkers.
        HelpRequest => "help",
    }
);

/// A list of reports holds reports unless it asks for help requests.
impl Default for ReportKind {
    fn default() -> Self {
        Self::Report
    }
}

code_enum!(
    /// Where a report stands.
    ReportStatus {
        /// Nouveau.
        New => "new",
        /// En cours.
        InProgress => "in_progress",
        /// Qualifié (turned into an observatory incident).
        Qualified => "qualified",
        /// Transmis (to the authorities).
        Forwarded => "forwarded",
        /// Classé.
        Closed => "closed",
    }
);

/// Longest report text, in characters.
pub const MAX_TEXT_CHARS: usize = 20_000;
/// Longest short field (place, time of day, identity), in characters.
pub const MAX_SHORT_CHARS: usize = 300;

/// The form as posted, every field a string (what a browser sends).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReportForm {
    /// [`Category`] code.
    pub category: String,
    /// District code.
    pub district: String,
    /// Neighbourhood code, or empty.
    pub neighbourhood: String,
    /// Free-text place, or empty.
    pub place: String,
    /// `YYYY-MM-DD`, or empty.
    pub date: String,
    /// "en cours": happening now.
    pub ongoing: bool,
    /// Time of day, free text (`vers 22 h`), or empty.
    pub time_of_day: String,
    /// What happened.
    pub text: String,
    /// Someone is in immediate danger.
    pub danger: bool,
    /// The reporter agrees to forwarding to the authorities.
    pub consent_forward: bool,
    /// A name or contact the reporter chose to give, or empty.
    pub identity: String,
}

/// A form field, to place an error beside it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// Category.
    Category,
    /// District.
    District,
    /// Neighbourhood.
    Neighbourhood,
    /// Place.
    Place,
    /// Date.
    Date,
    /// Time of day.
    TimeOfDay,
    /// Text.
    Text,
    /// Identity.
    Identity,
}

/// What is wrong with a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldError {
    /// Required and empty.
    Required,
    /// Not one of the allowed values.
    Unknown,
    /// Longer than allowed.
    TooLong,
    /// Not a date, or a date in the future.
    BadDate,
}

/// The sealed part of a report: everything but the clear metadata.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportContent {
    /// Neighbourhood code, if given.
    pub neighbourhood: Option<String>,
    /// Free-text place, if given.
    pub place: Option<String>,
    /// Day it happened, if given.
    pub date: Option<NaiveDate>,
    /// Happening now.
    pub ongoing: bool,
    /// Time of day, if given.
    pub time_of_day: Option<String>,
    /// What happened.
    pub text: String,
    /// Someone is in immediate danger.
    pub danger: bool,
    /// Consent to forwarding to the authorities.
    pub consent_forward: bool,
    /// When it was submitted, Unix seconds (exact times live only inside sealed content).
    pub submitted_at: i64,
}

/// A valid report, ready to seal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewReport {
    /// Clear: category.
    pub category: Category,
    /// Clear: district code.
    pub district: String,
    /// Sealed under the conversation key.
    pub content: ReportContent,
    /// Sealed under the identity key, if given.
    pub identity: Option<String>,
}

field_problem!(FieldError);

/// Checks a posted form against the instance's areas; every error is returned, beside its field.
pub fn validate_report(
    form: &ReportForm,
    areas: &AreaList,
    today: NaiveDate,
    now: i64,
) -> Result<NewReport, Vec<(Field, FieldError)>> {
    let mut errors = Vec::new();
    let category = code::<Category, _, _>(&form.category, Field::Category, &mut errors);
    let district = form.district.trim();
    if district.is_empty() {
        errors.push((Field::District, FieldError::Required));
    } else if areas.district(district).is_none() {
        errors.push((Field::District, FieldError::Unknown));
    }
    let neighbourhood = optional(&form.neighbourhood);
    if neighbourhood.as_deref().is_some_and(|n| {
        areas
            .neighbourhood(n)
            .is_none_or(|q| q.district != district)
    }) {
        errors.push((Field::Neighbourhood, FieldError::Unknown));
    }
    for (field, value) in [
        (Field::Place, &form.place),
        (Field::TimeOfDay, &form.time_of_day),
        (Field::Identity, &form.identity),
    ] {
        if value.trim().chars().count() > MAX_SHORT_CHARS {
            errors.push((field, FieldError::TooLong));
        }
    }
    let date = match optional(&form.date) {
        None => None,
        Some(d) => match NaiveDate::parse_from_str(&d, "%Y-%m-%d") {
            Ok(d) if d <= today => Some(d),
            _ => {
                errors.push((Field::Date, FieldError::BadDate));
                None
            }
        },
    };
    let text = form.text.trim();
    if text.is_empty() {
        errors.push((Field::Text, FieldError::Required));
    } else if text.chars().count() > MAX_TEXT_CHARS {
        errors.push((Field::Text, FieldError::TooLong));
    }
    match category {
        Some(category) if errors.is_empty() => Ok(NewReport {
            category,
            district: district.to_owned(),
            content: ReportContent {
                neighbourhood,
                place: optional(&form.place),
                date,
                ongoing: form.ongoing,
                time_of_day: optional(&form.time_of_day),
                text: text.to_owned(),
                danger: form.danger,
                consent_forward: form.consent_forward,
                submitted_at: now,
            },
            identity: optional(&form.identity),
        }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::area::test_areas as areas;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
    }

    fn good() -> ReportForm {
        ReportForm {
            category: "deal_point".into(),
            district: "13203".into(),
            neighbourhood: "1320301".into(),
            text: "  Des guetteurs au pied du bâtiment B depuis lundi.  ".into(),
            date: "2026-11-20".into(),
            ..ReportForm::default()
        }
    }

    #[test]
    fn a_good_form_becomes_a_report() {
        let r = validate_report(&good(), &areas(), today(), 42).unwrap();
        assert_eq!(r.category, Category::DealPoint);
        assert_eq!(r.district, "13203");
        assert_eq!(
            r.content.text,
            "Des guetteurs au pied du bâtiment B depuis lundi."
        );
        assert_eq!(r.content.neighbourhood.as_deref(), Some("1320301"));
        assert_eq!(r.content.place, None);
        assert_eq!(r.content.submitted_at, 42);
        assert_eq!(r.identity, None);
    }

    #[test]
    fn every_error_is_reported_beside_its_field() {
        let form = ReportForm {
            category: "weather".into(),
            district: "13299".into(),
            neighbourhood: "1320101".into(),
            date: "2026-11-22".into(),
            text: " ".into(),
            place: "x".repeat(MAX_SHORT_CHARS + 1),
            ..ReportForm::default()
        };
        let errors = validate_report(&form, &areas(), today(), 0).unwrap_err();
        for expected in [
            (Field::Category, FieldError::Unknown),
            (Field::District, FieldError::Unknown),
            (Field::Neighbourhood, FieldError::Unknown),
            (Field::Date, FieldError::BadDate),
            (Field::Text, FieldError::Required),
            (Field::Place, FieldError::TooLong),
        ] {
            assert!(errors.contains(&expected), "{expected:?} in {errors:?}");
        }
        let empty = validate_report(&ReportForm::default(), &areas(), today(), 0).unwrap_err();
        assert!(empty.contains(&(Field::Category, FieldError::Required)));
        assert!(empty.contains(&(Field::District, FieldError::Required)));
    }

    /// `good()` with one change, validated.
    fn good_but(
        change: impl FnOnce(&mut ReportForm),
    ) -> Result<NewReport, Vec<(Field, FieldError)>> {
        let mut form = good();
        change(&mut form);
        validate_report(&form, &areas(), today(), 0)
    }

    #[test]
    fn a_quartier_must_belong_to_the_arrondissement() {
        assert_eq!(
            good_but(|f| f.neighbourhood = "1320101".into()).unwrap_err(),
            vec![(Field::Neighbourhood, FieldError::Unknown)]
        );
    }

    #[test]
    fn text_length_is_counted_in_characters() {
        assert!(good_but(|f| f.text = "é".repeat(MAX_TEXT_CHARS)).is_ok());
        assert_eq!(
            good_but(|f| f.text = "é".repeat(MAX_TEXT_CHARS + 1)).unwrap_err(),
            vec![(Field::Text, FieldError::TooLong)]
        );
    }

    #[test]
    fn an_unknown_status_is_refused() {
        assert!("nope".parse::<ReportStatus>().is_err());
    }
}
