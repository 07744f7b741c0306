//! Paired anonymous impact surveys (issue 12, item 4): a few statements a pupil answers from 1
//! ("pas du tout d'accord") to 5 ("tout à fait d'accord") before a programme's cycle, after it and,
//! optionally, three months later. Each printed slip carries one code per wave; the codes of a slip
//! are linked in the database (the slip's random id), so answers pair without any code a pupil
//! makes up, and without anything that says who the pupil is.
//!
//! This module holds the rules: the codes' alphabet and shape, the statements (standard ones,
//! translated, or a programme's own), what a posted answer must hold, and the results, which show a
//! mean change only from [`K_MIN_PAIRS`] pairs up.

use chrono::NaiveDate;
use rand_core::RngCore;

use crate::ProgrammeId;
use crate::StructureId;
use crate::prevention::{FormErrors, Problem};

code_enum!(
    /// When a code is answered: before the cycle, after it, or three months later.
    Wave {
        /// Before the first session.
        Before => "before",
        /// After the last session.
        After => "after",
        /// About three months later (optional).
        Later => "later",
    }
);

code_enum!(
    /// The standard statements, each a Fluent key `survey-statement-<code>` in every language.
    /// None asks about the pupil's own life, family or neighbourhood: a survey must never invite a
    /// disclosure (a pupil's answer is not the place to say that a brother is a lookout).
    StandardStatement {
        /// I know the risks of the drug trade for young people.
        KnowRisks => "know_risks",
        /// I can tell when someone is trying to recruit a young person.
        RecogniseRecruitment => "recognise_recruitment",
        /// I feel able to say no to an offer from a network.
        CanRefuse => "can_refuse",
        /// I know whom to talk to or call if I need help.
        KnowHelp => "know_help",
        /// I know how to protect myself from offers received online.
        OnlineCaution => "online_caution",
        /// I can picture a future for myself far from the trade.
        Future => "future",
    }
);

/// Why a code does not open a survey. The answer says which, to the one holding the code: it
/// tells nothing about any other code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CodeRefusal {
    /// Not a code of this instance (or not the shape of one).
    #[error("unknown code")]
    Unknown,
    /// Already answered.
    #[error("code already answered")]
    Used,
    /// Its cycle has closed.
    #[error("survey closed")]
    Closed,
}

/// The statements a programme asks when its coordinators have chosen none.
pub const DEFAULT_STATEMENTS: [StandardStatement; 4] = [
    StandardStatement::KnowRisks,
    StandardStatement::RecogniseRecruitment,
    StandardStatement::CanRefuse,
    StandardStatement::KnowHelp,
];

/// Fewest pairs (a slip answered before and after) from which a mean change is shown. Under it, a
/// coordinator who knows which pupils answered (a class of three) could read one pupil's answers
/// back from the mean; 5 is also the threshold of the published figures (DESIGN.md, section 2).
pub const K_MIN_PAIRS: u32 = 5;
/// Most statements a survey asks (a pupil answers in a few minutes).
pub const MAX_STATEMENTS: usize = 8;
/// Most statements of a programme's own wording.
pub const MAX_OWN: usize = 3;
/// Longest statement of a programme's own wording, in characters.
pub const MAX_STATEMENT_CHARS: usize = 200;
/// Most slips printed at once.
pub const MAX_SLIPS: u32 = 200;
/// How many days ahead a cycle may close.
pub const MAX_DAYS_OPEN: i64 = 366;

/// The characters of a code: capital letters and digits without those read one for another
/// (0 and O, 1, I and L): a pupil copies it from paper.
pub const CODE_ALPHABET: &[u8; 31] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
/// Characters in a code: 12 from 31 is about 59 bits, far beyond guessing over the network (see
/// [`draw_code`]).
pub const CODE_CHARS: usize = 12;
/// Characters in each group of a printed code (`ABCD-EFGH-JKMN`).
const GROUP: usize = 4;

/// A fresh code from `rng` (the operating system's, in the app), uniform over the alphabet by
/// rejection sampling, in its canonical form (no separators): about 59 bits. A guesser online
/// who tries a million codes finds one of ten thousand live codes with a chance of about one in
/// 2^26; the database alone does not hold them (the app keeps a keyed hash).
pub fn draw_code(rng: &mut impl RngCore) -> String {
    let n = CODE_ALPHABET.len() as u32;
    // The largest multiple of n below 2^32: values above it would favour the first characters.
    let zone = u32::MAX - u32::MAX % n;
    let mut out = String::with_capacity(CODE_CHARS);
    while out.len() < CODE_CHARS {
        let v = rng.next_u32();
        if v < zone {
            out.push(char::from(CODE_ALPHABET[(v % n) as usize]));
        }
    }
    out
}

