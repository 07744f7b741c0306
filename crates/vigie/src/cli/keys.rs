//! `vigie keys …`: the key directory.

use std::process::ExitCode;

use clap::Subcommand;
use vigie_app::{App, EscrowInput};
use vigie_domain::AuditActor;
use vigie_vault::{EscrowSecret, EscrowShare};

use super::CliError;

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
    /// Give a user who forgot their password a new one-time password and their own key back, from
    /// its escrow slot (every team key and report they held still opens). Their sessions end; their
    /// second factor stays unless --reset-2fa
    Recover {
        /// User name
        user: String,
        /// A file holding the escrow secret printed by `vigie init --escrow`, or shares of it, one a
        /// line (repeat the flag for shares in several files); read once, not kept
        #[arg(long = "escrow-secret-file", value_name = "FILE", required = true)]
        escrow_secret_file: Vec<std::path::PathBuf>,
        /// Also remove their second factor (a lost phone too): they enrol a new one at sign-in
        #[arg(long = "reset-2fa")]
        reset_2fa: bool,
    },
    /// Replace the audit key: the old key signs a checkpoint naming the new one, the new key signs
    /// the next; `audit verify` with the new key file still verifies every older checkpoint. Stop
    /// every `vigie serve` of the instance first; run it again if it was interrupted
    #[command(name = "rotate-audit")]
    RotateAudit,
    /// Replace the instance secret (a copy may have leaked): contact details are sealed again, the
    /// key directory's MACs and the instance check made again, under a new secret; staff passwords
    /// and receipts stay under the old one, kept in the key file as "previous", until each person
    /// signs in (re-locked then) and the reports are deleted. Recovery codes stop working. Stop every
    /// `vigie serve` of the instance first; run it again if it was interrupted
    #[command(name = "rotate-instance")]
    RotateInstance {
        /// Only show who and what is still on a previous secret; change nothing
        #[arg(long)]
        status: bool,
    },
    /// Show the city's publication keys (which sign its editions, docs/network.md): the current
    /// key's id, the next key's announced thumbprint, the retired keys; creates them if missing
    Publication,
    /// Rotate the publication keys: the announced next key signs from today, the current one is
    /// retired (kept in the JWK Set), a new next key is announced. Hubs accept the new key because
    /// it was announced; running servers use it at once
    #[command(name = "rotate-publication")]
    RotatePublication,
}

impl KeysCommand {
    /// Whether the command changes keys, so that the instance must open with its key directory
    /// checked (the inspection commands run on a forged one, to report on it).
    pub(super) fn changes_keys(&self) -> bool {
        matches!(self, KeysCommand::Recover { .. })
    }
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

/// Reads the escrow secret from the files given with `--escrow-secret-file` (the printed forms,
/// spaces and line breaks allowed): either one file holding the whole secret, or shares, one per line,
/// in one file or several (the flag repeated). Nothing is checked against the instance here.
pub(super) fn read_escrow_secret(paths: &[std::path::PathBuf]) -> Result<EscrowInput, CliError> {
    let flag = |path: &std::path::Path, what: &str| {
        CliError::Usage(format!("--escrow-secret-file {}: {what}", path.display()))
    };
    let mut texts = Vec::with_capacity(paths.len());
    for path in paths {
        let text = std::fs::read_to_string(path).map_err(|e| flag(path, &e.to_string()))?;
        texts.push((path, zeroize::Zeroizing::new(text)));
    }
    let shares = texts
        .iter()
        .any(|(_, t)| EscrowShare::is_share_text(t) || t.lines().any(EscrowShare::is_share_text));
    if !shares {
        let [(path, text)] = texts.as_slice() else {
            return Err(CliError::Usage(
                "--escrow-secret-file: give one file holding the whole escrow secret, or files of shares".into(),
            ));
        };
        return EscrowSecret::parse_printable(text.trim())
            .map(EscrowInput::Whole)
            .map_err(|_| {
                flag(
                    path,
                    "not an escrow secret (expected the text `vigie init --escrow` printed)",
                )
            });
    }
    let mut out = Vec::new();
    for (path, text) in &texts {
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let share = EscrowShare::parse_printable(line).map_err(|e| match e {
                vigie_vault::VaultError::BadShareCheck(_) => flag(path, &e.to_string()),
                _ => flag(
                    path,
                    "not an escrow share (expected one share a line, as `vigie init --escrow-shares` printed them)",
                ),
            })?;
            out.push(share);
        }
    }
    Ok(EscrowInput::Shares(out))
}

