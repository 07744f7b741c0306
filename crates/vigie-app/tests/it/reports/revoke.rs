//! Revoking a reader: their slots go, the report's keys get a new generation for everyone else, and
//! what is written afterwards is sealed under it; a change of roles or a departure does the same.

use vigie_app::AppError;
use vigie_app::reports::{Reader, Writing};
use vigie_domain::{AuditActor, Role, RoleSet};
use vigie_store::KeySlotRow;
use vigie_vault::Audience;

use super::{
    OneReport, form, grant_and_open, one_report, open_as, refresh, report_id, staff, submit, team,
};
use crate::common::each_app;

async fn generations(
    app: &vigie_app::App,
    id: vigie_domain::ReportId,
    holder: vigie_domain::KeyHolder,
) -> Vec<i64> {
    let mut out: Vec<i64> = app
        .store()
        .report_slots(id, Audience::Conversation.as_str())
        .await
        .unwrap()
        .into_iter()
        .filter(|s| s.holder == holder)
        .map(|s| s.key_generation)
        .collect();
    out.sort_unstable();
    out
}

// Long on purpose: one story per database, each step starting where the steps before left it.
#[tokio::test]
async fn a_revoked_reader_gets_nothing_written_after_and_the_others_carry_on() {
    each_app(async |app| {
        let OneReport {
            hana,
            nord,
            ines,
            receipt,
            id,
        } = one_report(app, "Avant.").await;
        grant_and_open(app, &hana, &ines, id).await;
        let view = open_as(app, &hana, id).await;
        assert_eq!(view.readers, [Reader::User(ines.principal.id)]);

        // The routed team cannot be revoked; a stranger holds nothing to revoke.
        let e = app
            .revoke_access(&hana.principal, id, Reader::Team(nord))
            .await
            .unwrap_err();
        assert!(
            matches!(&e, AppError::Invalid(m) if m.contains("routed")),
            "{e:?}"
        );
        let stranger = vigie_domain::UserId::random();
        assert!(matches!(
            app.revoke_access(&hana.principal, id, Reader::User(stranger))
                .await,
            Err(AppError::Invalid(_))
        ));

        app.revoke_access(&hana.principal, id, Reader::User(ines.principal.id))
            .await
            .unwrap();
        let ines_holder = KeySlotRow::user_holder(ines.principal.id);
        assert!(generations(app, id, ines_holder).await.is_empty());
        assert_eq!(
            generations(app, id, KeySlotRow::team_holder(nord)).await,
            [0, 1]
        );
        assert_eq!(generations(app, id, KeySlotRow::RECEIPT).await, [0, 1]);
        assert_eq!(generations(app, id, KeySlotRow::ESCROW).await, [0, 1]);
        let ines_p = app.principal(ines.principal.id).await.unwrap();
        assert!(matches!(
            app.open_report(&ines_p, &ines.secret, id).await,
            Err(AppError::Denied(_))
        ));

        // What comes next is sealed under generation 1; both sides read old and new.
        hana.write(app, id, "Après.", Writing::ReplyToReporter)
            .await;
        hana.write(app, id, "Note après.", Writing::Note).await;
        let parts = app.store().report_parts(id).await.unwrap();
        let last: Vec<i64> = parts
            .iter()
            .rev()
            .take(2)
            .map(|p| p.part.key_generation)
            .collect();
        assert_eq!(last, [1, 1]);
        let cookie = app.receipt_login(&receipt.display()).await.unwrap();
        let reporter = app.resume_reporter(&cookie).await.unwrap();
        let seen = app.reporter_view(&reporter).await.unwrap();
        assert_eq!(seen.content.text(), "Avant.");
        assert_eq!(seen.messages.last().unwrap().text, "Après.");
        app.reporter_reply(&reporter, "Réponse.", Vec::new())
            .await
            .unwrap();
        let view = open_as(app, &hana, id).await;
        assert_eq!(view.content.text, "Avant.");
        let texts: Vec<&str> = view.messages.iter().map(|m| m.text.as_str()).collect();
        assert_eq!(texts, ["Après.", "Réponse."]);
        assert_eq!(view.notes.last().unwrap().text, "Note après.");
        assert!(view.readers.is_empty());

        // A reader granted after the rotation gets every generation.
        app.grant_user(&hana.principal, &hana.secret, id, ines.principal.id)
            .await
            .unwrap();
        assert_eq!(generations(app, id, ines_holder).await, [0, 1]);

        let audit = app.store().audit_chain().await.unwrap();
        assert!(
            audit
                .iter()
                .any(|e| e.kind == "access_revoked" && e.detail == ines_holder.to_string()),
            "the revocation is audited"
        );
        app.verify_audit().await.unwrap().unwrap();
    })
    .await;
}

