//! A test instance behind the real router and serve loop, on a free port of 127.0.0.1.

use std::ops::Deref;

use vigie_app::{App, NewAccount, Settings};
use vigie_domain::{AuditActor, Role, RoleSet};
use vigie_store::Store;
use vigie_web::{ServeOptions, WebConfig};

use crate::instance::{Instance, TestDb};

/// The web configuration tests serve with: no demonstration banner, no onion address, cookies
/// without `Secure` (plain HTTP on 127.0.0.1), version `test`.
pub fn web_config() -> WebConfig {
    WebConfig {
        demo: false,
        onion_location: None,
        secure_cookies: false,
        version: "test",
        public_url: None,
        privacy: Default::default(),
    }
}

/// How [`TestServer::all`] makes and serves its instances.
#[derive(Clone, Debug)]
pub struct ServerOptions {
    /// The application's settings.
    pub settings: Settings,
    /// The web edge's configuration.
    pub web: WebConfig,
    /// The serve loop's options (`vigie serve`'s own by default).
    pub serve: ServeOptions,
    /// Whether the instance has an escrow key.
    pub escrow: bool,
}

impl ServerOptions {
    /// These settings, [`web_config`], the production serve options, no escrow.
    pub fn new(settings: Settings) -> Self {
        ServerOptions {
            settings,
            web: web_config(),
            serve: ServeOptions::default(),
            escrow: false,
        }
    }
}

/// Serves `router` with the serve loop on a free port of 127.0.0.1 until the test's runtime ends;
/// returns its base URL (`http://127.0.0.1:PORT`).
pub async fn serve(router: axum::Router, opts: ServeOptions) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        vigie_web::serve(listener, router, opts, std::future::pending::<()>())
            .await
            .unwrap()
    });
    format!("http://{addr}")
}

/// A running server and the instance behind it. Derefs to the [`Instance`] (`s.app`, `s.paths`,
/// `s.admin_password`, `s.dir()`, `s.schema()`).
pub struct TestServer {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// The instance it serves.
    pub instance: Instance,
}

impl Deref for TestServer {
    type Target = Instance;

    fn deref(&self) -> &Instance {
        &self.instance
    }
}

impl TestServer {
    /// One server per backend available. Installs the log capture first (see [`crate::logs`]).
    pub async fn all(opts: &ServerOptions) -> Vec<TestServer> {
        crate::logs::install();
        let mut out = Vec::new();
        for db in TestDb::all().await {
            let instance = Instance::init(db, opts.settings.clone(), opts.escrow).await;
            out.push(TestServer::start(instance, opts.web.clone(), opts.serve).await);
        }
        out
    }

    /// Serves `instance` with this configuration.
    pub async fn start(instance: Instance, web: WebConfig, serve_opts: ServeOptions) -> TestServer {
        let router = vigie_web::router(instance.app.clone(), web);
        let base = serve(router, serve_opts).await;
        TestServer { base, instance }
    }

    /// A second server on the same database and key files, with its own pool and process state: what
    /// a load balancer in front of several `vigie serve` sees. Returns its base URL and its app.
    pub async fn another_instance(&self, settings: Settings) -> (String, App) {
        let store = Store::connect(&self.db.options()).await.unwrap();
        let app = App::open(store, &self.paths, settings).await.unwrap();
        let router = vigie_web::router(app.clone(), web_config());
        let base = serve(router, ServeOptions::default()).await;
        (base, app)
    }

    /// Creates a user with these roles through the app (as `vigie user add` does); returns the
    /// one-time password.
    pub async fn user(&self, name: &str, roles: &[Role]) -> String {
        let new = NewAccount {
            username: name.into(),
            roles: RoleSet::of(roles),
            contact: None,
        };
        self.app
            .create_user(AuditActor::Cli, &new)
            .await
            .unwrap()
            .1
            .to_string()
    }

    /// `"sqlite"` or `"postgres"`.
    pub fn backend_name(&self) -> &'static str {
        self.backend().name()
    }

    /// Drops the PostgreSQL schema (the server task ends with the test's runtime; its pool is left
    /// open until then).
    pub async fn stop(mut self) {
        self.instance.db.drop_schema().await;
    }
}
