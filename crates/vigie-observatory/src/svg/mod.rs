//! Charts and maps as SVG strings, rendered on the server and embedded in the page.
//!
//! Every SVG here is safe under a strict CSP and in Tor Browser: no `style` attribute or element, no
//! script, no external reference, no font download (presentation attributes only: `fill`, `stroke`,
//! `font-size`, ...). Each is `role="img"`, labelled by its `<title>` and `<desc>` through
//! `aria-labelledby` with the ids the caller passes, and draws on its own white background so that its
//! contrast does not depend on the page. All text comes from the caller (French or English) and is
//! XML-escaped. Tor Browser "Safest" shows no SVG at all: the page must also carry the figures as a
//! table.
//!
//! Ids: the caller's `title_id` and `desc_id`, and ids derived from `title_id` for patterns, are
//! reduced to ASCII letters, digits, `-` and `_` (anything else becomes `-`); give each SVG of a page
//! its own `title_id`.

mod bar;
mod line;
mod map;

pub use bar::{Bar, bar_chart};
pub use line::{ChartSeries, ChartText, line_chart};
pub use map::{MapText, MapValue, choropleth};

use std::fmt::Write as _;

/// Text colour on light backgrounds.
pub(crate) const INK: &str = "#111111";
/// Secondary text (axes, attribution): 9.7:1 on white.
pub(crate) const INK_SOFT: &str = "#444444";
/// Grid lines.
pub(crate) const GRID: &str = "#d9d9d9";
/// Font stack: the reader's own sans-serif, nothing downloaded.
pub(crate) const FONT: &str = "sans-serif";

/// Escapes text for XML content and attribute values, and drops the characters XML 1.0 forbids
/// (control characters other than tab, line feed and carriage return; U+FFFE, U+FFFF).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// An id reduced to ASCII letters, digits, `-` and `_`, starting with a letter.
pub(crate) fn clean_id(id: &str) -> String {
    let mut out: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if !out.starts_with(|c: char| c.is_ascii_alphabetic()) {
        out.insert(0, 'v');
    }
    out
}

/// A coordinate rounded to 0.1, without a trailing `.0`.
pub(crate) fn num(v: f64) -> String {
    crate::geo::Tenths((v * 10.0).round() as i64).to_string()
}

/// The words every chart and map opens with.
pub(crate) trait Heading {
    /// The id and the text of the `<title>`, then of the `<desc>`.
    fn heading(&self) -> [(&str, &str); 2];
}

impl Heading for ChartText {
    fn heading(&self) -> [(&str, &str); 2] {
        [(&self.title_id, &self.title), (&self.desc_id, &self.desc)]
    }
}

impl Heading for MapText {
    fn heading(&self) -> [(&str, &str); 2] {
        [(&self.title_id, &self.title), (&self.desc_id, &self.desc)]
    }
}

/// Opens an SVG of `width` x `height` with its title, description and white background.
pub(crate) fn open(out: &mut String, width: f64, height: f64, text: &impl Heading) {
    let [title, desc] = text.heading();
    let (title_id, title) = (clean_id(title.0), escape(title.1));
    let (desc_id, desc) = (clean_id(desc.0), escape(desc.1));
    let (w, h) = (num(width), num(height));
    let _ = write!(
        out,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-labelledby="{title_id} {desc_id}" font-family="{FONT}" font-size="12"><title id="{title_id}">{title}</title><desc id="{desc_id}">{desc}</desc><rect width="{w}" height="{h}" fill="#ffffff"/>"##
    );
}

/// Closes what [`open`] opened.
pub(crate) fn close(out: &mut String) {
    out.push_str("</svg>");
}

/// The pattern suppressed figures are drawn with: grey diagonal hatching on white.
pub(crate) fn hatch_pattern(out: &mut String, id: &str) {
    let _ = write!(
        out,
        r##"<pattern id="{id}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/><line x1="1" y1="0" x2="1" y2="6" stroke="#6b6b6b" stroke-width="2"/></pattern>"##
    );
}

