//! Mail from the server: the app queues [`Mail`]s, this sends them over SMTP in the background.

use vigie_app::reports::{Mail, Notifier};
use vigie_notify::{Digest, Mailer};

/// Sends the app's mail with `lettre` (through `vigie-notify`), one task per mail.
pub struct SmtpNotifier {
    mailer: Mailer,
    staff_url: String,
}

impl SmtpNotifier {
    /// A notifier linking to `staff_url` (the staff area's address).
    pub fn new(mailer: Mailer, staff_url: String) -> Self {
        Self { mailer, staff_url }
    }
}

impl Notifier for SmtpNotifier {
    fn send(&self, mail: Mail) {
        let mailer = self.mailer.clone();
        let staff_url = self.staff_url.clone();
        // The mail keeps the caller's subscriber: sent because of a reporter (an urgent alert), its
        // failure is counted, not logged at that moment (see `vigie_web::request_log`).
        let task = async move {
            let result = match &mail {
                Mail::Digest {
                    to,
                    team,
                    new_reports,
                    new_messages,
                } => {
                    let d = Digest {
                        team_name: team.clone(),
                        new_reports: *new_reports,
                        new_messages: *new_messages,
                        staff_url,
                    };
                    mailer.send_digest(to, &d).await
                }
                Mail::DangerAlert { to, team } => {
                    mailer.send_danger_alert(to, team, &staff_url).await
                }
                Mail::Checkpoint { to, number, line } => {
                    mailer.send_checkpoint(to, *number, line).await
                }
                Mail::CoordinationDue {
                    to,
                    due_soon,
                    overdue,
                } => {
                    let d = vigie_notify::CoordinationDue {
                        due_soon: *due_soon,
                        overdue: *overdue,
                        staff_url,
                    };
                    mailer.send_coordination_due(to, &d).await
                }
            };
            if let Err(e) = result {
                // The error names neither the recipient nor credentials (vigie-notify redacts them).
                tracing::error!(error = %e, "cannot send a notification");
            }
        };
        tokio::spawn(tracing::instrument::WithSubscriber::with_current_subscriber(task));
    }
}
