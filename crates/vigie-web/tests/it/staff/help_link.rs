//! A reporter put in touch with the casework team (issue 11, item 2) over HTTP, on both databases:
//! the reporter chooses texts at `/suivi/accompagnement` (none checked for them) and consents, may
//! cancel; a handler of the report transmits the request; a caseworker of the casework team reads
//! the chosen texts, and only those, in a new help request, and is refused the report; the reporter
//! finds the new code on their next visit (never on the handler's pages) and it opens the help
//! request at `/suivi`. Every new form refuses a missing or foreign token.

use reqwest::StatusCode;
use vigie_domain::ReportId;
use vigie_domain::report::ReportKind;
use vigie_domain::{AuditActor, Role};
use vigie_testkit::assert_shows;
use vigie_testkit::instance::all_of_kind;

use crate::staff::reports::form;
use crate::staff::{
    CookieClient, Server, assert_newest_on, between, form_token, handler_team, location, servers,
    signed_in,
};

/// The follow-up cookie.
const FOLLOW_COOKIE: &str = "vigie_suivi";

/// What the report says: never chosen below.
pub(crate) const REPORT_TEXT: &str = "Ils guettent devant le hall B tous les soirs.";
/// The handler's question: chosen.
pub(crate) const TEAM_QUESTION: &str = "Vous sentez-vous en sécurité chez vous ?";
/// The reporter's message chosen for the casework team.
pub(crate) const CHOSEN: &str = "Mon fils est menacé depuis son refus de guetter.";
/// The reporter's message left out.
pub(crate) const NOT_CHOSEN: &str = "Ils cachent la marchandise dans la cave 12.";

/// The casework team help requests reach ("Accompagnement"), of one caseworker, `cass`; their
/// one-time password.
pub(crate) async fn casework_team(s: &Server) -> String {
    let password = s.user("cass", &[Role::Caseworker]).await;
    s.app
        .create_help_team(AuditActor::Cli, "Accompagnement", &["cass".to_owned()])
        .await
        .unwrap();
    password
}

/// A report filed through the app (as `/signaler` files it), with its follow-up code as shown.
pub(crate) async fn file(s: &Server, text: &str) -> (ReportId, String) {
    let app = &s.app;
    let today = vigie_domain::time::paris_day(app.clock().now());
    let report = vigie_domain::report::validate_report(
        &form("threats", "13201", text),
        &app.settings().areas,
        today,
        app.clock().unix(),
    )
    .unwrap();
    let sent = app
        .submit_report(app.new_report_draft(), report)
        .await
        .unwrap();
    let id = vigie_testkit::all_reports(app).await[0].id;
    (id, sent.receipt.display())
}

/// A browser following with `code` at `/suivi`.
pub(crate) async fn follow(s: &Server, code: &str) -> CookieClient {
    let mut b = CookieClient::keeping(&s.base, FOLLOW_COOKIE);
    let to = b.submit_see_other("/suivi", &[("receipt", code)]).await;
    assert_eq!(to, "/suivi");
    b
}

/// The reporter writes to the team from `/suivi`.
pub(crate) async fn write(b: &mut CookieClient, text: &str) {
    let (_, _, page) = b.get("/suivi").await;
    let token = form_token(&page, "/suivi/repondre");
    let form = reqwest::multipart::Form::new()
        .text("csrf", token)
        .text("message", text.to_owned());
    let (status, _, page) = b.post_multipart("/suivi/repondre", form).await;
    assert_eq!(status, StatusCode::OK, "{page}");
}

/// The handler writes to the reporter from the report's page.
pub(crate) async fn answer(hana: &mut CookieClient, id: ReportId, text: &str) {
    let action = format!("/espace/signalements/{id}/reponse");
    let (_, _, page) = hana.get(&format!("/espace/signalements/{id}")).await;
    let token = form_token(&page, &action);
    let to = hana
        .post_see_other(&action, &[("csrf", &token), ("text", text)])
        .await;
    assert_eq!(to, format!("/espace/signalements/{id}?fait=reponse"));
}

/// The value of the checkbox that chooses `text` on the form's page.
fn choice_for(page: &str, text: &str) -> String {
    let item = page
        .split("<div class=\"field-check\">")
        .find(|c| c.contains(text))
        .unwrap_or_else(|| panic!("no choice for {text}: {page}"));
    between(item, "value=\"", "\"")
}

/// The reporter asks to be put in touch, sharing `chosen`; the status and the page answered.
pub(crate) async fn ask(b: &mut CookieClient, chosen: &[&str]) -> (StatusCode, String) {
    let page = b.get_ok("/suivi/accompagnement").await;
    assert!(
        !page.contains(" checked"),
        "nothing is checked for them: {page}"
    );
    let token = form_token(&page, "/suivi/accompagnement");
    let values: Vec<String> = chosen.iter().map(|t| choice_for(&page, t)).collect();
    let mut fields = vec![
        ("csrf", token.as_str()),
        ("asker", "family"),
        ("needs", "psychological"),
        ("needs", "legal"),
        ("urgency", "this_week"),
        ("consent", "oui"),
    ];
    fields.extend(values.iter().map(|v| ("chosen", v.as_str())));
    let (status, _, page) = b.post("/suivi/accompagnement", &fields).await;
    (status, page)
}

