//! `vigie serve`: open (or initialise) the instance, optionally fill the demo, serve HTTP.

use std::process::ExitCode;
use std::time::Duration;

use tracing_subscriber::EnvFilter;
use vigie_app::{App, AppError, InitOptions};

use crate::cli::{CliError, ServeArgs, open_store, print_init};
use crate::config::Config;

/// Official recorded-crime figures for the Bouches-du-Rhône (SSMSI, Licence Ouverte 2.0), shown
/// beside the demonstration's invented figures.
const DEMO_CONTEXT_CSV: &str =
    include_str!("../../../data/context/ssmsi-bouches-du-rhone-2016-2025.csv");
/// Where [`DEMO_CONTEXT_CSV`] comes from.
const DEMO_CONTEXT_SOURCE: &str =
    "SSMSI, bases statistiques de la délinquance enregistrée (data.gouv.fr), Licence Ouverte 2.0";

/// How often background housekeeping runs (checkpoint when due, expired sessions, referrals past
/// their expiry).
const HOUSEKEEPING_EVERY: Duration = Duration::from_secs(3600);

pub async fn serve(mut cfg: Config, args: ServeArgs) -> Result<ExitCode, CliError> {
    if let Some(listen) = args.listen {
        cfg.listen = listen;
    }
    init_logging(&cfg)?;

    let serve_opts = cfg.serve_options();
    warn_if_few_descriptors(serve_opts.max_connections);
    let mut app = open_or_init(&cfg, args.demo).await?;
    check_receipt_kdf(&cfg, &app)?;
    let members = if args.demo {
        // Refused before the members are created: they would fill another instance's directory.
        app.check_demo_instance().await?;
        // The member cities are created while the demo fills this instance: on a first start each
        // waits on its disk and its KDF runs part of the time, and /healthz must answer soon.
        let members = tokio::spawn(crate::demo_network::Members::start(cfg.clone()));
        let filled = provision_demo(&app).await;
        let members = members
            .await
            .map_err(|e| CliError::Failed(format!("demo member cities: {e}")))?;
        let (members, ()) = (members?, filled?);
        // The members' addresses are known now: the instance is opened again as their hub.
        cfg.federation = Some(members.federation(cfg.federation.take()));
        app = App::open(app.store().clone(), &cfg.key_paths(), cfg.settings()?).await?;
        println!("{}\n", members.first_pull(&app).await?);
        Some(members)
    } else {
        None
    };

    // A checkpoint at every start, before listening: it leaves the database (checkpoints.log) with the
    // key directory's digest, so that whatever the database says later is held against it.
    app.checkpoint(vigie_domain::AuditActor::System).await?;
    warn_if_checkpoints_missing_outside(&app).await?;

    let listener = tokio::net::TcpListener::bind(cfg.listen)
        .await
        .map_err(|e| CliError::Usage(format!("cannot listen on {}: {e}", cfg.listen)))?;
    let local = listener
        .local_addr()
        .map_err(|e| CliError::Failed(e.to_string()))?;
    let web = web_config(&cfg, args.demo)?;
    attach_notifier(&cfg, &app)?;
    let housekeeping = tokio::spawn(housekeeping(app.clone()));
    let digests = tokio::spawn(run_on_schedule(
        app.clone(),
        cfg.digest_schedule,
        vigie_app::reports::DIGEST_JOB,
        digest_job,
    ));
    let backups = scheduled_backups(&cfg, &app)?;
    let pulls = app
        .federation()
        .map(|f| tokio::spawn(network_pulls(app.clone(), f.every)));
    println!(
        "vigie {} listening on http://{local}",
        env!("CARGO_PKG_VERSION")
    );
    let router = vigie_web::router(app.clone(), web);
    let served = vigie_web::serve(listener, router, serve_opts, shutdown_signal()).await;
    housekeeping.abort();
    digests.abort();
    for job in backups.into_iter().chain(pulls) {
        job.abort();
    }
    app.store().close().await;
    if let Some(members) = members {
        members.stop().await;
    }
    served.map_err(|e| CliError::Failed(format!("server error: {e}")))?;
    Ok(ExitCode::SUCCESS)
}

