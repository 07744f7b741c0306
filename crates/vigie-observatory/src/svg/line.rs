//! Monthly series as lines.
//!
//! Every month between the first and the last of any series is on the x axis (labels thinned to a
//! regular step, the latest month always labelled). A suppressed month breaks the line and shows a
//! hollow marker on the baseline; a month a series lacks breaks it with no marker. Series differ by
//! colour, dash pattern and marker shape together (12 combinations, then they repeat), so colour is
//! never the only cue (beyond [`DENSE_MONTHS`] months, markers are left to suppressed months and
//! isolated points, dash patterns remain); every colour has at least 3:1 contrast with the white background (tested).

use std::collections::HashMap;
use std::fmt::Write as _;

use vigie_domain::observatory::Month;

use super::{
    GRID, INK, INK_SOFT, close, count_ticks, escape, nice_ticks, num, open, text_width, truncate,
};

/// Line colours (each at least 3:1 on white).
pub(crate) const COLOURS: [&str; 12] = [
    "#0072b2", "#d55e00", "#007a5e", "#7b3294", "#1a1a1a", "#a6611a", "#c51b7d", "#4d6b00",
    "#2c5aa0", "#b2182b", "#5e5e5e", "#8c510a",
];
/// Dash patterns (`None`: solid).
const DASHES: [Option<&str>; 6] = [
    None,
    Some("7 3"),
    Some("2 3"),
    Some("9 3 2 3"),
    Some("14 4"),
    Some("4 2 1 2"),
];

/// Beyond this many months, published points on a line get no marker (the line is enough, and the
/// SVG stays small); suppressed months and isolated points always do.
pub const DENSE_MONTHS: usize = 48;
const WIDTH: f64 = 640.0;
const PLOT_HEIGHT: f64 = 240.0;
const TOP: f64 = 14.0;
const RIGHT: f64 = 20.0;

/// One line: a name and its monthly values.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChartSeries {
    /// Shown in the legend and the tooltips.
    pub name: String,
    /// Months and counts; `None` is a suppressed month ("< k").
    pub points: Vec<(Month, Option<u64>)>,
}

/// The words of a chart, in the reader's language.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChartText {
    /// Short title (`<title>`).
    pub title: String,
    /// What the chart shows (`<desc>`).
    pub desc: String,
    /// Id of the `<title>` element; also the prefix of the chart's pattern ids.
    pub title_id: String,
    /// Id of the `<desc>` element.
    pub desc_id: String,
    /// Legend entry and tooltip value of suppressed figures (`< 5, non publié`).
    pub suppressed_label: String,
}

#[derive(Clone, Copy)]
enum Shape {
    Circle,
    Square,
    Triangle,
    Diamond,
}

const SHAPES: [Shape; 4] = [
    Shape::Circle,
    Shape::Square,
    Shape::Triangle,
    Shape::Diamond,
];

/// The look of series `i`.
fn style(i: usize) -> (&'static str, Option<&'static str>, Shape) {
    (
        COLOURS[i % COLOURS.len()],
        DASHES[i % DASHES.len()],
        SHAPES[i % SHAPES.len()],
    )
}

