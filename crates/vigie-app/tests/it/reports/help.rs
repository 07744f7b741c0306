//! Help requests (what `/aide` files): sealed for a casework team of caseworkers only, opened with
//! their follow-up code, never reachable by a report action, and never sealed for a team whose
//! checked kind is not casework, whatever the database says.

use vigie_app::reports::{Sent, Writing};
use vigie_app::{App, AppError};
use vigie_domain::help::{Channel, HelpForm, Need, validate_help};
use vigie_domain::report::ReportStatus;
use vigie_domain::{AuditActor, Role};
use vigie_vault::Receipt;

use super::{form, nord_team, open_as, refresh, report_id, staff, submit, team};
use crate::common::{each_app, each_env};

/// A request from a relative who may be called, with a code word.
fn call_me(message: &str) -> HelpForm {
    HelpForm {
        asker: "family".into(),
        needs: vec!["psychological".into(), "housing".into()],
        urgency: "this_week".into(),
        message: message.into(),
        channel: "phone".into(),
        contact: "06 12 34 56 78".into(),
        safe_times: "après 18 h".into(),
        code_word: "CODEWORD-CANARY".into(),
        ..HelpForm::default()
    }
}

async fn ask(app: &App, form: &HelpForm) -> Result<Receipt, AppError> {
    let request = validate_help(form, &app.settings().areas, 0).unwrap();
    app.submit_help_request(request).await.map(|d| d.receipt)
}

#[tokio::test]
async fn a_help_request_reaches_the_casework_team_and_its_code_opens_it() {
    each_app(async |app| {
        assert!(matches!(
            ask(app, &call_me("Avant l'équipe.")).await,
            Err(AppError::NoHelpTeam)
        ));
        let mut cass = staff(app, "cass", Role::Caseworker).await;
        let hana = staff(app, "hana", Role::Handler).await;
        let mut carl = staff(app, "carl", Role::Caseworker).await;
        // Each kind of team takes its own role only.
        let refused = app
            .create_help_team(AuditActor::Cli, "Accompagnement", &["hana".into()])
            .await;
        assert!(
            matches!(refused, Err(AppError::Invalid(m)) if m.contains("casework teams take caseworkers"))
        );
        let refused = app
            .create_team(AuditActor::Cli, "Signalements", &["cass".into()])
            .await;
        assert!(
            matches!(refused, Err(AppError::Invalid(m)) if m.contains("report teams take handlers"))
        );
        app.create_help_team(AuditActor::Cli, "Accompagnement", &["cass".into()])
            .await
            .unwrap();
        team(app, "Nord", &["hana"]).await;
        let refused = app
            .add_team_member(
                AuditActor::Cli,
                vigie_app::TeamKeySource::None,
                "Accompagnement",
                "hana",
            )
            .await;
        assert!(matches!(refused, Err(AppError::Invalid(_))), "{refused:?}");

        let receipt = ask(app, &call_me("Mon frère a été menacé.")).await.unwrap();
        let cookie = app.receipt_login(&receipt.display()).await.unwrap();
        let person = app.resume_reporter(&cookie).await.unwrap();
        let view = app.reporter_view(&person).await.unwrap();
        let Sent::Help(content) = &view.content else {
            panic!("a help request opens as one: {:?}", view.content);
        };
        assert_eq!(content.needs, vec![Need::Psychological, Need::Housing]);
        assert_eq!(content.channel, Channel::Phone);
        assert_eq!(view.content.text(), "Mon frère a été menacé.");
        // Whoever holds the code reads what they asked, never how to reach them or their code word.
        let shown = format!("{view:?}");
        assert!(
            !shown.contains("CODEWORD-CANARY") && !shown.contains("06 12 34"),
            "{shown}"
        );
        // The person writes to the team through the same conversation.
        app.reporter_reply(&person, "Je préfère le soir.", Vec::new())
            .await
            .unwrap();

        // The team's caseworker lists it, reads it with the way to call, and answers.
        refresh(app, &mut cass).await;
        let listed = app
            .help_inbox(&cass.principal, &Default::default())
            .await
            .unwrap();
        assert_eq!(listed.total, 1);
        let id = listed.items[0].id;
        let opened = app
            .open_help_request(&cass.principal, &cass.secret, id)
            .await
            .unwrap();
        assert_eq!(
            opened.content.needs,
            vec![Need::Psychological, Need::Housing]
        );
        let contact = opened.contact.expect("the channel, for the team");
        assert_eq!(contact.code_word.as_deref(), Some("CODEWORD-CANARY"));
        assert_eq!(opened.messages.len(), 1);
        cass.write(app, id, "Nous vous appelons ce soir.", Writing::ReplyToAsker).await;
        let view = app.reporter_view(&person).await.unwrap();
        assert!(
            view.messages
                .iter()
                .any(|m| !m.from_reporter && m.text == "Nous vous appelons ce soir.")
        );

        // A handler is refused by role; a caseworker outside the team by audience; both audited.
        assert!(matches!(
            app.help_inbox(&hana.principal, &Default::default()).await,
            Err(AppError::Denied(_))
        ));
        assert!(matches!(
            app.open_help_request(&hana.principal, &hana.secret, id)
                .await,
            Err(AppError::Denied(_))
        ));
        refresh(app, &mut carl).await;
        assert!(matches!(
            app.open_help_request(&carl.principal, &carl.secret, id)
                .await,
            Err(AppError::Denied(_))
        ));
        assert_eq!(
            app.help_inbox(&carl.principal, &Default::default())
                .await
                .unwrap()
                .total,
            0
        );
    })
    .await;
}

