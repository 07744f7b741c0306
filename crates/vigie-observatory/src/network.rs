//! The network's figures (issue 14, item 3): member cities' published city-level figures side by
//! side, by category and month, with rates per 10,000 inhabitants from INSEE's legal populations and
//! the network's totals. Built from the members' signed edition documents only, never from anything
//! a member did not publish.
//!
//! A cell a member suppressed stays suppressed. A network total is published only when every member
//! that covers the month published its part; otherwise only the sum of the published parts is shown,
//! as a lower bound (a function of published figures, which tells nothing new). Each month's table
//! then goes through the interval audit of republished figures
//! ([`LinkedTable::audit_published`]): the attacker knows every member cell and network total, the
//! network's sums and each member's own total over its categories (when it adds no noise); every
//! suppressed member cell must keep a range of at least that member's k. A month that fails is
//! withheld whole (a safety net: by construction it passes).

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;
use serde_json::{Value, json};
use vigie_domain::observatory::disclosure::{LinkedTable, TableLevel, Tally};
use vigie_domain::observatory::{IncidentCategory, LICENCE_NAME, LICENCE_URL, Month};

use crate::opendata::TOTAL;

/// INSEE's legal populations of the communes of 2,000 inhabitants or more (`data/population/`).
const COMMUNES_CSV: &str = include_str!("../../../data/population/communes-2026.csv");

/// The populations' source, shown with every rate.
pub const POPULATION_SOURCE: &str =
    "INSEE, populations légales (via Etalab, découpage administratif 2026), Licence Ouverte 2.0";

/// Populations by INSEE code: INSEE's legal figures shipped with vigie, never a member's own word.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Populations {
    by_code: BTreeMap<String, u64>,
    /// Codes given by the demonstration (fictional cities), with their source line.
    fictional: BTreeSet<String>,
}

impl Populations {
    /// The shipped INSEE table (parsed once per process).
    pub fn insee() -> Populations {
        static TABLE: std::sync::OnceLock<Populations> = std::sync::OnceLock::new();
        TABLE.get_or_init(Populations::parse).clone()
    }

    fn parse() -> Populations {
        let mut by_code = BTreeMap::new();
        for line in COMMUNES_CSV.lines().skip(1) {
            let mut parts = line.split(',');
            if let (Some(code), Some(_), Some(p)) = (parts.next(), parts.next(), parts.next())
                && let Ok(p) = p.trim().parse::<u64>()
            {
                by_code.insert(code.to_owned(), p);
            }
        }
        Populations {
            by_code,
            fictional: BTreeSet::new(),
        }
    }

    /// Adds a fictional city's population (the demonstration's invented members, whose codes are
    /// no commune's): marked as such wherever shown.
    pub fn with_fictional(mut self, code: &str, population: u64) -> Populations {
        if !self.by_code.contains_key(code) {
            self.by_code.insert(code.to_owned(), population);
            self.fictional.insert(code.to_owned());
        }
        self
    }

    /// The population of commune `code`.
    pub fn get(&self, code: &str) -> Option<u64> {
        self.by_code.get(code).copied()
    }

    /// Whether `code`'s population is a demonstration's invention.
    pub fn is_fictional(&self, code: &str) -> bool {
        self.fictional.contains(code)
    }

    /// How many communes the table has.
    pub fn len(&self) -> usize {
        self.by_code.len()
    }

    /// Whether it has none.
    pub fn is_empty(&self) -> bool {
        self.by_code.is_empty()
    }
}

/// A member city's published figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Figure {
    /// Published.
    Count(u64),
    /// Suppressed by the member ("< k").
    Suppressed,
    /// The member's edition does not cover the month.
    Absent,
}

impl Figure {
    /// The count, when published.
    pub fn count(self) -> Option<u64> {
        match self {
            Figure::Count(n) => Some(n),
            _ => None,
        }
    }
}

/// A network total.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Total {
    /// Every member covering the month published its part.
    Count(u64),
    /// A part is suppressed: only the sum of the published parts, a lower bound.
    AtLeast(u64),
    /// No member covers the month.
    None,
}

/// A member city, as its signed edition document describes it.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    /// Its name (as the hub's configuration names it).
    pub name: String,
    /// Its INSEE code.
    pub insee: String,
    /// The edition read (`2026-03.1`), `None` when the hub holds none yet.
    pub edition: Option<String>,
    /// Its threshold.
    pub k: u32,
    /// Whether it adds noise to its figures (its totals are then not exact sums).
    pub noise: bool,
    /// INSEE's population, when known.
    pub population: Option<u64>,
    /// The population is the demonstration's invention.
    pub fictional: bool,
}

