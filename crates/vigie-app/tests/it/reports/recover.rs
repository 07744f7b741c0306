//! The recovery drill: a handler who reads a report through their team forgets their password; with
//! the escrow secret they get a new one-time password and the same key, and the report opens again.
//! A wrong escrow secret, an unknown user, a planted escrow slot and an instance without escrow are
//! refused.

use vigie_app::{App, AppError, LoginError};
use vigie_domain::{AuditActor, Role};
use vigie_vault::EscrowSecret;

use super::{OneReport, one_report, open_as, refresh};
use crate::app::integrity::{bytes, sql};
use crate::common::{Env, each_env, escrow, settings};

/// The kinds and details of the audit entries about `object`.
async fn entries_about(app: &App, object: &str) -> Vec<(String, String)> {
    let chain = app.store().audit_chain().await.unwrap();
    let about = chain.into_iter().filter(|e| e.object == object);
    about.map(|e| (e.kind, e.detail)).collect()
}

/// `recover_account(name)` with `escrow` is refused as invalid input, saying `says`.
async fn refused(app: &App, escrow: &EscrowSecret, name: &str, says: &str) {
    let e = app
        .recover_account(AuditActor::Cli, escrow, name, false)
        .await
        .unwrap_err();
    assert!(
        matches!(&e, AppError::Invalid(m) if m.contains(says)),
        "{e:?}"
    );
}

// Long on purpose: one story per database, each step starting where the steps before left it.
#[tokio::test]
async fn a_forgotten_password_is_recovered_with_the_escrow_key_and_the_reports_open_again() {
    each_env(async |env: &Env| {
        let app = &env.app;
        let OneReport { hana, id, .. } = one_report(app, "Le point de deal rue X.").await;
        let before = open_as(app, &hana, id).await;
        let user = app.store().user_by_name("hana").await.unwrap().unwrap();
        let old_session = app.login_password("hana", "not needed").await;
        assert!(old_session.is_err(), "a wrong password is refused");

        let (foreign, _) = EscrowSecret::generate();
        refused(app, &foreign, "hana", "not the escrow key").await;
        let escrow = EscrowSecret::parse_printable(escrow(env)).unwrap();
        let e = app
            .recover_account(AuditActor::Cli, &escrow, "nobody", false)
            .await
            .unwrap_err();
        assert!(matches!(e, AppError::UnknownUser(_)), "{e:?}");

        let done = app
            .recover_account(AuditActor::Cli, &escrow, "Hana", false)
            .await
            .unwrap();
        assert_eq!(done.username, "hana");
        let head = app.store().audit_head().await.unwrap().unwrap();
        let cp = app.store().last_checkpoint_v2().await.unwrap().unwrap();
        assert_eq!(
            cp.upto_seq, head.seq,
            "the recovery is checkpointed at once"
        );

        assert!(!done.second_factor_reset);
        let after = app.store().user_by_name("hana").await.unwrap().unwrap();
        assert_eq!(after.public_key, user.public_key, "the same key pair");
        assert!(after.must_change_password, "a one-time password");
        assert_ne!(after.password.verifier, user.password.verifier);

        // Signed in with the new password: the same key, the same report.
        let mut again = crate::common::Staff {
            principal: hana.principal.clone(),
            secret: vigie_testkit::unlocked_key(app, "hana", &done.password).await,
        };
        refresh(app, &mut again).await;
        assert_eq!(again.secret.public(), hana.secret.public());
        let reopened = open_as(app, &again, id).await;
        assert_eq!(reopened.content, before.content);

        // Audited, naming the account; signed into a checkpoint at once.
        let object = format!("user:{}", user.id);
        let about = entries_about(app, &object).await;
        assert!(
            about.contains(&("account_recovered".into(), "second factor kept".into())),
            "{about:?}"
        );
        app.verify_audit().await.unwrap().unwrap();
        assert!(app.verify_keys().await.unwrap().problems.is_empty());

        // With --reset-2fa the second factor goes too.
        let done = app
            .recover_account(AuditActor::Cli, &escrow, "hana", true)
            .await
            .unwrap();
        assert!(done.second_factor_reset);
        let about = entries_about(app, &object).await;
        assert!(about.iter().any(|(k, _)| k == "totp_reset"), "{about:?}");

        // Someone with write access to the database plants an escrow slot holding a key of their
        // choosing: the recovery refuses it (integrity), the password lock is untouched.
        let planted = vigie_vault::slot::wrap_secret_key_for(
            &escrow.public(),
            &vigie_vault::SecretKey::generate(),
            &[b"vigie/escrow/".as_slice(), user.id.0.as_bytes()].concat(),
        )
        .unwrap();
        let store = app.store();
        let planted = bytes(store, &planted);
        sql(
            store,
            format!("UPDATE users SET escrow_slot = {planted} WHERE username = 'hana'"),
        )
        .await;
        let locked = app.store().user_by_name("hana").await.unwrap().unwrap();
        let e = app
            .recover_account(AuditActor::Cli, &escrow, "hana", false)
            .await
            .unwrap_err();
        assert!(
            matches!(&e, AppError::Integrity(m) if m.contains("escrow slot")),
            "{e:?}"
        );
        let unchanged = app.store().user_by_name("hana").await.unwrap().unwrap();
        assert_eq!(unchanged.password.verifier, locked.password.verifier);
    })
    .await;
}

#[tokio::test]
async fn an_instance_without_escrow_says_so() {
    for env in Env::all(&settings(), false).await {
        let app = &env.app;
        crate::common::account(app, "hana", &[Role::Handler], None).await;
        let (any, _) = EscrowSecret::generate();
        refused(app, &any, "hana", "no escrow key").await;
        assert!(matches!(
            app.login_password("hana", "x").await,
            Err(LoginError::Invalid)
        ));
        env.cleanup().await;
    }
}