/// Ticks for a count axis from 0: a step of 1, 2 or 5 times a power of ten giving at most `max_ticks`
/// intervals, and the top of the axis (a multiple of the step, at least `max`, at least one step).
pub(crate) fn nice_ticks(max: u64, max_ticks: u64) -> (u64, u64) {
    let max_ticks = max_ticks.max(1);
    let mut magnitude: u64 = 1;
    loop {
        for m in [1, 2, 5] {
            let step = magnitude.saturating_mul(m);
            if max.div_ceil(step) <= max_ticks || step == u64::MAX {
                let top = max.div_ceil(step).max(1).saturating_mul(step);
                return (top, step);
            }
        }
        magnitude = magnitude.saturating_mul(10);
    }
}

/// The values of the ticks of an axis from [`nice_ticks`]: 0, `step`, `2 step`... up to and including
/// the first at or above `top`.
fn tick_values(top: u64, step: u64) -> impl Iterator<Item = u64> {
    let mut next = Some(0u64);
    std::iter::from_fn(move || {
        let tick = next?;
        next = (tick < top).then(|| tick.saturating_add(step));
        Some(tick)
    })
}

/// The ticks of a count axis from [`nice_ticks`]' `(top, step)`, in one group of small grey labels
/// anchored at `anchor`; `draw` writes a tick's grid line and label.
pub(crate) fn count_ticks(
    out: &mut String,
    anchor: &str,
    (top, step): (u64, u64),
    mut draw: impl FnMut(&mut String, u64),
) {
    let _ = write!(
        out,
        r#"<g font-size="11" fill="{INK_SOFT}" text-anchor="{anchor}">"#
    );
    for tick in tick_values(top, step) {
        draw(out, tick);
    }
    out.push_str("</g>");
}

/// A rough width of `text` at `font_size`, for layout (no font metrics on the server).
pub(crate) fn text_width(text: &str, font_size: f64) -> f64 {
    text.chars().count() as f64 * font_size * 0.56
}

/// `text` cut to `max` characters, with an ellipsis when cut.
pub(crate) fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// WCAG 2 contrast ratio between two `#rrggbb` colours (1 to 21).
pub fn contrast_ratio(a: &str, b: &str) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

fn luminance(hex: &str) -> f64 {
    let channel = |i: usize| {
        let v = hex
            .get(1 + 2 * i..3 + 2 * i)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .map_or(0.0, |v| f64::from(v) / 255.0);
        if v <= 0.039_28 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_forbidden_characters() {
        assert_eq!(
            escape("<a href=\"x\">Tom & Jerry's</a>\u{0}\u{7}é"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;é"
        );
    }

    #[test]
    fn ids_are_reduced_to_safe_names() {
        for (id, clean) in [
            ("carte-titre_1", "carte-titre_1"),
            ("a\"b<c> d", "a-b-c--d"),
            ("1x", "v1x"),
            ("", "v"),
        ] {
            assert_eq!(clean_id(id), clean);
        }
    }

    #[test]
    fn ticks_are_round() {
        for (max, ticks) in [
            (0, (1, 1)),
            (4, (4, 1)),
            (7, (8, 2)),
            (23, (25, 5)),
            (48, (50, 10)),
            (1234, (1500, 500)),
        ] {
            assert_eq!(nice_ticks(max, 5), ticks);
        }
        assert_eq!(nice_ticks(u64::MAX, 5).0, u64::MAX);
        // The ticks drawn: from 0 up to the top, and an end even at the largest top.
        let values: Vec<u64> = tick_values(25, 5).collect();
        assert_eq!(values, [0, 5, 10, 15, 20, 25]);
        let (top, step) = nice_ticks(u64::MAX, 5);
        assert_eq!(tick_values(top, step).last(), Some(u64::MAX));
    }

    #[test]
    fn contrast_matches_wcag() {
        assert!((contrast_ratio("#000000", "#ffffff") - 21.0).abs() < 1e-9);
        assert!((contrast_ratio("#767676", "#ffffff") - 4.54).abs() < 0.01);
        assert!(contrast_ratio(INK_SOFT, "#ffffff") >= 7.0);
    }
}
