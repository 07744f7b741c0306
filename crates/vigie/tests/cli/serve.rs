//! A real `vigie serve`: the demo shown to a visitor who signs in with what the console printed, a
//! clean shutdown, and the instances the demo refuses.

use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use super::{Instance, assert_private, expect, refusal};

/// Starts `cmd` (a `vigie serve`) with its output piped, and reads what it prints until the line
/// that says it listens: the child and those lines.
pub(super) fn spawn_until_listening(mut cmd: Command) -> (std::process::Child, String) {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
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
    (child, printed)
}

/// Waits until `/healthz` answers, or panics.
pub(super) async fn wait_healthy(base: &str) -> String {
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

/// Sends SIGTERM to `child` and waits for it: what it printed and how it ended.
pub(super) fn terminate(child: std::process::Child) -> Output {
    let _ = Command::new("kill")
        .arg("-TERM")
        .arg(child.id().to_string())
        .status();
    child.wait_with_output().unwrap()
}

/// The body of `GET url`, sending `cookie` if there is one.
async fn page(client: &reqwest::Client, url: &str, cookie: Option<&str>) -> String {
    let mut request = client.get(url);
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    request.send().await.unwrap().text().await.unwrap()
}

/// The lines the demo printed under the heading that ends with `heading`, up to the first blank one.
fn printed_list<'a>(printed: &'a str, heading: &str) -> Vec<&'a str> {
    let after = printed.split(heading).nth(1).unwrap_or_default();
    after
        .lines()
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .collect()
}

pub(super) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The network's members in `/api/v1/reseau/figures.json`: each one's INSEE code and the edition
/// read, in order.
async fn network_editions(client: &reqwest::Client, base: &str) -> Vec<(String, String)> {
    let data = page(client, &format!("{base}/api/v1/reseau/figures.json"), None).await;
    let data: serde_json::Value = serde_json::from_str(&data).unwrap();
    let rows = data["rows"].as_array().unwrap();
    let mut out = Vec::new();
    for m in data["members"].as_array().unwrap() {
        let insee = m["insee"].as_str().unwrap();
        // Each with figures of its own, some of them published.
        assert!(
            rows.iter()
                .any(|r| r["insee"] == insee && r["count"].as_u64().is_some_and(|c| c > 0)),
            "{insee}: {data}"
        );
        out.push((insee.to_owned(), m["edition"].as_str().unwrap().to_owned()));
    }
    out
}

/// The demonstration's network (issue 14, item 5): `/reseau` shows Fictiville and Songe-sur-Mer
/// beside the demo city, with figures and their fictional populations, and the admin's status
/// page shows both members pulled well. The editions the network read.
async fn demo_network(client: &reqwest::Client, base: &str, admin: &str) -> Vec<(String, String)> {
    let editions = network_editions(client, base).await;
    let codes: Vec<&str> = editions.iter().map(|(c, _)| c.as_str()).collect();
    assert_eq!(codes, ["13055", "00101", "00102"]);
    for path in ["/reseau", "/en/reseau"] {
        let shown = page(client, &format!("{base}{path}"), None).await;
        for city in ["Marseille", "Fictiville", "Songe-sur-Mer", "00101", "00102"] {
            assert!(shown.contains(city), "{path} {city}: {shown}");
        }
        assert!(!shown.contains("id=\"net-not-hub\""), "{shown}");
    }
    let status = page(client, &format!("{base}/espace/reseau"), Some(admin)).await;
    for insee in ["00101", "00102"] {
        let row = vigie_testkit::between(&status, &format!("id=\"member-{insee}\""), "</tr>");
        // A good pull, no refusal, up to date.
        assert!(
            row.contains("aucune") && row.contains("À jour") && !row.contains("jamais"),
            "{row}"
        );
    }
    editions
}

