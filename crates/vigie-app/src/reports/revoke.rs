//! Revoking a reader of a report, and rotating a report's audience keys when a reader loses access
//! some other way (a team member leaves, a user's roles change): what is written afterwards is sealed
//! under a generation the former reader never held.

use vigie_domain::{Action, AuditActor, AuditKind, KeyHolder, Principal, ReportId, TeamId, UserId};
use vigie_store::{KeySlotRow, NewAuditEntry, ReportRecord, StoreError};
use vigie_vault::Audience;

use crate::audit::audited;
use crate::directory::Directory;
use crate::{App, AppError, Result};

/// Whose access to a report is revoked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reader {
    /// A person granted in person (or assigned).
    User(UserId),
    /// A team granted besides the routed one.
    Team(TeamId),
}

impl Reader {
    fn holder(self) -> KeyHolder {
        match self {
            Reader::User(u) => KeySlotRow::user_holder(u),
            Reader::Team(t) => KeySlotRow::team_holder(t),
        }
    }
}

impl std::fmt::Display for Reader {
    /// `user:<uuid>` or `team:<uuid>`, the value a revoke form posts.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.holder().fmt(f)
    }
}

impl std::str::FromStr for Reader {
    type Err = AppError;
    fn from_str(s: &str) -> Result<Self> {
        match s.parse() {
            Ok(KeyHolder::User(u)) => Ok(Reader::User(u)),
            Ok(KeyHolder::Team(t)) => Ok(Reader::Team(t)),
            _ => Err(AppError::Invalid("unknown reader".into())),
        }
    }
}

const AUDIENCES: [Audience; 3] = [
    Audience::Conversation,
    Audience::Internal,
    Audience::Identity,
];

impl App {
    /// Revokes a reader's access to a report: their slots of every audience and generation go, and
    /// each audience they held gets a new generation for the remaining holders, in one transaction.
    /// The team the report is routed to cannot be revoked (the report would have no home). Audited.
    pub async fn revoke_access(&self, who: &Principal, id: ReportId, reader: Reader) -> Result<()> {
        let report = self.report_for(who, id, Action::ReadReport).await?;
        if reader == Reader::Team(report.team) {
            return Err(AppError::Invalid(
                "the team the report is routed to keeps it; route it elsewhere first".into(),
            ));
        }
        let holder = reader.holder();
        let dir = self.directory().await?;
        let entry = [self
            .entry(
                AuditActor::Staff(who.id),
                AuditKind::AccessRevoked,
                &format!("report:{id}"),
                &holder.to_string(),
            )
            .await?];
        self.rotate_audiences(&dir, id, Some(holder), &entry)
            .await
            .map_err(|e| match e {
                AppError::Store(StoreError::NotFound(_)) => {
                    AppError::Invalid("this reader holds no key of the report".into())
                }
                other => other,
            })?;
        Ok(())
    }

    /// The persons and teams holding `report`'s conversation key, the routed team aside.
    pub(crate) async fn report_readers(&self, report: &ReportRecord) -> Result<Vec<Reader>> {
        let mut out = Vec::new();
        for slot in self
            .store()
            .report_slots(report.id, Audience::Conversation.as_str())
            .await?
        {
            let reader = match slot.holder {
                KeyHolder::User(u) => Reader::User(u),
                KeyHolder::Team(t) if t != report.team => Reader::Team(t),
                _ => continue,
            };
            if !out.contains(&reader) {
                out.push(reader);
            }
        }
        Ok(out)
    }

    /// A new generation of every audience of `report` that `revoked` holds (of every audience that
    /// has slots, when `revoked` is `None`: a team key or a user's roles changed), wrapped for the
    /// remaining holders from the checked key directory; the revoked slots go in the same
    /// transaction. Retried once if a concurrent rotation went first.
    pub(crate) async fn rotate_audiences(
        &self,
        dir: &Directory,
        report: ReportId,
        revoked: Option<KeyHolder>,
        audit: &[NewAuditEntry],
    ) -> Result<()> {
        for attempt in 0..2 {
            let record = self
                .store()
                .report(report)
                .await?
                .ok_or(AppError::NoReport)?;
            let mut new_slots = Vec::new();
            for audience in AUDIENCES {
                let slots = self.store().report_slots(report, audience.as_str()).await?;
                if let Some(h) = revoked
                    && !slots.iter().any(|s| s.holder == h)
                {
                    continue;
                }
                new_slots.extend(self.rotation_slots(dir, &record, audience, &slots, revoked)?);
            }
            match self
                .store()
                .rotate_report_keys(report, revoked, &new_slots, &audited(audit))
                .await
            {
                Err(StoreError::Conflict(_)) if attempt == 0 => continue,
                other => return Ok(other?),
            }
        }
        Err(AppError::Invalid(
            "the report's keys changed meanwhile; try again".into(),
        ))
    }

    /// Rotates every report of which `holder` holds a slot: a team whose key just rotated (its
    /// slots stay, the new generation is wrapped for its new key), or a person who lost access
    /// (`revoke`: their slots go).
    pub(crate) async fn rotate_reports_held_by(
        &self,
        holder: KeyHolder,
        revoke: bool,
    ) -> Result<usize> {
        let reports = self.store().reports_held_by(holder).await?;
        if reports.is_empty() {
            return Ok(0);
        }
        let dir = self.directory().await?;
        for report in &reports {
            self.rotate_audiences(&dir, *report, revoke.then_some(holder), &[])
                .await?;
        }
        Ok(reports.len())
    }

    /// Rotates every audience of each report (after slots were dropped in another transaction).
    pub(crate) async fn rotate_reports(&self, reports: &[ReportId]) -> Result<()> {
        if reports.is_empty() {
            return Ok(());
        }
        let dir = self.directory().await?;
        for report in reports {
            self.rotate_audiences(&dir, *report, None, &[]).await?;
        }
        Ok(())
    }
}
