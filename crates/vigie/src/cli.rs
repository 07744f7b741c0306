//! The command line: parsing, and one function per command.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use vigie_app::{App, AppError, InitOptions, Joined, NewAccount, TeamKeySource};
use vigie_domain::keys::TeamKind;
use vigie_domain::{AuditActor, Role, RoleSet};
use vigie_store::{Store, StoreError, StoreOptions};

use crate::config::{Config, ConfigError};

/// vigie: anonymous reporting, victim support and a public observatory, for the people fighting drug
/// trafficking. Encrypted at rest; no IP address is ever stored.
#[derive(Debug, Parser)]
#[command(name = "vigie", version)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub struct Global {
    /// Data directory (SQLite database, instance secret, audit key) [default: ./vigie-data]
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Configuration file (TOML)
    #[arg(long, global = true, value_name = "FILE", env = "VIGIE_CONFIG")]
    pub config: Option<PathBuf>,
    /// Test builds only: the cheapest KDF, which protects nothing. A build without the
    /// `danger-test-kdf` feature of `vigie-app` (every release build) refuses it.
    #[arg(long, global = true, hide = true)]
    pub danger_test_kdf: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web application (initialises an empty instance first)
    Serve(ServeArgs),
    /// Create the instance: keys and the first admin
    Init(InitArgs),
    /// Apply database migrations
    Migrate,
    /// Manage staff accounts
    #[command(subcommand)]
    User(UserCommand),
    /// Manage teams
    #[command(subcommand)]
    Team(TeamCommand),
    /// Verify or checkpoint the audit log
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Check the key directory (who keys are wrapped for)
    #[command(subcommand)]
    Keys(KeysCommand),
}

/// `vigie serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on [default: 127.0.0.1:8080]
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<std::net::SocketAddr>,
    /// Fill the instance with fictional demo content and show a demo banner
    #[arg(long)]
    pub demo: bool,
}

/// `vigie init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The first admin's user name
    #[arg(long, default_value = "admin")]
    pub admin: String,
    /// Also create an escrow key (its secret is printed once: keep it offline)
    #[arg(long)]
    pub escrow: bool,
}

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
        /// A file holding the escrow secret printed by `vigie init --escrow` (read once, not kept)
        #[arg(long = "escrow-secret-file", value_name = "FILE")]
        escrow_secret_file: Option<std::path::PathBuf>,
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

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Verify the hash chain and the signed checkpoints, in the database and outside it
    Verify {
        /// More outside copies of the checkpoints (several instances each writing their own file):
        /// the database must hold exactly the union of the copies
        #[arg(long = "checkpoints", value_name = "FILE")]
        checkpoints: Vec<std::path::PathBuf>,
    },
    /// Sign a checkpoint of the chain's head now
    Checkpoint,
}

#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Check every MAC of the key directory and its digest against the newest checkpoint; list every
    /// problem (exit 1 if any)
    Verify,
    /// After a crash between a change of the key directory and its checkpoint (vigie then refuses to
    /// start): show the audit entries since the newest checkpoint, and with --confirm, once you have
    /// checked that they explain the change, sign a checkpoint of the directory as it stands
    Reseal {
        /// Sign the checkpoint (without it, only show what would be accepted)
        #[arg(long)]
        confirm: bool,
    },
}

fn parse_role(s: &str) -> Result<Role, String> {
    s.parse::<Role>().map_err(|e| e.to_string())
}

/// A command's failure, with its exit code: 2 for bad input or configuration, 1 otherwise.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Bad configuration, input or environment (exit 2).
    #[error("{0}")]
    Usage(String),
    /// Anything else (exit 1).
    #[error("{0}")]
    Failed(String),
    /// An integrity check failed: tampered audit log, forged key directory (exit 1).
    #[error("{0}")]
    Integrity(String),
}

impl CliError {
    /// The process exit code.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Usage(_) => 2,
            CliError::Failed(_) | CliError::Integrity(_) => 1,
        }
    }
}

impl From<ConfigError> for CliError {
    fn from(e: ConfigError) -> Self {
        CliError::Usage(e.to_string())
    }
}