/// One category (or the total) of one month.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// The category; `None` for every category together.
    pub category: Option<IncidentCategory>,
    /// Each member's figure, in member order.
    pub members: Vec<Figure>,
    /// The network's total.
    pub total: Total,
}

/// One month of the network.
#[derive(Clone, Debug, PartialEq)]
pub struct NetworkMonth {
    /// The month.
    pub month: Month,
    /// The total first, then each category.
    pub rows: Vec<Row>,
}

/// The network's figures.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Network {
    /// The members, in the configuration's order.
    pub members: Vec<Member>,
    /// The months any member covers, oldest first (withheld months left out).
    pub months: Vec<NetworkMonth>,
    /// Months the audit withheld.
    pub withheld: Vec<Month>,
}

/// The edition document's fields the network reads.
#[derive(Deserialize)]
struct Document {
    id: String,
    k: u32,
    epsilon: Option<f64>,
    #[serde(default)]
    city_figures: Vec<CityFigure>,
}

#[derive(Deserialize)]
struct CityFigure {
    period: String,
    category: String,
    count: Option<u64>,
    suppressed: bool,
}

/// A member's input: its name and code, and its newest verified edition document, if any.
pub struct MemberInput<'a> {
    /// Name.
    pub name: &'a str,
    /// INSEE code.
    pub insee: &'a str,
    /// The signed document, exactly as verified.
    pub document: Option<&'a [u8]>,
}