fn marker(
    out: &mut String,
    shape: Shape,
    (x, y): (f64, f64),
    colour: &str,
    hollow: bool,
    tip: &str,
) {
    let fill = if hollow { "#ffffff" } else { colour };
    let paint = format!(r#"fill="{fill}" stroke="{colour}" stroke-width="1.5""#);
    let (cx, cy) = (num(x), num(y));
    let _ = match shape {
        Shape::Circle => write!(out, r#"<circle cx="{cx}" cy="{cy}" r="3.5" {paint}>"#),
        Shape::Square => write!(
            out,
            r#"<rect x="{}" y="{}" width="6.4" height="6.4" {paint}>"#,
            num(x - 3.2),
            num(y - 3.2)
        ),
        Shape::Triangle => write!(
            out,
            r#"<path d="M{cx} {}L{} {}L{} {}z" {paint}>"#,
            num(y - 4.2),
            num(x + 4.2),
            num(y + 3.2),
            num(x - 4.2),
            num(y + 3.2)
        ),
        Shape::Diamond => write!(
            out,
            r#"<path d="M{cx} {}L{} {cy}L{cx} {}L{} {cy}z" {paint}>"#,
            num(y - 4.5),
            num(x + 4.5),
            num(y + 4.5),
            num(x - 4.5)
        ),
    };
    let _ = write!(out, "<title>{}</title>", escape(tip));
    out.push_str(match shape {
        Shape::Circle => "</circle>",
        Shape::Square => "</rect>",
        Shape::Triangle | Shape::Diamond => "</path>",
    });
}

/// Every month of the axis: the whole span when it is at most 50 years, else the months present.
fn axis_months(series: &[ChartSeries]) -> Vec<Month> {
    let mut present: Vec<Month> = series
        .iter()
        .flat_map(|s| s.points.iter().map(|(m, _)| *m))
        .collect();
    present.sort_unstable();
    present.dedup();
    match (present.first(), present.last()) {
        (Some(first), Some(last)) if (last.year() - first.year()) <= 50 => {
            first.through(*last).collect()
        }
        _ => present,
    }
}

/// The chart of `series` (months on x, counts from 0 on y).
pub fn line_chart(series: &[ChartSeries], text: &ChartText) -> String {
    let months = axis_months(series);
    let frame = Frame::new(series, &months);
    let any_suppressed = series
        .iter()
        .any(|s| s.points.iter().any(|(_, v)| v.is_none()));
    let legend = Legend::new(series.len() + usize::from(any_suppressed), frame.bottom);

    let mut out = String::with_capacity(8_000 + 600 * months.len() * series.len().max(1));
    open(&mut out, WIDTH, legend.height(), text);
    frame.y_axis(&mut out);
    frame.x_axis(&mut out);
    // Lines, then markers on top.
    let index: HashMap<Month, usize> = months.iter().enumerate().map(|(i, m)| (*m, i)).collect();
    for (si, s) in series.iter().enumerate() {
        frame.series(&mut out, &index, si, s, &text.suppressed_label);
    }
    legend.draw(
        &mut out,
        series,
        any_suppressed.then_some(text.suppressed_label.as_str()),
    );
    close(&mut out);
    out
}

/// The plot area: where a month and a count land, shared by the axes and the lines.
struct Frame<'a> {
    /// Every month of the x axis, in order.
    months: &'a [Month],
    /// The highest y tick and the step between ticks.
    ticks: (u64, u64),
    /// Left edge of the plot, after the widest count label.
    left: f64,
    plot_width: f64,
    /// The baseline (count 0).
    bottom: f64,
}

impl<'a> Frame<'a> {
    /// Sizes the y axis to the largest published count and leaves room for its label.
    fn new(series: &[ChartSeries], months: &'a [Month]) -> Frame<'a> {
        let max = series
            .iter()
            .flat_map(|s| s.points.iter().filter_map(|(_, v)| *v))
            .max()
            .unwrap_or(0);
        let (top, step) = nice_ticks(max, 5);
        let left = (text_width(&top.to_string(), 11.0) + 16.0).max(36.0);
        Frame {
            months,
            ticks: (top, step),
            left,
            plot_width: WIDTH - left - RIGHT,
            bottom: TOP + PLOT_HEIGHT,
        }
    }

    /// The x of the `i`th month (a lone month is centred).
    fn x_of(&self, i: usize) -> f64 {
        match self.months.len() {
            0 | 1 => self.left + self.plot_width / 2.0,
            n => self.left + 8.0 + (self.plot_width - 16.0) * i as f64 / (n - 1) as f64,
        }
    }

    /// The y of count `v`.
    fn y_of(&self, v: u64) -> f64 {
        self.bottom - PLOT_HEIGHT * v as f64 / self.ticks.0 as f64
    }

    /// Y axis: grid lines and counts.
    fn y_axis(&self, out: &mut String) {
        count_ticks(out, "end", self.ticks, |out, tick| {
            let y = num(self.y_of(tick));
            let _ = write!(
                out,
                r#"<line x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="{GRID}"/><text x="{}" y="{y}" dy="0.35em">{tick}</text>"#,
                num(self.left),
                num(self.left + self.plot_width),
                num(self.left - 6.0)
            );
        });
    }

    /// X axis: the baseline, then ticks and month labels thinned to a regular step that always
    /// includes the latest month.
    fn x_axis(&self, out: &mut String) {
        let (months, bottom) = (self.months, self.bottom);
        let _ = write!(
            out,
            r#"<line x1="{}" y1="{b}" x2="{}" y2="{b}" stroke="{INK_SOFT}"/>"#,
            num(self.left),
            num(self.left + self.plot_width),
            b = num(bottom)
        );
        let max_labels = ((self.plot_width / 64.0) as usize).max(1);
        let label_step = [1, 2, 3, 4, 6, 12, 24, 36, 60, 120, 240]
            .into_iter()
            .find(|s| months.len().div_ceil(*s) <= max_labels)
            .unwrap_or(months.len().max(1));
        let _ = write!(
            out,
            r#"<g font-size="11" fill="{INK_SOFT}" text-anchor="middle">"#
        );
        for (i, m) in months.iter().enumerate() {
            if (months.len() - 1 - i).is_multiple_of(label_step) {
                let x = num(self.x_of(i));
                let _ = write!(
                    out,
                    r#"<line x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="{INK_SOFT}"/><text x="{x}" y="{}">{m}</text>"#,
                    num(bottom),
                    num(bottom + 4.0),
                    num(bottom + 17.0)
                );
            }
        }
        out.push_str("</g>");
    }

    /// Series `si`: its line, broken at suppressed and missing months, then its markers.
    fn series(
        &self,
        out: &mut String,
        index: &HashMap<Month, usize>,
        si: usize,
        s: &ChartSeries,
        suppressed_label: &str,
    ) {
        let (colour, dash, shape) = style(si);
        // Per axis month: `None` missing, `Some(None)` suppressed, `Some(Some(c))` published.
        let mut values: Vec<Option<Option<u64>>> = vec![None; self.months.len()];
        for (m, v) in &s.points {
            if let Some(&i) = index.get(m) {
                values[i] = Some(*v);
            }
        }
        let dash_attr = dash.map_or(String::new(), |d| format!(r#" stroke-dasharray="{d}""#));
        let mut run: Vec<String> = Vec::new();
        let flush = |run: &mut Vec<String>, out: &mut String| {
            if run.len() > 1 {
                let _ = write!(
                    out,
                    r#"<polyline points="{}" fill="none" stroke="{colour}" stroke-width="2" stroke-linejoin="round"{dash_attr}/>"#,
                    run.join(" ")
                );
            }
            run.clear();
        };
        for (i, v) in values.iter().enumerate() {
            match v {
                Some(Some(c)) => run.push(format!("{},{}", num(self.x_of(i)), num(self.y_of(*c)))),
                _ => flush(&mut run, out),
            }
        }
        flush(&mut run, out);
        let published = |i: usize| matches!(values.get(i), Some(Some(Some(_))));
        for (i, v) in values.iter().enumerate() {
            let Some(v) = v else { continue };
            let isolated = !published(i.wrapping_sub(1)) && !published(i + 1);
            if v.is_some() && self.months.len() > DENSE_MONTHS && !isolated {
                continue;
            }
            let (y, shown, hollow) = match v {
                Some(c) => (self.y_of(*c), c.to_string(), false),
                None => (self.bottom, suppressed_label.to_owned(), true),
            };
            let tip = format!("{}, {}: {shown}", s.name, self.months[i]);
            marker(out, shape, (self.x_of(i), y), colour, hollow, &tip);
        }
    }
}

/// The legend under the plot: one entry per series, then the suppressed marker; in two columns
/// beyond six entries, filled column by column.
struct Legend {
    columns: usize,
    rows: usize,
    top: f64,
}

impl Legend {
    fn new(items: usize, bottom: f64) -> Legend {
        let columns = if items > 6 { 2 } else { 1 };
        Legend {
            columns,
            rows: items.div_ceil(columns),
            top: bottom + 40.0,
        }
    }

    /// The height of the whole chart, legend included.
    fn height(&self) -> f64 {
        self.top + 20.0 * self.rows as f64 + 6.0
    }

    /// The entries of `series`, then `suppressed` (its label) when some month was suppressed.
    fn draw(&self, out: &mut String, series: &[ChartSeries], suppressed: Option<&str>) {
        let column_width = (WIDTH - 16.0) / self.columns as f64;
        let max_chars = ((column_width - 44.0) / (12.0 * 0.56)) as usize;
        let slot = |i: usize| {
            let (row, col) = (i % self.rows.max(1), i / self.rows.max(1));
            (
                8.0 + column_width * col as f64,
                self.top + 20.0 * row as f64,
            )
        };
        // An entry's words, after its line and marker.
        let legend_label = |out: &mut String, (x, y): (f64, f64), label: &str| {
            let _ = write!(
                out,
                r#"<text x="{}" y="{}" dy="0.35em">{}</text>"#,
                num(x + 38.0),
                num(y),
                escape(&truncate(label, max_chars))
            );
        };
        let _ = write!(out, r#"<g fill="{INK}">"#);
        for (si, s) in series.iter().enumerate() {
            let (colour, dash, shape) = style(si);
            let (x, y) = slot(si);
            let dash_attr = dash.map_or(String::new(), |d| format!(r#" stroke-dasharray="{d}""#));
            let _ = write!(
                out,
                r#"<line x1="{}" y1="{y1}" x2="{}" y2="{y1}" stroke="{colour}" stroke-width="2"{dash_attr}/>"#,
                num(x),
                num(x + 30.0),
                y1 = num(y)
            );
            marker(out, shape, (x + 15.0, y), colour, false, &s.name);
            legend_label(out, (x, y), &s.name);
        }
        if let Some(label) = suppressed {
            let (x, y) = slot(series.len());
            marker(out, Shape::Circle, (x + 15.0, y), INK_SOFT, true, label);
            legend_label(out, (x, y), label);
        }
        out.push_str("</g>");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::svg::contrast_ratio;

    #[test]
    fn twelve_series_look_different_without_colour() {
        let looks: std::collections::HashSet<(Option<&str>, usize)> =
            (0..12).map(|i| (style(i).1, i % SHAPES.len())).collect();
        assert_eq!(looks.len(), 12);
        let colours: std::collections::HashSet<&str> = (0..12).map(|i| style(i).0).collect();
        assert_eq!(colours.len(), 12);
    }

    #[test]
    fn line_colours_stand_out_on_white() {
        for c in COLOURS {
            assert!(contrast_ratio(c, "#ffffff") >= 3.0, "{c}");
        }
    }

    #[test]
    fn the_axis_spans_every_month_between_the_ends() {
        let m = |y, mo| Month::new(y, mo).unwrap_or_else(|| Month::of_day(chrono::NaiveDate::MIN));
        let series = [ChartSeries {
            name: "a".into(),
            points: vec![(m(2025, 11), Some(1)), (m(2026, 2), Some(2))],
        }];
        assert_eq!(axis_months(&series).len(), 4);
    }
}
