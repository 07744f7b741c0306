//! Key figures of the latest month.

use vigie_domain::observatory::{CellArea, IncidentCategory};
use vigie_observatory::{KeyFigure, key_figures};

use crate::common::{cell, release, snapshot};

#[test]
fn key_figures_compare_with_the_month_before_when_both_are_published() {
    let mut snapshot = snapshot();
    // February: deal points suppressed; March: homicides suppressed (as built).
    let feb = snapshot
        .months
        .iter_mut()
        .find(|r| r.month.to_string() == "2026-02")
        .unwrap();
    feb.cells[1] = cell(CellArea::City, Some(IncidentCategory::DealPoint), None);
    feb.cells[2] = cell(CellArea::City, Some(IncidentCategory::Homicide), Some(6));
    let figures = key_figures(&snapshot);
    assert_eq!(
        figures,
        [
            KeyFigure {
                category: None,
                count: Some(402),
                previous: Some(400),
                change: Some(2)
            },
            KeyFigure {
                category: Some(IncidentCategory::DealPoint),
                count: Some(122),
                previous: None,
                change: None,
            },
            KeyFigure {
                category: Some(IncidentCategory::Homicide),
                count: None,
                previous: Some(6),
                change: None,
            },
        ]
    );
}

#[test]
fn key_figures_go_down_as_well_and_need_the_previous_month() {
    let mut snapshot = snapshot();
    snapshot.months = vec![release("2026-03", 0), release("2026-02", 9)];
    let total = key_figures(&snapshot)[0];
    assert_eq!(
        (total.count, total.previous, total.change),
        (Some(400), Some(409), Some(-9))
    );
    // Without February in the edition: no comparison.
    snapshot.months.retain(|r| r.month.to_string() == "2026-03");
    let total = key_figures(&snapshot)[0];
    assert_eq!(
        (total.count, total.previous, total.change),
        (Some(400), None, None)
    );
    // Without its own period: nothing.
    snapshot.months.clear();
    assert!(key_figures(&snapshot).is_empty());
}
