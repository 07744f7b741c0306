//! The network's figures (issue 14, item 3) on each backend: `/reseau` and its open data on an
//! instance that is not a hub (the city alone, saying so), and the network's tables of a real hub
//! that pulled two real member cities over loopback, read over HTTP and attacked with machinery
//! of the test's own (substitution and interval propagation over every equation an attacker knows:
//! the network's sums and each city's total over its categories): no suppressed cell is published,
//! none is narrowed below its city's k. The same attacker, given a network that published one total
//! a city's suppression does not allow, finds the leak: that is what shows it works.

use std::collections::BTreeMap;
use std::time::Duration;

use serde_json::Value;
use vigie_app::hub::{Federation, Member};
use vigie_app::{City, Settings};

use super::network::another;
use super::{json, seed};
use crate::public::{get, servers, servers_where, test_settings};

const INF: i64 = i64::MAX / 8;

/// The attacker's view of one month: each term's bounds, and the equations `total = sum of parts`.
struct Month {
    terms: Vec<(String, i64, i64, u32)>,
    eqs: Vec<(usize, Vec<usize>)>,
}

/// Builds each month's terms from the open data's rows (a member's cell: `insee/category`; the
/// network's: `network/category`), with the members' k.
fn months_of(doc: &Value) -> BTreeMap<String, Month> {
    let k: BTreeMap<String, u32> = doc["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["insee"].as_str().unwrap().to_owned(),
                m["k"].as_u64().unwrap() as u32,
            )
        })
        .collect();
    let mut out: BTreeMap<String, Month> = BTreeMap::new();
    let mut index: BTreeMap<(String, String), usize> = BTreeMap::new();
    for r in doc["rows"].as_array().unwrap() {
        let period = r["period"].as_str().unwrap().to_owned();
        let insee = r["insee"].as_str().unwrap().to_owned();
        let category = r["category"].as_str().unwrap().to_owned();
        let m = out.entry(period.clone()).or_insert(Month {
            terms: Vec::new(),
            eqs: Vec::new(),
        });
        let (lo, hi) = match r["count"].as_i64() {
            Some(c) => (c, c),
            None => (r["at_least"].as_i64().unwrap_or(0), INF),
        };
        let kk = if insee == "network" { 0 } else { k[&insee] };
        m.terms.push((format!("{insee}/{category}"), lo, hi, kk));
        index.insert((period, format!("{insee}/{category}")), m.terms.len() - 1);
    }
    for (period, m) in out.iter_mut() {
        let at = |name: &str| index.get(&(period.clone(), name.to_owned())).copied();
        let members: Vec<String> = k.keys().cloned().collect();
        let categories: Vec<String> = m
            .terms
            .iter()
            .filter_map(|(n, ..)| n.strip_prefix("network/").map(str::to_owned))
            .collect();
        for c in &categories {
            let parts = members
                .iter()
                .filter_map(|i| at(&format!("{i}/{c}")))
                .collect();
            m.eqs.push((at(&format!("network/{c}")).unwrap(), parts));
        }
        for i in &members {
            if let Some(total) = at(&format!("{i}/total")) {
                let parts = categories
                    .iter()
                    .filter(|c| *c != "total")
                    .filter_map(|c| at(&format!("{i}/{c}")))
                    .collect();
                m.eqs.push((total, parts));
            }
        }
    }
    out
}

/// Interval propagation to a fixpoint; returns the narrowed suppressed member cells.
fn attack(m: &Month) -> Vec<String> {
    let mut b: Vec<(i64, i64)> = m.terms.iter().map(|t| (t.1, t.2)).collect();
    for _ in 0..1000 {
        let mut moved = false;
        for (total, parts) in &m.eqs {
            // Saturating: a table whose equations contradict each other (a broken suppression)
            // drives bounds past each other, and is reported, not a panic.
            let lo: i64 = parts
                .iter()
                .map(|p| b[*p].0)
                .fold(0i64, |a, x| a.saturating_add(x))
                .min(INF);
            let hi: i64 = parts
                .iter()
                .map(|p| b[*p].1)
                .fold(0i64, |a, x| a.saturating_add(x))
                .min(INF);
            let t = (b[*total].0.max(lo), b[*total].1.min(hi));
            if t != b[*total] {
                b[*total] = t;
                moved = true;
            }
            for p in parts {
                let others_lo = lo.saturating_sub(b[*p].0);
                let others_hi: i64 = parts
                    .iter()
                    .filter(|q| *q != p)
                    .map(|q| b[*q].1)
                    .fold(0i64, |a, x| a.saturating_add(x));
                let mut n = b[*p];
                if b[*total].1 < INF {
                    n.1 = n.1.min(b[*total].1.saturating_sub(others_lo));
                }
                if others_hi < INF {
                    n.0 = n.0.max(b[*total].0.saturating_sub(others_hi));
                }
                if n != b[*p] {
                    b[*p] = n;
                    moved = true;
                }
            }
        }
        if !moved {
            break;
        }
    }
    m.terms
        .iter()
        .zip(&b)
        .filter(|((name, lo, hi, k), (l, h))| {
            !name.starts_with("network/") && *lo != *hi && h.saturating_sub(*l) < i64::from(*k)
        })
        .map(|((name, ..), _)| name.clone())
        .collect()
}

