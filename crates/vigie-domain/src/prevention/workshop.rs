//! Sessions (ateliers) held or planned, their form, and the year's summary the dashboard shows.

use super::*;

/// A session (an atelier), held or planned: its participants are counts only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Workshop {
    /// The day (no time: nothing finer is needed).
    pub day: NaiveDate,
    /// Where.
    pub structure: StructureId,
    /// Which programme.
    pub programme: ProgrammeId,
    /// Facilitators (prevention staff accounts), sorted.
    pub facilitators: Vec<UserId>,
    /// Whether it took place.
    pub delivered: bool,
    /// Participants by age band and sex (all zero when not delivered).
    pub counts: Counts,
}

/// The session form as posted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WorkshopForm {
    /// The day, `YYYY-MM-DD` (or `DD/MM/YYYY`).
    pub day: String,
    /// Structure id.
    pub structure: String,
    /// Programme id.
    pub programme: String,
    /// Facilitators' account ids (checkboxes).
    pub facilitators: Vec<String>,
    /// Delivered (a checkbox).
    pub delivered: bool,
    /// The counts as typed, by band (rows) and sex (columns); empty is zero.
    pub counts: [[String; 3]; 4],
}

/// What a session form may choose among: the active structures and programmes, the accounts that
/// may facilitate, and today (in Marseille).
#[derive(Clone, Debug)]
pub struct WorkshopChoices<'a> {
    /// Active structures.
    pub structures: &'a [StructureId],
    /// Active programmes.
    pub programmes: &'a [ProgrammeId],
    /// Active prevention accounts.
    pub facilitators: &'a [UserId],
    /// Today.
    pub today: NaiveDate,
}

/// A day typed `YYYY-MM-DD` or `DD/MM/YYYY`.
pub fn parse_day(raw: &str) -> Option<NaiveDate> {
    let s = raw.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d/%m/%Y"))
        .ok()
}

/// A required id among `allowed`.
fn pick_id<T: std::str::FromStr + PartialEq>(
    raw: &str,
    field: &str,
    allowed: &[T],
    errors: &mut FormErrors,
) -> Option<T> {
    code::<T, _, _>(raw, field, errors).and_then(|id| {
        if allowed.contains(&id) {
            Some(id)
        } else {
            errors.push((field.to_owned(), Problem::Unknown));
            None
        }
    })
}

/// The counts as typed: each cell empty (zero) or a whole number up to [`MAX_CELL`].
fn counts(raw: &[[String; 3]; 4], errors: &mut FormErrors) -> Counts {
    let mut out = Counts::default();
    for &b in Band::ALL {
        for &s in Sex::ALL {
            let typed = raw[b as usize][s as usize].trim();
            if typed.is_empty() {
                continue;
            }
            match typed.parse::<u32>() {
                Ok(n) if n <= MAX_CELL => out.0[b as usize][s as usize] = n,
                _ => errors.push((count_field(b, s), Problem::BadNumber)),
            }
        }
    }
    out
}

/// Checks a posted session form against what it may choose.
pub fn validate_workshop(
    form: &WorkshopForm,
    choices: &WorkshopChoices<'_>,
) -> Result<Workshop, FormErrors> {
    let mut errors = FormErrors::new();
    let day = super::campaign::day_in(
        &form.day,
        "day",
        super::campaign::day_bounds(choices.today),
        &mut errors,
    );
    if form.delivered && day.is_some_and(|d| d > choices.today) {
        errors.push(("day".into(), Problem::FutureDay));
    }
    let structure = pick_id(
        &form.structure,
        "structure",
        choices.structures,
        &mut errors,
    );
    let programme = pick_id(
        &form.programme,
        "programme",
        choices.programmes,
        &mut errors,
    );
    let facilitators = facilitators(&form.facilitators, choices.facilitators, &mut errors);
    let before = errors.len();
    let counts = counts(&form.counts, &mut errors);
    let total = counts.total();
    // A cell refused says what to fix; the totals are checked once every cell reads.
    let total_problem = if total > MAX_TOTAL {
        Some(Problem::TooMany)
    } else if form.delivered && total == 0 {
        Some(Problem::NoParticipants)
    } else if !form.delivered && total > 0 {
        Some(Problem::CountsNotDelivered)
    } else {
        None
    };
    if let Some(p) = total_problem.filter(|_| errors.len() == before) {
        errors.push(("counts".into(), p));
    }
    match (day, structure, programme) {
        (Some(day), Some(structure), Some(programme)) if errors.is_empty() => Ok(Workshop {
            day,
            structure,
            programme,
            facilitators,
            delivered: form.delivered,
            counts,
        }),
        _ => Err(errors),
    }
}

/// A year of prevention, as the dashboard shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct YearSummary {
    /// Sessions delivered.
    pub delivered: u32,
    /// Sessions planned and not (yet) delivered.
    pub planned: u32,
    /// Participants reached, by band and sex.
    pub reached: Counts,
    /// Young people reached in structures of priority neighbourhoods.
    pub young_in_qpv: u32,
    /// Structures where at least one session was delivered.
    pub structures_covered: u32,
    /// Of those, the ones in priority neighbourhoods.
    pub qpv_structures_covered: u32,
}

impl YearSummary {
    /// The share of the young people reached who were reached in priority neighbourhoods, in
    /// whole percent (rounded down); `None` when nobody was reached.
    pub fn qpv_share_percent(&self) -> Option<u32> {
        let young = u64::from(self.reached.young());
        (young > 0).then(|| (u64::from(self.young_in_qpv) * 100 / young) as u32)
    }
}

/// Sums the sessions of `year`; `in_qpv` says whether a structure is in a priority neighbourhood.
pub fn summarise(
    year: i32,
    workshops: &[Workshop],
    in_qpv: impl Fn(StructureId) -> bool,
) -> YearSummary {
    let mut out = YearSummary::default();
    let mut covered: Vec<StructureId> = Vec::new();
    for w in workshops.iter().filter(|w| w.day.year() == year) {
        if !w.delivered {
            out.planned += 1;
            continue;
        }
        out.delivered += 1;
        out.reached.add(&w.counts);
        let qpv = in_qpv(w.structure);
        if qpv {
            out.young_in_qpv = out.young_in_qpv.saturating_add(w.counts.young());
        }
        if !covered.contains(&w.structure) {
            covered.push(w.structure);
            out.structures_covered += 1;
            out.qpv_structures_covered += u32::from(qpv);
        }
    }
    out
}
