//! A reporter put in touch with the casework team (issue 11, item 2).
//!
//! The reporter asks from `/suivi`: the texts they choose, who they are, what they need, their
//! consent, sealed under the report's conversation key (the report's handlers read it, the reporter
//! reads it back), and may cancel while it waits. A handler of the report transmits it: a new help
//! request, with keys and a follow-up code of its own, holds copies of the chosen texts and nothing
//! that names the report. Its code is wrapped for the report's receipt-holder key, whose MAC under
//! the directory key is checked first (whoever writes the database cannot put their own key there),
//! and only the reporter's session opens it: the handler, who holds the conversation key, never
//! reads it; no page of theirs shows it.

use vigie_domain::help_link::{
    CopiedText, HelpLink, LinkForm, LinkRequest, TextSource, validate_link,
};
use vigie_domain::report::ReportKind;
use vigie_domain::{Action, AuditKind, PartId, Principal, ReportId};
use vigie_store::{Audit, ReportRecord, StoreError};
use vigie_vault::{Audience, Receipt, SecretKey};
use zeroize::Zeroizing;

use crate::reports::follow::corrupt;
use crate::reports::handle::{actor, object};
use crate::reports::submit::{Transmission, json_error, today};
use crate::reports::{AudienceKeys, Message, ReporterSession, kind, new_part};
use crate::{App, AppError, Result};

/// A request to be put in touch, as its reporter or a handler of the report reads it.
#[derive(Debug)]
pub struct LinkView {
    /// Asked (waiting for a handler) or sent.
    pub state: HelpLink,
    /// What the reporter asked.
    pub request: LinkRequest,
    /// The texts it shares, as the help request holds (or will hold) them.
    pub texts: Vec<CopiedText>,
}

/// Where a reporter stands, for their follow-up page.
#[derive(Debug, Default)]
pub struct ReporterLink {
    /// They may ask: a report with no request yet, a casework team to receive it, and a
    /// receipt-holder key the new code can be wrapped for.
    pub may_ask: bool,
    /// Their request, asked or sent.
    pub view: Option<LinkView>,
    /// The help request's follow-up code, until they say they noted it.
    pub code: Option<Receipt>,
}

/// Associated data of the wrapped code: it opens for this report's reporter, as this report's.
fn code_aad(report: ReportId) -> Vec<u8> {
    [b"vigie/help-link-code/".as_slice(), report.0.as_bytes()].concat()
}

/// The new follow-up code of a transmitted help request, wrapped for the report's reporter only.
pub(crate) fn wrap_code(
    (report, reporter): (ReportId, &vigie_vault::PublicKey),
    receipt: &Receipt,
) -> Result<Vec<u8>> {
    Ok(vigie_vault::wrap_for(
        reporter,
        receipt.as_str().as_bytes(),
        &code_aad(report),
    )?)
}

/// The code wrapped by [`wrap_code`], opened with the reporter's secret.
fn open_code(secret: &SecretKey, report: ReportId, sealed: &[u8]) -> Result<Receipt> {
    let plain = vigie_vault::unwrap_with(secret, sealed, &code_aad(report))?;
    let digits = std::str::from_utf8(&plain).map_err(corrupt)?;
    Ok(Receipt::parse(digits)?)
}

/// The texts `request` chose, copied from the report's own `text` and its `messages`.
fn copies(
    request: &LinkRequest,
    record: &ReportRecord,
    text: &str,
    messages: &[Message],
) -> Result<Vec<CopiedText>> {
    let mut out = Vec::new();
    if request.report_text {
        out.push(CopiedText {
            source: TextSource::Report,
            day: record.received_day.clone(),
            text: text.to_owned(),
        });
    }
    for id in &request.messages {
        let m = messages
            .iter()
            .find(|m| m.part == *id)
            .ok_or_else(|| corrupt("a chosen message is not in the conversation"))?;
        out.push(CopiedText {
            source: if m.from_reporter {
                TextSource::Person
            } else {
                TextSource::Team
            },
            day: m.day.clone(),
            text: m.text.clone(),
        });
    }
    Ok(out)
}

/// A request that is not (or no longer) waiting: already there, transmitted, or cancelled.
fn not_waiting(e: StoreError) -> AppError {
    match e {
        StoreError::Conflict("help link") => AppError::Exists("help link".into()),
        other => other.into(),
    }
}

impl App {
    /// The request of `record`, if any, opened with `key`, with the texts it shares (`text` and
    /// `messages`: the report's, opened with the same key).
    pub(crate) async fn link_view(
        &self,
        record: &ReportRecord,
        key: &AudienceKeys,
        text: &str,
        messages: &[Message],
    ) -> Result<Option<LinkView>> {
        let Some(state) = record.help_link else {
            return Ok(None);
        };
        let parts = self.store().report_parts(record.id).await?;
        // The reporter's own part (no staff author), the newest if a cancelled one were left.
        let stored = parts
            .iter()
            .rev()
            .find(|p| p.part.kind == kind::HELP_LINK && p.part.author.is_none())
            .ok_or_else(|| corrupt("a request to be put in touch without its part"))?;
        let plain = key.open(record.id, &stored.part)?;
        let request: LinkRequest = serde_json::from_slice(&plain).map_err(corrupt)?;
        let texts = copies(&request, record, text, messages)?;
        Ok(Some(LinkView {
            state,
            request,
            texts,
        }))
    }

