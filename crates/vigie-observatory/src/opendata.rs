//! Open data: the published cells of an edition as rows, and their CSV, JSON and GeoJSON files.
//!
//! Rows are arrondissement and quartier cells only (the city total is the sum the reader can
//! recompute where nothing is suppressed, and is shown on the pages). Each file names the edition and
//! the licence: CSV in every row, JSON and GeoJSON at the top.

use chrono::SecondsFormat;
use serde::Serialize;
use serde_json::{Map, Value, json};
use utoipa::ToSchema;
use vigie_domain::observatory::{
    CellArea, EditionSnapshot, IncidentCategory, LICENCE_NAME, LICENCE_URL, Month, MonthRelease,
    PublishedCell,
};

use crate::geo::{Geometry, MapData, MapLevel};

/// `kind` of the monthly series file.
pub const KIND_SERIES: &str = "series";
/// `kind` of one month's areas (the map's data).
pub const KIND_AREAS: &str = "areas";
/// The `category` of a total over every category.
pub const TOTAL: &str = "total";
/// The CSV header.
pub const CSV_HEADER: [&str; 8] = [
    "area_code",
    "area_level",
    "category",
    "period",
    "count",
    "suppressed",
    "edition",
    "licence",
];

/// One published figure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct Row {
    /// INSEE code of the area: `13201` (arrondissement), `1320101` (quartier).
    #[schema(example = "13203")]
    pub area_code: String,
    /// `arrondissement` or `quartier`.
    #[schema(value_type = MapLevel, example = "arrondissement")]
    pub area_level: &'static str,
    /// An incident category code (`deal_point`, ...), or `total` for every category together.
    #[schema(example = "total")]
    pub category: String,
    /// The month, `YYYY-MM`.
    #[schema(example = "2026-03")]
    pub period: String,
    /// The count; null when suppressed.
    #[schema(example = 12)]
    pub count: Option<u64>,
    /// Below the edition's threshold `k`: published as "< k".
    pub suppressed: bool,
}

/// Which categories to keep.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CategoryFilter {
    /// Totals over every category only.
    Total,
    /// One category only.
    One(IncidentCategory),
}

impl std::str::FromStr for CategoryFilter {
    type Err = vigie_domain::report::UnknownCode;
    /// `total`, or an incident category code (as in the rows' `category`).
    fn from_str(s: &str) -> Result<CategoryFilter, Self::Err> {
        if s == TOTAL {
            Ok(CategoryFilter::Total)
        } else {
            s.parse().map(CategoryFilter::One)
        }
    }
}

/// Which rows to keep; `None` keeps everything on that axis.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RowFilter {
    /// Totals, or one category.
    pub category: Option<CategoryFilter>,
    /// Arrondissements or quartiers.
    pub level: Option<MapLevel>,
    /// First month kept.
    pub from: Option<Month>,
    /// Last month kept.
    pub to: Option<Month>,
}

impl RowFilter {
    fn keeps_month(&self, month: Month) -> bool {
        self.from.is_none_or(|f| month >= f) && self.to.is_none_or(|t| month <= t)
    }

    fn row(&self, month: Month, cell: &PublishedCell) -> Option<Row> {
        let (level, code) = match &cell.area {
            CellArea::City => return None,
            CellArea::Arrondissement(code) => (MapLevel::Arrondissement, code),
            CellArea::Quartier(code) => (MapLevel::Quartier, code),
        };
        if self.level.is_some_and(|l| l != level) {
            return None;
        }
        match (self.category, cell.category) {
            (None, _) | (Some(CategoryFilter::Total), None) => {}
            (Some(CategoryFilter::One(wanted)), Some(c)) if wanted == c => {}
            _ => return None,
        }
        Some(Row {
            area_code: code.clone(),
            area_level: level.as_str(),
            category: cell
                .category
                .map_or(TOTAL, IncidentCategory::as_str)
                .to_owned(),
            period: month.to_string(),
            count: if cell.suppressed { None } else { cell.count },
            suppressed: cell.suppressed || cell.count.is_none(),
        })
    }

