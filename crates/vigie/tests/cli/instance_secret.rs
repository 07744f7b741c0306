//! `vigie keys rotate-instance` as an operator runs it (issue 13, item 7): an instance with a report
//! (a file, a message, a receipt), staff with passwords and contact details and a team address is
//! rotated; the server starts, the receipt opens the same page, staff sign in with their old
//! passwords and are re-locked, contacts read the same, the audit chain verifies; later rotations
//! drop a previous secret only once nothing needs it; an interrupted rotation finishes on a rerun.

use vigie_app::App;
use vigie_domain::AuditActor;
use vigie_vault::{InstanceKeys, InstanceSecret};

use super::backup::{assert_same_pages, attach_file, follow_pages, serving};
use super::{Instance, assert_private, expect, password, refusal};

/// The key file's secrets' ids: the current one, then the previous ones.
fn ids(inst: &Instance) -> Vec<String> {
    let keys = InstanceKeys::load(inst.data().join("instance.key")).unwrap();
    assert!(keys.next().is_none(), "no rotation left under way");
    keys.all().map(InstanceSecret::id).collect()
}

/// Signs `name` in with `password` (a wrong password panics); whether their lock is now under the
/// current secret.
async fn sign_in(app: &App, name: &str, password: &str) -> bool {
    vigie_testkit::staff::unlocked_key(app, name, password).await;
    let user = app.store().user_by_name(name).await.unwrap().unwrap();
    app.store().user_pepper(user.id).await.unwrap().is_none()
}

/// Contact details and the team's addresses, as an admin reads them.
async fn contacts(app: &App) -> Vec<String> {
    let mut out = Vec::new();
    for name in ["hana", "psy"] {
        let user = app.store().user_by_name(name).await.unwrap().unwrap();
        out.push(
            app.contact_of(AuditActor::Cli, &user)
                .await
                .unwrap()
                .unwrap(),
        );
    }
    let nord = app.store().team_by_name("Nord").await.unwrap().unwrap();
    out.push(format!("{:?}", app.team_notify(nord.id).await.unwrap()));
    out
}

// Long on purpose: one story per database, each step starting where the steps before left it.
#[tokio::test]
async fn rotating_the_instance_secret_keeps_receipts_passwords_and_contacts() {
    for inst in Instance::all().await {
        let admin = password(&inst.check(&["init"], 0, &[]));
        let hana_contact = ["--contact", "Hana H., 06 12 34 56 78"];
        let mut add = vec!["user", "add", "hana", "--role", "handler"];
        add.extend(hana_contact);
        let hana = password(&inst.check(&add, 0, &[]));
        let add = [
            "user",
            "add",
            "psy",
            "--role",
            "partner",
            "--contact",
            "Dr P.",
        ];
        let psy = password(&inst.check(&add, 0, &[]));
        inst.check(&["team", "add", "Nord", "--member", "hana"], 0, &[]);
        let app = inst.app().await;
        let receipt = super::submit_to_nord(&app).await;
        let nord = app.store().team_by_name("Nord").await.unwrap().unwrap().id;
        let notify = vigie_app::reports::TeamNotify {
            digest: Some("nord@asso.example".into()),
            on_call: None,
        };
        app.set_team_notify(AuditActor::Cli, nord, &notify)
            .await
            .unwrap();
        let contacts_before = contacts(&app).await;
        app.store().close().await;
        let codes = [receipt.clone()];
        let before = serving(&inst, async |base| {
            attach_file(base, &receipt).await;
            follow_pages(base, &codes).await
        })
        .await;
        let first = ids(&inst);

        let out = inst.check(
            &["keys", "rotate-instance"],
            0,
            &["instance secret replaced"],
        );
        assert!(out.contains("recovery codes no longer work"), "{out}");
        let second = ids(&inst);
        assert_eq!(
            second[1..],
            first[..],
            "the old secret is kept as the previous one"
        );
        assert_ne!(second[0], first[0]);
        assert_private(&inst.data().join("instance.key"));
        let names: Vec<String> = std::fs::read_dir(inst.data())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("instance"))
            .collect();
        assert_eq!(names, ["instance.key"], "no side file holds a secret");

        // The server starts; the receipt opens the same page: text, message and file.
        let after = serving(&inst, async |base| follow_pages(base, &codes).await).await;
        assert_same_pages(&after, &before);
        // hana signs in with her old password and is re-locked under the new secret; the others
        // are listed as still on the old one.
        let app = inst.app().await;
        assert!(sign_in(&app, "hana", &hana).await, "re-locked");
        assert!(sign_in(&app, "hana", &hana).await);
        assert_eq!(contacts(&app).await, contacts_before);
        app.store().close().await;
        let status = inst.check(&["keys", "rotate-instance", "--status"], 0, &[]);
        let on_old = format!("still on {}", first[0]);
        for name in ["admin", "psy"] {
            assert!(status.contains(&format!("{on_old}: {name}")), "{status}");
        }
        assert!(!status.contains("hana"), "{status}");
        assert!(status.contains("1 report(s)"), "{status}");
        inst.assert_verified();

        // A second rotation keeps both previous secrets: the first for the report's receipt, admin
        // and psy; the second for hana.
        inst.check(
            &["keys", "rotate-instance"],
            0,
            &["instance secret replaced"],
        );
        let third = ids(&inst);
        assert_eq!(third[1..], second[..]);
        // admin and psy sign in, the reporter withdraws the report: nothing needs the first secret
        // any more, and the next rotation drops it (hana stays on the second).
        let app = inst.app().await;
        assert!(sign_in(&app, "admin", &admin).await);
        assert!(sign_in(&app, "psy", &psy).await);
        let cookie = app.receipt_login(&receipt).await.unwrap();
        let session = app.resume_reporter(&cookie).await.unwrap();
        app.withdraw_report(&session).await.unwrap();
        app.store().close().await;
        let dropped = format!("previous secret {}: nothing needs it any more", first[0]);
        inst.check(&["keys", "rotate-instance"], 0, &[&dropped]);
        let fourth = ids(&inst);
        assert_eq!(fourth[1..], third[..2], "the first secret is gone");
        let app = inst.app().await;
        assert!(sign_in(&app, "hana", &hana).await, "two rotations later");
        app.store().close().await;
        inst.assert_verified();
        inst.drop_db().await;
    }
}