    /// Whether a request from the holder of `secret` can be transmitted: a casework team receives
    /// help requests, and the report's receipt-holder key is theirs with its MAC checked (reports
    /// filed before these MACs have no key a code could safely be wrapped for).
    async fn linkable(&self, record: &ReportRecord, secret: &SecretKey) -> Result<bool> {
        let mine = self
            .checked_reporter_key(record)
            .is_some_and(|pk| pk.as_bytes() == secret.public().as_bytes());
        Ok(mine && self.store().help_team().await?.is_some())
    }

    /// Where the reporter of `record` stands (their follow-up page), from what `reporter_view`
    /// opened with their `key`.
    pub(crate) async fn reporter_link(
        &self,
        record: &ReportRecord,
        (secret, key): (&SecretKey, &AudienceKeys),
        text: &str,
        messages: &[Message],
    ) -> Result<ReporterLink> {
        if record.kind() != ReportKind::Report {
            return Ok(ReporterLink::default());
        }
        let view = self.link_view(record, key, text, messages).await?;
        let code = match self.store().help_link_code(record.id).await? {
            Some(sealed) => Some(open_code(secret, record.id, &sealed)?),
            None => None,
        };
        let may_ask = view.is_none() && self.linkable(record, secret).await?;
        Ok(ReporterLink {
            may_ask,
            view,
            code,
        })
    }

    /// The reporter asks to be put in touch: `form` is checked against their report's messages,
    /// then sealed under its conversation key for its handlers to transmit. `InvalidLink` with each
    /// error beside its field; `NoHelpTeam` when no casework team receives help requests; `Exists`
    /// when a request is there already.
    pub async fn ask_help_link(&self, session: &ReporterSession, form: &LinkForm) -> Result<()> {
        let record = self
            .store()
            .report(session.report)
            .await?
            .filter(|r| r.kind() == ReportKind::Report)
            .ok_or(AppError::NoReport)?;
        if self.store().help_team().await?.is_none() {
            return Err(AppError::NoHelpTeam);
        }
        if !self.linkable(&record, &session.secret).await? {
            return Err(AppError::Invalid(
                "this report's follow-up code cannot receive another code".into(),
            ));
        }
        let key = self.reporter_key(session).await?;
        let (_, _, messages) = self.open_conversation(&key, record.id).await?;
        let ids: Vec<PartId> = messages.iter().map(|m| m.part).collect();
        let request =
            validate_link(form, &ids, self.clock().unix()).map_err(AppError::InvalidLink)?;
        let plain = Zeroizing::new(serde_json::to_vec(&request).map_err(json_error)?);
        let (generation, sealing) = key.sealing()?;
        let part = new_part(
            record.id,
            (Audience::Conversation, generation, sealing),
            kind::HELP_LINK,
            &plain,
            &today(self),
            None,
        );
        let entry = [self.reporter_entry(AuditKind::HelpLinkAsked, record.id, "")];
        self.store()
            .ask_help_link(record.id, &part, &Audit::deferred(&entry))
            .await
            .map_err(not_waiting)
    }

    /// The reporter withdraws a request no handler has transmitted yet (`Exists` otherwise): what
    /// they chose is deleted.
    pub async fn cancel_help_link(&self, session: &ReporterSession) -> Result<()> {
        // Proves the session still opens the report.
        self.reporter_key(session).await?;
        let entry = [self.reporter_entry(AuditKind::HelpLinkCancelled, session.report, "")];
        self.store()
            .cancel_help_link(session.report, &today(self), &Audit::deferred(&entry))
            .await
            .map_err(not_waiting)
    }

    /// The reporter noted the help request's code: their page no longer shows it (whoever later
    /// takes their phone and report code does not find it there).
    pub async fn forget_help_link_code(&self, session: &ReporterSession) -> Result<()> {
        self.reporter_key(session).await?;
        self.store().forget_help_link_code(session.report).await?;
        Ok(())
    }

    /// A handler of report `id` transmits its reporter's waiting request: a new help request for
    /// the casework team, with its own keys and code, holds copies of the chosen texts; the code is
    /// wrapped for the reporter, never returned. Audited (the decryption, then `help_link_sent`,
    /// which names the report only, in the help request's transaction). `Exists` when no request
    /// is waiting; `NoHelpTeam` when no casework team receives help requests.
    pub async fn transmit_help_link(
        &self,
        who: &Principal,
        secret: &SecretKey,
        id: ReportId,
    ) -> Result<()> {
        let record = self.report_for(who, id, Action::TransmitToCasework).await?;
        if record.help_link != Some(HelpLink::Asked) {
            return Err(AppError::Exists("help link".into()));
        }
        if self.store().help_team().await?.is_none() {
            return Err(AppError::NoHelpTeam);
        }
        let reporter = self.checked_reporter_key(&record).ok_or_else(|| {
            AppError::Integrity(format!(
                "report {id}: no trusted receipt-holder key to wrap a new code for"
            ))
        })?;
        let key = self.decrypting(who, secret, id, "help link").await?;
        let (content, _, messages) = self.open_conversation(&key, id).await?;
        let view = self
            .link_view(&record, &key, &content.text, &messages)
            .await?
            .ok_or_else(|| AppError::Exists("help link".into()))?;
        let request = view.request.help_request(view.texts, self.clock().unix());
        let entry = self
            .entry(actor(who), AuditKind::HelpLinkSent, &object(id), "")
            .await?;
        let transmission = Transmission {
            link: Some((id, reporter)),
            entry,
        };
        // The receipt is dropped here (zeroized): nobody but the reporter ever reads it.
        self.file_help_request(request, Some(transmission)).await?;
        Ok(())
    }
}