impl<'a> MemberInput<'a> {
    /// A member named `name`, of code `insee`, with its newest verified document if any.
    pub fn new(name: &'a str, insee: &'a str, document: Option<&'a [u8]>) -> MemberInput<'a> {
        MemberInput {
            name,
            insee,
            document,
        }
    }
}

type Cells = BTreeMap<(Month, Option<IncidentCategory>), Figure>;

/// The categories of a month's rows: the total first.
fn categories() -> impl Iterator<Item = Option<IncidentCategory>> {
    std::iter::once(None).chain(IncidentCategory::ALL.iter().copied().map(Some))
}

/// A member's city-level cells from its document (a document that does not parse gives none).
fn read(input: &MemberInput<'_>, populations: &Populations) -> (Member, Cells) {
    let doc = input
        .document
        .and_then(|d| serde_json::from_slice::<Document>(d).ok());
    let mut cells = Cells::new();
    for f in doc.iter().flat_map(|d| &d.city_figures) {
        let category = if f.category == TOTAL {
            None
        } else {
            match f.category.parse() {
                Ok(c) => Some(c),
                Err(_) => continue,
            }
        };
        let Ok(month) = f.period.parse::<Month>() else {
            continue;
        };
        let figure = match (f.suppressed, f.count) {
            (false, Some(n)) => Figure::Count(n),
            _ => Figure::Suppressed,
        };
        cells.insert((month, category), figure);
    }
    let member = Member {
        name: input.name.to_owned(),
        insee: input.insee.to_owned(),
        edition: doc.as_ref().map(|d| d.id.clone()),
        k: doc.as_ref().map_or(5, |d| d.k),
        noise: doc.as_ref().is_some_and(|d| d.epsilon.is_some()),
        population: populations.get(input.insee),
        fictional: populations.is_fictional(input.insee),
    };
    (member, cells)
}

impl Network {
    /// The network of `inputs`, with `populations` for the rates.
    pub fn build(inputs: &[MemberInput<'_>], populations: &Populations) -> Network {
        let (members, cells): (Vec<Member>, Vec<Cells>) =
            inputs.iter().map(|i| read(i, populations)).unzip();
        let all_months: BTreeSet<Month> = cells
            .iter()
            .flat_map(|c| c.keys().map(|(m, _)| *m))
            .collect();
        let mut network = Network {
            members,
            ..Network::default()
        };
        for month in all_months {
            let rows: Vec<Row> = categories()
                .map(|category| {
                    let figures: Vec<Figure> = cells
                        .iter()
                        .map(|c| c.get(&(month, category)).copied().unwrap_or(Figure::Absent))
                        .collect();
                    Row {
                        category,
                        total: total_of(&figures),
                        members: figures,
                    }
                })
                .collect();
            let m = NetworkMonth { month, rows };
            if network.audit(&m).is_empty() {
                network.months.push(m);
            } else {
                network.withheld.push(month);
            }
        }
        network
    }

    /// The suppressed member cells of `m` that its published figures narrow below the member's k:
    /// (row, member) pairs.
    pub fn audit(&self, m: &NetworkMonth) -> Vec<(usize, usize)> {
        let mut table = LinkedTable::new();
        let mut known = Vec::new();
        let mut k = Vec::new();
        let mut at: BTreeMap<(usize, usize), usize> = BTreeMap::new();
        let mut totals = Vec::new();
        for (r, row) in m.rows.iter().enumerate() {
            let mut parts = Vec::new();
            for (j, f) in row.members.iter().enumerate() {
                if *f == Figure::Absent {
                    continue;
                }
                let i = table.cell(Tally::default(), TableLevel::Leaf);
                known.push(f.count());
                k.push(self.members.get(j).map_or(5, |m| m.k));
                at.insert((r, j), i);
                parts.push(i);
            }
            let t = table.cell(Tally::default(), TableLevel::Margin);
            known.push(match row.total {
                Total::Count(n) => Some(n),
                Total::AtLeast(_) | Total::None => None,
            });
            k.push(0);
            table.equation(t, parts);
            totals.push(t);
        }
        // Each member's total is the sum of its categories (the attacker knows it too), unless the
        // member adds noise: its published figures then do not add up exactly.
        for (j, member) in self.members.iter().enumerate() {
            if member.noise {
                continue;
            }
            if let Some(total) = at.get(&(0, j)) {
                let parts = (1..m.rows.len())
                    .filter_map(|r| at.get(&(r, j)).copied())
                    .collect();
                table.equation(*total, parts);
            }
        }
        let failing: BTreeSet<usize> = table.audit_published(&known, &k).into_iter().collect();
        at.into_iter()
            .filter(|(_, i)| failing.contains(i))
            .map(|(rj, _)| rj)
            .collect()
    }

    /// The month `month`, if shown.
    pub fn month(&self, month: Month) -> Option<&NetworkMonth> {
        self.months.iter().find(|m| m.month == month)
    }

    /// The sum of the populations of the members that count in `row`'s total, when every one is
    /// known.
    fn population_of(&self, row: &Row) -> Option<u64> {
        row.members
            .iter()
            .zip(&self.members)
            .filter(|(f, _)| **f != Figure::Absent)
            .map(|(_, m)| m.population)
            .sum()
    }

    /// The network total's rate per 10,000 inhabitants, when complete and every population known.
    pub fn total_rate(&self, row: &Row) -> Option<f64> {
        match row.total {
            Total::Count(n) => rate(n, self.population_of(row)?),
            _ => None,
        }
    }
}

/// The network total of one cell across members.
fn total_of(figures: &[Figure]) -> Total {
    let present: Vec<&Figure> = figures.iter().filter(|f| **f != Figure::Absent).collect();
    if present.is_empty() {
        return Total::None;
    }
    let sum: u64 = present.iter().filter_map(|f| f.count()).sum();
    if present.iter().all(|f| f.count().is_some()) {
        Total::Count(sum)
    } else {
        Total::AtLeast(sum)
    }
}

/// `count` per 10,000 inhabitants of `population`, to two decimals.
pub fn rate(count: u64, population: u64) -> Option<f64> {
    (population > 0).then(|| (count as f64 * 10_000.0 / population as f64 * 100.0).round() / 100.0)
}

/// The CSV header of the network's open data.
pub const CSV_HEADER: [&str; 10] = [
    "insee",
    "city",
    "category",
    "period",
    "count",
    "suppressed",
    "at_least",
    "population",
    "rate_per_10000",
    "edition",
];

/// The rows of the open data: each member's figure, then the network's total (`insee` `network`),
/// for every month shown and every category.
fn flat_rows(n: &Network) -> Vec<Value> {
    let mut out = Vec::new();
    for m in &n.months {
        for row in &m.rows {
            let category = row.category.map_or(TOTAL, IncidentCategory::as_str);
            for (f, member) in row.members.iter().zip(&n.members) {
                if *f == Figure::Absent {
                    continue;
                }
                out.push(json!({
                    "insee": member.insee,
                    "city": member.name,
                    "category": category,
                    "period": m.month.to_string(),
                    "count": f.count(),
                    "suppressed": f.count().is_none(),
                    "at_least": Value::Null,
                    "population": member.population,
                    "rate_per_10000": f.count().zip(member.population).and_then(|(c, p)| rate(c, p)),
                    "edition": member.edition,
                }));
            }
            let (count, at_least) = match row.total {
                Total::Count(c) => (Some(c), None),
                Total::AtLeast(a) => (None, Some(a)),
                Total::None => continue,
            };
            out.push(json!({
                "insee": "network",
                "city": Value::Null,
                "category": category,
                "period": m.month.to_string(),
                "count": count,
                "suppressed": count.is_none(),
                "at_least": at_least,
                "population": n.population_of(row),
                "rate_per_10000": n.total_rate(row),
                "edition": Value::Null,
            }));
        }
    }
    out
}

/// The network's figures as JSON: the members, the populations' source, the licence, the rows.
pub fn to_json(n: &Network) -> Value {
    json!({
        "kind": "network",
        "licence": { "name": LICENCE_NAME, "url": LICENCE_URL },
        "population_source": POPULATION_SOURCE,
        "members": n.members.iter().map(|m| json!({
            "insee": m.insee,
            "name": m.name,
            "edition": m.edition,
            "k": m.k,
            "population": m.population,
            "population_fictional": m.fictional,
        })).collect::<Vec<_>>(),
        "withheld": n.withheld.iter().map(Month::to_string).collect::<Vec<_>>(),
        "rows": flat_rows(n),
    })
}

/// The network's rows as CSV (RFC 4180, CRLF, header [`CSV_HEADER`]; empty fields for nulls).
pub fn to_csv(n: &Network) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let _ = writer.write_record(CSV_HEADER);
    for row in flat_rows(n) {
        let fields: Vec<String> = CSV_HEADER
            .iter()
            .map(|h| match &row[*h] {
                Value::Null => String::new(),
                Value::String(s) => s.clone(),
                v => v.to_string(),
            })
            .collect();
        let _ = writer.write_record(&fields);
    }
    let bytes = writer.into_inner().map(|v| v.to_vec()).unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;

