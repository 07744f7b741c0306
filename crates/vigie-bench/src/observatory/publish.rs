//! Publishing editions with a million incidents, in-process (`App::publish_edition` and
//! `App::publish_correction`, as the staff page calls them), on a fresh copy of the seeded instance:
//!
//! 1. the **first edition**: every seeded month released (24 by default);
//! 2. the month after it arrives (as many incidents as an average seeded month, not timed), then the
//!    **following month's edition**: one month released, the others carried;
//! 3. late incidents for the last month of the first edition (1 % of an average month, not timed),
//!    then a **correction** of that month (its second version, checked against the first).
//!
//! Then, on the same instance, the parts of a release timed apart: the SQL aggregation
//! (`App::month_input`) and the disclosure control (`release_month`) of every seeded month, and of a
//! third version of the corrected month.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow};
use rand_core::OsRng;
use vigie_app::App;
use vigie_domain::Principal;
use vigie_domain::observatory::disclosure::{ReleaseSecrets, release_month};
use vigie_domain::observatory::{EditionSnapshot, Month};

use super::seed::{self, ANALYST, Calendar, Generator};
use crate::stats::millis;

/// What one run measured.
#[derive(Clone, Debug)]
pub struct PublishRun {
    /// `publish_edition` of the first edition.
    pub first: Duration,
    /// Months the first edition released.
    pub first_months: usize,
    /// `publish_edition` of the following month.
    pub next: Duration,
    /// `publish_correction`.
    pub correction: Duration,
    /// Ids of the three editions, in order.
    pub ids: [String; 3],
    /// Bytes of the stored JSON snapshot of the first and of the last edition.
    pub snapshot_bytes: (usize, usize),
    /// Sum over the seeded months of `month_input` (SQL).
    pub aggregation: Duration,
    /// The slowest month's `month_input`.
    pub aggregation_max: Duration,
    /// Sum over the seeded months of `release_month` (disclosure control, CPU).
    pub disclosure: Duration,
    /// The slowest month's `release_month`.
    pub disclosure_max: Duration,
    /// `month_input` of the corrected month (with its late incidents).
    pub correction_aggregation: Duration,
    /// `release_month` of a further version of the corrected month (checked against the earlier).
    pub correction_disclosure: Duration,
    /// Published cells in the first edition (every month, every level), and how many suppressed.
    pub cells: (usize, usize),
}

/// The incidents added between the editions: a month's worth for the following month, and late ones
/// for the corrected month.
pub fn extra_counts(incidents: u64, months: u32) -> (u64, u64) {
    let per_month = incidents / u64::from(months.max(1));
    (per_month, (per_month / 100).max(1))
}

/// One run on `dir`, a fresh copy of the seeded instance.
pub async fn run(
    dir: &Path,
    calendar: Calendar,
    incidents: u64,
    batch: usize,
    epsilon: Option<f64>,
    run: u32,
) -> Result<PublishRun> {
    let app = seed::open(dir, epsilon).await?;
    let result = measure(&app, calendar, incidents, batch, run).await;
    app.store().close().await;
    result
}

/// What `work` gave, and how long it took.
async fn timed<T, E>(work: impl Future<Output = Result<T, E>>) -> Result<(T, Duration), E> {
    let started = Instant::now();
    let value = work.await?;
    Ok((value, started.elapsed()))
}

/// Adds `count` generated incidents to `month` alone: the news that makes the next edition differ.
async fn add_to_month(
    app: &App,
    generator: &mut Generator,
    month: Month,
    count: u64,
    batch: usize,
) -> Result<()> {
    seed::insert(app.store(), generator, &[month], &[count], batch, |_| {}).await?;
    Ok(())
}

/// One run's three editions and the parts of a release timed apart, on the instance `app` opened.
async fn measure(
    app: &App,
    calendar: Calendar,
    incidents: u64,
    batch: usize,
    run: u32,
) -> Result<PublishRun> {
    let analyst = app.user_named(ANALYST).await?;
    let mut publisher = Publisher {
        app,
        who: app.principal(analyst.id).await?,
        generator: Generator::new(
            &app.settings().areas,
            analyst.id,
            0x0042_414E_4300 + u64::from(run),
        )?,
        batch,
        run,
    };
    let (next_count, late_count) = extra_counts(incidents, calendar.months);
    let (first_edition, first) = publisher.first(calendar.last).await?;
    let (next_edition, next) = publisher
        .later(Later::Following, calendar.last.next(), next_count)
        .await?;
    let corrected = calendar.last;
    let (correction_edition, correction) = publisher
        .later(Later::Correction, corrected, late_count)
        .await?;

    let (aggregation, disclosure) = release_parts(app, calendar).await?;
    let (correction_aggregation, correction_disclosure) =
        correction_parts(app, &correction_edition, corrected).await?;
    eprintln!(
        "run {run}: apart: month_input × {n} {:.0} ms (slowest {:.0} ms), release_month × {n} {:.0} ms \
         (slowest {:.0} ms); correction: month_input {:.0} ms, release_month {:.0} ms",
        millis(aggregation.total),
        millis(aggregation.max),
        millis(disclosure.total),
        millis(disclosure.max),
        millis(correction_aggregation),
        millis(correction_disclosure),
        n = calendar.months,
    );

    let cells = first_edition
        .months
        .iter()
        .flat_map(|m| m.cells.iter())
        .fold((0, 0), |(n, s), c| (n + 1, s + usize::from(c.suppressed)));
    Ok(PublishRun {
        first,
        first_months: first_edition.months.len(),
        next,
        correction,
        ids: [
            first_edition.id.clone(),
            next_edition.id.clone(),
            correction_edition.id.clone(),
        ],
        snapshot_bytes: (
            snapshot_bytes(&first_edition)?,
            snapshot_bytes(&correction_edition)?,
        ),
        aggregation: aggregation.total,
        aggregation_max: aggregation.max,
        disclosure: disclosure.total,
        disclosure_max: disclosure.max,
        correction_aggregation,
        correction_disclosure,
        cells,
    })
}

