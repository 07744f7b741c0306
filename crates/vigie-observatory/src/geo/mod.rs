//! The map: Marseille's 16 arrondissements and 111 quartiers, parsed from the bundled GeoJSON once and
//! projected for SVG (see [`MapData`]). The original WGS84 geometry is kept for the GeoJSON export.
//!
//! Projection: equirectangular, longitudes scaled by the cosine of the mean latitude of the bounding
//! box (at Marseille's scale, 30 km, this is indistinguishable from a conformal projection), north up,
//! fitted into a view box [`VIEW_WIDTH`] wide with a margin of [`MARGIN`]; the height follows from the
//! aspect. Projected coordinates are rounded to 0.1 in the SVG path data.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use thiserror::Error;

mod label;
mod parse;
mod project;

use parse::{Parsed, parse_layer};
use project::Projection;
pub(crate) use project::Tenths;

/// The bundled arrondissements (IGN / INSEE, dissolved from the quartiers; Licence Ouverte 2.0).
const MARSEILLE_ARRONDISSEMENTS: &str =
    include_str!("../../../../data/areas/marseille/arrondissements.geojson");
/// The bundled quartiers (IGN / INSEE aggregated by J. Gombin; Licence Ouverte 2.0).
const MARSEILLE_QUARTIERS: &str =
    include_str!("../../../../data/areas/marseille/quartiers.geojson");

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

impl std::str::FromStr for MapLevel {
    type Err = GeoError;
    /// `arrondissement` or `quartier`.
    fn from_str(s: &str) -> Result<MapLevel, GeoError> {
        match s {
            "arrondissement" => Ok(MapLevel::Arrondissement),
            "quartier" => Ok(MapLevel::Quartier),
            other => Err(GeoError::UnknownLevel(other.chars().take(32).collect())),
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
    /// Not `arrondissement` nor `quartier`.
    #[error("unknown area level {0:?}")]
    UnknownLevel(String),
    /// A layer has no feature, or every position is the same point.
    #[error("{0}: nothing to draw")]
    Empty(&'static str),
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
