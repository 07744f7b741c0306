//! Prevention (issue 12, first slice): the structures the prevention team works with (schools, youth
//! and social centres, sports clubs, associations), its programmes (a theme, an audience, a cycle of
//! sessions) and the sessions held, with their participants as counts only, never a person; what a
//! posted form must hold; and the year's summary the dashboard shows.
//!
//! A structure has two halves: what the lists and the figures need is clear ([`StructureClear`]:
//! kind, name, arrondissement and quartier, priority neighbourhood, active); the contact person is
//! sealed ([`StructureContact`]), like the partner directory's details. Programmes and sessions
//! hold nothing personal: a session's participants are a table of counts by age band and sex.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::area::AreaList;
use crate::form::{Contact, code, contact, picks, required_picks, required_text, text};
pub use crate::form::{MAX_LINE_CHARS, MAX_NAME_CHARS, MAX_NOTES_CHARS};
use crate::{ProgrammeId, StructureId, UserId};

code_enum!(
    /// What a structure is.
    StructureKind {
        /// École (primary school).
        Ecole => "ecole",
        /// Collège (middle school).
        College => "college",
        /// Lycée (high school).
        Lycee => "lycee",
        /// Centre social.
        SocialCentre => "social_centre",
        /// Maison des jeunes, centre d'animation.
        YouthCentre => "youth_centre",
        /// Club sportif.
        SportsClub => "sports_club",
        /// Association.
        Association => "association",
    }
);

code_enum!(
    /// What a programme is about.
    Theme {
        /// The risks of drugs.
        Drugs => "drugs",
        /// Recruitment as lookouts and "jobs" in the networks.
        Lookouts => "lookouts",
        /// Recruitment online (social networks, messaging).
        Online => "online",
        /// Support for parents.
        Parents => "parents",
        /// Training of professionals.
        Professionals => "professionals",
    }
);

code_enum!(
    /// Whom a programme is for.
    Audience {
        /// Children aged 9 to 11.
        Age9To11 => "9_11",
        /// Young people aged 12 to 14.
        Age12To14 => "12_14",
        /// Young people aged 15 to 18.
        Age15To18 => "15_18",
        /// Parents.
        Parents => "parents",
        /// Professionals (teachers, youth workers, coaches).
        Professionals => "professionals",
    }
);

code_enum!(
    /// An age band of a session's participants (the rows of its counts).
    Band {
        /// 9 to 11.
        Age9To11 => "9_11",
        /// 12 to 14.
        Age12To14 => "12_14",
        /// 15 to 18.
        Age15To18 => "15_18",
        /// Adults (parents, professionals).
        Adults => "adults",
    }
);

code_enum!(
    /// The sex of participants as counted (the columns of a session's counts).
    Sex {
        /// Girls, women.
        Female => "female",
        /// Boys, men.
        Male => "male",
        /// Not counted by sex.
        NotSaid => "not_said",
    }
);

/// Most participants one cell of a session's counts may hold.
pub const MAX_CELL: u32 = 500;
/// Most participants one session may count in all.
pub const MAX_TOTAL: u32 = 1000;
/// Most sessions a programme's cycle may have.
pub const MAX_CYCLE: u32 = 40;
/// How many years back a session may be recorded.
pub const YEARS_BACK: i32 = 5;
/// How many days ahead a session may be planned.
pub const DAYS_AHEAD: i64 = 366;

/// A session's participants: counts by age band (rows, in [`Band::ALL`] order) and sex (columns,
/// in [`Sex::ALL`] order). Never anything else about them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts(pub [[u32; 3]; 4]);

impl Counts {
    /// The count of band `b` and sex `s`.
    pub fn get(&self, b: Band, s: Sex) -> u32 {
        self.0[b as usize][s as usize]
    }

    /// Everyone counted.
    pub fn total(&self) -> u32 {
        self.0.iter().flatten().sum()
    }

    /// Everyone of band `b`.
    pub fn band(&self, b: Band) -> u32 {
        self.0[b as usize].iter().sum()
    }

    /// Everyone of sex `s`.
    pub fn sex(&self, s: Sex) -> u32 {
        self.0.iter().map(|row| row[s as usize]).sum()
    }

    /// The young people counted (every band but the adults).
    pub fn young(&self) -> u32 {
        self.total() - self.band(Band::Adults)
    }

    /// Adds `other`'s counts to these (saturating: a year's sums stay far below `u32::MAX`).
    pub fn add(&mut self, other: &Counts) {
        for (row, add) in self.0.iter_mut().zip(other.0.iter()) {
            for (cell, n) in row.iter_mut().zip(add.iter()) {
                *cell = cell.saturating_add(*n);
            }
        }
    }