impl From<AppError> for CliError {
    fn from(e: AppError) -> Self {
        match &e {
            AppError::Store(StoreError::Connect { .. } | StoreError::UnsupportedUrl(_))
            | AppError::Rule(_)
            | AppError::NotInitialised
            | AppError::AlreadyInitialised
            | AppError::UnknownUser(_)
            | AppError::UnknownTeam(_)
            | AppError::Exists(_)
            | AppError::KeyFile(_)
            | AppError::LastAdmin(_)
            | AppError::SelfAction
            | AppError::NotTeamMember
            | AppError::Invalid(_) => CliError::Usage(e.to_string()),
            AppError::Integrity(_) => CliError::Integrity(e.to_string()),
            _ => CliError::Failed(e.to_string()),
        }
    }
}

impl From<StoreError> for CliError {
    fn from(e: StoreError) -> Self {
        AppError::from(e).into()
    }
}

/// Loads the configuration with the global flags applied.
pub fn load_config(global: &Global) -> Result<Config, CliError> {
    let mut cfg = Config::load(global.config.as_deref())?;
    if let Some(dir) = &global.data_dir {
        cfg.data_dir = dir.clone();
    }
    if global.danger_test_kdf {
        if !vigie_app::DANGER_TEST_KDF {
            return Err(CliError::Usage(
                "`--danger-test-kdf` exists only in test builds of vigie".into(),
            ));
        }
        cfg.danger_test_kdf = true;
    }
    Ok(cfg)
}

/// Connects and migrates. SQLite's directory is created (0700) if missing.
pub async fn open_store(cfg: &Config) -> Result<Store, CliError> {
    let url = cfg.database_url();
    if cfg.database_url.is_none() {
        create_private_dir(&cfg.data_dir)?;
    }
    let store = Store::connect(&StoreOptions::new(url)).await?;
    store.migrate().await?;
    Ok(store)
}

/// Creates the data directory readable by its owner only.
pub fn create_private_dir(dir: &std::path::Path) -> Result<(), CliError> {
    use std::os::unix::fs::DirBuilderExt;
    if dir.is_dir() {
        return Ok(());
    }
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| {
            CliError::Usage(format!(
                "cannot create data directory {}: {e}",
                dir.display()
            ))
        })
}

async fn open_app(cfg: &Config) -> Result<App, CliError> {
    let store = open_store(cfg).await?;
    Ok(App::open(store, &cfg.key_paths(), cfg.settings()?).await?)
}

/// Runs a command.
pub async fn run(cli: Cli) -> Result<ExitCode, CliError> {
    let cfg = load_config(&cli.global)?;
    match cli.command {
        Command::Serve(args) => crate::serve::serve(cfg, args).await,
        Command::Init(args) => {
            let store = open_store(&cfg).await?;
            let opts = InitOptions {
                admin: args.admin,
                escrow: args.escrow,
                receipt_kdf: cfg.kdf_params()?,
                demo: false,
            };
            let out = App::init(store, &cfg.key_paths(), cfg.settings()?, &opts).await?;
            print_init(&out);
            out.app.store().close().await;
            Ok(ExitCode::SUCCESS)
        }
        Command::Migrate => {
            let store = open_store(&cfg).await?;
            println!("migrations applied ({})", store.backend_name());
            store.close().await;
            Ok(ExitCode::SUCCESS)
        }
        Command::User(cmd) => {
            let app = open_app(&cfg).await?;
            let r = user_command(&app, cmd).await;
            app.store().close().await;
            r
        }
        Command::Team(cmd) => {
            let app = open_app(&cfg).await?;
            let r = team_command(&app, cmd).await;
            app.store().close().await;
            r
        }
        Command::Audit(cmd) => {
            // Verification must run on a tampered database: no key-directory check on opening.
            let store = open_store(&cfg).await?;
            let app = App::open_for_inspection(store, &cfg.key_paths(), cfg.settings()?).await?;
            let r = audit_command(&app, cmd).await;
            app.store().close().await;
            r
        }
        Command::Keys(KeysCommand::Reseal { confirm }) => {
            let store = open_store(&cfg).await?;
            let app = App::open_for_inspection(store, &cfg.key_paths(), cfg.settings()?).await?;
            let r = reseal_command(&app, confirm).await;
            app.store().close().await;
            r
        }
        Command::Keys(KeysCommand::Verify) => {
            let store = open_store(&cfg).await?;
            let app = App::open_for_inspection(store, &cfg.key_paths(), cfg.settings()?).await?;
            let report = app.verify_keys().await;
            app.store().close().await;
            let report = report?;
            if report.problems.is_empty() {
                println!(
                    "ok, {} accounts, {} teams, key directory version {}",
                    report.users,
                    report.teams,
                    report.version.unwrap_or(0)
                );
                Ok(ExitCode::SUCCESS)
            } else {
                for p in &report.problems {
                    println!("FAILED: {p}");
                }
                Ok(ExitCode::from(1))
            }
        }
    }
}

