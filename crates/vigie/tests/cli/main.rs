//! The `vigie` binary as an operator uses it: commands, exit codes, configuration errors, and a real
//! `serve`. Runs on SQLite, and on PostgreSQL too when `VIGIE_TEST_POSTGRES_URL` is set (a database
//! per test).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use vigie_testkit::{PgDatabase, postgres_url};

/// A data directory and, on PostgreSQL, a database of its own (dropped by `drop_db`, or on drop).
struct Instance {
    dir: tempfile::TempDir,
    db_url: Option<String>,
    pg: Option<PgDatabase>,
    /// `VIGIE_*` variables every command of this instance gets (what a node shares with others; its
    /// bucket, see [`Instance::in_bucket`]).
    env: Vec<(String, String)>,
}

impl Instance {
    fn sqlite() -> Self {
        Instance {
            dir: tempfile::tempdir().unwrap(),
            db_url: None,
            pg: None,
            env: Vec::new(),
        }
    }

    async fn postgres(base: &str) -> Self {
        let db = PgDatabase::create(base).await;
        Instance {
            dir: tempfile::tempdir().unwrap(),
            db_url: Some(db.url.clone()),
            pg: Some(db),
            env: Vec::new(),
        }
    }

    async fn all() -> Vec<Instance> {
        let mut v = vec![Instance::sqlite()];
        if let Some(url) = postgres_url() {
            v.push(Instance::postgres(&url).await);
        }
        v
    }

    /// One per backend, each initialised (`vigie init`, no escrow).
    async fn all_initialised() -> Vec<Instance> {
        let all = Instance::all().await;
        for inst in &all {
            inst.check(&["init"], 0, &[]);
        }
        all
    }

    /// `vigie init --escrow`: the escrow secret it printed, written to `escrow.txt` (its path).
    fn init_with_escrow(&self) -> PathBuf {
        let out = self.check(&["init", "--escrow"], 0, &[]);
        self.file("escrow.txt", line_starting(&out, "VIGIE-ESCROW-1-"))
    }

    /// `vigie user add NAME --role ROLE`: the one-time password it printed.
    fn add_user(&self, name: &str, role: &str) -> String {
        password(&self.check(&["user", "add", name, "--role", role], 0, &[]))
    }

    /// Writes `text` to a file of the test's directory named `name`; its path.
    fn file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    /// The application on this instance, opened as the server opens it (the test KDF).
    async fn app(&self) -> vigie_app::App {
        let settings = vigie_testkit::instance::fast_settings(std::time::Duration::from_secs(5));
        // Where the binary keeps them: the data directory, or the bucket of `in_bucket`.
        let paths = vigie_app::KeyPaths {
            blobs: self.blob_location(),
            ..vigie_app::KeyPaths::in_data_dir(&self.data())
        };
        vigie_app::App::open(self.store().await, &paths, settings)
            .await
            .unwrap()
    }

    /// This instance with its blobs under a prefix of its own in the test bucket
    /// (`VIGIE_BLOB_URL` and the object store's `AWS_*` variables, passed on to every command);
    /// `None` without a test bucket.
    fn in_bucket(mut self) -> Option<Self> {
        let location = vigie_testkit::s3::s3_location()?;
        self.env.extend(vigie_testkit::s3::bucket_env(&location));
        Some(self)
    }

    /// Where this instance's blobs are.
    fn blob_location(&self) -> vigie_store::BlobLocation {
        match self.env.iter().find(|(k, _)| k == "VIGIE_BLOB_URL") {
            Some((_, url)) => vigie_store::BlobLocation::parse(url).unwrap(),
            None => vigie_store::BlobLocation::Folder(self.data().join("blobs")),
        }
    }

    async fn drop_db(self) {
        if let Some(db) = self.pg {
            db.drop_now().await;
        }
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// `vigie` with this instance's data dir, the test build's fast KDF (a hidden flag that only
    /// builds with the `danger-test-kdf` feature accept, never a `VIGIE_*` variable), and nothing else
    /// from the environment.
    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = self.cmd_production_kdf(args);
        c.arg("--danger-test-kdf");
        c
    }