/// What the three edition steps of a run share: the instance, the analyst who publishes, the
/// generator of the news that arrives between editions, and the run's number for the progress lines.
struct Publisher<'a> {
    app: &'a App,
    who: Principal,
    generator: Generator,
    batch: usize,
    run: u32,
}

impl Publisher<'_> {
    /// The first edition, timed: every seeded month released.
    async fn first(&self, period: Month) -> Result<(Arc<EditionSnapshot>, Duration)> {
        let (edition, spent) = timed(self.app.publish_edition(&self.who, period))
            .await
            .context("publishing the first edition")?;
        eprintln!(
            "run {}: first edition {} ({} months) in {:.2} s",
            self.run,
            edition.id,
            edition.months.len(),
            spent.as_secs_f64()
        );
        Ok((edition, spent))
    }

    /// The following month's edition, or a correction of a month already released: `count`
    /// incidents arrive for `month` first (not timed), then the edition is published, timed.
    async fn later(
        &mut self,
        kind: Later,
        month: Month,
        count: u64,
    ) -> Result<(Arc<EditionSnapshot>, Duration)> {
        add_to_month(self.app, &mut self.generator, month, count, self.batch).await?;
        let (edition, spent) = match kind {
            Later::Following => timed(self.app.publish_edition(&self.who, month))
                .await
                .context("publishing the following month's edition")?,
            Later::Correction => {
                let note = format!("{month} : {count} faits signalés en retard (banc d'essai).");
                timed(self.app.publish_correction(&self.who, month, &note))
                    .await
                    .context("publishing the correction")?
            }
        };
        let name = match kind {
            Later::Following => "following edition",
            Later::Correction => "correction",
        };
        eprintln!(
            "run {}: {name} {} in {:.3} s",
            self.run,
            edition.id,
            spent.as_secs_f64()
        );
        Ok((edition, spent))
    }
}

/// The editions of a run after the first.
#[derive(Clone, Copy, Debug)]
enum Later {
    /// The month after the first edition's: one month released, the others carried.
    Following,
    /// Late news for the first edition's last month: its next version, checked against the
    /// earlier ones.
    Correction,
}

/// Durations added up, with the slowest of them: the results show both, a month's cost varying
/// with its incidents.
#[derive(Clone, Copy, Debug, Default)]
struct Spent {
    total: Duration,
    max: Duration,
}

impl Spent {
    /// Counts one more duration.
    fn add(&mut self, spent: Duration) {
        self.total += spent;
        self.max = self.max.max(spent);
    }
}

/// The parts of a release timed apart, for every seeded month: the SQL aggregation
/// (`month_input`), then the disclosure control (`release_month`, first version, nothing stored).
async fn release_parts(app: &App, calendar: Calendar) -> Result<(Spent, Spent)> {
    let rules = app.settings().observatory;
    let areas = Arc::clone(&app.settings().areas);
    let (mut aggregation, mut disclosure) = (Spent::default(), Spent::default());
    for month in calendar.all() {
        let started = Instant::now();
        let input = app.month_input(month).await?;
        aggregation.add(started.elapsed());
        let started = Instant::now();
        release_month(&input, &areas, &rules, 1, None, &mut OsRng)
            .map_err(|e| anyhow!("releasing {month}: {e}"))?;
        disclosure.add(started.elapsed());
    }
    Ok((aggregation, disclosure))
}

/// `month_input` and `release_month` of a further version of `month` (checked against the release
/// in `latest` and its stored secrets), timed apart; nothing is stored.
async fn correction_parts(
    app: &App,
    latest: &EditionSnapshot,
    month: Month,
) -> Result<(Duration, Duration)> {
    let old = latest
        .month(month)
        .ok_or_else(|| anyhow!("{month} is not in {}", latest.id))?;
    let stored = app
        .store()
        .latest_release(&month.to_string())
        .await?
        .ok_or_else(|| anyhow!("no stored release of {month}"))?;
    let secrets: ReleaseSecrets =
        serde_json::from_str(&stored.secrets).context("reading the release's secrets")?;
    let started = Instant::now();
    let input = app.month_input(month).await?;
    let aggregation = started.elapsed();
    let rules = app.settings().observatory;
    let started = Instant::now();
    release_month(
        &input,
        &app.settings().areas,
        &rules,
        old.version.saturating_add(1),
        Some((old, &secrets)),
        &mut OsRng,
    )
    .map_err(|e| anyhow!("correcting {month}: {e}"))?;
    Ok((aggregation, started.elapsed()))
}

fn snapshot_bytes(snapshot: &EditionSnapshot) -> Result<usize> {
    Ok(serde_json::to_string(snapshot)
        .context("encoding a snapshot")?
        .len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extras() {
        assert_eq!(extra_counts(1_000_000, 24), (41_666, 416));
        assert_eq!(extra_counts(10, 24), (0, 1));
    }
}
