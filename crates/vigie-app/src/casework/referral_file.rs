//! A partner without an account (issue 11, item 8): the caseworker produces the extract as an age
//! file for the partner's age public key (`age1…`), downloaded at once and readable with the
//! standard `age`/`rage` tools. The extract exists in clear only in the request's memory: the age
//! file is built in memory and handed to the caseworker's browser, never written to disk.
//!
//! Once sent it cannot be recalled (the form says so), so it needs what any referral needs: the
//! person's consent to sharing with that kind of partner and no name of theirs on the "never share
//! with" list, or an override with a reason. What is kept is the fact, in clear (the kind of
//! partner, the details sent, the day, whether it was an override) and the audit entries; neither
//! the extract nor the recipient's key.

use vigie_domain::casefile::{DetailField, RecipientKind};
use vigie_domain::referral::Extract;
use vigie_domain::{AuditKind, FileId, Principal, ReferralId};
use vigie_store::ReferralExportRecord;
use vigie_vault::SecretKey;
use vigie_vault::export::AgeExport;
use zeroize::Zeroizing;

use super::file_object;
use super::referrals::{ExtractChoice, Recipient, invalid};
use crate::audit::audited;
use crate::reports::handle::actor;
use crate::reports::submit::today;
use crate::{App, Result};

/// The name of the text file inside the age file.
pub const EXTRACT_TEXT_NAME: &str = "orientation.txt";

/// What a caseworker asks for: the partner's age public key, their kind and name (held against
/// the "never share with" list, never stored), and the extract's content.
#[derive(Clone, Debug)]
pub struct AgeExtract {
    /// The partner's age X25519 public key (`age1…`).
    pub recipient: String,
    /// The kind of partner.
    pub kind: RecipientKind,
    /// The partner's name, for the consent check.
    pub name: String,
    /// The details, the reason, the override.
    pub choice: ExtractChoice,
}

/// An extract sent as an age file, as the file's page lists it.
pub type FileExtractLine = ReferralExportRecord;

/// The French name of a detail, in the file the partner reads.
fn detail_fr(f: DetailField) -> &'static str {
    match f {
        DetailField::Name => "Nom et prénom",
        DetailField::Contact => "Contact",
        DetailField::Address => "Adresse",
        DetailField::Situation => "Situation",
        DetailField::Flags => "Points d'attention",
    }
}

/// `orientation.txt`: the reason and the chosen details, in French.
fn extract_text(extract: &Extract, day: &str) -> Zeroizing<String> {
    let mut text = Zeroizing::new(format!(
        "Orientation transmise par l'équipe d'accompagnement le {day}\n\
         ===========================================================\n\n\
         Document confidentiel : ne le transférez pas, ne le copiez pas ailleurs que dans votre \
         dossier professionnel.\n\nMotif de l'orientation\n----------------------\n{}\n",
        extract.reason
    ));
    for (field, value) in &extract.details {
        let label = detail_fr(*field);
        text.push_str(&format!(
            "\n{label}\n{}\n{value}\n",
            "-".repeat(label.chars().count())
        ));
    }
    text
}

impl App {
    /// The age file of an extract of file `file` for `req.recipient`, for a caseworker of its team
    /// (`ReferCase`), after the consent check; recorded and audited (`exported`) before it is
    /// returned. Built in memory: the bytes returned are the ciphertext only.
    pub async fn export_referral_extract(
        &self,
        who: &Principal,
        secret: &SecretKey,
        file: FileId,
        req: &AgeExtract,
    ) -> Result<Vec<u8>> {
        // A bad key is refused before anything is decrypted.
        AgeExport::new(&req.recipient, std::io::sink()).map_err(|_| {
            invalid(
                "ce n'est pas une clé publique age (elle commence par age1) / not an age public key (it starts with age1)",
            )
        })?;
        let to = (req.kind, Recipient::Named(&req.name));
        let (record, extract, overridden) = self
            .checked_extract(who, secret, file, to, &req.choice)
            .await?;
        let day = today(self);
        let text = extract_text(&extract, &day);
        let mut export = AgeExport::new(&req.recipient, Vec::new())?;
        export.add_bytes(EXTRACT_TEXT_NAME, text.as_bytes())?;
        let bytes = export.finish()?;
        let id = ReferralId::random();
        let row = ReferralExportRecord {
            id,
            file,
            team: record.team,
            partner_kind: req.kind.as_str().to_owned(),
            fields: extract
                .details
                .iter()
                .map(|(f, _)| f.as_str().to_owned())
                .collect(),
            overridden,
            day,
        };
        let detail = if overridden {
            "age extract without consent (override, reason given)"
        } else {
            "age extract"
        };
        let entries = [
            self.entry(
                actor(who),
                AuditKind::Exported,
                &format!("referral:{id}"),
                detail,
            )
            .await?,
            self.entry(
                actor(who),
                AuditKind::FileUpdated,
                &file_object(file),
                "referral by age file",
            )
            .await?,
        ];
        self.store()
            .insert_referral_export(&row, &audited(&entries))
            .await?;
        Ok(bytes)
    }

    /// The extracts file `file` sent as age files, for its team's caseworkers.
    pub async fn referral_exports_of_file(
        &self,
        who: &Principal,
        file: FileId,
    ) -> Result<Vec<FileExtractLine>> {
        self.file_for(who, file, vigie_domain::Action::ReadCase)
            .await?;
        Ok(self.store().referral_exports_of_file(file).await?)
    }
}
