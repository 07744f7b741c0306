//! Coordination (`/espace/coordination`, issue 12, items 8 and 9): the CLSPD meetings, their
//! minutes, decisions and actions, for the prevention coordinators (`ManageCoordination`), who
//! never open reports or victims' files.
//!
//! - **The charter** is accepted once per staff account (`coordination_changed`, `charter
//!   accepted`); only accounts that accepted it take part in a meeting.
//! - **Meetings** (`meetings.rs`): kind, day, place, organisations present and agenda are clear
//!   (checked for names); the minutes are sealed under the meeting's own key, wrapped for each
//!   participant's key and the escrow key from the checked key directory. Only a participant opens
//!   them (`ReadMinutes` on `Resource::Meeting`), each opening audited (`decrypted`).
//! - **Decisions** (`decisions.rs`): owner organisation, due day, status, STSPD sheet; the
//!   follow-up of open and overdue actions across meetings, and what is due this week.
//! - **Named situations** (`decisions.rs`): from a restricted group only, with the person's
//!   consent, a help request for the caseworkers' team, never the minutes.
//!
//! Every change is one `coordination_changed` entry (a transmission: `situation_transmitted`),
//! in the change's own transaction.

mod decisions;
// What is due, and the coordinators' digest (issue 12, item 9).
mod digest;
// The partners map (issue 12, item 10).
mod map;
mod meetings;

pub use decisions::{DueDecision, FollowUp};
pub use meetings::{CoordinationHome, MeetingView};

use vigie_domain::coordination::FormErrors;
use vigie_domain::{Action, AuditActor, AuditKind, MeetingId, Principal, Resource, UserId};

use crate::audit::audited;
use crate::{App, AppError, Result};

/// What an audit entry about meeting `id` names: `meeting:<uuid>`.
pub fn meeting_object(id: MeetingId) -> String {
    format!("meeting:{id}")
}

/// A form's errors, for the use cases' callers.
fn invalid(errors: FormErrors) -> AppError {
    AppError::InvalidCoordination(errors)
}

impl App {
    /// The policy's answer to `who` working in the coordination area, a refusal naming `object`.
    async fn may_coordinate(&self, who: &Principal, object: &str) -> Result<()> {
        self.authorize_on(who, Action::ManageCoordination, &Resource::Instance, object)
            .await
    }

    /// The `coordination_changed` entry (or `kind`) by `actor` on `object`, and `write`, which
    /// stores the change with it in one transaction.
    async fn coordination_change(
        &self,
        (actor, kind): (AuditActor, AuditKind),
        (object, what): (&str, &str),
        write: impl AsyncFnOnce(&vigie_store::Audit<'_>) -> vigie_store::Result<()>,
    ) -> Result<()> {
        let entry = [self.entry(actor, kind, object, what).await?];
        match write(&audited(&entry)).await {
            Err(vigie_store::StoreError::NotFound(_)) => Err(AppError::NoPreventionItem),
            other => Ok(other?),
        }
    }

    /// `who` accepts the CLSPD charter (once; audited).
    pub async fn accept_coordination_charter(&self, who: &Principal) -> Result<()> {
        self.may_coordinate(who, "").await?;
        let day = crate::reports::submit::today(self);
        let store = self.store();
        self.coordination_change(
            (AuditActor::Staff(who.id), AuditKind::CoordinationChanged),
            (&format!("user:{}", who.id), "charter accepted"),
            async |audit| store.accept_coordination_charter(who.id, &day, audit).await,
        )
        .await
    }

    /// The day `user` accepted the CLSPD charter, if they did.
    async fn charter_day(&self, user: UserId) -> Result<Option<String>> {
        let all = self.store().coordination_charter().await?;
        Ok(all.into_iter().find(|(u, _)| *u == user).map(|(_, d)| d))
    }

    /// The accounts that may take part in a meeting: active prevention coordinators who accepted
    /// the charter, by name.
    pub async fn coordination_participants(
        &self,
        who: &Principal,
    ) -> Result<Vec<(UserId, String)>> {
        self.may_coordinate(who, "").await?;
        self.charter_signatories().await
    }

    /// [`App::coordination_participants`] without the policy check (the callers made it).
    async fn charter_signatories(&self) -> Result<Vec<(UserId, String)>> {
        let accepted = self.store().coordination_charter().await?;
        let mut out: Vec<(UserId, String)> = self
            .store()
            .list_users()
            .await?
            .into_iter()
            .filter(|u| {
                !u.disabled
                    && u.roles.contains(vigie_domain::Role::PreventionCoordinator)
                    && accepted.iter().any(|(a, _)| *a == u.id)
            })
            .map(|u| (u.id, u.username))
            .collect();
        out.sort_by(|a, b| a.1.cmp(&b.1));
        Ok(out)
    }
}
