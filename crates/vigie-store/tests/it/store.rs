//! The repository contract, run against SQLite always and PostgreSQL when `VIGIE_TEST_POSTGRES_URL` is
//! set (each test in its own schema, so tests run in parallel).

use std::collections::HashSet;

use vigie_domain::{AuditRecord, Role, RoleSet, UserId};
use vigie_store::*;
use vigie_testkit::TestDb;

/// One fresh, migrated store per backend available (vigie-testkit's).
pub(crate) async fn stores() -> Vec<TestDb> {
    TestDb::all().await
}

/// Runs `test` on a fresh store of each backend available, cleaned up after it.
pub(crate) async fn each_store(test: impl AsyncFn(&Store)) {
    for db in stores().await {
        test(&db.store).await;
        db.cleanup().await;
    }
}

pub(crate) fn user(name: &str, roles: &[Role]) -> NewUser {
    NewUser {
        id: UserId::random(),
        username: name.to_owned(),
        roles: RoleSet::of(roles),
        public_key: vec![7; 32],
        password: PasswordFields {
            kdf: "argon2id$v=19$m=8,t=1,p=1".into(),
            kdf_salt: vec![1; 16],
            verifier: vec![2; 32],
            wrapped_secret: vec![3; 73],
        },
        escrow_slot: None,
        contact_sealed: Some(vec![9; 40]),
        totp_sealed: None,
        must_change_password: true,
        disabled: false,
        created_at: 1_700_000_000,
        directory_mac: Some(vec![4; 32]),
    }
}

/// `user(name, roles)`, inserted into `s`.
pub(crate) async fn inserted_user(s: &Store, name: &str, roles: &[Role]) -> NewUser {
    let u = user(name, roles);
    s.insert_user(&u, &Audit::none()).await.unwrap();
    u
}

/// Runs `n` tasks made by `task` (given their index) at once; their results, in index order.
async fn at_once<T, F>(n: i64, task: impl Fn(i64) -> F) -> Vec<T>
where
    F: Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    let running: Vec<_> = (0..n).map(|i| tokio::spawn(task(i))).collect();
    let mut done = Vec::new();
    for t in running {
        done.push(t.await.unwrap());
    }
    done
}

pub(crate) fn session(user: UserId, tag: u8, now: i64) -> SessionRecord {
    SessionRecord {
        id_hash: vec![tag; 32],
        user_id: user,
        sealed_secret: vec![tag; 60],
        stage: SessionStage::Full,
        created_at: now,
        last_seen_at: now,
    }
}

/// A stand-in for the vault's hash: deterministic and chaining (the store must not care which).
pub(crate) fn fake_hash(r: &AuditRecord) -> [u8; 32] {
    let mut h = r.prev_hash;
    h[0] = h[0].wrapping_add(1);
    h[1..9].copy_from_slice(&r.seq.to_be_bytes());
    h
}

pub(crate) fn entry(kind: &str, actor: &str, day: &str) -> NewAuditEntry {
    NewAuditEntry {
        day: day.into(),
        at: Some(1_700_000_000),
        actor: actor.into(),
        kind: kind.into(),
        object: String::new(),
        detail: String::new(),
    }
}

#[tokio::test]
async fn instance_is_initialised_once() {
    each_store(async |s| {
        s.migrate().await.unwrap(); // idempotent
        assert!(s.instance().await.unwrap().is_none());
        let row = InstanceRow {
            salt: vec![5; 16],
            secret_check: vec![8; 32],
            receipt_kdf: "argon2id$v=19$m=8,t=1,p=1".into(),
            audit_public_key: vec![6; 32],
            escrow_public_key: None,
            created_at: 1,
            directory_mac: Some(vec![3; 32]),
        };
        let admin = user("admin", &[Role::Admin, Role::Custodian]);
        s.init_instance(&row, &admin).await.unwrap();
        assert_eq!(s.instance().await.unwrap(), Some(row.clone()));
        assert_eq!(s.user_by_name("admin").await.unwrap(), Some(admin.clone()));
        let again = s.init_instance(&row, &user("other", &[Role::Admin])).await;
        assert!(
            matches!(again, Err(StoreError::Conflict("instance"))),
            "{again:?}"
        );
        // The failed second init left nothing behind.
        assert!(s.user_by_name("other").await.unwrap().is_none());
    })
    .await;
}

