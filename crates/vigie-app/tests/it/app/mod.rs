//! Use cases end to end on a real database (SQLite, and PostgreSQL when `VIGIE_TEST_POSTGRES_URL` is
//! set): instance creation, teams and their key generations, audit verification under tampering.

use vigie_app::{App, AppError, InitOptions, Joined, KeyPaths, TeamKeySource};
use vigie_domain::{AuditActor, Role};
use vigie_store::TeamSlot;
use vigie_vault::KdfParams;

mod intake;
pub mod integrity;
mod seats;
use crate::common::{account, each_app, each_env, held_team_slots, new_team, settings};

/// A new account with one role and a phone number.
async fn user(app: &App, name: &str, role: Role) -> (vigie_domain::UserId, String) {
    account(app, name, &[role], Some(format!("{name} 06 00 00 00 00"))).await
}

#[tokio::test]
async fn init_refuses_twice_and_open_checks_the_key_files() {
    each_env(async |env| {
        let store = env.app.store().clone();
        let init = InitOptions {
            admin: "x".into(),
            escrow: false,
            receipt_kdf: KdfParams::danger_test_minimum(),
            demo: false,
        };
        assert!(matches!(
            App::init(store.clone(), &env.paths, settings(), &init).await,
            Err(AppError::AlreadyInitialised)
        ));
        App::open(store.clone(), &env.paths, settings())
            .await
            .unwrap();
        // Someone else's instance secret does not open this database.
        let other = tempfile::tempdir().unwrap();
        let wrong = KeyPaths {
            instance_secret: other.path().join("i.key"),
            audit_key: env.paths.audit_key.clone(),
            blobs: env.paths.blobs.clone(),
            checkpoint_log: env.paths.checkpoint_log.clone(),
            publication_key: env.paths.publication_key.clone(),
        };
        vigie_vault::InstanceSecret::create(&wrong.instance_secret).unwrap();
        let e = App::open(store, &wrong, settings()).await.unwrap_err();
        assert!(e.to_string().contains("does not belong"), "{e}");
    })
    .await;
}

#[tokio::test]
async fn contact_details_are_sealed_and_opened_with_an_audit_entry() {
    each_app(async |app| {
        let (id, _) = user(app, "amina", Role::Handler).await;
        let record = app.store().user_by_id(id).await.unwrap().unwrap();
        let sealed = record.contact_sealed.clone().unwrap();
        assert!(!String::from_utf8_lossy(&sealed).contains("06 00"));
        let before = app.store().audit_head().await.unwrap().unwrap().seq;
        assert_eq!(
            app.contact_of(AuditActor::Cli, &record)
                .await
                .unwrap()
                .as_deref(),
            Some("amina 06 00 00 00 00")
        );
        let head = app.store().audit_head().await.unwrap().unwrap();
        assert_eq!((head.seq, head.kind.as_str()), (before + 1, "decrypted"));
    })
    .await;
}

#[tokio::test]
async fn team_keys_follow_members() {
    each_app(async |app| {
        let (a, pa) = user(app, "amina", Role::Handler).await;
        let (b, _) = user(app, "bruno", Role::Handler).await;
        let (c, pc) = user(app, "chloe", Role::Handler).await;
        let team = new_team(app, "Signalements nord", &["amina", "bruno"]).await;
        assert!(matches!(
            app.create_team(AuditActor::Cli, "Signalements nord", &[])
                .await,
            Err(AppError::Exists(_))
        ));

        // amina unlocks her key with her password and adds chloe.
        let a_secret = vigie_testkit::unlocked_key(app, "amina", &pa).await;
        let joined = app
            .add_team_member(
                AuditActor::Staff(a),
                TeamKeySource::Member(a, &a_secret),
                "Signalements nord",
                "chloe",
            )
            .await
            .unwrap();
        assert_eq!(joined, Joined::WithHistory);

        // bruno is disabled: a new generation that only amina and chloe (and escrow) can open.
        app.disable_user(AuditActor::Cli, "bruno").await.unwrap();
        let t = app
            .store()
            .team_by_name("Signalements nord")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(t.generation, 2);
        assert!(held_team_slots(app, team, b).await.is_empty());
        let a_keys = app
            .open_team_slots(team, &a_secret, &held_team_slots(app, team, a).await)
            .unwrap();
        assert_eq!(a_keys.iter().map(|(g, _)| *g).collect::<Vec<_>>(), [1, 2]);
        assert_eq!(
            a_keys[1].1.public().as_bytes().as_slice(),
            t.public_key.as_slice(),
            "generation 2 matches the team key"
        );
        let c_login = app
            .login_password("chloe", &pc)
            .await
            .expect("chloe logs in");
        let c_session = app
            .resume_session(&c_login.token.to_cookie_value())
            .await
            .expect("session");
        let c_keys = app
            .open_team_slots(
                team,
                &c_session.secret().unwrap(),
                &held_team_slots(app, team, c).await,
            )
            .unwrap();
        assert_eq!(c_keys.len(), 2, "chloe reads the past too");
        assert_eq!(
            app.store()
                .team_slots(team, TeamSlot::ESCROW)
                .await
                .unwrap()
                .len(),
            2
        );
        // bruno's account is closed.
        assert!(matches!(
            app.login_password("bruno", "whatever-password").await,
            Err(vigie_app::LoginError::Invalid)
        ));
    })
    .await;
}

