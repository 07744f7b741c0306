//! The reporter's side after submission: log in with the receipt, read the conversation, reply,
//! withdraw. A follow-up session works like a staff session: the receipt holder's secret is sealed
//! under a key that only the cookie holds.

use vigie_domain::report::{Category, ReportContent, ReportStatus};
use vigie_domain::{AuditKind, PartId, ReportId};
use vigie_store::{PartAuthor, ReceiptWrite};
use vigie_vault::{Audience, KdfParams, Receipt, SecretKey, SessionToken};
use zeroize::Zeroizing;

use super::files::{AttachedFile, FileMeta, FileSealer};
use super::handle::Message;
use super::submit::{json_error, today};
use super::{AudienceKeys, SealedText, Sent, kind, new_part};
use crate::{App, AppError, Result};

/// An open follow-up session (from the `vigie_suivi` cookie).
pub struct ReporterSession {
    token: SessionToken,
    /// The report it opens.
    pub report: ReportId,
    pub(crate) secret: SecretKey,
}

impl std::fmt::Debug for ReporterSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ReporterSession(..)")
    }
}

impl ReporterSession {
    /// What CSRF tokens of this session are bound to.
    pub fn csrf_binding(&self) -> [u8; 32] {
        self.token.lookup_hash()
    }
}

/// What a reporter sees at `/suivi`.
#[derive(Debug)]
pub struct ReporterView {
    /// Display number.
    pub number: i64,
    /// Category.
    pub category: Category,
    /// Status.
    pub status: ReportStatus,
    /// Day received.
    pub received_day: String,
    /// The report or help request as sent.
    pub content: Sent,
    /// Files sent with the report and later.
    pub files: Vec<FileMeta>,
    /// The conversation, oldest first.
    pub messages: Vec<Message>,
    /// Their request to be put in touch with the casework team (reports only).
    pub link: crate::help_link::ReporterLink,
}

/// A follow-up session's state, sealed under the cookie's key: the report's id (16 bytes), the receipt
/// holder's secret (32) and the Unix time of the last request (8, big-endian). The exact time is for
/// the idle timeout and is never stored in clear.
fn session_state(report: ReportId, secret: &SecretKey, last_seen: i64) -> Zeroizing<Vec<u8>> {
    let mut state = Zeroizing::new(Vec::with_capacity(56));
    state.extend_from_slice(report.0.as_bytes());
    state.extend_from_slice(secret.to_bytes().as_slice());
    state.extend_from_slice(&last_seen.to_be_bytes());
    state
}

/// Reads [`session_state`]'s bytes; `None` if they have another shape.
fn parse_session_state(state: &[u8]) -> Option<(ReportId, SecretKey, i64)> {
    let (id, rest) = state.split_first_chunk::<16>()?;
    let (key, rest) = rest.split_first_chunk::<32>()?;
    let time: [u8; 8] = rest.try_into().ok()?;
    Some((
        ReportId(uuid::Uuid::from_bytes(*id)),
        SecretKey::from_bytes(*key),
        i64::from_be_bytes(time),
    ))
}

impl App {
    /// Logs in with a receipt (with or without spaces). Returns the session cookie's value.
    ///
    /// Every wrong receipt gets the same `WrongReceipt`; attempts count against a global limit
    /// (no address is involved), and each costs one Argon2id run in the receipt pool, apart from the
    /// pool new reports use.
    pub async fn receipt_login(&self, input: &str) -> Result<Zeroizing<String>> {
        self.rate_limit(
            "receipt_logins",
            self.settings().reports.receipt_attempts_per_minute,
        )
        .await?;
        let receipt = Receipt::parse(input).map_err(|_| AppError::WrongReceipt)?;
        let mut kdfs = self.store().receipt_kdfs().await?;
        if kdfs.is_empty() {
            // No report yet: still spend the same work, so timing says nothing.
            let instance = self
                .store()
                .instance()
                .await?
                .ok_or(AppError::NotInitialised)?;
            kdfs.push((instance.receipt_kdf, None));
        }
        // Receipts given before a rotation of the instance secret are peppered with the previous
        // secret still (a receipt is never stored, so it cannot be re-derived): tried after the
        // current one, while the key file keeps it.
        for (encoded, pepper) in kdfs {
            let params = KdfParams::decode(&encoded)?;
            if self.secret_for(pepper.as_deref()).is_none() {
                continue;
            }
            let keys = self
                .receipt_keys_under(
                    &self.pools().receipt_login,
                    &receipt,
                    params,
                    pepper.clone(),
                )
                .await?;
            let Some(report) = self.store().report_by_lookup(&keys.lookup_hash).await? else {
                continue;
            };
            let token = SessionToken::generate();
            let state = session_state(report.id, &keys.secret, self.clock().unix());
            self.store()
                .write_receipt_session(
                    ReceiptWrite::New,
                    &token.lookup_hash(),
                    &token.seal_bytes(&state),
                    &today(self),
                )
                .await?;
            self.record_reporter(AuditKind::ReceiptLogin, report.id, "")
                .await?;
            return Ok(Zeroizing::new(token.to_cookie_value()));
        }
        Err(AppError::WrongReceipt)
    }

