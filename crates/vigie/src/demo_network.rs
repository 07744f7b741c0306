//! The demonstration's network of cities (issue 14, item 5): `serve --demo` runs each fictional
//! member city of [`vigie_app::demo_network::FICTIONAL_CITIES`] as an instance of its own inside
//! the demo process, and the demo instance pulls them as their hub, so that `/reseau` shows three
//! cities from the first start.
//!
//! Each member is a whole instance, not a shortcut: its own data directory
//! (`<data_dir>/reseau/<insee>/`, with the key files any instance has, so its own Ed25519
//! publication key), its own SQLite database, and the real router on a loopback port chosen by the
//! system at each start. The hub reaches it over real HTTP, verifying every signature as it would a
//! city's across the country (plain HTTP is allowed to loopback only). The ports change at each
//! start: the members' addresses live in the hub's settings of this start only, while what the hub
//! trusts of a member is stored under its INSEE code, which does not change.

use std::path::Path;

use tokio::task::JoinHandle;
use vigie_app::App;
use vigie_app::demo_network::{FICTIONAL_CITIES, FictionalCity};
use vigie_app::hub::Member;

use crate::cli::CliError;
use crate::config::{Config, FederationConfig};

/// Where the members' data directories are, under the demo's own.
pub const MEMBERS_DIR: &str = "reseau";

/// A fictional member city, running.
struct Running {
    member: Member,
    app: App,
    server: JoinHandle<()>,
}

/// The demonstration's member cities, each served on a loopback port until [`Members::stop`].
pub struct Members(Vec<Running>);

/// A member's configuration: a default instance in `dir`, publishing as `city`, with the demo's
/// KDF (production parameters, unless a test build asked for its cheapest).
fn member_config(demo: &Config, dir: &Path, city: &FictionalCity) -> Config {
    Config {
        data_dir: dir.to_path_buf(),
        kdf: demo.kdf.clone(),
        danger_test_kdf: demo.danger_test_kdf,
        city: city.city(),
        ..Config::default()
    }
}

/// Starts one member: its instance opened (created and filled on the first start; nothing added
/// later), then its router served on `127.0.0.1` at a port the system picks.
async fn start_member(demo: &Config, city: &FictionalCity) -> Result<Running, CliError> {
    let dir = demo.data_dir.join(MEMBERS_DIR).join(city.insee);
    let cfg = member_config(demo, &dir, city);
    // Its first admin's one-time password is shown to nobody: nobody signs in to a fictional
    // member, its analyst publishes.
    let (app, _) = crate::serve::open_or_create(&cfg, true).await?;
    app.provision_demo_member(city).await?;
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
        .await
        .map_err(|e| CliError::Failed(format!("demo member {}: cannot listen: {e}", city.name)))?;
    let port = listener
        .local_addr()
        .map_err(|e| CliError::Failed(e.to_string()))?
        .port();
    let member = Member {
        name: city.name.into(),
        insee: city.insee.into(),
        url: format!("http://127.0.0.1:{port}"),
        // Here the hub owns its members' key files: the fingerprint exchanged out of band between
        // real cities is read from the file.
        fingerprint: app.publication_keys()?.current_kid(),
    };
    let router = vigie_web::under_dispatch(
        vigie_web::router(app.clone(), cfg.web_config(true)),
        members_log(),
    );
    let opts = cfg.serve_options();
    let name = city.name;
    let server = tokio::spawn(async move {
        let forever = std::future::pending::<()>();
        if let Err(e) = vigie_web::serve(listener, router, opts, forever).await {
            tracing::error!(member = name, error = %e, "demo member server stopped");
        }
    });
    Ok(Running {
        member,
        app,
        server,
    })
}

/// What the members' requests write: warnings and errors only, on standard output as the demo's
/// own lines. Their request log (one line per request, some eighty at the hub's first pull) would
/// otherwise fill the console before `listening on`; the hub's side of each pull is logged as usual.
fn members_log() -> tracing::Dispatch {
    static LOG: std::sync::OnceLock<tracing::Dispatch> = std::sync::OnceLock::new();
    LOG.get_or_init(|| {
        tracing::Dispatch::new(
            tracing_subscriber::fmt()
                .with_max_level(tracing::Level::WARN)
                .with_target(false)
                .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stdout()))
                .finish(),
        )
    })
    .clone()
}

impl Members {
    /// Starts every fictional member city.
    pub async fn start(demo: Config) -> Result<Members, CliError> {
        let mut out = Vec::with_capacity(FICTIONAL_CITIES.len());
        for city in &FICTIONAL_CITIES {
            out.push(start_member(&demo, city).await?);
        }
        Ok(Members(out))
    }

    /// The demo's `[federation]`: the operator's, if any, with the fictional members added (a code
    /// it lists already is left as it is); else the members alone, pulled hourly.
    pub fn federation(&self, configured: Option<FederationConfig>) -> FederationConfig {
        let mut f = configured.unwrap_or(FederationConfig {
            members: Vec::new(),
            pull_every_minutes: 60,
            stale_after_pulls: 3,
            timeout_secs: 30,
        });
        for r in &self.0 {
            if !f.members.iter().any(|m| m.insee == r.member.insee) {
                f.members.push(r.member.clone());
            }
        }
        f
    }

    /// The hub's first pull of its members, before it listens (the scheduled pull goes on as on
    /// any hub): one line for the console saying what `/reseau` shows.
    pub async fn first_pull(&self, hub: &App) -> Result<String, CliError> {
        let reports = hub.pull_network().await?;
        let mut shown = Vec::with_capacity(self.0.len());
        for r in &self.0 {
            let report = reports.iter().find(|p| p.insee == r.member.insee);
            if let Some(why) = report.and_then(|p| p.stopped.as_deref()) {
                // The demonstration goes on: the status page shows the refusal too.
                tracing::warn!(member = %r.member.insee, %why, "demo member pull stopped");
            }
            shown.push(format!("{} ({})", r.member.name, r.member.insee));
        }
        Ok(format!(
            "DEMONSTRATION: the network of cities at /reseau: {} beside {}, fictional member \
             cities served by this process, each signing its editions with its own key, pulled \
             and verified by this instance as their hub (their state at /espace/reseau, as \
             demo.admin).",
            shown.join(" and "),
            hub.city().name
        ))
    }

    /// Stops the members' servers and closes their databases.
    pub async fn stop(self) {
        for r in self.0 {
            r.server.abort();
            r.app.store().close().await;
        }
    }
}
