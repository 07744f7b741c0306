//! An instance made by the vigie whose Argon2id was RustCrypto's `argon2` 0.5.3 (the fixture in
//! `tests/fixtures/argon2-0.5.3`), restored on each backend and served with the production KDF:
//! the first admin's password and the report's follow-up code it stored still open (issue 15: a
//! faster Argon2id must give the very same outputs).

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use reqwest::StatusCode;

use super::serve::{free_port, spawn_until_listening, terminate, wait_healthy};
use super::{Instance, expect, text};

/// The first admin's one-time password, as `vigie init` printed it when the fixture was made.
const ADMIN_PASSWORD: &str = "5qhmm-whn8v-stj6r-g82hz";
/// The follow-up code of the fixture's one report.
const RECEIPT: &str = "4286 3344 9576 9273 8506";
/// What that report says.
const REPORT_TEXT: &str = "un point de deal imaginaire, rue des Essais.";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/argon2-0.5.3")
        .join(name)
}

/// `inst` filled from the fixture: its key files (private, as `vigie init` leaves them), then the
/// backup restored.
fn restored(inst: &Instance) {
    std::fs::create_dir_all(inst.data()).unwrap();
    for key in ["instance.key", "audit.key"] {
        let to = inst.data().join(key);
        std::fs::copy(fixture(key), &to).unwrap();
        std::fs::set_permissions(&to, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let identity = fixture("identity.txt");
    let input = fixture("backup.age");
    let mut restore = inst.cmd_production_kdf(&[
        "restore",
        "--identity",
        identity.to_str().unwrap(),
        "--input",
        input.to_str().unwrap(),
    ]);
    expect(&restore.output().unwrap(), 0, &["audit verify: ok"]);
}

/// The answer to the staff sign-in form with `password` for the first admin.
async fn sign_in(base: &str, password: &str) -> (StatusCode, String) {
    let mut c = vigie_testkit::CookieClient::keeping(base, "vigie_session");
    let page = c.get_ok("/espace/connexion").await;
    let token = vigie_testkit::form_token(&page, "/espace/connexion");
    let form = [
        ("csrf", token.as_str()),
        ("username", "admin"),
        ("password", password),
    ];
    let (status, headers, body) = c.post("/espace/connexion", &form).await;
    (
        status,
        format!("{}{body}", vigie_testkit::location(&headers)),
    )
}

/// The follow-up page that `receipt` opens, or the status it got.
async fn follow_up(base: &str, receipt: &str) -> Result<String, StatusCode> {
    let mut c = vigie_testkit::CookieClient::keeping(base, "vigie_suivi");
    let login = c.get_ok("/suivi").await;
    let token = vigie_testkit::form_token(&login, "/suivi");
    let (status, _, _) = c
        .post("/suivi", &[("csrf", &token), ("receipt", receipt)])
        .await;
    if status != StatusCode::SEE_OTHER {
        return Err(status);
    }
    Ok(c.get_ok("/suivi").await)
}

#[tokio::test]
async fn what_the_old_argon2id_stored_still_opens_on_each_backend() {
    for inst in Instance::all().await {
        restored(&inst);
        let listen = format!("127.0.0.1:{}", free_port());
        let (child, _) =
            spawn_until_listening(inst.cmd_production_kdf(&["serve", "--listen", &listen]));
        let base = format!("http://{listen}");
        wait_healthy(&base).await;

        // The password: accepted (on to the second factor's enrolment), and a wrong one is not.
        let (status, to) = sign_in(&base, ADMIN_PASSWORD).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{to}");
        assert!(to.contains("/espace/2fa"), "{to}");
        let (status, page) = sign_in(&base, "5qhmm-whn8v-stj6r-g82hy").await;
        assert_ne!(status, StatusCode::SEE_OTHER, "{page}");

        // The follow-up code opens the report; a neighbouring code does not.
        let page = follow_up(&base, RECEIPT).await.unwrap();
        assert!(page.contains(REPORT_TEXT), "{page}");
        assert!(follow_up(&base, "4286 3344 9576 9273 8507").await.is_err());

        let stopped = terminate(child);
        assert!(stopped.status.success(), "{}", text(&stopped));
        inst.drop_db().await;
    }
}