/// Installs the log subscriber with the configured filter (a second call, as in tests, is a no-op).
fn init_logging(cfg: &Config) -> Result<(), CliError> {
    // The request log layer never records client data; the filter only chooses verbosity.
    let mut filter = EnvFilter::try_new(&cfg.log)
        .map_err(|e| CliError::Usage(format!("configuration: `log`: {e}")))?;
    // hyper logs each connection at debug level, outside any route: a reporter's connection would
    // leave lines with its time. Never below warnings, whatever the filter asks.
    for directive in ["hyper=warn", "hyper_util=warn", "h2=warn"] {
        if let Ok(d) = directive.parse() {
            filter = filter.add_directive(d);
        }
    }
    // Colours only on a terminal: under systemd or a pipe, escape codes would fill the journal.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stdout()))
        .try_init();
    Ok(())
}

/// Opens the instance, or initialises it on first start (the demonstration's first admin, no
/// escrow) and shows how the first admin signs in.
async fn open_or_init(cfg: &Config, demo: bool) -> Result<App, CliError> {
    let (app, created) = open_or_create(cfg, demo).await?;
    if let Some(out) = created {
        show_first_admin(cfg, &out)?;
    }
    Ok(app)
}

/// Opens the instance of `cfg`, or initialises it (the demonstration's first admin, no escrow):
/// the application, and on a first start what its initialisation must show once.
pub(crate) async fn open_or_create(
    cfg: &Config,
    demo: bool,
) -> Result<(App, Option<vigie_app::InitOutcome>), CliError> {
    let store = open_store(cfg).await?;
    let settings = cfg.settings()?;
    match App::open(store.clone(), &cfg.key_paths(), settings.clone()).await {
        Ok(app) => Ok((app, None)),
        Err(AppError::NotInitialised) => {
            let opts = InitOptions {
                admin: vigie_app::DEMO_FIRST_ADMIN.into(),
                escrow: false,
                receipt_kdf: cfg.kdf_params()?,
                demo,
            };
            let out = App::init(store, &cfg.key_paths(), settings, &opts).await?;
            Ok((out.app.clone(), Some(out)))
        }
        Err(e) => Err(e.into()),
    }
}

/// The steps of the demonstration's seeding, as its progress bar counts them.
const DEMO_STEPS: u64 = 12;

/// Fills a demonstration instance (refusing any other): fictional staff, reports and observatory
/// editions beside the bundled official figures, printing the accounts and follow-up codes. A bar
/// counts the steps on a terminal; what the demo prints comes once the bar is gone, still before
/// the `listening on` line.
async fn provision_demo(app: &App) -> Result<(), CliError> {
    use std::fmt::Write;
    app.check_demo_instance().await?;
    let bar = crate::progress::Bar::steps("demo", DEMO_STEPS);
    let mut out = String::new();
    bar.step("accounts");
    let accounts = app.provision_demo().await?;
    bar.step("report team");
    app.provision_demo_default_team().await?;
    bar.step("help team");
    app.provision_demo_help_team().await?;
    bar.step("partners");
    app.provision_demo_partners().await?;
    bar.step("prevention");
    app.provision_demo_prevention().await?;
    bar.step("coordination");
    app.provision_demo_coordination().await?;
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "DEMONSTRATION: fictional staff accounts (password, then the TOTP secret for an authenticator app):"
    );
    for a in &accounts {
        let _ = writeln!(
            out,
            "  {:<22} {:<12} password: {}",
            a.username,
            a.role.as_str(),
            a.password.as_str()
        );
        let _ = writeln!(out, "  {:<22} {:<12} totp: {}", "", "", a.totp_uri.as_str());
    }
    let _ = writeln!(out);
    bar.step("reports");
    codes(
        &mut out,
        "reports were created",
        &app.provision_demo_reports().await?,
    );
    bar.step("help requests");
    let help = app.provision_demo_help_requests().await?;
    codes(&mut out, "help requests were filed", &help);
    bar.step("surveys");
    survey_codes(&mut out, &app.provision_demo_surveys().await?);
    bar.step("casework");
    let files = app.provision_demo_casework().await?;
    if files > 0 {
        let _ = writeln!(
            out,
            "DEMONSTRATION: {files} invented people's files were opened for the casework team \
             (/espace/accompagnement/dossiers, as demo.accompagnement)."
        );
    }
    // The official figures, imported as an analyst would import them.
    bar.step("official figures");
    let context = vigie_observatory::context::parse_ssmsi_csv(
        DEMO_CONTEXT_CSV,
        "Bouches-du-Rhône (13)",
        DEMO_CONTEXT_SOURCE,
    )
    .map_err(|e| CliError::Failed(format!("bundled official figures: {e}")))?;
    bar.step("observatory");
    let months = app.provision_demo_observatory(&context).await?;
    if months > 0 {
        let _ = writeln!(
            out,
            "DEMONSTRATION: {months} months of invented observatory incidents were published as \
             editions (see /observatoire); they are not real data."
        );
        let _ = writeln!(out);
    }
    if let Some(latest) = app.latest_edition().await? {
        let keys = app.publication_keys()?;
        let _ = writeln!(
            out,
            "DEMONSTRATION: {} ({}) signs its editions with key {}: /api/v1/editions/{}.jws, \
             its keys at /.well-known/jwks.json, itself at /.well-known/vigie.json (docs/network.md).",
            app.city().name,
            app.city().insee,
            keys.current_kid(),
            latest.id
        );
        let _ = writeln!(out);
    }
    bar.finish();
    print!("{out}");
    Ok(())
}

