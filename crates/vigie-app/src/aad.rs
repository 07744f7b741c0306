//! Associated data: what each seal and wrapped key of the application is bound to, a label naming
//! the kind of thing and the row it belongs to, so that a ciphertext moved to another row, or to
//! another kind of row, no longer opens. The labels are part of the stored data: never change one.

use serde::Serialize;
use vigie_domain::PartId;

use crate::{AppError, Result};

/// A key slot of row `id` (a file, a referral, a team's index) for key generation `generation`.
pub(crate) fn slot(label: &[u8], id: &[u8], generation: i64) -> Vec<u8> {
    [label, id, &generation.to_be_bytes()].concat()
}

/// Sealed part `part`, of kind `kind`, of row `id` (a report, a file, a referral).
pub(crate) fn part(label: &[u8], id: &[u8], part: PartId, kind: &str) -> Vec<u8> {
    [label, id, part.0.as_bytes(), kind.as_bytes()].concat()
}

/// The sealed half of row `id` whose clear half is `clear` (JSON, in its fields' order: one
/// encoding for one value), so that neither half can be changed alone in the database. `what`
/// names the row in the error.
pub(crate) fn with_columns(
    label: &[u8],
    id: &[u8],
    clear: &impl Serialize,
    what: &str,
) -> Result<Vec<u8>> {
    let columns = json(clear, what)?;
    Ok([label, id, b"/", &columns].concat())
}

/// `value` as JSON, to seal; `what` names it in the error.
pub(crate) fn json(value: &impl Serialize, what: &str) -> Result<Vec<u8>> {
    serde_json::to_vec(value).map_err(|e| AppError::Invalid(format!("{what} encoding: {e}")))
}
