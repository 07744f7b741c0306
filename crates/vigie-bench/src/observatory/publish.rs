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
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow};
use rand_core::OsRng;
use vigie_app::App;
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

async fn measure(
    app: &App,
    calendar: Calendar,
    incidents: u64,
    batch: usize,
    run: u32,
) -> Result<PublishRun> {
    let analyst = app.user_named(ANALYST).await?;
    let who = app.principal(analyst.id).await?;
    let mut generator = Generator::new(
        &app.settings().areas,
        analyst.id,
        0x0042_414E_4300 + u64::from(run),
    )?;
    let (next_count, late_count) = extra_counts(incidents, calendar.months);

    // 1. The first edition.
    let (first_edition, first) = timed(app.publish_edition(&who, calendar.last))
        .await
        .context("publishing the first edition")?;
    eprintln!(
        "run {run}: first edition {} ({} months) in {:.2} s",
        first_edition.id,
        first_edition.months.len(),
        first.as_secs_f64()
    );

    // 2. The following month.
    let following = calendar.last.next();
    add_to_month(app, &mut generator, following, next_count, batch).await?;
    let (next_edition, next) = timed(app.publish_edition(&who, following))
        .await
        .context("publishing the following month's edition")?;
    eprintln!(
        "run {run}: following edition {} in {:.3} s",
        next_edition.id,
        next.as_secs_f64()
    );

    // 3. Late news for the first edition's last month, and its correction.
    let corrected = calendar.last;
    add_to_month(app, &mut generator, corrected, late_count, batch).await?;
    let note = format!("{corrected} : {late_count} faits signalés en retard (banc d'essai).");
    let (correction_edition, correction) = timed(app.publish_correction(&who, corrected, &note))
        .await
        .context("publishing the correction")?;
    eprintln!(
        "run {run}: correction {} in {:.3} s",
        correction_edition.id,
        correction.as_secs_f64()
    );

    // The parts of a release, timed apart.
    let rules = app.settings().observatory;
    let areas = std::sync::Arc::clone(&app.settings().areas);
    let (mut aggregation, mut aggregation_max) = (Duration::ZERO, Duration::ZERO);
    let (mut disclosure, mut disclosure_max) = (Duration::ZERO, Duration::ZERO);
    for month in calendar.all() {
        let started = Instant::now();
        let input = app.month_input(month).await?;
        let spent = started.elapsed();
        aggregation += spent;
        aggregation_max = aggregation_max.max(spent);
        let started = Instant::now();
        release_month(&input, &areas, &rules, 1, None, &mut OsRng)
            .map_err(|e| anyhow!("releasing {month}: {e}"))?;
        let spent = started.elapsed();
        disclosure += spent;
        disclosure_max = disclosure_max.max(spent);
    }
    let (correction_aggregation, correction_disclosure) =
        correction_parts(app, &correction_edition, corrected).await?;
    eprintln!(
        "run {run}: apart: month_input × {n} {:.0} ms (slowest {:.0} ms), release_month × {n} {:.0} ms \
         (slowest {:.0} ms); correction: month_input {:.0} ms, release_month {:.0} ms",
        millis(aggregation),
        millis(aggregation_max),
        millis(disclosure),
        millis(disclosure_max),
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
        aggregation,
        aggregation_max,
        disclosure,
        disclosure_max,
        correction_aggregation,
        correction_disclosure,
        cells,
    })
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
