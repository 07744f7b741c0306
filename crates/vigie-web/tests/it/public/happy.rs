//! The whole journey over HTTP: the form, a report with every field and a photo carrying GPS, the
//! receipt, the follow-up session, a reply each way, logout, and wrong receipts.

use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use vigie_app::reports::FileVariant;
use vigie_domain::time::paris_day;

use crate::public::{
    FOLLOW_COOKIE, all_reports, form_token, get, handler, is_receipt, jpeg_with_gps, location,
    login, post_multipart, receipt_of, servers, try_login,
};

/// The page with its CSRF tokens blanked, to compare two renderings.
fn without_tokens(page: &str) -> String {
    let mut out = String::new();
    let mut rest = page;
    while let Some((before, after)) = rest.split_once("name=\"csrf\" value=\"") {
        out.push_str(before);
        out.push_str("name=\"csrf\" value=\"");
        rest = after.split_once('"').unwrap().1;
    }
    out.push_str(rest);
    out
}

// Long on purpose: one story per database, each step starting where the steps before left it.
#[tokio::test]
async fn a_report_from_form_to_conversation() {
    for s in servers().await {
        let h = handler(&s).await;
        let base = &s.base;
        let tag = uuid::Uuid::new_v4().simple().to_string();

        // The form: French, the quick exit and the emergency numbers, no script, no cookie.
        let form = get(base, "/signaler", None).await;
        assert_eq!(form.status, StatusCode::OK);
        form.assert_french_page("form");
        form.assert_shows(&[
            "appelez le 17 (police) ou le 112",
            r#"<p class="quick-exit"><a href="https://meteofrance.com/" rel="noreferrer">Quitter rapidement</a>"#,
        ]);
        let csp = form.header("content-security-policy").unwrap();
        assert!(csp.contains("script-src 'none'"), "{csp}");
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        assert!(!form.body.contains("<script"), "no script on the page");
        assert!(!form.body.contains(" style=\""), "no inline style");
        assert!(!form.sets_cookie(), "no cookie before a follow-up session");
        assert!(form.body.contains("enctype=\"multipart/form-data\""));
        let token = form_token(&form.body, "/signaler");

        // Every field, the token first, and a photo carrying GPS and a description.
        let yesterday = paris_day(s.app.clock().now())
            .checked_sub_days(chrono::Days::new(1))
            .unwrap()
            .format("%Y-%m-%d")
            .to_string();
        let text = format!("Vente devant l'école, tous les soirs — réf. {tag}");
        let photo = jpeg_with_gps(&format!("description {tag}"));
        let multipart = Form::new()
            .text("csrf", token)
            .text("category", "threats")
            .text("text", text.clone())
            .text("district", "13201")
            .text("neighbourhood", "1320103")
            .text("place", format!("entrée du bâtiment B {tag}"))
            .text("date", yesterday)
            .text("ongoing", "1")
            .text("time_of_day", "vers 22 h")
            .text("danger", "1")
            .text("consent_forward", "1")
            .text("identity", format!("Samia, 06 00 00 00 00 {tag}"))
            .part(
                "files",
                Part::bytes(photo.clone())
                    .file_name("photo.jpg")
                    .mime_str("image/jpeg")
                    .unwrap(),
            );
        let done = post_multipart(base, "/signaler", None, multipart).await;
        done.assert_status(StatusCode::OK);
        done.assert_french_page("receipt page");
        assert!(!done.sets_cookie(), "the receipt page sets no cookie");
        assert_eq!(done.header("cache-control"), Some("no-store"));
        let receipt = receipt_of(&done.body);
        assert!(is_receipt(&receipt), "receipt `{receipt}`");
        assert!(
            done.body.contains("Menaces / intimidation"),
            "category shown: {}",
            done.body
        );
        done.assert_shows(&["photo.jpg"]);
        assert!(
            done.body.contains("position (GPS)") && done.body.contains("données EXIF"),
            "removed metadata listed: {}",
            done.body
        );
        assert!(
            !done.body.contains(&tag),
            "the receipt page echoes nothing typed"
        );

        // The follow-up: the receipt form, then a session.
        let page = get(base, "/suivi", None).await;
        assert_eq!(page.status, StatusCode::OK);
        page.assert_french_page("follow-up login");
        assert!(!page.sets_cookie());
        assert!(page.body.contains("action=\"/suivi\""));

        let r = try_login(base, &receipt).await;
        r.assert_status(StatusCode::SEE_OTHER);
        assert_eq!(location(&r), "/suivi");
        let set = r.header("set-cookie").unwrap().to_owned();
        assert!(set.starts_with(&format!("{FOLLOW_COOKIE}=")), "{set}");
        assert!(set.contains("HttpOnly"), "{set}");
        assert!(set.contains("SameSite=Strict"), "{set}");
        assert!(set.contains("Path=/"), "{set}");
        assert!(
            !set.contains("Expires") && !set.contains("Max-Age"),
            "a session cookie: {set}"
        );
        // Without spaces too, and with dashes.
        let compact = receipt.replace(' ', "");
        assert_eq!(compact.len(), 20);
        let _ = login(base, &compact).await;
        let _ = login(base, &receipt.replace(' ', "-")).await;
        let cookie = r.cookie(crate::public::FOLLOW_COOKIE).unwrap();

        let view = get(base, "/suivi", Some(&cookie)).await;
        assert_eq!(view.status, StatusCode::OK);
        view.assert_french_page("conversation");
        assert_eq!(view.header("cache-control"), Some("no-store"));
        view.assert_shows(&["<dd id=\"status\">Nouveau</dd>", "Menaces / intimidation"]);
        assert!(view.body.contains(&tag), "the text is shown");
        view.assert_shows(&["photo.jpg", "Pas encore de message"]);

        // A handler replies through the app; the reporter reads it.
        let reports = all_reports(&s.app).await;
        assert_eq!(reports.len(), 1);
        let report = reports[0].id;
        assert_eq!(reports[0].category, vigie_domain::report::Category::Threats);
        assert_eq!(reports[0].district, "13201");
        let answer = format!("Merci, nous regardons cela. {tag}-reponse");
        h.reply(&s.app, report, &answer).await;
        let view = get(base, "/suivi", Some(&cookie)).await;
        view.assert_shows(&[&answer]);

        // The reporter answers with a message and a file.
        let reply_token = form_token(&view.body, "/suivi/repondre");
        let message = format!("Ils sont encore là ce soir. {tag}-message");
        let multipart = Form::new()
            .text("csrf", reply_token)
            .text("message", message.clone())
            .part(
                "files",
                Part::bytes(b"plan du hall, porte de gauche".to_vec())
                    .file_name("plan.txt")
                    .mime_str("text/plain")
                    .unwrap(),
            );
        let sent = post_multipart(base, "/suivi/repondre", Some(&cookie), multipart).await;
        sent.assert_status(StatusCode::OK);
        sent.assert_shows(&["Message envoyé.", &message, "plan.txt"]);

        // The team sees everything.
        let opened = h.open(&s.app, report).await;
        assert_eq!(opened.content.text, text);
        assert_eq!(opened.content.neighbourhood.as_deref(), Some("1320103"));
        assert!(opened.content.ongoing && opened.content.danger && opened.content.consent_forward);
        assert_eq!(opened.content.time_of_day.as_deref(), Some("vers 22 h"));
        assert!(opened.has_identity, "the identity was kept (sealed)");
        let texts: Vec<(bool, &str)> = opened
            .messages
            .iter()
            .map(|m| (m.from_reporter, m.text.as_str()))
            .collect();
        assert_eq!(texts, [(false, answer.as_str()), (true, message.as_str())]);
        let names: Vec<&str> = opened.files.iter().map(|(_, m)| m.name.as_str()).collect();
        assert_eq!(names, ["photo.jpg", "plan.txt"]);
        let (photo_part, meta) = &opened.files[0];
        assert_eq!(meta.mime, "image/jpeg");
        assert!(meta.removed.contains(&"location".to_owned()), "{meta:?}");
        let clean = h
            .file(&s.app, report, *photo_part, FileVariant::Clean)
            .await;
        crate::public::assert_clean_photo(&clean, &tag);
        let original = h
            .file(&s.app, report, *photo_part, FileVariant::Original)
            .await;
        assert_eq!(original, photo, "the original is kept as evidence, intact");
        // A text file is not a type vigie cleans: no clean copy, only the original.
        assert!(!opened.files[1].1.has_clean_copy());
        let refused = s
            .app
            .open_file(
                &h.principal,
                &h.secret,
                report,
                opened.files[1].0,
                FileVariant::Clean,
            )
            .await;
        assert!(matches!(refused, Err(vigie_app::AppError::NoCleanCopy)));
        let plan = h
            .file(&s.app, report, opened.files[1].0, FileVariant::Original)
            .await;
        assert_eq!(plan, b"plan du hall, porte de gauche");

        // Logout clears the cookie and ends the session on the server.
        let view = get(base, "/suivi", Some(&cookie)).await;
        let logout_token = form_token(&view.body, "/suivi/deconnexion");
        let out =
            crate::public::post_token(base, "/suivi/deconnexion", &cookie, &logout_token).await;
        out.assert_status(StatusCode::OK);
        assert_eq!(
            out.cookie(crate::public::FOLLOW_COOKIE).as_deref(),
            Some(""),
            "cookie cleared"
        );
        assert!(out.header("set-cookie").unwrap().contains("Max-Age=0"));
        let after = get(base, "/suivi", Some(&cookie)).await;
        assert_eq!(after.status, StatusCode::OK);
        assert!(!after.body.contains(&tag), "the old cookie opens nothing");
        assert!(after.body.contains("action=\"/suivi\""));

        // Wrong receipts: one generic answer, whatever their shape.
        let mut pages = Vec::new();
        let mut wrong = receipt.clone().into_bytes();
        let last = wrong.len() - 1;
        wrong[last] = if wrong[last] == b'9' {
            b'0'
        } else {
            wrong[last] + 1
        };
        let wrong = String::from_utf8(wrong).unwrap();
        for attempt in [
            wrong.as_str(),
            "abc",
            "",
            "1234 5678 9012 3456 789",
            "1234 5678 9012 3456 78901",
            "1234'; DROP TABLE reports; --",
        ] {
            let r = try_login(base, attempt).await;
            assert_eq!(
                r.status,
                StatusCode::UNAUTHORIZED,
                "`{attempt}`: {}",
                r.body
            );
            r.assert_french_page("wrong receipt");
            assert!(!r.sets_cookie(), "no cookie for a wrong receipt");
            r.assert_shows(&[
                "Ce code ne correspond à aucun signalement. Vérifiez-le et réessayez.",
                "aria-invalid=\"true\"",
            ]);
            pages.push(without_tokens(&r.body));
        }
        for p in &pages[1..] {
            assert_eq!(p, &pages[0], "every wrong receipt gets the same page");
        }
    }
}

