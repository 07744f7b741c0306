//! Test instances: a migrated database per backend, and an initialised vigie on it.
//!
//! Every test runs on SQLite, and on PostgreSQL too when `VIGIE_TEST_POSTGRES_URL` is set: one schema
//! (or, for the `vigie` binary, one database) per test, so tests run in parallel on one server. What a
//! test created on PostgreSQL is dropped by its `cleanup`/`stop`, or on drop: when the test panicked
//! before reaching it, and for every web test, whose servers are dropped at the end of each loop.

use std::path::Path;
use std::time::Duration;

use sqlx::Connection;
use tempfile::TempDir;
use vigie_app::{App, InitOptions, KeyPaths, Settings};
use vigie_domain::observatory::{Incident, IncidentCategory, IncidentStatus, Month, SourceType};
use vigie_store::{Store, StoreOptions};
use vigie_vault::KdfParams;

/// The environment variable naming the PostgreSQL server the tests may use (a database URL).
pub const POSTGRES_URL_VAR: &str = "VIGIE_TEST_POSTGRES_URL";

/// The PostgreSQL URL the tests may use, if any.
pub fn postgres_url() -> Option<String> {
    std::env::var(POSTGRES_URL_VAR).ok()
}

/// The database a test instance runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file in the instance's temporary directory.
    Sqlite,
    /// A schema of its own on the server `VIGIE_TEST_POSTGRES_URL` names.
    Postgres,
}

impl Backend {
    /// `"sqlite"` or `"postgres"`, for messages and file names.
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

impl std::fmt::Display for Backend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The name of the SQLite file in a test instance's directory (its WAL and SHM files follow it).
pub const SQLITE_FILE: &str = "v.sqlite";

/// A fresh, migrated database and a temporary directory, owned by one test.
///
/// On SQLite the database is `v.sqlite` in [`TestDb::dir`]; on PostgreSQL it is the schema
/// `t_<random>`, dropped by [`TestDb::cleanup`] or, failing that, on drop.
pub struct TestDb {
    /// The store, connected and migrated.
    pub store: Store,
    /// The database URL (`sqlite://…` or the PostgreSQL server's).
    pub url: String,
    /// The temporary directory: the SQLite file, and whatever the test writes beside it.
    pub dir: TempDir,
    schema: Option<String>,
}

impl TestDb {
    /// One per backend available: SQLite, then PostgreSQL when `VIGIE_TEST_POSTGRES_URL` is set.
    pub async fn all() -> Vec<TestDb> {
        let mut out = vec![TestDb::sqlite().await];
        if let Some(url) = postgres_url() {
            out.push(TestDb::postgres(&url).await);
        }
        out
    }

    /// A SQLite database in a new temporary directory.
    pub async fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join(SQLITE_FILE).display());
        TestDb::connect(url, None, dir).await
    }

    /// A new schema on the PostgreSQL server at `url`.
    pub async fn postgres(url: &str) -> TestDb {
        let schema = format!("t_{}", uuid::Uuid::new_v4().simple());
        TestDb::connect(url.to_owned(), Some(schema), tempfile::tempdir().unwrap()).await
    }

    async fn connect(url: String, schema: Option<String>, dir: TempDir) -> TestDb {
        let mut opts = StoreOptions::new(url.clone());
        opts.pg_schema = schema.clone();
        let store = Store::connect(&opts).await.unwrap();
        store.migrate().await.unwrap();
        TestDb {
            store,
            url,
            dir,
            schema,
        }
    }

    /// The PostgreSQL schema, if the database is on PostgreSQL.
    pub fn schema(&self) -> Option<&str> {
        self.schema.as_deref()
    }

    /// Which backend the database is on.
    pub fn backend(&self) -> Backend {
        if self.schema.is_some() {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }

    /// Options that open the same database again (another pool, as another process would).
    pub fn options(&self) -> StoreOptions {
        let mut opts = StoreOptions::new(self.url.clone());
        opts.pg_schema = self.schema.clone();
        opts
    }

    /// Drops the PostgreSQL schema now (nothing on SQLite); the pool stays open.
    pub async fn drop_schema(&mut self) {
        if let Some(schema) = self.schema.take() {
            self.store.drop_schema(&schema).await.unwrap();
        }
    }

    /// Drops the PostgreSQL schema and closes the pool.
    pub async fn cleanup(mut self) {
        self.drop_schema().await;
        self.store.close().await;
    }
}

