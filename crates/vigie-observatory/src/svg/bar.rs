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
    let frame = Frame::new(bars, k, text);
    let mut out = String::with_capacity(2_000 + 400 * bars.len());
    open(&mut out, WIDTH, frame.height(), text);
    out.push_str("<defs>");
    hatch_pattern(&mut out, &frame.hatch);
    out.push_str("</defs>");
    frame.scale(&mut out);
    let _ = write!(out, r#"<g fill="{INK}">"#);
    for (i, bar) in bars.iter().enumerate() {
        frame.bar(&mut out, i, bar, text);
    }
    let _ = write!(
        out,
        r#"<line x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="{INK_SOFT}"/>"#,
        num(TOP),
        num(frame.axis_y),
        x = num(frame.label_width)
    );
    if frame.any_suppressed {
        frame.legend(&mut out, text);
    }
    out.push_str("</g>");
    close(&mut out);
    out
}

/// Where the labels end and a count lands, shared by the scale, the bars and the legend.
struct Frame {
    /// The threshold of suppressed figures: a suppressed bar reaches it.
    k: u32,
    /// Whether any bar is suppressed (then the scale reaches `k` and the legend is drawn).
    any_suppressed: bool,
    /// The highest tick and the step between ticks.
    ticks: (u64, u64),
    /// Left edge of the bars, after the widest label and its gap.
    label_width: f64,
    /// How many characters of a label fit before it is truncated.
    max_chars: usize,
    plot_width: f64,
    /// The baseline under the last bar, where the counts of the scale stand.
    axis_y: f64,
    /// The id of the hatching of suppressed bars, unique to this chart.
    hatch: String,
}

impl Frame {
    /// Sizes the scale to the largest count (or `k`, if a bar is suppressed) and the labels'
    /// column to the widest label, within bounds.
    fn new(bars: &[Bar], k: u32, text: &ChartText) -> Frame {
        let any_suppressed = bars.iter().any(|b| b.value.is_none());
        let max = bars
            .iter()
            .filter_map(|b| b.value)
            .chain(any_suppressed.then_some(u64::from(k)))
            .max()
            .unwrap_or(0);
        let label_width = bars
            .iter()
            .map(|b| text_width(&b.label, 12.0))
            .fold(0.0, f64::max)
            .clamp(48.0, 228.0)
            + 12.0;
        Frame {
            k,
            any_suppressed,
            ticks: nice_ticks(max, 5),
            label_width,
            max_chars: ((label_width - 12.0) / (12.0 * 0.56)) as usize,
            plot_width: WIDTH - label_width - VALUE_ROOM,
            axis_y: TOP + ROW * bars.len() as f64,
            hatch: format!("{}-hatch", clean_id(&text.title_id)),
        }
    }

    /// The x of count `v`.
    fn x_of(&self, v: u64) -> f64 {
        self.label_width + self.plot_width * v as f64 / self.ticks.0 as f64
    }

    /// The baseline of the legend's text, under the scale.
    fn legend_y(&self) -> f64 {
        self.axis_y + 36.0
    }

    /// The chart's height: room for the legend only when it is drawn.
    fn height(&self) -> f64 {
        if self.any_suppressed {
            self.legend_y() + 20.0
        } else {
            self.axis_y + 26.0
        }
    }

    /// Scale: vertical grid lines with counts under the bars.
    fn scale(&self, out: &mut String) {
        count_ticks(out, "middle", self.ticks, |out, tick| {
            let x = num(self.x_of(tick));
            let _ = write!(
                out,
                r#"<line x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="{GRID}"/><text x="{x}" y="{}">{tick}</text>"#,
                num(TOP),
                num(self.axis_y),
                num(self.axis_y + 14.0)
            );
        });
    }

    /// The `i`th bar: its label, the bar (a hatched stub to `k` when suppressed) with its
    /// tooltip, and its count after it.
    fn bar(&self, out: &mut String, i: usize, bar: &Bar, text: &ChartText) {
        let (label_width, k) = (self.label_width, self.k);
        let y = TOP + ROW * i as f64 + (ROW - BAR_HEIGHT) / 2.0;
        let middle = num(y + BAR_HEIGHT / 2.0);
        let _ = write!(
            out,
            r#"<text x="{}" y="{middle}" dy="0.35em" text-anchor="end">{}</text>"#,
            num(label_width - 8.0),
            escape(&truncate(&bar.label, self.max_chars))
        );
        let (end, fill, shown, tip) = match bar.value {
            Some(v) => (self.x_of(v), BAR.to_owned(), v.to_string(), v.to_string()),
            None => (
                self.x_of(u64::from(k)).max(label_width + 4.0),
                format!("url(#{})", self.hatch),
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

    /// The legend of the hatching, drawn only when a bar is suppressed.
    fn legend(&self, out: &mut String, text: &ChartText) {
        let legend_y = self.legend_y();
        let _ = write!(
            out,
            r##"<rect x="8" y="{}" width="24" height="14" fill="url(#{})" stroke="#6b6b6b"/><text x="40" y="{}">{}</text>"##,
            num(legend_y - 11.0),
            self.hatch,
            num(legend_y),
            escape(&text.suppressed_label)
        );
    }
}
