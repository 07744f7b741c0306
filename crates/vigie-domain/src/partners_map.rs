//! The partners map of the coordination area (issue 12, item 10): how many prevention structures
//! of each kind stand in each quartier, and how many partner organisations of each kind serve each
//! arrondissement. Counts only: no name, address or contact is ever part of it, so a map or a
//! table drawn from a [`PartnersMap`] cannot show one.
//!
//! **Shelters and housing never appear.** Where a family is sheltered is what a network hunting it
//! would look for, so a partner of kind [`PartnerKind::Housing`] is left out here, before anything
//! is counted, whatever filter is asked ([`may_map`]): no figure, total or table made from a map
//! can reveal one, not even by difference. Deactivated structures and partners are left out too:
//! the map shows the network as it is worked with now.

use std::collections::{BTreeMap, BTreeSet};

use crate::partner::{PartnerClear, PartnerKind};
use crate::prevention::{StructureClear, StructureKind};

/// Whether partners of `kind` may be shown on a map or in any figure. An exhaustive match, so
/// that a new kind must be decided here.
pub fn may_map(kind: PartnerKind) -> bool {
    use PartnerKind::*;
    match kind {
        // Shelters and housing: never on a map, in a table or a total.
        Housing => false,
        Psychologist | Lawyer | Doctor | SocialWorker | Association => true,
    }
}

/// The partner kinds a map shows, in display order (every kind but housing).
pub fn mapped_partner_kinds() -> Vec<PartnerKind> {
    PartnerKind::ALL
        .iter()
        .copied()
        .filter(|k| may_map(*k))
        .collect()
}

/// Where a structure stands: its arrondissement, and its quartier when the structure gives one
/// (a structure without a quartier is counted in its arrondissement only, and cannot be drawn on
/// the quartier map).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Place {
    /// Arrondissement code.
    pub district: String,
    /// Quartier code, if the structure gives one.
    pub quartier: Option<String>,
}

/// Counts of items of kind `K` by area `A`: each area with at least one item, and its counts by
/// kind (kinds with none are absent).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tally<A: Ord, K: Ord> {
    cells: BTreeMap<A, BTreeMap<K, u64>>,
}

impl<A: Ord, K: Ord + Copy> Tally<A, K> {
    fn new() -> Self {
        Tally {
            cells: BTreeMap::new(),
        }
    }

    fn add(&mut self, area: A, kind: K) {
        *self.cells.entry(area).or_default().entry(kind).or_insert(0) += 1;
    }

    /// Each area with at least one item, in order, with its counts by kind.
    pub fn areas(&self) -> impl Iterator<Item = (&A, &BTreeMap<K, u64>)> {
        self.cells.iter()
    }

    /// How many items of `kind` stand in `area`.
    pub fn count(&self, area: &A, kind: K) -> u64 {
        self.cells
            .get(area)
            .and_then(|c| c.get(&kind))
            .copied()
            .unwrap_or(0)
    }

    /// How many items stand in `area`, every kind together.
    pub fn area_total(&self, area: &A) -> u64 {
        self.cells.get(area).map_or(0, |c| c.values().sum())
    }

    /// The sum of every cell (a partner serving three arrondissements counts three times).
    pub fn total(&self) -> u64 {
        self.cells.values().flat_map(|c| c.values()).sum()
    }

    /// Whether nothing was counted.
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }
}

/// Which kinds the map counts: every kind of each, or one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MapFilter {
    /// Only structures of this kind.
    pub structure: Option<StructureKind>,
    /// Only partners of this kind (housing gives an empty count: it is never mapped).
    pub partner: Option<PartnerKind>,
}

/// The partners map's counts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartnersMap {
    /// Active structures by place (arrondissement and quartier) and kind.
    pub structures: Tally<Place, StructureKind>,
    /// Active partners (never housing) by arrondissement served and kind: a partner serving
    /// several arrondissements counts once in each.
    pub partners: Tally<String, PartnerKind>,
    /// How many distinct partners were counted (each once, whatever the areas it serves).
    pub partner_entries: u64,
}

