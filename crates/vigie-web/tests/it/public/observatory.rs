//! The public observatory through a real server, on SQLite and on PostgreSQL: the dashboard and its
//! text pages, the open-data API and its OpenAPI document, and the dashboard in headless Chromium with
//! JavaScript disabled. Editions are published through the app (an analyst, incidents seeded straight
//! into the store), then read over HTTP only.

mod api;
mod browser;
// The DCAT-AP catalogue (issue 14, item 4).
mod catalog;
// A hub pulling a member's feed (issue 14, item 2).
mod hub;
// A key confirmed while the hub pulls the member (issue 14, item 2).
mod hub_race;
// A hub and two member cities, through proxies that tamper (issue 14, item 2).
mod network;
mod openapi;
// The network's figures at /reseau (issue 14, item 3).
mod pages;
mod reseau;
// Signed editions (issue 14, item 1).
mod signed;

use std::sync::Arc;

use serde_json::Value;
use vigie_app::{App, NewAccount};
use vigie_domain::observatory::{
    CellArea, ContextPoint, ContextSeries, EditionSnapshot, Incident, IncidentCategory,
    IncidentStatus, Month, SourceType,
};
use vigie_domain::{AuditActor, IncidentId, Principal, Role, RoleSet};

use crate::public::{Resp, get};

/// The editions the seed publishes: three months, then a correction of the middle one.
pub struct Seeded {
    /// Oldest first: `m0.1`, `m1.1`, `m2.1`, `m2.2` (the correction).
    pub editions: Vec<Arc<EditionSnapshot>>,
    /// The months, oldest first.
    pub months: [Month; 3],
}

impl Seeded {
    pub fn latest(&self) -> &EditionSnapshot {
        self.editions.last().unwrap()
    }

    pub fn first(&self) -> &EditionSnapshot {
        &self.editions[0]
    }
}

/// The changelog line of the seeded correction.
pub const CHANGELOG: &str = "Sept saisies signalées en retard par un communiqué (test).";

async fn analyst(app: &App) -> Principal {
    let new = NewAccount {
        username: "ana".into(),
        roles: RoleSet::of(&[Role::Analyst]),
        contact: None,
    };
    let (id, _) = app.create_user(AuditActor::Cli, &new).await.unwrap();
    app.principal(id).await.unwrap()
}

/// `n` accepted incidents of one kind, in one quartier when given.
fn incidents(
    who: &Principal,
    month: Month,
    category: IncidentCategory,
    district: &str,
    quartier: Option<&str>,
    n: usize,
) -> Vec<Incident> {
    (0..n)
        .map(|_| Incident {
            id: IncidentId::random(),
            category,
            district: district.into(),
            neighbourhood: quartier.map(str::to_owned),
            month,
            count: 1,
            contributors: 1,
            source: SourceType::Association,
            reference: "Référence d'analyste jamais publiée".into(),
            report: None,
            status: IncidentStatus::Accepted,
            recorded_by: who.id,
        })
        .collect()
}

/// A month of incidents: big cells, a few small ones (two homicides in the 15th), quartiers.
fn month_of(who: &Principal, month: Month, extra: usize) -> Vec<Incident> {
    use IncidentCategory::*;
    let plan: [(IncidentCategory, &str, Option<&str>, usize); 10] = [
        (DealPoint, "13203", Some("1320301"), 24 + extra),
        (DealPoint, "13203", Some("1320303"), 16),
        (DealPoint, "13213", None, 30),
        (DealPoint, "13214", None, 25),
        (DealPoint, "13201", Some("1320101"), 12),
        (Threats, "13203", Some("1320301"), 10),
        (Threats, "13215", None, 6),
        (Homicide, "13215", None, 2),
        (LookoutsMinors, "13214", None, 9),
        (Seizure, "13201", Some("1320103"), 7),
    ];
    plan.iter()
        .flat_map(|(c, d, q, n)| incidents(who, month, *c, d, *q, *n))
        .collect()
}

