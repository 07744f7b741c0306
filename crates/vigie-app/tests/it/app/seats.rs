//! Who sits in report teams: handlers only; an admin outside a team adds members without its key;
//! the escrow key passes the history on; a change of roles drops the seats the new roles may not hold.

use vigie_app::{AppError, Joined, TeamKeySource};
use vigie_domain::{AuditActor, Role, RoleSet};
use vigie_store::{RolesChanged, TeamSlot};
use vigie_vault::EscrowSecret;

use super::user;
use crate::common::{each_app, each_env, held_team_slots, new_team, team_generation};

#[tokio::test]
async fn report_teams_take_handlers_only_and_admins_need_no_seat() {
    each_app(async |app| {
        let (h, _) = user(app, "hugo", Role::Handler).await;
        let (i, _) = user(app, "ines", Role::Handler).await;
        user(app, "carla", Role::Custodian).await;
        user(app, "anais", Role::Analyst).await;

        // The default team starts empty: the first admin holds no seat in it.
        let default = app.store().default_team().await.unwrap().unwrap();
        assert!(app.store().team_members(default).await.unwrap().is_empty());

        for who in ["carla", "anais", "admin"] {
            let e = app
                .create_team(AuditActor::Cli, "Équipe test", &[who.into()])
                .await
                .unwrap_err();
            assert!(
                matches!(&e, AppError::Invalid(m) if m.contains("handlers only")),
                "{who}: {e:?}"
            );
        }
        let team = new_team(app, "Équipe test", &["hugo"]).await;
        let e = app
            .add_team_member(AuditActor::Cli, TeamKeySource::None, "Équipe test", "carla")
            .await
            .unwrap_err();
        assert!(
            matches!(&e, AppError::Invalid(m) if m.contains("handlers only")),
            "{e:?}"
        );

        // An admin outside the team adds ines: a new generation for hugo and ines, none of the past
        // for her.
        let joined = app
            .add_team_member(AuditActor::Cli, TeamKeySource::None, "Équipe test", "ines")
            .await
            .unwrap();
        assert_eq!(joined, Joined::FromNow);
        let gens = |slots: Vec<(i64, Vec<u8>)>| slots.iter().map(|(g, _)| *g).collect::<Vec<_>>();
        assert_eq!(gens(held_team_slots(app, team, h).await), [1, 2]);
        assert_eq!(gens(held_team_slots(app, team, i).await), [2]);
        assert_eq!(
            gens(
                app.store()
                    .team_slots(team, TeamSlot::ESCROW)
                    .await
                    .unwrap()
            ),
            [1, 2]
        );
        assert!(matches!(
            app.add_team_member(AuditActor::Cli, TeamKeySource::None, "Équipe test", "ines")
                .await,
            Err(AppError::Exists(_))
        ));
        app.verify_audit().await.unwrap().unwrap();
    })
    .await;
}

#[tokio::test]
async fn the_escrow_key_passes_the_history_on_and_a_foreign_one_is_refused() {
    each_env(async |env| {
        let app = &env.app;
        let (j, _) = user(app, "jules", Role::Handler).await;
        user(app, "hugo", Role::Handler).await;
        let team = new_team(app, "Équipe test", &["hugo"]).await;
        // jules joins "Équipe test" by the CLI, the history re-wrapped with `escrow`.
        let jules_joins = async |escrow: &EscrowSecret| {
            let source = TeamKeySource::Escrow(escrow);
            app.add_team_member(AuditActor::Cli, source, "Équipe test", "jules")
                .await
        };
        let (foreign, _) = EscrowSecret::generate();
        let e = jules_joins(&foreign).await.unwrap_err();
        assert!(
            matches!(&e, AppError::Invalid(m) if m.contains("escrow")),
            "{e:?}"
        );
        assert!(!app.store().team_members(team).await.unwrap().contains(&j));

        let escrow = EscrowSecret::parse_printable(crate::common::escrow(env)).unwrap();
        let joined = jules_joins(&escrow).await.unwrap();
        assert_eq!(joined, Joined::WithHistory);
        let slots = held_team_slots(app, team, j).await;
        assert_eq!(slots.len(), 1, "generation 1, re-wrapped: no rotation");
        assert_eq!(team_generation(app, "Équipe test").await, 1);
    })
    .await;
}

