//! The map: Marseille's 16 arrondissements and 111 quartiers, parsed from the bundled GeoJSON once and
//! projected for SVG (see [`MapData`]). The original WGS84 geometry is kept for the GeoJSON export.
//!
//! Projection: equirectangular, longitudes scaled by the cosine of the mean latitude of the bounding
//! box (at Marseille's scale, 30 km, this is indistinguishable from a conformal projection), north up,
//! fitted into a view box [`VIEW_WIDTH`] wide with a margin of [`MARGIN`]; the height follows from the
//! aspect. Projected coordinates are rounded to 0.1 in the SVG path data.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::label::label_point;

/// The bundled arrondissements (IGN / INSEE, dissolved from the quartiers; Licence Ouverte 2.0).
const MARSEILLE_ARRONDISSEMENTS: &str =
    include_str!("../../../data/areas/marseille/arrondissements.geojson");
/// The bundled quartiers (IGN / INSEE aggregated by J. Gombin; Licence Ouverte 2.0).
const MARSEILLE_QUARTIERS: &str = include_str!("../../../data/areas/marseille/quartiers.geojson");

/// The line to show with every map drawn from the bundled contours.
pub const ATTRIBUTION: &str =
    "Contours : IGN / INSEE, quartiers agrégés par J. Gombin — Licence Ouverte 2.0";

/// Width of the projected map, in SVG user units.
pub const VIEW_WIDTH: f64 = 640.0;
/// Empty border kept around the projected map.
pub const MARGIN: f64 = 4.0;

/// The two levels of areas.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum MapLevel {
    /// The 16 arrondissements (`13201`..`13216`).
    Arrondissement,
    /// The 111 quartiers (`1320101`..).
    Quartier,
}

impl MapLevel {
    /// The code used in open data: `arrondissement` or `quartier`.
    pub fn as_str(self) -> &'static str {
        match self {
            MapLevel::Arrondissement => "arrondissement",
            MapLevel::Quartier => "quartier",
        }
    }
}

/// A WGS84 position: longitude, then latitude.
pub type Position = [f64; 2];

/// An area's geometry as published (RFC 7946, WGS84), serialised as a GeoJSON geometry object.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", content = "coordinates")]
pub enum Geometry {
    /// One polygon: its outer ring, then its holes.
    Polygon(Vec<Vec<Position>>),
    /// Several polygons (islands).
    MultiPolygon(Vec<Vec<Vec<Position>>>),
}

impl Geometry {
    /// Its polygons (one for a `Polygon`).
    pub fn polygons(&self) -> Vec<&[Vec<Position>]> {
        match self {
            Geometry::Polygon(p) => vec![p.as_slice()],
            Geometry::MultiPolygon(ps) => ps.iter().map(Vec::as_slice).collect(),
        }
    }

    fn positions(&self) -> impl Iterator<Item = &Position> {
        self.polygons()
            .into_iter()
            .flat_map(|p| p.iter().flat_map(|ring| ring.iter()))
    }
}

/// One area, projected and ready to draw.
#[derive(Clone, Debug, PartialEq)]
pub struct Area {
    code: String,
    name: String,
    level: MapLevel,
    parent: Option<String>,
    path: String,
    label: (f64, f64),
    geometry: Geometry,
}

impl Area {
    /// INSEE code: `13201` for an arrondissement, `1320101` for a quartier.
    pub fn code(&self) -> &str {
        &self.code
    }
    /// Name (`Marseille 1er Arrondissement`, `Belsunce`).
    pub fn name(&self) -> &str {
        &self.name
    }
    /// Its level.
    pub fn level(&self) -> MapLevel {
        self.level
    }
    /// For a quartier, its arrondissement's code.
    pub fn parent(&self) -> Option<&str> {
        self.parent.as_deref()
    }
    /// SVG path data (`d`) in the map's view box: one closed subpath per ring; draw it with
    /// `fill-rule="evenodd"` so that holes stay holes whatever the winding.
    pub fn path(&self) -> &str {
        &self.path
    }
    /// A point inside the area, in the view box, where a label can go.
    pub fn label(&self) -> (f64, f64) {
        self.label
    }
    /// The original WGS84 geometry.
    pub fn geometry(&self) -> &Geometry {
        &self.geometry
    }
}

