//! Forwarding a report to the authorities (DESIGN.md section 3, "Exports"): one age file for the
//! recipient's age public key, readable with the standard `age`/`rage` tools, holding a tar archive:
//! `signalement.txt` (the report's fields in French plain text and the conversation) and the cleaned
//! copy of each file (the originals too when asked).
//!
//! Only with the reporter's consent (`consent_forward`). Never in the archive: the staff's internal
//! notes, the reporter's identity, exact times, staff names. The export is audited (`exported`,
//! detail `age export`, no content) before its first byte leaves, and the report's status becomes
//! `forwarded` once the archive is complete.
//!
//! Everything streams: the files go from their sealed blobs through the tar writer into age and out,
//! one chunk at a time, on a blocking thread. If anything fails half-way, the function returns the
//! error and the bytes already written are an unfinished age file that does not decrypt: the caller
//! must make the failure visible (a broken download), never pass the partial file on.

use std::fmt::Write as _;
use std::io::Write;

use vigie_domain::report::{Category, ReportContent, ReportStatus};
use vigie_domain::{Action, AuditActor, AuditKind, PartId, Principal, ReportId};
use vigie_store::{BlobId, ReportRecord};
use vigie_vault::export::AgeExport;
use vigie_vault::{Audience, AudienceKey, SecretKey, VaultError};
use zeroize::Zeroizing;

use super::files::{FileMeta, FileVariant, stored_blob_id};
use super::handle::Message;
use super::keys::AudienceKeys;
use crate::{App, AppError};

/// The name of the text file in the archive.
pub const EXPORT_TEXT_NAME: &str = "signalement.txt";

/// Why a report was not forwarded.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The reporter did not agree to their report being forwarded to the authorities.
    #[error("the reporter did not agree to forwarding this report")]
    NoConsent,
    /// The recipient is not an age X25519 public key (or is a weak one).
    #[error("not an age recipient: expected an age public key starting with age1")]
    BadRecipient,
    /// Anything else (the policy, the store, a broken file, the output).
    #[error(transparent)]
    App(#[from] AppError),
}

through_app_error!(ExportError::App: vigie_store::StoreError);

impl From<VaultError> for ExportError {
    fn from(e: VaultError) -> Self {
        match e {
            VaultError::BadRecipient | VaultError::WeakPublicKey => ExportError::BadRecipient,
            other => ExportError::App(AppError::Vault(other)),
        }
    }
}

/// One file of the report and the copies to put in the archive: (blob id, plaintext size).
struct FileCopies {
    part: PartId,
    /// The conversation key generation that sealed its blobs.
    key: AudienceKey,
    /// Its place among the report's files, from 1.
    number: usize,
    meta: FileMeta,
    /// The copies to include, each with the variant its blob is sealed as.
    clean: Option<(BlobId, u64, FileVariant)>,
    original: Option<(BlobId, u64, FileVariant)>,
}

impl App {
    /// The copies of each file to put in an export: the clean copy, and the original too when
    /// asked (a file vigie could not clean is only ever its original), with their sizes once opened.
    async fn file_copies(
        &self,
        id: ReportId,
        key: &AudienceKeys,
        files: Vec<(PartId, FileMeta)>,
        include_originals: bool,
    ) -> Result<Vec<FileCopies>, ExportError> {
        let blobs = self.store().report_blobs(id).await?;
        let parts = self.store().report_parts(id).await?;
        let mut copies = Vec::with_capacity(files.len());
        for (index, (part, meta)) in files.into_iter().enumerate() {
            let safe = meta.has_clean_copy();
            let generation = parts
                .iter()
                .find(|p| p.part.id == part)
                .map_or(0, |p| p.part.key_generation);
            let mut copy = FileCopies {
                part,
                key: key.at(generation)?.clone(),
                number: index + 1,
                meta,
                clean: None,
                original: None,
            };
            for b in blobs.iter().filter(|b| b.part == part) {
                // A "clean" copy of a file vigie could not clean (stored so before it kept such
                // files as originals only) is the file as it came: an original.
                let (variant, role) = match b.variant.as_str() {
                    "clean" if safe => (FileVariant::Clean, FileVariant::Clean),
                    "clean" if include_originals => (FileVariant::Clean, FileVariant::Original),
                    "original" if include_originals => {
                        (FileVariant::Original, FileVariant::Original)
                    }
                    _ => continue,
                };
                let blob = stored_blob_id(&b.blob_id)?;
                // From a bucket, a blocking request: off the async threads.
                let blobs = self.blobs().clone();
                let sealed = tokio::task::spawn_blocking(move || blobs.len(&blob))
                    .await
                    .map_err(|_| AppError::Invalid("the blob size task failed".into()))?
                    .map_err(|e| AppError::Invalid(e.to_string()))?;
                let size = vigie_vault::opened_len(sealed)
                    .ok_or_else(|| AppError::Invalid("corrupt sealed file".into()))?;
                match role {
                    FileVariant::Clean => copy.clean = Some((blob, size, variant)),
                    FileVariant::Original => copy.original = Some((blob, size, variant)),
                }
            }
            copies.push(copy);
        }
        Ok(copies)
    }

