//! Whoever can write the database cannot choose who decrypts, nor cut the audit log unseen (issue 9,
//! items 2 and 3): each forgery and the replay of an old row refused, each tampering with the
//! checkpoints caught. On both backends.

#![allow(clippy::panic)]

use vigie_app::{App, AppError};
use vigie_domain::{AuditActor, Role, RoleSet};
use vigie_store::{Store, StoreOptions};

use crate::common::{Env, account, each_env, settings};

/// Runs SQL built at run time (the store's test hook takes a `&'static str`).
pub async fn sql(store: &Store, text: String) {
    let text: &'static str = Box::leak(text.into_boxed_str());
    store.raw_execute_for_tests(text).await.unwrap();
}

/// A byte string as an SQL literal of the store's backend.
pub fn bytes(store: &Store, b: &[u8]) -> String {
    if store.backend_name() == "sqlite" {
        format!("X'{}'", hex::encode(b))
    } else {
        format!("'\\x{}'::bytea", hex::encode(b))
    }
}

/// Runs `statement` with `$KEY` standing for a forged public key (32 bytes of 9s).
async fn forge(store: &Store, statement: &str) {
    sql(store, statement.replace("$KEY", &bytes(store, &[9; 32]))).await;
}

/// Drops the append-only guards, as an attacker with write access to the database would.
async fn drop_guards(store: &Store) {
    let statements: &[&'static str] = if store.backend_name() == "sqlite" {
        &[
            "DROP TRIGGER audit_log_no_update",
            "DROP TRIGGER audit_log_no_delete",
            "DROP TRIGGER checkpoint_chain_no_update",
            "DROP TRIGGER checkpoint_chain_no_delete",
        ]
    } else {
        &[
            "DROP TRIGGER audit_log_append_only ON audit_log",
            "DROP TRIGGER checkpoint_chain_append_only ON checkpoint_chain",
        ]
    };
    for s in statements {
        store.raw_execute_for_tests(s).await.unwrap();
    }
}

/// Deletes one checkpoint from the database (after [`drop_guards`]).
async fn delete_checkpoint_row(store: &Store, number: i64) {
    sql(
        store,
        format!("DELETE FROM checkpoint_chain WHERE number = {number}"),
    )
    .await;
}

/// Removes one checkpoint's line from the outside copy.
fn drop_line(log: &std::path::Path, number: i64) {
    let prefix = format!("vigie-checkpoint-v2 {number} ");
    let kept: String = std::fs::read_to_string(log)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with(&prefix))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(log, kept).unwrap();
}

/// Opens the instance afresh on the same database and key files, as `vigie serve` does at start.
async fn reopen(env: &Env) -> Result<App, AppError> {
    let mut opts = StoreOptions::new(env.url());
    opts.pg_schema = env.schema().map(str::to_owned);
    let store = Store::connect(&opts).await.unwrap();
    App::open(store, &env.paths, settings()).await
}

/// Starting refuses, naming the row; `keys verify` lists it; a wrap is refused too.
async fn refused(env: &Env, names: &str) {
    match reopen(env).await {
        Err(AppError::Integrity(problem)) => {
            assert!(problem.contains(names), "`{problem}` should name {names}")
        }
        Err(other) => panic!("refused for the wrong reason: {other}"),
        Ok(_) => panic!("a forged key directory was accepted ({names})"),
    }
    let report = env.app.verify_keys().await.unwrap();
    assert!(
        report.problems.iter().any(|p| p.contains(names)),
        "{report:?}"
    );
    let wrap = env
        .app
        .create_team(
            AuditActor::Cli,
            "après falsification",
            &["admin".to_owned()],
        )
        .await;
    assert!(matches!(wrap, Err(AppError::Integrity(_))), "{wrap:?}");
}

#[tokio::test]
async fn an_untouched_directory_opens_and_verifies() {
    each_env(async |env| {
        account(&env.app, "hamid", &[Role::Handler], None).await;
        let report = env.app.verify_keys().await.unwrap();
        assert!(report.problems.is_empty(), "{report:?}");
        assert_eq!(report.users, 2);
        assert!(reopen(env).await.is_ok());
    })
    .await;
}

#[tokio::test]
async fn a_planted_escrow_key_is_refused() {
    each_env(async |env| {
        let s = env.app.store();
        forge(s, "UPDATE instance SET escrow_public_key = $KEY").await;
        refused(env, "escrow").await;
    })
    .await;
}

#[tokio::test]
async fn a_replaced_custodian_key_is_refused() {
    each_env(async |env| {
        let admin = env.app.user_named("admin").await.unwrap();
        let s = env.app.store();
        forge(
            s,
            "UPDATE users SET public_key = $KEY WHERE username = 'admin'",
        )
        .await;
        refused(env, &admin.id.to_string()).await;
    })
    .await;
}

