//! The command line: parsing, and one function per command.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use vigie_app::{App, AppError, InitOptions};
use vigie_store::{Store, StoreError, StoreOptions};

use crate::config::{Config, ConfigError};

mod accounts;
mod audit;
mod backup;
mod hub;
mod keys;

pub use accounts::{TeamCommand, UserCommand};
pub use audit::AuditCommand;
pub use backup::{BackupArgs, RestoreArgs};
pub use hub::HubCommand;
pub use keys::KeysCommand;

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
    /// Write an encrypted backup (database and attachments) into one age file
    Backup(BackupArgs),
    /// Fill an empty instance from a backup
    Restore(RestoreArgs),
    /// A hub's member cities (`[federation]`): status, pull, confirm a key
    #[command(subcommand)]
    Hub(HubCommand),
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
    /// Split the escrow secret into N shares held by different people (Shamir's scheme); only the
    /// shares are printed. Needs --escrow and --escrow-threshold
    #[arg(long, value_name = "N", requires_all = ["escrow", "escrow_threshold"])]
    pub escrow_shares: Option<u8>,
    /// How many of the shares rebuild the escrow secret (2 to N)
    #[arg(long, value_name = "K", requires = "escrow_shares")]
    pub escrow_threshold: Option<u8>,
}

impl InitArgs {
    /// The escrow split asked for, `(threshold, shares)`, checked before anything is created.
    fn escrow_split(&self) -> Result<Option<(u8, u8)>, CliError> {
        match (self.escrow_threshold, self.escrow_shares) {
            (Some(k), Some(n)) if k >= vigie_vault::escrow_shares::MIN_THRESHOLD && k <= n => {
                Ok(Some((k, n)))
            }
            (Some(k), Some(n)) => Err(CliError::Usage(format!(
                "--escrow-threshold {k}: must be at least 2 and at most --escrow-shares ({n})"
            ))),
            _ => Ok(None),
        }
    }
}

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
            let split = args.escrow_split()?;
            let store = open_store(&cfg).await?;
            let opts = InitOptions {
                admin: args.admin,
                escrow: args.escrow,
                receipt_kdf: cfg.kdf_params()?,
                demo: false,
            };
            let mut out = App::init(store, &cfg.key_paths(), cfg.settings()?, &opts).await?;
            let shares = match split {
                Some((k, n)) => out.split_escrow(k, n).await?,
                None => Vec::new(),
            };
            print_init(&out);
            print_shares(&shares);
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
            let r = accounts::user_command(&app, cmd).await;
            app.store().close().await;
            r
        }
        Command::Team(cmd) => {
            let app = open_app(&cfg).await?;
            let r = accounts::team_command(&app, cmd).await;
            app.store().close().await;
            r
        }
        Command::Hub(cmd) => {
            let app = open_app(&cfg).await?;
            let r = hub::hub_command(&app, cmd).await;
            app.store().close().await;
            r
        }
        Command::Audit(cmd) => {
            // Verification must run on a tampered database: no key-directory check on opening.
            let store = open_store(&cfg).await?;
            let app = App::open_for_inspection(store, &cfg.key_paths(), cfg.settings()?).await?;
            let r = audit::audit_command(&app, cmd).await;
            app.store().close().await;
            r
        }
        Command::Backup(args) => backup::run_backup(&cfg, args).await,
        Command::Restore(args) => backup::run_restore(&cfg, args).await,
        Command::Keys(KeysCommand::RotateAudit) => keys::rotate_audit_command(&cfg).await,
        Command::Keys(KeysCommand::RotateInstance { status }) => {
            keys::rotate_instance_command(&cfg, status).await
        }
        Command::Keys(KeysCommand::Publication) => keys::publication_command(&cfg, false),
        Command::Keys(KeysCommand::RotatePublication) => keys::publication_command(&cfg, true),
        Command::Keys(cmd) => {
            // Like the audit commands, inspection must run on a forged directory; a change of keys
            // must not.
            let app = if cmd.changes_keys() {
                open_app(&cfg).await?
            } else {
                let store = open_store(&cfg).await?;
                App::open_for_inspection(store, &cfg.key_paths(), cfg.settings()?).await?
            };
            let r = keys::keys_command(&app, cmd).await;
            app.store().close().await;
            r
        }
    }
}

/// Prints the escrow shares `vigie init --escrow-shares` made, once.
fn print_shares(shares: &[zeroize::Zeroizing<String>]) {
    let Some(first) = shares.first() else {
        return;
    };
    let threshold = vigie_vault::EscrowShare::parse_printable(first)
        .map(|s| s.threshold())
        .unwrap_or_default();
    println!();
    println!(
        "ESCROW KEY, SPLIT: {} shares, any {threshold} of which rebuild it. Give each to a different person, to copy by hand and keep offline; they will never be shown again:",
        shares.len()
    );
    for share in shares {
        println!("{}", share.as_str());
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
