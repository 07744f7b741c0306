//! The `vigie` binary as an operator uses it: commands, exit codes, configuration errors, and a real
//! `serve`. Runs on SQLite, and on PostgreSQL too when `VIGIE_TEST_POSTGRES_URL` is set (a database
//! per test).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use vigie_testkit::{PgDatabase, postgres_url};

/// A data directory and, on PostgreSQL, a database of its own (dropped by `drop_db`, or on drop).
struct Instance {
    dir: tempfile::TempDir,
    db_url: Option<String>,
    pg: Option<PgDatabase>,
}

impl Instance {
    fn sqlite() -> Self {
        Instance {
            dir: tempfile::tempdir().unwrap(),
            db_url: None,
            pg: None,
        }
    }

    async fn postgres(base: &str) -> Self {
        let db = PgDatabase::create(base).await;
        Instance {
            dir: tempfile::tempdir().unwrap(),
            db_url: Some(db.url.clone()),
            pg: Some(db),
        }
    }

    async fn all() -> Vec<Instance> {
        let mut v = vec![Instance::sqlite()];
        if let Some(url) = postgres_url() {
            v.push(Instance::postgres(&url).await);
        }
        v
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
        c
    }

    fn run(&self, args: &[&str]) -> Output {
        self.cmd(args).output().unwrap()
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
    ] {
        let o = Instance::sqlite().run(&args);
        assert_eq!(code(&o), 0, "{args:?}: {}", text(&o));
        assert!(text(&o).contains("Usage"), "{args:?}");
    }
}

