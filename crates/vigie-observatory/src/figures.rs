//! Key figures: the latest month of an edition at city level, against the month before.

use vigie_domain::observatory::{CellArea, EditionSnapshot, IncidentCategory, MonthRelease};

/// One key figure of the latest month.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyFigure {
    /// The category; `None` for every category together.
    pub category: Option<IncidentCategory>,
    /// The city's count; `None` when suppressed.
    pub count: Option<u64>,
    /// The month before, when the edition covers it and published it.
    pub previous: Option<u64>,
    /// `count - previous`, only when both are published.
    pub change: Option<i64>,
}

/// The city's published count for `category` in `release`: `None` when suppressed or absent.
fn published(release: &MonthRelease, category: Option<IncidentCategory>) -> Option<Option<u64>> {
    release
        .cell(&CellArea::City, category)
        .map(|c| if c.suppressed { None } else { c.count })
}

/// The latest month's city figures: the total first, then each category the release has a city cell
/// for, in [`IncidentCategory::ALL`] order. Empty when the edition lacks its own period.
pub fn key_figures(snapshot: &EditionSnapshot) -> Vec<KeyFigure> {
    let Some(latest) = snapshot.latest() else {
        return Vec::new();
    };
    let before = snapshot.month(latest.month.previous());
    std::iter::once(None)
        .chain(IncidentCategory::ALL.iter().copied().map(Some))
        .filter_map(|category| {
            let count = published(latest, category)?;
            let previous = before.and_then(|b| published(b, category)).flatten();
            let change = match (count, previous) {
                (Some(now), Some(then)) => i64::try_from(now)
                    .ok()
                    .zip(i64::try_from(then).ok())
                    .map(|(n, t)| n - t),
                _ => None,
            };
            Some(KeyFigure {
                category,
                count,
                previous,
                change,
            })
        })
        .collect()
}
