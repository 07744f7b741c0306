//! The caseworker's échéances: steps due, hearings and compensation deadlines within
//! [`AGENDA_DAYS`], across their teams' open files. The clear `next_due_day` picks the files; only
//! those are opened (each audited as a decryption), never the others.

use chrono::{Days, NaiveDate};
use vigie_domain::court::{Scheme, current_cases};
use vigie_domain::time::{day_string, paris_day};
use vigie_domain::{Action, AuditKind, FileId, Principal};
use vigie_store::FileFilter;
use vigie_vault::SecretKey;

use super::file_object;
use crate::reports::handle::actor;
use crate::{App, Result};

/// How far ahead the échéances look, in days.
pub const AGENDA_DAYS: u64 = 60;
/// Most files the page opens at once (the nearest first).
const AGENDA_FILES: i64 = 200;

/// What falls due.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AgendaKind {
    /// A next step (overdue ones included).
    Step,
    /// A hearing of a court case.
    Hearing,
    /// The last day to ask a compensation scheme, with the rule's legal reference.
    Compensation(Scheme, &'static str),
}

/// One échéance.
#[derive(Clone, Debug)]
pub struct AgendaItem {
    /// The file.
    pub file: FileId,
    /// Its number.
    pub number: i64,
    /// The person's name (from the team's index).
    pub name: String,
    /// The day.
    pub day: NaiveDate,
    /// What it is.
    pub kind: AgendaKind,
    /// The step's text, the hearing's label and court, or the case's court.
    pub what: String,
}

impl App {
    /// The échéances of the caseworker's open files from today to [`AGENDA_DAYS`] ahead, by day
    /// (overdue steps first).
    pub async fn casework_agenda(
        &self,
        who: &Principal,
        secret: &SecretKey,
    ) -> Result<Vec<AgendaItem>> {
        let (teams, indexes) = self.casework_indexes(who, secret).await?;
        let today = paris_day(self.clock().now());
        let until = today
            .checked_add_days(Days::new(AGENDA_DAYS))
            .unwrap_or(today);
        let after = until.checked_add_days(Days::new(1)).unwrap_or(until);
        let filter = FileFilter {
            teams,
            status: Some(vigie_domain::casefile::FileStatus::Open),
            due_before: Some(day_string(after)),
            only: None,
            limit: AGENDA_FILES,
            offset: 0,
        };
        let (records, _) = self.store().files(&filter).await?;
        let mut out = Vec::new();
        for record in records {
            let record = self.file_for(who, record.id, Action::ReadCase).await?;
            let keys = self.file_keys(who, secret, record.id).await?;
            self.append_audit(
                actor(who),
                AuditKind::Decrypted,
                &file_object(record.id),
                "deadlines",
            )
            .await?;
            let name = indexes
                .iter()
                .find(|o| o.team == record.team)
                .map(|o| o.index.name(record.id))
                .unwrap_or_default();
            let item = |day, kind, what| AgendaItem {
                file: record.id,
                number: record.number,
                name: name.clone(),
                day,
                kind,
                what,
            };
            let (steps, cases) = self.file_schedule(record.id, &keys).await?;
            for s in vigie_domain::casefile::current_steps(steps) {
                if !s.done && s.due <= until {
                    out.push(item(s.due, AgendaKind::Step, s.text));
                }
            }
            for c in current_cases(cases) {
                for h in c
                    .hearings
                    .iter()
                    .filter(|h| (today..=until).contains(&h.day))
                {
                    let what = [c.court.as_str(), h.label.as_str()]
                        .iter()
                        .filter(|t| !t.is_empty())
                        .copied()
                        .collect::<Vec<_>>()
                        .join(" : ");
                    out.push(item(h.day, AgendaKind::Hearing, what));
                }
                let Ok(sheet) = c.deadlines(today) else {
                    continue;
                };
                for d in sheet
                    .deadlines
                    .iter()
                    .filter(|d| !d.passed && d.due <= until)
                {
                    out.push(item(
                        d.due,
                        AgendaKind::Compensation(d.scheme, d.reference()),
                        c.court.clone(),
                    ));
                }
            }
        }
        out.sort_by_key(|i| (i.day, i.number));
        Ok(out)
    }
}