/// The web layer's settings from the configuration, refusing an invalid `onion_location`; warns
/// when the privacy notice lacks the controller or the contact.
fn web_config(cfg: &Config, demo: bool) -> Result<vigie_web::WebConfig, CliError> {
    let web = cfg.web_config(demo);
    web.validate()
        .map_err(|e| CliError::Usage(format!("configuration: `onion_location`: {e}")))?;
    let unset = web.privacy.unset();
    if !unset.is_empty() {
        // Not an error: the notice still tells the truth ("the association operating this
        // service", the follow-up conversation as the contact), but a public instance owes its
        // visitors a name and an address.
        tracing::warn!(
            "[privacy] {} not set: the privacy notice of the public forms names no controller or contact (see docs/configuration.md)",
            unset.join(" and ")
        );
    }
    if cfg.casework.health_notes {
        tracing::warn!(
            "[casework] health_notes is on: partners may write clinical notes; whoever hosts this instance for the association must be a certified health-data host (HDS, art. L.1111-8 code de la santé publique; see docs/data-protection/README.md)"
        );
    }
    Ok(web)
}

/// Sends digests and urgent alerts by e-mail when `[smtp]` is configured; warns otherwise.
fn attach_notifier(cfg: &Config, app: &App) -> Result<(), CliError> {
    if let Some(smtp) = &cfg.smtp {
        let mailer = vigie_notify::Mailer::new(smtp)
            .map_err(|e| CliError::Usage(format!("configuration: `smtp`: {e}")))?;
        app.set_notifier(std::sync::Arc::new(crate::notify::SmtpNotifier::new(
            mailer,
            cfg.staff_url(),
        )));
    } else {
        tracing::warn!("no [smtp] configured: teams get no digest and no urgent alert");
    }
    Ok(())
}

/// The instance's receipt KDF, fixed at `init`, must reach the operator floor too (an instance
/// initialised by an older build with a weaker one is refused rather than served).
fn check_receipt_kdf(cfg: &Config, app: &App) -> Result<(), CliError> {
    if cfg.danger_test_kdf {
        return Ok(());
    }
    // The value this process derives every new receipt with (read when it opened the instance).
    let params = app
        .receipt_kdf()
        .map_err(|e| CliError::Failed(format!("the instance's receipt KDF: {e}")))?;
    if !params.meets_floor() {
        return Err(CliError::Usage(format!(
            "the instance's receipt KDF ({}) is below the floor of {}: it was initialised by a test build",
            params.encode(),
            vigie_vault::KdfParams::operator_floor().encode()
        )));
    }
    Ok(())
}

/// Shows the first admin's one-time password: on the console when it is a terminal (someone is
/// reading it), else in a file readable by this user only, whose path is printed (a service's
/// standard output usually ends in a log that others read and that is kept).
fn show_first_admin(cfg: &Config, out: &vigie_app::InitOutcome) -> Result<(), CliError> {
    use std::io::IsTerminal;
    if std::io::stdout().is_terminal() {
        print_init(out);
        return Ok(());
    }
    let path = cfg.data_dir.join(FIRST_ADMIN_FILE);
    let text = format!(
        "first admin: {}\none-time password: {}\n(it must be changed at first login, and a second factor \
         enrolled; delete this file once it is used)\n",
        out.admin,
        out.admin_password.as_str()
    );
    vigie_store::write_private_file(&path, text.as_bytes())
        .map_err(|e| CliError::Failed(format!("cannot write {}: {e}", path.display())))?;
    println!("instance initialised.");
    println!("first admin: {}", out.admin);
    println!(
        "its one-time password is in {} (readable by this user only; delete it once used)",
        path.display()
    );
    Ok(())
}

