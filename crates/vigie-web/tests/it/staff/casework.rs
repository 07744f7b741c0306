//! Casework over HTTP, on both databases: a help request reaches the casework team's list through a
//! plain link, its page shows what was asked and how to reach the person (to its team only), a reply
//! goes back to the person's follow-up, an empty reply comes back beside its field, and a handler is
//! refused the whole area.

use reqwest::StatusCode;
use vigie_domain::Role;
use vigie_domain::help::HelpForm;
use vigie_testkit::assert_shows;

use crate::staff::{form_token, servers, signed_in};

#[tokio::test]
async fn a_caseworker_reads_a_help_request_and_answers_it() {
    for s in servers().await {
        let pw = crate::staff::help_link::casework_team(&s).await;
        let handler_pw = s.user("hana", &[Role::Handler]).await;
        let asked = HelpForm {
            asker: "witness".into(),
            needs: vec!["legal".into(), "housing".into()],
            urgency: "today".into(),
            message: "On me suit dans l'escalier.".into(),
            channel: "phone".into(),
            contact: "06 99 99 99 99".into(),
            safe_times: "après 18 h".into(),
            code_word: "mimosa".into(),
            ..HelpForm::default()
        };
        let receipt = s.ask_for_help(&asked).await;

        let mut cass = signed_in(&s, "cass", &pw).await;
        let home = cass.get_ok("/espace").await;
        assert!(home.contains(r#"href="/espace/accompagnement""#), "{home}");
        let list = cass.get_ok("/espace/accompagnement").await;
        assert_shows(&list, &["Témoin", "Aujourd"]);
        let href = crate::staff::case_files::first_request(&list);
        let page = format!("/espace/accompagnement/demandes/{href}");
        let body = cass.get_ok(&page).await;
        assert_shows(
            &body,
            &[
                "aide juridique",
                "logement",
                "On me suit",
                "06 99 99 99 99",
                "après 18 h",
                "mimosa",
            ],
        );
        let action = format!("{page}/reponse");
        let token = form_token(&body, &action);
        // An empty answer comes back beside its field.
        let again = cass
            .post_expect(
                &action,
                &[("csrf", &token), ("text", "  ")],
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        assert!(again.contains(r#"aria-invalid="true""#), "{again}");
        let to = cass
            .post_see_other(
                &action,
                &[("csrf", &token), ("text", "Nous vous appelons ce soir.")],
            )
            .await;
        assert_eq!(to, format!("{page}?fait=reponse"));
        let (_, _, answered) = cass.get(&to).await;
        assert!(
            answered.contains("Réponse envoyée.")
                && answered.contains("Nous vous appelons ce soir.")
        );

        // The person reads the answer with their code.
        let cookie = s.app.receipt_login(receipt.as_str()).await.unwrap();
        let person = s.app.resume_reporter(&cookie).await.unwrap();
        let view = s.app.reporter_view(&person).await.unwrap();
        assert!(
            view.messages
                .iter()
                .any(|m| m.text == "Nous vous appelons ce soir.")
        );

        // A handler is refused the list and the page.
        let mut hana = signed_in(&s, "hana", &handler_pw).await;
        for path in ["/espace/accompagnement", page.as_str()] {
            let (status, _, _) = hana.get(path).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
        }
        let (_, _, home) = hana.get("/espace").await;
        assert!(!home.contains("/espace/accompagnement"), "{home}");
    }
}