/// Why GeoJSON was refused.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum GeoError {
    /// Not JSON, or not a FeatureCollection.
    #[error("{layer}: not a GeoJSON FeatureCollection: {message}")]
    Json {
        /// `arrondissements` or `quartiers`.
        layer: &'static str,
        /// What the parser said.
        message: String,
    },
    /// A feature lacks a property or has an unusable geometry.
    #[error("{layer}, feature {index}: {message}")]
    Feature {
        /// `arrondissements` or `quartiers`.
        layer: &'static str,
        /// Position of the feature in the collection (0 for the first).
        index: usize,
        /// What is wrong.
        message: String,
    },
    /// Two areas share a code.
    #[error("area code {0} appears twice")]
    Duplicate(String),
    /// A quartier names an arrondissement that is not in the arrondissement layer.
    #[error("quartier {code}: unknown arrondissement {parent}")]
    UnknownParent {
        /// The quartier.
        code: String,
        /// The arrondissement it names.
        parent: String,
    },
    /// A layer has no feature, or every position is the same point.
    #[error("{0}: nothing to draw")]
    Empty(&'static str),
}

#[derive(Deserialize)]
struct RawCollection {
    #[serde(rename = "type")]
    kind: String,
    features: Vec<RawFeature>,
}

#[derive(Deserialize)]
struct RawFeature {
    properties: serde_json::Map<String, serde_json::Value>,
    geometry: Option<RawGeometry>,
}

#[derive(Deserialize)]
struct RawGeometry {
    #[serde(rename = "type")]
    kind: String,
    coordinates: serde_json::Value,
}

/// An area before projection.
struct Parsed {
    code: String,
    name: String,
    parent: Option<String>,
    geometry: Geometry,
}

/// The map, parsed and projected once (build it at start-up, or use [`MapData::shared_marseille`]).
#[derive(Clone, Debug, PartialEq)]
pub struct MapData {
    height: f64,
    arrondissements: Vec<Area>,
    quartiers: Vec<Area>,
    index: HashMap<String, (MapLevel, usize)>,
}

impl MapData {
    /// Marseille, from the GeoJSON bundled in the binary.
    pub fn marseille() -> Result<MapData, GeoError> {
        MapData::parse(MARSEILLE_ARRONDISSEMENTS, MARSEILLE_QUARTIERS)
    }

    /// Marseille, parsed on first use and kept for the life of the process.
    pub fn shared_marseille() -> Result<&'static MapData, GeoError> {
        static MAP: OnceLock<Result<MapData, GeoError>> = OnceLock::new();
        MAP.get_or_init(MapData::marseille)
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Parses the two layers: arrondissements with properties `code` and `nom`, quartiers with
    /// `code_qua`, `nom` and `arrondissement_code`; Polygon or MultiPolygon geometries in WGS84.
    pub fn parse(
        arrondissements_geojson: &str,
        quartiers_geojson: &str,
    ) -> Result<MapData, GeoError> {
        let arr = parse_layer(arrondissements_geojson, "arrondissements", "code", None)?;
        let qua = parse_layer(
            quartiers_geojson,
            "quartiers",
            "code_qua",
            Some("arrondissement_code"),
        )?;
        let mut index = HashMap::new();
        for (level, layer) in [(MapLevel::Arrondissement, &arr), (MapLevel::Quartier, &qua)] {
            for (i, a) in layer.iter().enumerate() {
                if index.insert(a.code.clone(), (level, i)).is_some() {
                    return Err(GeoError::Duplicate(a.code.clone()));
                }
            }
        }
        for q in &qua {
            if let Some(parent) = &q.parent
                && index.get(parent).map(|(l, _)| *l) != Some(MapLevel::Arrondissement)
            {
                return Err(GeoError::UnknownParent {
                    code: q.code.clone(),
                    parent: parent.clone(),
                });
            }
        }
        let projection = Projection::fit(arr.iter().chain(&qua))?;
        let project = |level: MapLevel, layer: Vec<Parsed>| -> Vec<Area> {
            layer
                .into_iter()
                .map(|p| projection.area(level, p))
                .collect()
        };
        Ok(MapData {
            height: projection.height,
            arrondissements: project(MapLevel::Arrondissement, arr),
            quartiers: project(MapLevel::Quartier, qua),
            index,
        })
    }

