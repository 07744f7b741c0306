//! Reading the two GeoJSON layers.

use serde::Deserialize;

use super::{GeoError, Geometry, Position};

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
pub(super) struct Parsed {
    pub(super) code: String,
    pub(super) name: String,
    pub(super) parent: Option<String>,
    pub(super) geometry: Geometry,
}

pub(super) fn parse_layer(
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

#[cfg(test)]
mod tests {
    use super::super::{GeoError, MapData};

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
