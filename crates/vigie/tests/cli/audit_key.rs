//! `vigie keys rotate-audit`: a checkpoint under each key, `audit verify` passing with the new key file
//! alone, and the database unable to choose an old key.

use vigie_store::NewAuditEntry;
use vigie_vault::AuditSigner;

use super::{Instance, expect};

/// The audit key file's public key.
fn file_key(inst: &Instance) -> [u8; 32] {
    AuditSigner::load_file(inst.data().join("audit.key"))
        .unwrap()
        .verifying_key_bytes()
}

/// `audit verify` fails (exit 1) and says `says`.
fn verify_fails(inst: &Instance, says: &str) {
    let out = expect(&inst.run(&["audit", "verify"]), 1, &["FAILED"]);
    assert!(out.contains(says), "{says:?} in {out}");
}

/// Appends an entry as whoever writes the database can: the chain's hashes need no secret.
async fn append_as_db_writer(inst: &Instance, kind: &str, detail: String) {
    let store = inst.store().await;
    let entry = NewAuditEntry {
        day: "2026-01-01".into(),
        at: Some(1_767_225_600),
        actor: "cli".into(),
        kind: kind.into(),
        object: "audit-key".into(),
        detail,
    };
    store
        .append_audit(&entry, vigie_vault::audit::record_hash)
        .await
        .unwrap();
    store.close().await;
}

// Long on purpose: one story per database, each step starting where the steps before left it.
#[tokio::test]
async fn rotating_the_audit_key_keeps_every_old_checkpoint_verifiable() {
    for inst in Instance::all_initialised().await {
        inst.check(&["user", "add", "amina", "--role", "handler"], 0, &[]);
        inst.check(&["audit", "checkpoint"], 0, &[]);
        let first = file_key(&inst);

        // A key waiting from an interrupted rotation is the one put in place.
        let waiting = AuditSigner::create_file(inst.data().join("audit.key.new")).unwrap();
        let out = inst.check(&["keys", "rotate-audit"], 0, &["audit key replaced"]);
        let second = file_key(&inst);
        assert_eq!(second, waiting.verifying_key_bytes());
        assert!(
            out.contains(&hex::encode(first)) && out.contains(&hex::encode(second)),
            "{out}"
        );
        let retired: Vec<_> = std::fs::read_dir(inst.data())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("audit.key.retired-"))
            .collect();
        assert_eq!(retired.len(), 1, "{retired:?}");
        assert!(!inst.data().join("audit.key.new").exists());
        expect(&inst.run(&["audit", "verify"]), 0, &["ok, "]);

        // The instance works on under the new key: commands open it, checkpoints are signed, and a
        // second rotation chains to the first.
        inst.check(&["user", "add", "bruno", "--role", "handler"], 0, &[]);
        inst.check(&["audit", "checkpoint"], 0, &[]);
        inst.check(&["keys", "rotate-audit"], 0, &["audit key replaced"]);
        assert_ne!(file_key(&inst), second);
        inst.check(&["user", "list"], 0, &["bruno"]);
        expect(&inst.run(&["keys", "verify"]), 0, &["ok, "]);
        expect(&inst.run(&["audit", "verify"]), 0, &["ok, "]);

        // An entry from before the first rotation is altered: verify names it.
        let store = inst.store().await;
        vigie_testkit::forge_audit(
            &store,
            "UPDATE audit_log SET detail = 'tampered' WHERE seq = 3",
        )
        .await;
        store.close().await;
        verify_fails(&inst, "3");
        inst.drop_db().await;
    }
}

#[tokio::test]
async fn the_database_cannot_choose_an_old_audit_key() {
    for rotated in [true, false] {
        for inst in Instance::all_initialised().await {
            inst.check(&["audit", "checkpoint"], 0, &[]);
            if rotated {
                inst.check(&["keys", "rotate-audit"], 0, &[]);
            }
            expect(&inst.run(&["audit", "verify"]), 0, &["ok, "]);
            let trusted = file_key(&inst);

            // Whoever writes the database appends a rotation from a key of their own to the real
            // one, so that checkpoints they sign would pass for the old ones: no checkpoint of the
            // key file's key covers it, and verify refuses.
            let forged = AuditSigner::generate().verifying_key_bytes();
            let detail = vigie_vault::audit_rotation::rotation_detail(&forged, &trusted);
            append_as_db_writer(&inst, "audit_key_rotated", detail).await;
            verify_fails(&inst, "rotation");
            inst.drop_db().await;
        }
    }
    for inst in Instance::all_initialised().await {
        inst.check(&["keys", "rotate-audit"], 0, &[]);
        // The database's copy of the public key replaced by one of their own: verify trusts the key
        // file, and says the two differ.
        let forged = AuditSigner::generate().verifying_key_bytes();
        let store = inst.store().await;
        let sql = if store.backend_name() == "sqlite" {
            format!(
                "UPDATE instance SET audit_public_key = X'{}'",
                hex::encode(forged)
            )
        } else {
            format!(
                "UPDATE instance SET audit_public_key = '\\x{}'::bytea",
                hex::encode(forged)
            )
        };
        store
            .raw_execute_for_tests(Box::leak(sql.into_boxed_str()))
            .await
            .unwrap();
        store.close().await;
        let o = inst.run(&["audit", "verify"]);
        assert_ne!(o.status.code(), Some(0));
        let out = expect(
            &o,
            o.status.code().unwrap(),
            &["does not belong to this database"],
        );
        assert!(!out.contains("ok, "), "{out}");
        inst.drop_db().await;
    }
}