    /// Width of the view box ([`VIEW_WIDTH`]).
    pub fn width(&self) -> f64 {
        VIEW_WIDTH
    }

    /// Height of the view box.
    pub fn height(&self) -> f64 {
        self.height
    }

    /// The areas of `level`, in the order of the source file.
    pub fn areas(&self, level: MapLevel) -> &[Area] {
        match level {
            MapLevel::Arrondissement => &self.arrondissements,
            MapLevel::Quartier => &self.quartiers,
        }
    }

    /// The area with `code`, at either level.
    pub fn area(&self, code: &str) -> Option<&Area> {
        let (level, i) = self.index.get(code)?;
        self.areas(*level).get(*i)
    }

    /// The quartiers of arrondissement `code`.
    pub fn quartiers_of<'a>(&'a self, code: &'a str) -> impl Iterator<Item = &'a Area> + 'a {
        self.quartiers
            .iter()
            .filter(move |q| q.parent.as_deref() == Some(code))
    }
}

fn parse_layer(
    text: &str,
    layer: &'static str,
    code_key: &str,
    parent_key: Option<&str>,
) -> Result<Vec<Parsed>, GeoError> {
    let collection: RawCollection = serde_json::from_str(text).map_err(|e| GeoError::Json {
        layer,
        message: e.to_string(),
    })?;
    if collection.kind != "FeatureCollection" {
        return Err(GeoError::Json {
            layer,
            message: format!("type is {:?}", collection.kind),
        });
    }
    if collection.features.is_empty() {
        return Err(GeoError::Empty(layer));
    }
    let mut out = Vec::with_capacity(collection.features.len());
    for (index, feature) in collection.features.into_iter().enumerate() {
        let fail = |message: String| GeoError::Feature {
            layer,
            index,
            message,
        };
        let text_property = |key: &str| -> Result<String, GeoError> {
            match feature.properties.get(key) {
                Some(serde_json::Value::String(s)) if !s.trim().is_empty() => {
                    Ok(s.trim().to_owned())
                }
                _ => Err(fail(format!("property {key:?} missing or not a string"))),
            }
        };
        let code = text_property(code_key)?;
        let name = text_property("nom")?;
        let parent = parent_key.map(text_property).transpose()?;
        let raw = feature
            .geometry
            .ok_or_else(|| fail(format!("{code}: no geometry")))?;
        let geometry = parse_geometry(raw).map_err(|m| fail(format!("{code}: {m}")))?;
        out.push(Parsed {
            code,
            name,
            parent,
            geometry,
        });
    }
    Ok(out)
}

fn parse_geometry(raw: RawGeometry) -> Result<Geometry, String> {
    type Rings = Vec<Vec<Vec<f64>>>;
    let geometry = match raw.kind.as_str() {
        "Polygon" => {
            let rings: Rings =
                serde_json::from_value(raw.coordinates).map_err(|e| e.to_string())?;
            Geometry::Polygon(polygon(rings)?)
        }
        "MultiPolygon" => {
            let polygons: Vec<Rings> =
                serde_json::from_value(raw.coordinates).map_err(|e| e.to_string())?;
            if polygons.is_empty() {
                return Err("empty MultiPolygon".into());
            }
            Geometry::MultiPolygon(
                polygons
                    .into_iter()
                    .map(polygon)
                    .collect::<Result<_, _>>()?,
            )
        }
        other => {
            return Err(format!(
                "geometry type {other:?} (expected Polygon or MultiPolygon)"
            ));
        }
    };
    Ok(geometry)
}

