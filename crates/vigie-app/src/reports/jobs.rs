//! Background work on reports: retention, the blob sweep, idle follow-up sessions, reporters' deferred
//! audit entries, and notifications (digests and urgent alerts). Each job is taken with a lease in the
//! database, so several instances can run housekeeping and exactly one does each job at a time.

use std::sync::Arc;
use std::time::Duration;

use chrono::Days;
use serde::{Deserialize, Serialize};
use vigie_domain::time::{day_string, paris_day};
use vigie_domain::{AuditActor, AuditKind, TeamId};

use crate::{App, AppError, Result};

/// A mail to send. It never carries report content, category, area or receipt: counts and a team
/// name only (DESIGN.md section 2: mail crosses networks we do not control).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mail {
    /// The scheduled digest of a team.
    Digest {
        /// Recipient.
        to: String,
        /// The team's name.
        team: String,
        /// Reports still new.
        new_reports: u64,
        /// Messages from reporters not yet opened.
        new_messages: u64,
    },
    /// A report marked "danger immédiat" arrived.
    DangerAlert {
        /// The team's on-call address.
        to: String,
        /// The team's name.
        team: String,
    },
    /// The coordinators' digest: how many coordination actions are due this week and how many
    /// are overdue (counts only, never an action's text).
    CoordinationDue {
        /// The coordinator's address (from their sealed contact details).
        to: String,
        /// Open actions due from today to seven days ahead.
        due_soon: u64,
        /// Open actions past their due day.
        overdue: u64,
    },
    /// The newest audit checkpoint, for an admin to keep (daily, with the digests).
    Checkpoint {
        /// The admin's address (from their sealed contact details).
        to: String,
        /// The checkpoint's number.
        number: i64,
        /// The checkpoint as written to `checkpoints.log`.
        line: String,
    },
}

/// Sends mail in the background (the binary plugs SMTP in; tests plug a recorder).
pub trait Notifier: Send + Sync + 'static {
    /// Queues a mail; must not block.
    fn send(&self, mail: Mail);
}

/// A team's notification addresses (sealed under the instance secret).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamNotify {
    /// Where the digest goes.
    pub digest: Option<String>,
    /// Where urgent alerts go.
    pub on_call: Option<String>,
}

impl TeamNotify {
    /// Whether `addr` may be a team's digest or on-call address: one address as the mailer (lettre)
    /// reads it, on a domain with a dot, within SMTP's 254 characters. The mail server has the last
    /// word.
    pub fn accepts(addr: &str) -> bool {
        addr.len() <= 254
            && addr
                .parse::<lettre::Address>()
                .is_ok_and(|a| a.domain().contains('.'))
    }
}

/// What one housekeeping round did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HousekeepingReport {
    /// Reports deleted by retention.
    pub expired: u64,
    /// Unreferenced blobs deleted.
    pub blobs_swept: u64,
    /// Reporters' audit entries moved into the chain.
    pub audit_flushed: u64,
    /// Follow-up sessions ended for idleness.
    pub sessions_ended: u64,
}

/// A uniformly random delay between zero and `max`, to the second (from the OS's generator).
fn random_delay(max: Duration) -> Duration {
    use rand_core::RngCore;
    let secs = max.as_secs();
    Duration::from_secs(rand_core::OsRng.next_u64() % secs.saturating_add(1))
}

/// The digests' lease name: with several instances, one sends each round.
pub const DIGEST_JOB: &str = "digest";

/// Blobs younger than this are never swept: their report's transaction may still be running (an
/// hour is plenty). Blob files carry the midnight of the day they were written, not their minute, so
/// the grace adds a whole day (25 hours: the longest day, when the clocks go back).
const SWEEP_GRACE: Duration = Duration::from_secs((25 + 1) * 3600);

pub(crate) fn notify_aad(team: TeamId) -> Vec<u8> {
    [b"vigie/team-notify/".as_slice(), team.0.as_bytes()].concat()
}

impl App {
    /// Plugs in the mail sender (once, at start-up).
    pub fn set_notifier(&self, notifier: Arc<dyn Notifier>) {
        if let Ok(mut slot) = self.inner.notifier.write() {
            *slot = Some(notifier);
        }
    }

    fn notifier(&self) -> Option<Arc<dyn Notifier>> {
        self.inner.notifier.read().ok().and_then(|n| n.clone())
    }

    /// A team's notification addresses.
    pub async fn team_notify(&self, team: TeamId) -> Result<TeamNotify> {
        let Some(sealed) = self.store().team_notify(team).await? else {
            return Ok(TeamNotify::default());
        };
        let plain = self.open_contact(&notify_aad(team), &sealed)?;
        serde_json::from_slice(&plain)
            .map_err(|e| AppError::Invalid(format!("corrupt team addresses: {e}")))
    }

