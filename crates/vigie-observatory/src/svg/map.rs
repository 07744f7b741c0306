//! The choropleth: one month's counts by arrondissement or by quartier.
//!
//! Classes: up to five, computed from the published counts of the map (suppressed and missing areas
//! take no part): the upper bound of class `i` (1..=5) is the value at rank `ceil(i * n / 5)` of the
//! `n` published counts sorted ascending (a quantile classification, so each class holds about a fifth
//! of the areas); equal bounds merge, so a map with fewer than five distinct counts has fewer classes.
//! Counts are integers, so each class is an exact integer range, shown as `lo–hi` in the legend. See
//! [`class_ranges`].
//!
//! Colours: a sequential blue palette (ColorBrewer "Blues", the fourth step darkened). Counts are
//! drawn on arrondissements only, in near-black or white, whichever contrasts more with the fill;
//! every class gives at least 4.5:1 (tested). Suppressed areas are hatched, areas without data dotted:
//! neither relies on colour. Each area carries a `<title>` "name: value" (a tooltip); the legend names
//! the classes, the hatching ([`MapText::suppressed_label`]) and the dots ([`MapText::no_data_label`]).

use std::collections::HashMap;
use std::fmt::Write as _;

use super::{INK, INK_SOFT, clean_id, close, contrast_ratio, escape, hatch_pattern, num, open};
use crate::geo::{Area, MapData, MapLevel};

/// The sequential palette, lightest first.
pub(crate) const PALETTE: [&str; 5] = ["#eff3ff", "#bdd7e7", "#6baed6", "#2171b5", "#08519c"];
/// Borders between areas.
const BORDER: &str = "#5a5a5a";

/// What an area shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MapValue {
    /// A published count.
    Count(u64),
    /// Below the threshold: published as "< k".
    Suppressed,
    /// Nothing published for this area.
    NoData,
}

/// The words of a map, in the reader's language.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MapText {
    /// Short title (`<title>`).
    pub title: String,
    /// What the map shows, in a sentence or two (`<desc>`).
    pub desc: String,
    /// Id of the `<title>` element; also the prefix of the map's pattern ids.
    pub title_id: String,
    /// Id of the `<desc>` element.
    pub desc_id: String,
    /// Heading of the legend (`Faits, mars 2026`).
    pub legend_title: String,
    /// Legend entry and tooltip value of suppressed areas (`< 5, non publié`).
    pub suppressed_label: String,
    /// Legend entry and tooltip value of areas without data (`pas de donnée`).
    pub no_data_label: String,
    /// Source of the contours (for the bundled ones, [`crate::geo::ATTRIBUTION`]).
    pub attribution: String,
}

/// The classes of a set of published counts: inclusive integer ranges, lowest first (see the module
/// documentation). Empty when there is no count.
pub fn class_ranges(counts: &[u64]) -> Vec<(u64, u64)> {
    let mut sorted = counts.to_vec();
    sorted.sort_unstable();
    let n = sorted.len();
    let Some(&min) = sorted.first() else {
        return Vec::new();
    };
    let mut ranges: Vec<(u64, u64)> = Vec::with_capacity(5);
    for i in 1..=5 {
        let rank = (i * n).div_ceil(5).max(1);
        let Some(&upper) = sorted.get(rank - 1) else {
            continue;
        };
        let lower = ranges.last().map_or(min, |&(_, hi)| hi.saturating_add(1));
        if ranges.last().is_none_or(|&(_, hi)| upper > hi) {
            ranges.push((lower, upper));
        }
    }
    ranges
}

/// The palette colours used for `classes` classes: spread over the five steps.
fn class_colours(classes: usize) -> Vec<&'static str> {
    match classes {
        0 => Vec::new(),
        1 => vec![PALETTE[2]],
        n => (0..n)
            .map(|i| PALETTE[(i * (PALETTE.len() - 1) + (n - 1) / 2) / (n - 1)])
            .collect(),
    }
}

/// Near-black or white, whichever contrasts more with `fill`.
pub(crate) fn text_on(fill: &str) -> &'static str {
    if contrast_ratio(fill, INK) >= contrast_ratio(fill, "#ffffff") {
        INK
    } else {
        "#ffffff"
    }
}

