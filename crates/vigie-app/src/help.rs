//! Help requests (demandes d'aide): filed from `/aide` like a report (a follow-up code, a sealed
//! conversation, the deferred audit entry), for the casework team the instance names.
//!
//! What the person needs and writes is sealed for the conversation (they read it back with their
//! code); how to reach them, when, and their code word are sealed under the internal key, for the
//! team only: whoever takes their phone and code must not learn the word that proves a caseworker.
//! Nothing is sealed for a team whose checked kind is not casework, whatever the instance row says.

use vigie_domain::help::{HelpContact, HelpContent, HelpMeta, NewHelpRequest, Urgency};
use vigie_domain::keys::TeamKind;
use vigie_domain::report::{Category, ReportKind};
use vigie_domain::{Action, AuditKind, Principal, ReportId, Resource};
use vigie_store::{KeySlotRow, ReportFilter, ReportRecord};
use vigie_vault::{Audience, AudienceKey, Receipt, SecretKey};
use zeroize::Zeroizing;

use crate::reports::follow::corrupt;
use crate::reports::handle::object;
use crate::reports::submit::{Filed, Transmission, json_error, report_slots, today};
use crate::reports::{InboxPage, InboxQuery, Message, Sent, kind, new_part};
use crate::{App, AppError, Result};

/// What the person is shown once: the follow-up code.
pub struct HelpSubmitted {
    /// The only way back to the conversation.
    pub receipt: Receipt,
}

impl std::fmt::Debug for HelpSubmitted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HelpSubmitted").finish_non_exhaustive()
    }
}

/// How to reach the person, sealed under the internal key (never for the follow-up code).
pub const CONTACT_PART: &str = "contact";

impl App {
    /// Seals and stores a validated help request for the casework team that help requests reach;
    /// returns its follow-up code. `NoHelpTeam` when no team is named. A request for today also
    /// alerts the team's on-call address, as a report of danger does.
    pub async fn submit_help_request(&self, req: NewHelpRequest) -> Result<HelpSubmitted> {
        self.rate_limit(
            "submissions",
            self.settings().reports.submissions_per_minute,
        )
        .await?;
        let receipt = self.file_help_request(req, None).await?;
        Ok(HelpSubmitted { receipt })
    }

    /// Seals and stores a help request (from `/aide`, or `transmission` by a handler from a report)
    /// for the casework team; returns its follow-up code.
    pub(crate) async fn file_help_request(
        &self,
        req: NewHelpRequest,
        transmission: Option<Transmission>,
    ) -> Result<Receipt> {
        let team = self
            .store()
            .help_team()
            .await?
            .ok_or(AppError::NoHelpTeam)?;
        // Every key wrapped below comes from the checked key directory, never from a row as read;
        // and a handlers' team never receives a victim's request.
        let dir = self.directory().await?;
        if dir.team_kind(team) != TeamKind::Casework {
            return Err(AppError::Integrity(format!(
                "the help requests' team {team} is not a casework team in the key directory"
            )));
        }
        let (team_generation, team_pk) = dir.team_key(team)?;
        let id = ReportId::random();
        let conversation = AudienceKey::random();
        let internal = AudienceKey::random();
        let slots = report_slots(
            id,
            &dir,
            (team, team_generation, &team_pk),
            [&conversation, &internal],
            None,
        )?;
        let day = today(self);
        // The person wrote it: no author.
        let mut parts = vec![new_part(
            id,
            (Audience::Conversation, 0, &conversation),
            kind::HELP,
            &Zeroizing::new(serde_json::to_vec(&req.content).map_err(json_error)?),
            &day,
            None,
        )];
        if let Some(contact) = &req.contact {
            parts.push(new_part(
                id,
                (Audience::Internal, 0, &internal),
                CONTACT_PART,
                &Zeroizing::new(serde_json::to_vec(contact).map_err(json_error)?),
                &day,
                None,
            ));
        }
        let filed = Filed {
            id,
            category: Category::Other,
            district: req.district.clone().unwrap_or_default(),
            team,
            conversation: &conversation,
            slots,
            parts,
            blobs: Vec::new(),
            help: Some(HelpMeta {
                asker: req.asker,
                urgency: req.urgency,
            }),
            transmission,
        };
        let receipt = self
            .insert_with_receipt(filed, AuditKind::HelpRequestReceived)
            .await?;
        if req.urgency == Urgency::Today {
            self.notify_danger(team);
        }
        Ok(receipt)
    }
}

/// A help request opened by a caseworker.
#[derive(Debug)]
pub struct HelpView {
    /// The clear row (its `help` holds who asks and how soon).
    pub record: ReportRecord,
    /// What the person asked.
    pub content: HelpContent,
    /// How to reach them, if they chose a channel (the internal key: staff only).
    pub contact: Option<HelpContact>,
    /// The conversation, oldest first.
    pub messages: Vec<Message>,
}

impl App {
    /// The help requests the caseworker's casework teams (or the caseworker in person) hold, newest
    /// first. Denied (audited) to anyone the policy does not let list cases.
    pub async fn help_inbox(&self, who: &Principal, q: &InboxQuery) -> Result<InboxPage> {
        self.authorize_instance(who, Action::ListCases).await?;
        let mut holders: Vec<_> = who
            .teams
            .iter()
            .map(|t| KeySlotRow::team_holder(*t))
            .collect();
        holders.push(KeySlotRow::user_holder(who.id));
        let filter = ReportFilter {
            holders,
            identity_holder: None,
            kind: ReportKind::HelpRequest,
            only: q.filter.clone(),
        };
        self.inbox_page(&filter, q.page).await
    }

    /// The clear row of help request `id`, once the policy let `who` do `action` on it (its team's
    /// caseworkers); a report, or no such row, is `NoReport`.
    pub(crate) async fn help_request_for(
        &self,
        who: &Principal,
        id: ReportId,
        action: Action,
    ) -> Result<ReportRecord> {
        let record = self.report_row(id, ReportKind::HelpRequest).await?;
        let routed = Resource::Routed {
            team: Some(record.team),
            assignee: record.assignee,
        };
        self.authorize_on(who, action, &routed, &object(id)).await?;
        Ok(record)
    }

    /// Opens a help request for a caseworker of its team: what was asked, how to reach the person,
    /// the conversation. Audited as a decryption.
    pub async fn open_help_request(
        &self,
        who: &Principal,
        secret: &SecretKey,
        id: ReportId,
    ) -> Result<HelpView> {
        let record = self.help_request_for(who, id, Action::ReadCase).await?;
        let conversation = self.decrypting(who, secret, id, "help request").await?;
        let (sent, _, messages) = self.open_sent(&conversation, id).await?;
        let Sent::Help(content) = sent else {
            return Err(AppError::NoReport);
        };
        let mut contact = None;
        for (_, plain) in self.internal_parts(who, secret, id, CONTACT_PART).await? {
            contact = Some(serde_json::from_slice(&plain).map_err(corrupt)?);
        }
        self.store().clear_team_unread(id).await?;
        Ok(HelpView {
            record,
            content,
            contact,
            messages,
        })
    }
}