    /// Resumes a follow-up session from its cookie; `SessionExpired` after the idle timeout.
    pub async fn resume_reporter(&self, cookie: &str) -> Result<ReporterSession> {
        let token =
            SessionToken::parse_cookie_value(cookie).map_err(|_| AppError::SessionExpired)?;
        let hash = token.lookup_hash();
        let record = self
            .store()
            .receipt_session(&hash)
            .await?
            .ok_or(AppError::SessionExpired)?;
        let now = self.clock().unix();
        let idle =
            i64::try_from(self.settings().reports.receipt_idle.as_secs()).unwrap_or(i64::MAX);
        let state = token
            .open_bytes(&record.sealed)
            .map_err(|_| AppError::SessionExpired)?;
        let (report, secret, last_seen) =
            parse_session_state(&state).ok_or(AppError::SessionExpired)?;
        if now - last_seen > idle {
            self.store().delete_receipt_session(&hash).await?;
            return Err(AppError::SessionExpired);
        }
        let current = self.store().report(report).await?;
        if current.is_none_or(|r| r.reporter_public_key.as_slice() != secret.public().as_bytes()) {
            // Withdrawn or deleted by retention since the session opened, or its follow-up code
            // was replaced (a caseworker gave the person a new one): the old code's session ends.
            self.store().delete_receipt_session(&hash).await?;
            return Err(AppError::SessionExpired);
        }
        let state = session_state(report, &secret, now);
        let sealed = token.seal_bytes(&state);
        self.store()
            .write_receipt_session(ReceiptWrite::Touch, &hash, &sealed, &today(self))
            .await?;
        Ok(ReporterSession {
            token,
            report,
            secret,
        })
    }

    /// Ends a follow-up session.
    pub async fn reporter_logout(&self, session: &ReporterSession) -> Result<()> {
        self.store()
            .delete_receipt_session(&session.token.lookup_hash())
            .await?;
        Ok(())
    }

    pub(crate) async fn reporter_key(&self, session: &ReporterSession) -> Result<AudienceKeys> {
        let keys = self
            .receipt_audience_keys(&session.secret, session.report)
            .await?;
        if keys.is_empty() {
            return Err(AppError::SessionExpired);
        }
        Ok(keys)
    }

    /// The report and its conversation, for its reporter. Nothing is written: marking the replies as
    /// read would date the reporter's visit.
    pub async fn reporter_view(&self, session: &ReporterSession) -> Result<ReporterView> {
        let report = self
            .store()
            .report(session.report)
            .await?
            .ok_or(AppError::SessionExpired)?;
        let key = self.reporter_key(session).await?;
        let (content, files, messages) = self.open_sent(&key, report.id).await?;
        let link = self
            .reporter_link(&report, (&session.secret, &key), content.text(), &messages)
            .await?;
        Ok(ReporterView {
            link,
            number: report.number,
            category: report.category,
            status: report.status,
            received_day: report.received_day,
            content,
            files: files.into_iter().map(|(_, m)| m).collect(),
            messages,
        })
    }

    /// Opens a report's conversation parts: the content, the file descriptions, the messages.
    pub(crate) async fn open_conversation(
        &self,
        key: &AudienceKeys,
        report: ReportId,
    ) -> Result<(ReportContent, Vec<(PartId, FileMeta)>, Vec<Message>)> {
        match self.open_sent(key, report).await? {
            (Sent::Report(content), files, messages) => Ok((content, files, messages)),
            (Sent::Help(_), ..) => Err(AppError::NoReport),
        }
    }

    /// Opens the conversation parts of a report or a help request: what was sent first, the file
    /// descriptions, the messages.
    pub(crate) async fn open_sent(
        &self,
        key: &AudienceKeys,
        report: ReportId,
    ) -> Result<(Sent, Vec<(PartId, FileMeta)>, Vec<Message>)> {
        let parts = self.store().report_parts(report).await?;
        let mut content = None;
        let mut files = Vec::new();
        let mut messages = Vec::new();
        for stored in parts {
            let p = &stored.part;
            if p.audience != Audience::Conversation.as_str() {
                continue;
            }
            // A generation the reader does not hold (a part written before they were granted
            // a later generation only) is skipped, never fatal.
            let Ok(plain) = key.open(report, p) else {
                if p.kind == kind::CONTENT || p.kind == kind::HELP {
                    return Err(AppError::Denied(vigie_domain::Denied::Audience));
                }
                continue;
            };
            match p.kind.as_str() {
                kind::CONTENT => {
                    content = Some(Sent::Report(
                        serde_json::from_slice(&plain).map_err(corrupt)?,
                    ));
                }
                kind::HELP => {
                    content = Some(Sent::Help(serde_json::from_slice(&plain).map_err(corrupt)?));
                }
                kind::FILE => {
                    let meta: FileMeta = serde_json::from_slice(&plain).map_err(corrupt)?;
                    files.push((p.id, meta));
                }
                kind::MESSAGE => {
                    let m: SealedText = serde_json::from_slice(&plain).map_err(corrupt)?;
                    messages.push(Message {
                        part: p.id,
                        from_reporter: p.author.is_none(),
                        author: p.author,
                        day: p.day.clone(),
                        at: m.at,
                        text: m.text,
                    });
                }
                _ => {}
            }
        }
        let content = content.ok_or_else(|| corrupt("report without content"))?;
        Ok((content, files, messages))
    }