/// A typed or scanned code in its canonical form: capitals, separators (spaces, dashes, dots)
/// dropped; `None` when anything else is not of the alphabet or the length is wrong.
pub fn normalize_code(raw: &str) -> Option<String> {
    let mut out = String::with_capacity(CODE_CHARS);
    for c in raw.chars().take(64) {
        if matches!(c, ' ' | '-' | '.' | '\u{a0}' | '\t') {
            continue;
        }
        let c = c.to_ascii_uppercase();
        if !c.is_ascii() || !CODE_ALPHABET.contains(&(c as u8)) {
            return None;
        }
        out.push(c);
    }
    (out.len() == CODE_CHARS).then_some(out)
}

/// A canonical code as printed: groups of four joined by dashes (`ABCD-EFGH-JKMN`).
pub fn display_code(code: &str) -> String {
    code.as_bytes()
        .chunks(GROUP)
        .map(|g| String::from_utf8_lossy(g).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

/// A statement a survey asks: a standard one (translated on every page) or a programme's own
/// wording (shown as written).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Statement {
    /// A standard statement.
    Standard(StandardStatement),
    /// A programme's own wording.
    Own(String),
}

impl Statement {
    /// How the store keeps it: `std:<code>` or `own:<text>`.
    pub fn to_stored(&self) -> String {
        match self {
            Statement::Standard(s) => format!("std:{}", s.as_str()),
            Statement::Own(t) => format!("own:{t}"),
        }
    }

    /// Parses [`Statement::to_stored`]'s output.
    pub fn from_stored(s: &str) -> Option<Statement> {
        if let Some(code) = s.strip_prefix("std:") {
            code.parse().ok().map(Statement::Standard)
        } else {
            s.strip_prefix("own:")
                .filter(|t| !t.is_empty() && !t.contains('\n'))
                .map(|t| Statement::Own(t.to_owned()))
        }
    }
}

/// A list of statements as one column (one a line).
pub fn statements_to_stored(list: &[Statement]) -> String {
    list.iter()
        .map(Statement::to_stored)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Parses [`statements_to_stored`]'s output; `None` when a line is not a statement.
pub fn statements_from_stored(s: &str) -> Option<Vec<Statement>> {
    s.lines().map(Statement::from_stored).collect()
}

/// The default statements.
pub fn default_statements() -> Vec<Statement> {
    DEFAULT_STATEMENTS
        .iter()
        .map(|s| Statement::Standard(*s))
        .collect()
}

/// The statements form as posted: the standard statements ticked, and up to [`MAX_OWN`] lines of
/// the programme's own wording.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StatementsForm {
    /// [`StandardStatement`] codes (checkboxes).
    pub standard: Vec<String>,
    /// Own statements, one a field (`own1`..`own3`), empty ones ignored.
    pub own: Vec<String>,
}

/// Checks a posted statements form: at least one statement, at most [`MAX_STATEMENTS`]; an own
/// statement is one line, a statement to agree with (no question mark: a question invites an
/// answer in words, which a scale cannot hold and a pupil should not write).
pub fn validate_statements(form: &StatementsForm) -> Result<Vec<Statement>, FormErrors> {
    let mut errors = FormErrors::new();
    let mut out = Vec::new();
    for code in &form.standard {
        match code.trim().parse::<StandardStatement>() {
            Ok(s) if !out.contains(&Statement::Standard(s)) => out.push(Statement::Standard(s)),
            Ok(_) => {}
            Err(_) => errors.push(("standard".into(), Problem::Unknown)),
        }
    }
    for (i, raw) in form.own.iter().enumerate().take(MAX_OWN) {
        let text = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        let field = format!("own{}", i + 1);
        if text.is_empty() {
            continue;
        }
        if text.chars().count() > MAX_STATEMENT_CHARS {
            errors.push((field, Problem::TooLong));
        } else if text.contains('?') {
            errors.push((field, Problem::Unknown));
        } else {
            out.push(Statement::Own(text));
        }
    }
    if errors.is_empty() && out.is_empty() {
        errors.push(("standard".into(), Problem::Required));
    }
    if out.len() > MAX_STATEMENTS {
        errors.push(("standard".into(), Problem::TooLong));
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// A survey cycle: a programme at a structure, open until a day, its statements fixed when it
/// was created (so that answers keep the meaning they had when given).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cycle {
    /// The programme.
    pub programme: ProgrammeId,
    /// Where.
    pub structure: StructureId,
    /// The last day answers are taken (Europe/Paris), inclusive.
    pub closes_on: NaiveDate,
    /// Each slip carries a third code, for three months later.
    pub later: bool,
    /// The statements asked, in order.
    pub statements: Vec<Statement>,
}

impl Cycle {
    /// Whether answers are still taken on `today`.
    pub fn open_on(&self, today: NaiveDate) -> bool {
        today <= self.closes_on
    }

    /// The waves of its slips.
    pub fn waves(&self) -> &'static [Wave] {
        if self.later {
            Wave::ALL
        } else {
            &Wave::ALL[..2]
        }
    }
}

/// The new cycle form as posted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CycleForm {
    /// Programme id.
    pub programme: String,
    /// Structure id.
    pub structure: String,
    /// Closing day.
    pub closes_on: String,
    /// Third code (a checkbox).
    pub later: bool,
}

