//! `vigie hub …`: a hub's member cities (issue 14, item 2): their state, a pull now, and the admin's
//! confirmation of a key a member had not announced.

use std::process::ExitCode;

use clap::Subcommand;
use vigie_app::App;
use vigie_domain::AuditActor;

use super::CliError;

#[derive(Debug, Subcommand)]
pub enum HubCommand {
    /// Show each member: its current key, last good pull, newest edition held, last refusal, stale
    Status,
    /// Pull every member now (as the scheduled pull of `vigie serve` does)
    Pull,
    /// Confirm a key a member had not announced (checked with the member out of band): its next
    /// description signed by that key is accepted. A key the member retired stays refused
    ConfirmKey {
        /// The member's INSEE code, as in `[[federation.members]]`
        #[arg(long, value_name = "INSEE")]
        member: String,
        /// The key's fingerprint (the member's `vigie keys publication` prints it)
        // A fingerprint is base64url: one in 64 begins with `-`, which is still its value.
        #[arg(long, value_name = "KID", allow_hyphen_values = true)]
        fingerprint: String,
    },
}

/// A Unix time as `YYYY-MM-DD HH:MM UTC` (published data: exact times are kept).
fn at(unix: Option<i64>) -> String {
    unix.and_then(|t| chrono::DateTime::from_timestamp(t, 0))
        .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_else(|| "never".into())
}

pub(super) async fn hub_command(app: &App, cmd: HubCommand) -> Result<ExitCode, CliError> {
    if app.federation().is_none() {
        return Err(CliError::Usage(
            "this instance is not a hub: its configuration has no [federation]".into(),
        ));
    }
    match cmd {
        HubCommand::Status => {
            for s in app.hub_status().await? {
                let stale = if s.stale { " STALE" } else { "" };
                println!("{} ({}){stale}", s.member.name, s.member.insee);
                println!("  current key: {}", s.trust.current);
                let st = s.pulls.clone().unwrap_or_default();
                println!("  last good pull: {}", at(st.last_good_at));
                let newest = s.newest();
                println!(
                    "  newest edition held: {}",
                    newest.as_deref().unwrap_or("none")
                );
                match st.last_refusal {
                    Some(why) => println!(
                        "  last refusal: {} ({} in a row): {why}",
                        at(st.last_refusal_at),
                        st.failures
                    ),
                    None => println!("  last refusal: none"),
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        HubCommand::Pull => {
            for r in app.pull_network().await? {
                println!(
                    "{}: {} edition(s) stored{}",
                    r.insee,
                    r.stored.len(),
                    r.stopped
                        .map(|why| format!(", stopped: {why}"))
                        .unwrap_or_default()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        HubCommand::ConfirmKey {
            member,
            fingerprint,
        } => {
            let trust = app
                .confirm_member_key(AuditActor::Cli, &member, &fingerprint)
                .await?;
            println!(
                "key {fingerprint} confirmed for member {member} (current key {}): its next \
                 description signed by it will be accepted",
                trust.current
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use clap::Parser;

    use super::HubCommand;
    use crate::cli::{Cli, Command};

    #[test]
    fn a_fingerprint_that_begins_with_a_hyphen_is_the_fingerprint() {
        let cli = Cli::try_parse_from([
            "vigie",
            "hub",
            "confirm-key",
            "--member",
            "13055",
            "--fingerprint",
            "-Lq2x",
        ])
        .unwrap();
        let Command::Hub(HubCommand::ConfirmKey { fingerprint, .. }) = cli.command else {
            panic!("not confirm-key");
        };
        assert_eq!(fingerprint, "-Lq2x");
    }
}
