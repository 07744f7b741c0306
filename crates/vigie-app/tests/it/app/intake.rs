//! A new report reads the key directory and its routing in one statement (issue 15): the same rows
//! as the statements it replaced, and the same refusals when whoever writes the database forges a
//! row. On both backends.

#![allow(clippy::panic)]

use vigie_app::{App, AppError};
use vigie_domain::report::{Category, ReportForm, validate_report};
use vigie_domain::time::paris_day;
use vigie_domain::{AuditActor, Role, TeamId};
use vigie_store::{KeySlotRow, Store, UserKeyRecord};

use super::integrity::{bytes, sql};
use crate::common::{account, each_env, new_team};

/// Files a text-only report in the 3rd arrondissement, with an identity (wrapped for the
/// custodians).
async fn file(app: &App) -> Result<vigie_app::reports::Submitted, AppError> {
    let (category, district) = ("deal_point".to_owned(), "13203".to_owned());
    let text = "Un point de deal imaginaire.".to_owned();
    let identity = "Une voisine".to_owned();
    let now = app.clock().now();
    let report = validate_report(
        &ReportForm {
            category,
            district,
            text,
            identity,
            ..ReportForm::default()
        },
        &app.settings().areas,
        paris_day(now),
        now.timestamp(),
    )
    .expect("valid form");
    app.submit_report(app.new_report_draft(), report).await
}

/// Handlers `zoe` and `amine`, and the team `Nord` holding both.
async fn nord(app: &App) -> TeamId {
    for name in ["zoe", "amine"] {
        account(app, name, &[Role::Handler], None).await;
    }
    new_team(app, "Nord", &["zoe", "amine"]).await
}

#[tokio::test]
async fn the_one_read_returns_the_rows_read_one_by_one() {
    each_env(async |env| {
        let app = &env.app;
        let nord = nord(app).await;
        account(app, "carla", &[Role::Custodian], None).await;
        new_team(app, "Assistance", &["amine"]).await;
        // A second generation of Nord's key.
        app.remove_team_member(AuditActor::Cli, "Nord", "zoe")
            .await
            .unwrap();
        app.disable_user(AuditActor::Cli, "carla").await.unwrap();
        for (category, district) in [
            (Some(Category::DealPoint), Some("13203")),
            (None, Some("13201")),
            (Some(Category::Threats), None),
        ] {
            app.add_routing_rule(AuditActor::Cli, category, district, nord)
                .await
                .unwrap();
        }

        let s = app.store();
        let (dir, routing) = s.directory_and_routing().await.unwrap();
        let users: Vec<UserKeyRecord> = s
            .list_users()
            .await
            .unwrap()
            .iter()
            .map(Into::into)
            .collect();
        assert_eq!(dir.users, users);
        assert_eq!(routing.teams, s.list_teams().await.unwrap());
        assert_eq!(routing.rules, s.routing_rules().await.unwrap());
        assert_eq!(routing.rules.len(), 3);
        assert_eq!(routing.default_team, s.default_team().await.unwrap());
        let instance = s.instance().await.unwrap().unwrap();
        assert_eq!(
            dir.escrow,
            (instance.escrow_public_key, instance.directory_mac)
        );
        let mut teams: Vec<_> = routing
            .teams
            .iter()
            .map(|t| (t.id, t.generation, t.public_key.clone()))
            .collect();
        teams.sort_by_key(|(id, _, _)| id.to_string());
        assert_eq!(dir.teams, teams);
        // Memberships and key generations, team by team (every generation is kept).
        let (mut members, mut generations) = (Vec::new(), Vec::new());
        for t in &routing.teams {
            let of_team = s.team_members(t.id).await.unwrap();
            members.extend(of_team.into_iter().map(|u| (t.id, u)));
            generations.extend((1..=t.generation).map(|g| (t.id, g)));
        }
        members.sort();
        generations.sort();
        let read: Vec<_> = dir.members.iter().map(|m| (m.team, m.user)).collect();
        assert_eq!(read, members);
        let read: Vec<_> = dir
            .team_keys
            .iter()
            .map(|k| (k.team, k.generation))
            .collect();
        assert_eq!(read, generations);
        assert_eq!(dir, s.directory_rows().await.unwrap());
        // The whole directory checks, and routing follows the rules.
        assert!(app.verify_keys().await.unwrap().problems.is_empty());
        let routed = app
            .route_report(Category::DealPoint, "13203")
            .await
            .unwrap();
        assert_eq!(routed.id, nord);
    })
    .await;
}

#[tokio::test]
async fn a_new_report_is_wrapped_for_the_current_members_only() {
    each_env(async |env| {
        let app = &env.app;
        let nord = nord(app).await;
        app.set_default_team(AuditActor::Cli, nord).await.unwrap();
        file(app).await.unwrap();
        app.remove_team_member(AuditActor::Cli, "Nord", "zoe")
            .await
            .unwrap();
        file(app).await.unwrap();
        let s = app.store();
        let generation = s.team_by_name("Nord").await.unwrap().unwrap().generation;
        assert_eq!(generation, 2);
        let mut held = Vec::new();
        for (report, _, _) in s.reporter_keys().await.unwrap() {
            let slots = s.report_slots(report, "conversation").await.unwrap();
            let mut team: Vec<i64> = slots
                .iter()
                .filter(|k| k.holder == KeySlotRow::team_holder(nord))
                .map(|k| k.holder_generation)
                .collect();
            team.sort();
            held.push(team);
        }
        held.sort();
        // The report filed after zoe left is wrapped for the generation she never held, and for
        // it only (the rotation re-wrapped the earlier report for the members who stay).
        assert_eq!(held, vec![vec![1, 2], vec![2]]);
    })
    .await;
}

/// SQL run as whoever writes the database, given the store and the team `Nord`.
type Forgery = fn(&Store, TeamId) -> String;

/// A public key nobody holds, as an SQL literal.
fn planted(s: &Store) -> String {
    bytes(s, &[9; 32])
}

#[tokio::test]
async fn a_forged_directory_row_refuses_a_new_report() {
    let forgeries: [Forgery; 4] = [
        |s, _| format!("UPDATE instance SET escrow_public_key = {}", planted(s)),
        |s, nord| {
            let key = planted(s);
            format!("UPDATE team_keys SET public_key = {key} WHERE team_id = '{nord}'")
        },
        |s, _| {
            let key = planted(s);
            format!("UPDATE users SET public_key = {key} WHERE username = 'admin'")
        },
        // A genuine membership's MAC copied onto another team.
        |_, nord| {
            format!(
                "INSERT INTO team_members (team_id, user_id, directory_mac) \
                 SELECT t.id, m.user_id, m.directory_mac FROM teams t, team_members m \
                 WHERE t.id <> '{nord}' AND m.team_id = '{nord}'"
            )
        },
    ];
    // Each on a fresh instance per backend whose default team `Nord` holds a handler and has
    // received a report: the next report is refused, and nothing of it is stored.
    for forgery in forgeries {
        each_env(async |env| {
            let app = &env.app;
            let nord = nord(app).await;
            app.set_default_team(AuditActor::Cli, nord).await.unwrap();
            file(app).await.unwrap();
            let s = app.store();
            let statement = forgery(s, nord);
            sql(s, statement.clone()).await;
            match file(app).await {
                Err(AppError::Integrity(_)) => {}
                Err(other) => panic!("refused for the wrong reason ({statement}): {other}"),
                Ok(_) => panic!("a forged directory was wrapped for ({statement})"),
            }
            assert_eq!(s.reporter_keys().await.unwrap().len(), 1);
        })
        .await;
    }
}
