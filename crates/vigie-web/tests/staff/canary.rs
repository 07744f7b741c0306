//! No plaintext at rest (DESIGN.md section 2, item 1), for what this part of vigie stores: a staff
//! member's contact details, password, second-factor secret and recovery codes. Random canaries go in
//! through the real interfaces; then every byte the deployment wrote (SQLite file, WAL, shared memory,
//! key files excepted) is searched for them in clear, hex, base64 and UTF-16.

use base64::Engine;
use reqwest::StatusCode;
use vigie_app::NewAccount;
use vigie_domain::{AuditActor, Role, RoleSet};

use crate::{Browser, servers};

/// The encodings a careless program might write a secret in.
fn forms(secret: &[u8]) -> Vec<Vec<u8>> {
    let mut out = vec![
        secret.to_vec(),
        hex::encode(secret).into_bytes(),
        hex::encode_upper(secret).into_bytes(),
    ];
    // Base64 of the secret at each of the 3 alignments it could have inside a longer value; the
    // middle part of each encoding is stable whatever surrounds it.
    for pad in 0..3 {
        let mut padded = vec![0u8; pad];
        padded.extend_from_slice(secret);
        for engine in [
            &base64::engine::general_purpose::STANDARD,
            &base64::engine::general_purpose::URL_SAFE_NO_PAD,
        ] {
            let enc = engine.encode(&padded);
            let start = (pad * 4).div_ceil(3) + 2;
            let end = enc.len().saturating_sub(4);
            if end > start + 8 {
                out.push(enc.as_bytes()[start..end].to_vec());
            }
        }
    }
    if let Ok(text) = std::str::from_utf8(secret) {
        out.push(text.encode_utf16().flat_map(u16::to_le_bytes).collect());
        out.push(text.encode_utf16().flat_map(u16::to_be_bytes).collect());
    }
    out
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    needle.len() <= hay.len() && hay.windows(needle.len()).any(|w| w == needle)
}

#[tokio::test]
async fn staff_secrets_never_reach_the_disk_in_clear() {
    for s in servers().await {
        let tag = uuid::Uuid::new_v4().simple().to_string();
        let contact = format!("Canari-contact-{tag} 06 12 34 56 78");
        let password = format!("canari-mot-de-passe-{tag}");
        let new = NewAccount {
            username: "amina".into(),
            roles: RoleSet::of(&[Role::Handler]),
            contact: Some(contact.clone()),
        };
        let (_, one_time) = s.app.create_user(AuditActor::Cli, &new).await.unwrap();

        let mut b = Browser::new(&s.base);
        let (totp_secret, codes) = b.first_login(&s.app, "amina", &one_time).await;
        let token = b.csrf("/espace/mot-de-passe").await;
        let (status, _, _) = b
            .post(
                "/espace/mot-de-passe",
                &[
                    ("csrf", &token),
                    ("current", one_time.as_str()),
                    ("new", &password),
                    ("confirm", &password),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(b.get("/espace").await.0, StatusCode::OK);

        let totp_raw = totp_rs::Secret::try_from_base32(&totp_secret)
            .unwrap()
            .as_ref()
            .to_vec();
        let mut canaries: Vec<(String, Vec<u8>)> = vec![
            ("contact".into(), contact.clone().into_bytes()),
            ("password".into(), password.clone().into_bytes()),
            ("one-time password".into(), one_time.as_bytes().to_vec()),
            (
                "totp secret (base32)".into(),
                totp_secret.clone().into_bytes(),
            ),
            ("totp secret (raw)".into(), totp_raw),
        ];
        for c in &codes {
            canaries.push(("recovery code".into(), c.clone().into_bytes()));
        }
        if let Some(cookie) = &b.cookie {
            canaries.push(("session cookie".into(), cookie.clone().into_bytes()));
        }

        let mut files = Vec::new();
        if let Some(schema) = s.schema() {
            // PostgreSQL: what a backup holds.
            let url = std::env::var("VIGIE_TEST_POSTGRES_URL").unwrap();
            let dump = std::process::Command::new("pg_dump")
                .args(["--no-owner", "--schema", schema, "--dbname", &url])
                .output()
                .unwrap();
            assert!(
                dump.status.success(),
                "{}",
                String::from_utf8_lossy(&dump.stderr)
            );
            files.push(("pg_dump".to_owned(), dump.stdout));
        } else {
            for entry in std::fs::read_dir(s.dir.path()).unwrap() {
                let path = entry.unwrap().path();
                let name = path.file_name().unwrap().to_string_lossy().to_string();
                if name.starts_with("v.sqlite") {
                    files.push((name, std::fs::read(&path).unwrap()));
                }
            }
            assert!(
                files.iter().any(|(n, _)| n == "v.sqlite-wal"),
                "WAL mode: {:?}",
                files.iter().map(|f| &f.0).collect::<Vec<_>>()
            );
        }
        // The scan itself must be able to fail: the user name is stored in clear, by design.
        assert!(
            files.iter().any(|(_, bytes)| contains(bytes, b"amina")),
            "the scan sees what is in clear"
        );
        for (what, secret) in &canaries {
            for form in forms(secret) {
                for (file, bytes) in &files {
                    assert!(
                        !contains(bytes, &form),
                        "{what} found in {file} as {:?}",
                        String::from_utf8_lossy(&form)
                    );
                }
            }
        }
        s.stop().await;
    }
}
