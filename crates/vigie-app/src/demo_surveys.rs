//! Demonstration impact surveys (issue 12, item 4): two cycles of invented answers, one with
//! enough pairs to show its results and one under the threshold (its means hidden), and three
//! unused codes that `vigie serve --demo` prints with their address (`../shared/CONTRACT.md`).

use chrono::Days;
use vigie_domain::AuditActor;
use vigie_domain::prevention::{StructureKind, Theme};
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

impl App {
    /// Fills the surveys of the demonstration (once: nothing if a cycle exists, or if the
    /// demonstration's prevention is missing). Returns three unused codes (canonical), for the
    /// console.
    pub async fn provision_demo_surveys(&self) -> Result<Vec<String>> {
        if !self.store().survey_cycles().await?.is_empty() {
            return Ok(Vec::new());
        }
        let programmes = self.store().programmes().await?;
        let structures = self.store().structures().await?;
        let today = paris_day(self.clock().now());
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
            let n = self
                .store()
                .survey_cycle(id)
                .await?
                .map_or(0, |c| c.cycle.statements.len());
            let printed = self
                .insert_survey_slips(AuditActor::System, id, slips)
                .await?;
            for (i, slip) in printed.iter().enumerate() {
                for (wave, code) in &slip.codes {
                    let answered = match wave {
                        Wave::Before => i < before,
                        Wave::After => i < after,
                        Wave::Later => i < after / 2,
                    };
                    if answered {
                        let given = points(i, n, *wave);
                        let value = |f: &str| {
                            (0..n)
                                .find(|k| answer_field(*k) == f)
                                .and_then(|k| given.get(k).cloned())
                                .unwrap_or_default()
                        };
                        self.answer_survey(code, value).await?;
                    } else if *wave == Wave::Before && i >= before && unused.len() < 3 {
                        unused.push(code.clone());
                    }
                }
            }
        }
        Ok(unused)
    }
}