/// The handler transmits the request of report `id` (with the token the page's forms share: a
/// request no longer waiting has no button); the redirect's target, or the page answered.
pub(crate) async fn transmit(hana: &mut CookieClient, id: ReportId) -> (StatusCode, String) {
    let path = format!("/espace/signalements/{id}");
    let (_, _, page) = hana.get(&path).await;
    let token = form_token(&page, &format!("{path}/reponse"));
    let (status, headers, page) = hana
        .post(&format!("{path}/accompagnement"), &[("csrf", &token)])
        .await;
    if status == StatusCode::SEE_OTHER {
        (status, location(&headers))
    } else {
        (status, page)
    }
}

/// The help request's code as the reporter's page shows it.
pub(crate) fn shown_code(page: &str) -> String {
    between(page, "id=\"help-code\" dir=\"ltr\">", "</p>")
}

/// Posts `fields` to the reporter's form `path` with `b`'s token of `/suivi` (`None`: no token).
async fn post_follow(
    b: &mut CookieClient,
    path: &str,
    token: Option<&str>,
) -> (StatusCode, String) {
    let fields: Vec<(&str, &str)> = token.map(|t| vec![("csrf", t)]).unwrap_or_default();
    let (status, _, page) = b.post(path, &fields).await;
    (status, page)
}