    /// The twelve counts, band by band, comma-separated (how the store keeps them).
    pub fn to_stored(&self) -> String {
        self.0
            .iter()
            .flatten()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(",")
    }

    /// Parses [`Counts::to_stored`]'s output; `None` for anything else.
    pub fn from_stored(s: &str) -> Option<Counts> {
        let numbers: Vec<u32> = s
            .split(',')
            .map(|n| n.parse().ok())
            .collect::<Option<_>>()?;
        if numbers.len() != 12 {
            return None;
        }
        let mut out = Counts::default();
        for (i, n) in numbers.into_iter().enumerate() {
            out.0[i / 3][i % 3] = n;
        }
        Some(out)
    }
}

/// The name of the form field of band `b` and sex `s`'s count: `n_12_14_female`.
pub fn count_field(b: Band, s: Sex) -> String {
    format!("n_{}_{}", b.as_str(), s.as_str())
}

form_problem! {
    /// What is wrong with a field of a prevention form.
    pub enum Problem {
        /// Not a whole number in range.
        #[error("not a whole number in range")]
        BadNumber,
        /// More participants than one session may count.
        #[error("more than {MAX_TOTAL} participants")]
        TooMany,
        /// Not a day (`YYYY-MM-DD` or `DD/MM/YYYY`), or too far back or ahead.
        #[error("not a day in range")]
        BadDay,
        /// A session delivered on a day that has not come yet.
        #[error("a delivered session in the future")]
        FutureDay,
        /// Participants counted for a session that was not delivered.
        #[error("participants counted for a session not delivered")]
        CountsNotDelivered,
        /// A delivered session with nobody counted.
        #[error("no participant counted")]
        NoParticipants,
        /// Not an e-mail address.
        #[error("not an e-mail address")]
        BadEmail,
        /// Not a phone number.
        #[error("not a phone number")]
        BadPhone,
        /// A quartier of another arrondissement.
        #[error("not in the arrondissement")]
        NotInDistrict,
        /// A period that ends before it starts.
        #[error("ends before it starts")]
        EndBeforeStart,
    }
    contact
}

/// A form's errors, each beside its field (the field's name in the form), in the form's order.
pub type FormErrors = Vec<(String, Problem)>;

/// The clear half of a structure: what lists, filters and figures read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StructureClear {
    /// What it is.
    pub kind: StructureKind,
    /// Its name (an institution's, never a person's).
    pub name: String,
    /// Arrondissement code.
    pub district: String,
    /// Quartier code, in that arrondissement, if given.
    pub neighbourhood: Option<String>,
    /// In a priority neighbourhood of the city policy (QPV).
    pub qpv: bool,
    /// Still worked with (an inactive structure stays, for the history, but is not offered).
    pub active: bool,
}

/// The sealed half of a structure: its contact, for the prevention coordinators only.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StructureContact {
    /// The contact person's name.
    pub person: Option<String>,
    /// Their role (head teacher, CPE, director...).
    pub role: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// The coordinators' notes.
    pub notes: Option<String>,
}

/// The structure form as posted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StructureForm {
    /// Name.
    pub name: String,
    /// [`StructureKind`] code.
    pub kind: String,
    /// Arrondissement code.
    pub district: String,
    /// Quartier code, or empty.
    pub neighbourhood: String,
    /// In a QPV (a checkbox).
    pub qpv: bool,
    /// Active (a checkbox).
    pub active: bool,
    /// Contact person.
    pub person: String,
    /// Their role.
    pub role: String,
    /// Phone.
    pub phone: String,
    /// E-mail.
    pub email: String,
    /// Notes.
    pub notes: String,
}

