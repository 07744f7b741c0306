//! A hub as an operator runs it (issue 14, item 2): `[federation]` checked when the configuration is
//! loaded (an address the hub may not pull, a fingerprint that is not one, an INSEE code listed
//! twice: exit 2, one line naming the key); the scheduled pull inside `vigie serve` storing a member
//! city's editions; `vigie hub status`; `vigie hub confirm-key` refusing what it must and audited;
//! and a backup that keeps what the hub holds.

use std::time::{Duration, Instant};

use vigie_app::NewAccount;
use vigie_domain::observatory::{Incident, IncidentCategory, IncidentStatus, Month, SourceType};
use vigie_domain::{AuditActor, IncidentId, Role, RoleSet};

use super::backup::{age_identity, restore, with_keys_of};
use super::{Instance, expect, refusal};

/// The value after `prefix` on the line that starts with it, up to the first space.
fn after<'a>(out: &'a str, prefix: &str) -> &'a str {
    let line = out
        .lines()
        .find(|l| l.trim_start().starts_with(prefix))
        .unwrap_or_else(|| panic!("{prefix} in {out}"));
    line.trim_start()[prefix.len()..]
        .split(' ')
        .next()
        .unwrap_or_default()
}

/// `[federation]` with one member per `(insee, url, fingerprint)`.
fn federation(members: &[(&str, &str, &str)]) -> String {
    let mut out = String::from("[federation]\npull_every_minutes = 1\n");
    for (insee, url, fingerprint) in members {
        out.push_str(&format!(
            "[[federation.members]]\nname = \"Ville {insee}\"\ninsee = \"{insee}\"\nurl = \"{url}\"\n\
             fingerprint = \"{fingerprint}\"\n"
        ));
    }
    out
}

/// Publishes last month's edition on `city` (an analyst, a dozen incidents): its id.
async fn publish(city: &Instance) -> String {
    let app = city.app().await;
    let new = NewAccount {
        username: "ana".into(),
        roles: RoleSet::of(&[Role::Analyst]),
        contact: None,
    };
    let (id, _) = app.create_user(AuditActor::Cli, &new).await.unwrap();
    let who = app.principal(id).await.unwrap();
    let month = Month::of_instant(app.clock().now()).previous();
    let incidents: Vec<Incident> = (0..12)
        .map(|_| Incident {
            id: IncidentId::random(),
            category: IncidentCategory::DealPoint,
            district: "13203".into(),
            neighbourhood: None,
            month,
            count: 1,
            contributors: 1,
            source: SourceType::Association,
            reference: "test".into(),
            report: None,
            status: IncidentStatus::Accepted,
            recorded_by: who.id,
        })
        .collect();
    app.store()
        .insert_incidents(&incidents, "2026-01-01")
        .await
        .unwrap();
    let id = app.publish_edition(&who, month).await.unwrap().id.clone();
    app.store().close().await;
    id
}

#[tokio::test]
async fn the_hub_pulls_inside_serve_and_its_admin_confirms_keys() {
    let hubs = Instance::all().await;
    for (city, mut hub) in Instance::all().await.into_iter().zip(hubs) {
        city.check(&["init"], 0, &[]);
        hub.check(&["init"], 0, &[]);
        let keys = city.check(&["keys", "publication"], 0, &[]);
        let current = after(&keys, "current key: ").to_owned();
        let next = after(&keys, "next key (announced in /.well-known/vigie.json): ").to_owned();
        let edition = publish(&city).await;
        let served = city.start().await;
        let url = served.base().to_owned();

        // An instance without [federation] is no hub.
        hub.check(&["hub", "status"], 2, &["not a hub"]);
        // What the configuration may not say.
        let (u, c, n) = (url.as_str(), current.as_str(), next.as_str());
        let bad = [
            (
                federation(&[("13055", "http://vigie.example.org", c)]),
                "federation.members.url",
            ),
            (
                federation(&[("13055", u, "abc")]),
                "federation.members.fingerprint",
            ),
            (
                federation(&[("13055", u, c), ("13055", u, n)]),
                "listed twice",
            ),
            (federation(&[("1305", u, c)]), "federation.members.insee"),
            ("[federation]\nmembers = []\n".into(), "federation.members"),
        ];
        for (text, key) in bad {
            let file = hub.file("bad.toml", &text);
            let err = refusal(&hub.run_env(
                &["hub", "status"],
                &[("VIGIE_CONFIG", file.to_str().unwrap())],
            ));
            assert!(err.contains(key), "{key}: {err}");
        }

        // The scheduled pull runs inside serve, at start.
        let config = hub.file("vigie.toml", &federation(&[("13055", u, c)]));
        hub.env
            .push(("VIGIE_CONFIG".into(), config.display().to_string()));
        let running = hub.start().await;
        let start = Instant::now();
        while !running.output().contains("member pulled") {
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "{}",
                running.output()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let status = hub.check(&["hub", "status"], 0, &["Ville 13055 (13055)"]);
        assert_eq!(after(&status, "newest edition held: "), edition, "{status}");
        assert_eq!(after(&status, "current key: "), current, "{status}");
        assert!(
            status.contains("last refusal: none") && !status.contains("STALE"),
            "{status}"
        );
        let logs = running.stop();
        assert!(!logs.contains("network pull failed"), "{logs}");

        // The admin's confirmation: refused for a non-key, the current key, an unknown member.
        let confirms = [
            ("13055", "abc", 2, "not a key fingerprint"),
            ("13055", c, 2, "already"),
            ("69123", n, 2, "no member"),
            ("13055", n, 0, "confirmed"),
        ];
        for (insee, kid, exit, says) in confirms {
            let args = [
                "hub",
                "confirm-key",
                "--member",
                insee,
                "--fingerprint",
                kid,
            ];
            hub.check(&args, exit, &[says]);
        }
        let app = hub.app().await;
        let chain = app.store().audit_chain().await.unwrap();
        let confirmed = chain.iter().filter(|e| e.kind == "member_key_confirmed");
        assert_eq!(confirmed.count(), 1);
        let entry = chain
            .iter()
            .rfind(|e| e.kind == "member_key_confirmed")
            .unwrap();
        assert!(
            entry.actor == "cli" && entry.detail.contains(n),
            "{entry:?}"
        );
        app.store().close().await;
        expect(&hub.run(&["audit", "verify"]), 0, &["ok, "]);

        // A backup keeps what the hub holds: the restored instance shows the same.
        let (identity, public) = age_identity(hub.dir.path(), "identity.txt");
        let file = hub.dir.path().join("hub.age");
        hub.check(
            &[
                "backup",
                "--recipient",
                &public,
                "--output",
                file.to_str().unwrap(),
            ],
            0,
            &[],
        );
        let mut restored = Instance::sqlite();
        with_keys_of(&restored, &hub);
        expect(&restore(&restored, &identity, &file), 0, &[]);
        restored
            .env
            .push(("VIGIE_CONFIG".into(), config.display().to_string()));
        let again = restored.check(&["hub", "status"], 0, &[]);
        assert_eq!(again, hub.check(&["hub", "status"], 0, &[]));
        served.stop();
        city.drop_db().await;
        hub.drop_db().await;
    }
}
