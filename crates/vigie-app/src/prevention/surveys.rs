//! Paired anonymous impact surveys (issue 12, item 4): a programme's statements, its cycles, the
//! printed slips and their codes, the answers (a pupil's online, or a paper slip keyed in by a
//! coordinator under its code) and the results.
//!
//! **Codes are kept as a keyed hash, never in clear.** A code is drawn from the operating system's
//! random generator ([`draw_code`], about 59 bits), shown once on the printable slips, and stored
//! as HMAC-SHA256 under a key derived from the instance secret (`InstanceSecret::mac`, label
//! [`CODE_LABEL`]). A stolen database alone gives no code that answers; sealing them instead would
//! let staff reprint lost slips, but would put every code within reach of whoever holds the
//! database and the instance secret, for no need a new print of fresh slips cannot meet. A plain
//! hash would do against guessing (59 bits) but the keyed one also keeps a dump from confirming a
//! code seen on a slip.
//!
//! **Nothing dates a pupil's answer.** The answer is written on its code's row, with no date and
//! no audit entry (which would carry one): the cycle (its structure and closing day) is all that
//! places it. A coordinator keying in a paper slip is audited like any staff action, with the
//! cycle as object and never the code.

use rand_core::OsRng;
use uuid::Uuid;
use vigie_domain::prevention::{Period, Problem, SurveyFigures, SurveyPart, release_surveys};
use vigie_domain::survey::{
    Answers, CodeRefusal, Cycle, CycleChoices, CycleForm, Results, Statement, StatementsForm, Wave,
    default_statements, draw_code, normalize_code, read_answers, results, statements_from_stored,
    statements_to_stored, validate_cycle, validate_statements,
};
use vigie_domain::time::paris_day;
use vigie_domain::{AuditActor, AuditKind, CycleId, Principal, ProgrammeId, StructureId};
use vigie_store::{CycleRecord, NewCode};

use super::invalid;
use crate::audit::audited;
use crate::{App, AppError, Result};

/// What separates the codes' keyed hashes from the instance's other MACs.
pub const CODE_LABEL: &str = "survey-code/v1";

/// A cycle as the lists show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CycleListed {
    /// Id.
    pub id: CycleId,
    /// The cycle.
    pub cycle: Cycle,
    /// Its programme's name.
    pub programme: String,
    /// Its structure's name.
    pub structure: String,
    /// Slips printed.
    pub slips: i64,
    /// Codes answered before, after, three months later.
    pub responses: [u32; 3],
    /// Still taking answers today.
    pub open: bool,
}

/// A cycle's page: the cycle and its results.
#[derive(Clone, Debug, PartialEq)]
pub struct CycleView {
    /// The cycle.
    pub listed: CycleListed,
    /// Its results.
    pub results: Results,
}

/// A printed slip: its codes (canonical), one a wave, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Slip {
    /// (wave, code).
    pub codes: Vec<(Wave, String)>,
}

/// What a pupil's code opens: the statements to answer, and when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenSurvey {
    /// The statements, in order.
    pub statements: Vec<Statement>,
    /// The code's wave.
    pub wave: Wave,
}

/// A programme's results across its cycles.
#[derive(Clone, Debug, PartialEq)]
pub struct ProgrammeResults {
    /// The programme.
    pub id: ProgrammeId,
    /// Its name.
    pub name: String,
    /// Its cycles.
    pub cycles: usize,
    /// The results of all of them.
    pub results: Results,
}

/// A cycle closed in a period, as the published results take it.
#[derive(Clone, Debug)]
pub(super) struct ClosedCycle {
    structure: StructureId,
    statements: Vec<Statement>,
    responses: Vec<vigie_domain::survey::Response>,
    /// Its programme's statements now: its own wording is published only while among them.
    configured: Vec<Statement>,
    later: bool,
}

