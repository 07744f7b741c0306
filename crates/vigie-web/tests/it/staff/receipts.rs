//! A lost follow-up code over HTTP, on both databases: a caseworker of the file's team makes a new
//! code for the help request the file was opened from; it is shown once, opens `/suivi` with the
//! conversation and the consents, and the old code (and its open session) opens nothing more. A
//! file without a help request says it has no code to replace. The code reaches no disk or log.

use reqwest::StatusCode;
use vigie_domain::KeyHolder;
use vigie_testkit::assert_shows;
use vigie_testkit::canary::Canaries;

use crate::staff::referrals::referable;
use crate::staff::{CookieClient, audit, between, form_token, servers};

/// A follow-up client signed in with `code`: the status of the login.
async fn follow(base: &str, code: &str) -> (CookieClient, StatusCode) {
    let mut person = CookieClient::keeping(base, "vigie_suivi");
    let (_, _, login) = person.get("/suivi").await;
    let token = form_token(&login, "/suivi");
    let (status, _, _) = person
        .post("/suivi", &[("csrf", &token), ("receipt", code)])
        .await;
    (person, status)
}

#[tokio::test]
async fn a_caseworker_gives_a_known_person_a_new_code_and_the_old_one_stops_working() {
    for s in servers().await {
        let mut r = referable(&s).await;
        let file = s
            .app
            .store()
            .file(r.file.rsplit('/').next().unwrap().parse().unwrap())
            .await
            .unwrap()
            .unwrap();
        let request = file.help_request.unwrap();
        let tag = uuid::Uuid::new_v4().simple().to_string();
        let reply = format!("Réponse-canari-{tag}");
        let request_page = format!("/espace/accompagnement/demandes/{request}");
        let (_, _, page) = r.cass.get(&request_page).await;
        let action = format!("{request_page}/reponse");
        let token = form_token(&page, &action);
        r.cass
            .post_see_other(&action, &[("csrf", &token), ("text", &reply)])
            .await;
        // The key generations of the conversation wrapped for a follow-up code.
        let receipt_generations = || async {
            let slots = s.app.store().report_slots(request, "conversation").await;
            let slots = slots.unwrap().into_iter();
            let receipts = slots.filter(|slot| slot.holder == KeyHolder::Receipt);
            receipts.map(|slot| slot.key_generation).collect::<Vec<_>>()
        };
        let before = receipt_generations().await;

        let (mut old, status) = follow(&s.base, &r.receipt).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(old.get("/suivi").await.2.contains(&reply));

        let (_, _, page) = r.cass.get(&r.file).await;
        let action = format!("{}/code-de-suivi", r.file);
        let token = form_token(&page, &action);
        let (status, headers, shown) = r.cass.post(&action, &[("csrf", &token)]).await;
        assert_eq!(status, StatusCode::OK, "{shown}");
        assert_eq!(headers["cache-control"], "no-store");
        let code = between(&shown, r#"id="receipt" dir="ltr">"#, "<");
        assert_eq!(
            code.chars().filter(char::is_ascii_digit).count(),
            20,
            "{code}"
        );
        assert_ne!(code.replace(' ', ""), r.receipt.replace(' ', ""));

        // The old session ends, the old code opens nothing.
        let (_, _, after) = old.get("/suivi").await;
        assert!(
            after.contains("name=\"receipt\"") && !after.contains(&reply),
            "{after}"
        );
        assert_eq!(
            follow(&s.base, &r.receipt).await.1,
            StatusCode::UNAUTHORIZED
        );
        // The new one opens the conversation and the consents.
        let (mut person, status) = follow(&s.base, &code).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (_, _, view) = person.get("/suivi").await;
        assert_shows(&view, &[&reply, "/suivi/consentements"]);
        let consents = person.get_ok("/suivi/consentements").await;
        assert!(consents.contains("name=\"partage\""), "{consents}");
        // The same generations, wrapped for the new code only; audited on the request.
        let after = receipt_generations().await;
        assert_eq!(after, before);
        assert!(audit(&s).await.iter().any(|e| e.kind == "receipt_reissued"
            && e.object == format!("report:{request}")
            && e.actor.starts_with("staff:")));

        // A file opened without a help request has no code to replace.
        let (nobody, changes) = (
            "Personne Sans-Demande",
            [("age", "unknown"), ("sexe", "unknown")],
        );
        let other = crate::staff::case_files::open_file(
            &mut r.cass,
            "/espace/accompagnement/dossiers/nouveau",
            (nobody, "witness"),
            &changes,
        )
        .await;
        let (_, _, page) = r.cass.get(&other).await;
        assert!(page.contains("pas de code de suivi à remplacer"), "{page}");
        assert!(!page.contains(&format!("{other}/code-de-suivi")));
        let other_id = other.rsplit('/').next().unwrap();
        let token = r.cass.token_for(&s.app, &format!("file:{other_id}"));
        let (status, _, body) = r
            .cass
            .post(&format!("{other}/code-de-suivi"), &[("csrf", &token)])
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(body.contains("pas de demande d"), "{body}");

        let mut canaries = Canaries::new();
        canaries
            .add("code", code.replace(' ', ""))
            .add("spaced code", &code)
            .add("reply", &reply);
        canaries.assert_absent(&s.evidence().with_log());
    }
}