#[tokio::test]
async fn init_users_teams_and_audit_verify() {
    for inst in Instance::all().await {
        let o = inst.run(&["init", "--escrow"]);
        assert_eq!(code(&o), 0, "{}", text(&o));
        let out = text(&o);
        assert!(
            out.contains("one-time password: ") && out.contains("VIGIE-ESCROW-1-"),
            "{out}"
        );
        if inst.db_url.is_none() {
            assert!(inst.data().join("vigie.sqlite").is_file());
        }
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(inst.data().join("instance.key"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "the instance secret is private");

        let again = inst.run(&["init"]);
        assert_eq!(code(&again), 2, "{}", text(&again));
        assert!(text(&again).contains("already initialised"));

        let o = inst.run(&[
            "user",
            "add",
            "Amina.B",
            "--role",
            "handler",
            "--role",
            "custodian",
            "--contact",
            "Amina B, 06 11 22 33 44",
        ]);
        assert_eq!(code(&o), 0, "{}", text(&o));
        assert!(
            text(&o).contains("user amina.b created (handler,custodian)"),
            "{}",
            text(&o)
        );
        let o = inst.run(&["user", "add", "amina.b", "--role", "analyst"]);
        assert_eq!(
            (code(&o), text(&o).contains("already exists")),
            (2, true),
            "{}",
            text(&o)
        );
        let o = inst.run(&["user", "add", "bob", "--role", "root"]);
        assert_eq!(code(&o), 2, "{}", text(&o));
        let o = inst.run(&["user", "add", "x y", "--role", "analyst"]);
        assert_eq!(code(&o), 2, "{}", text(&o));
        inst.run(&["user", "add", "bruno", "--role", "handler"]);

        let o = inst.run(&[
            "team",
            "add",
            "Signalements nord",
            "--member",
            "amina.b",
            "--member",
            "bruno",
        ]);
        assert_eq!(code(&o), 0, "{}", text(&o));
        let o = inst.run(&["team", "add", "Fantômes", "--member", "nobody"]);
        assert_eq!(
            (code(&o), text(&o).contains("no user named `nobody`")),
            (2, true),
            "{}",
            text(&o)
        );

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
        let o = inst.run(&[
            "team",
            "add-member",
            "Signalements nord",
            "chloe",
            "--escrow-secret-file",
            escrow_file.to_str().unwrap(),
        ]);
        assert_eq!(code(&o), 0, "{}", text(&o));
        assert!(text(&o).contains("with the team's history"), "{}", text(&o));
        let wrong = inst.dir.path().join("wrong.txt");
        std::fs::write(&wrong, "VIGIE-ESCROW-1-nope").unwrap();
        let o = inst.run(&[
            "team",
            "add-member",
            "Signalements nord",
            "dana",
            "--escrow-secret-file",
            wrong.to_str().unwrap(),
        ]);
        assert_eq!(code(&o), 2, "{}", text(&o));
        assert!(text(&o).contains("not an escrow secret"), "{}", text(&o));
        let o = inst.run(&["team", "add-member", "Signalements nord", "dana"]);
        assert_eq!(code(&o), 0, "{}", text(&o));
        assert!(text(&o).contains("team key rotated"), "{}", text(&o));
        let o = inst.run(&["team", "add-member", "Signalements nord", "carla"]);
        assert_eq!(code(&o), 2, "{}", text(&o));
        assert!(text(&o).contains("handlers only"), "{}", text(&o));

        let o = inst.run(&["user", "disable", "bruno"]);
        assert_eq!(code(&o), 0, "{}", text(&o));
        assert!(text(&o).contains("removed from 1 team(s)"));
        let o = inst.run(&["team", "list"]);
        assert!(
            text(&o).contains("Signalements nord (key generation 3): amina.b, chloe, dana"),
            "{}",
            text(&o)
        );
        let o = inst.run(&["keys", "reseal"]);
        assert_eq!(code(&o), 0, "{}", text(&o));
        assert!(text(&o).contains("nothing to reseal"), "{}", text(&o));
        let o = inst.run(&["user", "roles", "admin", "--role", "handler"]);
        assert_eq!(
            (code(&o), text(&o).contains("last active admin")),
            (2, true),
            "{}",
            text(&o)
        );
        let o = inst.run(&["user", "roles", "amina.b", "--role", "handler"]);
        assert_eq!(code(&o), 0, "{}", text(&o));
        let o = inst.run(&["user", "reset-2fa", "amina.b"]);
        assert_eq!(code(&o), 0, "{}", text(&o));
        let o = inst.run(&["user", "disable", "nobody"]);
        assert_eq!(code(&o), 2);

        let o = inst.run(&["user", "list"]);
        let list = text(&o);
        assert!(
            list.contains("admin") && list.contains("admin,custodian"),
            "{list}"
        );
        assert!(
            list.lines()
                .any(|l| l.starts_with("bruno") && l.contains("disabled")),
            "{list}"
        );
        assert!(!list.contains("06 11"), "contact details are not listed");

        let o = inst.run(&["audit", "checkpoint"]);
        assert_eq!(code(&o), 0, "{}", text(&o));
        let o = inst.run(&["audit", "verify"]);
        assert_eq!(code(&o), 0, "{}", text(&o));
        let verdict = text(&o);
        assert!(
            verdict.starts_with("ok, ") && verdict.contains(" checkpoints"),
            "{verdict}"
        );
        // Every checkpoint also left the database.
        let outside = std::fs::read_to_string(inst.data().join("checkpoints.log")).unwrap();
        assert!(outside.lines().count() >= 2, "{outside}");
        let o = inst.run(&["keys", "verify"]);
        assert_eq!(code(&o), 0, "{}", text(&o));
        assert!(text(&o).starts_with("ok, "), "{}", text(&o));

        // Someone with write access to the database alters an entry: verify names it and exits 1.
        let store = inst.store().await;
        let drop = if store.backend_name() == "sqlite" {
            "DROP TRIGGER audit_log_no_update"
        } else {
            "DROP TRIGGER audit_log_append_only ON audit_log"
        };
        store.raw_execute_for_tests(drop).await.unwrap();
        store
            .raw_execute_for_tests("UPDATE audit_log SET detail = 'tampered' WHERE seq = 5")
            .await
            .unwrap();
        store.close().await;
        let o = inst.run(&["audit", "verify"]);
        assert_eq!(code(&o), 1, "{}", text(&o));
        assert!(
            text(&o).contains("FAILED") && text(&o).contains('5'),
            "{}",
            text(&o)
        );

        // Someone with write access to the database gives the first admin's row other roles: `keys
        // verify` lists the row, and the server refuses to start (exit 1), naming it.
        let store = inst.store().await;
        store
            .raw_execute_for_tests("UPDATE users SET roles = 'admin' WHERE username = 'admin'")
            .await
            .unwrap();
        store.close().await;
        let o = inst.run(&["keys", "verify"]);
        assert_eq!(code(&o), 1, "{}", text(&o));
        assert!(
            text(&o).contains("FAILED") && text(&o).contains("users row"),
            "{}",
            text(&o)
        );
        let o = inst.run(&["serve", "--listen", "127.0.0.1:0"]);
        assert_eq!(code(&o), 1, "{}", text(&o));
        assert!(text(&o).contains("users row"), "{}", text(&o));
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
            "onion_location = \"http://example.com\"\n",
            "onion_location",
        ),
    ];
    for (content, key) in cases {
        let path = write(inst.dir.path(), content);
        let o = inst.run(&["--config", path.to_str().unwrap(), "migrate"]);
        let err = String::from_utf8_lossy(&o.stderr).to_string();
        assert_eq!(code(&o), 2, "{content}: {err}");
        assert!(err.contains(key), "{content}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    }
    let o = inst.run(&["--config", "/nonexistent/vigie.toml", "migrate"]);
    assert_eq!(code(&o), 2);
    assert!(String::from_utf8_lossy(&o.stderr).contains("/nonexistent/vigie.toml"));
}

#[test]
fn environment_variables_are_read_and_checked() {
    let inst = Instance::sqlite();
    let o = inst
        .cmd(&["migrate"])
        .env("VIGIE_SESSION_IDLE_MINUTES", "0")
        .output()
        .unwrap();
    assert_eq!(code(&o), 2, "{}", text(&o));
    assert!(text(&o).contains("session.idle_minutes"), "{}", text(&o));
    // Test-only variables are not the binary's: they are ignored, not rejected.
    let o = inst
        .cmd(&["migrate"])
        .env("VIGIE_TEST_POSTGRES_URL", "postgres://nowhere/x")
        .env("VIGIE_CI_BENCH", "1")
        .output()
        .unwrap();
    assert_eq!(code(&o), 0, "{}", text(&o));
    assert!(text(&o).contains("sqlite"));
}

#[test]
fn an_unknown_vigie_variable_stops_vigie_naming_it() {
    let inst = Instance::sqlite();
    // A typo must not silently mean the default (here: SQLite instead of PostgreSQL).
    let o = inst
        .cmd(&["migrate"])
        .env("VIGIE_DATABSE_URL", "postgres://vigie@db/vigie")
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    assert_eq!(code(&o), 2, "{}", text(&o));
    assert!(err.contains("VIGIE_DATABSE_URL"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    assert!(
        !inst.data().join("vigie.sqlite").exists(),
        "nothing was created"
    );
}

#[test]
fn a_kdf_below_the_floor_is_refused_naming_the_key() {
    let inst = Instance::sqlite();
    for command in [vec!["init"], vec!["serve", "--listen", "127.0.0.1:1"]] {
        let o = inst
            .cmd_production_kdf(&command)
            .env("VIGIE_KDF_MEMORY_KIB", "8")
            .env("VIGIE_KDF_ITERATIONS", "1")
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr).to_string();
        assert_eq!(code(&o), 2, "{command:?}: {}", text(&o));
        assert!(
            err.contains("kdf.memory_kib") && err.contains("19456"),
            "{err}"
        );
        assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
        assert!(!inst.data().join("instance.key").exists());
    }
    let o = inst
        .cmd_production_kdf(&["init"])
        .env("VIGIE_KDF_ITERATIONS", "1")
        .output()
        .unwrap();
    assert_eq!(code(&o), 2, "{}", text(&o));
    assert!(text(&o).contains("kdf.iterations"), "{}", text(&o));
}

#[test]
fn an_instance_initialised_with_the_test_kdf_is_not_served_with_the_real_one() {
    let inst = Instance::sqlite();
    let o = inst.run(&["init"]);
    assert_eq!(code(&o), 0, "{}", text(&o));
    let o = inst
        .cmd_production_kdf(&["serve", "--listen", "127.0.0.1:0"])
        .output()
        .unwrap();
    assert_eq!(code(&o), 2, "{}", text(&o));
    assert!(text(&o).contains("receipt KDF"), "{}", text(&o));
}

#[test]
fn an_unreachable_database_names_the_url_without_its_password() {
    let inst = Instance::sqlite();
    let o = inst
        .cmd(&["migrate"])
        .env(
            "VIGIE_DATABASE_URL",
            "postgres://vigie:s3cr3t-pw@127.0.0.1:1/vigie",
        )
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    assert_eq!(code(&o), 2, "{err}");
    assert!(
        err.contains("postgres://vigie:***@127.0.0.1:1/vigie"),
        "{err}"
    );
    assert!(!err.contains("s3cr3t"), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    let o = inst
        .cmd(&["migrate"])
        .env("VIGIE_DATABASE_URL", "mysql://root:pw@db/x")
        .output()
        .unwrap();
    assert_eq!(code(&o), 2);
    assert!(!String::from_utf8_lossy(&o.stderr).contains(":pw@"));
}

#[test]
fn commands_on_an_uninitialised_instance_say_what_to_do() {
    let inst = Instance::sqlite();
    let o = inst.run(&["user", "list"]);
    assert_eq!(code(&o), 2);
    assert!(text(&o).contains("vigie init"), "{}", text(&o));
}

/// Waits until `/healthz` answers, or panics.
async fn wait_healthy(base: &str) -> String {
    let client = reqwest::Client::new();
    let start = Instant::now();
    loop {
        if let Ok(r) = client.get(format!("{base}/healthz")).send().await
            && r.status() == 200
        {
            return r.text().await.unwrap();
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "server did not start"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The `name=value` of the session cookie a response sets.
fn session_cookie(r: &reqwest::Response) -> String {
    let set = r.headers()["set-cookie"].to_str().unwrap();
    set.split(';').next().unwrap().to_owned()
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[tokio::test]
async fn serve_initialises_an_empty_instance_and_shows_the_demo() {
    for inst in Instance::all().await {
        let port = free_port();
        let listen = format!("127.0.0.1:{port}");
        let mut child = inst
            .cmd(&["serve", "--demo", "--listen", &listen])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Read what the console prints until the server listens.
        let stdout = child.stdout.take().unwrap();
        let printed = std::thread::spawn(move || {
            use std::io::BufRead;
            let mut lines = Vec::new();
            for line in std::io::BufReader::new(stdout).lines() {
                let line = line.unwrap();
                let done = line.contains("listening on");
                lines.push(line);
                if done {
                    break;
                }
            }
            lines.join("\n")
        })
        .join()
        .unwrap();
        let base = format!("http://{listen}");
        let health = wait_healthy(&base).await;
        assert!(health.starts_with("ok "), "{health}");
        let home = reqwest::get(&base).await.unwrap().text().await.unwrap();
        assert!(
            home.contains("lang=\"fr\"") && home.contains("Démonstration"),
            "{home}"
        );

        // The shop window: a visitor signs in as the demo admin with what the console printed.
        let secret = printed
            .split("otpauth://totp/vigie:demo.admin?secret=")
            .nth(1)
            .and_then(|rest| rest.split('&').next())
            .unwrap()
            .to_owned();
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let token = |page: &str, action: &str| {
            let form = page.split_once(&format!("action=\"{action}\"")).unwrap().1;
            form.split_once("name=\"csrf\" value=\"")
                .unwrap()
                .1
                .split('"')
                .next()
                .unwrap()
                .to_owned()
        };
        let page = client
            .get(format!("{base}/espace/connexion"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let csrf = token(&page, "/espace/connexion");
        let r = client
            .post(format!("{base}/espace/connexion"))
            .form(&[
                ("csrf", csrf.as_str()),
                ("username", "demo.admin"),
                ("password", vigie_app::DEMO_PASSWORD),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        let cookie = session_cookie(&r);
        let page = client
            .get(format!("{base}/espace/2fa"))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let csrf = token(&page, "/espace/2fa");
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64;
        let totp = vigie_app::totp_code(&secret, now).unwrap();
        let r = client
            .post(format!("{base}/espace/2fa"))
            .header("cookie", &cookie)
            .form(&[("csrf", csrf.as_str()), ("code", totp.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303, "{}", r.text().await.unwrap());
        let cookie = session_cookie(&r);
        let page = client
            .get(format!("{base}/espace"))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            page.contains("Bonjour demo.admin") && page.contains("Démonstration"),
            "{page}"
        );

        // SIGTERM: a clean shutdown.
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(child.id().to_string())
            .status();
        let out = child.wait_with_output().unwrap();
        let stdout = format!("{printed}\n{}", String::from_utf8_lossy(&out.stdout));
        assert!(
            out.status.success(),
            "{stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        // Not a terminal: the first admin's one-time password is in a private file, not in the output.
        assert!(!stdout.contains("one-time password: "), "{stdout}");
        let file = inst.data().join("first-admin-password.txt");
        assert!(stdout.contains(&file.display().to_string()), "{stdout}");
        assert!(
            std::fs::read_to_string(&file)
                .unwrap()
                .contains("one-time password: ")
        );
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        for (name, _) in vigie_app::DEMO_STAFF {
            assert!(stdout.contains(name), "{name} printed: {stdout}");
        }
        assert!(
            stdout.contains("otpauth://totp/vigie:demo.admin?secret="),
            "{stdout}"
        );
        let logs = String::from_utf8_lossy(&out.stderr).to_string();
        // No client address in the logs: the only line naming the loopback address is the
        // server's own "listening on" line.
        let with_address: Vec<&str> = logs
            .lines()
            .filter(|l| l.contains("127.0.0.1"))
            .filter(|l| !l.contains("listening"))
            .collect();
        assert!(with_address.is_empty(), "{with_address:?}");

        // A second start neither re-initialises nor duplicates the demo.
        let child = inst
            .cmd(&["serve", "--demo", "--listen", &listen])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        wait_healthy(&base).await;
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(child.id().to_string())
            .status();
        let out = child.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(out.status.success());
        assert!(!stdout.contains("one-time password"), "{stdout}");
        let o = inst.run(&["user", "list"]);
        assert_eq!(text(&o).matches("demo.admin").count(), 1);
        // The demo handler is in the default team too: a report from any arrondissement reaches it.
        let o = inst.run(&["team", "list"]);
        let default_team = text(&o)
            .lines()
            .find(|l| l.starts_with(&format!("{} (", vigie_app::DEFAULT_TEAM)))
            .map(str::to_owned)
            .unwrap_or_default();
        assert!(default_team.contains("demo.signalements"), "{}", text(&o));

        // A user who is not a demo account: the demo refuses the instance from now on.
        let o = inst.run(&["user", "add", "amina", "--role", "handler"]);
        assert_eq!(code(&o), 0, "{}", text(&o));
        let o = inst
            .cmd(&["serve", "--demo", "--listen", &listen])
            .output()
            .unwrap();
        assert_eq!(code(&o), 2, "{}", text(&o));
        assert!(text(&o).contains("amina"), "{}", text(&o));
        inst.drop_db().await;
    }
}

#[tokio::test]
async fn the_demo_refuses_an_instance_it_did_not_create() {
    for inst in Instance::all().await {
        let o = inst.run(&["init"]);
        assert_eq!(code(&o), 0, "{}", text(&o));
        let o = inst
            .cmd(&["serve", "--demo", "--listen", "127.0.0.1:0"])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr).to_string();
        assert_eq!(code(&o), 2, "{}", text(&o));
        assert!(
            err.contains("--demo") && err.contains("serve --demo"),
            "{err}"
        );
        assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
        let o = inst.run(&["user", "list"]);
        assert!(
            !text(&o).contains("demo."),
            "no demo account added: {}",
            text(&o)
        );
        inst.drop_db().await;
    }
}
