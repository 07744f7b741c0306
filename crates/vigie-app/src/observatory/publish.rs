//! Publication is an act: an analyst publishes the edition of a finished month. Each month is released
//! once under disclosure control (primary and secondary suppression, interval audit, frozen noise) and
//! carried unchanged by later editions; a correction re-releases one month as a new version, in a new
//! edition with a changelog line. Editions are stored whole and never change.

use std::collections::BTreeMap;
use std::sync::Arc;

use rand_core::OsRng;
use vigie_domain::observatory::disclosure::{MonthInput, ReleaseSecrets, Tally, release_month};
use vigie_domain::observatory::{
    EditionSnapshot, IncidentCategory, Month, MonthRelease, edition_id,
};
use vigie_domain::{Action, AuditActor, AuditKind, Principal};
use vigie_store::{EditionRow, ReleaseRow, StoreError};

use super::{MAX_CHANGELOG_CHARS, MAX_FIRST_EDITION_MONTHS, PublishError};
use crate::{App, AppError, Result};

fn corrupt(what: String) -> AppError {
    AppError::Store(StoreError::Corrupt(what))
}

fn json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| AppError::Invalid(format!("edition JSON: {e}")))
}

impl App {
    /// A month's true tallies, summed in the database.
    pub async fn month_input(&self, month: Month) -> Result<MonthInput> {
        let t = self.store().month_tallies(&month.to_string()).await?;
        let tally = |count: i64, contributors: i64| Tally {
            count: u64::try_from(count).unwrap_or(0),
            contributors: u64::try_from(contributors).unwrap_or(0),
        };
        let mut by_district = BTreeMap::new();
        for (district, category, count, contributors) in t.by_district {
            let category: IncidentCategory = category
                .parse()
                .map_err(|_| corrupt(format!("incident category `{category}`")))?;
            by_district.insert((district, category), tally(count, contributors));
        }
        let by_neighbourhood = t
            .by_neighbourhood
            .into_iter()
            .map(|(q, count, contributors)| (q, tally(count, contributors)))
            .collect();
        Ok(MonthInput {
            month,
            by_district,
            by_neighbourhood,
        })
    }

    /// Releases one month under the instance's disclosure rules (CPU-bound: off the async runtime).
    async fn release(
        &self,
        month: Month,
        version: u32,
        previous: Option<(MonthRelease, ReleaseSecrets)>,
    ) -> Result<(MonthRelease, ReleaseSecrets)> {
        let input = self.month_input(month).await?;
        let areas = Arc::clone(&self.settings().areas);
        let rules = self.settings().observatory;
        let released = tokio::task::spawn_blocking(move || {
            let previous = previous.as_ref().map(|(r, s)| (r, s));
            release_month(&input, &areas, &rules, version, previous, &mut OsRng)
        })
        .await
        .map_err(|e| AppError::Invalid(format!("release task failed: {e}")))?;
        released.map_err(|e| AppError::Publish(PublishError::Disclosure(e)))
    }

    /// Publishes the edition of `period` (a finished month after the latest edition's): releases every
    /// month since the latest edition (or, for the first, since the first accepted incident, at most
    /// five years back) and carries the earlier ones unchanged. Audited.
    pub async fn publish_edition(
        &self,
        who: &Principal,
        period: Month,
    ) -> Result<Arc<EditionSnapshot>> {
        self.authorize_instance(who, Action::PublishEdition).await?;
        if period >= Month::of_instant(self.clock().now()) {
            return Err(PublishError::PeriodNotOver(period).into());
        }
        let latest = self.latest_edition().await?;
        let (carried, first_new) = match &latest {
            Some(l) if l.period >= period => {
                return Err(PublishError::AlreadyPublished(period, l.id.clone()).into());
            }
            Some(l) => (l.months.clone(), l.period.next()),
            None => {
                let first = self
                    .store()
                    .first_incident_month()
                    .await?
                    .ok_or(PublishError::NothingToPublish)?;
                let first: Month = first
                    .parse()
                    .map_err(|_| corrupt(format!("incident month `{first}`")))?;
                let mut start = first.min(period);
                let span = start.through(period).count();
                for _ in MAX_FIRST_EDITION_MONTHS..span {
                    start = start.next();
                }
                (Vec::new(), start)
            }
        };
        let mut months = carried;
        let mut rows = Vec::new();
        for month in first_new.through(period) {
            let (release, secrets) = self.release(month, 1, None).await?;
            rows.push(ReleaseRow {
                month: month.to_string(),
                version: 1,
                cells: json(&release)?,
                secrets: json(&secrets)?,
            });
            months.push(release);
        }
        self.store_edition(who, period, 1, None, None, months, rows)
            .await
    }

