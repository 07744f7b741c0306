//! `vigie backup` and `vigie restore`: thin wrappers over `vigie_app::backup`, which does the work.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::Args;
use vigie_app::backup::{
    BackupError, BackupOptions, BackupTarget, Progress, RestoreOptions, backup, restore,
};
use vigie_vault::{AgeKey, SecretString};

use super::{CliError, open_store};
use crate::config::Config;
use crate::progress::Bar;

/// `vigie backup`.
#[derive(Debug, Args)]
pub struct BackupArgs {
    /// An age public key (age1...) the backup is encrypted for; repeat for several people
    #[arg(long = "recipient", value_name = "AGE1...")]
    pub recipients: Vec<String>,
    /// The file to write (it must not exist)
    #[arg(long, value_name = "FILE")]
    pub output: PathBuf,
    /// Put the key files in too; the backup is then encrypted with a passphrase only
    #[arg(long)]
    pub with_keys: bool,
    /// The file holding the passphrase of a backup --with-keys (its first line)
    #[arg(long, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,
}

/// `vigie restore`.
#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The age identity file (age-keygen's output) that opens the backup
    #[arg(long, value_name = "FILE")]
    pub identity: Option<PathBuf>,
    /// The passphrase file that opens a backup made --with-keys
    #[arg(long, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,
    /// The backup file
    #[arg(long, value_name = "FILE")]
    pub input: PathBuf,
}

impl From<BackupError> for CliError {
    fn from(e: BackupError) -> Self {
        match e {
            BackupError::Input(m) => CliError::Usage(m),
            BackupError::BadBackup(m) => CliError::Integrity(m),
            BackupError::Failed(m) => CliError::Failed(m),
        }
    }
}

/// Runs `vigie backup`.
pub async fn run_backup(cfg: &Config, args: BackupArgs) -> Result<ExitCode, CliError> {
    let target = match (
        args.with_keys,
        args.passphrase_file,
        args.recipients.is_empty(),
    ) {
        (true, Some(file), true) => BackupTarget::Passphrase(read_passphrase(&file)?),
        (true, _, false) => {
            return Err(CliError::Usage(
                "--recipient: a backup --with-keys is for a passphrase only (age allows no other \
                 recipient beside one)"
                    .into(),
            ));
        }
        (true, None, true) => {
            return Err(CliError::Usage(
                "--with-keys: a backup holding the key files needs --passphrase-file FILE".into(),
            ));
        }
        (false, Some(_), _) => {
            return Err(CliError::Usage(
                "--passphrase-file: only with --with-keys; without it, give --recipient".into(),
            ));
        }
        (false, None, true) => {
            return Err(CliError::Usage(
                "--recipient: give at least one age public key (age1...)".into(),
            ));
        }
        (false, None, false) => BackupTarget::Recipients(args.recipients),
    };
    let store = open_store(cfg).await?;
    let paths = cfg.key_paths();
    let quota = vigie_store::BlobQuota {
        max_pending_bytes: cfg.settings()?.reports.pending_blob_quota,
    };
    let blobs = vigie_store::BlobStore::open_location(&paths.blobs, quota)
        .await
        .map_err(|e| CliError::Usage(e.to_string()))?;
    let opts = BackupOptions {
        target,
        output: args.output,
    };
    let start = std::time::Instant::now();
    let out = backup(&store, &blobs, Some(&paths), &opts, progress()).await;
    store.close().await;
    let out = out?;
    println!(
        "backup written: {} ({} bytes, {} tables, {} rows, {} files, {:.1} s)",
        out.path.display(),
        out.bytes,
        out.tables,
        out.rows,
        out.blobs,
        start.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

/// Runs `vigie restore`.
pub async fn run_restore(cfg: &Config, args: RestoreArgs) -> Result<ExitCode, CliError> {
    let key = match (&args.identity, &args.passphrase_file) {
        (Some(file), None) => {
            let f = std::fs::File::open(file).map_err(|e| {
                CliError::Usage(format!("--identity: cannot read {}: {e}", file.display()))
            })?;
            AgeKey::Identities(vigie_vault::age_input::secret_text(f).map_err(|e| {
                CliError::Usage(format!("--identity: cannot read {}: {e}", file.display()))
            })?)
        }
        (None, Some(file)) => AgeKey::Passphrase(read_passphrase(file)?),
        _ => {
            return Err(CliError::Usage(
                "--identity: give the age identity file (or --passphrase-file for a backup made \
                 --with-keys), one of the two"
                    .into(),
            ));
        }
    };
    let store = open_store(cfg).await?;
    let opts = RestoreOptions {
        input: args.input,
        key,
    };
    let start = std::time::Instant::now();
    let (app, done) = restore(store, &cfg.key_paths(), cfg.settings()?, opts, progress()).await?;
    app.store().close().await;
    println!(
        "restored {} rows and {} files from a {} backup of {} ({:.1} s)",
        done.rows,
        done.blobs,
        done.from_backend,
        done.day,
        start.elapsed().as_secs_f64()
    );
    if let Some(moved) = &done.moved_checkpoint_log {
        println!(
            "the previous outside copy of the checkpoints was moved to {}",
            moved.display()
        );
    }
    println!(
        "restored at entry {}; checkpoint {} signed",
        done.restored_at_entry, done.checkpoint
    );
    println!(
        "audit verify: ok, {} entries, {} checkpoints",
        done.verified.0, done.verified.1
    );
    Ok(ExitCode::SUCCESS)
}

/// A progress bar on a terminal, nothing otherwise.
fn progress() -> Arc<dyn Progress> {
    Arc::new(Bar::on_terminal())
}

/// The first line of a passphrase file (without its line ending); an empty one is refused.
fn read_passphrase(file: &Path) -> Result<SecretString, CliError> {
    let text = zeroize::Zeroizing::new(std::fs::read_to_string(file).map_err(|e| {
        CliError::Usage(format!(
            "--passphrase-file: cannot read {}: {e}",
            file.display()
        ))
    })?);
    let line = text.lines().next().unwrap_or_default();
    if line.is_empty() {
        return Err(CliError::Usage(format!(
            "--passphrase-file: {} holds no passphrase on its first line",
            file.display()
        )));
    }
    Ok(SecretString::from(line.to_owned()))
}