    /// Sets a team's notification addresses (an admin action, audited).
    pub async fn set_team_notify(
        &self,
        actor: AuditActor,
        team: TeamId,
        notify: &TeamNotify,
    ) -> Result<()> {
        for addr in [&notify.digest, &notify.on_call].into_iter().flatten() {
            if !TeamNotify::accepts(addr) {
                return Err(AppError::Invalid(format!(
                    "`{addr}` is not an e-mail address"
                )));
            }
        }
        let plain = serde_json::to_vec(notify)
            .map_err(|e| AppError::Invalid(format!("cannot encode addresses: {e}")))?;
        let sealed = self.seal_contact(&notify_aad(team), &plain);
        self.store().set_team_notify(team, Some(&sealed)).await?;
        self.append_audit(
            actor,
            AuditKind::SettingsChanged,
            &format!("team:{team}"),
            "notify",
        )
        .await?;
        Ok(())
    }

    /// Sends the urgent alert for a new "danger immédiat" report, in the background.
    pub(crate) fn notify_danger(&self, team: TeamId) {
        let Some(notifier) = self.notifier() else {
            tracing::warn!("a report marked urgent arrived but no mail server is configured");
            return;
        };
        let app = self.clone();
        let jitter = self.settings().reports.urgent_alert_jitter;
        // The alert's time at the mail server would date the report: an optional random delay
        // blurs it. The task keeps the caller's subscriber, so that for a reporter nothing it logs
        // is written at that moment (see `vigie_web::request_log`).
        let task = async move {
            if !jitter.is_zero() {
                tokio::time::sleep(random_delay(jitter)).await;
            }
            let teams = match app.store().list_teams().await {
                Ok(t) => t,
                Err(e) => {
                    tracing::error!(error = %e, "urgent alert: cannot read teams");
                    return;
                }
            };
            let Some(t) = teams.into_iter().find(|t| t.id == team) else {
                return;
            };
            match app.team_notify(team).await {
                Ok(TeamNotify {
                    on_call: Some(to), ..
                }) => notifier.send(Mail::DangerAlert { to, team: t.name }),
                Ok(_) => {
                    tracing::warn!(team = %t.name, "urgent report: the team has no on-call address")
                }
                Err(e) => {
                    tracing::error!(error = %e, "urgent alert: cannot read the team's addresses")
                }
            }
        };
        tokio::spawn(tracing::instrument::WithSubscriber::with_current_subscriber(task));
    }

    /// Sends every team's digest now (even when nothing is new). Returns how many were queued.
    pub async fn send_digests(&self) -> Result<u64> {
        let Some(notifier) = self.notifier() else {
            return Ok(0);
        };
        let mut sent = 0;
        for team in self.store().list_teams().await? {
            let Some(to) = self.team_notify(team.id).await?.digest else {
                continue;
            };
            let (new_reports, new_messages) = self.store().team_waiting(team.id).await?;
            notifier.send(Mail::Digest {
                to,
                team: team.name,
                new_reports: u64::try_from(new_reports).unwrap_or(0),
                new_messages: u64::try_from(new_messages).unwrap_or(0),
            });
            sent += 1;
        }
        sent += self.send_checkpoint_to_admins(notifier.as_ref()).await?;
        sent += self.send_coordination_due(notifier.as_ref()).await?;
        Ok(sent)
    }

    /// Mails the newest checkpoint to every active admin whose contact details hold an e-mail address:
    /// a copy outside the server that whoever controls it cannot take back.
    async fn send_checkpoint_to_admins(&self, notifier: &dyn Notifier) -> Result<u64> {
        let Some(cp) = self.store().last_checkpoint_v2().await? else {
            return Ok(0);
        };
        let line = vigie_vault::checkpoint::to_line(&cp);
        let mut sent = 0;
        for to in self.addresses_of(vigie_domain::Role::Admin).await? {
            notifier.send(Mail::Checkpoint {
                to,
                number: cp.number,
                line: line.clone(),
            });
            sent += 1;
        }
        Ok(sent)
    }

    /// The e-mail address of every active account holding `role` whose contact details hold one
    /// (each opening audited as a decryption by the system).
    pub(crate) async fn addresses_of(&self, role: vigie_domain::Role) -> Result<Vec<String>> {
        let mut out = Vec::new();
        for user in self.store().list_users().await? {
            if user.disabled || !user.roles.contains(role) {
                continue;
            }
            if let Some(contact) = self.contact_of(AuditActor::System, &user).await? {
                out.extend(email_in(&contact));
            }
        }
        Ok(out)
    }

    /// Runs the digest job if it is due by `next_run_at` and no other instance holds it; `next` says
    /// when it runs again (the binary computes it from the configured schedule).
    pub async fn digest_job(&self, next: chrono::DateTime<chrono::Utc>) -> Result<bool> {
        let now = self.clock().unix();
        if !self.store().take_job(DIGEST_JOB, now, 600).await? {
            return Ok(false);
        }
        let result = self.send_digests().await;
        self.store()
            .finish_job(DIGEST_JOB, next.timestamp())
            .await?;
        result.map(|_| true)
    }