fn polygon(rings: Vec<Vec<Vec<f64>>>) -> Result<Vec<Vec<Position>>, String> {
    if rings.is_empty() {
        return Err("polygon without a ring".into());
    }
    rings
        .into_iter()
        .map(|ring| {
            if ring.len() < 4 {
                return Err("a ring has fewer than 4 positions".to_owned());
            }
            ring.into_iter()
                .map(|p| match p.as_slice() {
                    [lon, lat, ..]
                        if lon.is_finite()
                            && lat.is_finite()
                            && (-180.0..=180.0).contains(lon)
                            && (-90.0..=90.0).contains(lat) =>
                    {
                        Ok([*lon, *lat])
                    }
                    _ => Err("a position is not a longitude and latitude".to_owned()),
                })
                .collect()
        })
        .collect()
}

/// Equirectangular projection fitted to the view box.
struct Projection {
    lon_min: f64,
    lat_max: f64,
    cos_lat: f64,
    scale: f64,
    height: f64,
}

impl Projection {
    fn fit<'a>(areas: impl Iterator<Item = &'a Parsed>) -> Result<Projection, GeoError> {
        let (mut lon_min, mut lon_max) = (f64::INFINITY, f64::NEG_INFINITY);
        let (mut lat_min, mut lat_max) = (f64::INFINITY, f64::NEG_INFINITY);
        for [lon, lat] in areas.flat_map(|a| a.geometry.positions()) {
            lon_min = lon_min.min(*lon);
            lon_max = lon_max.max(*lon);
            lat_min = lat_min.min(*lat);
            lat_max = lat_max.max(*lat);
        }
        let cos_lat = ((lat_min + lat_max) / 2.0).to_radians().cos();
        let span_x = (lon_max - lon_min) * cos_lat;
        let span_y = lat_max - lat_min;
        if !(span_x > 0.0 && span_y > 0.0) {
            return Err(GeoError::Empty("map"));
        }
        let scale = (VIEW_WIDTH - 2.0 * MARGIN) / span_x;
        let height = (span_y * scale + 2.0 * MARGIN).ceil();
        Ok(Projection {
            lon_min,
            lat_max,
            cos_lat,
            scale,
            height,
        })
    }

    fn point(&self, [lon, lat]: Position) -> (f64, f64) {
        (
            MARGIN + (lon - self.lon_min) * self.cos_lat * self.scale,
            MARGIN + (self.lat_max - lat) * self.scale,
        )
    }

    fn area(&self, level: MapLevel, p: Parsed) -> Area {
        let projected: Vec<Vec<Vec<(f64, f64)>>> = p
            .geometry
            .polygons()
            .into_iter()
            .map(|rings| {
                rings
                    .iter()
                    .map(|r| r.iter().map(|pos| self.point(*pos)).collect())
                    .collect()
            })
            .collect();
        let mut path = String::new();
        for ring in projected.iter().flatten() {
            write_ring(&mut path, ring);
        }
        let (x, y) = label_point(&projected);
        Area {
            code: p.code,
            name: p.name,
            level,
            parent: p.parent,
            path,
            label: (round1(x), round1(y)),
            geometry: p.geometry,
        }
    }
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// Appends one closed subpath: an absolute move, then relative line segments, every coordinate rounded
/// to 0.1 (differences are taken between rounded points, so nothing drifts). Repeated points are
/// dropped; a ring that collapses below three points at this precision is left out.
fn write_ring(out: &mut String, ring: &[(f64, f64)]) {
    let mut tenths: Vec<(i64, i64)> = Vec::with_capacity(ring.len());
    for (x, y) in ring {
        let t = ((x * 10.0).round() as i64, (y * 10.0).round() as i64);
        if tenths.last() != Some(&t) {
            tenths.push(t);
        }
    }
    if tenths.len() > 1 && tenths.first() == tenths.last() {
        tenths.pop();
    }
    let Some((first, rest)) = tenths.split_first() else {
        return;
    };
    if rest.len() < 2 {
        return;
    }
    let _ = write!(out, "M{} {}l", Tenths(first.0), Tenths(first.1));
    let mut previous = *first;
    for (i, t) in rest.iter().enumerate() {
        let sep = if i == 0 { "" } else { " " };
        let _ = write!(
            out,
            "{sep}{} {}",
            Tenths(t.0 - previous.0),
            Tenths(t.1 - previous.1)
        );
        previous = *t;
    }
    out.push('z');
}