#[tokio::test]
async fn a_reporter_is_put_in_touch_with_the_casework_team_with_the_texts_they_chose() {
    for s in servers().await {
        let (mut hana, _) = handler_team(&s, "hana").await;
        let (id, receipt) = file(&s, REPORT_TEXT).await;
        let mut reporter = follow(&s, &receipt).await;
        // Without a casework team, nothing is offered.
        let (_, _, page) = reporter.get("/suivi").await;
        assert!(!page.contains("/suivi/accompagnement"), "{page}");
        let (status, headers, _) = reporter.get("/suivi/accompagnement").await;
        assert_eq!(
            (status, location(&headers)),
            (StatusCode::SEE_OTHER, "/suivi".to_owned())
        );

        let cass_pw = casework_team(&s).await;
        answer(&mut hana, id, TEAM_QUESTION).await;
        write(&mut reporter, CHOSEN).await;
        write(&mut reporter, NOT_CHOSEN).await;
        let (_, _, page) = reporter.get("/suivi").await;
        assert!(page.contains("href=\"/suivi/accompagnement\""), "{page}");
        let token = form_token(&page, "/suivi/repondre");

        // The form exists in Arabic, right to left.
        let ar = reporter.get_ok("/ar/suivi/accompagnement").await;
        assert_shows(&ar, &["lang=\"ar\"", "dir=\"rtl\"", "فريق المرافقة"]);

        // Tokens: none, forged, or another session's are refused; nothing is recorded.
        let mut other = follow(&s, &receipt).await;
        let (_, _, elsewhere) = other.get("/suivi").await;
        let foreign = form_token(&elsewhere, "/suivi/repondre");
        for path in [
            "/suivi/accompagnement",
            "/suivi/accompagnement/annuler",
            "/suivi/accompagnement/code",
        ] {
            for bad in [None, Some("forged"), Some(foreign.as_str())] {
                let (status, _) = post_follow(&mut reporter, path, bad).await;
                assert_eq!(status, StatusCode::FORBIDDEN, "{path} with {bad:?}");
            }
        }
        assert_eq!(
            s.app.store().report(id).await.unwrap().unwrap().help_link,
            None
        );

        // Nothing chosen, no consent: the form again, each error beside its field.
        let (status, again) =
            post_follow(&mut reporter, "/suivi/accompagnement", Some(&token)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{again}");
        assert_shows(
            &again,
            &[
                "Cochez au moins un texte",
                "Cochez cette case",
                r#"aria-invalid="true""#,
            ],
        );

        // Asked, cancelled, asked again.
        let (status, page) = ask(&mut reporter, &[TEAM_QUESTION, CHOSEN]).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert!(page.contains("Votre demande est enregistrée"), "{page}");
        let (status, page) =
            post_follow(&mut reporter, "/suivi/accompagnement/annuler", Some(&token)).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert!(page.contains("rien n&#39;a été transmis"), "{page}");
        let (_, _, handler_page) = hana.get(&format!("/espace/signalements/{id}")).await;
        assert!(
            !handler_page.contains("/accompagnement\""),
            "{handler_page}"
        );
        let (status, page) = ask(&mut reporter, &[TEAM_QUESTION, CHOSEN]).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert!(
            page.contains("Annuler ma demande de mise en relation"),
            "{page}"
        );

        // The handler sees the request in the list and on the page, and transmits it.
        let (_, _, inbox) = hana.get("/espace/signalements").await;
        assert!(inbox.contains("mise en relation demandée"), "{inbox}");
        let path = format!("/espace/signalements/{id}");
        let (_, _, page) = hana.get(&path).await;
        assert!(
            page.contains("Transmettre à l&#39;équipe d&#39;accompagnement"),
            "{page}"
        );
        let (status, _, _) = hana.post(&format!("{path}/accompagnement"), &[]).await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "a transmission needs the report's token"
        );
        assert!(
            all_of_kind(&s.app, ReportKind::HelpRequest)
                .await
                .is_empty()
        );
        let (status, to) = transmit(&mut hana, id).await;
        assert_eq!(
            (status, to.as_str()),
            (
                StatusCode::SEE_OTHER,
                format!("{path}?fait=accompagnement").as_str()
            )
        );
        assert_newest_on(&s, "help_link_sent", &format!("report:{id}")).await;
        let (_, _, page) = hana.get(&to).await;
        assert_shows(&page, &["Demande transmise", "Transmise à l&#39;équipe"]);
        let (status, page) = transmit(&mut hana, id).await;
        assert_eq!(status, StatusCode::CONFLICT, "{page}");
        assert!(page.contains("n&#39;est plus en attente"), "{page}");
        assert_eq!(all_of_kind(&s.app, ReportKind::HelpRequest).await.len(), 1);

        // The caseworker reads the chosen texts, nothing else, and never the report.
        let mut cass = signed_in(&s, "cass", &cass_pw).await;
        let (_, _, list) = cass.get("/espace/accompagnement").await;
        let href = crate::staff::case_files::first_request(&list);
        let help = cass
            .get_ok(&format!("/espace/accompagnement/demandes/{href}"))
            .await;
        assert_shows(
            &help,
            &[
                TEAM_QUESTION,
                CHOSEN,
                "Textes transmis depuis un signalement",
                "Proche d&#39;une victime",
            ],
        );
        for hidden in [REPORT_TEXT, NOT_CHOSEN, &id.to_string()] {
            assert!(!help.contains(hidden), "{hidden}: {help}");
        }
        let (status, _, _) = cass.get(&path).await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "a caseworker cannot open the report"
        );

        // The reporter finds the new code on their next visit; the handler's pages never show it.
        let (_, _, page) = reporter.get("/suivi").await;
        let code = shown_code(&page);
        assert_eq!(code.split(' ').count(), 5, "{page}");
        assert!(page.contains("Votre demande a été transmise"), "{page}");
        for seen in [
            hana.get(&path).await.2,
            hana.get("/espace/signalements").await.2,
        ] {
            assert!(!seen.contains(&code) && !seen.contains(&code.replace(' ', "")));
        }

        // The new code opens the help request, with the texts chosen.
        let mut person = follow(&s, &code).await;
        let (_, _, followed) = person.get("/suivi").await;
        assert!(followed.contains("Demande n°"), "{followed}");
        assert_shows(
            &followed,
            &[
                TEAM_QUESTION,
                CHOSEN,
                "Textes transmis depuis votre signalement",
            ],
        );
        for hidden in [REPORT_TEXT, NOT_CHOSEN] {
            assert!(!followed.contains(hidden), "{hidden}: {followed}");
        }

        // Noted: the code is shown no more; a transmitted request cannot be cancelled.
        let (status, page) =
            post_follow(&mut reporter, "/suivi/accompagnement/code", Some(&token)).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert!(
            !page.contains(&code) && page.contains("Votre demande a été transmise"),
            "{page}"
        );
        let (status, page) =
            post_follow(&mut reporter, "/suivi/accompagnement/annuler", Some(&token)).await;
        assert_eq!(status, StatusCode::CONFLICT, "{page}");
    }
}

#[tokio::test]
async fn without_a_casework_team_the_handler_is_told_and_nothing_is_transmitted() {
    for s in servers().await {
        let (mut hana, _) = handler_team(&s, "hana").await;
        casework_team(&s).await;
        let (id, receipt) = file(&s, REPORT_TEXT).await;
        let mut reporter = follow(&s, &receipt).await;
        let (status, page) = ask(&mut reporter, &[REPORT_TEXT]).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        // The team is no longer named (an admin's change, or a database edited by hand).
        s.app
            .store()
            .raw_execute_for_tests("UPDATE instance SET help_team_id = NULL")
            .await
            .unwrap();
        let (status, page) = transmit(&mut hana, id).await;
        assert_eq!(status, StatusCode::CONFLICT, "{page}");
        assert!(
            page.contains("Aucune équipe d&#39;accompagnement"),
            "{page}"
        );
        assert!(
            all_of_kind(&s.app, ReportKind::HelpRequest)
                .await
                .is_empty()
        );
        let (_, _, page) = reporter.get("/suivi").await;
        assert!(
            page.contains("attend que l&#39;équipe des signalements"),
            "{page}"
        );
    }
}