#[tokio::test]
async fn an_inserted_custodian_row_is_refused() {
    each_env(async |env| {
        let s = env.app.store();
        let id = uuid::Uuid::new_v4();
        // A copy of the admin's row (MAC included) under another id and name.
        forge(
            s,
            &format!(
                "INSERT INTO users (id, username, roles, public_key, kdf, kdf_salt, verifier, wrapped_secret, \
                 escrow_slot, contact_sealed, totp_sealed, must_change_password, disabled, created_at, directory_mac) \
                 SELECT '{id}', 'mallory', roles, $KEY, kdf, kdf_salt, verifier, wrapped_secret, escrow_slot, \
                 contact_sealed, totp_sealed, must_change_password, disabled, created_at, directory_mac \
                 FROM users WHERE username = 'admin'"
            ),
        )
        .await;
        refused(env, &id.to_string()).await;
    })
    .await;
}

#[tokio::test]
async fn custodian_added_to_a_handlers_roles_is_refused() {
    each_env(async |env| {
        let hamid = account(&env.app, "hamid", &[Role::Handler], None).await.0;
        let s = env.app.store();
        sql(
            s,
            "UPDATE users SET roles = roles || ',custodian' WHERE username = 'hamid'".into(),
        )
        .await;
        // The forged role is refused at once, on the running server too.
        assert!(matches!(
            env.app.principal(hamid).await,
            Err(AppError::Integrity(_))
        ));
        refused(env, &hamid.to_string()).await;
    })
    .await;
}

#[tokio::test]
async fn a_replaced_team_key_is_refused() {
    each_env(async |env| {
        let s = env.app.store();
        let team = s.team_by_name("Signalements").await.unwrap().unwrap();
        for table in [
            "team_keys SET public_key = $KEY WHERE team_id",
            "teams SET public_key = $KEY WHERE id",
        ] {
            forge(s, &format!("UPDATE {table} = '{}'", team.id)).await;
        }
        refused(env, &team.id.to_string()).await;
    })
    .await;
}

#[tokio::test]
async fn a_disabled_custodians_old_row_written_back_is_refused() {
    each_env(async |env| {
        let carla = account(&env.app, "carla", &[Role::Custodian], None).await.0;
        let old = env.app.store().user_by_id(carla).await.unwrap().unwrap();
        env.app
            .disable_user(AuditActor::Cli, "carla")
            .await
            .unwrap();
        let s = env.app.store();
        // Every MAC checks (the row is genuine, from before): only the signed digest tells.
        sql(
            s,
            format!(
                "UPDATE users SET disabled = FALSE, directory_mac = {} WHERE id = '{carla}'",
                bytes(s, old.directory_mac.as_deref().unwrap())
            ),
        )
        .await;
        let report = env.app.verify_keys().await.unwrap();
        assert_eq!(report.problems.len(), 1, "{report:?}");
        refused(env, "differs from the one signed in checkpoint").await;
    })
    .await;
}

/// The verdict's text, which must be a failure.
async fn verify_fails(app: &App) -> String {
    match app.verify_audit().await.unwrap() {
        Ok(r) => panic!("tampering went unnoticed: {r:?}"),
        Err(e) => e.to_string(),
    }
}

#[tokio::test]
async fn deleting_every_checkpoint_from_the_database_is_caught() {
    each_env(async |env| {
        account(&env.app, "hamid", &[Role::Handler], None).await;
        assert!(env.app.verify_audit().await.unwrap().is_ok());
        let s = env.app.store();
        drop_guards(s).await;
        sql(s, "DELETE FROM checkpoint_chain".into()).await;
        let e = verify_fails(&env.app).await;
        assert!(e.contains("not in the database"), "{e}");
        // And a signing instance refuses to sign over the hole.
        assert!(matches!(
            env.app.checkpoint(AuditActor::Cli).await,
            Err(AppError::Integrity(_))
        ));
    })
    .await;
}

#[tokio::test]
async fn cutting_the_newest_entries_with_their_checkpoints_is_caught() {
    each_env(async |env| {
        account(&env.app, "hamid", &[Role::Handler], None).await;
        let newest = env.app.store().last_checkpoint_v2().await.unwrap().unwrap();
        let s = env.app.store();
        drop_guards(s).await;
        delete_checkpoint_row(s, newest.number).await;
        sql(
            s,
            format!("DELETE FROM audit_log WHERE seq >= {}", newest.upto_seq),
        )
        .await;
        let e = verify_fails(&env.app).await;
        assert!(e.contains(&newest.number.to_string()), "{e}");
    })
    .await;
}