    /// A sealer for files a reporter adds to their report.
    pub async fn reporter_file_sealer(&self, session: &ReporterSession) -> Result<FileSealer> {
        let keys = self.reporter_key(session).await?;
        let (generation, key) = keys.sealing()?;
        Ok(self.file_sealer_for(session.report, generation, key.clone()))
    }

    /// The reporter writes to the team (text and/or files already sealed with
    /// [`App::reporter_file_sealer`]).
    pub async fn reporter_reply(
        &self,
        session: &ReporterSession,
        text: &str,
        files: Vec<AttachedFile>,
    ) -> Result<()> {
        let text = text.trim();
        if text.is_empty() && files.is_empty() {
            return Err(AppError::Invalid("empty message".into()));
        }
        if text.chars().count() > vigie_domain::report::MAX_TEXT_CHARS {
            return Err(AppError::Invalid("message too long".into()));
        }
        let key = self.reporter_key(session).await?;
        let day = today(self);
        if !text.is_empty() {
            self.append_message(&key, session.report, None, text, &day, PartAuthor::Reporter)
                .await?;
        }
        for file in files {
            let (part, refs) = file.to_rows(key.at(file.key_generation)?, session.report, &day)?;
            self.store()
                .add_report_part(session.report, &part, &refs, PartAuthor::Reporter)
                .await?;
            file.settle();
        }
        Ok(())
    }

    pub(crate) async fn append_message(
        &self,
        keys: &AudienceKeys,
        report: ReportId,
        author: Option<vigie_domain::UserId>,
        text: &str,
        day: &str,
        who: PartAuthor,
    ) -> Result<()> {
        let sealed = Zeroizing::new(
            serde_json::to_vec(&SealedText {
                text: text.to_owned(),
                at: self.clock().unix(),
            })
            .map_err(json_error)?,
        );
        let kind = if who == PartAuthor::StaffInternal {
            kind::NOTE
        } else {
            kind::MESSAGE
        };
        let audience = if who == PartAuthor::StaffInternal {
            Audience::Internal
        } else {
            Audience::Conversation
        };
        let (generation, key) = keys.sealing()?;
        let part = new_part(
            report,
            (audience, generation, key),
            kind,
            &sealed,
            day,
            author,
        );
        self.store()
            .add_report_part(report, &part, &[], who)
            .await?;
        Ok(())
    }

    /// The reporter deletes their report, irrecoverably: rows, slots, sealed files. The audit log
    /// keeps that it happened, without content.
    pub async fn withdraw_report(&self, session: &ReporterSession) -> Result<()> {
        // Proves the session still opens the report before deleting it.
        self.reporter_key(session).await?;
        let entry = [self.reporter_entry(AuditKind::ReportWithdrawn, session.report, "")];
        self.delete_report_everywhere(session.report, &vigie_store::Audit::deferred(&entry))
            .await?;
        self.store()
            .delete_receipt_session(&session.token.lookup_hash())
            .await?;
        Ok(())
    }

    /// Deletes a report's rows, then its blobs (a crash in between leaves blobs the sweep removes).
    pub(crate) async fn delete_report_everywhere(
        &self,
        report: ReportId,
        audit: &vigie_store::Audit<'_>,
    ) -> Result<()> {
        let blobs = self.store().delete_report(report, audit).await?;
        let store = self.blobs().clone();
        // Under the caller's subscriber: a reporter's withdrawal must not log at that moment.
        let dispatch = tracing::dispatcher::get_default(|d| d.clone());
        tokio::task::spawn_blocking(move || {
            tracing::dispatcher::with_default(&dispatch, || {
                for b in blobs {
                    if let Ok(id) = b.parse()
                        && let Err(e) = store.delete(&id)
                    {
                        tracing::warn!(error = %e, "cannot delete a blob; the sweep will retry");
                    }
                }
            })
        })
        .await
        .map_err(|_| AppError::Invalid("blob deletion task failed".into()))?;
        Ok(())
    }
}

/// A sealed record that does not decode. The decoder's message is dropped: it may quote decrypted text.
pub(crate) fn corrupt(_: impl std::fmt::Display) -> AppError {
    AppError::Invalid("corrupt sealed record".into())
}
