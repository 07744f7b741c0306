//! No plaintext at rest (DESIGN.md section 2, item 1), for what this part of vigie stores: a staff
//! member's contact details, password, second-factor secret and recovery codes. Random canaries go in
//! through the real interfaces; then every byte the deployment wrote (SQLite file, WAL, shared memory or
//! a `pg_dump`, every other file beside them, key files excepted, and the process's log) is searched for
//! them in clear, hex, base64 and UTF-16.

use reqwest::StatusCode;
use vigie_app::NewAccount;
use vigie_domain::{AuditActor, Role, RoleSet};
use vigie_testkit::canary::{Canaries, Evidence};

use crate::staff::{CookieClient, servers};

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

        let mut b = CookieClient::new(&s.base);
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
        let mut canaries = Canaries::new();
        canaries
            .add("contact", &contact)
            .add("password", &password)
            .add("one-time password", one_time.as_bytes())
            .add("totp secret (base32)", &totp_secret)
            .add("totp secret (raw)", totp_raw);
        for c in &codes {
            canaries.add("recovery code", c);
        }
        if let Some(cookie) = &b.cookie {
            canaries.add("session cookie", cookie);
        }

        // What the deployment wrote: the database (a `pg_dump` on PostgreSQL, what a backup holds;
        // the SQLite file, WAL and shared memory), every other file beside it, and the log.
        let evidence = s.evidence();
        // The scan itself must be able to fail: the user name is stored in clear, by design.
        assert!(
            Evidence::any_contains(&evidence.database(), b"amina"),
            "the scan sees what is in clear"
        );
        canaries.assert_absent(&evidence.with_log());
        s.stop().await;
    }
}