/// English under `/en`, the headers Tor Browser sends (`Origin: null`), and a cookie that opens
/// nothing.
#[tokio::test]
async fn english_pages_and_tor_browser_headers() {
    for s in servers().await {
        let base = &s.base;
        let form = get(base, "/en/signaler", None).await;
        assert_eq!(form.status, StatusCode::OK);
        form.assert_shows(&["<html lang=\"en\"", "call 17 (police) or 112"]);
        let token = form_token(&form.body, "/en/signaler");

        // What Tor Browser sends with a form post on its "Safest" level.
        let tor = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let (ct, body) = crate::public::ReportInput::simple("Reported in English over Tor.")
            .body(Some(&token))
            .finish();
        let done = tor
            .post(format!("{base}/en/signaler"))
            .header("content-type", ct)
            .header("origin", "null")
            .header("sec-fetch-site", "same-origin")
            .header(
                "user-agent",
                "Mozilla/5.0 (Windows NT 10.0; rv:128.0) Gecko/20100101 Firefox/128.0",
            )
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(done.status(), StatusCode::OK);
        let page = done.text().await.unwrap();
        assert!(page.contains("<html lang=\"en\""), "{page}");
        assert!(page.contains("Your follow-up code"), "{page}");
        assert!(page.contains("href=\"/en/signaler/suite\""), "{page}");
        let receipt = receipt_of(&page);
        assert!(is_receipt(&receipt));

        let cookie = crate::public::login_at(base, "/en/suivi", &receipt).await;
        let view = get(base, "/en/suivi", Some(&cookie)).await;
        view.assert_shows(&["<html lang=\"en\"", "Reported in English over Tor."]);
        // The same session in French.
        let view = get(base, "/suivi", Some(&cookie)).await;
        view.assert_shows(&["Reported in English over Tor.", "<html lang=\"fr\""]);

        let r = crate::public::try_login_at(&tor, base, "/en/suivi", "0000").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        r.assert_shows(&["This code matches no report."]);

        // A made-up cookie: the receipt form, the cookie cleared, never an error.
        for junk in ["garbage", "", "a.b.c", &"A".repeat(4000)] {
            let r = get(base, "/suivi", Some(junk)).await;
            assert_eq!(r.status, StatusCode::OK, "cookie `{junk}`: {}", r.body);
            r.assert_french_page("junk cookie");
            assert!(r.body.contains("action=\"/suivi\""));
        }
    }
}