    /// Writes report `id` to `out` as an age file for `recipient` (`age1...`), for `who` (a handler in
    /// the report's audience, `Action::ForwardReport`), with the original files when
    /// `include_originals`. Returns the writer once the archive is complete.
    ///
    /// Blocking writes to `out` happen on a blocking thread (`out` may block, e.g. on a bounded
    /// channel). Audited; the status becomes `forwarded`.
    pub async fn export_report<W: Write + Send + 'static>(
        &self,
        who: &Principal,
        secret: &SecretKey,
        id: ReportId,
        recipient: &str,
        include_originals: bool,
        out: W,
    ) -> Result<W, ExportError> {
        let record = self.report_for(who, id, Action::ForwardReport).await?;
        // A bad recipient is refused before anything is decrypted (the sink only takes the header).
        AgeExport::new(recipient, std::io::sink())?;
        let key = self
            .key_for(who, secret, id, Audience::Conversation)
            .await?;
        let (content, files, messages) = self.open_conversation(&key, id).await?;
        if !content.consent_forward {
            return Err(ExportError::NoConsent);
        }
        let copies = self.file_copies(id, &key, files, include_originals).await?;
        let district = self
            .settings()
            .areas
            .district(&record.district)
            .map(|d| d.name.clone());
        let neighbourhood = content
            .neighbourhood
            .as_deref()
            .and_then(|n| self.settings().areas.neighbourhood(n))
            .map(|n| n.name.clone());
        let mut text = report_text(
            &record,
            district.as_deref(),
            neighbourhood.as_deref(),
            &content,
            &messages,
        );
        // Written before the first byte leaves: a crash half-way still leaves the trace.
        self.append_audit(
            AuditActor::Staff(who.id),
            AuditKind::Exported,
            &format!("report:{id}"),
            "age export",
        )
        .await?;

        let app = self.clone();
        let recipient = recipient.to_owned();
        let out = tokio::task::spawn_blocking(move || -> Result<W, ExportError> {
            let mut export = AgeExport::new(&recipient, out)?;
            let mut listing = String::new();
            for f in &copies {
                let mut included = Vec::new();
                for (variant, copy) in [
                    (FileVariant::Clean, &f.clean),
                    (FileVariant::Original, &f.original),
                ] {
                    let Some((blob, size, stored_as)) = copy else {
                        continue;
                    };
                    let reader =
                        app.open_blob_stream(&f.key, id, f.part, *stored_as, &blob.to_string())?;
                    // Named from the sniffed type, never from the reporter's name for it.
                    let name = match variant {
                        FileVariant::Clean => f.meta.download_name(f.number),
                        FileVariant::Original => {
                            format!("original-{}", f.meta.download_name(f.number))
                        }
                    };
                    let stored = export.add_reader(&name, *size, reader)?;
                    let what = match variant {
                        FileVariant::Clean => "copie nettoyée",
                        FileVariant::Original => "original tel que reçu",
                    };
                    included.push(format!("{what} : {stored}"));
                }
                file_entry(&mut listing, &f.meta, &included);
            }
            if !copies.is_empty() {
                text.push_str("\nFichiers joints\n---------------\n");
                text.push_str(&listing);
            }
            export.add_bytes(EXPORT_TEXT_NAME, text.as_bytes())?;
            Ok(export.finish()?)
        })
        .await
        .map_err(|_| AppError::Invalid("the export task failed".into()))??;
        self.set_report_status(who, id, ReportStatus::Forwarded)
            .await?;
        Ok(out)
    }
}

/// The French name of a category, for the authorities.
fn category_fr(category: Category) -> &'static str {
    match category {
        Category::DealPoint => "Point de deal",
        Category::LookoutsMinors => "Guetteurs, recrutement de mineurs",
        Category::Threats => "Menaces, intimidation",
        Category::Violence => "Violences, règlement de comptes",
        Category::HallOccupation => "Occupation de hall, squat",
        Category::Online => "Trafic en ligne",
        Category::Corruption => "Corruption",
        Category::Other => "Autre",
    }
}

fn yes_no(b: bool) -> &'static str {
    if b { "oui" } else { "non" }
}