    /// `vigie` with this instance's data dir and the KDF the configuration chooses.
    fn cmd_production_kdf(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_vigie"));
        c.env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default());
        c.arg("--data-dir").arg(self.data()).args(args);
        if let Some(url) = &self.db_url {
            c.env("VIGIE_DATABASE_URL", url);
        }
        c.envs(self.env.iter().map(|(k, v)| (k, v)));
        c
    }

    fn run(&self, args: &[&str]) -> Output {
        self.cmd(args).output().unwrap()
    }

    /// Runs `vigie args` (with the test KDF) and the variables `env` besides the instance's.
    fn run_env(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        self.cmd(args).envs(env.iter().copied()).output().unwrap()
    }

    /// Runs `vigie args` with the KDF the configuration chooses and the variables `env`.
    fn run_production_kdf(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut c = self.cmd_production_kdf(args);
        c.envs(env.iter().copied()).output().unwrap()
    }

    /// Runs `vigie args`: it must exit with `exit` and print each of `says`. What it printed.
    fn check(&self, args: &[&str], exit: i32, says: &[&str]) -> String {
        expect(&self.run(args), exit, says)
    }

    /// `vigie audit verify` and `vigie keys verify` both pass.
    fn assert_verified(&self) {
        expect(&self.run(&["audit", "verify"]), 0, &["ok, "]);
        expect(&self.run(&["keys", "verify"]), 0, &["ok, "]);
    }

    /// The instance's database, opened directly (as someone with write access to it would).
    async fn store(&self) -> vigie_store::Store {
        let url = self
            .db_url
            .clone()
            .unwrap_or_else(|| format!("sqlite://{}", self.data().join("vigie.sqlite").display()));
        vigie_store::Store::connect(&vigie_store::StoreOptions::new(url))
            .await
            .unwrap()
    }
}

/// A report in team "Nord" (made the default team), submitted through the use case as `/signaler`
/// does; its follow-up code as shown.
async fn submit_to_nord(app: &vigie_app::App) -> String {
    let nord = app.store().team_by_name("Nord").await.unwrap().unwrap();
    app.store().set_default_team(nord.id).await.unwrap();
    let now = app.clock().now();
    let form = vigie_domain::report::ReportForm {
        category: "deal_point".into(),
        district: "13203".into(),
        text: "Guetteurs tous les soirs au bas du bâtiment B.".into(),
        ..Default::default()
    };
    let day = vigie_domain::time::paris_day(now);
    let areas = &app.settings().areas;
    let report = vigie_domain::report::validate_report(&form, areas, day, now.timestamp());
    let done = app.submit_report(app.new_report_draft(), report.unwrap());
    done.await.unwrap().receipt.display()
}

/// The line of `out` that starts with `prefix`.
fn line_starting<'a>(out: &'a str, prefix: &str) -> &'a str {
    out.lines()
        .find(|l| l.starts_with(prefix))
        .unwrap_or_else(|| panic!("{prefix} in {out}"))
}

/// The one-time password a command printed.
fn password(out: &str) -> String {
    line_starting(out, "one-time password: ")["one-time password: ".len()..].to_owned()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

/// `o` exited with `exit` and printed each of `says` (on stdout or stderr). What it printed.
fn expect(o: &Output, exit: i32, says: &[&str]) -> String {
    let out = text(o);
    assert_eq!(code(o), exit, "{out}");
    for part in says {
        assert!(out.contains(part), "{part:?} in {out}");
    }
    out
}

/// A refusal as an operator sees it: exit code 2 and one line on stderr. That line.
fn refusal(o: &Output) -> String {
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    assert_eq!(code(o), 2, "{}", text(o));
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    err
}

/// `vigie migrate` with the variable `env` set: it must be refused; the refusal's line.
fn migrate_refused(inst: &Instance, env: (&str, &str)) -> String {
    refusal(&inst.run_env(&["migrate"], &[env]))
}

/// `path` is readable and writable by its owner only.
fn assert_private(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "{} is private", path.display());
}

#[test]
fn every_command_has_help() {
    for args in [
        vec!["--help"],
        vec!["serve", "--help"],
        vec!["init", "--help"],
        vec!["migrate", "--help"],
        vec!["user", "--help"],
        vec!["user", "add", "--help"],
        vec!["user", "list", "--help"],
        vec!["user", "disable", "--help"],
        vec!["user", "reset-2fa", "--help"],
        vec!["user", "roles", "--help"],
        vec!["team", "--help"],
        vec!["audit", "verify", "--help"],
        vec!["audit", "checkpoint", "--help"],
        vec!["backup", "--help"],
        vec!["restore", "--help"],
        vec!["keys", "recover", "--help"],
        vec!["keys", "rotate-audit", "--help"],
        vec!["keys", "rotate-instance", "--help"],
    ] {
        let o = Instance::sqlite().run(&args);
        assert_eq!(code(&o), 0, "{args:?}: {}", text(&o));
        assert!(text(&o).contains("Usage"), "{args:?}");
    }
}