/// Gives hugo exactly `roles`, from the command line.
async fn hugo_becomes(app: &vigie_app::App, roles: &[Role]) -> vigie_app::Result<RolesChanged> {
    app.set_roles(AuditActor::Cli, "hugo", RoleSet::of(roles))
        .await
}

#[tokio::test]
async fn losing_the_handler_role_leaves_every_team_and_rotates_it() {
    each_app(async |app| {
        let (h, _) = user(app, "hugo", Role::Handler).await;
        let (i, _) = user(app, "ines", Role::Handler).await;
        let team = new_team(app, "Équipe test", &["hugo", "ines"]).await;

        // Still a handler: nothing dropped.
        let kept = hugo_becomes(app, &[Role::Handler, Role::Custodian])
            .await
            .unwrap();
        assert!(kept.left_teams.is_empty());
        assert!(app.store().team_members(team).await.unwrap().contains(&h));

        let dropped = hugo_becomes(app, &[Role::Analyst]).await.unwrap();
        assert_eq!(dropped.left_teams, [team]);
        assert_eq!(app.store().team_members(team).await.unwrap(), [i]);
        assert!(held_team_slots(app, team, h).await.is_empty());
        assert_eq!(
            team_generation(app, "Équipe test").await,
            2,
            "the team key was rotated"
        );
        // Back to handler: no seat comes back by itself.
        hugo_becomes(app, &[Role::Handler]).await.unwrap();
        assert_eq!(app.store().team_members(team).await.unwrap(), [i]);
        let kinds: Vec<String> = app
            .store()
            .audit_chain()
            .await
            .unwrap()
            .into_iter()
            .map(|e| format!("{} {}", e.kind, e.object))
            .collect();
        assert!(
            kinds.contains(&format!("team_member_removed team:{team}")),
            "{kinds:?}"
        );
        assert!(app.verify_keys().await.unwrap().problems.is_empty());
        app.verify_audit().await.unwrap().unwrap();
    })
    .await;
}

/// Makes the database refuse audit entries of `kind` (a trigger), so that a change whose entry
/// cannot be written shows whether it committed anyway.
async fn refuse_audit_entries(store: &vigie_store::Store, kind: &str) {
    let statements: Vec<String> = if store.backend_name() == "sqlite" {
        vec![format!(
            "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log WHEN NEW.kind = '{kind}' \
             BEGIN SELECT RAISE(ABORT, 'audit refused'); END"
        )]
    } else {
        vec![
            format!(
                "CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
                 IF NEW.kind = '{kind}' THEN RAISE EXCEPTION 'audit refused'; END IF; \
                 RETURN NEW; END $$"
            ),
            "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log FOR EACH ROW \
             EXECUTE FUNCTION refuse_audit()"
                .to_owned(),
        ]
    };
    for sql in statements {
        store
            .raw_execute_for_tests(Box::leak(sql.into_boxed_str()))
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn a_change_whose_audit_entry_cannot_be_written_does_not_happen() {
    each_app(async |app| {
        let (h, _) = user(app, "hugo", Role::Handler).await;
        let team = new_team(app, "Équipe test", &["hugo"]).await;
        refuse_audit_entries(app.store(), "roles_changed").await;
        hugo_becomes(app, &[Role::Analyst]).await.unwrap_err();
        let hugo = app.store().user_by_id(h).await.unwrap().unwrap();
        assert_eq!(hugo.roles, RoleSet::of(&[Role::Handler]), "roles unchanged");
        assert_eq!(app.store().team_members(team).await.unwrap(), [h]);
        assert_eq!(
            team_generation(app, "Équipe test").await,
            1,
            "no rotation either"
        );
        // Everything else still records and changes.
        hugo_becomes(app, &[Role::Handler]).await.unwrap_err();
        user(app, "ines", Role::Handler).await;
        app.add_team_member(AuditActor::Cli, TeamKeySource::None, "Équipe test", "ines")
            .await
            .unwrap();
        assert_eq!(app.store().team_members(team).await.unwrap().len(), 2);
        assert!(app.verify_keys().await.unwrap().problems.is_empty());
        app.verify_audit().await.unwrap().unwrap();
    })
    .await;
}
