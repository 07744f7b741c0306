//! The words of each mail: pure functions, so that what leaves the server can be read in the tests.

/// What a team's digest says: two counts, the team's internal name, the link to the staff area.
///
/// Nothing else can go in a digest, on purpose.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Digest {
    /// The team's internal name, such as "Signalements nord" (an admin's label, not a person).
    pub team_name: String,
    /// Reports routed to the team and not yet opened.
    pub new_reports: u64,
    /// Messages from reporters to the team not yet read.
    pub new_messages: u64,
    /// Link to the staff area (the instance's base address, such as
    /// `https://vigie.example.org/espace`), never to a particular report.
    pub staff_url: String,
}

/// Between the French text and the English one.
pub(crate) const SEPARATOR: &str = "------------------------------------------------------------";

/// Longest team name shown, in characters (longer ones are cut).
const MAX_TEAM_NAME: usize = 80;

/// Subject and body of a team's digest.
///
/// The subject reads like `vigie : 2 nouveaux signalements, 1 message — Signalements nord`.
pub fn digest_text(d: &Digest) -> (String, String) {
    let team = one_line(&d.team_name, MAX_TEAM_NAME);
    let url = one_line(&d.staff_url, usize::MAX);
    let subject = format!(
        "vigie : {}, {} — {team}",
        fr_reports(d.new_reports),
        fr_count(d.new_messages, "message", "messages"),
    );
    let body = format!(
        "Bonjour,\n\
         \n\
         Récapitulatif pour l'équipe « {team} » :\n\
         - {fr_reports} en attente\n\
         - {fr_messages} en attente\n\
         \n\
         Pour les consulter, connectez-vous à l'espace de travail :\n\
         {url}\n\
         \n\
         Ce courriel ne contient volontairement aucun détail. Il est envoyé à heure fixe, même \
         quand rien n'est nouveau : s'il n'arrive plus, prévenez l'administrateur.\n\
         \n\
         {SEPARATOR}\n\
         \n\
         Hello,\n\
         \n\
         Summary for team \"{team}\":\n\
         - {en_reports} waiting\n\
         - {en_messages} waiting\n\
         \n\
         To read them, sign in to the staff area:\n\
         {url}\n\
         \n\
         This e-mail deliberately contains no details. It is sent on a fixed schedule, even when \
         nothing is new: if it stops arriving, tell your administrator.\n",
        fr_reports = fr_reports(d.new_reports),
        fr_messages = fr_count(d.new_messages, "nouveau message", "nouveaux messages"),
        en_reports = en_count(d.new_reports, "new report", "new reports"),
        en_messages = en_count(d.new_messages, "new message", "new messages"),
    );
    (subject, body)
}

/// Subject and body of the alert sent at once when a report is marked "danger immédiat".
///
/// It says only that an urgent report waits for the team, and where to sign in.
pub fn danger_alert_text(team_name: &str, staff_url: &str) -> (String, String) {
    let team = one_line(team_name, MAX_TEAM_NAME);
    let url = one_line(staff_url, usize::MAX);
    let subject = "vigie : signalement urgent en attente".to_owned();
    let body = format!(
        "Bonjour,\n\
         \n\
         Un signalement marqué « danger immédiat » attend l'équipe « {team} ».\n\
         \n\
         Connectez-vous sans attendre à l'espace de travail :\n\
         {url}\n\
         \n\
         Ce courriel ne contient volontairement aucun détail : tout est dans l'espace de travail.\n\
         \n\
         {SEPARATOR}\n\
         \n\
         Hello,\n\
         \n\
         A report marked \"immediate danger\" is waiting for team \"{team}\".\n\
         \n\
         Please sign in to the staff area now:\n\
         {url}\n\
         \n\
         This e-mail deliberately contains no details: everything is in the staff area.\n",
    );
    (subject, body)
}

/// "0 nouveau signalement", "1 nouveau signalement", "2 nouveaux signalements".
fn fr_reports(n: u64) -> String {
    fr_count(n, "nouveau signalement", "nouveaux signalements")
}

/// French: 0 and 1 take the singular.
pub(crate) fn fr_count(n: u64, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n <= 1 { singular } else { plural })
}

/// English: only 1 takes the singular.
pub(crate) fn en_count(n: u64, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n == 1 { singular } else { plural })
}

/// `s` on one line: control characters (line breaks included) become spaces, runs of white space
/// collapse, ends are trimmed, and at most `max` characters are kept.
pub(crate) fn one_line(s: &str, max: usize) -> String {
    let mut out = String::with_capacity(s.len().min(256));
    for word in s
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.chars().count() > max {
        out = out
            .chars()
            .take(max)
            .collect::<String>()
            .trim_end()
            .to_owned();
    }
    out
}

