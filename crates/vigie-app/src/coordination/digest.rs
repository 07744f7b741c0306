//! What is due, for the coordination's home page and for the coordinators' digest (issue 12, item
//! 9): the open actions due within seven days and those overdue. The digest goes with the teams'
//! digests ([`App::send_digests`]), on their schedule, to each active prevention coordinator whose
//! contact details hold an e-mail address, and only when something is due: two counts, never an
//! action's text, owner or meeting (a mail leaves for mailboxes vigie does not run).

use vigie_domain::Role;

use super::DueDecision;
use crate::reports::{Mail, Notifier};
use crate::{App, Result};

/// How many days ahead an open action counts as due this week.
const DUE_WITHIN_DAYS: i64 = 7;

impl App {
    /// Open actions due from today to seven days ahead, and those overdue (no policy check: the
    /// callers made it, or are the digest job).
    pub(super) async fn due_this_week(&self) -> Result<Vec<DueDecision>> {
        let until = self.coordination_today() + chrono::Duration::days(DUE_WITHIN_DAYS);
        let mut due = self.open_decisions().await?;
        due.retain(|d| d.decision.due <= until);
        Ok(due)
    }

    /// Mails each active prevention coordinator with an address how many open actions are due
    /// this week and how many are overdue, when any is. Returns how many mails were queued.
    pub(crate) async fn send_coordination_due(&self, notifier: &dyn Notifier) -> Result<u64> {
        let due = self.due_this_week().await?;
        if due.is_empty() {
            return Ok(0);
        }
        let overdue = due.iter().filter(|d| d.overdue).count() as u64;
        let due_soon = due.len() as u64 - overdue;
        let mut sent = 0;
        for to in self.addresses_of(Role::PreventionCoordinator).await? {
            notifier.send(Mail::CoordinationDue {
                to,
                due_soon,
                overdue,
            });
            sent += 1;
        }
        Ok(sent)
    }
}
