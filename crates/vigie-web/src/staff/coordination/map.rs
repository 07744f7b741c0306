//! The partners map (`/espace/coordination/carte`, issue 12, item 10): the prevention structures
//! by quartier and the partner organisations by arrondissement served, counted by kind, each on
//! the observatory's map of Marseille (its choropleth, not a second renderer) with the table that
//! gives the same counts (the map's text alternative: Tor Browser "Safest" shows no SVG). A GET
//! form filters by kind, without JavaScript.
//!
//! What the app returns holds counts only, so no name, address or contact can reach the page;
//! housing and shelters were left out by the domain before anything was counted, and the filter
//! does not offer them.

use askama::Template;
use vigie_domain::area::AreaList;
use vigie_domain::partners_map::{MapFilter, Place, Tally, mapped_partner_kinds};
use vigie_domain::prevention::StructureKind;
use vigie_observatory::{MapData, MapLevel, MapText, MapValue, choropleth};

use super::{CoordinationGate, area};
use crate::Lang;
use crate::observatory::figures::{Cell, Figure, TableRow};
use crate::observatory::text::area_name;
use crate::staff::kit::{Landed, PageResult, View};
use crate::staff::outcomes::CoordinationDone;
use crate::staff::words::{Worded, word};
use crate::staff::{Opt, StaffPage, staff_template};

#[derive(Template)]
#[template(path = "staff/coordination/map.html")]
struct MapPage {
    page: StaffPage,
    structure_kinds: Vec<Opt>,
    partner_kinds: Vec<Opt>,
    figures: Vec<Figure>,
}

staff_template!(MapPage);

/// `GET /espace/coordination/carte[?structure=college&partenaire=lawyer]`: a kind that is not one
/// (or housing, never offered) counts as no filter or as nothing, never as housing shown.
pub async fn page(view: View<CoordinationGate>) -> PageResult {
    let filter = MapFilter {
        structure: view.param("structure"),
        partner: view.param("partenaire"),
    };
    let at = view.showing::<CoordinationDone>();
    let map = at
        .ask(async |app, who| app.partners_map(who, filter).await)
        .await?;
    let lang = at.lang();
    let areas = &at.state.app.settings().areas;
    // The contours are parsed once per process; were they broken, the tables still carry every
    // count.
    let geo = MapData::shared_marseille()
        .map_err(|e| tracing::error!(error = %e, "bundled map unreadable"))
        .ok();
    let structures = Drawn {
        id: "coord-map-structures",
        level: MapLevel::Quartier,
        summary: lang.t_args(
            "staff-coord-map-structures-summary",
            &[
                ("count", map.structures.total().to_string()),
                ("quartiers", placed(&map.structures).count().to_string()),
                ("unplaced", unplaced(&map.structures).to_string()),
            ],
        ),
        values: placed(&map.structures)
            .map(|(q, n)| (q.to_owned(), MapValue::Count(n)))
            .collect(),
    };
    let partners = Drawn {
        id: "coord-map-partners",
        level: MapLevel::Arrondissement,
        summary: lang.t_args(
            "staff-coord-map-partners-summary",
            &[
                ("count", map.partner_entries.to_string()),
                ("districts", map.partners.areas().count().to_string()),
            ],
        ),
        values: map
            .partners
            .areas()
            .map(|(d, _)| (d.clone(), MapValue::Count(map.partners.area_total(d))))
            .collect(),
    };
    let page = MapPage {
        page: at.staff_page("staff-coord-map-title", &area("/carte")),
        structure_kinds: Opt::worded(lang, StructureKind::ALL, filter.structure),
        partner_kinds: Opt::worded(lang, &mapped_partner_kinds(), filter.partner),
        figures: vec![
            structures.figure(lang, geo, &map.structures, StructureKind::ALL, |p| {
                place_name(lang, areas, p)
            }),
            partners.figure(
                lang,
                geo,
                &map.partners,
                &mapped_partner_kinds(),
                |d: &String| area_name(areas, d),
            ),
        ],
    };
    Ok(at.render(&page))
}

/// The quartiers of `t` with their count, every kind together (structures without a quartier are
/// not drawn).
fn placed<K: Ord + Copy>(t: &Tally<Place, K>) -> impl Iterator<Item = (&str, u64)> {
    t.areas()
        .filter_map(|(p, _)| Some((p.quartier.as_deref()?, t.area_total(p))))
}

/// How many of `t`'s items have no quartier (in the table, not on the map).
fn unplaced<K: Ord + Copy>(t: &Tally<Place, K>) -> u64 {
    t.areas()
        .filter(|(p, _)| p.quartier.is_none())
        .map(|(p, _)| t.area_total(p))
        .sum()
}

/// A structure's place in words: "quartier, arrondissement", or the arrondissement and that the
/// quartier is not given.
fn place_name(lang: Lang, areas: &AreaList, p: &Place) -> String {
    let district = area_name(areas, &p.district);
    match &p.quartier {
        Some(q) => format!("{}, {district}", area_name(areas, q)),
        None => lang.t_args("staff-coord-map-no-quartier", &[("district", district)]),
    }
}

/// One of the page's two maps: its ids' prefix (and its messages' infix), the level it is drawn
/// at, its sentence and the values it draws.
struct Drawn {
    id: &'static str,
    level: MapLevel,
    summary: String,
    values: Vec<(String, MapValue)>,
}

impl Drawn {
    /// The figure: the choropleth of the values (areas without any item dotted, "none"), then the
    /// table of `tally` by kind (the kinds of `order` that it holds, and their total when there
    /// are several), one row an area named by `name`.
    fn figure<A: Ord, K: Ord + Copy + Worded>(
        self,
        lang: Lang,
        geo: Option<&MapData>,
        tally: &Tally<A, K>,
        order: &[K],
        name: impl Fn(&A) -> String,
    ) -> Figure {
        let key = |suffix: &str| lang.t(&format!("staff-{}-{suffix}", self.id));
        let title = key("title");
        let svg = geo.map_or_else(String::new, |geo| {
            let text = MapText {
                title: title.clone(),
                desc: self.summary.clone(),
                title_id: format!("{}-svg-title", self.id),
                desc_id: format!("{}-svg-desc", self.id),
                legend_title: key("legend"),
                // Nothing is suppressed on a staff page of counts.
                suppressed_label: String::new(),
                no_data_label: key("none"),
                attribution: lang.t("obs-map-attribution"),
            };
            choropleth(geo, self.level, &self.values, &text)
        });
        let kinds: Vec<K> = order
            .iter()
            .copied()
            .filter(|k| tally.areas().any(|(_, c)| c.contains_key(k)))
            .collect();
        let total = kinds.len() > 1;
        let mut columns = vec![key("area")];
        columns.extend(kinds.iter().map(|k| word(lang, *k)));
        if total {
            columns.push(lang.t("staff-coord-map-total"));
        }
        let count = |n: u64| Cell {
            text: n.to_string(),
            suppressed: false,
        };
        let rows = tally
            .areas()
            .map(|(a, _)| {
                let mut cells: Vec<Cell> =
                    kinds.iter().map(|k| count(tally.count(a, *k))).collect();
                if total {
                    cells.push(count(tally.area_total(a)));
                }
                TableRow {
                    head: name(a),
                    cells,
                }
            })
            .collect();
        Figure {
            id: self.id.to_owned(),
            title,
            svg,
            summary: self.summary,
            notice: None,
            caption: key("caption"),
            columns,
            rows,
            note: Some(lang.t("obs-map-attribution")),
        }
    }
}