/// What a new cycle may point at, and today.
pub struct CycleChoices<'a> {
    /// Active programmes.
    pub programmes: &'a [ProgrammeId],
    /// Active structures.
    pub structures: &'a [StructureId],
    /// Today (Europe/Paris).
    pub today: NaiveDate,
}

/// Checks a new cycle form; the statements are the programme's, given by the caller.
pub fn validate_cycle(
    form: &CycleForm,
    choices: &CycleChoices<'_>,
    statements: impl FnOnce(ProgrammeId) -> Vec<Statement>,
) -> Result<Cycle, FormErrors> {
    let mut errors = FormErrors::new();
    let programme = (form.programme.trim().parse().ok())
        .filter(|p: &ProgrammeId| choices.programmes.contains(p));
    if programme.is_none() {
        let p = if form.programme.trim().is_empty() {
            Problem::Required
        } else {
            Problem::Unknown
        };
        errors.push(("programme".into(), p));
    }
    let structure = (form.structure.trim().parse().ok())
        .filter(|s: &StructureId| choices.structures.contains(s));
    if structure.is_none() {
        let p = if form.structure.trim().is_empty() {
            Problem::Required
        } else {
            Problem::Unknown
        };
        errors.push(("structure".into(), p));
    }
    let latest = choices
        .today
        .checked_add_signed(chrono::Duration::days(MAX_DAYS_OPEN));
    let closes_on = crate::prevention::parse_day(&form.closes_on)
        .filter(|d| *d >= choices.today && latest.is_some_and(|l| *d <= l));
    if closes_on.is_none() {
        errors.push(("closes_on".into(), Problem::BadDay));
    }
    match (programme, structure, closes_on) {
        (Some(programme), Some(structure), Some(closes_on)) if errors.is_empty() => Ok(Cycle {
            programme,
            structure,
            closes_on,
            later: form.later,
            statements: statements(programme),
        }),
        _ => Err(errors),
    }
}

/// How many slips to print, as posted: 1 to [`MAX_SLIPS`].
pub fn parse_slips(raw: &str) -> Option<u32> {
    raw.trim()
        .parse::<u32>()
        .ok()
        .filter(|n| (1..=MAX_SLIPS).contains(n))
}

/// One answer sheet: for each statement in order, the point chosen (1 to 5) or none (a pupil may
/// leave a statement unanswered).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Answers(pub Vec<Option<u8>>);

impl Answers {
    /// How the store keeps it: the points comma-separated, an empty place for none (`3,,5`).
    pub fn to_stored(&self) -> String {
        self.0
            .iter()
            .map(|a| a.map(|p| p.to_string()).unwrap_or_default())
            .collect::<Vec<_>>()
            .join(",")
    }

    /// Parses [`Answers::to_stored`]'s output.
    pub fn from_stored(s: &str) -> Option<Answers> {
        s.split(',')
            .map(|p| match p {
                "" => Some(None),
                p => p
                    .parse::<u8>()
                    .ok()
                    .filter(|p| (1..=5).contains(p))
                    .map(Some),
            })
            .collect::<Option<Vec<_>>>()
            .map(Answers)
    }
}

/// The name of statement `i`'s field (from 0): `s0`, `s1`...
pub fn answer_field(i: usize) -> String {
    format!("s{i}")
}