    /// One round of housekeeping: retention, follow-up sessions, deferred audit entries, blob sweep.
    /// Safe to run on several instances at once (each part is taken with a lease).
    pub async fn housekeep_reports(&self) -> Result<HousekeepingReport> {
        let mut out = HousekeepingReport::default();
        let now = self.clock().unix();
        // A session row carries only the day of its last use: those of a day that ended before the
        // idle timeout's cutoff are surely idle (an idle one of the cutoff's day is refused when its
        // cookie comes back, from the exact time sealed inside).
        let idle = chrono::Duration::from_std(self.settings().reports.receipt_idle)
            .unwrap_or(chrono::Duration::days(1));
        let cutoff_day = day_string(paris_day(self.clock().now() - idle));
        out.sessions_ended = self
            .store()
            .delete_idle_receipt_sessions(&cutoff_day)
            .await?;
        if self.store().take_job("retention", now, 900).await? {
            let result = self.apply_retention().await;
            self.store().finish_job("retention", now + 3000).await?;
            out.expired = result?;
        }
        if self.store().take_job("audit_flush", now, 600).await? {
            let today = day_string(paris_day(self.clock().now()));
            let result = self
                .store()
                .flush_deferred_audit(&today, vigie_vault::audit::record_hash)
                .await;
            self.store().finish_job("audit_flush", now + 3000).await?;
            out.audit_flushed = result?;
        }
        if self.store().take_job("blob_sweep", now, 900).await? {
            let result = self.sweep_blobs().await;
            self.store().finish_job("blob_sweep", now + 3000).await?;
            out.blobs_swept = result?;
        }
        self.store().truncate_wal().await?;
        Ok(out)
    }

    /// Deletes reports past their retention periods, irrecoverably. Returns how many.
    pub async fn apply_retention(&self) -> Result<u64> {
        let policy = self.settings().reports.retention;
        let today = paris_day(self.clock().now());
        let minus = |days: u32| {
            today
                .checked_sub_days(Days::new(u64::from(days)))
                .map(day_string)
                .unwrap_or_default()
        };
        let closed_by = minus(policy.after_closure_days);
        let active_since = minus(policy.after_last_activity_days);
        let mut deleted = 0;
        loop {
            let batch = self
                .store()
                .expired_reports(&closed_by, &active_since, 100)
                .await?;
            if batch.is_empty() {
                return Ok(deleted);
            }
            for id in batch {
                let entry = [self
                    .entry(
                        AuditActor::System,
                        AuditKind::ReportExpired,
                        &format!("report:{id}"),
                        "",
                    )
                    .await?];
                let done = self
                    .delete_report_everywhere(id, &crate::audit::audited(&entry))
                    .await;
                deleted += counted(done)?;
            }
        }
    }

    /// Deletes blobs no report refers to (left by a crash or an abandoned upload), after a grace period.
    pub async fn sweep_blobs(&self) -> Result<u64> {
        let referenced: std::collections::HashSet<String> =
            self.store().referenced_blobs().await?.into_iter().collect();
        let store = self.blobs().clone();
        let report = tokio::task::spawn_blocking(move || {
            store.sweep(&|id| referenced.contains(&id.to_string()), SWEEP_GRACE)
        })
        .await
        .map_err(|_| AppError::Invalid("blob sweep task failed".into()))?
        .map_err(|e| AppError::Invalid(e.to_string()))?;
        Ok(report.deleted)
    }
}

/// 1 when a retention job's deletion (or archiving) was done, 0 when the item was no longer found
/// (gone, or no longer due, since its batch was read), or the error.
pub(crate) fn counted(done: Result<()>) -> Result<u64> {
    match done {
        Ok(()) => Ok(1),
        Err(AppError::Store(vigie_store::StoreError::NotFound(_))) => Ok(0),
        Err(e) => Err(e),
    }
}

/// The first word of free-text contact details that is an e-mail address, by the one check vigie
/// has ([`TeamNotify::accepts`]: as the mailer reads it), so that a word the mailer would refuse
/// never hides a good address after it.
fn email_in(contact: &str) -> Option<String> {
    contact
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '<' | '>' | '(' | ')'))
        .find(|w| TeamNotify::accepts(w))
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::{TeamNotify, email_in};

    #[test]
    fn an_admins_address_is_the_first_word_the_mailer_would_take() {
        let contact = "Amina, amina@localhost puis (amina@asso.fr) ou 06 12 34 56 78";
        assert_eq!(email_in(contact).as_deref(), Some("amina@asso.fr"));
        assert_eq!(email_in("Amina <a@@asso.fr>, bureau 3"), None);
        assert_eq!(email_in(""), None);
    }

    #[test]
    fn team_addresses_are_read_as_the_mailer_reads_them() {
        for good in [
            "equipe@asso.fr",
            "on-call+nord@exemple.org",
            "a.b@sous.domaine.fr",
        ] {
            assert!(TeamNotify::accepts(good), "{good}");
        }
        let long = format!("{}@exemple.fr", "a".repeat(250));
        for bad in [
            "",
            "equipe",
            "@asso.fr",
            "equipe@",
            "equipe@localhost",
            "equipe @asso.fr",
            "Équipe <equipe@asso.fr>",
            "a@asso.fr, b@asso.fr",
            "a@asso.fr;b@asso.fr",
            "a\n@asso.fr",
            long.as_str(),
        ] {
            assert!(!TeamNotify::accepts(bad), "{bad:?}");
        }
    }
}