/// Checks a posted structure form against the instance's areas.
pub fn validate_structure(
    form: &StructureForm,
    areas: &AreaList,
) -> Result<(StructureClear, StructureContact), FormErrors> {
    let mut errors = FormErrors::new();
    let name = required_text(&form.name, MAX_NAME_CHARS, "name", &mut errors);
    let kind = code::<StructureKind, _, _>(&form.kind, "kind", &mut errors);
    let district = match form.district.trim() {
        "" => {
            errors.push(("district".into(), Problem::Required));
            None
        }
        d => match areas.district(d) {
            Some(d) => Some(d.code.clone()),
            None => {
                errors.push(("district".into(), Problem::Unknown));
                None
            }
        },
    };
    let neighbourhood = match form.neighbourhood.trim() {
        "" => None,
        q => match areas.neighbourhood(q) {
            None => {
                errors.push(("neighbourhood".into(), Problem::Unknown));
                None
            }
            Some(n) if district.as_deref().is_some_and(|d| d != n.district) => {
                errors.push(("neighbourhood".into(), Problem::NotInDistrict));
                None
            }
            Some(n) => Some(n.code.clone()),
        },
    };
    let person = text(&form.person, MAX_NAME_CHARS, "person", &mut errors);
    let role = text(&form.role, MAX_LINE_CHARS, "role", &mut errors);
    let phone = contact(&form.phone, Contact::Phone, "phone", &mut errors);
    let email = contact(&form.email, Contact::Email, "email", &mut errors);
    let notes = text(&form.notes, MAX_NOTES_CHARS, "notes", &mut errors);
    match (name, kind, district) {
        (Some(name), Some(kind), Some(district)) if errors.is_empty() => Ok((
            StructureClear {
                kind,
                name,
                district,
                neighbourhood,
                qpv: form.qpv,
                active: form.active,
            },
            StructureContact {
                person,
                role,
                phone,
                email,
                notes,
            },
        )),
        _ => Err(errors),
    }
}

/// A programme: nothing in it is personal (facilitators are staff accounts).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Programme {
    /// Its name.
    pub name: String,
    /// What it is about.
    pub theme: Theme,
    /// Whom it is for (at least one), sorted.
    pub audiences: Vec<Audience>,
    /// Sessions in one cycle.
    pub cycle_sessions: u32,
    /// Facilitators (prevention staff accounts), sorted.
    pub facilitators: Vec<UserId>,
    /// The funder or the STSPD action it answers, in words.
    pub funder: Option<String>,
    /// Still offered.
    pub active: bool,
}

/// The programme form as posted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProgrammeForm {
    /// Name.
    pub name: String,
    /// [`Theme`] code.
    pub theme: String,
    /// [`Audience`] codes (checkboxes).
    pub audiences: Vec<String>,
    /// Sessions in a cycle.
    pub cycle_sessions: String,
    /// Facilitators' account ids (checkboxes).
    pub facilitators: Vec<String>,
    /// Funder or STSPD action.
    pub funder: String,
    /// Active (a checkbox).
    pub active: bool,
}

/// The facilitators ticked, each one of `allowed` (the active prevention accounts).
fn facilitators(raw: &[String], allowed: &[UserId], errors: &mut FormErrors) -> Vec<UserId> {
    picks(
        raw,
        "facilitators",
        |f| f.parse().ok().filter(|id| allowed.contains(id)),
        errors,
    )
}

/// Checks a posted programme form; `allowed` are the accounts that may facilitate.
pub fn validate_programme(
    form: &ProgrammeForm,
    allowed: &[UserId],
) -> Result<Programme, FormErrors> {
    let mut errors = FormErrors::new();
    let name = required_text(&form.name, MAX_NAME_CHARS, "name", &mut errors);
    let theme = code::<Theme, _, _>(&form.theme, "theme", &mut errors);
    let audiences = required_picks(
        &form.audiences,
        "audiences",
        |a| a.parse().ok(),
        &mut errors,
    );
    let cycle_sessions = match form.cycle_sessions.trim().parse::<u32>() {
        Ok(n) if (1..=MAX_CYCLE).contains(&n) => Some(n),
        _ => {
            errors.push(("cycle_sessions".into(), Problem::BadNumber));
            None
        }
    };
    let facilitators = facilitators(&form.facilitators, allowed, &mut errors);
    let funder = text(&form.funder, MAX_LINE_CHARS, "funder", &mut errors);
    match (name, theme, cycle_sessions) {
        (Some(name), Some(theme), Some(cycle_sessions)) if errors.is_empty() => Ok(Programme {
            name,
            theme,
            audiences,
            cycle_sessions,
            facilitators,
            funder,
            active: form.active,
        }),
        _ => Err(errors),
    }
}

mod workshop;
pub use workshop::{
    Workshop, WorkshopChoices, WorkshopForm, YearSummary, parse_day, summarise, validate_workshop,
};

// Campaigns, reports and public figures (issue 12, items 5 to 7).
mod campaign;
mod reach;
mod release;
mod survey_release;
pub use campaign::{Campaign, CampaignForm, CampaignKind, MAX_REACH, ReachUnit, validate_campaign};
pub use reach::{DistrictReach, ProgrammeReach, Reach, StructurePlace, YOUNG_BANDS, reach};
pub use release::{BadPeriod, Period, PreventionFigures, release_period};
pub use survey_release::{
    PairedChange, SurveyFigures, SurveyPart, SurveyStatement, Tenths, release_surveys,
};

#[cfg(test)]
#[path = "prevention_tests.rs"]
mod tests;
