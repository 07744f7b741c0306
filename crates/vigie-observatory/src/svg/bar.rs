//! Horizontal bars: one month by category, or by arrondissement.
//!
//! Bars are drawn in the order given, with their count written after them. A suppressed figure is a
//! hatched stub reaching `k` on the scale (its true value is somewhere below) labelled `< k`; the
//! legend then explains the hatching with [`ChartText::suppressed_label`].

use std::fmt::Write as _;

use super::{
    ChartText, GRID, INK, INK_SOFT, clean_id, close, count_ticks, escape, hatch_pattern,
    nice_ticks, num, open, text_width, truncate,
};

/// Fill of the bars (5.1:1 on white).
const BAR: &str = "#2171b5";
const WIDTH: f64 = 640.0;
const TOP: f64 = 8.0;
const ROW: f64 = 24.0;
const BAR_HEIGHT: f64 = 16.0;
/// Room after the longest bar for its count.
const VALUE_ROOM: f64 = 56.0;

/// One bar.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Bar {
    /// What it counts (a category, an arrondissement).
    pub label: String,
    /// The count; `None` when suppressed.
    pub value: Option<u64>,
}

/// The bars, with `k` the threshold of suppressed figures.
pub fn bar_chart(bars: &[Bar], k: u32, text: &ChartText) -> String {
    let any_suppressed = bars.iter().any(|b| b.value.is_none());
    let max = bars
        .iter()
        .filter_map(|b| b.value)
        .chain(any_suppressed.then_some(u64::from(k)))
        .max()
        .unwrap_or(0);
    let (top, step) = nice_ticks(max, 5);
    let label_width = bars
        .iter()
        .map(|b| text_width(&b.label, 12.0))
        .fold(0.0, f64::max)
        .clamp(48.0, 228.0)
        + 12.0;
    let max_chars = ((label_width - 12.0) / (12.0 * 0.56)) as usize;
    let plot_width = WIDTH - label_width - VALUE_ROOM;
    let x_of = |v: u64| label_width + plot_width * v as f64 / top as f64;
    let axis_y = TOP + ROW * bars.len() as f64;
    let legend_y = axis_y + 36.0;
    let height = if any_suppressed {
        legend_y + 20.0
    } else {
        axis_y + 26.0
    };
    let hatch = format!("{}-hatch", clean_id(&text.title_id));

    let mut out = String::with_capacity(2_000 + 400 * bars.len());
    open(&mut out, WIDTH, height, text);
    out.push_str("<defs>");
    hatch_pattern(&mut out, &hatch);
    out.push_str("</defs>");

    // Scale: vertical grid lines with counts under the bars.
    count_ticks(&mut out, "middle", (top, step), |out, tick| {
        let x = num(x_of(tick));
        let _ = write!(
            out,
            r#"<line x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="{GRID}"/><text x="{x}" y="{}">{tick}</text>"#,
            num(TOP),
            num(axis_y),
            num(axis_y + 14.0)
        );
    });

    let _ = write!(out, r#"<g fill="{INK}">"#);
    for (i, bar) in bars.iter().enumerate() {
        let y = TOP + ROW * i as f64 + (ROW - BAR_HEIGHT) / 2.0;
        let middle = num(y + BAR_HEIGHT / 2.0);
        let _ = write!(
            out,
            r#"<text x="{}" y="{middle}" dy="0.35em" text-anchor="end">{}</text>"#,
            num(label_width - 8.0),
            escape(&truncate(&bar.label, max_chars))
        );
        let (end, fill, shown, tip) = match bar.value {
            Some(v) => (x_of(v), BAR.to_owned(), v.to_string(), v.to_string()),
            None => (
                x_of(u64::from(k)).max(label_width + 4.0),
                format!("url(#{hatch})"),
                format!("< {k}"),
                text.suppressed_label.clone(),
            ),
        };
        let stroke = if bar.value.is_none() {
            r##" stroke="#6b6b6b""##
        } else {
            ""
        };
        let _ = write!(
            out,
            r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{fill}"{stroke}><title>{}: {}</title></rect><text x="{}" y="{middle}" dy="0.35em">{}</text>"#,
            num(label_width),
            num(y),
            num((end - label_width).max(0.0)),
            num(BAR_HEIGHT),
            escape(&bar.label),
            escape(&tip),
            num(end + 6.0),
            escape(&shown)
        );
    }
    let _ = write!(
        out,
        r#"<line x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="{INK_SOFT}"/>"#,
        num(TOP),
        num(axis_y),
        x = num(label_width)
    );
    if any_suppressed {
        let _ = write!(
            out,
            r##"<rect x="8" y="{}" width="24" height="14" fill="url(#{hatch})" stroke="#6b6b6b"/><text x="40" y="{}">{}</text>"##,
            num(legend_y - 11.0),
            num(legend_y),
            escape(&text.suppressed_label)
        );
    }
    out.push_str("</g>");
    close(&mut out);
    out
}
