//! The observatory: incidents (recorded by analysts, qualified from reports by handlers, reviewed by
//! analysts), the publication of editions under disclosure control, official context series, and the
//! read side the public pages and the API use. The public side reads editions only, never the
//! incident table.

mod incidents;
mod publish;

use std::sync::{Arc, Mutex};

use vigie_domain::observatory::disclosure::DisclosureError;
use vigie_domain::observatory::{ContextSeries, EditionSnapshot, Month};

pub use incidents::{IncidentPage, IncidentQuery};
pub use vigie_store::IncidentFilter;

use crate::{App, AppError, Result};

/// Longest changelog line, in characters.
pub const MAX_CHANGELOG_CHARS: usize = 300;
/// Most months a first edition reaches back.
pub const MAX_FIRST_EDITION_MONTHS: usize = 60;

/// Why an edition cannot be published as asked.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PublishError {
    /// The month is not over (in Marseille).
    #[error("{0} is not over yet: an edition covers finished months only")]
    PeriodNotOver(Month),
    /// The period is already published, or earlier than the latest edition.
    #[error(
        "{0} is already published (latest edition {1}): publish a later month, or a correction"
    )]
    AlreadyPublished(Month, String),
    /// A correction says what it corrects.
    #[error("a correction needs a changelog line saying what changed")]
    ChangelogRequired,
    /// The changelog line is too long or has several lines.
    #[error("the changelog is one line of at most 300 characters")]
    ChangelogTooLong,
    /// Nothing has been published yet, so there is nothing to correct.
    #[error("no edition has been published yet: there is nothing to correct")]
    NothingToCorrect,
    /// The month to correct is not in the latest edition.
    #[error("{0} is not covered by the latest edition")]
    NotCovered(Month),
    /// No incident is accepted yet.
    #[error("no incident has been accepted yet: there is nothing to publish")]
    NothingToPublish,
    /// The disclosure rules or the interval audit refused the release.
    #[error("{0}")]
    Disclosure(DisclosureError),
    /// Someone else published at the same moment.
    #[error("another edition was published at the same moment: reload and try again")]
    Concurrent,
}

/// Parsed editions, most recently used last; a few are enough (pages read the latest one or two).
#[derive(Default)]
pub(crate) struct EditionCache(Mutex<Vec<(String, Arc<EditionSnapshot>)>>);

const CACHED_EDITIONS: usize = 8;

impl EditionCache {
    fn get(&self, id: &str) -> Option<Arc<EditionSnapshot>> {
        let mut v = self.0.lock().ok()?;
        let at = v.iter().position(|(i, _)| i == id)?;
        let hit = v.remove(at);
        let snap = Arc::clone(&hit.1);
        v.push(hit);
        Some(snap)
    }

    fn put(&self, id: &str, snapshot: Arc<EditionSnapshot>) {
        if let Ok(mut v) = self.0.lock() {
            v.retain(|(i, _)| i != id);
            v.push((id.to_owned(), snapshot));
            if v.len() > CACHED_EDITIONS {
                v.remove(0);
            }
        }
    }
}

/// An edition in the list, without its figures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditionSummary {
    /// `2026-03.1`.
    pub id: String,
    /// The latest month it covers.
    pub period: Month,
    /// 1, then one more per correction.
    pub version: u32,
    /// Unix seconds.
    pub published_at: i64,
    /// What a correction changes.
    pub changelog: Option<String>,
    /// The edition a correction corrects.
    pub supersedes: Option<String>,
}

fn corrupt(what: &str) -> AppError {
    AppError::Store(vigie_store::StoreError::Corrupt(format!("edition: {what}")))
}

impl App {
    /// Every published edition, newest first (public).
    pub async fn editions(&self) -> Result<Vec<EditionSummary>> {
        self.store()
            .editions()
            .await?
            .into_iter()
            .map(|r| {
                Ok(EditionSummary {
                    period: r.period.parse().map_err(|_| corrupt("period"))?,
                    version: u32::try_from(r.version).map_err(|_| corrupt("version"))?,
                    id: r.id,
                    published_at: r.published_at,
                    changelog: r.changelog,
                    supersedes: r.supersedes,
                })
            })
            .collect()
    }

    /// One edition's snapshot, or `None` for an unknown id (public). Parsed once, then cached.
    pub async fn edition(&self, id: &str) -> Result<Option<Arc<EditionSnapshot>>> {
        if let Some(hit) = self.inner.editions.get(id) {
            return Ok(Some(hit));
        }
        let Some(row) = self.store().edition(id).await? else {
            return Ok(None);
        };
        let snapshot: EditionSnapshot =
            serde_json::from_str(&row.snapshot).map_err(|e| corrupt(&e.to_string()))?;
        let snapshot = Arc::new(snapshot);
        self.inner.editions.put(id, Arc::clone(&snapshot));
        Ok(Some(snapshot))
    }

    /// The newest edition of the latest period: what `/observatoire` shows (public).
    pub async fn latest_edition(&self) -> Result<Option<Arc<EditionSnapshot>>> {
        match self.store().latest_edition_id().await? {
            Some(id) => self.edition(&id).await,
            None => Ok(None),
        }
    }

    /// The official series on file (the next edition copies them).
    pub async fn context_series(&self) -> Result<Vec<ContextSeries>> {
        self.store()
            .context_series()
            .await?
            .into_iter()
            .map(|r| {
                Ok(ContextSeries {
                    points: serde_json::from_str(&r.points)
                        .map_err(|e| corrupt(&format!("context points: {e}")))?,
                    indicator: r.indicator,
                    unit: r.unit,
                    territory: r.territory,
                    source: r.source,
                    licence: r.licence,
                })
            })
            .collect()
    }
}