/// The published survey results of `cycles` (those closed in the period) under the release's
/// threshold `k`, through the disclosure control ([`release_surveys`]).
pub(super) fn survey_figures(cycles: &[ClosedCycle], k: u32) -> Result<SurveyFigures> {
    let parts: Vec<SurveyPart<'_>> = cycles
        .iter()
        .map(|c| SurveyPart {
            structure: c.structure,
            statements: &c.statements,
            responses: &c.responses,
            configured: &c.configured,
            later: c.later,
        })
        .collect();
    release_surveys(&parts, k).map_err(|e| AppError::Invalid(e.to_string()))
}

/// A cycle's audit object: `survey_cycle:<uuid>`.
pub fn cycle_object(id: CycleId) -> String {
    format!("survey_cycle:{id}")
}

/// A programme's audit object (its statements): `prevention_programme:<uuid>`.
fn programme_object(id: ProgrammeId) -> String {
    format!("prevention_programme:{id}")
}

impl App {
    /// The keyed hash a code is stored under ([`CODE_LABEL`]).
    fn code_hash(&self, code: &str) -> String {
        hex::encode(self.inner.instance.mac(CODE_LABEL, code.as_bytes()))
    }

    /// Programme `id`'s statements: its own choice, or the defaults.
    pub async fn survey_statements(
        &self,
        who: &Principal,
        id: ProgrammeId,
    ) -> Result<Vec<Statement>> {
        self.may_set_statements(who, id).await?;
        self.statements_of(id).await
    }

    /// The policy's answer to `who` setting programme `id`'s statements, and that it exists.
    async fn may_set_statements(&self, who: &Principal, id: ProgrammeId) -> Result<()> {
        self.may_manage_prevention(who, &programme_object(id))
            .await?;
        let found = self.store().programme(id).await?;
        found.map(|_| ()).ok_or(AppError::NoPreventionItem)
    }

    /// Programme `id`'s statements (no policy check).
    async fn statements_of(&self, id: ProgrammeId) -> Result<Vec<Statement>> {
        Ok(match self.store().survey_statements(id).await? {
            Some(stored) => statements_from_stored(&stored)
                .ok_or_else(|| AppError::Integrity("survey statements".into()))?,
            None => default_statements(),
        })
    }

    /// Sets programme `id`'s statements from a posted form (new cycles ask them; a cycle keeps
    /// those it was created with).
    pub async fn save_survey_statements(
        &self,
        who: &Principal,
        id: ProgrammeId,
        form: &StatementsForm,
    ) -> Result<()> {
        self.may_set_statements(who, id).await?;
        let list = validate_statements(form).map_err(invalid)?;
        let stored = statements_to_stored(&list);
        let what = format!("survey statements set n={}", list.len());
        let store = self.store();
        self.audited_change(
            AuditActor::Staff(who.id),
            (&programme_object(id), &what),
            async |audit| store.save_survey_statements(id, &stored, audit).await,
        )
        .await
    }

    /// Every cycle, the latest closing first, with its counts.
    pub async fn survey_cycles(&self, who: &Principal) -> Result<Vec<CycleListed>> {
        self.may_manage_prevention(who, "").await?;
        let mut out = Vec::new();
        for rec in self.store().survey_cycles().await? {
            out.push(self.listed(rec).await?.0);
        }
        Ok(out)
    }

    /// A cycle as listed, and its responses.
    async fn listed(
        &self,
        rec: CycleRecord,
    ) -> Result<(CycleListed, Vec<vigie_domain::survey::Response>)> {
        let programme = self.store().programme(rec.cycle.programme).await?;
        let structure = self.store().structure(rec.cycle.structure).await?;
        let responses = self.store().survey_responses(rec.id).await?;
        let mut counts = [0u32; 3];
        for r in &responses {
            counts[r.wave as usize] += 1;
        }
        let today = paris_day(self.clock().now());
        Ok((
            CycleListed {
                id: rec.id,
                programme: programme.map(|p| p.programme.name).unwrap_or_default(),
                structure: structure.map(|s| s.clear.name).unwrap_or_default(),
                slips: self.store().survey_slip_count(rec.id).await?,
                responses: counts,
                open: rec.cycle.open_on(today),
                cycle: rec.cycle,
            },
            responses,
        ))
    }

