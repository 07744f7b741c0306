//! Victims' files (issue 11): one key per file wrapped for its casework team and the escrow, each
//! field, timeline entry, step, assessment and consent sealed on its own under a subkey of it, and
//! one name index per team sealed under a key wrapped for the team (DESIGN.md section 3).
//!
//! Finding a person by name never uses anything clear: the caseworker's request opens the team's
//! index (one unwrap, one decryption) and searches it in memory. A blind index in clear would let
//! whoever reads the database see that two files share a name.

mod consent;
mod deadlines;
mod files;
mod index;
mod indicators;
mod receipt;
mod referral_file;
mod referral_life;
mod referrals;
mod retention;
mod support;
mod view;

use vigie_domain::{FileId, PartId};
use vigie_store::{CASE_AUDIENCE, KeySlotRow, PartRow};
use vigie_vault::{AudienceKey, PublicKey};
use zeroize::Zeroizing;

use crate::Result;

pub use consent::ConsentsInForce;
pub use deadlines::{AGENDA_DAYS, AgendaItem, AgendaKind};
pub use files::{FILES_PER_PAGE, FileChange, FileQuery, GroupChoice, NewFileInput};
pub use index::{FileRow, SessionLabels};
pub use indicators::PublishedYear;
pub use referral_file::{AgeExtract, EXTRACT_TEXT_NAME, FileExtractLine};
pub use referrals::{ExtractChoice, ExtractVersion, NewReferral, ReferralView};
pub use retention::CaseRetentionReport;
pub use support::{
    Joined, NewSupportGroup, SessionView, SupportChange, SupportGroupLine, SupportGroupView,
};
pub use view::{FileListPage, FileView, GroupView, TimelineEntry};

/// Casework tunables, from the configuration's `[casework]` section.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CaseworkSettings {
    /// A referral still `proposed` this many days after it was made expires (default 30).
    pub referral_expiry_days: u32,
    /// Partners may write clinical notes (default off: then French law asks for a certified
    /// health-data host, see `docs/data-protection/README.md`).
    pub health_notes: bool,
    /// When victims' files are archived and erased.
    pub retention: vigie_domain::retention::FileRetention,
}

impl Default for CaseworkSettings {
    fn default() -> Self {
        Self {
            referral_expiry_days: 30,
            health_notes: false,
            retention: vigie_domain::retention::FileRetention::default(),
        }
    }
}

/// What an audit entry about a file names: `file:<uuid>`.
pub(crate) fn file_object(id: FileId) -> String {
    format!("file:{id}")
}

/// Associated data of a file key's slot: it cannot move to another file or generation.
fn file_slot_aad(file: FileId, generation: i64) -> Vec<u8> {
    crate::aad::slot(b"vigie/case-slot/", file.0.as_bytes(), generation)
}

/// Associated data of a file's sealed part: the file, the part and its kind.
fn file_part_aad(file: FileId, part: PartId, kind: &str) -> Vec<u8> {
    crate::aad::part(b"vigie/case-part/", file.0.as_bytes(), part, kind)
}

/// A new part of `file`, sealed under generation `generation` of its key.
fn seal_file_part(
    file: FileId,
    (generation, key): (i64, &AudienceKey),
    kind: &str,
    plain: &[u8],
    (author, day): (Option<vigie_domain::UserId>, &str),
) -> PartRow {
    let id = PartId::random();
    PartRow {
        id,
        kind: kind.to_owned(),
        audience: CASE_AUDIENCE.to_owned(),
        key_generation: generation,
        author,
        day: day.to_owned(),
        sealed: vigie_vault::seal(
            &key.part_key(id.0, kind),
            &file_part_aad(file, id, kind),
            plain,
        ),
    }
}

/// Opens a part of `file` with the key it was sealed under.
fn open_file_part(file: FileId, key: &AudienceKey, part: &PartRow) -> Result<Zeroizing<Vec<u8>>> {
    Ok(vigie_vault::open(
        &key.part_key(part.id.0, &part.kind),
        &file_part_aad(file, part.id, &part.kind),
        &part.sealed,
    )?)
}

/// The slot of generation `generation` of `file`'s key for one holder.
fn file_slot(
    file: FileId,
    (generation, key): (i64, &AudienceKey),
    (holder, holder_generation): (vigie_domain::KeyHolder, i64),
    recipient: &PublicKey,
) -> Result<KeySlotRow> {
    Ok(KeySlotRow {
        audience: CASE_AUDIENCE.to_owned(),
        key_generation: generation,
        holder,
        holder_generation,
        wrapped: vigie_vault::wrap_audience_key_for(
            recipient,
            key,
            &file_slot_aad(file, generation),
        )?,
    })
}

/// Part kinds of a file (clear: they say what a row is, not what it holds). A detail field's kind
/// is `detail:` and its code.
pub(crate) mod kind {
    /// A timeline entry.
    pub const EVENT: &str = "event";
    /// A version of a next step.
    pub const STEP: &str = "step";
    /// A version of a court case.
    pub const COURT: &str = "court";
    /// A needs and risk assessment with its safety plan.
    pub const ASSESSMENT: &str = "assessment";
    /// A consent as given.
    pub const CONSENT: &str = "consent";
    /// A withdrawal of consent.
    pub const WITHDRAWAL: &str = "withdrawal";
    /// The note written when the file was closed.
    pub const CLOSING: &str = "closing";
    /// The prefix of a detail field's kind.
    pub const DETAIL: &str = "detail:";
    /// A "not in the same group as" flag naming another file (sealed in both).
    pub const NOT_WITH: &str = "not_with";
    /// The custodian's reading of the archived file, with their reason.
    pub const ARCHIVE_READ: &str = "archive_read";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_open_only_under_their_own_file_and_kind() {
        let key = AudienceKey::random();
        let file = FileId::random();
        let part = seal_file_part(
            file,
            (0, &key),
            "detail:name",
            b"Nom Fictif",
            (None, "2026-01-01"),
        );
        assert_eq!(
            open_file_part(file, &key, &part)
                .ok()
                .as_deref()
                .map(Vec::as_slice),
            Some(b"Nom Fictif".as_slice())
        );
        assert!(open_file_part(FileId::random(), &key, &part).is_err());
        let mut moved = part.clone();
        moved.kind = "detail:address".into();
        assert!(open_file_part(file, &key, &moved).is_err());
        assert!(open_file_part(file, &AudienceKey::random(), &part).is_err());
    }
}