/// The map of `level`, each area filled by its value in `values` (area code, value; areas not listed
/// have no data, codes not on the map are ignored, the first entry of a code wins).
pub fn choropleth(
    map: &MapData,
    level: MapLevel,
    values: &[(String, MapValue)],
    text: &MapText,
) -> String {
    let mut by_code: HashMap<&str, MapValue> = HashMap::new();
    for (code, value) in values {
        by_code.entry(code.as_str()).or_insert(*value);
    }
    let areas: Vec<(&Area, MapValue)> = map
        .areas(level)
        .iter()
        .map(|a| {
            (
                a,
                by_code.get(a.code()).copied().unwrap_or(MapValue::NoData),
            )
        })
        .collect();
    let counts: Vec<u64> = areas
        .iter()
        .filter_map(|(_, v)| match v {
            MapValue::Count(c) => Some(*c),
            _ => None,
        })
        .collect();
    let prefix = clean_id(&text.title_id);
    let fills = Fills {
        classes: Classes::of(&counts),
        hatch: format!("{prefix}-hatch"),
        dots: format!("{prefix}-nodata"),
    };
    let legend = fills.legend_rows(&areas, text);
    let legend_top = map.height() + 8.0;
    let attribution_y = legend_top + 24.0 + 20.0 * legend.len() as f64 + 8.0;
    let height = attribution_y + 8.0;

    let mut out = String::with_capacity(if level == MapLevel::Quartier {
        200_000
    } else {
        80_000
    });
    open(&mut out, map.width(), height, text);
    fills.defs(&mut out);
    area_paths(&mut out, level, &areas, &fills, text);
    if level == MapLevel::Quartier {
        arrondissement_borders(&mut out, map);
    } else {
        count_labels(&mut out, &areas, &fills.classes);
    }
    write_legend(&mut out, legend_top, &legend, text);
    let _ = write!(
        out,
        r#"<text x="8" y="{}" font-size="10" fill="{INK_SOFT}">{}</text>"#,
        num(attribution_y),
        escape(&text.attribution)
    );
    close(&mut out);
    out
}

/// The classes of a map's counts and their colours (see the module documentation).
struct Classes {
    ranges: Vec<(u64, u64)>,
    colours: Vec<&'static str>,
}

impl Classes {
    fn of(counts: &[u64]) -> Classes {
        let ranges = class_ranges(counts);
        let colours = class_colours(ranges.len());
        Classes { ranges, colours }
    }

    /// The colour of the class holding `c`.
    fn fill_of(&self, c: u64) -> &'static str {
        let i = self.ranges.iter().position(|&(_, hi)| c <= hi).unwrap_or(0);
        self.colours.get(i).copied().unwrap_or(PALETTE[2])
    }
}

/// How an area is painted: a class colour, or one of the two patterns (ids prefixed by the map's
/// title id, so that two maps on a page do not share them).
struct Fills {
    classes: Classes,
    hatch: String,
    dots: String,
}

impl Fills {
    /// The two patterns, in `<defs>`.
    fn defs(&self, out: &mut String) {
        out.push_str("<defs>");
        hatch_pattern(out, &self.hatch);
        let _ = write!(
            out,
            r##"<pattern id="{}" width="5" height="5" patternUnits="userSpaceOnUse"><rect width="5" height="5" fill="#ffffff"/><circle cx="2.5" cy="2.5" r="0.9" fill="#8c8c8c"/></pattern></defs>"##,
            self.dots
        );
    }

    /// The fill of `value` and the words its tooltip shows.
    fn of(&self, value: MapValue, text: &MapText) -> (String, String) {
        match value {
            MapValue::Count(c) => (self.classes.fill_of(c).to_owned(), c.to_string()),
            MapValue::Suppressed => (
                format!("url(#{})", self.hatch),
                text.suppressed_label.clone(),
            ),
            MapValue::NoData => (format!("url(#{})", self.dots), text.no_data_label.clone()),
        }
    }

    /// The legend's (fill, label) rows: the classes, then the hatching and the dots when some
    /// area shows them.
    fn legend_rows(&self, areas: &[(&Area, MapValue)], text: &MapText) -> Vec<(String, String)> {
        let any = |wanted: MapValue| areas.iter().any(|(_, v)| *v == wanted);
        let mut rows: Vec<(String, String)> = self
            .classes
            .ranges
            .iter()
            .zip(&self.classes.colours)
            .map(|(&(lo, hi), colour)| {
                let label = if lo == hi {
                    lo.to_string()
                } else {
                    format!("{lo}–{hi}")
                };
                ((*colour).to_owned(), label)
            })
            .collect();
        for wanted in [MapValue::Suppressed, MapValue::NoData] {
            if any(wanted) {
                rows.push(self.of(wanted, text));
            }
        }
        rows
    }
}

