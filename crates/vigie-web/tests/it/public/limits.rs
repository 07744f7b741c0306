//! Rate limits on new reports and on receipt logins: 429 with `Retry-After`. The counts live in
//! memory: nothing about them is written (no address, and no time of the latest report).

use reqwest::StatusCode;
use vigie_app::App;

use crate::public::{
    ReportInput, jpeg_with_gps, login, servers_with, submit, submit_ok, test_settings, try_login,
};

/// Moves the clock to the start of a rate window if less than 40 s of the current one remain, so
/// that a burst of requests falls in one window.
fn start_of_window(app: &App) {
    let into = app.clock().unix().rem_euclid(60);
    if into > 20 {
        app.clock().advance(60 - into);
    }
}

fn retry_after(r: &crate::public::Resp) -> u64 {
    let v: u64 = r
        .header("retry-after")
        .expect("Retry-After")
        .parse()
        .unwrap();
    assert!((1..=60).contains(&v), "Retry-After {v}");
    v
}

#[tokio::test]
async fn the_fourth_report_in_a_minute_waits() {
    let mut settings = test_settings();
    settings.reports.submissions_per_minute = 3;
    for s in servers_with(settings).await {
        let base = &s.base;
        start_of_window(&s.app);
        let mut input = ReportInput::simple("Signalement dans une rafale.");
        input.files = vec![(
            "photo.jpg".into(),
            "image/jpeg".into(),
            jpeg_with_gps("rafale"),
        )];
        for _ in 0..3 {
            submit_ok(base, &input).await;
        }
        let r = submit(base, &input).await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
        r.assert_french_page("429");
        assert!(r.body.contains("Trop de demandes"), "{}", r.body);
        assert!(!r.sets_cookie());
        let wait = retry_after(&r);

        // Only the three reports exist; the refused one left no sealed file.
        assert_eq!(crate::public::all_reports(&s.app).await.len(), 3);
        let blobs = crate::public::stored_blobs(&s).await;
        assert_eq!(blobs.len(), 3 * 2, "clean copy and original of 3 photos");

        // After the window, reports are accepted again: a limit delays, it never locks out.
        s.app.clock().advance(i64::try_from(wait).unwrap());
        submit_ok(base, &input).await;

        s.stop().await;
    }
}

#[tokio::test]
async fn the_third_receipt_attempt_in_a_minute_waits() {
    let mut settings = test_settings();
    settings.reports.receipt_attempts_per_minute = 2;
    for s in servers_with(settings).await {
        let base = &s.base;
        let receipt = submit_ok(base, &ReportInput::simple("Un signalement à suivre.")).await;
        start_of_window(&s.app);
        for wrong in ["0000 0000 0000 0000 0000", "1111 1111 1111 1111 1111"] {
            let r = try_login(base, wrong).await;
            assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);
        }
        let r = try_login(base, "2222 2222 2222 2222 2222").await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
        r.assert_french_page("429");
        assert!(!r.sets_cookie());
        let wait = retry_after(&r);
        // The right receipt waits too: the limit cannot tell guesses from the owner.
        let r = try_login(base, &receipt).await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
        assert!(!r.sets_cookie());

        s.app.clock().advance(i64::try_from(wait).unwrap());
        let cookie = login(base, &receipt).await;
        let view = crate::public::get(base, "/suivi", Some(&cookie)).await;
        assert!(view.body.contains("Un signalement à suivre."));

        s.stop().await;
    }
}