#[tokio::test]
async fn users_round_trip_and_names_are_unique() {
    each_store(async |s| {
        let a = inserted_user(s, "amina", &[Role::Handler]).await;
        assert_eq!(s.user_by_id(a.id).await.unwrap(), Some(a.clone()));
        let dup = s
            .insert_user(&user("amina", &[Role::Analyst]), &Audit::none())
            .await;
        assert!(
            matches!(dup, Err(StoreError::Conflict("user name"))),
            "{dup:?}"
        );
        s.insert_user(&user("bruno", &[Role::Analyst]), &Audit::none())
            .await
            .unwrap();
        let names: Vec<_> = s
            .list_users()
            .await
            .unwrap()
            .into_iter()
            .map(|u| u.username)
            .collect();
        assert_eq!(names, ["amina", "bruno"]);
        let mut no_rotation = |_, _, _: &[(UserId, Vec<u8>)]| -> vigie_store::TeamRotation {
            unreachable!("amina is in no team")
        };
        let changed = s
            .change_roles(
                a.id,
                &vigie_store::RoleChange {
                    roles: RoleSet::of(&[Role::Handler, Role::Custodian]),
                    directory_mac: &[6; 32],
                    leave_teams: vigie_domain::keys::TeamKind::ALL,
                    report_audiences: &["conversation"],
                },
                &mut no_rotation,
                0,
                &Audit::none(),
            )
            .await
            .unwrap();
        assert_eq!(changed, vigie_store::RolesChanged::default());
        assert!(
            s.user_by_id(a.id)
                .await
                .unwrap()
                .unwrap()
                .roles
                .contains(Role::Custodian)
        );
        assert!(matches!(
            s.change_roles(
                UserId::random(),
                &vigie_store::RoleChange {
                    roles: RoleSet::empty(),
                    directory_mac: &[6; 32],
                    leave_teams: &[],
                    report_audiences: &[],
                },
                &mut no_rotation,
                0,
                &Audit::none(),
            )
            .await,
            Err(StoreError::NotFound(_))
        ));
    })
    .await;
}

#[tokio::test]
async fn password_change_keeps_only_the_current_session() {
    each_store(async |s| {
        let a = inserted_user(s, "amina", &[Role::Handler]).await;
        s.create_session(&session(a.id, 1, 100)).await.unwrap();
        s.create_session(&session(a.id, 2, 100)).await.unwrap();
        let mut p = a.password.clone();
        p.verifier = vec![42; 32];
        s.set_password(a.id, &p, false, Some(&[1; 32]), &Audit::none())
            .await
            .unwrap();
        let got = s.user_by_id(a.id).await.unwrap().unwrap();
        assert_eq!(got.password, p);
        assert!(!got.must_change_password);
        assert!(s.session(&[1; 32]).await.unwrap().is_some());
        assert!(s.session(&[2; 32]).await.unwrap().is_none());
    })
    .await;
}

#[tokio::test]
async fn totp_and_recovery_codes() {
    each_store(async |s| {
        let a = inserted_user(s, "amina", &[Role::Handler]).await;
        s.enrol_totp(a.id, &[4; 50], &[[1; 32], [2; 32]], &Audit::none())
            .await
            .unwrap();
        assert_eq!(
            s.user_by_id(a.id).await.unwrap().unwrap().totp_sealed,
            Some(vec![4; 50])
        );
        assert_eq!(s.recovery_codes_left(a.id).await.unwrap(), 2);
        assert!(s.use_recovery_code(a.id, &[1; 32]).await.unwrap());
        assert!(
            !s.use_recovery_code(a.id, &[1; 32]).await.unwrap(),
            "a code works once"
        );
        assert!(!s.use_recovery_code(a.id, &[9; 32]).await.unwrap());
        s.create_session(&session(a.id, 3, 100)).await.unwrap();
        s.reset_totp(a.id, &Audit::none()).await.unwrap();
        let got = s.user_by_id(a.id).await.unwrap().unwrap();
        assert_eq!(got.totp_sealed, None);
        assert_eq!(s.recovery_codes_left(a.id).await.unwrap(), 0);
        assert!(
            s.session(&[3; 32]).await.unwrap().is_none(),
            "reset ends sessions"
        );
    })
    .await;
}

