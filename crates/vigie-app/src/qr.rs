//! QR codes as inline SVG, made on the server (no script, nothing fetched): the second factor's
//! enrolment and the survey slips (issue 12, item 4).

use crate::{AppError, Result};

/// `data` as an inline `<svg>` (no XML declaration) of at least `size` pixels, named `label` for
/// assistive technologies, with the class `qr`: presentation attributes only, no style or script.
pub fn qr_svg(data: &str, label: &str, size: u32) -> Result<String> {
    let qr =
        qrcode::QrCode::new(data.as_bytes()).map_err(|e| AppError::Invalid(format!("QR: {e}")))?;
    let svg = qr
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(size, size)
        .quiet_zone(true)
        .build();
    let label: String = label
        .chars()
        .filter(|c| !matches!(c, '"' | '<' | '>' | '&'))
        .collect();
    Ok(svg
        .split_once("<svg")
        .map(|(_, rest)| format!("<svg role=\"img\" aria-label=\"{label}\" class=\"qr\"{rest}"))
        .unwrap_or_default())
}