#[tokio::test]
async fn the_database_cannot_send_a_help_request_to_handlers() {
    each_app(async |app| {
        let _cass = staff(app, "cass", Role::Caseworker).await;
        let _hana = staff(app, "hana", Role::Handler).await;
        let help = app
            .create_help_team(AuditActor::Cli, "Accompagnement", &["cass".into()])
            .await
            .unwrap();
        let nord = team(app, "Nord", &["hana"]).await;
        ask(app, &call_me("Premier.")).await.unwrap();

        // The instance row now names the handlers' team: nothing is sealed for it.
        app.store().set_help_team(nord).await.unwrap();
        let refused = ask(app, &call_me("Second.")).await;
        assert!(
            matches!(refused, Err(AppError::Integrity(m)) if m.contains("not a casework team"))
        );

        // The handlers' team row now says casework: its key generations no longer check.
        app.store()
            .raw_execute_for_tests("UPDATE teams SET kind = 'casework' WHERE name = 'Nord'")
            .await
            .unwrap();
        assert!(matches!(
            ask(app, &call_me("Troisième.")).await,
            Err(AppError::Integrity(_))
        ));
        app.store()
            .raw_execute_for_tests("UPDATE teams SET kind = 'report' WHERE name = 'Nord'")
            .await
            .unwrap();
        app.store().set_help_team(help).await.unwrap();
        ask(app, &call_me("Quatrième.")).await.unwrap();
    })
    .await;
}

#[tokio::test]
async fn a_caseworker_who_loses_the_role_leaves_the_casework_team_only() {
    each_app(async |app| {
        let both = vigie_app::NewAccount {
            username: "bea".into(),
            roles: vigie_domain::RoleSet::of(&[Role::Caseworker, Role::Handler]),
            contact: None,
        };
        let (bea, _) = app.create_user(AuditActor::Cli, &both).await.unwrap();
        let help = app
            .create_help_team(AuditActor::Cli, "Accompagnement", &["bea".into()])
            .await
            .unwrap();
        let nord = team(app, "Nord", &["bea"]).await;
        app.set_roles(
            AuditActor::Cli,
            "bea",
            vigie_domain::RoleSet::of(&[Role::Handler]),
        )
        .await
        .unwrap();
        assert_eq!(app.store().teams_of(bea).await.unwrap(), vec![nord]);
        assert!(!app.store().team_members(help).await.unwrap().contains(&bea));
    })
    .await;
}

#[tokio::test]
async fn a_help_request_row_is_out_of_every_report_action() {
    each_app(async |app| {
        let (hana, _) = nord_team(app).await;
        submit(app, app.new_report_draft(), &form("Texte.")).await;
        let id = report_id(app, &hana).await;
        open_as(app, &hana, id).await;

        // The database writer's view of a help request: the same keys, another kind.
        app.store()
            .raw_execute_for_tests(
                "UPDATE reports SET kind = 'help', asker = 'victim', urgency = 'today'",
            )
            .await
            .unwrap();
        let page = app
            .inbox(&hana.principal, &Default::default())
            .await
            .unwrap();
        assert!(
            page.items.is_empty(),
            "a handler's inbox lists reports only"
        );
        assert!(matches!(
            app.open_report(&hana.principal, &hana.secret, id).await,
            Err(AppError::NoReport)
        ));
        assert!(matches!(
            app.set_report_status(&hana.principal, id, ReportStatus::Closed)
                .await,
            Err(AppError::NoReport)
        ));
    })
    .await;
}

#[tokio::test]
async fn what_a_person_asking_for_help_writes_never_reaches_the_disk_in_clear() {
    each_env(async |env| {
        let app = &env.app;
        let _cass = staff(app, "cass", Role::Caseworker).await;
        app.create_help_team(AuditActor::Cli, "Accompagnement", &["cass".into()])
            .await
            .unwrap();
        let c = |what: &str| format!("canari-{what}-{}", uuid::Uuid::new_v4().simple());
        let (message, contact, safe_times, code_word, reply) = (
            c("message"),
            c("contact"),
            c("heures"),
            c("mot"),
            c("reponse"),
        );
        let form = HelpForm {
            message: message.clone(),
            contact: contact.clone(),
            safe_times: safe_times.clone(),
            code_word: code_word.clone(),
            ..call_me("")
        };
        let receipt = ask(app, &form).await.unwrap();
        let cookie = app.receipt_login(receipt.as_str()).await.unwrap();
        let person = app.resume_reporter(&cookie).await.unwrap();
        app.reporter_reply(&person, &reply, Vec::new())
            .await
            .unwrap();

        let mut canaries = vigie_testkit::canary::Canaries::new();
        for (what, secret) in [
            ("message", &message),
            ("contact", &contact),
            ("safe times", &safe_times),
            ("code word", &code_word),
            ("reply", &reply),
            ("follow-up code", &receipt.as_str().to_owned()),
        ] {
            canaries.add(what, secret);
        }
        canaries.assert_absent(&env.evidence());
    })
    .await;
}