/// Where `serve` writes the first admin's one-time password when its output is not a terminal.
pub const FIRST_ADMIN_FILE: &str = "first-admin-password.txt";

/// How often an instance looks again at a round still due after its own try: another instance
/// may be running it, or may have been killed holding its lease (which then ends).
const DUE_RETRY: Duration = Duration::from_secs(300);

/// Runs `job` at each time of `schedule`, for ever, with when it runs next. The job takes the lease
/// `lease` in the database: with several instances, one runs each round; while the round stays due
/// (its holder was killed), this instance tries again every [`DUE_RETRY`], and takes it once the
/// dead holder's lease has ended.
async fn run_on_schedule<J, F>(
    app: App,
    schedule: vigie_notify::DigestSchedule,
    lease: &'static str,
    job: J,
) where
    J: Fn(App, chrono::DateTime<chrono::Utc>) -> F,
    F: std::future::Future<Output = ()>,
{
    loop {
        let now = app.clock().now();
        let next = schedule.next_after(now);
        let wait = (next - now).to_std().unwrap_or(Duration::from_secs(60));
        tokio::time::sleep(wait).await;
        let after = schedule.next_after(next + chrono::Duration::seconds(1));
        job(app.clone(), after).await;
        while app.clock().now() < after
            && app
                .store()
                .job_due(lease, app.clock().unix())
                .await
                .unwrap_or(false)
        {
            tokio::time::sleep(DUE_RETRY).await;
            job(app.clone(), after).await;
        }
    }
}

/// Sends the teams' digests if this instance takes the round's lease.
async fn digest_job(app: App, next: chrono::DateTime<chrono::Utc>) {
    match app.digest_job(next).await {
        Ok(true) => tracing::info!("digests sent"),
        Ok(false) => {}
        Err(e) => tracing::error!(error = %e, "digest job failed"),
    }
}

/// The hub's pulls of its members (`[federation]`): at start, then every `every`. Each instance
/// looks whether a round is due a few times an interval; the round's lease in the database lets
/// one instance pull it.
async fn network_pulls(app: App, every: Duration) {
    let look = (every / 6).clamp(Duration::from_secs(5), Duration::from_secs(300));
    loop {
        match app.scheduled_pull().await {
            Ok(Some(reports)) => {
                for r in reports {
                    match r.stopped {
                        None => {
                            tracing::info!(member = %r.insee, stored = r.stored.len(), "member pulled")
                        }
                        Some(why) => {
                            tracing::warn!(member = %r.insee, stored = r.stored.len(), %why, "member pull stopped")
                        }
                    }
                }
            }
            Ok(None) => {}
            Err(e) => tracing::error!(error = %e, "network pull failed"),
        }
        tokio::time::sleep(look).await;
    }
}

/// Starts the daily backup of `[backup]`, if configured.
fn scheduled_backups(
    cfg: &Config,
    app: &App,
) -> Result<Option<tokio::task::JoinHandle<()>>, CliError> {
    let Some(b) = &cfg.backup else {
        return Ok(None);
    };
    let schedule = b
        .schedule()
        .map_err(|why| CliError::Usage(format!("`backup.at` {why}")))?;
    let plan = vigie_app::backup::BackupSchedule {
        recipients: b.recipients.clone(),
        folder: b.folder.clone(),
        keep: b.keep,
    };
    let job = move |app: App, next: chrono::DateTime<chrono::Utc>| {
        let plan = plan.clone();
        async move {
            match app.scheduled_backup(&plan, next.timestamp()).await {
                Ok(Some(out)) => tracing::info!(bytes = out.bytes, "backup written"),
                Ok(None) => {}
                Err(e) => tracing::error!(error = %e, "scheduled backup failed"),
            }
        }
    };
    Ok(Some(tokio::spawn(run_on_schedule(
        app.clone(),
        schedule,
        vigie_app::backup::BACKUP_JOB,
        job,
    ))))
}

/// Several instances on one database each sign checkpoints: one whose outside copy lacks some the
/// database holds says so at start, since `vigie audit verify` fails unless it is given every copy.
async fn warn_if_checkpoints_missing_outside(app: &App) -> Result<(), CliError> {
    let missing = app.checkpoints_missing_outside().await?;
    if let (Some(first), Some(last)) = (missing.first(), missing.last()) {
        tracing::warn!(
            missing = missing.len(),
            first,
            last,
            "this instance's outside copy of the checkpoints (checkpoint_log) lacks checkpoints the \
             database holds: point every instance's checkpoint_log at one shared file (docs/install.md), \
             or give every instance's copy to `vigie audit verify --checkpoints`"
        );
    }
    Ok(())
}