#[tokio::test]
async fn sessions_expire() {
    each_store(async |s| {
        let a = inserted_user(s, "amina", &[Role::Handler]).await;
        s.create_session(&session(a.id, 1, 100)).await.unwrap();
        s.create_session(&session(a.id, 2, 1_000)).await.unwrap();
        s.touch_session(&[2; 32], 2_000).await.unwrap();
        assert_eq!(
            s.session(&[2; 32]).await.unwrap().unwrap().last_seen_at,
            2_000
        );
        assert_eq!(s.delete_expired_sessions(500, 0).await.unwrap(), 1);
        assert!(s.session(&[1; 32]).await.unwrap().is_none());
        assert_eq!(
            s.delete_expired_sessions(0, 1_001).await.unwrap(),
            1,
            "absolute timeout"
        );
    })
    .await;
}

#[tokio::test]
async fn counters_and_throttle_are_atomic_under_concurrency() {
    each_store(async |s| {
        let s = s.clone();
        let values = at_once(40, |_| {
            let s = s.clone();
            async move { s.next_counter("reports").await.unwrap() }
        });
        let mut got = HashSet::new();
        for v in values.await {
            assert!(got.insert(v), "duplicate counter value");
        }
        assert_eq!(got, (1..=40).collect());

        at_once(20, |i| {
            let s = s.clone();
            async move { s.record_login_failure(b"acct", i).await.unwrap() }
        })
        .await;
        assert_eq!(
            s.throttle_state(b"acct").await.unwrap().map(|(n, _)| n),
            Some(20)
        );
        s.clear_login_failures(b"acct").await.unwrap();
        assert_eq!(s.throttle_state(b"acct").await.unwrap(), None);
    })
    .await;
}

#[tokio::test]
async fn audit_appends_form_a_gapless_chain_under_concurrency() {
    each_store(async |s| {
        let s = s.clone();
        at_once(30, |i| {
            let s = s.clone();
            let day = if i % 2 == 0 {
                "2026-11-20"
            } else {
                "2026-11-21"
            };
            let kind = if i % 3 == 0 {
                "login_failed"
            } else {
                "login_succeeded"
            };
            async move {
                s.append_audit(&entry(kind, "cli", day), fake_hash)
                    .await
                    .unwrap()
            }
        })
        .await;
        let chain = s.audit_chain().await.unwrap();
        assert_eq!(
            chain.iter().map(|e| e.seq).collect::<Vec<_>>(),
            (1..=30).collect::<Vec<_>>()
        );
        for w in chain.windows(2) {
            assert_eq!(w[1].prev_hash, w[0].hash);
            assert_eq!(w[1].hash, fake_hash(&w[1]));
        }
        assert_eq!(s.audit_head().await.unwrap().map(|e| e.seq), Some(30));

        let f = AuditFilter {
            kind: Some("login_failed".into()),
            limit: 100,
            ..Default::default()
        };
        let failed = s.audit_entries(&f).await.unwrap();
        assert_eq!(failed.len(), 10);
        assert!(
            failed.windows(2).all(|w| w[0].seq > w[1].seq),
            "newest first"
        );
        let f = AuditFilter {
            day_from: Some("2026-11-21".into()),
            day_to: Some("2026-11-21".into()),
            limit: 100,
            ..Default::default()
        };
        assert_eq!(s.audit_entries(&f).await.unwrap().len(), 15);
        let f = AuditFilter {
            before_seq: Some(11),
            limit: 5,
            ..Default::default()
        };
        assert_eq!(
            s.audit_entries(&f)
                .await
                .unwrap()
                .iter()
                .map(|e| e.seq)
                .collect::<Vec<_>>(),
            [10, 9, 8, 7, 6]
        );
    })
    .await;
}

