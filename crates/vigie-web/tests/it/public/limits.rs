//! Rate limits on new reports and on receipt logins: 429 with `Retry-After`. The counts live in
//! memory: nothing about them is written (no address, and no time of the latest report).

use reqwest::StatusCode;

use crate::public::{ReportInput, login, submit, submit_ok, try_login};

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
    for s in crate::public::servers_taking(3).await {
        let base = &s.base;
        let input = ReportInput::with_photo("Signalement dans une rafale.", "rafale");
        for _ in 0..3 {
            submit_ok(base, &input).await;
        }
        let r = submit(base, &input).await;
        r.assert_status(StatusCode::TOO_MANY_REQUESTS);
        r.assert_french_page("429");
        r.assert_shows(&["Trop de demandes"]);
        assert!(!r.sets_cookie());
        let wait = retry_after(&r);

        // Only the three reports exist; the refused one left no sealed file.
        assert_eq!(crate::public::all_reports(&s.app).await.len(), 3);
        let blobs = crate::public::stored_blobs(&s).await;
        assert_eq!(blobs.len(), 3 * 2, "clean copy and original of 3 photos");

        // After the window, reports are accepted again: a limit delays, it never locks out.
        s.app.clock().advance(i64::try_from(wait).unwrap());
        submit_ok(base, &input).await;
    }
}

#[tokio::test]
async fn the_third_receipt_attempt_in_a_minute_waits() {
    for s in
        crate::public::servers_where(|settings| settings.reports.receipt_attempts_per_minute = 2)
            .await
    {
        let base = &s.base;
        let receipt = submit_ok(base, &ReportInput::simple("Un signalement à suivre.")).await;
        crate::public::start_of_window(&s.app);
        for wrong in ["0000 0000 0000 0000 0000", "1111 1111 1111 1111 1111"] {
            let r = try_login(base, wrong).await;
            r.assert_status(StatusCode::UNAUTHORIZED);
        }
        let r = try_login(base, "2222 2222 2222 2222 2222").await;
        r.assert_status(StatusCode::TOO_MANY_REQUESTS);
        r.assert_french_page("429");
        assert!(!r.sets_cookie());
        let wait = retry_after(&r);
        // The right receipt waits too: the limit cannot tell guesses from the owner.
        let r = try_login(base, &receipt).await;
        r.assert_status(StatusCode::TOO_MANY_REQUESTS);
        assert!(!r.sets_cookie());

        s.app.clock().advance(i64::try_from(wait).unwrap());
        let cookie = login(base, &receipt).await;
        let view = crate::public::get(base, "/suivi", Some(&cookie)).await;
        assert!(view.body.contains("Un signalement à suivre."));
    }
}