/// An integer number of tenths, printed as a decimal (`12` is `1.2`, `-30` is `-3`).
pub(crate) struct Tenths(pub(crate) i64);

impl std::fmt::Display for Tenths {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        match abs % 10 {
            0 => write!(f, "{sign}{}", abs / 10),
            d => write!(f, "{sign}{}.{d}", abs / 10),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenths_print_as_short_decimals() {
        let printed: Vec<String> = [0, 12, -30, -5, 1234, 7]
            .into_iter()
            .map(|t| Tenths(t).to_string())
            .collect();
        assert_eq!(printed, ["0", "1.2", "-3", "-0.5", "123.4", "0.7"]);
    }

    #[test]
    fn rings_are_relative_rounded_and_closed() {
        let mut d = String::new();
        write_ring(
            &mut d,
            &[(1.04, 2.0), (3.0, 2.0), (3.0, 2.01), (3.0, 5.0), (1.0, 2.0)],
        );
        assert_eq!(d, "M1 2l2 0 0 3z");
        let mut tiny = String::new();
        write_ring(
            &mut tiny,
            &[(1.0, 1.0), (1.01, 1.0), (1.0, 1.02), (1.0, 1.0)],
        );
        assert_eq!(tiny, "");
    }

    #[test]
    fn refuses_what_it_cannot_draw() {
        let arr = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"1","nom":"A"},
            "geometry":{"type":"Polygon","coordinates":[[[5.3,43.2],[5.4,43.2],[5.4,43.3],[5.3,43.2]]]}}]}"#;
        let qua = |parent: &str, geometry: &str| {
            format!(
                r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","properties":{{"code_qua":"11","nom":"Q","arrondissement_code":"{parent}"}},"geometry":{geometry}}}]}}"#
            )
        };
        let good =
            r#"{"type":"Polygon","coordinates":[[[5.3,43.2],[5.4,43.2],[5.4,43.3],[5.3,43.2]]]}"#;
        assert!(MapData::parse(arr, &qua("1", good)).is_ok());
        assert!(matches!(
            MapData::parse(arr, &qua("2", good)),
            Err(GeoError::UnknownParent { .. })
        ));
        for bad in [
            r#"{"type":"Point","coordinates":[5.3,43.2]}"#,
            r#"{"type":"Polygon","coordinates":[[[5.3,43.2],[5.4,43.2],[5.3,43.2]]]}"#,
            r#"{"type":"Polygon","coordinates":[[[5.3,43.2],[500,43.2],[5.4,43.3],[5.3,43.2]]]}"#,
            "null",
        ] {
            assert!(
                matches!(
                    MapData::parse(arr, &qua("1", bad)),
                    Err(GeoError::Feature { .. })
                ),
                "{bad}"
            );
        }
        assert!(matches!(
            MapData::parse("[]", arr),
            Err(GeoError::Json { .. })
        ));
        assert!(matches!(
            MapData::parse(arr, &arr.replace("\"code\"", "\"code_qua\"")),
            Err(GeoError::Feature { .. })
        ));
    }
}