    fn doc(id: &str, k: u32, figures: &[(&str, &str, Option<u64>)]) -> Vec<u8> {
        let f: Vec<Value> = figures
            .iter()
            .map(|(p, c, n)| json!({"period": p, "category": c, "count": n, "suppressed": n.is_none()}))
            .collect();
        serde_json::to_vec(&json!({"id": id, "k": k, "epsilon": null, "city_figures": f})).unwrap()
    }

    #[test]
    fn the_insee_table_has_the_big_cities() {
        let p = Populations::insee();
        assert!(p.len() > 5000);
        assert!(p.get("13055").unwrap() > 800_000);
        assert!(p.get("75056").unwrap() > 2_000_000);
        assert_eq!(p.get("99999"), None);
        let demo = p.with_fictional("99901", 50_000);
        assert_eq!(demo.get("99901"), Some(50_000));
        assert!(demo.is_fictional("99901") && !demo.is_fictional("13055"));
    }

    #[test]
    fn totals_are_complete_or_lower_bounds_and_suppression_stays() {
        let a = doc(
            "2026-03.1",
            5,
            &[
                ("2026-03", "total", Some(40)),
                ("2026-03", "deal_point", None),
                ("2026-03", "homicide", None),
            ],
        );
        let b = doc(
            "2026-03.2",
            5,
            &[
                ("2026-03", "total", Some(20)),
                ("2026-03", "deal_point", Some(20)),
                ("2026-03", "homicide", Some(0)),
            ],
        );
        let n = Network::build(
            &[
                MemberInput {
                    name: "Marseille",
                    insee: "13055",
                    document: Some(&a),
                },
                MemberInput {
                    name: "Lyon",
                    insee: "69123",
                    document: Some(&b),
                },
                MemberInput {
                    name: "Nulle part",
                    insee: "99999",
                    document: None,
                },
            ],
            &Populations::insee(),
        );
        assert!(n.withheld.is_empty());
        let m = n.month("2026-03".parse().unwrap()).unwrap();
        assert_eq!(m.rows[0].total, Total::Count(60));
        let homicide = m
            .rows
            .iter()
            .find(|r| r.category == Some(IncidentCategory::Homicide))
            .unwrap();
        assert_eq!(homicide.members[0], Figure::Suppressed);
        assert_eq!(homicide.total, Total::AtLeast(0));
        // A member whose own total gives its hidden cell away (40 = 37 + the hidden one): the
        // audit withholds the month rather than republish it.
        let leaky = doc(
            "2026-03.1",
            5,
            &[
                ("2026-03", "total", Some(40)),
                ("2026-03", "deal_point", Some(37)),
                ("2026-03", "homicide", None),
            ],
        );
        let w = Network::build(
            &[MemberInput {
                name: "Marseille",
                insee: "13055",
                document: Some(&leaky),
            }],
            &Populations::insee(),
        );
        assert_eq!(w.withheld, vec!["2026-03".parse::<Month>().unwrap()]);
        assert!(w.months.is_empty());
        assert_eq!(n.members[2].edition, None);
        assert!(n.total_rate(&m.rows[0]).is_some());
        let csv = to_csv(&n);
        assert!(csv.starts_with("insee,city,category"));
        assert!(csv.contains("13055,Marseille,homicide,2026-03,,true,,"));
        assert!(csv.contains("network,,total,2026-03,60,false,,"));
    }
}
