//! The attacker's own machinery (nothing of the library's audit): the model of a month from the area
//! list, substitution, interval propagation and an exact integer search.

use std::collections::BTreeMap;

use vigie_domain::area::AreaList;
use vigie_domain::observatory::MonthRelease;

use super::{Term, equations, published};

pub const INF: i64 = i64::MAX / 8;

/// The attacker's model of a month: terms and equations, from the area list alone.
pub struct Model {
    pub terms: Vec<Term>,
    pub eqs: Vec<(usize, Vec<usize>)>,
}

impl Model {
    pub fn new(areas: &AreaList) -> Model {
        let mut index: BTreeMap<Term, usize> = BTreeMap::new();
        let mut terms = Vec::new();
        let mut id = |t: &Term| {
            *index.entry(t.clone()).or_insert_with(|| {
                terms.push(t.clone());
                terms.len() - 1
            })
        };
        let eqs = equations(areas)
            .iter()
            .map(|(total, parts)| (id(total), parts.iter().map(&mut id).collect()))
            .collect();
        Model { terms, eqs }
    }

    /// Published values, per term (`None`: unknown).
    pub fn observe(&self, release: &MonthRelease) -> Vec<Option<i64>> {
        self.terms
            .iter()
            .map(|t| match t {
                Term::Cell(key) => published(release, key).map(|v| v as i64),
                Term::Residual(_) => None,
            })
            .collect()
    }

    pub fn bounds(&self, seen: &[Option<i64>], cap: i64) -> Vec<(i64, i64)> {
        seen.iter()
            .map(|v| v.map_or((0, cap), |v| (v, v)))
            .collect()
    }

    /// Attack 1: equations with a single unknown, substituted until nothing moves.
    pub fn substitute(&self, seen: &[Option<i64>]) -> Vec<Option<i64>> {
        let mut known = seen.to_vec();
        loop {
            let mut moved = false;
            for (total, parts) in &self.eqs {
                let all: Vec<usize> = std::iter::once(*total)
                    .chain(parts.iter().copied())
                    .collect();
                let unknown: Vec<usize> = all
                    .iter()
                    .copied()
                    .filter(|t| known[*t].is_none())
                    .collect();
                if let [only] = unknown.as_slice() {
                    let parts_sum: i64 = parts.iter().filter_map(|p| known[*p]).sum();
                    let value = if *only == *total {
                        parts_sum
                    } else {
                        known[*total].unwrap() - parts_sum
                    };
                    known[*only] = Some(value);
                    moved = true;
                }
            }
            if !moved {
                return known;
            }
        }
    }

    /// Attack 2: interval propagation to a fixpoint. `false`: no solution.
    pub fn propagate(&self, b: &mut [(i64, i64)]) -> bool {
        for _ in 0..10_000 {
            let mut moved = false;
            for (total, parts) in &self.eqs {
                let (mut lo_sum, mut hi_sum, mut infinite) = (0i64, 0i64, 0usize);
                for p in parts {
                    lo_sum = lo_sum.saturating_add(b[*p].0).min(INF);
                    if b[*p].1 >= INF {
                        infinite += 1;
                    } else {
                        hi_sum += b[*p].1;
                    }
                }
                let parts_hi = if infinite > 0 { INF } else { hi_sum };
                let t = &mut b[*total];
                let new = (t.0.max(lo_sum), t.1.min(parts_hi));
                if new != *t {
                    *t = new;
                    moved = true;
                }
                let (t_lo, t_hi) = b[*total];
                for p in parts {
                    let (p_lo, p_hi) = b[*p];
                    let others_lo = lo_sum - p_lo;
                    let others_hi = match (infinite, p_hi >= INF) {
                        (0, _) => Some(hi_sum - p_hi),
                        (1, true) => Some(hi_sum),
                        _ => None,
                    };
                    let mut new = (p_lo, p_hi);
                    if let Some(oh) = others_hi {
                        new.0 = new.0.max(t_lo - oh);
                    }
                    if t_hi < INF {
                        new.1 = new.1.min(t_hi - others_lo);
                    }
                    if new != (p_lo, p_hi) {
                        b[*p] = new;
                        moved = true;
                    }
                }
                if b.iter().any(|(lo, hi)| lo > hi) {
                    return false;
                }
            }
            if !moved {
                return true;
            }
        }
        true
    }

    /// Whether an integer point exists within `b` (`None`: the search budget ran out).
    pub fn feasible(&self, mut b: Vec<(i64, i64)>, budget: &mut u32) -> Option<bool> {
        if *budget == 0 {
            return None;
        }
        *budget -= 1;
        if !self.propagate(&mut b) {
            return Some(false);
        }
        let open = (0..b.len())
            .filter(|i| b[*i].0 < b[*i].1)
            .min_by_key(|i| b[*i].1 - b[*i].0);
        let Some(i) = open else {
            return Some(
                self.eqs
                    .iter()
                    .all(|(t, parts)| b[*t].0 == parts.iter().map(|p| b[*p].0).sum::<i64>()),
            );
        };
        let mid = b[i].0 + (b[i].1 - b[i].0) / 2;
        let mut low = b.clone();
        low[i].1 = mid;
        match self.feasible(low, budget)? {
            true => Some(true),
            false => {
                b[i].0 = mid + 1;
                self.feasible(b, budget)
            }
        }
    }

    /// Attack 3: the exact integer range of term `t`, searched between its propagated bounds (`hint`
    /// is any value known to be feasible). `None`: inconclusive within the budget.
    pub fn integer_range(&self, b: &[(i64, i64)], t: usize, hint: i64) -> Option<(i64, i64)> {
        let mut budget = 20_000u32;
        let query = |lo: i64, hi: i64, budget: &mut u32| {
            let mut c = b.to_vec();
            c[t] = (c[t].0.max(lo), c[t].1.min(hi));
            self.feasible(c, budget)
        };
        // Smallest m with a point at or below m, in [b.0, hint].
        let (mut lo, mut hi) = (b[t].0, hint);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if query(0, mid, &mut budget)? {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        let min = lo;
        // Largest m with a point at or above m, in [hint, b.1].
        let (mut lo, mut hi) = (hint, b[t].1);
        while lo < hi {
            let mid = lo + (hi - lo + 1) / 2;
            if query(mid, INF, &mut budget)? {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        Some((min, lo))
    }
}
