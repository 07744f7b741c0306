//! The coordinators' digest (issue 12, item 9): how many open actions of the CLSPD meetings are
//! due within seven days and how many are overdue, with the link to the coordination area.
//!
//! Counts only. An action's text is clear in vigie's database, but a mail leaves for mailboxes
//! vigie does not run, and an action may name a place ("light the square by the deal point"):
//! the coordinator reads the titles once signed in.

use crate::text::{SEPARATOR, en_count, fr_count, one_line};

/// What a coordinator's digest says: two counts and the link to the staff area.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CoordinationDue {
    /// Open actions due from today to seven days ahead.
    pub due_soon: u64,
    /// Open actions whose due day is past.
    pub overdue: u64,
    /// Link to the staff area (such as `https://vigie.example.org/espace`); the mail links to its
    /// coordination page.
    pub staff_url: String,
}

/// Subject and body of a coordinator's digest, such as
/// `vigie : 2 actions à échéance cette semaine, 1 en retard (coordination)`.
pub fn coordination_due_text(d: &CoordinationDue) -> (String, String) {
    let url = format!(
        "{}/coordination",
        one_line(&d.staff_url, usize::MAX).trim_end_matches('/')
    );
    let fr_soon = fr_count(
        d.due_soon,
        "action à échéance cette semaine",
        "actions à échéance cette semaine",
    );
    let subject = format!("vigie : {fr_soon}, {} en retard (coordination)", d.overdue);
    let body = format!(
        "Bonjour,\n\
         \n\
         Suivi des actions de la coordination (CLSPD) :\n\
         - {fr_soon}\n\
         - {fr_late}\n\
         \n\
         Pour les consulter, connectez-vous à l'espace de travail :\n\
         {url}\n\
         \n\
         Ce courriel ne contient volontairement aucun détail.\n\
         \n\
         {SEPARATOR}\n\
         \n\
         Hello,\n\
         \n\
         Follow-up of the coordination's actions (CLSPD):\n\
         - {en_soon}\n\
         - {en_late}\n\
         \n\
         To read them, sign in to the staff area:\n\
         {url}\n\
         \n\
         This e-mail deliberately contains no details.\n",
        fr_late = fr_count(d.overdue, "action en retard", "actions en retard"),
        en_soon = en_count(d.due_soon, "action due this week", "actions due this week"),
        en_late = en_count(d.overdue, "overdue action", "overdue actions"),
    );
    (subject, body)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn due(soon: u64, late: u64) -> CoordinationDue {
        CoordinationDue {
            due_soon: soon,
            overdue: late,
            staff_url: "https://vigie.example.org/espace/".into(),
        }
    }

    #[test]
    fn the_digest_says_two_counts_and_the_link_in_french_then_english() {
        let (subject, body) = coordination_due_text(&due(2, 1));
        assert_eq!(
            subject,
            "vigie : 2 actions à échéance cette semaine, 1 en retard (coordination)"
        );
        let (fr, en) = body.split_once(SEPARATOR).unwrap();
        assert!(fr.contains("- 2 actions à échéance cette semaine\n- 1 action en retard\n"));
        assert!(en.contains("- 2 actions due this week\n- 1 overdue action\n"));
        for part in [fr, en] {
            assert!(part.contains("https://vigie.example.org/espace/coordination\n"));
        }
        // Every digit run is a count: no date, no identifier.
        let text = format!("{subject}\n{body}");
        let runs: Vec<&str> = text
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty())
            .collect();
        assert!(runs.iter().all(|r| *r == "1" || *r == "2"), "{runs:?}");
        assert!(body.lines().all(|l| !l.ends_with(' ')), "{body}");
    }

    #[test]
    fn french_zero_and_one_are_singular() {
        let (subject, body) = coordination_due_text(&due(0, 0));
        assert!(subject.starts_with("vigie : 0 action à échéance cette semaine, 0 en retard"));
        assert!(body.contains("- 0 action en retard\n"));
        assert!(body.contains("- 0 actions due this week\n"));
    }
}
