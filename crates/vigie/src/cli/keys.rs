//! `vigie keys …`: the key directory.

use std::process::ExitCode;

use clap::Subcommand;
use vigie_app::App;
use vigie_domain::AuditActor;

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
pub(super) fn read_escrow_secret(
    path: &std::path::Path,
) -> Result<vigie_vault::EscrowSecret, CliError> {
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

/// Runs `vigie keys …` on an instance opened for inspection.
pub(super) async fn keys_command(app: &App, cmd: KeysCommand) -> Result<ExitCode, CliError> {
    match cmd {
        KeysCommand::Reseal { confirm } => reseal_command(app, confirm).await,
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
