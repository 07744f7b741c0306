//! Support groups (ateliers de parole, groupes de soutien) a casework team runs: their kind, the
//! rules a group's input follows, and the anonymous satisfaction slip's counts.
//!
//! A group's name, theme, place and facilitators, and a session's place and facilitators, are
//! sealed by the application (in the team's name index); only the kind, the capacity, whether it is
//! open, the session days and counts are clear. Participants are files, shown by number only.

use serde::{Deserialize, Serialize};

use crate::casefile::{CaseInputError, MAX_FIELD_CHARS, lines, required_text};

/// The largest group (a room's worth).
pub const MAX_CAPACITY: i64 = 60;

code_enum!(
    /// What kind of group.
    SupportKind {
        /// Atelier de parole.
        Workshop => "atelier_parole",
        /// Groupe de soutien.
        Support => "groupe_soutien",
    }
);

/// What identifies a group, sealed: never in a clear column.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupLabels {
    /// Its name.
    pub name: String,
    /// Its theme (a theme can say what the participants went through).
    pub theme: String,
    /// Where it meets.
    pub place: String,
    /// The staff who lead it, by name.
    pub facilitators: Vec<String>,
}

impl GroupLabels {
    /// Labels as typed: a name is required, the rest may be empty; facilitators one a line.
    pub fn parse(
        name: &str,
        theme: &str,
        place: &str,
        facilitators: &str,
    ) -> Result<GroupLabels, CaseInputError> {
        Ok(GroupLabels {
            name: required_text(name, "nom du groupe", MAX_FIELD_CHARS)?,
            theme: crate::casefile::bounded_text(theme, "thème", MAX_FIELD_CHARS)?,
            place: crate::casefile::bounded_text(place, "lieu", MAX_FIELD_CHARS)?,
            facilitators: lines(facilitators, "animateurs")?,
        })
    }
}

/// A capacity as typed: 1 to [`MAX_CAPACITY`].
pub fn capacity(raw: &str) -> Result<i64, CaseInputError> {
    match raw.trim().parse::<i64>() {
        Ok(n) if (1..=MAX_CAPACITY).contains(&n) => Ok(n),
        _ => Err(CaseInputError::Unknown("capacité (1 à 60)")),
    }
}

/// One session's anonymous slips: how many answered 1, 2, 3, 4 and 5 (no link to anyone).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SlipCounts(pub [i64; 5]);

impl SlipCounts {
    /// Counts as typed for each answer (empty is 0), each at most `MAX_CAPACITY`.
    pub fn parse(raw: [&str; 5]) -> Result<SlipCounts, CaseInputError> {
        let mut out = [0; 5];
        for (slot, r) in out.iter_mut().zip(raw) {
            *slot = match r.trim() {
                "" => 0,
                t => match t.parse::<i64>() {
                    Ok(n) if (0..=MAX_CAPACITY).contains(&n) => n,
                    _ => return Err(CaseInputError::Unknown("réponses")),
                },
            };
        }
        Ok(SlipCounts(out))
    }

    /// How many slips in all.
    pub fn total(&self) -> i64 {
        self.0.iter().sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_rules() {
        assert!(GroupLabels::parse(" ", "", "", "").is_err());
        let l = GroupLabels::parse(" Parole ", "", "Salle 2", "Anne\n\n Marc ").unwrap_or_default();
        assert_eq!(l.facilitators, vec!["Anne", "Marc"]);
        assert_eq!(l.name, "Parole");
        assert_eq!(capacity("12"), Ok(12));
        assert!(capacity("0").is_err() && capacity("61").is_err() && capacity("x").is_err());
        assert_eq!(
            SlipCounts::parse(["", "1", "2", "0", "3"]).map(|c| c.total()),
            Ok(6)
        );
        assert!(SlipCounts::parse(["-1", "", "", "", ""]).is_err());
        assert!(SlipCounts::parse(["a", "", "", "", ""]).is_err());
    }
}
