//! What a period of prevention amounts to, for the printable reports (item 6) and the public
//! figures (item 7): sessions delivered, young people reached by age band, sex and arrondissement,
//! structures and priority neighbourhoods covered.
//!
//! **Young people reached** is an estimate without any name: the sessions of one programme in one
//! structure are taken to meet the same group (a class follows a cycle), so for each (structure,
//! programme) pair, each cell of the counts (age band x sex) is the largest of its sessions, and the
//! pairs are added up. It is a lower bound (two classes of one school following the same programme
//! count as the larger one). **Participations** add every session's counts, as the dashboard does.

use std::collections::BTreeMap;

use super::*;

/// A structure as the figures see it: where it is, what it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StructurePlace {
    /// Id.
    pub id: StructureId,
    /// What it is.
    pub kind: StructureKind,
    /// Arrondissement code.
    pub district: String,
    /// In a priority neighbourhood (QPV).
    pub qpv: bool,
}

/// The young age bands (the public figures and the charts leave the adults out).
pub const YOUNG_BANDS: [Band; 3] = [Band::Age9To11, Band::Age12To14, Band::Age15To18];

/// One arrondissement's figures.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DistrictReach {
    /// Sessions delivered there.
    pub sessions: u32,
    /// Young people reached there (estimate), by band and sex.
    pub reached: Counts,
    /// Structures there where at least one session was delivered.
    pub structures: u32,
}

/// One programme's figures.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProgrammeReach {
    /// Sessions delivered.
    pub sessions: u32,
    /// Young people reached (estimate).
    pub young: u32,
    /// Adults reached (estimate).
    pub adults: u32,
}

/// A period's figures.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reach {
    /// Sessions delivered.
    pub delivered: u32,
    /// Sessions recorded as not delivered (cancelled, or planned and not held).
    pub not_delivered: u32,
    /// Every session's counts added up.
    pub participations: Counts,
    /// People reached (estimate), by band and sex.
    pub reached: Counts,
    /// By arrondissement code.
    pub districts: BTreeMap<String, DistrictReach>,
    /// By programme.
    pub programmes: BTreeMap<ProgrammeId, ProgrammeReach>,
    /// Structures covered, by kind.
    pub kinds: BTreeMap<StructureKind, u32>,
    /// Structures covered.
    pub structures: u32,
    /// Of those, in priority neighbourhoods.
    pub qpv_structures: u32,
    /// Young people reached (estimate) in structures of priority neighbourhoods.
    pub young_in_qpv: u32,
}

/// The cell-wise largest of two counts.
fn cell_max(a: &mut Counts, b: &Counts) {
    for (row, other) in a.0.iter_mut().zip(b.0.iter()) {
        for (cell, n) in row.iter_mut().zip(other.iter()) {
            *cell = (*cell).max(*n);
        }
    }
}

/// The figures of `workshops` (the caller keeps those of the period and scope) in `structures`;
/// a session in a structure not listed is left out.
pub fn reach(workshops: &[Workshop], structures: &[StructurePlace]) -> Reach {
    let mut out = Reach::default();
    let mut groups: BTreeMap<(StructureId, ProgrammeId), Counts> = BTreeMap::new();
    for w in workshops {
        let Some(place) = structures.iter().find(|s| s.id == w.structure) else {
            continue;
        };
        if !w.delivered {
            out.not_delivered += 1;
            continue;
        }
        out.delivered += 1;
        out.participations.add(&w.counts);
        cell_max(
            groups.entry((w.structure, w.programme)).or_default(),
            &w.counts,
        );
        out.districts
            .entry(place.district.clone())
            .or_default()
            .sessions += 1;
        out.programmes.entry(w.programme).or_default().sessions += 1;
    }
    let mut covered: Vec<StructureId> = Vec::new();
    for ((structure, programme), counts) in &groups {
        let Some(place) = structures.iter().find(|s| s.id == *structure) else {
            continue;
        };
        out.reached.add(counts);
        let district = out.districts.entry(place.district.clone()).or_default();
        district.reached.add(counts);
        let p = out.programmes.entry(*programme).or_default();
        p.young = p.young.saturating_add(counts.young());
        p.adults = p.adults.saturating_add(counts.band(Band::Adults));
        if place.qpv {
            out.young_in_qpv = out.young_in_qpv.saturating_add(counts.young());
        }
        if !covered.contains(structure) {
            covered.push(*structure);
            out.structures += 1;
            out.qpv_structures += u32::from(place.qpv);
            district.structures += 1;
            *out.kinds.entry(place.kind).or_default() += 1;
        }
    }
    out
}