/// One filled path per area, with its "name: value" tooltip.
fn area_paths(
    out: &mut String,
    level: MapLevel,
    areas: &[(&Area, MapValue)],
    fills: &Fills,
    text: &MapText,
) {
    let width = if level == MapLevel::Quartier {
        "0.5"
    } else {
        "1"
    };
    let _ = write!(
        out,
        r#"<g stroke="{BORDER}" stroke-width="{width}" stroke-linejoin="round" fill-rule="evenodd">"#
    );
    for (area, value) in areas {
        let (fill, shown) = fills.of(*value, text);
        let _ = write!(
            out,
            r#"<path d="{}" fill="{fill}"><title>{}: {}</title></path>"#,
            area.path(),
            escape(area.name()),
            escape(&shown)
        );
    }
    out.push_str("</g>");
}

/// Arrondissement borders over the quartiers, to find one's way.
fn arrondissement_borders(out: &mut String, map: &MapData) {
    out.push_str(
        r##"<g fill="none" stroke="#1a1a1a" stroke-width="1.2" stroke-linejoin="round">"##,
    );
    for area in map.areas(MapLevel::Arrondissement) {
        let _ = write!(out, r#"<path d="{}"/>"#, area.path());
    }
    out.push_str("</g>");
}

/// Each published count written on its area, in the ink that contrasts more with the fill.
fn count_labels(out: &mut String, areas: &[(&Area, MapValue)], classes: &Classes) {
    out.push_str(r#"<g font-size="12" font-weight="bold" text-anchor="middle">"#);
    for (area, value) in areas {
        if let MapValue::Count(c) = *value {
            let (x, y) = area.label();
            let fill = text_on(classes.fill_of(c));
            let _ = write!(
                out,
                r#"<text x="{}" y="{}" dy="0.35em" fill="{fill}">{c}</text>"#,
                num(x),
                num(y)
            );
        }
    }
    out.push_str("</g>");
}

/// The legend's heading and its (fill, label) rows, from `top` down.
fn write_legend(out: &mut String, top: f64, rows: &[(String, String)], text: &MapText) {
    let _ = write!(
        out,
        r#"<text x="8" y="{}" font-weight="bold" fill="{INK}">{}</text>"#,
        num(top + 14.0),
        escape(&text.legend_title)
    );
    for (i, (fill, label)) in rows.iter().enumerate() {
        let y = top + 24.0 + 20.0 * i as f64;
        let _ = write!(
            out,
            r#"<rect x="8" y="{}" width="24" height="14" fill="{fill}" stroke="{BORDER}"/><text x="40" y="{}" fill="{INK}">{}</text>"#,
            num(y),
            num(y + 11.0),
            escape(label)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_split_the_counts_into_fifths() {
        let counts: Vec<u64> = (1..=10).collect();
        assert_eq!(
            class_ranges(&counts),
            [(1, 2), (3, 4), (5, 6), (7, 8), (9, 10)]
        );
        assert_eq!(class_ranges(&[7, 7, 7]), [(7, 7)]);
        assert_eq!(class_ranges(&[5, 5, 5, 5, 40]), [(5, 5), (6, 40)]);
        assert_eq!(class_ranges(&[9, 5]), [(5, 5), (6, 9)]);
        assert!(class_ranges(&[]).is_empty());
    }

    #[test]
    fn every_count_falls_in_one_class() {
        let counts = [5, 6, 6, 8, 12, 12, 13, 40, 41, 300, 5, 7];
        let ranges = class_ranges(&counts);
        assert!(ranges.len() <= 5);
        for c in counts {
            assert_eq!(
                ranges
                    .iter()
                    .filter(|(lo, hi)| (*lo..=*hi).contains(&c))
                    .count(),
                1
            );
        }
        assert!(ranges.windows(2).all(|w| w[0].1 + 1 == w[1].0));
    }

    #[test]
    fn few_classes_still_span_the_palette() {
        assert_eq!(class_colours(5), PALETTE.to_vec());
        assert_eq!(class_colours(2), [PALETTE[0], PALETTE[4]]);
        assert_eq!(class_colours(3), [PALETTE[0], PALETTE[2], PALETTE[4]]);
    }

    #[test]
    fn text_on_every_class_reaches_4_5_to_1() {
        for fill in PALETTE {
            let ratio = contrast_ratio(fill, text_on(fill));
            assert!(ratio >= 4.5, "{fill}: {ratio}");
        }
    }
}