// Long on purpose: one story per database, each step starting where the steps before left it.
#[tokio::test]
async fn init_users_teams_and_audit_verify() {
    for inst in Instance::all().await {
        let out = inst.check(
            &["init", "--escrow"],
            0,
            &["one-time password: ", "VIGIE-ESCROW-1-"],
        );
        if inst.db_url.is_none() {
            assert!(inst.data().join("vigie.sqlite").is_file());
        }
        assert_private(&inst.data().join("instance.key"));
        inst.check(&["init"], 2, &["already initialised"]);

        let amina = [
            "user",
            "add",
            "Amina.B",
            "--role",
            "handler",
            "--role",
            "custodian",
            "--contact",
            "Amina B, 06 11 22 33 44",
        ];
        inst.check(&amina, 0, &["user amina.b created (handler,custodian)"]);
        inst.check(
            &["user", "add", "amina.b", "--role", "analyst"],
            2,
            &["already exists"],
        );
        inst.check(&["user", "add", "bob", "--role", "root"], 2, &[]);
        inst.check(&["user", "add", "x y", "--role", "analyst"], 2, &[]);
        inst.run(&["user", "add", "bruno", "--role", "handler"]);

        let north = [
            "team",
            "add",
            "Signalements nord",
            "--member",
            "amina.b",
            "--member",
            "bruno",
        ];
        inst.check(&north, 0, &[]);
        let ghosts = ["team", "add", "Fantômes", "--member", "nobody"];
        inst.check(&ghosts, 2, &["no user named `nobody`"]);

        // Adding members: the escrow secret passes the team's history on (generation 1, no
        // rotation); without it a new generation starts; report teams take handlers only.
        let escrow = out
            .lines()
            .find(|l| l.starts_with("VIGIE-ESCROW-1-"))
            .expect("the escrow secret is printed");
        let escrow_file = inst.dir.path().join("escrow.txt");
        std::fs::write(&escrow_file, escrow).unwrap();
        inst.run(&["user", "add", "chloe", "--role", "handler"]);
        inst.run(&["user", "add", "dana", "--role", "handler"]);
        inst.run(&["user", "add", "carla", "--role", "custodian"]);
        let wrong = inst.dir.path().join("wrong.txt");
        std::fs::write(&wrong, "VIGIE-ESCROW-1-nope").unwrap();
        for (member, secret, exit, says) in [
            ("chloe", Some(&escrow_file), 0, "with the team's history"),
            ("dana", Some(&wrong), 2, "not an escrow secret"),
            ("dana", None, 0, "team key rotated"),
            ("carla", None, 2, "handlers only"),
        ] {
            let mut args = vec!["team", "add-member", "Signalements nord", member];
            if let Some(file) = secret {
                args.extend(["--escrow-secret-file", file.to_str().unwrap()]);
            }
            inst.check(&args, exit, &[says]);
        }

        inst.check(
            &["user", "disable", "bruno"],
            0,
            &["removed from 1 team(s)"],
        );
        let teams = "Signalements nord (report team, key generation 3): amina.b, chloe, dana";
        inst.check(&["team", "list"], 0, &[teams]);

        // A casework team for caseworkers, named as the one help requests reach; never a
        // handlers' team, never an unknown kind.
        inst.run(&["user", "add", "cass", "--role", "caseworker"]);
        let casework = [
            "team",
            "add",
            "Accompagnement",
            "--kind",
            "casework",
            "--member",
            "cass",
        ];
        inst.check(
            &casework,
            0,
            &["casework team Accompagnement created with 1 member(s)"],
        );
        inst.check(&["team", "add", "X", "--kind", "social"], 2, &[]);
        let handlers = ["team", "help-requests", "Signalements nord"];
        inst.check(&handlers, 2, &["not a casework team"]);
        inst.check(&["team", "help-requests", "Personne"], 2, &[]);
        inst.check(
            &["team", "help-requests", "Accompagnement"],
            0,
            &["help requests now reach Accompagnement"],
        );
        let listed =
            "Accompagnement (casework team, key generation 1, receives help requests): cass";
        inst.check(&["team", "list"], 0, &[listed]);
        inst.check(&["keys", "reseal"], 0, &["nothing to reseal"]);
        let demote = ["user", "roles", "admin", "--role", "handler"];
        inst.check(&demote, 2, &["last active admin"]);
        inst.check(&["user", "roles", "amina.b", "--role", "handler"], 0, &[]);
        inst.check(&["user", "reset-2fa", "amina.b"], 0, &[]);
        inst.check(&["user", "disable", "nobody"], 2, &[]);

        let list = inst.check(&["user", "list"], 0, &["admin", "admin,custodian"]);
        assert!(
            list.lines()
                .any(|l| l.starts_with("bruno") && l.contains("disabled")),
            "{list}"
        );
        assert!(!list.contains("06 11"), "contact details are not listed");

        inst.check(&["audit", "checkpoint"], 0, &[]);
        let verdict = inst.check(&["audit", "verify"], 0, &[" checkpoints"]);
        assert!(verdict.starts_with("ok, "), "{verdict}");
        // Every checkpoint also left the database.
        let outside = std::fs::read_to_string(inst.data().join("checkpoints.log")).unwrap();
        assert!(outside.lines().count() >= 2, "{outside}");
        let keys = inst.check(&["keys", "verify"], 0, &[]);
        assert!(keys.starts_with("ok, "), "{keys}");

        // Someone with write access to the database alters an entry: verify names it and exits 1.
        let store = inst.store().await;
        vigie_testkit::forge_audit(
            &store,
            "UPDATE audit_log SET detail = 'tampered' WHERE seq = 5",
        )
        .await;
        store.close().await;
        inst.check(&["audit", "verify"], 1, &["FAILED", "5"]);

        // Someone with write access to the database gives the first admin's row other roles: `keys
        // verify` lists the row, and the server refuses to start (exit 1), naming it.
        let store = inst.store().await;
        store
            .raw_execute_for_tests("UPDATE users SET roles = 'admin' WHERE username = 'admin'")
            .await
            .unwrap();
        store.close().await;
        inst.check(&["keys", "verify"], 1, &["FAILED", "users row"]);
        inst.check(&["serve", "--listen", "127.0.0.1:0"], 1, &["users row"]);
        inst.drop_db().await;
    }
}