/// Publishes three editions and a correction on `app`, with an official context series.
pub async fn seed(app: &App) -> Seeded {
    let who = analyst(app).await;
    let now = Month::of_instant(app.clock().now());
    let m2 = now.previous();
    let m1 = m2.previous();
    let m0 = m1.previous();
    let context = ContextSeries {
        indicator: "Trafic de stupéfiants".into(),
        unit: "Mis en cause".into(),
        territory: "Bouches-du-Rhône (13)".into(),
        source: "SSMSI, bases statistiques départementales (test)".into(),
        licence: "Licence Ouverte 2.0".into(),
        points: vec![
            ContextPoint {
                year: 2023,
                value: 3120,
                rate_per_thousand: Some(1.53),
            },
            ContextPoint {
                year: 2024,
                value: 3390,
                rate_per_thousand: Some(1.66),
            },
        ],
    };
    app.import_context(&who, &[context]).await.unwrap();
    let mut editions = Vec::new();
    for (i, m) in [m0, m1, m2].into_iter().enumerate() {
        app.store()
            .insert_incidents(&month_of(&who, m, i * 3), "2026-01-01")
            .await
            .unwrap();
        editions.push(app.publish_edition(&who, m).await.unwrap());
    }
    let late = incidents(&who, m1, IncidentCategory::Seizure, "13213", None, 7);
    app.store()
        .insert_incidents(&late, "2026-01-01")
        .await
        .unwrap();
    editions.push(app.publish_correction(&who, m1, CHANGELOG).await.unwrap());
    let seeded = Seeded {
        editions,
        months: [m0, m1, m2],
    };
    // The seed must exercise suppression, or the tests about it prove nothing.
    let latest = seeded.latest().latest().unwrap();
    let homicides = latest
        .cell(
            &CellArea::Arrondissement("13215".into()),
            Some(IncidentCategory::Homicide),
        )
        .unwrap();
    assert!(homicides.suppressed && homicides.count.is_none());
    assert!(latest.cells.iter().filter(|c| c.suppressed).count() > 20);
    assert!(
        latest
            .cells
            .iter()
            .any(|c| matches!(c.area, CellArea::Quartier(_)) && !c.suppressed)
    );
    seeded
}

/// A JSON response's body.
pub fn json(r: &Resp) -> Value {
    serde_json::from_str(&r.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", r.body))
}

/// GETs `path` and checks the API's error shape, status and parameter.
pub async fn api_error(base: &str, path: &str, status: u16, parameter: Option<&str>) -> Value {
    let r = get(base, path, None).await;
    assert_eq!(r.status.as_u16(), status, "{path}: {}", r.body);
    assert_eq!(r.header("content-type"), Some("application/json"), "{path}");
    assert_eq!(r.header("access-control-allow-origin"), Some("*"), "{path}");
    let v = json(&r);
    let e = &v["error"];
    assert!(
        e["code"].is_string() && e["message"].is_string(),
        "{path}: {v}"
    );
    assert_eq!(e["parameter"].as_str(), parameter, "{path}: {v}");
    assert_eq!(v.as_object().unwrap().len(), 1, "{path}: {v}");
    v
}

/// Stores a release of the prevention figures of 2025-Q3 from one delivered session per
/// `(arrondissement, age band's index, girls counted)` (each in a structure of its own).
pub async fn seed_prevention(app: &App, sessions: &[(&str, usize, u32)]) {
    use vigie_domain::prevention::{
        Counts, Period, StructureKind, StructurePlace, Workshop, reach, release_period,
    };
    use vigie_domain::{ProgrammeId, StructureId};
    let programme = ProgrammeId::random();
    let mut places = Vec::new();
    let mut held = Vec::new();
    for &(district, band, n) in sessions {
        let place = StructurePlace {
            id: StructureId::random(),
            kind: StructureKind::College,
            district: district.to_owned(),
            qpv: false,
        };
        let mut counts = Counts::default();
        counts.0[band][0] = n;
        held.push(Workshop {
            day: chrono::NaiveDate::from_ymd_opt(2025, 8, 1).unwrap(),
            structure: place.id,
            programme,
            facilitators: Vec::new(),
            delivered: true,
            counts,
        });
        places.push(place);
    }
    let districts = app.settings().areas.district_codes();
    let period = Period::Quarter(2025, 3);
    let figures = release_period(&reach(&held, &places), &districts, (period, 1, 5)).unwrap();
    let row = vigie_store::PreventionReleaseRow {
        period: period.to_string(),
        version: 1,
        published_day: "2025-10-06".into(),
        published_by: None,
        body: serde_json::to_string(&figures).unwrap(),
    };
    let audit = vigie_store::Audit::new(&[], vigie_vault::audit::record_hash);
    app.store()
        .insert_prevention_release(&row, &audit)
        .await
        .unwrap();
}
