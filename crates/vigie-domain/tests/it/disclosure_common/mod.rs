//! Shared by the disclosure tests: area lists, month inputs, a deterministic generator, and the true
//! table computed independently of the library.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod attacker;
mod split_mix;

pub use split_mix::SplitMix;

use std::collections::BTreeMap;

use rand_core::RngCore;
use vigie_domain::area::AreaList;
use vigie_domain::observatory::disclosure::{DisclosureRules, MonthInput, Tally, release_month};
use vigie_domain::observatory::{CellArea, IncidentCategory, Month, MonthRelease, PublishedCell};

/// A generator that must not be used (releases without noise).
pub struct NoRng;

impl RngCore for NoRng {
    fn next_u32(&mut self) -> u32 {
        panic!("no noise was asked for")
    }
    fn next_u64(&mut self) -> u64 {
        panic!("no noise was asked for")
    }
    fn fill_bytes(&mut self, _: &mut [u8]) {
        panic!("no noise was asked for")
    }
    fn try_fill_bytes(&mut self, _: &mut [u8]) -> Result<(), rand_core::Error> {
        panic!("no noise was asked for")
    }
}

pub fn marseille() -> AreaList {
    AreaList::marseille().unwrap()
}

/// Three districts: two quartiers, one quartier, none.
pub fn small_areas() -> AreaList {
    AreaList::parse(
        "code,nom\nA,Alpha\nB,Beta\nC,Gamma\n",
        "code_qua,nom,arrondissement_code\nA1,a1,A\nA2,a2,A\nB1,b1,B\n",
    )
    .unwrap()
}

pub fn month() -> Month {
    Month::new(2026, 3).unwrap()
}

/// One incident's worth of tally, placed.
#[derive(Clone, Debug)]
pub struct Fact {
    pub district: usize,
    /// Index among the district's quartiers (taken modulo their number), if any.
    pub quartier: Option<usize>,
    pub category: usize,
    pub count: u64,
    pub contributors: u64,
}

/// The month input of `facts` on `areas`, tallied as [`MonthInput::from_incidents`] does.
pub fn input_of(areas: &AreaList, facts: &[Fact]) -> MonthInput {
    let mut input = MonthInput {
        month: month(),
        by_district: BTreeMap::new(),
        by_neighbourhood: BTreeMap::new(),
    };
    let districts = areas.districts();
    for f in facts {
        let d = &districts[f.district % districts.len()];
        let c = IncidentCategory::ALL[f.category % IncidentCategory::ALL.len()];
        let t = Tally {
            count: f.count,
            contributors: f.contributors,
        };
        input
            .by_district
            .entry((d.code.clone(), c))
            .or_default()
            .add(t);
        let quartiers: Vec<_> = areas.neighbourhoods_of(&d.code).collect();
        if let (Some(q), false) = (f.quartier, quartiers.is_empty()) {
            let q = quartiers[q % quartiers.len()];
            input
                .by_neighbourhood
                .entry(q.code.clone())
                .or_default()
                .add(t);
        }
    }
    input
}

/// `n` random facts: counts mostly 1 (a few larger), contributors 1..=count.
pub fn random_facts(rng: &mut SplitMix, areas: &AreaList, n: usize) -> Vec<Fact> {
    let districts = areas.districts().len() as u64;
    (0..n)
        .map(|_| {
            let count = if rng.below(10) == 0 {
                1 + rng.below(6)
            } else {
                1
            };
            Fact {
                district: rng.below(districts) as usize,
                quartier: (rng.below(4) != 0).then(|| rng.below(64) as usize),
                category: rng.below(12) as usize,
                count,
                contributors: 1 + rng.below(count),
            }
        })
        .collect()
}

/// Key of a cell.
pub type Key = (CellArea, Option<IncidentCategory>);

/// The true table, computed independently: published cells, and residuals by district code.
pub struct Truth {
    pub cells: BTreeMap<Key, Tally>,
    pub residuals: BTreeMap<String, Tally>,
}

/// Every cell's key, written from the area list in the order a release must list them: the city's
/// total then its categories, each arrondissement likewise, then every quartier's total.
pub fn cell_keys(areas: &AreaList) -> Vec<Key> {
    let mut keys = vec![(CellArea::City, None)];
    keys.extend(
        IncidentCategory::ALL
            .iter()
            .map(|c| (CellArea::City, Some(*c))),
    );
    for d in areas.districts() {
        let a = CellArea::Arrondissement(d.code.clone());
        keys.push((a.clone(), None));
        keys.extend(IncidentCategory::ALL.iter().map(|c| (a.clone(), Some(*c))));
    }
    for d in areas.districts() {
        for q in areas.neighbourhoods_of(&d.code) {
            keys.push((CellArea::Quartier(q.code.clone()), None));
        }
    }
    keys
}

pub fn truth(areas: &AreaList, input: &MonthInput) -> Truth {
    let mut cells: BTreeMap<Key, Tally> = cell_keys(areas)
        .into_iter()
        .map(|k| (k, Tally::default()))
        .collect();
    for ((d, c), t) in &input.by_district {
        if areas.district(d).is_none() {
            continue;
        }
        let a = CellArea::Arrondissement(d.clone());
        for key in [
            (CellArea::City, None),
            (CellArea::City, Some(*c)),
            (a.clone(), None),
            (a, Some(*c)),
        ] {
            cells.entry(key).or_default().add(*t);
        }
    }
    for (q, t) in &input.by_neighbourhood {
        if areas.neighbourhood(q).is_some() {
            cells
                .entry((CellArea::Quartier(q.clone()), None))
                .or_default()
                .add(*t);
        }
    }
    let mut residuals = BTreeMap::new();
    for d in areas.districts() {
        let total = cells[&(CellArea::Arrondissement(d.code.clone()), None)];
        let mut named = Tally::default();
        for q in areas.neighbourhoods_of(&d.code) {
            named.add(cells[&(CellArea::Quartier(q.code.clone()), None)]);
        }
        residuals.insert(
            d.code.clone(),
            Tally {
                count: total.count - named.count,
                contributors: total.contributors.saturating_sub(named.contributors),
            },
        );
    }
    Truth { cells, residuals }
}