fn write(dir: &Path, content: &str) -> PathBuf {
    let p = dir.join("vigie.toml");
    std::fs::write(&p, content).unwrap();
    p
}

#[test]
fn configuration_errors_are_one_clear_line_and_exit_2() {
    let inst = Instance::sqlite();
    let cases: &[(&str, &str)] = &[
        ("listne = \"127.0.0.1:1\"\n", "listne"),
        ("listen = \"nowhere\"\n", "listen"),
        ("[kdf]\nparallelism = 0\n", "kdf"),
        ("[session]\nidle_minutes = 0\n", "session.idle_minutes"),
        (
            "[casework]\narchive_after_days = 7\n",
            "casework.archive_after_days",
        ),
        (
            "onion_location = \"http://example.com\"\n",
            "onion_location",
        ),
        ("[privacy]\ncontact = \"dpo@asso\"\n", "privacy.contact"),
        (
            "[privacy.legal_basis]\nit = \"Base giuridica\"\n",
            "privacy.legal_basis.it",
        ),
    ];
    for (content, key) in cases {
        let path = write(inst.dir.path(), content);
        let err = refusal(&inst.run(&["--config", path.to_str().unwrap(), "migrate"]));
        assert!(err.contains(key), "{content}: {err}");
    }
    let err = refusal(&inst.run(&["--config", "/nonexistent/vigie.toml", "migrate"]));
    assert!(err.contains("/nonexistent/vigie.toml"), "{err}");
}

#[test]
fn environment_variables_are_read_and_checked() {
    let inst = Instance::sqlite();
    let o = inst.run_env(&["migrate"], &[("VIGIE_SESSION_IDLE_MINUTES", "0")]);
    expect(&o, 2, &["session.idle_minutes"]);
    let o = inst.run_env(
        &["migrate"],
        &[("VIGIE_CASEWORK_ARCHIVE_MIN_DAYS", "100000")],
    );
    expect(&o, 2, &["casework.archive_min_days"]);
    let err = migrate_refused(&inst, ("VIGIE_PRIVACY_CONTACT", "dpo@"));
    assert!(err.contains("privacy.contact"), "{err}");
    let o = inst.run_env(&["migrate"], &[("VIGIE_BLOB_URL", "ftp://pieces/vigie")]);
    expect(&o, 2, &["blob_url", "s3://BUCKET"]);
    let o = inst.run_env(
        &["migrate"],
        &[("VIGIE_BLOB_URL", "s3://AKIAKEY:hunter2@pieces")],
    );
    let err = expect(&o, 2, &["blob_url", "AWS_ACCESS_KEY_ID"]);
    assert!(!err.contains("hunter2"), "{err}");
    // Test-only variables are not the binary's: they are ignored, not rejected.
    let o = inst.run_env(
        &["migrate"],
        &[
            ("VIGIE_TEST_POSTGRES_URL", "postgres://nowhere/x"),
            ("VIGIE_CI_BENCH", "1"),
        ],
    );
    expect(&o, 0, &["sqlite"]);
}