/// Prints what `vigie init` shows once.
pub fn print_init(out: &vigie_app::InitOutcome) {
    println!("instance initialised.");
    println!("first admin: {}", out.admin);
    println!("one-time password: {}", out.admin_password.as_str());
    println!("(it must be changed at first login, and a second factor enrolled)");
    if let Some(escrow) = &out.escrow_secret {
        println!();
        println!(
            "ESCROW KEY: write it down now and keep it offline; it will never be shown again:"
        );
        println!("{}", escrow.as_str());
    }
}

async fn user_command(app: &App, cmd: UserCommand) -> Result<ExitCode, CliError> {
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

async fn team_command(app: &App, cmd: TeamCommand) -> Result<ExitCode, CliError> {
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
            let escrow = match &escrow_secret_file {
                Some(path) => Some(read_escrow_secret(path)?),
                None => None,
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

/// `vigie keys reseal`: shows the entries since the newest checkpoint; signs with `--confirm`.
async fn reseal_command(app: &App, confirm: bool) -> Result<ExitCode, CliError> {
    let plan = app.reseal_plan().await?;
    if !plan.forged.is_empty() {
        for p in &plan.forged {
            println!("FAILED: {p}");
        }
        println!("rows with a bad MAC are never resealed: restore from a backup (docs/backups.md)");
        return Ok(ExitCode::from(1));
    }
    if !plan.differs {
        println!("ok, the key directory matches the newest checkpoint: nothing to reseal");
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "the key directory differs from the newest checkpoint; entries recorded since ({}):",
        plan.since.len()
    );
    for e in &plan.since {
        println!(
            "  #{} {} {} {} {} {}",
            e.seq, e.day, e.actor, e.kind, e.object, e.detail
        );
    }
    if !confirm {
        println!(
            "if these changes explain the difference (a crash right after them), run again with --confirm; \
             if they do not, rows were written back or deleted: restore from a backup"
        );
        return Ok(ExitCode::from(1));
    }
    let cp = app.reseal_directory(AuditActor::Cli).await?;
    println!(
        "resealed: checkpoint {} signs key directory version {}",
        cp.number, cp.directory_version
    );
    Ok(ExitCode::SUCCESS)
}

/// Reads the escrow secret from a file (the printed form, spaces and line breaks allowed).
fn read_escrow_secret(path: &std::path::Path) -> Result<vigie_vault::EscrowSecret, CliError> {
    let text =
        zeroize::Zeroizing::new(std::fs::read_to_string(path).map_err(|e| {
            CliError::Usage(format!("--escrow-secret-file {}: {e}", path.display()))
        })?);
    vigie_vault::EscrowSecret::parse_printable(text.trim()).map_err(|_| {
        CliError::Usage(format!(
            "--escrow-secret-file {}: not an escrow secret (expected the text `vigie init --escrow` printed)",
            path.display()
        ))
    })
}

async fn audit_command(app: &App, cmd: AuditCommand) -> Result<ExitCode, CliError> {
    match cmd {
        AuditCommand::Verify { checkpoints } => match app.verify_audit_with(&checkpoints).await? {
            Ok(report) => {
                println!(
                    "ok, {} entries, {} checkpoints",
                    report.entries, report.checkpoints
                );
                Ok(ExitCode::SUCCESS)
            }
            Err(e) => {
                println!("FAILED: {e}");
                Ok(ExitCode::from(1))
            }
        },
        AuditCommand::Checkpoint => {
            let cp = app.checkpoint(AuditActor::Cli).await?;
            println!("checkpoint {} signed at entry {}", cp.number, cp.upto_seq);
            Ok(ExitCode::SUCCESS)
        }
    }
}
