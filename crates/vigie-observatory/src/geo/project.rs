//! The projection and the SVG path data.

use std::fmt::Write as _;

use super::label::label_point;
use super::parse::Parsed;
use super::{Area, GeoError, MARGIN, MapLevel, Position, VIEW_WIDTH};

/// Equirectangular projection fitted to the view box.
pub(super) struct Projection {
    lon_min: f64,
    lat_max: f64,
    cos_lat: f64,
    scale: f64,
    pub(super) height: f64,
}

impl Projection {
    pub(super) fn fit<'a>(areas: impl Iterator<Item = &'a Parsed>) -> Result<Projection, GeoError> {
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

    pub(super) fn area(&self, level: MapLevel, p: Parsed) -> Area {
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
}
