//! Incidents: what the observatory counts. A handler qualifies a report into one; an analyst records
//! them from other sources and reviews the qualified ones. No personal data: an incident is a category,
//! an area, a month, a count and how many reports, cases or people it stands for. Its reference (a press
//! article, a police communiqué number) is for the analysts and is never published.

use serde::{Deserialize, Serialize};

use super::Month;
use crate::area::AreaList;
use crate::ids::{IncidentId, ReportId, UserId};
use crate::report::{Category, report_categories};

report_categories!(
    /// What an incident is. The report categories, then facts that come from other sources.
    IncidentCategory {
        /// Homicide lié au trafic.
        Homicide => "homicide",
        /// Tentative d'homicide liée au trafic.
        AttemptedHomicide => "attempted_homicide",
        /// Saisie (drogue, armes, avoirs).
        Seizure => "seizure",
        /// Fermeture de point de deal.
        DealPointClosure => "deal_point_closure",
    }
);

impl From<Category> for IncidentCategory {
    fn from(c: Category) -> IncidentCategory {
        // The incident categories begin with the report categories, in the same order (one list,
        // `report_categories!`), so a report category's index is its incident category's.
        IncidentCategory::ALL[c as usize]
    }
}

code_enum!(
    /// Where an incident comes from.
    SourceType {
        /// A report qualified by a handler.
        Report => "report",
        /// Press.
        Press => "press",
        /// Police figures or communiqué.
        Police => "police",
        /// The association's field observation.
        Association => "association",
        /// A court decision or hearing.
        Court => "court",
    }
);

code_enum!(
    /// Where an incident stands. Only accepted incidents are counted in an edition.
    IncidentStatus {
        /// Qualified from a report, waiting for an analyst's review.
        Proposed => "proposed",
        /// Counted.
        Accepted => "accepted",
        /// Not counted (duplicate, out of scope); kept so that the decision is visible.
        Rejected => "rejected",
    }
);

/// Largest count or number of contributors one incident may carry (a seizure communiqué may count
/// many facts; beyond this it is a typo).
pub const MAX_COUNT: u32 = 10_000;
/// Longest reference, in characters.
pub const MAX_REFERENCE_CHARS: usize = 300;

/// An incident as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Incident {
    /// Random identifier.
    pub id: IncidentId,
    /// What.
    pub category: IncidentCategory,
    /// Arrondissement code.
    pub district: String,
    /// Quartier code, if known.
    pub neighbourhood: Option<String>,
    /// When (Europe/Paris).
    pub month: Month,
    /// How many facts (at least 1).
    pub count: u32,
    /// How many reports, cases or people it stands for (at least 1).
    pub contributors: u32,
    /// Where it comes from.
    pub source: SourceType,
    /// The source's reference, for analysts only; never published.
    pub reference: String,
    /// The report it was qualified from, if any.
    pub report: Option<ReportId>,
    /// Review state.
    pub status: IncidentStatus,
    /// Who recorded it.
    pub recorded_by: UserId,
}

/// The incident form as posted, every field a string.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IncidentForm {
    /// [`IncidentCategory`] code.
    pub category: String,
    /// Arrondissement code.
    pub district: String,
    /// Quartier code, or empty.
    pub neighbourhood: String,
    /// `YYYY-MM`.
    pub month: String,
    /// Decimal count.
    pub count: String,
    /// Decimal number of contributors.
    pub contributors: String,
    /// [`SourceType`] code.
    pub source: String,
    /// Reference, or empty.
    pub reference: String,
}

/// A form field, to place an error beside it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IncidentField {
    /// Category.
    Category,
    /// Arrondissement.
    District,
    /// Quartier.
    Neighbourhood,
    /// Month.
    Month,
    /// Count.
    Count,
    /// Contributors.
    Contributors,
    /// Source type.
    Source,
    /// Reference.
    Reference,
}

/// A valid incident, before it gets an id, a status and an author.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewIncident {
    /// What.
    pub category: IncidentCategory,
    /// Arrondissement code.
    pub district: String,
    /// Quartier code, if known.
    pub neighbourhood: Option<String>,
    /// When.
    pub month: Month,
    /// How many facts.
    pub count: u32,
    /// How many reports, cases or people.
    pub contributors: u32,
    /// Where it comes from.
    pub source: SourceType,
    /// Reference (may be empty).
    pub reference: String,
}

fn number(s: &str) -> Option<u32> {
    let s = s.trim();
    if s.is_empty() || s.len() > 6 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok().filter(|n| (1..=MAX_COUNT).contains(n))
}