    fn rows_of<'a>(&'a self, release: &'a MonthRelease) -> impl Iterator<Item = Row> + 'a {
        let month = release.month;
        let keep = self.keeps_month(month);
        release
            .cells
            .iter()
            .filter(move |_| keep)
            .filter_map(move |c| self.row(month, c))
    }
}

/// Every published arrondissement and quartier cell of every month of `snapshot` that `filter` keeps:
/// oldest month first, then in the release's cell order.
pub fn series_rows(snapshot: &EditionSnapshot, filter: &RowFilter) -> Vec<Row> {
    let mut releases: Vec<&MonthRelease> = snapshot.months.iter().collect();
    releases.sort_by_key(|r| r.month);
    releases
        .into_iter()
        .flat_map(|r| filter.rows_of(r))
        .collect()
}

/// The cells of `month` that `filter` keeps (its months apply too); empty when the edition does not
/// cover `month`.
pub fn area_rows(snapshot: &EditionSnapshot, month: Month, filter: &RowFilter) -> Vec<Row> {
    snapshot
        .month(month)
        .map(|r| filter.rows_of(r).collect())
        .unwrap_or_default()
}

/// The rows as CSV (RFC 4180: comma, CRLF, quotes where needed, UTF-8 without byte-order mark):
/// the header [`CSV_HEADER`], then one line per row; an empty `count` when suppressed; `suppressed`
/// is `true` or `false`; every line names the edition and the licence.
pub fn to_csv(rows: &[Row], snapshot: &EditionSnapshot) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::with_capacity(64 * (rows.len() + 1)));
    // Writing to memory does not fail: the only errors `csv` reports are those of the writer.
    let _ = writer.write_record(CSV_HEADER);
    for row in rows {
        let count = row.count.map(|c| c.to_string()).unwrap_or_default();
        let _ = writer.write_record([
            row.area_code.as_str(),
            row.area_level,
            &row.category,
            &row.period,
            &count,
            if row.suppressed { "true" } else { "false" },
            &snapshot.id,
            LICENCE_NAME,
        ]);
    }
    let bytes = writer.into_inner().map(|v| v.to_vec()).unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// A licence: its name and where to read it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct Licence {
    /// `Licence Ouverte / Etalab 2.0`.
    pub name: String,
    /// Its text.
    pub url: String,
}

/// The shape of [`to_json`]'s document (for the OpenAPI description; `to_json` builds the same value).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, ToSchema)]
pub struct OpenDataDocument {
    /// Edition id (`2026-03.1`).
    #[schema(example = "2026-03.1")]
    pub edition: String,
    /// The latest month of the edition, `YYYY-MM`.
    #[schema(example = "2026-03")]
    pub period: String,
    /// When it was published (RFC 3339, UTC).
    #[schema(example = "2026-04-02T09:30:00Z")]
    pub published_at: String,
    /// The licence of the data.
    pub licence: Licence,
    /// `series` (every month) or `areas` (one month).
    #[schema(example = "series")]
    pub kind: String,
    /// The threshold: counts below it are suppressed.
    #[schema(example = 5)]
    pub k: u32,
    /// The figures.
    pub rows: Vec<Row>,
}

impl OpenDataDocument {
    /// The document of `rows` from `snapshot`.
    pub fn new(rows: &[Row], snapshot: &EditionSnapshot, kind: &str) -> OpenDataDocument {
        OpenDataDocument {
            edition: snapshot.id.clone(),
            period: snapshot.period.to_string(),
            published_at: snapshot
                .published_at
                .to_rfc3339_opts(SecondsFormat::Secs, true),
            licence: licence(),
            kind: kind.to_owned(),
            k: snapshot.k,
            rows: rows.to_vec(),
        }
    }
}