#[tokio::test]
async fn an_outside_copy_that_lost_a_line_or_a_gap_in_both_is_caught() {
    each_env(async |env| {
        account(&env.app, "hamid", &[Role::Handler], None).await;
        env.app.checkpoint(AuditActor::Cli).await.unwrap();
        let log = &env.paths.checkpoint_log;
        let text = std::fs::read_to_string(log).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines.len() >= 3, "{text}");

        // The copy lost its last line.
        std::fs::write(log, lines[..lines.len() - 1].join("\n") + "\n").unwrap();
        let e = verify_fails(&env.app).await;
        assert!(e.contains("not in the outside copy"), "{e}");

        // Both lost checkpoint 2.
        std::fs::write(log, text).unwrap();
        drop_line(log, 2);
        let s = env.app.store();
        drop_guards(s).await;
        delete_checkpoint_row(s, 2).await;
        let e = verify_fails(&env.app).await;
        assert!(e.contains("checkpoint 2 expected"), "{e}");
    })
    .await;
}

#[tokio::test]
async fn entries_long_after_the_newest_remaining_checkpoint_are_caught() {
    each_env(async |env| {
        env.app.clock().advance(30 * 3600);
        // Signs a checkpoint first (the newest is more than a day old), then the entry.
        env.app
            .append_audit(AuditActor::Cli, vigie_domain::AuditKind::Exported, "", "")
            .await
            .unwrap();
        env.app.verify_audit().await.unwrap().unwrap();
        let newest = env.app.store().last_checkpoint_v2().await.unwrap().unwrap();
        // Remove that checkpoint from both copies: the entries after it remain.
        let s = env.app.store();
        drop_guards(s).await;
        delete_checkpoint_row(s, newest.number).await;
        drop_line(&env.paths.checkpoint_log, newest.number);
        let e = verify_fails(&env.app).await;
        assert!(e.contains("more than 25 hours"), "{e}");
    })
    .await;
}

/// A change of roles committed with its audit entry, whose checkpoint was never signed: the state a
/// crash right after the commit leaves (the rows carry genuine MACs).
async fn crash_after_a_role_change(env: &Env, name: &str, roles: &[Role]) {
    let store = env.app.store();
    let user = store.user_by_name(name).await.unwrap().unwrap();
    let roles = RoleSet::of(roles);
    let key = vigie_vault::InstanceSecret::load(&env.paths.instance_secret)
        .unwrap()
        .directory_key();
    let mac = key.mac(&vigie_vault::DirectoryEntry::User {
        id: user.id,
        username: user.username.clone(),
        roles,
        public_key: user.public_key.clone(),
        disabled: user.disabled,
    });
    sql(
        store,
        format!(
            "UPDATE users SET roles = '{}', directory_mac = {} WHERE id = '{}'",
            roles.to_names(),
            bytes(store, &mac),
            user.id
        ),
    )
    .await;
    let entry = vigie_store::NewAuditEntry {
        day: "2026-12-06".into(),
        at: Some(env.app.clock().unix()),
        actor: "cli".into(),
        kind: "roles_changed".into(),
        object: format!("user:{}", user.id),
        detail: "crash".into(),
    };
    store
        .append_audit(&entry, vigie_vault::audit::record_hash)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_crash_between_a_change_and_its_checkpoint_is_resealed_by_the_operator() {
    each_env(async |env| {
        account(&env.app, "hamid", &[Role::Handler], None).await;
        let plan = env.app.reseal_plan().await.unwrap();
        assert!(!plan.differs && plan.forged.is_empty(), "{plan:?}");
        assert!(matches!(
            env.app.reseal_directory(AuditActor::Cli).await,
            Err(AppError::Invalid(_))
        ));

        crash_after_a_role_change(env, "hamid", &[Role::Analyst]).await;
        assert!(matches!(reopen(env).await, Err(AppError::Integrity(_))));
        let plan = env.app.reseal_plan().await.unwrap();
        assert!(plan.differs && plan.forged.is_empty(), "{plan:?}");
        assert!(
            plan.since
                .iter()
                .any(|e| e.kind == "roles_changed" && e.detail == "crash"),
            "the operator sees the change that explains it: {plan:?}"
        );
        env.app.reseal_directory(AuditActor::Cli).await.unwrap();
        let app = reopen(env).await.expect("opens after the reseal");
        assert!(app.verify_keys().await.unwrap().problems.is_empty());
        app.verify_audit().await.unwrap().unwrap();
        let head = app.store().audit_chain().await.unwrap();
        assert!(head.iter().any(|e| e.kind == "directory_resealed"));

        // A forged row is never resealed.
        sql(
            env.app.store(),
            "UPDATE users SET roles = 'handler,custodian' WHERE username = 'hamid'".to_owned(),
        )
        .await;
        let plan = env.app.reseal_plan().await.unwrap();
        assert!(!plan.forged.is_empty());
        assert!(matches!(
            env.app.reseal_directory(AuditActor::Cli).await,
            Err(AppError::Integrity(_))
        ));
    })
    .await;
}