    /// Cycle `id`'s page: the cycle and its results (means from `K_MIN_PAIRS` pairs up).
    pub async fn survey_cycle(&self, who: &Principal, id: CycleId) -> Result<CycleView> {
        self.may_manage_prevention(who, &cycle_object(id)).await?;
        let rec = self.store().survey_cycle(id).await?;
        let rec = rec.ok_or(AppError::NoPreventionItem)?;
        let (listed, responses) = self.listed(rec).await?;
        let results = results(&[(&listed.cycle.statements, &responses)]);
        Ok(CycleView { listed, results })
    }

    /// Adds a cycle from a posted form, with the programme's statements as they are now.
    pub async fn add_survey_cycle(&self, who: &Principal, form: &CycleForm) -> Result<CycleId> {
        self.may_manage_prevention(who, "").await?;
        self.insert_survey_cycle(AuditActor::Staff(who.id), form)
            .await
    }

    /// Validates and stores a cycle, audited as `actor`'s.
    pub(crate) async fn insert_survey_cycle(
        &self,
        actor: AuditActor,
        form: &CycleForm,
    ) -> Result<CycleId> {
        let (structures, programmes) = self.active_ids().await?;
        let chosen = form.programme.trim().parse::<ProgrammeId>().ok();
        let statements = match chosen {
            Some(p) if programmes.contains(&p) => self.statements_of(p).await?,
            _ => Vec::new(),
        };
        let choices = CycleChoices {
            programmes: &programmes,
            structures: &structures,
            today: paris_day(self.clock().now()),
        };
        let cycle = validate_cycle(form, &choices, |_| statements).map_err(invalid)?;
        self.store_survey_cycle(actor, cycle).await
    }

    /// A cycle of the demonstration that closed on `closes_on` (a day the form refuses: it has
    /// passed), with its programme's statements, audited as the system's: the results of past
    /// periods, for the report and the published figures.
    pub(crate) async fn insert_closed_survey_cycle(
        &self,
        (programme, structure): (ProgrammeId, StructureId),
        closes_on: chrono::NaiveDate,
    ) -> Result<CycleId> {
        let cycle = Cycle {
            programme,
            structure,
            closes_on,
            later: false,
            statements: self.statements_of(programme).await?,
        };
        self.store_survey_cycle(AuditActor::System, cycle).await
    }

    /// Stores `cycle` under a new id, audited as `actor`'s.
    async fn store_survey_cycle(&self, actor: AuditActor, cycle: Cycle) -> Result<CycleId> {
        let id = CycleId::random();
        let what = "survey cycle added";
        let rec = CycleRecord { id, cycle };
        let store = self.store();
        self.audited_change(actor, (&cycle_object(id), what), async |audit| {
            store.insert_survey_cycle(&rec, audit).await
        })
        .await?;
        Ok(id)
    }

    /// Prints `count` new slips for cycle `id`: their codes, shown this once (only their keyed
    /// hashes are kept).
    pub async fn print_survey_slips(
        &self,
        who: &Principal,
        id: CycleId,
        count: u32,
    ) -> Result<Vec<Slip>> {
        self.may_manage_prevention(who, &cycle_object(id)).await?;
        self.insert_survey_slips(AuditActor::Staff(who.id), id, count)
            .await
    }

    /// Draws and stores `count` slips for cycle `id`, audited as `actor`'s.
    pub(crate) async fn insert_survey_slips(
        &self,
        actor: AuditActor,
        id: CycleId,
        count: u32,
    ) -> Result<Vec<Slip>> {
        let rec = self.store().survey_cycle(id).await?;
        let cycle = rec.ok_or(AppError::NoPreventionItem)?.cycle;
        let count = count.clamp(1, vigie_domain::survey::MAX_SLIPS);
        let mut slips = Vec::new();
        let mut rows = Vec::new();
        for _ in 0..count {
            let slip = Uuid::new_v4().to_string();
            let mut codes = Vec::new();
            for &wave in cycle.waves() {
                let code = draw_code(&mut OsRng);
                rows.push(NewCode {
                    hash: self.code_hash(&code),
                    slip: slip.clone(),
                    wave,
                });
                codes.push((wave, code));
            }
            slips.push(Slip { codes });
        }
        let what = format!("survey slips printed n={count}");
        let store = self.store();
        self.audited_change(actor, (&cycle_object(id), &what), async |audit| {
            store.insert_survey_codes(id, &rows, audit).await
        })
        .await?;
        Ok(slips)
    }

