//! Demonstration impact surveys (issue 12, item 4): two open cycles of invented answers, one with
//! enough pairs to show its results and one under the threshold (its means hidden), and three
//! unused codes that `vigie serve --demo` prints with their address (`../shared/CONTRACT.md`);
//! and closed cycles in the published quarters and a few days ago, whose results the year's
//! report and `/observatoire/prevention` show (items 6 and 7).

use chrono::{Days, NaiveDate};
use vigie_domain::AuditActor;
use vigie_domain::prevention::{Period, StructureKind, Theme};
use vigie_domain::survey::{CycleForm, Wave, answer_field};
use vigie_domain::time::{day_string, paris_day};

use crate::{App, Result};

/// A demo cycle: (theme of its programme, kind of its structure, slips, answered before, answered
/// after, third code, days until it closes).
type DemoCycle = (Theme, StructureKind, u32, usize, usize, bool, u64);

const CYCLES: &[DemoCycle] = &[
    // Enough pairs: the means show.
    (
        Theme::Lookouts,
        StructureKind::College,
        26,
        22,
        17,
        false,
        45,
    ),
    // Four pairs only: counted, means hidden.
    (Theme::Online, StructureKind::Ecole, 12, 9, 4, true, 120),
];

/// Invented points for slip `i`: a little better after (never above 5), statement by statement.
fn points(i: usize, statements: usize, wave: Wave) -> Vec<String> {
    (0..statements)
        .map(|s| {
            let before = 1 + (i * 7 + s * 3) % 4;
            let p = match wave {
                Wave::Before => before,
                _ => (before + 1 + (i + s) % 2).min(5),
            };
            // Now and then a statement left unanswered.
            if (i + s) % 11 == 5 {
                String::new()
            } else {
                p.to_string()
            }
        })
        .collect()
}

/// A closed demo cycle: (structure's index in the demonstration's list, slips, pairs, offset of
/// its invented points). Two collèges for each published quarter, so that no figure is one
/// school's: the published results show.
const CLOSED: &[(usize, u32, usize, usize)] = &[(0, 9, 8, 0), (1, 8, 7, 3)];

impl App {
    /// Fills the surveys of the demonstration (once: nothing if a cycle is still open, or if the
    /// demonstration's prevention is missing). Returns three unused codes (canonical), for the
    /// console.
    pub async fn provision_demo_surveys(&self) -> Result<Vec<String>> {
        let today = paris_day(self.clock().now());
        let cycles = self.store().survey_cycles().await?;
        if cycles.iter().any(|c| c.cycle.open_on(today)) {
            return Ok(Vec::new());
        }
        let programmes = self.store().programmes().await?;
        let structures = self.store().structures().await?;
        let mut unused = Vec::new();
        for &(theme, kind, slips, before, after, later, days) in CYCLES {
            let p = programmes.iter().find(|p| p.programme.theme == theme);
            let s = structures.iter().find(|s| s.clear.kind == kind);
            let (Some(p), Some(s)) = (p, s) else {
                continue;
            };
            let closes = today.checked_add_days(Days::new(days)).unwrap_or(today);
            let form = CycleForm {
                programme: p.id.to_string(),
                structure: s.id.to_string(),
                closes_on: day_string(closes),
                later,
            };
            let id = self.insert_survey_cycle(AuditActor::System, &form).await?;
            let answered = (before, after, 0);
            unused.extend(self.fill_demo_cycle(id, slips, answered, true).await?);
        }
        unused.truncate(3);
        Ok(unused)
    }

    /// The demonstration's closed cycles of the lookouts programme, two collèges closing in each
    /// of `periods` (the quarters about to be published) and two three days ago (the year's
    /// report), answered before and after.
    pub(crate) async fn provision_demo_closed_surveys(&self, periods: &[Period]) -> Result<()> {
        let programmes = self.store().programmes().await?;
        let structures = self.store().structures().await?;
        let Some(p) = programmes
            .iter()
            .find(|p| p.programme.theme == Theme::Lookouts)
        else {
            return Ok(());
        };
        let today = paris_day(self.clock().now());
        let recent = today.checked_sub_days(Days::new(3)).unwrap_or(today);
        let mut days: Vec<NaiveDate> = periods
            .iter()
            .filter_map(|q| q.days())
            .filter_map(|(_, last)| last.checked_sub_days(Days::new(7)))
            .collect();
        days.push(recent);
        for closes in days {
            for &(s, slips, pairs, offset) in CLOSED {
                let Some(s) = structures.get(s) else {
                    continue;
                };
                let id = self
                    .insert_closed_survey_cycle((p.id, s.id), closes)
                    .await?;
                self.fill_demo_cycle(id, slips, (pairs, pairs, offset), false)
                    .await?;
            }
        }
        Ok(())
    }

    /// Prints `slips` slips of cycle `id` and answers the first `before` before, the first
    /// `after` after (and half of those three months later), points shifted by `offset`;
    /// `open`: the cycle takes answers today. Returns the unused codes of the first wave.
    async fn fill_demo_cycle(
        &self,
        id: vigie_domain::CycleId,
        slips: u32,
        (before, after, offset): (usize, usize, usize),
        open: bool,
    ) -> Result<Vec<String>> {
        let n = self
            .store()
            .survey_cycle(id)
            .await?
            .map_or(0, |c| c.cycle.statements.len());
        let printed = self
            .insert_survey_slips(AuditActor::System, id, slips)
            .await?;
        let mut unused = Vec::new();
        for (i, slip) in printed.iter().enumerate() {
            for (wave, code) in &slip.codes {
                let answered = match wave {
                    Wave::Before => i < before,
                    Wave::After => i < after,
                    Wave::Later => i < after / 2,
                };
                if answered {
                    let given = points(i + offset, n, *wave);
                    let value = |f: &str| {
                        (0..n)
                            .find(|k| answer_field(*k) == f)
                            .and_then(|k| given.get(k).cloned())
                            .unwrap_or_default()
                    };
                    self.answer_code(code, value, open).await?;
                } else if *wave == Wave::Before {
                    unused.push(code.clone());
                }
            }
        }
        Ok(unused)
    }
}