    /// Publishes a correction: `month` (covered by the latest edition) is released again from the
    /// incidents as they are now, as its next version, in a new edition of the same period with a
    /// changelog line. The earlier edition stays readable. Audited.
    pub async fn publish_correction(
        &self,
        who: &Principal,
        month: Month,
        changelog: &str,
    ) -> Result<Arc<EditionSnapshot>> {
        self.authorize_instance(who, Action::PublishEdition).await?;
        let changelog = changelog.trim();
        if changelog.is_empty() {
            return Err(PublishError::ChangelogRequired.into());
        }
        if changelog.chars().count() > MAX_CHANGELOG_CHARS || changelog.contains(['\n', '\r']) {
            return Err(PublishError::ChangelogTooLong.into());
        }
        let latest = self
            .latest_edition()
            .await?
            .ok_or(PublishError::NothingToCorrect)?;
        let old = latest
            .month(month)
            .cloned()
            .ok_or(PublishError::NotCovered(month))?;
        let stored = self
            .store()
            .latest_release(&month.to_string())
            .await?
            .ok_or_else(|| corrupt(format!("release of {month} missing")))?;
        let secrets: ReleaseSecrets = serde_json::from_str(&stored.secrets)
            .map_err(|e| corrupt(format!("release secrets: {e}")))?;
        let version = old.version.saturating_add(1);
        let (release, secrets) = self.release(month, version, Some((old, secrets))).await?;
        let rows = vec![ReleaseRow {
            month: month.to_string(),
            version: i64::from(version),
            cells: json(&release)?,
            secrets: json(&secrets)?,
        }];
        let months = latest
            .months
            .iter()
            .map(|m| {
                if m.month == month {
                    release.clone()
                } else {
                    m.clone()
                }
            })
            .collect();
        self.store_edition(
            who,
            latest.period,
            latest.version.saturating_add(1),
            Some(changelog.to_owned()),
            Some(latest.id.clone()),
            months,
            rows,
        )
        .await
    }

    #[allow(clippy::too_many_arguments)]
    async fn store_edition(
        &self,
        who: &Principal,
        period: Month,
        version: u32,
        changelog: Option<String>,
        supersedes: Option<String>,
        months: Vec<MonthRelease>,
        rows: Vec<ReleaseRow>,
    ) -> Result<Arc<EditionSnapshot>> {
        let rules = self.settings().observatory;
        let snapshot = EditionSnapshot {
            id: edition_id(period, version),
            period,
            version,
            published_at: self.clock().now(),
            k: rules.k,
            epsilon: rules.epsilon,
            changelog: changelog.clone(),
            supersedes: supersedes.clone(),
            months,
            context: self.context_series().await?,
        };
        let edition = EditionRow {
            id: snapshot.id.clone(),
            period: period.to_string(),
            version: i64::from(version),
            published_at: snapshot.published_at.timestamp(),
            published_by: Some(who.id),
            changelog,
            supersedes,
            snapshot: json(&snapshot)?,
        };
        let released: Vec<String> = rows
            .iter()
            .map(|r| format!("{}.{}", r.month, r.version))
            .collect();
        let entry = [self
            .entry(
                AuditActor::Staff(who.id),
                AuditKind::EditionPublished,
                &format!("edition:{}", snapshot.id),
                &format!("released {}", released.join(" ")),
            )
            .await?];
        self.store()
            .publish_edition(&edition, &rows, &crate::audit::audited(&entry))
            .await
            .map_err(|e| match e {
                StoreError::Conflict(_) => AppError::Publish(PublishError::Concurrent),
                e => e.into(),
            })?;
        Ok(Arc::new(snapshot))
    }
}