    /// The cycle and wave of `raw` (a code as typed), if it may still be answered on `today`'s
    /// terms (`check_open`); else why not.
    async fn open_code(
        &self,
        raw: &str,
        check_open: bool,
    ) -> Result<(String, CycleId, Cycle, Wave)> {
        let refused = |r| AppError::SurveyCode(r);
        let code = normalize_code(raw).ok_or(refused(CodeRefusal::Unknown))?;
        // Slips printed before a rotation of the instance secret keep working while the key file
        // keeps the previous secret (a code is never stored, so its hash cannot be re-made).
        let mut found = None;
        for secret in self.secrets() {
            let hash = hex::encode(secret.mac(CODE_LABEL, code.as_bytes()));
            if let Some(row) = self.store().survey_code(&hash).await? {
                found = Some((hash, row));
                break;
            }
        }
        let (hash, found) = found.ok_or(refused(CodeRefusal::Unknown))?;
        let rec = self.store().survey_cycle(found.cycle).await?;
        let cycle = rec.ok_or(refused(CodeRefusal::Unknown))?.cycle;
        if found.answered {
            return Err(refused(CodeRefusal::Used));
        }
        if check_open && !cycle.open_on(paris_day(self.clock().now())) {
            return Err(refused(CodeRefusal::Closed));
        }
        Ok((hash, found.cycle, cycle, found.wave))
    }

    /// What a pupil's code opens (no account: the code is the only key). `SurveyCode` when it
    /// opens nothing.
    pub async fn open_survey(&self, raw: &str) -> Result<OpenSurvey> {
        let (_, _, cycle, wave) = self.open_code(raw, true).await?;
        Ok(OpenSurvey {
            statements: cycle.statements,
            wave,
        })
    }

    /// A pupil's answers to code `raw` (`value` gives a posted field): stored once, with no date
    /// and no audit entry; `SurveyCode` when the code opens nothing (or was answered meanwhile),
    /// `InvalidPrevention` for a field that is not a point.
    pub async fn answer_survey(&self, raw: &str, value: impl Fn(&str) -> String) -> Result<()> {
        self.answer_code(raw, value, true).await
    }

    /// [`App::answer_survey`], its cycle's closing day checked when `check_open` (the
    /// demonstration fills closed cycles too).
    pub(crate) async fn answer_code(
        &self,
        raw: &str,
        value: impl Fn(&str) -> String,
        check_open: bool,
    ) -> Result<()> {
        let (hash, _, cycle, _) = self.open_code(raw, check_open).await?;
        let answers = read_answers(cycle.statements.len(), value).map_err(invalid)?;
        if self
            .store()
            .answer_survey_code(&hash, &answers, None)
            .await?
        {
            Ok(())
        } else {
            Err(AppError::SurveyCode(CodeRefusal::Used))
        }
    }

    /// A paper slip's answers keyed in by a coordinator under its code, which must be one of cycle
    /// `id`'s: the pairing survives. Taken after the closing day too (the slip was filled in
    /// class before it). Audited with the cycle, never the code.
    pub async fn key_in_survey(
        &self,
        who: &Principal,
        id: CycleId,
        raw: &str,
        value: impl Fn(&str) -> String,
    ) -> Result<Wave> {
        self.may_manage_prevention(who, &cycle_object(id)).await?;
        let rec = self.store().survey_cycle(id).await?;
        let cycle = rec.ok_or(AppError::NoPreventionItem)?.cycle;
        let answers = read_answers(cycle.statements.len(), value);
        let (hash, of, _, wave) = match self.open_code(raw, false).await {
            Ok(found) => found,
            Err(AppError::SurveyCode(CodeRefusal::Unknown)) => {
                return Err(invalid(vec![("code".into(), Problem::Unknown)]));
            }
            Err(e) => return Err(e),
        };
        if of != id {
            return Err(invalid(vec![("code".into(), Problem::Unknown)]));
        }
        let answers: Answers = answers.map_err(invalid)?;
        let what = format!("survey slip keyed in wave={}", wave.as_str());
        let entry = [self
            .entry(
                AuditActor::Staff(who.id),
                AuditKind::PreventionChanged,
                &cycle_object(id),
                &what,
            )
            .await?];
        let store = self.store();
        if store
            .answer_survey_code(&hash, &answers, Some(&audited(&entry)))
            .await?
        {
            Ok(wave)
        } else {
            Err(AppError::SurveyCode(CodeRefusal::Used))
        }
    }