/// `signalement.txt` without its file list: the report's fields and the conversation, in French.
fn report_text(
    record: &ReportRecord,
    district: Option<&str>,
    neighbourhood: Option<&str>,
    content: &ReportContent,
    messages: &[Message],
) -> Zeroizing<String> {
    let mut t = Zeroizing::new(String::new());
    let none = "non précisé";
    // Writing to a String cannot fail.
    let _ = writeln!(t, "Signalement n° {}", record.number);
    let _ = writeln!(t, "Reçu le : {}", record.received_day);
    let _ = writeln!(t, "Catégorie : {}", category_fr(record.category));
    let _ = writeln!(
        t,
        "Arrondissement : {} ({})",
        district.unwrap_or(none),
        record.district
    );
    let _ = writeln!(t, "Quartier : {}", neighbourhood.unwrap_or(none));
    let _ = writeln!(t, "Lieu : {}", content.place.as_deref().unwrap_or(none));
    let _ = writeln!(
        t,
        "Date des faits : {}",
        content
            .date
            .map_or_else(|| none.to_owned(), |d| d.format("%d/%m/%Y").to_string())
    );
    let _ = writeln!(t, "Faits en cours : {}", yes_no(content.ongoing));
    let _ = writeln!(
        t,
        "Moment de la journée : {}",
        content.time_of_day.as_deref().unwrap_or(none)
    );
    let _ = writeln!(
        t,
        "Personne en danger immédiat : {}",
        yes_no(content.danger)
    );
    let _ = writeln!(
        t,
        "Accord de l'auteur·rice pour la transmission aux autorités : {}",
        yes_no(content.consent_forward)
    );
    let _ = write!(t, "\nRécit\n-----\n{}\n", content.text);
    if !messages.is_empty() {
        t.push_str("\nÉchanges avec l'auteur·rice du signalement\n------------------------------------------\n");
        for m in messages {
            let who = if m.from_reporter {
                "Auteur·rice du signalement"
            } else {
                "Association"
            };
            let _ = write!(t, "\n[{}] {who} :\n{}\n", m.day, m.text);
        }
    }
    t
}

/// One line of the file list: its name, type, size, what was removed, what is in the archive.
fn file_entry(out: &mut String, meta: &FileMeta, included: &[String]) {
    let _ = write!(out, "- {} ({}, {} octets)", meta.name, meta.mime, meta.size);
    if !meta.removed.is_empty() {
        let _ = write!(out, " ; métadonnées retirées : {}", meta.removed.join(", "));
    }
    if meta.unchecked {
        out.push_str(" ; fichier non vérifié (format illisible ou non pris en charge)");
    } else if meta.flagged {
        out.push_str(" ; format non nettoyable : peut révéler un lieu ou une personne");
    }
    if included.is_empty() {
        out.push_str(" ; non inclus dans cette transmission");
    } else {
        let _ = write!(out, " ; inclus : {}", included.join(", "));
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use vigie_domain::{ReportId, TeamId};

    #[test]
    fn the_text_holds_the_fields_and_the_conversation_but_nothing_else() {
        let record = ReportRecord {
            id: ReportId::random(),
            number: 7,
            category: Category::DealPoint,
            district: "13203".into(),
            status: ReportStatus::New,
            received_day: "2026-11-20".into(),
            last_activity_day: "2026-11-21".into(),
            closed_day: None,
            team: TeamId::random(),
            assignee: None,
            receipt_kdf: String::new(),
            reporter_public_key: Vec::new(),
            reporter_key_mac: None,
            help: None,
            help_link: None,
            team_unread: 0,
        };
        let content = ReportContent {
            neighbourhood: Some("1320301".into()),
            place: Some("bâtiment B".into()),
            date: chrono::NaiveDate::from_ymd_opt(2026, 11, 19),
            ongoing: true,
            time_of_day: None,
            text: "Des guetteurs au pied du bâtiment.".into(),
            danger: false,
            consent_forward: true,
            submitted_at: 1_790_000_123,
        };
        let messages = vec![
            Message {
                part: vigie_domain::PartId::random(),
                from_reporter: false,
                author: Some(vigie_domain::UserId::random()),
                day: "2026-11-21".into(),
                at: 1_790_100_000,
                text: "Merci, pouvez-vous préciser ?".into(),
            },
            Message {
                part: vigie_domain::PartId::random(),
                from_reporter: true,
                author: None,
                day: "2026-11-21".into(),
                at: 1_790_100_500,
                text: "Entrée côté parking.".into(),
            },
        ];
        let t = report_text(
            &record,
            Some("Marseille 3e"),
            Some("Saint-Mauront"),
            &content,
            &messages,
        );
        for expected in [
            "Signalement n° 7",
            "Catégorie : Point de deal",
            "Arrondissement : Marseille 3e (13203)",
            "Quartier : Saint-Mauront",
            "Lieu : bâtiment B",
            "Date des faits : 19/11/2026",
            "Faits en cours : oui",
            "Moment de la journée : non précisé",
            "Des guetteurs au pied du bâtiment.",
            "[2026-11-21] Association :\nMerci, pouvez-vous préciser ?",
            "[2026-11-21] Auteur·rice du signalement :\nEntrée côté parking.",
        ] {
            assert!(t.contains(expected), "{expected} in {}", t.as_str());
        }
        assert!(
            !t.contains("1790000123") && !t.contains("1790100000"),
            "no exact time"
        );
        let mut listing = String::new();
        let meta = FileMeta {
            name: "photo.jpg".into(),
            mime: "image/jpeg".into(),
            size: 1234,
            removed: vec!["exif".into()],
            flagged: false,
            unchecked: false,
            may_contain_location: true,
            cleaner: crate::reports::CLEANER_VERSION,
        };
        file_entry(&mut listing, &meta, &["copie nettoyée : photo.jpg".into()]);
        assert_eq!(
            listing,
            "- photo.jpg (image/jpeg, 1234 octets) ; métadonnées retirées : exif ; inclus : copie nettoyée : photo.jpg\n"
        );
    }
}