/// `vigie keys recover`: prints the new one-time password once.
async fn recover_command(
    app: &App,
    user: &str,
    escrow_secret_file: &[std::path::PathBuf],
    reset_2fa: bool,
) -> Result<ExitCode, CliError> {
    let escrow = app
        .escrow_secret(read_escrow_secret(escrow_secret_file)?)
        .await?;
    let done = app
        .recover_account(AuditActor::Cli, &escrow, user, reset_2fa)
        .await?;
    println!(
        "account {} recovered with its own key: every team and report it held still opens",
        done.username
    );
    println!("one-time password: {}", done.password.as_str());
    if done.second_factor_reset {
        println!("(it must be changed at the next sign-in, and a new second factor enrolled)");
    } else {
        println!("(it must be changed at the next sign-in; the second factor stays the same)");
    }
    Ok(ExitCode::SUCCESS)
}

/// `vigie keys rotate-audit`: opens the instance itself (an interrupted rotation leaves key files
/// that an ordinary opening refuses) and replaces the audit key.
pub(super) async fn rotate_audit_command(
    cfg: &crate::config::Config,
) -> Result<ExitCode, CliError> {
    let paths = cfg.key_paths();
    App::resume_audit_key_swap(&paths)?;
    let store = super::open_store(cfg).await?;
    let app = App::open_for_inspection(store, &paths, cfg.settings()?).await?;
    let (app, done) = app.rotate_audit_key(&paths).await?;
    app.store().close().await;
    println!(
        "audit key replaced: checkpoints are now signed by {} (checkpoint {} is the first)",
        hex::encode(done.new),
        done.first_checkpoint
    );
    println!(
        "the key before, {}, signed the checkpoint naming it; `vigie audit verify` checks both",
        hex::encode(done.old)
    );
    if let Some(retired) = &done.retired {
        println!(
            "the old key file is now {}: verification does not need it; destroy it, or keep it offline with your key backups",
            retired.display()
        );
    }
    println!(
        "back up the new {} offline now (docs/keys.md)",
        paths.audit_key.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// `vigie keys rotate-instance`: opens the instance itself (an interrupted rotation leaves a key file
/// that an ordinary opening refuses); with `--status`, only reports.
pub(super) async fn rotate_instance_command(
    cfg: &crate::config::Config,
    status: bool,
) -> Result<ExitCode, CliError> {
    let paths = cfg.key_paths();
    if !paths.instance_secret.is_file() {
        return Err(CliError::Usage(format!(
            "no instance secret at {}: is --data-dir (or data_dir) the instance's data directory?",
            paths.instance_secret.display()
        )));
    }
    let store = super::open_store(cfg).await?;
    let app = if status {
        App::open(store, &paths, cfg.settings()?).await?
    } else {
        let (app, done) = App::rotate_instance_secret(store, &paths, cfg.settings()?).await?;
        print_rotation(&done);
        app
    };
    let report = app.instance_secret_status().await;
    app.store().close().await;
    print_secret_status(&report?);
    if !status {
        println!(
            "back up the new {} offline now, apart from the database backups (docs/keys.md); \
             backups made before today restore with the key file of their time",
            paths.instance_secret.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn print_rotation(done: &vigie_app::InstanceRotated) {
    println!(
        "instance secret replaced: {} is current, {} the previous one{}",
        done.new,
        done.old,
        if done.resumed {
            " (an interrupted rotation finished)"
        } else {
            ""
        }
    );
    println!(
        "re-sealed under the new secret: {} contact details, team and partner addresses; the key directory's and receipt holders' MACs; checkpoint {} signs the directory",
        done.resealed, done.checkpoint
    );
    if done.unopened > 0 {
        println!(
            "{} sealed contact row(s) did not open under the old secret and were left as they were (`vigie keys verify`, docs/breach.md)",
            done.unopened
        );
    }
    println!(
        "recovery codes no longer work (their MACs were under the old secret, and a stolen database with it could be searched for them): each person gets new ones by enrolling their second factor again (`vigie user reset-2fa NAME`, then at sign-in); staff sessions ended"
    );
    for id in &done.dropped {
        println!("previous secret {id}: nothing needs it any more, removed from the key file");
    }
}

fn print_secret_status(s: &vigie_app::SecretStatus) {
    println!("current instance secret: {}", s.current);
    if s.previous.is_empty() {
        println!("no previous secret: every password lock and receipt is under the current one");
    }
    for p in &s.previous {
        let place = if p.in_key_file {
            "kept in the key file"
        } else {
            "NOT in the key file: what it locked stays locked (`vigie keys recover` for accounts)"
        };
        println!(
            "previous secret {} ({place}): {} account(s) to sign in once (re-locked then) or to recover with `vigie keys recover`, {} report(s) whose receipts need it (deleted at the latest {} days after their last activity)",
            p.id,
            p.accounts.len(),
            p.reports,
            s.retention_days
        );
        for name in &p.accounts {
            println!("  still on {}: {name}", p.id);
        }
    }
}

/// `vigie keys publication` and `vigie keys rotate-publication`: the key file only, no database.
pub(super) fn publication_command(
    cfg: &crate::config::Config,
    rotate: bool,
) -> Result<ExitCode, CliError> {
    let path = cfg.key_paths().publication_key;
    let today = vigie_domain::time::day_string(vigie_domain::time::paris_day(chrono::Utc::now()));
    let keys = if rotate {
        let before = vigie_vault::PublicationKeys::load_or_create(&path, &today)
            .map_err(|e| CliError::Usage(format!("{}: {e}", path.display())))?;
        let keys = vigie_app::rotate_publication_keys(&path, &today)?;
        println!(
            "publication key rotated: {} signs from {today} (announced as the next key), {} is retired",
            keys.current_kid(),
            before.current_kid()
        );
        keys
    } else {
        vigie_app::App::publication_keys_file(&path, &today)?
    };
    println!("file: {}", path.display());
    println!(
        "current key: {} (since {})",
        keys.current_kid(),
        keys.current_since()
    );
    println!(
        "next key (announced in /.well-known/vigie.json): {}",
        keys.next_kid()
    );
    for r in keys.retired().iter().rev() {
        println!(
            "retired key: {} ({} to {})",
            vigie_vault::thumbprint(&r.public),
            r.since,
            r.until
        );
    }
    println!(
        "back up {} offline with the other key files (docs/keys.md)",
        path.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Runs `vigie keys …`.
pub(super) async fn keys_command(app: &App, cmd: KeysCommand) -> Result<ExitCode, CliError> {
    match cmd {
        KeysCommand::Reseal { confirm } => reseal_command(app, confirm).await,
        // Opened by `rotate_audit_command` itself (see `run`).
        KeysCommand::RotateAudit
        | KeysCommand::RotateInstance { .. }
        | KeysCommand::Publication
        | KeysCommand::RotatePublication => Err(CliError::Failed(
            "internal: this command opens what it needs itself".into(),
        )),
        KeysCommand::Recover {
            user,
            escrow_secret_file,
            reset_2fa,
        } => recover_command(app, &user, &escrow_secret_file, reset_2fa).await,
        KeysCommand::Verify => {
            let report = app.verify_keys().await?;
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
