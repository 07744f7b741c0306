//! `vigie audit …`: the audit log's chain and checkpoints.

use std::process::ExitCode;

use clap::Subcommand;
use vigie_app::App;
use vigie_domain::AuditActor;

use super::CliError;

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

pub(super) async fn audit_command(app: &App, cmd: AuditCommand) -> Result<ExitCode, CliError> {
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