impl Drop for TestDb {
    /// A test that panicked before its cleanup leaves no schema behind either.
    fn drop(&mut self) {
        if let Some(schema) = self.schema.take() {
            let sql = format!("DROP SCHEMA IF EXISTS {schema} CASCADE");
            run_on_postgres(&self.url, sql);
        }
    }
}

/// Runs one statement on the PostgreSQL server at `url` from a thread of its own (a `Drop` may run
/// inside a runtime, where nothing can be awaited), within 30 seconds; errors are ignored, since
/// this only cleans up.
fn run_on_postgres(url: &str, sql: String) {
    let url = url.to_owned();
    let cleanup = std::thread::spawn(move || {
        let Ok(rt) = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        else {
            return;
        };
        rt.block_on(async {
            let _ = tokio::time::timeout(Duration::from_secs(30), async {
                if let Ok(mut conn) = sqlx::PgConnection::connect(&url).await {
                    let _ = sqlx::query(sqlx::AssertSqlSafe(sql))
                        .execute(&mut conn)
                        .await;
                    let _ = conn.close().await;
                }
            })
            .await;
        });
    });
    let _ = cleanup.join();
}

/// An initialised vigie on a [`TestDb`]: key files, blobs and checkpoint log in the database's
/// temporary directory, first admin `admin`.
pub struct Instance {
    /// The opened application.
    pub app: App,
    /// Where its key files, blobs and checkpoint log are.
    pub paths: KeyPaths,
    /// The first admin's one-time password.
    pub admin_password: String,
    /// The escrow secret, when the instance was made with one.
    pub escrow_secret: Option<String>,
    /// The database and the temporary directory.
    pub db: TestDb,
}

/// The key paths of an instance whose files live in `dir`; its blobs in the test bucket when there
/// is one ([`crate::s3`]), else in `dir/blobs`.
pub fn key_paths(dir: &Path) -> KeyPaths {
    KeyPaths {
        blobs: crate::s3::blob_location(dir),
        ..KeyPaths::in_data_dir(dir)
    }
}

/// Settings for tests: the fastest KDF that is still Argon2id, and `pool_wait` as given. Suites adjust
/// the rest (the report form's minimum age, limits) to what they test.
pub fn fast_settings(pool_wait: Duration) -> Settings {
    Settings {
        kdf: KdfParams::danger_test_minimum(),
        pool_wait,
        ..Settings::default()
    }
}

impl Instance {
    /// Asks for help through the use case, as `/aide` does once the form is valid (validated at the
    /// clock's time 0, no minimum age); returns the follow-up code.
    pub async fn ask_for_help(&self, form: &vigie_domain::help::HelpForm) -> vigie_vault::Receipt {
        let request =
            vigie_domain::help::validate_help(form, &self.app.settings().areas, 0).unwrap();
        self.app.submit_help_request(request).await.unwrap().receipt
    }

    /// One instance per backend available, with these settings, and an escrow key when `escrow`.
    pub async fn all(settings: &Settings, escrow: bool) -> Vec<Instance> {
        let mut out = Vec::new();
        for db in TestDb::all().await {
            out.push(Instance::init(db, settings.clone(), escrow).await);
        }
        out
    }

    /// Initialises vigie on `db` (`vigie init`'s work). Receipts get the settings' KDF, as passwords
    /// do: the test KDF with [`fast_settings`], the production one when a test asks for it.
    pub async fn init(db: TestDb, settings: Settings, escrow: bool) -> Instance {
        let paths = key_paths(db.dir.path());
        let init = InitOptions {
            admin: "admin".into(),
            escrow,
            receipt_kdf: settings.kdf,
            demo: false,
        };
        let done = App::init(db.store.clone(), &paths, settings, &init)
            .await
            .unwrap();
        Instance {
            app: done.app,
            paths,
            admin_password: done.admin_password.to_string(),
            escrow_secret: done.escrow_secret.map(|s| s.to_string()),
            db,
        }
    }

    /// The temporary directory holding the database (on SQLite), the key files and the blobs.
    pub fn dir(&self) -> &Path {
        self.db.dir.path()
    }

    /// The PostgreSQL schema, if the instance runs on PostgreSQL.
    pub fn schema(&self) -> Option<&str> {
        self.db.schema()
    }

    /// Which backend the instance runs on.
    pub fn backend(&self) -> Backend {
        self.db.backend()
    }

    /// The database URL.
    pub fn url(&self) -> &str {
        &self.db.url
    }

    /// Drops the PostgreSQL schema and closes the pool.
    pub async fn cleanup(self) {
        self.db.cleanup().await;
    }

