//! The one error type of this crate.

/// What can go wrong when configuring or sending a notification.
///
/// Messages name the setting at fault but never repeat a recipient's address, the SMTP username or
/// password (they may be logged).
#[derive(Debug, thiserror::Error)]
pub enum NotifyError {
    /// A setting (SMTP, digest schedule, staff link) is missing or wrong, the message names it; or TLS
    /// could not be set up.
    #[error("e-mail notification settings: {0}")]
    Config(String),
    /// A recipient address is not a valid e-mail address.
    #[error("e-mail address: {0}")]
    Address(String),
    /// The mail could not be handed to the SMTP server: unreachable, timed out, TLS failure, refused.
    #[error("sending e-mail failed: {0}")]
    Send(String),
}