#[test]
fn an_unknown_vigie_variable_stops_vigie_naming_it() {
    let inst = Instance::sqlite();
    // A typo must not silently mean the default (here: SQLite instead of PostgreSQL).
    let err = migrate_refused(&inst, ("VIGIE_DATABSE_URL", "postgres://vigie@db/vigie"));
    assert!(err.contains("VIGIE_DATABSE_URL"), "{err}");
    assert!(
        !inst.data().join("vigie.sqlite").exists(),
        "nothing was created"
    );
}

#[test]
fn a_kdf_below_the_floor_is_refused_naming_the_key() {
    let inst = Instance::sqlite();
    for command in [vec!["init"], vec!["serve", "--listen", "127.0.0.1:1"]] {
        let o = inst.run_production_kdf(
            &command,
            &[("VIGIE_KDF_MEMORY_KIB", "8"), ("VIGIE_KDF_ITERATIONS", "1")],
        );
        let err = refusal(&o);
        assert!(
            err.contains("kdf.memory_kib") && err.contains("19456"),
            "{command:?}: {err}"
        );
        assert!(!inst.data().join("instance.key").exists());
    }
    let o = inst.run_production_kdf(&["init"], &[("VIGIE_KDF_ITERATIONS", "1")]);
    expect(&o, 2, &["kdf.iterations"]);
}

#[test]
fn an_instance_initialised_with_the_test_kdf_is_not_served_with_the_real_one() {
    let inst = Instance::sqlite();
    inst.check(&["init"], 0, &[]);
    let o = inst.run_production_kdf(&["serve", "--listen", "127.0.0.1:0"], &[]);
    expect(&o, 2, &["receipt KDF"]);
}

#[test]
fn an_unreachable_database_names_the_url_without_its_password() {
    let inst = Instance::sqlite();
    let err = migrate_refused(
        &inst,
        (
            "VIGIE_DATABASE_URL",
            "postgres://vigie:s3cr3t-pw@127.0.0.1:1/vigie",
        ),
    );
    assert!(
        err.contains("postgres://vigie:***@127.0.0.1:1/vigie"),
        "{err}"
    );
    assert!(!err.contains("s3cr3t"), "{err}");
    let o = inst.run_env(
        &["migrate"],
        &[("VIGIE_DATABASE_URL", "mysql://root:pw@db/x")],
    );
    let out = expect(&o, 2, &[]);
    assert!(!out.contains(":pw@"), "{out}");
}

#[test]
fn commands_on_an_uninitialised_instance_say_what_to_do() {
    let inst = Instance::sqlite();
    inst.check(&["user", "list"], 2, &["vigie init"]);
}

mod backup;
// Key recovery, escrow shares, the audit key's rotation (issue 13, item 7).
mod audit_key;
mod instance_secret;
mod kdf_fixture;
mod keys;
// Several instances on one database (issue 13, item 5).
mod instances;
// The city's publication keys (issue 14).
mod publication;
// A hub of the network of cities (issue 14, item 2).
mod hub;
mod serve;

#[test]
fn a_bucket_that_cannot_be_reached_stops_init_before_any_key_is_written() {
    let inst = Instance::sqlite();
    // Nothing listens on port 1 of the loopback: the S3 endpoint is unreachable.
    let o = inst.run_env(
        &["init"],
        &[
            ("VIGIE_BLOB_URL", "s3://vigie-pieces/marseille"),
            ("AWS_ENDPOINT_URL", "http://127.0.0.1:1"),
            ("AWS_ALLOW_HTTP", "true"),
            ("AWS_REGION", "us-east-1"),
            ("AWS_ACCESS_KEY_ID", "vigie-test"),
            ("AWS_SECRET_ACCESS_KEY", "not-a-real-secret-42"),
        ],
    );
    let err = expect(
        &o,
        2,
        &["s3://vigie-pieces/marseille", "cannot write in the bucket"],
    );
    assert!(!err.contains("not-a-real-secret-42"), "{err}");
    assert!(
        !inst.data().join("instance.key").exists(),
        "no key file written"
    );
}