    /// What the deployment wrote so far, for a canary scan (see [`crate::canary::Evidence`]).
    pub fn evidence(&self) -> crate::canary::Evidence {
        crate::canary::Evidence::collect(self.dir(), self.schema().map(|s| (self.url(), s)))
            .with_objects(&self.paths.blobs)
    }
}

/// A PostgreSQL database of its own on the server `VIGIE_TEST_POSTGRES_URL` names: for the `vigie`
/// binary, which takes a database URL and no schema. Dropped by [`PgDatabase::drop_now`] or on drop.
pub struct PgDatabase {
    /// The server's URL, as the environment gave it.
    pub server: String,
    /// The database's name (`t_<random>`).
    pub name: String,
    /// The URL of the new database.
    pub url: String,
}

impl PgDatabase {
    /// Creates the database on the server at `server_url` (whose own database is replaced in the URL).
    pub async fn create(server_url: &str) -> PgDatabase {
        let name = format!("t_{}", uuid::Uuid::new_v4().simple());
        let pool = sqlx::PgPool::connect(server_url).await.unwrap();
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&pool)
            .await
            .unwrap();
        pool.close().await;
        let url = match server_url.rsplit_once('/') {
            Some((server, _)) => format!("{server}/{name}"),
            None => panic!("{POSTGRES_URL_VAR} needs a database name"),
        };
        PgDatabase {
            server: server_url.to_owned(),
            name,
            url,
        }
    }

    /// Drops the database now, whoever is still connected.
    pub async fn drop_now(mut self) {
        let name = std::mem::take(&mut self.name);
        let pool = sqlx::PgPool::connect(&self.server).await.unwrap();
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
        )))
        .execute(&pool)
        .await
        .unwrap();
        pool.close().await;
    }
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        if !self.name.is_empty() {
            let sql = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
            run_on_postgres(&self.server, sql);
        }
    }
}

/// The blobs (clean copies and originals) of `report`.
pub async fn report_blobs(app: &App, report: vigie_domain::ReportId) -> Vec<vigie_store::BlobRef> {
    app.store().report_blobs(report).await.unwrap()
}

/// Every report of `app`'s instance, whatever team holds it, newest first.
pub async fn all_reports(app: &App) -> Vec<vigie_store::ReportRecord> {
    all_of_kind(app, vigie_domain::report::ReportKind::Report).await
}

/// Every row of `kind` (reports, or help requests) of `app`'s instance, whatever team holds it,
/// newest first.
pub async fn all_of_kind(
    app: &App,
    kind: vigie_domain::report::ReportKind,
) -> Vec<vigie_store::ReportRecord> {
    let holders = app
        .store()
        .list_teams()
        .await
        .unwrap()
        .into_iter()
        .map(|t| vigie_store::KeySlotRow::team_holder(t.id))
        .collect();
    let filter = vigie_store::ReportFilter {
        holders,
        kind,
        ..vigie_store::ReportFilter::default()
    };
    let all = vigie_store::Window {
        offset: 0,
        limit: 1000,
    };
    let (reports, total) = app.store().list_reports(&filter, all).await.unwrap();
    assert_eq!(
        reports.len() as i64,
        total,
        "more reports than one read holds"
    );
    reports
}

/// `n` accepted incidents of one kind, straight into `app`'s store: volume for an edition, without
/// going through the form `n` times.
pub async fn bulk_incidents(
    app: &App,
    by: vigie_domain::UserId,
    month: Month,
    category: IncidentCategory,
    district: &str,
    n: usize,
) {
    let rows: Vec<Incident> = (0..n)
        .map(|_| Incident {
            id: vigie_domain::IncidentId::random(),
            category,
            district: district.into(),
            neighbourhood: None,
            month,
            count: 1,
            contributors: 1,
            source: SourceType::Association,
            reference: String::new(),
            report: None,
            status: IncidentStatus::Accepted,
            recorded_by: by,
        })
        .collect();
    app.store()
        .insert_incidents(&rows, "2026-01-01")
        .await
        .unwrap();
}

/// Runs `update` on the audit log as an attacker with write access to the database would: the
/// trigger that keeps the log append-only dropped first (its name differs by backend).
pub async fn forge_audit(store: &Store, update: &'static str) {
    let drop = if store.backend_name() == "sqlite" {
        "DROP TRIGGER audit_log_no_update"
    } else {
        "DROP TRIGGER audit_log_append_only ON audit_log"
    };
    store.raw_execute_for_tests(drop).await.unwrap();
    store.raw_execute_for_tests(update).await.unwrap();
}