/// Reads the answers to `n` statements from a posted form (`value` gives a field's value, empty
/// when absent): each empty, or a point from 1 to 5; anything else is an error beside it.
pub fn read_answers(n: usize, value: impl Fn(&str) -> String) -> Result<Answers, FormErrors> {
    let mut errors = FormErrors::new();
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let field = answer_field(i);
        match value(&field).trim() {
            "" => out.push(None),
            v => match v.parse::<u8>() {
                Ok(p) if (1..=5).contains(&p) => out.push(Some(p)),
                _ => errors.push((field, Problem::BadNumber)),
            },
        }
    }
    if errors.is_empty() {
        Ok(Answers(out))
    } else {
        Err(errors)
    }
}

/// One answered code: its slip (any stable key that links a slip's codes), its wave, its answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    /// The slip.
    pub slip: String,
    /// The wave.
    pub wave: Wave,
    /// The answers, statement by statement.
    pub answers: Answers,
}

/// The paired change of one statement between the first wave and a later one.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Change {
    /// Pairs: slips whose two codes both answered the statement.
    pub pairs: u32,
    /// The means before and after and the mean change, shown only from [`K_MIN_PAIRS`] pairs up.
    pub means: Option<(f64, f64, f64)>,
}

/// What a survey shows for one statement.
#[derive(Clone, Debug, PartialEq)]
pub struct StatementResult {
    /// The statement.
    pub statement: Statement,
    /// Before, then after.
    pub after: Change,
    /// Before, then three months later.
    pub later: Change,
}

/// A survey's results: the responses by wave, and each statement's paired changes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Results {
    /// Codes answered before, after, three months later.
    pub responses: [u32; 3],
    /// Slips answered before and after (whatever the statements).
    pub pairs: u32,
    /// One per statement.
    pub statements: Vec<StatementResult>,
}

/// The change over `pairs` (the two points of each pair), its means shown from [`K_MIN_PAIRS`] up.
fn change(pairs: impl Iterator<Item = (u8, u8)>) -> Change {
    let (mut n, mut before, mut after) = (0u32, 0u64, 0u64);
    for (x, y) in pairs {
        n += 1;
        before += u64::from(x);
        after += u64::from(y);
    }
    let means = (n >= K_MIN_PAIRS).then(|| {
        let (b, a) = (before as f64 / f64::from(n), after as f64 / f64::from(n));
        (b, a, a - b)
    });
    Change { pairs: n, means }
}

/// The results of surveys: each part is a list of statements and the responses to them (one
/// cycle, or every cycle of a programme); a statement asked in several parts is counted across
/// them, by its identity. Statements are listed in the order first met.
pub fn results(parts: &[(&[Statement], &[Response])]) -> Results {
    let mut out = Results::default();
    let mut order: Vec<Statement> = Vec::new();
    for (statements, _) in parts {
        for s in *statements {
            if !order.contains(s) {
                order.push(s.clone());
            }
        }
    }
    // Per part: each slip's answers by wave.
    type Sheets<'a> = std::collections::BTreeMap<&'a str, [Option<&'a Answers>; 3]>;
    let mut sheets: Vec<(&[Statement], Sheets<'_>)> = Vec::new();
    for (statements, responses) in parts {
        let mut by_slip = Sheets::new();
        for r in *responses {
            out.responses[r.wave as usize] += 1;
            by_slip.entry(r.slip.as_str()).or_default()[r.wave as usize] = Some(&r.answers);
        }
        out.pairs += by_slip
            .values()
            .filter(|w| w[0].is_some() && w[1].is_some())
            .count() as u32;
        sheets.push((*statements, by_slip));
    }
    for statement in order {
        // Each part asks the statement at its own position (or not at all).
        let fold = |to: Wave| {
            change(sheets.iter().flat_map(|(statements, by_slip)| {
                let at = statements.iter().position(|s| *s == statement);
                by_slip.values().filter_map(move |w| {
                    let at = at?;
                    let x = (*w[0]?.0.get(at)?)?;
                    let y = (*w[to as usize]?.0.get(at)?)?;
                    Some((x, y))
                })
            }))
        };
        let (after, later) = (fold(Wave::After), fold(Wave::Later));
        out.statements.push(StatementResult {
            statement: statement.clone(),
            after,
            later,
        });
    }
    out
}

#[cfg(test)]
#[path = "survey_tests.rs"]
mod tests;