/// Checks a posted incident form; every error is returned beside its field. A month after
/// `current` (the month now, in Marseille) is refused: incidents are facts that happened.
pub fn validate_incident(
    form: &IncidentForm,
    areas: &AreaList,
    current: Month,
) -> Result<NewIncident, Vec<(IncidentField, &'static str)>> {
    let mut errors = Vec::new();
    let category = form.category.trim().parse::<IncidentCategory>().ok();
    if category.is_none() {
        errors.push((IncidentField::Category, "choose a category from the list"));
    }
    let district = form.district.trim();
    if areas.district(district).is_none() {
        errors.push((
            IncidentField::District,
            "choose an arrondissement from the list",
        ));
    }
    let neighbourhood = Some(form.neighbourhood.trim()).filter(|n| !n.is_empty());
    if let Some(n) = neighbourhood {
        match areas.neighbourhood(n) {
            Some(q) if q.district == district => {}
            Some(_) => errors.push((
                IncidentField::Neighbourhood,
                "this quartier is not in the chosen arrondissement",
            )),
            None => errors.push((
                IncidentField::Neighbourhood,
                "choose a quartier from the list",
            )),
        }
    }
    let month = form.month.trim().parse::<Month>().ok();
    match month {
        None => errors.push((IncidentField::Month, "write the month as YYYY-MM")),
        Some(m) if m > current => {
            errors.push((IncidentField::Month, "this month has not happened yet"))
        }
        Some(_) => {}
    }
    let count = number(&form.count);
    if count.is_none() {
        errors.push((IncidentField::Count, "a whole number from 1 to 10000"));
    }
    let contributors = number(&form.contributors);
    if contributors.is_none() {
        errors.push((
            IncidentField::Contributors,
            "a whole number from 1 to 10000",
        ));
    }
    let source = form.source.trim().parse::<SourceType>().ok();
    if source.is_none() {
        errors.push((IncidentField::Source, "choose a source type from the list"));
    }
    let reference = form.reference.trim();
    if reference.chars().count() > MAX_REFERENCE_CHARS {
        errors.push((IncidentField::Reference, "at most 300 characters"));
    }
    match (category, month, count, contributors, source) {
        (Some(category), Some(month), Some(count), Some(contributors), Some(source))
            if errors.is_empty() =>
        {
            Ok(NewIncident {
                category,
                district: district.to_owned(),
                neighbourhood: neighbourhood.map(str::to_owned),
                month,
                count,
                contributors,
                source,
                reference: reference.to_owned(),
            })
        }
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> IncidentForm {
        IncidentForm {
            category: "seizure".into(),
            district: "13203".into(),
            neighbourhood: "".into(),
            month: "2026-03".into(),
            count: "2".into(),
            contributors: "1".into(),
            source: "police".into(),
            reference: "Communiqué DIPN 13 n° 42".into(),
        }
    }

    fn current() -> Month {
        Month::new(2026, 11).unwrap_or_else(|| Month::of_instant(chrono::Utc::now()))
    }

    #[test]
    fn a_valid_form_passes() {
        let areas = AreaList::marseille().unwrap_or_default();
        let ok = validate_incident(&form(), &areas, current());
        assert!(
            matches!(ok, Ok(ref i) if i.count == 2 && i.source == SourceType::Police),
            "{ok:?}"
        );
    }

    #[test]
    fn every_bad_field_is_named() {
        let areas = AreaList::marseille().unwrap_or_default();
        let bad = IncidentForm {
            category: "murder".into(),
            district: "13299".into(),
            neighbourhood: "1320101".into(),
            month: "2027-01".into(),
            count: "0".into(),
            contributors: "-3".into(),
            source: "rumour".into(),
            reference: "x".repeat(301),
        };
        let fields: Vec<IncidentField> = match validate_incident(&bad, &areas, current()) {
            Err(e) => e.into_iter().map(|(f, _)| f).collect(),
            Ok(_) => Vec::new(),
        };
        assert_eq!(fields.len(), 8, "{fields:?}");
        let wrong_quartier = IncidentForm {
            neighbourhood: "1320101".into(),
            ..form()
        };
        assert!(validate_incident(&wrong_quartier, &areas, current()).is_err());
    }

    #[test]
    fn report_categories_map() {
        for c in Category::ALL {
            assert_eq!(IncidentCategory::from(*c).as_str(), c.as_str());
        }
    }
}