#[tokio::test]
async fn audit_verify_catches_a_rewritten_database() {
    each_app(async |app| {
        user(app, "amina", Role::Handler).await;
        app.checkpoint(AuditActor::Cli).await.unwrap();
        user(app, "bruno", Role::Analyst).await;
        let report = app.verify_audit().await.unwrap().unwrap();
        // init, each account (a change of the key directory) and the explicit one.
        assert_eq!(
            report.checkpoints,
            app.store().checkpoint_chain().await.unwrap().len()
        );
        assert!(report.checkpoints >= 4, "{report:?}");
        assert_eq!(
            report.entries as i64,
            app.store().audit_head().await.unwrap().unwrap().seq
        );

        // The attacker who can write the database drops the guard and edits an old entry.
        vigie_testkit::forge_audit(
            app.store(),
            "UPDATE audit_log SET detail = 'admin' WHERE seq = 2",
        )
        .await;
        let e = app.verify_audit().await.unwrap().unwrap_err();
        assert!(e.to_string().contains('2'), "names the entry: {e}");
    })
    .await;
}

#[tokio::test]
async fn checkpoints_are_signed_when_due() {
    each_app(async |app| {
        assert!(
            !app.checkpoint_if_due().await.unwrap(),
            "init just signed one"
        );
        app.clock().advance(25 * 3600);
        assert!(!app.checkpoint_if_due().await.unwrap(), "nothing new since");
        // A reporter's entry flushed by housekeeping is appended below the store: the hourly job
        // signs the checkpoint it calls for.
        let before = app.store().checkpoint_chain().await.unwrap().len();
        app.store()
            .append_audit(
                &vigie_store::NewAuditEntry {
                    day: "2026-01-01".into(),
                    at: None,
                    actor: "reporter".into(),
                    kind: "report_received".into(),
                    object: String::new(),
                    detail: String::new(),
                },
                vigie_vault::audit::record_hash,
            )
            .await
            .unwrap();
        assert!(app.checkpoint_if_due().await.unwrap());
        assert!(!app.checkpoint_if_due().await.unwrap());
        assert_eq!(
            app.store().checkpoint_chain().await.unwrap().len(),
            before + 1
        );
        // An entry recorded more than a day after the newest checkpoint (a command run while the
        // server was stopped) is preceded by a fresh checkpoint.
        app.clock().advance(30 * 3600);
        let entry = app
            .append_audit(AuditActor::Cli, vigie_domain::AuditKind::Exported, "", "")
            .await
            .unwrap();
        let newest = app.store().last_checkpoint_v2().await.unwrap().unwrap();
        assert_eq!(newest.upto_seq, entry.seq - 1);
        assert!(app.verify_audit().await.unwrap().is_ok());
    })
    .await;
}

#[tokio::test]
async fn entries_about_reporters_carry_the_day_only() {
    each_app(async |app| {
        let staff = app
            .append_audit(AuditActor::Cli, vigie_domain::AuditKind::Exported, "", "")
            .await
            .unwrap();
        let reporter = app
            .append_audit(
                AuditActor::Reporter,
                vigie_domain::AuditKind::Decrypted,
                "report:x",
                "",
            )
            .await
            .unwrap();
        assert!(staff.at.is_some());
        assert_eq!(
            reporter.at, None,
            "no exact time tied to a reporter's action"
        );
        assert_eq!(reporter.day.len(), 10);
        let stored = app.store().audit_head().await.unwrap().unwrap();
        assert_eq!((stored.seq, stored.at), (reporter.seq, None));
        assert!(app.verify_audit().await.unwrap().is_ok());
    })
    .await;
}
