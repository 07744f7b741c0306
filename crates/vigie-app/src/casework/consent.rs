//! A person's consents as they see them from `/suivi`, and their withdrawal there (DESIGN.md: the
//! follow-up code is theirs; nothing here dates their visit finer than the day).
//!
//! The follow-up code opens the help request's conversation, never the file: what is in force is
//! read from the file's clear consent columns, and a withdrawal clears them at once, with a message
//! in the conversation so that the caseworkers see it.

use vigie_domain::AuditKind;
use vigie_domain::referral::ReferralStatus;
use vigie_domain::report::ReportKind;
use vigie_store::PartAuthor;

use crate::reports::ReporterSession;
use crate::reports::submit::today;
use crate::{App, AppError, Result};

/// The consents in force on the files opened from a person's help request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConsentsInForce {
    /// Counted in the published anonymous statistics.
    pub statistics: bool,
    /// Extracts may go to partners.
    pub sharing: bool,
}

impl App {
    /// What the person consented to, when their help request has a file (`None` otherwise: a
    /// report, or a request nobody opened a file for yet).
    pub async fn reporter_consents(
        &self,
        session: &ReporterSession,
    ) -> Result<Option<ConsentsInForce>> {
        let record = self
            .store()
            .report(session.report)
            .await?
            .ok_or(AppError::SessionExpired)?;
        if record.kind() != ReportKind::HelpRequest {
            return Ok(None);
        }
        let files = self.store().files_of_request(session.report).await?;
        if files.is_empty() {
            return Ok(None);
        }
        Ok(Some(ConsentsInForce {
            statistics: files.iter().any(|f| f.consent_statistics),
            sharing: files.iter().any(|f| f.consent_sharing),
        }))
    }

    /// The person withdraws consents from `/suivi`: in force at once on every file opened from
    /// their request, and told to the caseworkers in the conversation. The audit entry carries the
    /// day only.
    pub async fn withdraw_consents(
        &self,
        session: &ReporterSession,
        statistics: bool,
        sharing: bool,
    ) -> Result<()> {
        if !statistics && !sharing {
            return Err(AppError::Invalid(
                "choisissez ce que vous retirez / choose what to withdraw".into(),
            ));
        }
        if self.reporter_consents(session).await?.is_none() {
            return Err(AppError::Invalid("nothing to withdraw".into()));
        }
        let key = self.reporter_key(session).await?;
        let what = match (statistics, sharing) {
            (true, true) => "statistics,sharing",
            (true, false) => "statistics",
            _ => "sharing",
        };
        let entry = [self.reporter_entry(AuditKind::ConsentWithdrawn, session.report, what)];
        self.store()
            .withdraw_request_consents(
                session.report,
                (statistics, sharing),
                &vigie_store::Audit::deferred(&entry),
            )
            .await?;
        if sharing {
            // Open referrals end at once, as when a caseworker revokes one: the partner's slot
            // goes and a key generation they never hold starts (audited to the day, as the
            // person's other actions).
            for record in self
                .store()
                .open_referrals_of_request(session.report)
                .await?
            {
                let entry = [self.reporter_entry(
                    AuditKind::ReferralChanged,
                    session.report,
                    "revoked: consent to sharing withdrawn",
                )];
                let open = [ReferralStatus::Proposed, ReferralStatus::Accepted];
                let to = (&open[..], ReferralStatus::Revoked, None);
                match self
                    .store_referral_move(&record, to, &vigie_store::Audit::deferred(&entry))
                    .await
                {
                    // Answered or closed meanwhile: nothing left to revoke.
                    Ok(()) | Err(AppError::Store(vigie_store::StoreError::NotFound(_))) => {}
                    Err(e) => return Err(e),
                }
            }
        }
        let mut text = vec!["[Retrait de consentement / consent withdrawn]".to_owned()];
        if statistics {
            text.push("- statistiques publiées / published statistics".to_owned());
        }
        if sharing {
            text.push("- partage avec des partenaires / sharing with partners".to_owned());
        }
        self.append_message(
            &key,
            session.report,
            None,
            &text.join("\n"),
            &today(self),
            PartAuthor::Reporter,
        )
        .await
    }
}