/// Signs a checkpoint when one is due, deletes expired sessions, applies retention (reports; victims'
/// files: archive, then erasure), sweeps unreferenced blobs and moves reporters' deferred audit entries into the chain, every hour (and at start, which
/// also sweeps what a crash left).
async fn housekeeping(app: App) {
    let mut tick = tokio::time::interval(HOUSEKEEPING_EVERY);
    let mut day = vigie_domain::time::paris_day(app.clock().now());
    loop {
        tick.tick().await;
        // Reporters' requests are never logged one by one: once a day, how many there were, with
        // the day only (and how many warnings they raised, which were not written either).
        let today = vigie_domain::time::paris_day(app.clock().now());
        if today != day {
            let (requests, warnings) = vigie_web::TALLY.take();
            tracing::info!(
                day = %vigie_domain::time::day_string(day),
                requests,
                warnings,
                "reporter requests"
            );
            day = today;
        }
        match app.housekeep_reports().await {
            // Not the follow-up sessions ended: a count each hour would say when reporters came.
            Ok(r) => tracing::info!(
                expired = r.expired,
                blobs_swept = r.blobs_swept,
                audit_flushed = r.audit_flushed,
                "housekeeping"
            ),
            Err(e) => tracing::error!(error = %e, "report housekeeping failed"),
        }
        // Referrals unanswered past `[casework] referral_expiry_days`: a count only.
        match app.housekeep_casework().await {
            Ok(expired_referrals) => {
                tracing::info!(expired_referrals, "casework housekeeping")
            }
            Err(e) => tracing::error!(error = %e, "casework housekeeping failed"),
        }
        match app.housekeep_file_retention().await {
            // Counts only: never which file.
            Ok(r) => tracing::info!(
                archived = r.archived,
                erased = r.erased,
                "casework retention"
            ),
            Err(e) => tracing::error!(error = %e, "casework retention failed"),
        }
        if let Err(e) = app.checkpoint_if_due().await {
            tracing::error!(error = %e, "audit checkpoint failed");
        }
        let now = app.clock().unix();
        let s = app.settings();
        let idle_before = now - s.session_idle.as_secs() as i64;
        let created_before = now - s.session_absolute.as_secs() as i64;
        if let Err(e) = app
            .store()
            .delete_expired_sessions(idle_before, created_before)
            .await
        {
            tracing::error!(error = %e, "session cleanup failed");
        }
    }
}

/// Each connection takes a file descriptor: with fewer than the cap (and some for the database and
/// files), accepting fails before eviction can make room. systemd's default soft limit is 1024.
fn warn_if_few_descriptors(max_connections: usize) {
    let Ok(limits) = std::fs::read_to_string("/proc/self/limits") else {
        return;
    };
    let soft = limits
        .lines()
        .find(|l| l.starts_with("Max open files"))
        .and_then(|l| l.split_whitespace().nth(3))
        .and_then(|v| v.parse::<usize>().ok());
    if let Some(soft) = soft
        && soft < max_connections + 256
    {
        eprintln!(
            "warning: the open-file limit ({soft}) is below server.max_connections + 256 ({}): \
             raise it (systemd: LimitNOFILE=) or lower the cap",
            max_connections + 256
        );
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

/// The demonstration's unused survey codes with their address (impact surveys, issue 12, item 4;
/// nothing on a restart: their keyed hashes alone are kept).
fn survey_codes(out: &mut String, codes: &[String]) {
    use std::fmt::Write;
    if codes.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "DEMONSTRATION: unused survey codes (answer them at their address, or type them at /questionnaire):"
    );
    for code in codes {
        let _ = writeln!(
            out,
            "  {:<22} /questionnaire/{code}",
            vigie_domain::survey::display_code(code)
        );
    }
    let _ = writeln!(out);
}

/// The follow-up codes of what the demonstration filed (nothing when it filed nothing: an instance
/// restarted with `--demo` keeps its first ones).
fn codes(out: &mut String, what: &str, codes: &[(String, vigie_vault::Receipt)]) {
    use std::fmt::Write;
    if codes.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "DEMONSTRATION: fictional {what}; their follow-up codes (try them at /suivi):"
    );
    for (label, receipt) in codes {
        let _ = writeln!(out, "  {:<22} {}", label, receipt.display());
    }
    let _ = writeln!(out);
}