/// The published value of a cell in a release (`None`: suppressed or absent).
pub fn published(release: &MonthRelease, key: &Key) -> Option<u64> {
    release
        .cell(&key.0, key.1)
        .filter(|c| !c.suppressed)
        .and_then(|c| c.count)
}

/// Sensitive under rule 1.
pub fn sensitive(t: &Tally, k: u64) -> bool {
    t.count < k || t.contributors < k
}

/// A naive release (version 1): the library's cells, with exactly the cells of `truth` that rule 1
/// calls sensitive suppressed and every other true count published.
pub fn primary_only(areas: &AreaList, input: &MonthInput, k: u64) -> MonthRelease {
    let t = truth(areas, input);
    let rules = DisclosureRules {
        k: k as u32,
        epsilon: None,
    };
    let (shape, _) = release_month(input, areas, &rules, 1, None, &mut NoRng).unwrap();
    MonthRelease {
        cells: shape
            .cells
            .iter()
            .map(|c| {
                let tally = t.cells[&(c.area.clone(), c.category)];
                let hide = sensitive(&tally, k);
                PublishedCell {
                    count: (!hide).then_some(tally.count),
                    suppressed: hide,
                    ..c.clone()
                }
            })
            .collect(),
        ..shape
    }
}

pub fn residual_sensitive(t: &Tally, k: u64) -> bool {
    t.count >= 1 && (t.count < k || t.contributors < k)
}

/// Every (district, category) of `areas` with `per_cell` facts from `per_cell` contributors, spread
/// over the district's quartiers (all named: residuals are zero).
pub fn dense(areas: &AreaList, per_cell: u64) -> Vec<Fact> {
    let mut facts = Vec::new();
    for d in 0..areas.districts().len() {
        for c in 0..IncidentCategory::ALL.len() {
            facts.push(Fact {
                district: d,
                quartier: Some(c),
                category: c,
                count: per_cell,
                contributors: per_cell,
            });
        }
    }
    facts
}

/// Replaces every fact of `f`'s (district, category) with `f` alone.
pub fn set_cell(facts: &mut Vec<Fact>, f: Fact) {
    facts.retain(|g| !(g.district == f.district && g.category == f.category));
    facts.push(f);
}

/// One fact of `count` from `count` contributors.
pub fn fact(district: usize, quartier: Option<usize>, category: usize, count: u64) -> Fact {
    Fact {
        district,
        quartier,
        category,
        count,
        contributors: count,
    }
}

pub fn arr(code: &str) -> CellArea {
    CellArea::Arrondissement(code.to_owned())
}

pub fn cat(i: usize) -> Option<IncidentCategory> {
    Some(IncidentCategory::ALL[i])
}

/// A small area list: `shape[d]` quartiers in district `d`.
pub fn synthetic(shape: &[usize]) -> AreaList {
    let mut districts = String::from("code,nom\n");
    let mut quartiers = String::from("code_qua,nom,arrondissement_code\n");
    for (d, n) in shape.iter().enumerate() {
        districts.push_str(&format!("D{d},District {d}\n"));
        for q in 0..*n {
            quartiers.push_str(&format!("D{d}Q{q},Quartier {q},D{d}\n"));
        }
    }
    AreaList::parse(&districts, &quartiers).unwrap()
}

/// The equations, written from the area list (not from the library): total first, then parts. A
/// residual is `(Arrondissement(code), None)` with `hidden`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Term {
    Cell(Key),
    Residual(String),
}

pub fn equations(areas: &AreaList) -> Vec<(Term, Vec<Term>)> {
    let cats = IncidentCategory::ALL;
    let mut eqs = Vec::new();
    let ds = areas.districts();
    for d in ds {
        eqs.push((
            Term::Cell((arr(&d.code), None)),
            cats.iter()
                .map(|c| Term::Cell((arr(&d.code), Some(*c))))
                .collect(),
        ));
        let mut parts: Vec<Term> = areas
            .neighbourhoods_of(&d.code)
            .map(|q| Term::Cell((CellArea::Quartier(q.code.clone()), None)))
            .collect();
        parts.push(Term::Residual(d.code.clone()));
        eqs.push((Term::Cell((arr(&d.code), None)), parts));
    }
    for c in cats {
        eqs.push((
            Term::Cell((CellArea::City, Some(*c))),
            ds.iter()
                .map(|d| Term::Cell((arr(&d.code), Some(*c))))
                .collect(),
        ));
    }
    eqs.push((
        Term::Cell((CellArea::City, None)),
        ds.iter()
            .map(|d| Term::Cell((arr(&d.code), None)))
            .collect(),
    ));
    eqs.push((
        Term::Cell((CellArea::City, None)),
        cats.iter()
            .map(|c| Term::Cell((CellArea::City, Some(*c))))
            .collect(),
    ));
    eqs
}
