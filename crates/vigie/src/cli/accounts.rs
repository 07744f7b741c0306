//! `vigie user …` and `vigie team …`: staff accounts and teams.

use std::process::ExitCode;

use clap::Subcommand;
use vigie_app::{App, Joined, NewAccount, TeamKeySource};
use vigie_domain::keys::TeamKind;
use vigie_domain::{AuditActor, Role, RoleSet};

use super::CliError;

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account; prints its one-time password
    Add {
        /// User name (a-z, 0-9, '.', '_', '-')
        name: String,
        /// Role (repeatable): admin, handler, custodian, caseworker, partner, analyst, prevention
        #[arg(long = "role", required = true, value_parser = parse_role)]
        roles: Vec<Role>,
        /// Contact details (name, e-mail, phone), stored sealed
        #[arg(long)]
        contact: Option<String>,
    },
    /// List accounts
    List,
    /// Disable an account: ends its sessions, removes it from its teams (team keys rotated)
    Disable {
        /// User name
        name: String,
    },
    /// Replace an account's roles
    Roles {
        /// User name
        name: String,
        /// Role (repeatable): admin, handler, custodian, caseworker, partner, analyst, prevention
        #[arg(long = "role", required = true, value_parser = parse_role)]
        roles: Vec<Role>,
    },
    /// Remove an account's second factor; they enrol again at next login
    #[command(name = "reset-2fa")]
    Reset2fa {
        /// User name
        name: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum TeamCommand {
    /// Create a team
    Add {
        /// Team name
        name: String,
        /// Initial member (repeatable)
        #[arg(long = "member")]
        members: Vec<String>,
        /// What the team is for: reports (handlers) or casework (caseworkers: help requests and
        /// victims' files)
        #[arg(long, default_value = "report", value_parser = ["report", "casework"])]
        kind: String,
    },
    /// Name the casework team that help requests from /aide reach
    #[command(name = "help-requests")]
    HelpRequests {
        /// Team name (a casework team)
        team: String,
    },
    /// Add a member (a handler). With the escrow secret, they receive the team's history; without
    /// it, a new team key generation starts and they read what arrives from now on
    #[command(name = "add-member")]
    AddMember {
        /// Team name
        team: String,
        /// User name
        user: String,
        /// A file holding the escrow secret printed by `vigie init --escrow`, or shares of it, one a
        /// line (repeat the flag for shares in several files); read once, not kept
        #[arg(long = "escrow-secret-file", value_name = "FILE")]
        escrow_secret_file: Vec<std::path::PathBuf>,
    },
    /// List teams and their members
    List,
    /// Remove a member (the team key is rotated)
    Remove {
        /// Team name
        team: String,
        /// User name
        user: String,
    },
}

fn parse_role(s: &str) -> Result<Role, String> {
    s.parse::<Role>().map_err(|e| e.to_string())
}

/// A command's failure, with its exit code: 2 for bad input or configuration, 1 otherwise.
pub(super) async fn user_command(app: &App, cmd: UserCommand) -> Result<ExitCode, CliError> {
    match cmd {
        UserCommand::Add {
            name,
            roles,
            contact,
        } => {
            let new = NewAccount {
                username: name,
                roles: RoleSet::of(&roles),
                contact,
            };
            let (_, password) = app.create_user(AuditActor::Cli, &new).await?;
            println!(
                "user {} created ({})",
                vigie_domain::user::normalize_username(&new.username)
                    .unwrap_or(new.username.clone()),
                new.roles.to_names()
            );
            println!("one-time password: {}", password.as_str());
        }
        UserCommand::List => {
            println!("{:<24} {:<40} {:<4} {:<8}", "name", "roles", "2fa", "state");
            for u in app.list_users().await? {
                let state = if u.disabled {
                    "disabled"
                } else if u.must_change_password {
                    "new"
                } else {
                    "active"
                };
                println!(
                    "{:<24} {:<40} {:<4} {:<8}",
                    u.username,
                    u.roles.to_names(),
                    if u.has_2fa { "yes" } else { "no" },
                    state
                );
            }
        }
        UserCommand::Disable { name } => {
            let teams = app.disable_user(AuditActor::Cli, &name).await?;
            println!(
                "user {name} disabled; sessions ended; removed from {} team(s), their keys rotated",
                teams.len()
            );
        }
        UserCommand::Roles { name, roles } => {
            let roles = RoleSet::of(&roles);
            app.set_roles(AuditActor::Cli, &name, roles).await?;
            println!("roles of {name}: {}", roles.to_names());
        }
        UserCommand::Reset2fa { name } => {
            app.reset_2fa(AuditActor::Cli, &name).await?;
            println!("second factor of {name} removed; they will enrol a new one at next login");
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) async fn team_command(app: &App, cmd: TeamCommand) -> Result<ExitCode, CliError> {
    match cmd {
        TeamCommand::Add {
            name,
            members,
            kind,
        } => {
            let kind: TeamKind = kind
                .parse()
                .map_err(|_| CliError::Usage(format!("unknown team kind `{kind}`")))?;
            app.create_team_of_kind(AuditActor::Cli, &name, kind, &members)
                .await?;
            println!(
                "{} team {name} created with {} member(s)",
                kind.as_str(),
                members.len()
            );
        }
        TeamCommand::HelpRequests { team } => {
            app.set_help_team(AuditActor::Cli, &team).await?;
            println!("help requests now reach {team}");
        }
        TeamCommand::AddMember {
            team,
            user,
            escrow_secret_file,
        } => {
            let escrow = if escrow_secret_file.is_empty() {
                None
            } else {
                let input = super::keys::read_escrow_secret(&escrow_secret_file)?;
                Some(app.escrow_secret(input).await?)
            };
            let source = match &escrow {
                Some(secret) => TeamKeySource::Escrow(secret),
                None => TeamKeySource::None,
            };
            match app
                .add_team_member(AuditActor::Cli, source, &team, &user)
                .await?
            {
                Joined::WithHistory => println!("{user} added to {team}, with the team's history"),
                Joined::FromNow => println!(
                    "{user} added to {team}; team key rotated: they read what arrives from now on"
                ),
            }
        }
        TeamCommand::List => {
            for t in app.list_teams().await? {
                let help = if t.help_requests {
                    ", receives help requests"
                } else {
                    ""
                };
                println!(
                    "{} ({} team, key generation {}{help}): {}",
                    t.name,
                    t.kind.as_str(),
                    t.generation,
                    t.members.join(", ")
                );
            }
        }
        TeamCommand::Remove { team, user } => {
            app.remove_team_member(AuditActor::Cli, &team, &user)
                .await?;
            println!("{user} removed from {team}; team key rotated");
        }
    }
    Ok(ExitCode::SUCCESS)
}
