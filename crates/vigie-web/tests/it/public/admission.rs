//! Admission of new reports without a client identifier: the form's token is single-use and must be
//! old enough; a submission refused for now keeps the reporter's text and the page says what to do.

use std::time::Duration;

use reqwest::StatusCode;

use crate::public::{
    ReportInput, all_reports, form_token, get, post_raw, servers_with, submit_ok, test_settings,
};

/// Fetches the form and returns its token.
async fn fresh_token(base: &str) -> String {
    let form = get(base, "/signaler", None).await;
    assert_eq!(form.status, StatusCode::OK);
    form_token(&form.body, "/signaler")
}

async fn send(base: &str, token: &str, input: &ReportInput) -> crate::public::Resp {
    let (ct, body) = input.body(Some(token)).finish();
    post_raw(base, "/signaler", None, &ct, body).await
}

#[tokio::test]
async fn a_replayed_form_token_is_refused_with_the_form_and_a_clear_notice() {
    for s in servers_with(test_settings()).await {
        let base = &s.base;
        let token = fresh_token(base).await;
        let input = ReportInput::simple("Un premier envoi de ce formulaire.");
        let r = send(base, &token, &input).await;
        r.assert_status(StatusCode::OK);

        let again = ReportInput::simple("Le même formulaire, rejoué.");
        let r = send(base, &token, &again).await;
        assert_eq!(
            r.status,
            StatusCode::CONFLICT,
            "{}: {}",
            s.backend(),
            r.body
        );
        r.assert_french_page("replay");
        r.assert_shows(&["déjà été envoyé une fois"]);
        // The reporter's text comes back, with a new token that works.
        r.assert_shows(&["Le même formulaire, rejoué."]);
        let next = form_token(&r.body, "/signaler");
        assert_ne!(next, token);
        assert_eq!(
            all_reports(&s.app).await.len(),
            1,
            "the replay stored nothing"
        );
        let r = send(base, &next, &again).await;
        r.assert_status(StatusCode::OK);
        assert_eq!(all_reports(&s.app).await.len(), 2);

        // In English too.
        let (ct, body) = input.body(Some(&token)).finish();
        let r = post_raw(base, "/en/signaler", None, &ct, body).await;
        assert_eq!(r.status, StatusCode::CONFLICT);
        r.assert_shows(&["already been sent once"]);
    }
}

#[tokio::test]
async fn a_form_sent_too_soon_is_refused_with_a_page_telling_to_wait_and_resend() {
    for s in crate::public::servers_where(|settings| {
        settings.reports.form_min_age = Duration::from_secs(10)
    })
    .await
    {
        let base = &s.base;
        let token = fresh_token(base).await;
        let input = ReportInput::with_photo("Écrit très vite, envoyé trop tôt.", "trop tôt");
        let r = send(base, &token, &input).await;
        assert_eq!(
            r.status,
            StatusCode::TOO_MANY_REQUESTS,
            "{}: {}",
            s.backend(),
            r.body
        );
        r.assert_french_page("too soon");
        assert_eq!(r.header("retry-after"), Some("10"));
        r.assert_shows(&[
            "Attendez 10 secondes",
            "Écrit très vite, envoyé trop tôt.",
            "choisissez-les à nouveau",
        ]);
        crate::public::assert_nothing_stored(&s, "too soon").await;

        // Five seconds later it is still too soon; ten seconds after the form was fetched, the same
        // page goes through (the test clock runs on from where it is moved).
        s.app.clock().advance(5);
        let r = send(base, &token, &input).await;
        r.assert_status(StatusCode::TOO_MANY_REQUESTS);
        s.app.clock().advance(5);
        let r = send(base, &token, &input).await;
        r.assert_status(StatusCode::OK);
        assert_eq!(all_reports(&s.app).await.len(), 1);
    }
}

#[tokio::test]
async fn a_submission_refused_for_now_can_be_sent_again_from_the_same_page() {
    for s in crate::public::servers_taking(1).await {
        let base = &s.base;
        submit_ok(base, &ReportInput::simple("Le premier de la minute.")).await;
        let token = fresh_token(base).await;
        let input = ReportInput::simple("Le second, qui devra attendre.");
        let r = send(base, &token, &input).await;
        r.assert_status(StatusCode::TOO_MANY_REQUESTS);
        r.assert_french_page("busy");
        assert!(r.header("retry-after").is_some());
        assert!(
            r.body.contains("revenez à la page précédente"),
            "the page says how to resend: {}",
            r.body
        );
        // Going back and sending the same page once the minute is over works: the token was not
        // spent by the refusal.
        s.app.clock().advance(60);
        let r = send(base, &token, &input).await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", s.backend(), r.body);
        assert_eq!(all_reports(&s.app).await.len(), 2);
    }
}