#[tokio::test]
async fn losing_the_handler_role_or_leaving_the_team_rotates_the_reports() {
    each_app(async |app| {
        let mut hana = staff(app, "hana", Role::Handler).await;
        let mut ines = staff(app, "ines", Role::Handler).await;
        let nord = team(app, "Nord", &["hana", "ines"]).await;
        refresh(app, &mut hana).await;
        refresh(app, &mut ines).await;
        submit(app, app.new_report_draft(), &form("Texte.")).await;
        let id = report_id(app, &hana).await;
        let ines_id = ines.principal.id;
        app.assign_report(&hana.principal, &hana.secret, id, Some(ines_id))
            .await
            .unwrap();
        let ines_holder = KeySlotRow::user_holder(ines_id);
        assert_eq!(generations(app, id, ines_holder).await, [0]);

        // ines becomes an analyst: out of the team, her own slots gone, the report rotated.
        let changed = app
            .set_roles(AuditActor::Cli, "ines", RoleSet::of(&[Role::Analyst]))
            .await
            .unwrap();
        assert_eq!(changed.left_teams, [nord]);
        assert_eq!(changed.reports, [id]);
        assert!(generations(app, id, ines_holder).await.is_empty());
        let team_gens = generations(app, id, KeySlotRow::team_holder(nord)).await;
        assert!(team_gens.len() >= 2, "{team_gens:?}");
        let newest = *team_gens.last().unwrap();
        // The newest generation is wrapped for the team's newest key, which ines never held.
        let slot = app
            .store()
            .report_slots(id, Audience::Conversation.as_str())
            .await
            .unwrap()
            .into_iter()
            .find(|s| s.holder == KeySlotRow::team_holder(nord) && s.key_generation == newest)
            .unwrap();
        let t = app.store().team_by_name("Nord").await.unwrap().unwrap();
        assert_eq!(slot.holder_generation, t.generation);
        assert!(
            app.store()
                .team_slots(nord, vigie_store::TeamSlot::user_holder(ines_id))
                .await
                .unwrap()
                .is_empty()
        );
        // hana carries on with old and new.
        hana.write(app, id, "Suite.", Writing::ReplyToReporter)
            .await;
        let view = open_as(app, &hana, id).await;
        assert_eq!(view.messages.last().unwrap().text, "Suite.");

        // hana leaves the team: the team's reports rotate once more.
        let before = generations(app, id, KeySlotRow::ESCROW).await;
        app.remove_team_member(AuditActor::Cli, "Nord", "hana")
            .await
            .unwrap();
        let after = generations(app, id, KeySlotRow::ESCROW).await;
        assert_eq!(after.len(), before.len() + 1);
        assert!(app.verify_keys().await.unwrap().problems.is_empty());
    })
    .await;
}

#[tokio::test]
async fn a_report_from_before_reporter_key_macs_keeps_its_conversation_key() {
    each_app(async |app| {
        let OneReport {
            hana,
            ines,
            receipt,
            id,
            ..
        } = one_report(app, "Ancien.").await;
        let sql = format!("UPDATE reports SET reporter_key_mac = NULL WHERE id = '{id}'");
        app.store()
            .raw_execute_for_tests(Box::leak(sql.into_boxed_str()))
            .await
            .unwrap();
        app.grant_user(&hana.principal, &hana.secret, id, ines.principal.id)
            .await
            .unwrap();
        app.revoke_access(&hana.principal, id, Reader::User(ines.principal.id))
            .await
            .unwrap();
        assert_eq!(generations(app, id, KeySlotRow::RECEIPT).await, [0]);
        assert!(
            generations(app, id, KeySlotRow::user_holder(ines.principal.id))
                .await
                .is_empty()
        );
        let internal: Vec<i64> = app
            .store()
            .report_slots(id, Audience::Internal.as_str())
            .await
            .unwrap()
            .into_iter()
            .map(|s| s.key_generation)
            .collect();
        assert!(
            internal.contains(&1),
            "the notes' key rotated: {internal:?}"
        );
        // The reporter still reads and writes.
        let cookie = app.receipt_login(&receipt.display()).await.unwrap();
        let reporter = app.resume_reporter(&cookie).await.unwrap();
        app.reporter_reply(&reporter, "Toujours là.", Vec::new())
            .await
            .unwrap();
        let view = open_as(app, &hana, id).await;
        assert_eq!(view.messages.last().unwrap().text, "Toujours là.");
    })
    .await;
}
