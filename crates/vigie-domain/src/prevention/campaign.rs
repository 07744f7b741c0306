//! Campaigns (issue 12, item 5): posters, events, social media, radio. A campaign has a period (two
//! days), the arrondissements it covered, an optional reach (a number and what it counts: people met,
//! views, listeners, copies) and, if it belongs to one, a programme. Nothing in it is personal.

use super::*;

code_enum!(
    /// What a campaign is.
    CampaignKind {
        /// Posters, leaflets.
        Posters => "posters",
        /// An event (a tournament, a forum, a stand).
        Event => "event",
        /// Social media.
        SocialMedia => "social_media",
        /// Radio.
        Radio => "radio",
    }
);

code_enum!(
    /// What a campaign's reach counts.
    ReachUnit {
        /// People met (an event).
        People => "people",
        /// Views (social media).
        Views => "views",
        /// Listeners (radio).
        Listeners => "listeners",
        /// Copies printed or put up (posters, leaflets).
        Copies => "copies",
    }
);

/// The largest reach a campaign may state.
pub const MAX_REACH: u64 = 100_000_000;

/// A campaign, as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Campaign {
    /// Its name.
    pub name: String,
    /// What it is.
    pub kind: CampaignKind,
    /// Its first day.
    pub start: NaiveDate,
    /// Its last day (on or after `start`).
    pub end: NaiveDate,
    /// The arrondissements it covered (at least one), sorted.
    pub districts: Vec<String>,
    /// How many it reached, and what that counts; `None` when not measured.
    pub reach: Option<(u64, ReachUnit)>,
    /// The programme it belongs to, if any.
    pub programme: Option<ProgrammeId>,
}

impl Campaign {
    /// Whether any of its days falls between `from` and `until` (both inclusive).
    pub fn overlaps(&self, from: NaiveDate, until: NaiveDate) -> bool {
        self.start <= until && self.end >= from
    }
}

/// The campaign form as posted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CampaignForm {
    /// Name.
    pub name: String,
    /// [`CampaignKind`] code.
    pub kind: String,
    /// First day, `YYYY-MM-DD` (or `DD/MM/YYYY`).
    pub start: String,
    /// Last day.
    pub end: String,
    /// Arrondissement codes (checkboxes).
    pub districts: Vec<String>,
    /// Reach, a whole number, or empty.
    pub reach: String,
    /// [`ReachUnit`] code, or empty.
    pub reach_unit: String,
    /// Programme id, or empty.
    pub programme: String,
}

/// A required day in `earliest..=latest`, its error pushed beside `field`.
pub(super) fn day_in(
    raw: &str,
    field: &str,
    (earliest, latest): (NaiveDate, NaiveDate),
    errors: &mut FormErrors,
) -> Option<NaiveDate> {
    match raw.trim() {
        "" => {
            errors.push((field.into(), Problem::Required));
            None
        }
        d => match parse_day(d) {
            Some(day) if day >= earliest && day <= latest => Some(day),
            _ => {
                errors.push((field.into(), Problem::BadDay));
                None
            }
        },
    }
}

/// The days a prevention form may name around `today`: [`YEARS_BACK`] years back, [`DAYS_AHEAD`]
/// days ahead.
pub(super) fn day_bounds(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let earliest = today.with_year(today.year() - YEARS_BACK).unwrap_or(today);
    (earliest, today + chrono::Duration::days(DAYS_AHEAD))
}

/// Checks a posted campaign form against the instance's areas, today and the programmes it may
/// name.
pub fn validate_campaign(
    form: &CampaignForm,
    areas: &AreaList,
    (programmes, today): (&[ProgrammeId], NaiveDate),
) -> Result<Campaign, FormErrors> {
    let mut errors = FormErrors::new();
    let name = required_text(&form.name, MAX_NAME_CHARS, "name", &mut errors);
    let kind = code::<CampaignKind, _, _>(&form.kind, "kind", &mut errors);
    let bounds = day_bounds(today);
    let start = day_in(&form.start, "start", bounds, &mut errors);
    let end = day_in(&form.end, "end", bounds, &mut errors);
    if let (Some(s), Some(e)) = (start, end)
        && e < s
    {
        errors.push(("end".into(), Problem::EndBeforeStart));
    }
    let districts = required_picks(
        &form.districts,
        "districts",
        |d| areas.district(d).map(|d| d.code.clone()),
        &mut errors,
    );
    let reach = match (form.reach.trim(), form.reach_unit.trim()) {
        ("", "") => None,
        (n, unit) => {
            let n = match n.parse::<u64>() {
                Ok(n) if n <= MAX_REACH => Some(n),
                _ => {
                    errors.push(("reach".into(), Problem::BadNumber));
                    None
                }
            };
            let unit = code::<ReachUnit, _, _>(unit, "reach_unit", &mut errors);
            n.zip(unit)
        }
    };
    let programme = match form.programme.trim() {
        "" => None,
        p => match p.parse::<ProgrammeId>() {
            Ok(id) if programmes.contains(&id) => Some(id),
            _ => {
                errors.push(("programme".into(), Problem::Unknown));
                None
            }
        },
    };
    match (name, kind, start, end) {
        (Some(name), Some(kind), Some(start), Some(end)) if errors.is_empty() => Ok(Campaign {
            name,
            kind,
            start,
            end,
            districts,
            reach,
            programme,
        }),
        _ => Err(errors),
    }
}
