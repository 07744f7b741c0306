//! Does a text look like it names a person? A heuristic for the CLSPD charter's "minutes carry no
//! name": it warns, and the user may confirm. It looks for
//!
//! - a civility title before a capitalised word (`M. Martin`, `Mme Diallo`, `Madame X`);
//! - a common first name, capitalised (`Karim`, `Léa`), with the word after it when capitalised;
//! - a capitalised word followed by a word in capitals (`Dupont MARTIN`), as lists of people are
//!   often written, unless that word is a known acronym (`CLSPD`, `QPV`...).
//!
//! It misses names it does not know and flags some institutions named after people ("Collège
//! Jean Moulin"): a warning to read, not a filter.

/// Titles that come before a person's name.
const TITLES: &[&str] = &[
    "m",
    "mme",
    "mlle",
    "mr",
    "monsieur",
    "madame",
    "mademoiselle",
];

/// Common first names in Marseille's families, lower case (a few hundred would catch more; these
/// catch the usual ones).
const FIRST_NAMES: &[&str] = &[
    "abdel",
    "abdelkader",
    "adam",
    "ahmed",
    "aicha",
    "aïcha",
    "alain",
    "alexandre",
    "ali",
    "alice",
    "amina",
    "amine",
    "anaïs",
    "anne",
    "anthony",
    "antoine",
    "arthur",
    "audrey",
    "aurélie",
    "aya",
    "benjamin",
    "bernard",
    "bilal",
    "camille",
    "catherine",
    "céline",
    "charlotte",
    "chloé",
    "christine",
    "christophe",
    "clara",
    "damien",
    "daniel",
    "david",
    "djamel",
    "dylan",
    "élodie",
    "emma",
    "émilie",
    "enzo",
    "éric",
    "eric",
    "ethan",
    "farid",
    "fatima",
    "fatou",
    "florian",
    "françois",
    "frédéric",
    "gabriel",
    "guillaume",
    "hamza",
    "hugo",
    "ibrahim",
    "ilyes",
    "inès",
    "ines",
    "isabelle",
    "ismaël",
    "jacques",
    "jade",
    "jean",
    "jérémy",
    "jessica",
    "jordan",
    "jules",
    "julie",
    "julien",
    "kader",
    "karim",
    "kenza",
    "kevin",
    "khadija",
    "kylian",
    "laura",
    "laurent",
    "léa",
    "leila",
    "leïla",
    "léo",
    "lina",
    "loïc",
    "louis",
    "lucas",
    "lucie",
    "malik",
    "manon",
    "marie",
    "marion",
    "martine",
    "mathieu",
    "mathis",
    "maxime",
    "mehdi",
    "mélanie",
    "mia",
    "michel",
    "mickaël",
    "mohamed",
    "mohammed",
    "mourad",
    "moussa",
    "nabil",
    "nadia",
    "nassim",
    "nathalie",
    "nathan",
    "nicolas",
    "noah",
    "nolan",
    "nora",
    "olivier",
    "omar",
    "patrick",
    "pauline",
    "philippe",
    "pierre",
    "rachid",
    "raphaël",
    "rayan",
    "romain",
    "ryan",
    "sacha",
    "saïd",
    "said",
    "salomé",
    "sami",
    "samir",
    "sandrine",
    "sarah",
    "sébastien",
    "sofiane",
    "sophie",
    "soraya",
    "stéphane",
    "sylvie",
    "théo",
    "thomas",
    "timothée",
    "valérie",
    "vincent",
    "walid",
    "yacine",
    "yanis",
    "yasmine",
    "youssef",
    "zoé",
];

/// Words in capitals that are not surnames.
const ACRONYMS: &[&str] = &[
    "CLSPD", "CISPD", "STSPD", "QPV", "ASE", "PJJ", "CAF", "CCAS", "SPIP", "EN", "DASEN", "PN",
    "PM", "CNAF", "ARS", "MDS", "CMP", "CSAPA", "CAARUD", "ADDAP", "REP", "SNCF", "RTM", "ANRU",
    "OFII", "CPE", "CRS", "BAC", "FA", "ETAT", "ÉTAT", "DDETS", "OK", "NB",
];

/// The words of `text` (letters, apostrophes and hyphens inside), with where they start.
fn words(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let inside = c.is_alphabetic() || (start.is_some() && (c == '-' || c == '\''));
        match (inside, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, &text[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, &text[s..]));
    }
    out
}

/// Capitalised: an upper-case letter, then lower-case ones (at least one).
fn capitalised(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase)
        && word.chars().any(char::is_lowercase)
        && chars.clone().next().is_some_and(|c| !c.is_uppercase())
}

/// In capitals, three letters at least.
fn in_capitals(word: &str) -> bool {
    word.chars().filter(|c| c.is_alphabetic()).count() >= 3
        && word.chars().all(|c| !c.is_alphabetic() || c.is_uppercase())
}

/// The first part of `text` that looks like a person's name (to quote in the warning), if any.
pub fn looks_like_name(text: &str) -> Option<String> {
    let words = words(text);
    let fragment = |from: usize, to: usize| {
        let (start, _) = words[from];
        let (s, w) = words[to];
        text[start..s + w.len()].to_owned()
    };
    for i in 0..words.len() {
        let (_, w) = words[i];
        let next = words.get(i + 1).map(|(_, n)| *n);
        let lower = w.to_lowercase();
        let next_is_name = next.is_some_and(|n| capitalised(n) || in_capitals(n));
        if TITLES.contains(&lower.as_str()) && w.starts_with(char::is_uppercase) && next_is_name {
            return Some(fragment(i, i + 1));
        }
        if capitalised(w) && FIRST_NAMES.contains(&lower.as_str()) {
            let to = if next_is_name { i + 1 } else { i };
            return Some(fragment(i, to));
        }
        if capitalised(w) && next.is_some_and(|n| in_capitals(n) && !ACRONYMS.contains(&n)) {
            return Some(fragment(i, i + 1));
        }
    }
    None
}