fn licence() -> Licence {
    Licence {
        name: LICENCE_NAME.to_owned(),
        url: LICENCE_URL.to_owned(),
    }
}

fn licence_value() -> Value {
    json!({ "name": LICENCE_NAME, "url": LICENCE_URL })
}

fn row_properties(row: &Row) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("area_code".into(), row.area_code.clone().into());
    m.insert("area_level".into(), row.area_level.into());
    m.insert("category".into(), row.category.clone().into());
    m.insert("period".into(), row.period.clone().into());
    m.insert("count".into(), row.count.map_or(Value::Null, Value::from));
    m.insert("suppressed".into(), row.suppressed.into());
    m
}

/// The rows as JSON, shaped as [`OpenDataDocument`]; `kind` is [`KIND_SERIES`] or [`KIND_AREAS`].
pub fn to_json(rows: &[Row], snapshot: &EditionSnapshot, kind: &str) -> Value {
    let doc = OpenDataDocument::new(&[], snapshot, kind);
    let rows: Vec<Value> = rows
        .iter()
        .map(|r| Value::Object(row_properties(r)))
        .collect();
    json!({
        "edition": doc.edition,
        "period": doc.period,
        "published_at": doc.published_at,
        "licence": licence_value(),
        "kind": doc.kind,
        "k": doc.k,
        "rows": rows,
    })
}

/// A ring as positions, wound as RFC 7946 asks (the right-hand rule): counterclockwise for an outer
/// ring, clockwise for a hole, whatever the source did.
fn ring_value(ring: &[[f64; 2]], outer: bool) -> Value {
    let twice_area: f64 = ring
        .iter()
        .zip(ring.iter().skip(1))
        .map(|([x0, y0], [x1, y1])| x0 * y1 - x1 * y0)
        .sum();
    let positions = ring.iter().map(|[lon, lat]| json!([lon, lat]));
    if (twice_area > 0.0) == outer {
        Value::Array(positions.collect())
    } else {
        Value::Array(positions.rev().collect())
    }
}

fn polygon_value(rings: &[Vec<[f64; 2]>]) -> Value {
    Value::Array(
        rings
            .iter()
            .enumerate()
            .map(|(i, r)| ring_value(r, i == 0))
            .collect(),
    )
}

/// A geometry as a GeoJSON geometry object.
pub fn geometry_value(geometry: &Geometry) -> Value {
    match geometry {
        Geometry::Polygon(rings) => {
            json!({ "type": "Polygon", "coordinates": polygon_value(rings) })
        }
        Geometry::MultiPolygon(polygons) => json!({
            "type": "MultiPolygon",
            "coordinates": Value::Array(polygons.iter().map(|p| polygon_value(p)).collect()),
        }),
    }
}

/// The rows as a GeoJSON FeatureCollection (RFC 7946, WGS84 longitude/latitude as in the bundled
/// contours): one feature per row, its properties the row's fields and the area's `name`; the edition
/// id and the licence as foreign members at the top. An area missing from `map` gets a null geometry
/// and name (an unlocated feature, as RFC 7946 allows). Meant for one month's rows ([`area_rows`]):
/// every row carries its area's full geometry (about 2 KB a quartier).
pub fn to_geojson(rows: &[Row], snapshot: &EditionSnapshot, map: &MapData) -> Value {
    let features: Vec<Value> = rows
        .iter()
        .map(|row| {
            let area = map.area(&row.area_code);
            let mut properties = row_properties(row);
            properties.insert("name".into(), area.map_or(Value::Null, |a| a.name().into()));
            json!({
                "type": "Feature",
                "geometry": area.map_or(Value::Null, |a| geometry_value(a.geometry())),
                "properties": properties,
            })
        })
        .collect();
    json!({
        "type": "FeatureCollection",
        "edition": snapshot.id,
        "licence": licence_value(),
        "features": features,
    })
}