/// Subject and body of the daily copy of the newest audit checkpoint sent to each admin, so that a copy
/// of every day's checkpoint exists beyond the reach of whoever controls the server.
///
/// `line` is the checkpoint as written to `checkpoints.log` (numbers and hexadecimal only).
pub fn checkpoint_text(number: i64, line: &str) -> (String, String) {
    let line = one_line(line, 1024);
    let subject = format!("vigie : point de contrôle n° {number} du journal d'audit");
    let body = format!(
        "Bonjour,\n\
         \n\
         Voici le dernier point de contrôle signé du journal d'audit. Gardez ce courriel : il permet\n\
         de prouver plus tard que le journal n'a pas été coupé ni réécrit (vigie audit verify\n\
         --checkpoints FICHIER, avec cette ligne dans le fichier).\n\
         \n\
         {line}\n\
         \n\
         {SEPARATOR}\n\
         \n\
         Hello,\n\
         \n\
         Here is the newest signed checkpoint of the audit log. Keep this e-mail: it proves later that\n\
         the log was neither cut nor rewritten (vigie audit verify --checkpoints FILE, with this line in\n\
         the file).\n",
    );
    (subject, body)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    fn digest(r: u64, m: u64) -> Digest {
        Digest {
            team_name: "Signalements nord".into(),
            new_reports: r,
            new_messages: m,
            staff_url: "https://vigie.example.org/espace".into(),
        }
    }

    #[test]
    fn subject_matches_the_issue_example() {
        let (subject, _) = digest_text(&digest(2, 1));
        assert_eq!(
            subject,
            "vigie : 2 nouveaux signalements, 1 message — Signalements nord"
        );
    }

    #[test]
    fn french_plurals_zero_and_one_are_singular() {
        for ((reports, messages), counts) in [
            ((0, 0), "0 nouveau signalement, 0 message"),
            ((1, 1), "1 nouveau signalement, 1 message"),
            ((2, 2), "2 nouveaux signalements, 2 messages"),
            (
                (1_000_000, 17),
                "1000000 nouveaux signalements, 17 messages",
            ),
        ] {
            assert_eq!(
                digest_text(&digest(reports, messages)).0,
                format!("vigie : {counts} — Signalements nord")
            );
        }
        let fr = [
            "- 0 nouveau signalement en attente\n",
            "- 1 nouveau message en attente\n",
        ];
        assert_digest_lines(0, 1, &fr);
        let fr = [
            "- 3 nouveaux signalements en attente\n",
            "- 0 nouveau message en attente\n",
        ];
        assert_digest_lines(3, 0, &fr);
    }

    /// The body of the digest of `reports` and `messages` has each of `lines`.
    fn assert_digest_lines(reports: u64, messages: u64, lines: &[&str]) {
        let (_, body) = digest_text(&digest(reports, messages));
        for line in lines {
            assert!(body.contains(line), "{line:?} in {body}");
        }
    }

    #[test]
    fn english_plurals() {
        assert_digest_lines(
            0,
            1,
            &["- 0 new reports waiting\n", "- 1 new message waiting\n"],
        );
        assert_digest_lines(
            1,
            2,
            &["- 1 new report waiting\n", "- 2 new messages waiting\n"],
        );
    }

    #[test]
    fn french_first_then_english_below_the_separator() {
        for (_, body) in [
            digest_text(&digest(4, 5)),
            danger_alert_text("Signalements nord", "https://vigie.example.org/espace"),
        ] {
            let (fr, en) = body.split_once(SEPARATOR).unwrap_or_default();
            assert!(fr.starts_with("Bonjour,"), "{body}");
            assert!(en.trim_start().starts_with("Hello,"), "{body}");
            assert!(fr.contains("https://vigie.example.org/espace\n"));
            assert!(en.contains("https://vigie.example.org/espace\n"));
            assert!(fr.contains("« Signalements nord »"));
            assert!(en.contains("\"Signalements nord\""));
            // No line ends with a space (some mail clients treat it as "format=flowed").
            assert!(body.lines().all(|l| !l.ends_with(' ')), "{body}");
            // Never the signature delimiter, which clients hide.
            assert!(!body.contains("\n-- \n"));
        }
    }

    #[test]
    fn digest_says_counts_and_link_only() {
        let (subject, body) = digest_text(&digest(12, 34));
        // Every digit run in the mail is a count: no date, time, receipt or identifier.
        let text = format!("{subject}\n{body}");
        let runs: Vec<&str> = text
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty())
            .collect();
        assert_eq!(runs.len(), 6, "{runs:?}");
        assert!(runs.iter().all(|r| *r == "12" || *r == "34"), "{runs:?}");
    }

    #[test]
    fn alert_has_no_content() {
        let (subject, body) = danger_alert_text("Signalements nord", "https://v.example/espace");
        assert_eq!(subject, "vigie : signalement urgent en attente");
        assert!(body.contains("« danger immédiat »"));
        assert!(body.contains("\"immediate danger\""));
        assert!(body.contains("https://v.example/espace\n"));
        assert!(
            !body.chars().any(|c| c.is_ascii_digit()),
            "no count, date or identifier: {body}"
        );
    }

    #[test]
    fn team_name_and_url_cannot_break_lines_or_grow() {
        let mut d = digest(1, 0);
        d.team_name = "Nord\r\nBcc: x@example.org\t\u{7}  ".into();
        d.staff_url = "https://v.example/espace\nDEUX".into();
        let (subject, body) = digest_text(&d);
        assert_eq!(
            subject,
            "vigie : 1 nouveau signalement, 0 message — Nord Bcc: x@example.org"
        );
        assert!(!subject.contains('\n') && !subject.contains('\r'));
        assert!(body.contains("https://v.example/espace DEUX\n"));
        d.team_name = "é".repeat(500);
        let (subject, _) = digest_text(&d);
        assert_eq!(subject.matches('é').count(), MAX_TEAM_NAME);
    }

    #[test]
    fn one_line_cleans() {
        assert_eq!(one_line("  a \n b\u{0}c  ", 100), "a b c");
        assert_eq!(one_line("abc def", 4), "abc");
        assert_eq!(one_line("", 4), "");
    }

    #[test]
    fn the_checkpoint_mail_carries_the_line_on_one_line() {
        let (subject, body) = checkpoint_text(7, "vigie-checkpoint-v2 7 12 ab\nBcc: x");
        assert!(subject.contains('7'));
        assert!(body.contains("vigie-checkpoint-v2 7 12 ab"));
        assert!(!body.contains("\nBcc"), "{body}");
    }
}
