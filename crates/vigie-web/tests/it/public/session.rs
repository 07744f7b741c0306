//! The follow-up session: it ends after 20 idle minutes; withdrawing deletes the report, its files
//! and the receipt's power, and clears the cookie.

use reqwest::StatusCode;

use crate::public::{
    ReportInput, follow_up_shows, form_token, get, login, post_form, report_of, servers,
    stored_blobs, submit_ok, try_login,
};

#[tokio::test]
async fn an_idle_session_ends_after_twenty_minutes() {
    for s in servers().await {
        let base = &s.base;
        let (receipt, cookie) = crate::public::followed_report(base, "Texte de la session.").await;
        assert!(follow_up_shows(base, &cookie, "Texte de la session.").await);

        // Activity keeps it open: 19 minutes, twice.
        for _ in 0..2 {
            s.app.clock().advance(19 * 60);
            let view = get(base, "/suivi", Some(&cookie)).await;
            assert!(view.body.contains("Texte de la session."), "still open");
            assert!(!view.sets_cookie());
        }

        s.app.clock().advance(21 * 60);
        let r = get(base, "/suivi", Some(&cookie)).await;
        assert_eq!(r.status, StatusCode::OK);
        r.assert_french_page("expired session");
        assert!(!r.body.contains("Texte de la session."));
        r.assert_shows(&["Votre session a expiré"]);
        assert!(
            r.body.contains("action=\"/suivi\""),
            "the receipt form again"
        );
        assert_eq!(
            r.cookie(crate::public::FOLLOW_COOKIE).as_deref(),
            Some(""),
            "the cookie is cleared"
        );
        // And it stays ended.
        let r = get(base, "/suivi", Some(&cookie)).await;
        assert!(!r.body.contains("Texte de la session."));
        // The receipt still works.
        let cookie = login(base, &receipt).await;
        assert!(follow_up_shows(base, &cookie, "Texte de la session.").await);
    }
}

// Long on purpose: one story per database, each step starting where the steps before left it.
#[tokio::test]
async fn withdrawing_deletes_everything() {
    for s in servers().await {
        let base = &s.base;
        let mut input = ReportInput::simple("Je préfère retirer ceci.");
        input.identity = "Nadia".into();
        input.files = vec![crate::public::photo("retrait")];
        let receipt = submit_ok(base, &input).await;
        // Another report, which must survive.
        let other = submit_ok(base, &ReportInput::simple("Un autre signalement.")).await;
        let id = report_of(&s.app, &receipt).await;
        let blobs: Vec<String> = vigie_testkit::report_blobs(&s.app, id)
            .await
            .into_iter()
            .map(|b| b.blob_id)
            .collect();
        assert_eq!(blobs.len(), 2, "clean copy and original");
        let on_disk = crate::public::blobs_on_disk(&s).await;
        assert!(blobs.iter().all(|b| on_disk.contains(b)));

        // Without a session, the page asks for the receipt.
        let r = get(base, "/suivi/retirer", None).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.contains("action=\"/suivi\""));

        let cookie = login(base, &receipt).await;
        let confirm = get(base, "/suivi/retirer", Some(&cookie)).await;
        assert_eq!(confirm.status, StatusCode::OK);
        confirm.assert_french_page("withdraw confirmation");
        confirm.assert_shows(&["effacés définitivement"]);
        let token = form_token(&confirm.body, "/suivi/retirer");

        // Without its token, nothing happens.
        let r = post_form(base, "/suivi/retirer", Some(&cookie), &[("csrf", "faux")]).await;
        r.assert_status(StatusCode::FORBIDDEN);
        assert!(s.app.store().report(id).await.unwrap().is_some());
        // A token of another session does not do either.
        let cookie2 = login(base, &other).await;
        let other_token = form_token(
            &get(base, "/suivi/retirer", Some(&cookie2)).await.body,
            "/suivi/retirer",
        );
        let r = crate::public::post_token(base, "/suivi/retirer", &cookie, &other_token).await;
        r.assert_status(StatusCode::FORBIDDEN);
        assert!(s.app.store().report(id).await.unwrap().is_some());

        let r = crate::public::post_token(base, "/suivi/retirer", &cookie, &token).await;
        r.assert_status(StatusCode::OK);
        r.assert_french_page("withdrawn");
        assert!(
            r.body
                .contains("Votre signalement a été effacé définitivement."),
            "{}",
            r.body
        );
        assert_eq!(
            r.cookie(crate::public::FOLLOW_COOKIE).as_deref(),
            Some(""),
            "the cookie is cleared"
        );

        assert!(s.app.store().report(id).await.unwrap().is_none());
        let on_disk = crate::public::blobs_on_disk(&s).await;
        for b in &blobs {
            assert!(!on_disk.contains(b), "blob {b} survived the withdrawal");
        }
        assert!(stored_blobs(&s).await.is_empty());
        let r = try_login(base, &receipt).await;
        assert_eq!(
            r.status,
            StatusCode::UNAUTHORIZED,
            "the receipt opens nothing"
        );
        let r = get(base, "/suivi", Some(&cookie)).await;
        assert!(!r.body.contains("Je préfère retirer ceci."));

        // The other report is untouched.
        let remaining = crate::public::all_reports(&s.app).await;
        assert_eq!(remaining.len(), 1);
        assert!(follow_up_shows(base, &cookie2, "Un autre signalement.").await);
    }
}

/// After a reply or a logout, the address bar shows the address the form posted to: opening it
/// again (history, a new tab, a restored session) must show a page, not a blank "405".
#[tokio::test]
async fn addresses_of_posted_forms_still_show_a_page() {
    for s in servers().await {
        let base = &s.base;
        let (_, cookie) = crate::public::followed_report(base, "Adresse après envoi.").await;
        for path in [
            "/suivi/repondre",
            "/suivi/deconnexion",
            "/en/suivi/repondre",
        ] {
            let r = get(base, path, Some(&cookie)).await;
            assert_eq!(r.status, StatusCode::OK, "GET {path}: {}", r.body);
            assert!(
                r.body.contains("Adresse après envoi."),
                "GET {path}: {}",
                r.body
            );
            let r = get(base, path, None).await;
            assert_eq!(r.status, StatusCode::OK, "GET {path}: {}", r.body);
            assert!(
                r.body.contains("name=\"receipt\""),
                "GET {path}: the receipt form"
            );
        }
        // Still open: a GET never logs out.
        assert!(follow_up_shows(base, &cookie, "Adresse après envoi.").await);
    }
}