    /// Each programme's results across its cycles (means from `K_MIN_PAIRS` pairs up), by name;
    /// programmes without a cycle are left out.
    pub async fn programme_survey_results(&self, who: &Principal) -> Result<Vec<ProgrammeResults>> {
        self.may_manage_prevention(who, "").await?;
        self.results_by_programme(|_| true, |_| true).await
    }

    /// The results a report of `period` shows for `programmes` (the report's, by its scope): each
    /// one's cycles that closed within the period (a cycle's answers carry no date: its closing
    /// day places them), means from `K_MIN_PAIRS` pairs up; programmes without such a cycle are
    /// left out.
    pub async fn report_survey_results(
        &self,
        who: &Principal,
        period: Period,
        programmes: &[ProgrammeId],
    ) -> Result<Vec<ProgrammeResults>> {
        self.may_manage_prevention(who, "").await?;
        let (first, last) = period
            .days()
            .ok_or_else(|| AppError::Invalid("period out of range".into()))?;
        self.results_by_programme(
            |p| programmes.contains(&p),
            |c| (first..=last).contains(&c.cycle.closes_on),
        )
        .await
    }

    /// The survey cycles that closed in `period`, with their answers and their programmes'
    /// statements now (no policy check: the callers made it; the results are published).
    pub(super) async fn closed_survey_cycles(&self, period: Period) -> Result<Vec<ClosedCycle>> {
        let (first, last) = period
            .days()
            .ok_or_else(|| AppError::Invalid("period out of range".into()))?;
        let mut out = Vec::new();
        for c in self.store().survey_cycles().await? {
            if !(first..=last).contains(&c.cycle.closes_on) {
                continue;
            }
            out.push(ClosedCycle {
                structure: c.cycle.structure,
                responses: self.store().survey_responses(c.id).await?,
                configured: self.statements_of(c.cycle.programme).await?,
                later: c.cycle.later,
                statements: c.cycle.statements,
            });
        }
        Ok(out)
    }

    /// The results of each programme that `programme` keeps, across its cycles that `cycle` keeps,
    /// by name (no policy check: the callers made it). One aggregation, [`results`], for every page.
    async fn results_by_programme(
        &self,
        programme: impl Fn(ProgrammeId) -> bool,
        cycle: impl Fn(&CycleRecord) -> bool,
    ) -> Result<Vec<ProgrammeResults>> {
        let cycles = self.store().survey_cycles().await?;
        let mut out = Vec::new();
        for p in self.programme_rows().await? {
            if !programme(p.id) {
                continue;
            }
            let mut parts = Vec::new();
            for c in cycles
                .iter()
                .filter(|c| c.cycle.programme == p.id && cycle(c))
            {
                let responses = self.store().survey_responses(c.id).await?;
                parts.push((c.cycle.statements.clone(), responses));
            }
            if parts.is_empty() {
                continue;
            }
            let borrowed: Vec<(&[Statement], &[vigie_domain::survey::Response])> = parts
                .iter()
                .map(|(s, r)| (s.as_slice(), r.as_slice()))
                .collect();
            out.push(ProgrammeResults {
                id: p.id,
                name: p.programme.name,
                cycles: parts.len(),
                results: results(&borrowed),
            });
        }
        Ok(out)
    }
}
