//! vigie's observatory output, drawn from published editions only: the map of Marseille ([`geo`]),
//! charts and maps as accessible, CSP-safe SVG ([`svg`]), open-data files ([`opendata`]), official
//! context series ([`context`]) and the key figures of the latest month ([`figures`]).
//!
//! A pure library: no network, no database, no file read at run time (the contours are compiled in).

pub mod casework;
pub mod context;
pub mod figures;
pub mod geo;
// The network's figures from member cities' signed editions (issue 14, item 3).
pub mod network;
pub mod opendata;
// Prevention's public figures (issue 12, item 7).
pub mod prevention;
// The impact surveys' published results (issue 12, items 4 and 7).
pub mod prevention_surveys;
pub mod svg;

pub use context::{ContextError, parse_ssmsi_csv};
pub use figures::{KeyFigure, key_figures};
pub use geo::{ATTRIBUTION, Area, GeoError, Geometry, MapData, MapLevel};
pub use opendata::{
    CategoryFilter, OpenDataDocument, Row, RowFilter, area_rows, series_rows, to_csv, to_geojson,
    to_json,
};
pub use svg::{Bar, ChartSeries, ChartText, MapText, MapValue, bar_chart, choropleth, line_chart};
