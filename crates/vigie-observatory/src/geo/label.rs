//! Where to put an area's label: a point inside its largest polygon.
//!
//! The centroid of the largest polygon's outer ring when it falls inside the polygon (holes
//! included); otherwise the middle of the widest inside stretch of the horizontal line through that
//! centroid (a crescent, a U); failing that, the middle of the bounding box.

type Point = (f64, f64);

/// A point inside the largest of `polygons` (each an outer ring, then holes), in the same coordinates.
pub(crate) fn label_point(polygons: &[Vec<Vec<Point>>]) -> Point {
    let Some(largest) = polygons
        .iter()
        .filter(|p| p.first().is_some_and(|r| r.len() >= 3))
        .max_by(|a, b| ring_area(&a[0]).abs().total_cmp(&ring_area(&b[0]).abs()))
    else {
        return (0.0, 0.0);
    };
    let outer = &largest[0];
    let bbox_middle = {
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for (x, y) in outer {
            x0 = x0.min(*x);
            y0 = y0.min(*y);
            x1 = x1.max(*x);
            y1 = y1.max(*y);
        }
        ((x0 + x1) / 2.0, (y0 + y1) / 2.0)
    };
    let centre = centroid(outer).unwrap_or(bbox_middle);
    if inside(largest, centre) {
        return centre;
    }
    for y in [centre.1, bbox_middle.1] {
        if let Some(x) = widest_stretch(largest, y) {
            return (x, y);
        }
    }
    bbox_middle
}

/// Signed area (shoelace).
fn ring_area(ring: &[Point]) -> f64 {
    edges(ring)
        .map(|((x0, y0), (x1, y1))| x0 * y1 - x1 * y0)
        .sum::<f64>()
        / 2.0
}

fn edges(ring: &[Point]) -> impl Iterator<Item = (Point, Point)> + '_ {
    ring.iter()
        .zip(ring.iter().cycle().skip(1))
        .map(|(a, b)| (*a, *b))
}

fn centroid(ring: &[Point]) -> Option<Point> {
    let a = ring_area(ring);
    if a.abs() < 1e-9 {
        return None;
    }
    let (mut cx, mut cy) = (0.0, 0.0);
    for ((x0, y0), (x1, y1)) in edges(ring) {
        let cross = x0 * y1 - x1 * y0;
        cx += (x0 + x1) * cross;
        cy += (y0 + y1) * cross;
    }
    Some((cx / (6.0 * a), cy / (6.0 * a)))
}

/// Even-odd rule over every ring, so holes count as outside.
fn inside(polygon: &[Vec<Point>], (px, py): Point) -> bool {
    let mut odd = false;
    for ring in polygon {
        for ((x0, y0), (x1, y1)) in edges(ring) {
            if (y0 > py) != (y1 > py) && px < x0 + (py - y0) * (x1 - x0) / (y1 - y0) {
                odd = !odd;
            }
        }
    }
    odd
}

/// The middle of the widest inside stretch of the line at height `y`.
fn widest_stretch(polygon: &[Vec<Point>], y: f64) -> Option<f64> {
    let mut xs: Vec<f64> = polygon
        .iter()
        .flat_map(|ring| edges(ring))
        .filter(|((_, y0), (_, y1))| (*y0 > y) != (*y1 > y))
        .map(|((x0, y0), (x1, y1))| x0 + (y - y0) * (x1 - x0) / (y1 - y0))
        .collect();
    xs.sort_by(f64::total_cmp);
    xs.chunks_exact(2)
        .max_by(|a, b| (a[1] - a[0]).total_cmp(&(b[1] - b[0])))
        .map(|pair| (pair[0] + pair[1]) / 2.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(x: f64, y: f64, side: f64) -> Vec<Point> {
        vec![
            (x, y),
            (x + side, y),
            (x + side, y + side),
            (x, y + side),
            (x, y),
        ]
    }

    #[test]
    fn a_square_is_labelled_at_its_centre() {
        let p = label_point(&[vec![square(0.0, 0.0, 10.0)]]);
        assert!(
            (p.0 - 5.0).abs() < 1e-9 && (p.1 - 5.0).abs() < 1e-9,
            "{p:?}"
        );
    }

    #[test]
    fn the_largest_island_wins() {
        let p = label_point(&[vec![square(0.0, 0.0, 1.0)], vec![square(10.0, 10.0, 4.0)]]);
        assert!(
            (p.0 - 12.0).abs() < 1e-9 && (p.1 - 12.0).abs() < 1e-9,
            "{p:?}"
        );
    }

    #[test]
    fn a_ring_with_a_hole_is_labelled_outside_the_hole() {
        let polygon = vec![square(0.0, 0.0, 10.0), square(2.0, 2.0, 6.0)];
        let p = label_point(std::slice::from_ref(&polygon));
        assert!(inside(&polygon, p), "{p:?}");
    }

    #[test]
    fn a_u_shape_is_labelled_inside() {
        let u = vec![
            (0.0, 0.0),
            (10.0, 0.0),
            (10.0, 10.0),
            (8.0, 10.0),
            (8.0, 2.0),
            (2.0, 2.0),
            (2.0, 10.0),
            (0.0, 10.0),
            (0.0, 0.0),
        ];
        let polygon = vec![u];
        let p = label_point(std::slice::from_ref(&polygon));
        assert!(inside(&polygon, p), "{p:?}");
    }
}