fn attack_all(doc: &Value) -> Vec<String> {
    months_of(doc)
        .iter()
        .flat_map(|(p, m)| attack(m).into_iter().map(move |n| format!("{p} {n}")))
        .collect()
}

#[tokio::test]
async fn reseau_shows_the_city_alone_when_not_a_hub() {
    for s in servers().await {
        let b = &s.base;
        let r = get(b, "/reseau", None).await;
        assert_eq!(r.status.as_u16(), 200, "{}", r.body);
        assert!(r.body.contains("id=\"net-not-hub\""), "{}", r.body);
        seed(&s.app).await;
        for path in ["/reseau", "/en/reseau", "/reseau?category=homicide"] {
            let r = get(b, path, None).await;
            assert_eq!(r.status.as_u16(), 200, "{path}");
            assert!(
                r.body.contains("Marseille") && r.body.contains("13055"),
                "{path}"
            );
            assert!(
                r.body.contains("obs-suppressed"),
                "{path}: the homicides stay hidden"
            );
            assert!(!r.body.contains("<script"), "{path}");
        }
        assert!(
            get(b, "/en/reseau", None)
                .await
                .body
                .contains("not the hub")
        );
        let data = json(&get(b, "/api/v1/reseau/figures.json", None).await);
        assert_eq!(data["members"][0]["insee"], "13055");
        // INSEE's population, not the configured one.
        assert_eq!(data["members"][0]["population"], 886_040);
        let rows = data["rows"].as_array().unwrap();
        assert!(
            rows.iter()
                .any(|r| r["category"] == "homicide" && r["count"].is_null())
        );
        assert!(attack_all(&data).is_empty());
        let csv = get(b, "/api/v1/reseau/figures.csv", None).await;
        assert!(
            csv.body
                .starts_with("insee,city,category,period,count,suppressed,at_least")
        );
        assert_eq!(csv.body.lines().count(), rows.len() + 1);
    }
}

#[tokio::test]
async fn the_network_of_two_real_cities_reveals_no_suppressed_cell() {
    let marseille = servers().await;
    let lyon = servers_where(|s| {
        s.city = City {
            name: "Lyon".into(),
            insee: "69123".into(),
            ..City::default()
        }
    })
    .await;
    for (a, b) in marseille.iter().zip(&lyon) {
        seed(&a.app).await;
        seed(&b.app).await;
        // Three instances on loopback: the two cities and a hub whose `[federation]` names them.
        let members =
            [(a, "Marseille", "13055"), (b, "Lyon", "69123")].map(|(s, name, insee)| Member {
                name: name.into(),
                insee: insee.into(),
                url: s.base.clone(),
                fingerprint: s.app.publication_keys().unwrap().current_kid(),
            });
        let federation = Federation {
            members: members.to_vec(),
            every: Duration::from_secs(3600),
            stale_after: Duration::from_secs(3 * 3600),
            // The production default: a debug build under the whole suite's load is slow.
            timeout: Duration::from_secs(30),
        };
        let settings = Settings {
            federation: Some(federation),
            ..test_settings()
        };
        let hub = another(a, settings).await;
        let reports = hub.app.pull_network().await.unwrap();
        assert!(
            reports
                .iter()
                .all(|r| r.stopped.is_none() && !r.stored.is_empty()),
            "{reports:?}"
        );
        // The attacker reads the hub's open data over HTTP, as anyone may.
        let doc = json(&get(&hub.base, "/api/v1/reseau/figures.json", None).await);
        let codes: Vec<&str> = doc["members"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["insee"].as_str().unwrap())
            .collect();
        assert_eq!(codes, ["13055", "69123"]);
        // Each suppressed cell attacked from every total and row the hub published.
        let leaks = attack_all(&doc);
        assert!(leaks.is_empty(), "{leaks:?}");
        assert!(doc["withheld"].as_array().unwrap().is_empty(), "{doc}");
        assert!(months_of(&doc).len() >= 3);
        let rows = doc["rows"].as_array().unwrap();
        // Both cities hid their homicides (two a month): hidden here, and the network's total is
        // a lower bound only.
        for r in rows.iter().filter(|r| r["category"] == "homicide") {
            assert!(r["count"].is_null(), "{r}");
        }
        assert!(
            rows.iter()
                .any(|r| r["insee"] == "network" && r["at_least"].is_u64())
        );
        assert_eq!(doc["members"][1]["population"], 519_127);

        // A network that published the true total of the homicides (4: what no published figure
        // allows) is caught.
        let mut naive = doc.clone();
        for r in naive["rows"].as_array_mut().unwrap() {
            if r["insee"] == "network" && r["category"] == "homicide" {
                r["count"] = 4.into();
                r["at_least"] = Value::Null;
            }
        }
        assert!(!attack_all(&naive).is_empty());
    }
}