/// The key file's text.
fn key_text(inst: &Instance) -> String {
    std::fs::read_to_string(inst.data().join("instance.key")).unwrap()
}

/// The hex of the first line's secret of a key file's text.
fn first_hex(text: &str) -> String {
    text.lines()
        .next()
        .unwrap()
        .split_once(' ')
        .unwrap()
        .1
        .to_owned()
}

// Long on purpose: one story per database, each step starting where the steps before left it.
#[tokio::test]
async fn an_interrupted_rotation_stops_vigie_and_finishes_on_a_rerun() {
    for inst in Instance::all().await {
        inst.check(&["init"], 0, &[]);
        let hana = inst.add_user("hana", "handler");
        let original = key_text(&inst);
        let first = ids(&inst);

        // Stopped right after step 1: the next secret is in the file, nothing else happened. Every
        // other command refuses (exit 2) and names the command that finishes it.
        let next = first_hex(&InstanceKeys::single(InstanceSecret::generate()).text());
        let path = inst.data().join("instance.key");
        std::fs::write(&path, format!("{original}next {next}\n")).unwrap();
        let waiting = InstanceKeys::load(&path).unwrap().next().unwrap().id();
        let err = refusal(&inst.run(&["user", "list"]));
        assert!(err.contains("vigie keys rotate-instance"), "{err}");
        let serve = ["serve", "--listen", "127.0.0.1:0"];
        expect(&inst.run(&serve), 2, &["rotate-instance"]);
        inst.check(
            &["keys", "rotate-instance"],
            0,
            &["instance secret replaced"],
        );
        assert_eq!(ids(&inst), [waiting, first[0].clone()]);

        // Stopped after the database's transaction, before the key file's promotion: the database
        // is under the new secret, the file still names the old one current and the new one next.
        let rotated = key_text(&inst);
        inst.check(&["keys", "rotate-instance"], 0, &[]);
        let target = ids(&inst);
        let newest = first_hex(&key_text(&inst));
        std::fs::write(&path, format!("{rotated}next {newest}\n")).unwrap();
        expect(&inst.run(&serve), 2, &["rotate-instance"]);
        let finished = "an interrupted rotation finished";
        inst.check(&["keys", "rotate-instance"], 0, &[finished]);
        assert_eq!(ids(&inst), target);
        let app = inst.app().await;
        assert!(sign_in(&app, "hana", &hana).await);
        app.store().close().await;
        inst.assert_verified();
        inst.drop_db().await;
    }
}

#[tokio::test]
async fn a_wrong_or_missing_data_directory_is_refused_with_exit_2() {
    let empty = Instance::sqlite();
    let err = refusal(&empty.run(&["keys", "rotate-instance"]));
    assert!(
        err.contains("no instance secret at") && err.contains("--data-dir"),
        "{err}"
    );
    assert!(!empty.data().exists(), "nothing was created");
    // Another instance's key file beside this database.
    for inst in Instance::all_initialised().await {
        let other = Instance::sqlite();
        other.check(&["init"], 0, &[]);
        std::fs::copy(
            other.data().join("instance.key"),
            inst.data().join("instance.key"),
        )
        .unwrap();
        let before = key_text(&inst);
        let err = refusal(&inst.run(&["keys", "rotate-instance"]));
        assert!(err.contains("does not belong to this database"), "{err}");
        assert_eq!(key_text(&inst), before, "nothing written");
        inst.drop_db().await;
    }
}
