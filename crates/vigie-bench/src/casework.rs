//! Victims' files at scale: a casework team with many files (10,000 by default), then the
//! caseworker's list, a name search in the team's sealed index and the opening of one file, each
//! timed as the use case the web handler calls (in-process: the index is opened and searched in
//! the caseworker's request, which is what the target is about; HTTP adds the same few hundred
//! microseconds to every page).
//!
//! Targets (issue 11): a name search p50 ≤ 50 ms among 10,000 files, the list p50 ≤ 20 ms.

use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::Args;
use vigie_app::casework::{FileQuery, GroupChoice, NewFileInput};
use vigie_app::{App, NewAccount};
use vigie_domain::casefile::{AgeBand, PersonRole, Sex};
use vigie_domain::{AuditActor, Role, RoleSet};

use crate::observatory::seed::init_instance;
use crate::stats::{millis, percentile};

/// `vigie-bench casework`.
#[derive(Debug, Args)]
pub struct CaseworkArgs {
    /// Files in the casework team.
    #[arg(long, default_value_t = 10_000)]
    pub files: usize,
    /// Timed runs of each operation.
    #[arg(long, default_value_t = 200)]
    pub runs: usize,
}

const FIRST: &[&str] = &[
    "Amina", "Karim", "Fatima", "Yanis", "Inès", "Mehdi", "Sarah", "Lucas", "Nadia", "Hugo",
    "Leïla", "Rayan", "Chloé", "Samir", "Jade", "Bilal",
];
const LAST: &[&str] = &[
    "Fictif",
    "Exemple",
    "Imaginaire",
    "Inventé",
    "Modèle",
    "Essai",
    "Démo",
    "Factice",
];

/// A name no two files share (a number makes each one unique), built from invented parts.
fn name(i: usize) -> String {
    format!(
        "{} {}-{} {i:05}",
        FIRST[i % FIRST.len()],
        LAST[(i / FIRST.len()) % LAST.len()],
        LAST[(i / 7) % LAST.len()]
    )
}

/// Runs the benchmark and prints its table.
pub async fn run(args: CaseworkArgs) -> Result<()> {
    let dir = tempfile::tempdir().context("a temporary directory")?;
    let (app, who, secret) = instance(dir.path()).await?;
    let started = Instant::now();
    for i in 0..args.files {
        let input = NewFileInput {
            name: name(i),
            role: PersonRole::ALL[i % PersonRole::ALL.len()],
            age_band: AgeBand::ALL[i % AgeBand::ALL.len()],
            sex: Sex::ALL[i % Sex::ALL.len()],
            legal_basis: vigie_domain::casefile::LegalBasis::VictimMandate,
            team: None,
            help_request: None,
            household: GroupChoice::None,
            affaire: GroupChoice::None,
        };
        app.create_file(&who, &secret, input)
            .await
            .with_context(|| format!("opening file {i}"))?;
        if (i + 1) % (args.files / 10).max(1) == 0 {
            eprintln!(
                "{} files opened in {:.0} s",
                i + 1,
                started.elapsed().as_secs_f64()
            );
        }
    }
    let seeding = started.elapsed();
    let list = timed(args.runs, || async {
        app.file_list(&who, &secret, &FileQuery::default())
            .await
            .map(|_| ())
    })
    .await?;
    let search = timed(args.runs, || async {
        let q = FileQuery {
            name: Some(
                name(args.files / 2)
                    .split(' ')
                    .next_back()
                    .unwrap_or("")
                    .to_owned(),
            ),
            ..FileQuery::default()
        };
        let (rows, _) = app.file_list(&who, &secret, &q).await?;
        anyhow::ensure!(rows.len() == 1, "the search finds exactly one file");
        Ok(())
    })
    .await?;
    let common = timed(args.runs, || async {
        let q = FileQuery {
            name: Some("amina fict".to_owned()),
            ..FileQuery::default()
        };
        app.file_list(&who, &secret, &q).await.map(|_| ())
    })
    .await?;
    let (rows, _) = app.file_list(&who, &secret, &FileQuery::default()).await?;
    let one = rows
        .first()
        .map(|r| r.record.id)
        .context("a file to open")?;
    let open = timed(args.runs, || async {
        app.open_case_file(&who, &secret, one).await.map(|_| ())
    })
    .await?;
    println!(
        "casework: {} files, opened in {:.1} s ({:.1} ms each)",
        args.files,
        seeding.as_secs_f64(),
        millis(seeding) / args.files as f64
    );
    println!("| operation | p50 (ms) | p90 (ms) | target |");
    println!("|---|---|---|---|");
    for (what, samples, target) in [
        ("list, first page", &list, "≤ 20 ms"),
        ("name search, one match (a number)", &search, "≤ 50 ms"),
        (
            "name search, a common name (many matches)",
            &common,
            "≤ 50 ms",
        ),
        ("open one file", &open, ""),
    ] {
        println!(
            "| {what} | {:.2} | {:.2} | {target} |",
            percentile(samples, 50.0).unwrap_or(f64::NAN),
            percentile(samples, 90.0).unwrap_or(f64::NAN)
        );
    }
    app.store().close().await;
    Ok(())
}

/// Milliseconds of each of `runs` calls of `f`.
async fn timed<F, Fut, E>(runs: usize, f: F) -> Result<Vec<f64>>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Result<(), E>>,
    E: Into<anyhow::Error>,
{
    let mut out = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        f().await.map_err(Into::into)?;
        out.push(millis(t.elapsed()));
    }
    Ok(out)
}

/// A fresh instance in `dir` with a casework team of one caseworker, whose key is unlocked.
async fn instance(dir: &Path) -> Result<(App, vigie_domain::Principal, vigie_vault::SecretKey)> {
    let app = init_instance(dir).await?;
    let account = NewAccount {
        username: "banc.accompagnement".into(),
        roles: RoleSet::of(&[Role::Caseworker]),
        contact: None,
    };
    let (id, password) = app.create_user(AuditActor::Cli, &account).await?;
    app.create_help_team(
        AuditActor::Cli,
        "Accompagnement",
        std::slice::from_ref(&account.username),
    )
    .await?;
    let login = app
        .login_password(&account.username, &password)
        .await
        .map_err(|e| anyhow::anyhow!("caseworker login: {e:?}"))?;
    let session = app
        .resume_session(&login.token.to_cookie_value())
        .await
        .map_err(|e| anyhow::anyhow!("caseworker session: {e:?}"))?;
    let secret = session.secret()?;
    let who = app.principal(id).await?;
    Ok((app, who, secret))
}