impl PartnersMap {
    /// Counts `structures` and `partners` (their clear halves) as `filter` asks.
    pub fn count<'a>(
        structures: impl IntoIterator<Item = &'a StructureClear>,
        partners: impl IntoIterator<Item = &'a PartnerClear>,
        filter: MapFilter,
    ) -> Self {
        let mut s = Tally::new();
        for st in structures {
            if !st.active || filter.structure.is_some_and(|k| k != st.kind) {
                continue;
            }
            let place = Place {
                district: st.district.clone(),
                quartier: st.neighbourhood.clone().filter(|q| !q.is_empty()),
            };
            s.add(place, st.kind);
        }
        let mut p = Tally::new();
        let mut entries = 0;
        for pa in partners {
            // Housing first, whatever the filter says.
            if !may_map(pa.kind) || !pa.active || filter.partner.is_some_and(|k| k != pa.kind) {
                continue;
            }
            let areas: BTreeSet<&String> = pa.areas.iter().collect();
            for area in areas {
                p.add(area.clone(), pa.kind);
            }
            entries += 1;
        }
        PartnersMap {
            structures: s,
            partners: p,
            partner_entries: entries,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::partner::{Agreement, Language};

    fn structure(kind: StructureKind, district: &str, quartier: Option<&str>) -> StructureClear {
        StructureClear {
            kind,
            name: "Collège Fictif".into(),
            district: district.into(),
            neighbourhood: quartier.map(str::to_owned),
            qpv: false,
            active: true,
        }
    }

    fn partner(kind: PartnerKind, areas: &[&str]) -> PartnerClear {
        PartnerClear {
            kind,
            areas: areas.iter().map(|a| (*a).to_owned()).collect(),
            languages: vec![Language::French],
            capacity: Some(3),
            agreement: Agreement::Convention,
            police_funded: false,
            active: true,
            account: None,
        }
    }

    fn some_structures() -> Vec<StructureClear> {
        use StructureKind::*;
        let mut closed = structure(Lycee, "13203", Some("1320301"));
        closed.active = false;
        vec![
            structure(College, "13203", Some("1320301")),
            structure(College, "13203", Some("1320301")),
            structure(Ecole, "13203", Some("1320301")),
            structure(SportsClub, "13214", None),
            closed,
        ]
    }

    fn some_partners() -> Vec<PartnerClear> {
        use PartnerKind::*;
        vec![
            partner(Psychologist, &["13203", "13214"]),
            partner(Lawyer, &["13203"]),
            partner(Association, &["13214", "13214"]),
        ]
    }

    #[test]
    fn structures_count_by_quartier_and_kind_and_partners_by_district_served() {
        let map = PartnersMap::count(&some_structures(), &some_partners(), MapFilter::default());
        let q = Place {
            district: "13203".into(),
            quartier: Some("1320301".into()),
        };
        assert_eq!(map.structures.count(&q, StructureKind::College), 2);
        assert_eq!(map.structures.count(&q, StructureKind::Ecole), 1);
        // Inactive: not counted.
        assert_eq!(map.structures.count(&q, StructureKind::Lycee), 0);
        assert_eq!(map.structures.area_total(&q), 3);
        let no_quartier = Place {
            district: "13214".into(),
            quartier: None,
        };
        assert_eq!(map.structures.area_total(&no_quartier), 1);
        assert_eq!(map.structures.total(), 4);
        // The psychologist serves two arrondissements: once in each; an area listed twice, once.
        assert_eq!(map.partners.area_total(&"13203".to_owned()), 2);
        assert_eq!(map.partners.area_total(&"13214".to_owned()), 2);
        assert_eq!(map.partners.total(), 4);
        assert_eq!(map.partner_entries, 3);
    }

    #[test]
    fn a_filter_counts_one_kind() {
        let filter = MapFilter {
            structure: Some(StructureKind::College),
            partner: Some(PartnerKind::Lawyer),
        };
        let map = PartnersMap::count(&some_structures(), &some_partners(), filter);
        assert_eq!(map.structures.total(), 2);
        assert_eq!(map.partners.total(), 1);
        assert_eq!(map.partner_entries, 1);
    }

    #[test]
    fn housing_changes_nothing_whatever_the_filter() {
        let mut with_housing = some_partners();
        with_housing.push(partner(PartnerKind::Housing, &["13203", "13208"]));
        let mut inactive = partner(PartnerKind::Housing, &["13209"]);
        inactive.active = false;
        with_housing.push(inactive);
        for filter in [
            MapFilter::default(),
            MapFilter {
                structure: None,
                partner: Some(PartnerKind::Housing),
            },
            MapFilter {
                structure: Some(StructureKind::College),
                partner: Some(PartnerKind::Psychologist),
            },
        ] {
            let without = PartnersMap::count(&some_structures(), &some_partners(), filter);
            let with = PartnersMap::count(&some_structures(), &with_housing, filter);
            assert_eq!(with, without, "{filter:?}");
            assert!(
                with.partners
                    .areas()
                    .all(|(_, kinds)| !kinds.contains_key(&PartnerKind::Housing))
            );
        }
        let only_housing = MapFilter {
            structure: None,
            partner: Some(PartnerKind::Housing),
        };
        let map = PartnersMap::count(std::iter::empty(), &with_housing, only_housing);
        assert!(map.partners.is_empty() && map.partner_entries == 0);
    }

    #[test]
    fn every_kind_but_housing_is_mapped() {
        let mapped = mapped_partner_kinds();
        assert_eq!(mapped.len(), PartnerKind::ALL.len() - 1);
        assert!(!mapped.contains(&PartnerKind::Housing));
        assert!(!may_map(PartnerKind::Housing));
    }
}
