//! E-mail notifications for vigie's staff, over SMTP.
//!
//! The kinds of mail, all plain text, French first and English below a separator:
//!
//! - the **digest**: each team gets one on a fixed schedule ([`DigestSchedule`], daily by default),
//!   sent even when nothing is new, saying how many new reports and messages wait and nothing else;
//! - the **coordinators' digest** ([`coordination_due_text`]), on the same schedule, to each
//!   prevention coordinator with an address, when coordination actions are due within seven days
//!   or overdue: two counts and the link;
//! - the **urgent alert**: when a report is marked "danger immédiat", the team's on-call address is told
//!   at once that an urgent report waits, without any content.
//!
//! # What a mail may carry
//!
//! Mail crosses networks we do not control and sits in mailboxes we do not run. A notification carries
//! only counts, the team's internal name, and a link to the staff area ([`Digest::staff_url`]); never
//! report content, category, area, names, a receipt, an identifier of a report, or the time of a
//! reporter's action. The types here make that hard to get wrong: the text functions ([`digest_text`],
//! [`danger_alert_text`]) take nothing else. Headers are `From`, `To`, `Subject`, `Date` (the time of
//! sending), a random `Message-ID` on the sender's domain, MIME headers and `Auto-Submitted`; the SMTP
//! greeting (EHLO) names the sender's domain, not this machine.
//!
//! Errors ([`NotifyError`]) never repeat the recipient's address or the SMTP credentials: staff contact
//! details are sealed at rest, so they must not leak through logs either.

mod config;
// The coordinators' digest (issue 12, item 9).
mod coordination;
mod error;
mod mailer;
mod schedule;
mod text;

pub use config::{DEFAULT_PORT, DEFAULT_TIMEOUT, MAX_TIMEOUT, SmtpConfig, SmtpSecurity};
pub use coordination::{CoordinationDue, coordination_due_text};
pub use error::NotifyError;
pub use mailer::Mailer;
pub use schedule::DigestSchedule;
pub use text::{Digest, danger_alert_text, digest_text};
