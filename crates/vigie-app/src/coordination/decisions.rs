//! Decisions and their actions (owner organisation, due day, status, STSPD sheet), the follow-up
//! of open actions across meetings, and the named situations a restricted group transmits to the
//! caseworkers' team.

use chrono::NaiveDate;
use vigie_domain::coordination::{
    Decision, DecisionForm, DecisionRecord, DecisionStatus, MeetingKind, SituationForm,
    validate_decision, validate_situation,
};
use vigie_domain::{Action, AuditActor, AuditKind, DecisionId, MeetingId, Principal, Resource};

use super::{invalid, meeting_object};
use crate::reports::handle::actor;
use crate::reports::submit::Transmission;
use crate::{App, Result};

/// An open action, with its meeting's kind and day, for the follow-up and the home page.
#[derive(Clone, Debug)]
pub struct DueDecision {
    /// The decision.
    pub id: DecisionId,
    /// What it holds.
    pub decision: Decision,
    /// Its meeting's kind and day.
    pub meeting: (MeetingKind, NaiveDate),
    /// Open and due before today.
    pub overdue: bool,
}

/// The follow-up of actions across meetings: every open one, overdue first.
#[derive(Clone, Debug)]
pub struct FollowUp {
    /// Open actions, overdue first, then by due day.
    pub open: Vec<DueDecision>,
    /// Today.
    pub today: NaiveDate,
}

/// What an audit entry about decision `id` names.
fn decision_object(id: DecisionId) -> String {
    format!("decision:{id}")
}

impl App {
    /// Every open action across meetings, by due day (no policy check: the callers made it).
    pub(super) async fn open_decisions(&self) -> Result<Vec<DueDecision>> {
        let today = self.coordination_today();
        let meetings = self.store().meetings().await?;
        let mut out = Vec::new();
        for DecisionRecord { id, decision } in self.store().decisions(None).await? {
            let Some(m) = meetings.iter().find(|m| m.id == decision.meeting) else {
                continue;
            };
            out.push(DueDecision {
                id,
                overdue: decision.overdue(today),
                meeting: (m.meeting.kind, m.meeting.day),
                decision,
            });
        }
        Ok(out)
    }

    /// The follow-up view: every open action, overdue first.
    pub async fn coordination_follow_up(&self, who: &Principal) -> Result<FollowUp> {
        self.may_coordinate(who, "").await?;
        let mut open = self.open_decisions().await?;
        open.sort_by_key(|d| (!d.overdue, d.decision.due));
        Ok(FollowUp {
            open,
            today: self.coordination_today(),
        })
    }

    /// Records a decision of meeting `meeting` from a posted form.
    pub async fn add_decision(
        &self,
        who: &Principal,
        meeting: MeetingId,
        form: &DecisionForm,
    ) -> Result<DecisionId> {
        self.may_coordinate(who, &meeting_object(meeting)).await?;
        self.insert_decision(AuditActor::Staff(who.id), meeting, form)
            .await
    }

    /// Validates and stores a decision, audited as `actor`'s.
    pub(crate) async fn insert_decision(
        &self,
        actor: AuditActor,
        meeting: MeetingId,
        form: &DecisionForm,
    ) -> Result<DecisionId> {
        self.meeting_row(meeting).await?;
        let decision =
            validate_decision(form, meeting, self.coordination_today()).map_err(invalid)?;
        let id = DecisionId::random();
        let record = DecisionRecord { id, decision };
        let store = self.store();
        self.coordination_change(
            (actor, AuditKind::CoordinationChanged),
            (&decision_object(id), "decision added"),
            async |audit| store.insert_decision(&record, audit).await,
        )
        .await?;
        Ok(id)
    }

    /// Sets an action's status; returns its meeting.
    pub async fn set_decision_status(
        &self,
        who: &Principal,
        id: DecisionId,
        status: DecisionStatus,
    ) -> Result<MeetingId> {
        let object = decision_object(id);
        self.may_coordinate(who, &object).await?;
        let rec = self
            .store()
            .decision(id)
            .await?
            .ok_or(crate::AppError::NoPreventionItem)?;
        let what = format!("status {}", status.as_str());
        let store = self.store();
        self.coordination_change(
            (AuditActor::Staff(who.id), AuditKind::CoordinationChanged),
            (&object, &what),
            async |audit| store.set_decision_status(id, status, audit).await,
        )
        .await?;
        Ok(rec.decision.meeting)
    }

    /// A participant of meeting `id` transmits a named situation to the caseworkers' team: only
    /// from a restricted group, only with the person's consent. It becomes a help request for the
    /// casework team (sealed for its key, the contact under its internal key), filed as `/aide`
    /// files one, with the `situation_transmitted` entry (naming the meeting, never the person) in
    /// the same transaction; nothing of it is written to the meeting or its minutes, and nobody
    /// holds its follow-up code. `NoHelpTeam` without a casework team.
    pub async fn transmit_situation(
        &self,
        who: &Principal,
        id: MeetingId,
        form: &SituationForm,
    ) -> Result<()> {
        let rec = self.meeting_row(id).await?;
        let resource = Resource::Meeting {
            participants: rec.meeting.participants.clone(),
        };
        let object = meeting_object(id);
        self.authorize_on(who, Action::ActInMeeting, &resource, &object)
            .await?;
        let request = validate_situation(
            form,
            rec.meeting.kind,
            (rec.meeting.day, self.clock().unix()),
        )
        .map_err(invalid)?;
        let entry = self
            .entry(
                actor(who),
                AuditKind::SituationTransmitted,
                &object,
                "to the casework team, with consent",
            )
            .await?;
        let transmission = Transmission { link: None, entry };
        // The follow-up code is dropped here (zeroized): the caseworkers reach the person through
        // the contact given, and the coordination must not read their exchanges.
        self.file_help_request(request, Some(transmission)).await?;
        Ok(())
    }
}