// Long on purpose: one story per database, each step starting where the steps before left it.
#[tokio::test]
async fn serve_initialises_an_empty_instance_and_shows_the_demo() {
    for inst in Instance::all().await {
        let port = free_port();
        let listen = format!("127.0.0.1:{port}");
        let mut cmd = inst.cmd(&["serve", "--demo", "--listen", &listen]);
        cmd.env("VIGIE_PRIVACY_CONTACT", "dpo@asso.example.org");
        let (child, printed) = spawn_until_listening(cmd);
        // The member cities write warnings and errors only: none of their request log (the
        // hub's first pull, before `listening on`) reaches the console.
        assert!(!printed.contains("request{"), "{printed}");
        let base = format!("http://{listen}");
        let health = wait_healthy(&base).await;
        assert!(health.starts_with("ok "), "{health}");
        let client = vigie_testkit::client();
        let home = page(&client, &base, None).await;
        assert!(
            home.contains("lang=\"fr\"") && home.contains("Démonstration"),
            "{home}"
        );
        // The privacy notice: the demo's fictional controller, the contact from the environment.
        let form = page(&client, &format!("{base}/en/signaler"), None).await;
        assert!(
            form.contains("(fictive, démonstration)")
                && form.contains("mailto:dpo@asso.example.org"),
            "{form}"
        );

        // The demonstration's yearly casework figures are published: some shown, some "< k".
        let figures = page(
            &client,
            &format!("{base}/observatoire/accompagnement"),
            None,
        )
        .await;
        assert!(
            figures.contains("personnes accompagnées ayant consenti")
                && (figures.contains("&lt; 5") || figures.contains("< 5")),
            "{figures}"
        );

        // The editions are signed (issue 14): the printed address's JWS verifies with the key of
        // the JWK Set its kid names, and its payload is the edition's document.
        let signed = vigie_testkit::between(&printed, "editions with key ", ": /api");
        let jws_path = vigie_testkit::between(&printed, ": /api", ".jws,");
        let jws = page(&client, &format!("{base}/api{jws_path}.jws"), None).await;
        let document = page(&client, &format!("{base}/api{jws_path}"), None).await;
        let jwks: serde_json::Value = serde_json::from_str(
            &page(&client, &format!("{base}/.well-known/jwks.json"), None).await,
        )
        .unwrap();
        assert_eq!(jwks["keys"][0]["kid"], signed.as_str());
        let x = jwks["keys"][0]["x"].as_str().unwrap();
        let x: [u8; 32] =
            base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, x)
                .unwrap()
                .try_into()
                .unwrap();
        let payload = vigie_vault::Unverified::parse(&jws)
            .unwrap()
            .verify(&x)
            .unwrap();
        assert_eq!(payload, document.as_bytes());
        assert!(document.contains(r#""insee":"13055""#), "{document}");
        assert!(inst.data().join("publication.key").is_file());

        // The shop window: a visitor signs in as the demo admin with what the console printed.
        let secret =
            vigie_testkit::between(&printed, "otpauth://totp/vigie:demo.admin?secret=", "&");
        let login = page(&client, &format!("{base}/espace/connexion"), None).await;
        let csrf = vigie_testkit::form_token(&login, "/espace/connexion");
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
        let second = page(&client, &format!("{base}/espace/2fa"), Some(&cookie)).await;
        let csrf = vigie_testkit::form_token(&second, "/espace/2fa");
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
        let home = page(&client, &format!("{base}/espace"), Some(&cookie)).await;
        assert!(
            home.contains("Bonjour demo.admin") && home.contains("Démonstration"),
            "{home}"
        );

        // The network of cities: the two fictional members, pulled before the server listened.
        let editions = demo_network(&client, &base, &cookie).await;
        assert!(printed.contains("Fictiville (00101) and Songe-sur-Mer (00102)"));

        // Three unused survey codes, each with its address: a pupil's survey opens there.
        let surveys = printed_list(&printed, "unused survey codes");
        assert_eq!(surveys.len(), 3, "{printed}");
        let address = surveys[0].split_whitespace().last().unwrap_or_default();
        assert!(address.starts_with("/questionnaire/"), "{address}");
        let survey = page(&client, &format!("{base}{address}"), None).await;
        assert!(survey.contains("Je connais les risques"), "{survey}");

        // SIGTERM: a clean shutdown.
        let out = terminate(child);
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
        assert_private(&file);
        for (name, _) in vigie_app::DEMO_STAFF {
            assert!(stdout.contains(name), "{name} printed: {stdout}");
        }
        assert!(
            stdout.contains("otpauth://totp/vigie:demo.admin?secret="),
            "{stdout}"
        );
        // The follow-up codes of the demo's help requests, as `dddd dddd dddd dddd dddd`.
        let help_codes = printed_list(&stdout, "fictional help requests were filed");
        assert_eq!(help_codes.len(), 3, "{stdout}");
        for line in help_codes {
            let code: Vec<&str> = line.split_whitespace().skip(1).collect();
            assert!(
                code.len() == 5
                    && code
                        .iter()
                        .all(|g| g.len() == 4 && g.bytes().all(|b| b.is_ascii_digit())),
                "{line}"
            );
        }
        // A year of invented casework for the demo caseworker.
        assert!(
            stdout.contains("17 invented people's files were opened"),
            "{stdout}"
        );
        let logs = String::from_utf8_lossy(&out.stderr).to_string();
        // Not a terminal: no progress bar for the demo's seeding, no colour, no escape code at all.
        assert!(!stdout.contains('\x1b'), "{stdout}");
        assert!(!logs.contains('\x1b'), "{logs}");
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
        // The members on new ports, the same editions (none published twice, none refused as
        // already held).
        assert_eq!(network_editions(&client, &base).await, editions);
        let out = terminate(child);
        let stdout = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(out.status.success());
        assert!(!stdout.contains("one-time password"), "{stdout}");
        let list = inst.check(&["user", "list"], 0, &[]);
        assert_eq!(list.matches("demo.admin").count(), 1, "{list}");
        // The demo handler is in the default team too: a report from any arrondissement reaches it.
        let teams = inst.check(&["team", "list"], 0, &[]);
        let default_team = teams
            .lines()
            .find(|l| l.starts_with(&format!("{} (", vigie_app::DEFAULT_TEAM)))
            .unwrap_or_default();
        assert!(default_team.contains("demo.signalements"), "{teams}");
        // Help requests reach the demo caseworker's casework team, filed once.
        assert!(
            teams
                .lines()
                .any(|l| l.starts_with("Accompagnement Marseille (")
                    && l.contains("demo.accompagnement")),
            "{teams}"
        );
        assert!(!stdout.contains("fictional help requests"), "{stdout}");
        assert!(!stdout.contains("people's files"), "{stdout}");
        assert!(!stdout.contains("unused survey codes"), "{stdout}");

        // A user who is not a demo account: the demo refuses the instance from now on.
        inst.check(&["user", "add", "amina", "--role", "handler"], 0, &[]);
        let o = inst
            .cmd(&["serve", "--demo", "--listen", &listen])
            .output()
            .unwrap();
        expect(&o, 2, &["amina"]);
        inst.drop_db().await;
    }
}

#[tokio::test]
async fn the_demo_refuses_an_instance_it_did_not_create() {
    for inst in Instance::all().await {
        inst.check(&["init"], 0, &[]);
        let o = inst
            .cmd(&["serve", "--demo", "--listen", "127.0.0.1:0"])
            .output()
            .unwrap();
        let err = refusal(&o);
        assert!(
            err.contains("--demo") && err.contains("serve --demo"),
            "{err}"
        );
        let list = inst.check(&["user", "list"], 0, &[]);
        assert!(!list.contains("demo."), "no demo account added: {list}");
        // Nor any fictional member city beside it.
        assert!(!inst.data().join("reseau").exists());
        inst.drop_db().await;
    }
}