#[tokio::test]
async fn audit_rows_cannot_be_updated_or_deleted_through_sql() {
    each_store(async |s| {
        s.append_audit(&entry("logout", "cli", "2026-11-21"), fake_hash)
            .await
            .unwrap();
        let cp = vigie_domain::AuditCheckpoint {
            upto_seq: 1,
            head_hash: [1; 32],
            created_at: 5,
            signature: vec![0; 64],
        };
        s.insert_checkpoint(&cp).await.unwrap();
        assert!(matches!(
            s.insert_checkpoint(&cp).await,
            Err(StoreError::Conflict(_))
        ));
        assert_eq!(s.checkpoints().await.unwrap(), vec![cp]);
        assert!(
            s.raw_execute_for_tests("UPDATE audit_log SET detail = 'x'")
                .await
                .is_err()
        );
        assert!(
            s.raw_execute_for_tests("DELETE FROM audit_log")
                .await
                .is_err()
        );
        assert_eq!(s.audit_chain().await.unwrap().len(), 1);
    })
    .await;
}

#[tokio::test]
async fn bad_urls_give_clear_errors() {
    let e = Store::connect(&StoreOptions::new("mysql://x"))
        .await
        .unwrap_err();
    assert!(e.to_string().contains("unsupported database URL"), "{e}");
    let mut opts = StoreOptions::new("postgres://vigie:hunter2@127.0.0.1:1/nope");
    opts.acquire_timeout = std::time::Duration::from_secs(1);
    let e = Store::connect(&opts).await.unwrap_err().to_string();
    assert!(e.contains("postgres://vigie:***@127.0.0.1:1/nope"), "{e}");
    assert!(!e.contains("hunter2"), "{e}");
}

#[tokio::test]
async fn a_totp_step_is_accepted_once() {
    each_store(async |s| {
        let a = inserted_user(s, "amina", &[Role::Handler]).await;
        assert!(s.consume_totp_step(a.id, 100).await.unwrap());
        assert!(
            !s.consume_totp_step(a.id, 100).await.unwrap(),
            "replay refused"
        );
        assert!(
            !s.consume_totp_step(a.id, 99).await.unwrap(),
            "older step refused"
        );
        assert!(s.consume_totp_step(a.id, 101).await.unwrap());
    })
    .await;
}

#[tokio::test]
async fn a_due_job_is_taken_by_exactly_one_instance() {
    each_store(async |s| {
        // Eight "instances" race for the same due job: one lease is granted.
        let leases = at_once(8, |_| {
            let s = s.clone();
            async move { s.take_job("retention", 1000, 60).await.unwrap() }
        });
        let taken = leases.await.into_iter().filter(|&t| t).count();
        assert_eq!(taken, 1);
        assert!(!s.job_due("digest", 1000).await.unwrap(), "never taken");
        // Held, then released for a later run: not due before it, due after it.
        assert!(!s.take_job("retention", 1010, 60).await.unwrap());
        assert!(
            s.job_due("retention", 1010).await.unwrap(),
            "held, not done"
        );
        s.finish_job("retention", 2000).await.unwrap();
        assert!(!s.job_due("retention", 1500).await.unwrap(), "done");
        assert!(!s.take_job("retention", 1500, 60).await.unwrap());
        assert!(s.take_job("retention", 2000, 60).await.unwrap());
        // A lease left by a crashed instance expires; the round stays due until then.
        assert!(s.job_due("retention", 2030).await.unwrap());
        assert!(!s.take_job("retention", 2030, 60).await.unwrap());
        assert!(s.take_job("retention", 2061, 60).await.unwrap());
    })
    .await;
}

#[tokio::test]
async fn every_pooled_sqlite_connection_has_wal_full_sync_foreign_keys_and_secure_delete() {
    for db in stores().await {
        let settings = db.store.sqlite_settings_for_tests().await.unwrap();
        if db.store.backend_name() == "sqlite" {
            assert_eq!(
                settings.len(),
                9,
                "every connection of the default pool, and the new reports' own"
            );
            for (journal, sync, fk, secure) in settings {
                assert_eq!(journal.to_lowercase(), "wal");
                assert_eq!(sync, 2, "synchronous=FULL");
                assert_eq!((fk, secure), (1, 1));
            }
        } else {
            assert!(settings.is_empty());
        }
        db.cleanup().await;
    }
}
