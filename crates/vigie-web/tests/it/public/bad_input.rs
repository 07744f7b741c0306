//! Forged, broken or oversized submissions: each gets a clear French page with the right status,
//! never a 500, and leaves nothing behind (no report row, no sealed file after a sweep).

use reqwest::StatusCode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::public::{
    Body, ReportInput, Resp, Server, assert_nothing_stored, form_token, get, jpeg_with_gps,
    post_raw, servers,
};

const CSRF_PAGE: &str = "Formulaire expiré ou invalide";
const MULTIPART_PAGE: &str = "Le formulaire est arrivé incomplet ou mal formé";
const UTF8_PAGE: &str = "Un champ contient des caractères illisibles";
const TOO_LARGE_PAGE: &str = "Envoi trop volumineux";

async fn token(base: &str) -> String {
    let form = get(base, "/signaler", None).await;
    form_token(&form.body, "/signaler")
}

fn expect(r: &Resp, status: StatusCode, text: &str, what: &str) {
    assert_eq!(r.status, status, "{what}: {}", r.body);
    r.assert_french_page(what);
    assert!(r.body.contains(text), "{what}: no `{text}` in {}", r.body);
    assert!(!r.sets_cookie(), "{what}: no cookie");
}

#[tokio::test]
async fn forged_or_misplaced_tokens_are_refused_before_anything_is_read() {
    for s in servers().await {
        let base = &s.base;
        let input = ReportInput::with_photo("Un signalement au jeton douteux.", "csrf");

        let (ct, body) = input.body(None).finish();
        let r = post_raw(base, "/signaler", None, &ct, body).await;
        expect(&r, StatusCode::FORBIDDEN, CSRF_PAGE, "no token");

        let good = token(base).await;
        let mut forged = good.clone().into_bytes();
        let mid = forged.len() / 2;
        forged[mid] = if forged[mid] == b'A' { b'B' } else { b'A' };
        let forged = String::from_utf8(forged).unwrap();
        for (what, t) in [
            ("forged token", forged.as_str()),
            ("empty token", ""),
            ("garbage token", "not-a-token"),
        ] {
            let (ct, body) = input.body(Some(t)).finish();
            let r = post_raw(base, "/signaler", None, &ct, body).await;
            expect(&r, StatusCode::FORBIDDEN, CSRF_PAGE, what);
        }

        // A valid token of another form (the receipt login).
        let login = get(base, "/suivi", None).await;
        let other = form_token(&login.body, "/suivi");
        let (ct, body) = input.body(Some(&other)).finish();
        let r = post_raw(base, "/signaler", None, &ct, body).await;
        expect(
            &r,
            StatusCode::FORBIDDEN,
            CSRF_PAGE,
            "token of another form",
        );

        // A valid token, but not first.
        let (ct, body) = Body::new()
            .text("category", "deal_point")
            .text("csrf", &good)
            .text("district", "13203")
            .text("text", "jeton en second")
            .finish();
        let r = post_raw(base, "/signaler", None, &ct, body).await;
        expect(&r, StatusCode::FORBIDDEN, CSRF_PAGE, "token not first");
        let (ct, body) = Body::new()
            .file("files", "photo.jpg", "image/jpeg", &jpeg_with_gps("x"))
            .text("csrf", &good)
            .text("category", "deal_point")
            .text("district", "13203")
            .text("text", "fichier avant le jeton")
            .finish();
        let r = post_raw(base, "/signaler", None, &ct, body).await;
        expect(
            &r,
            StatusCode::FORBIDDEN,
            CSRF_PAGE,
            "file before the token",
        );

        // A valid token from a page of another site, as the browser tells.
        let (ct, body) = input.body(Some(&good)).finish();
        let r = crate::public::client()
            .post(format!("{base}/signaler"))
            .header("content-type", ct)
            .header("sec-fetch-site", "cross-site")
            .body(body)
            .send()
            .await
            .unwrap();
        let r = read(r).await;
        expect(&r, StatusCode::FORBIDDEN, CSRF_PAGE, "cross-site");

        // An expired token (valid 4 hours).
        s.app.clock().advance(5 * 3600);
        let (ct, body) = input.body(Some(&good)).finish();
        let r = post_raw(base, "/signaler", None, &ct, body).await;
        expect(&r, StatusCode::FORBIDDEN, CSRF_PAGE, "expired token");

        assert_nothing_stored(&s, "forged tokens").await;

        // The same report with a fresh token goes through: the refusals were about the token.
        let receipt = crate::public::submit_ok(base, &input).await;
        assert!(crate::public::is_receipt(&receipt));
    }
}

async fn read(r: reqwest::Response) -> Resp {
    Resp {
        status: r.status(),
        headers: r.headers().clone(),
        body: r.text().await.unwrap(),
    }
}

// Long on purpose: a list of cases, one broken body each, against the same server.
#[tokio::test]
async fn broken_bodies_get_a_400_page() {
    for s in servers().await {
        let base = &s.base;
        let photo = jpeg_with_gps("broken");

        // Not multipart at all.
        let t = token(base).await;
        let r = crate::public::post_form(
            base,
            "/signaler",
            None,
            &[
                ("csrf", t.as_str()),
                ("category", "deal_point"),
                ("district", "13203"),
                ("text", "en urlencoded"),
            ],
        )
        .await;
        expect(&r, StatusCode::BAD_REQUEST, MULTIPART_PAGE, "urlencoded");
        for ct in ["multipart/form-data", "text/plain", "application/json"] {
            let r = post_raw(base, "/signaler", None, ct, b"{}".to_vec()).await;
            expect(&r, StatusCode::BAD_REQUEST, MULTIPART_PAGE, ct);
        }

        // Multipart in name only.
        let b = Body::new();
        let r = post_raw(
            base,
            "/signaler",
            None,
            &b.content_type(),
            b"ceci n'est pas un formulaire".to_vec(),
        )
        .await;
        expect(
            &r,
            StatusCode::BAD_REQUEST,
            MULTIPART_PAGE,
            "garbage multipart",
        );

        // A body cut in the middle of a file part (the connection stays correct: the cut is in the
        // multipart framing, after a valid token and every text field).
        let t = token(base).await;
        let input = ReportInput::simple("Un envoi coupé en route.");
        let b = input.body(Some(&t));
        let mut body = b.unfinished();
        let boundary = b
            .content_type()
            .split_once("boundary=")
            .unwrap()
            .1
            .to_owned();
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; \
                 filename=\"photo.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(&photo[..photo.len() / 2]);
        let r = post_raw(base, "/signaler", None, &b.content_type(), body.clone()).await;
        expect(
            &r,
            StatusCode::BAD_REQUEST,
            MULTIPART_PAGE,
            "truncated upload",
        );

        // The same, but the client announces more than it sends and hangs up.
        let response = send_and_hang_up(base, &b.content_type(), &body, body.len() + 10_000).await;
        // The client is gone: an answer is a courtesy (hyper sends it when it can), but if one
        // comes it is the 400 page. What matters is checked below: nothing was kept.
        if !response.is_empty() {
            let head = String::from_utf8_lossy(&response);
            assert!(
                head.starts_with("HTTP/1.1 400"),
                "interrupted upload: {head}"
            );
        }

        // Invalid UTF-8 in a text field.
        let t = token(base).await;
        let (ct, body) = Body::new()
            .text("csrf", &t)
            .text("category", "deal_point")
            .text("district", "13203")
            .raw_text("text", b"caf\xe9 \xff\xfe")
            .finish();
        let r = post_raw(base, "/signaler", None, &ct, body).await;
        expect(&r, StatusCode::BAD_REQUEST, UTF8_PAGE, "invalid UTF-8");

        // A text field far beyond any legitimate size.
        let t = token(base).await;
        let (ct, body) = Body::new()
            .text("csrf", &t)
            .text("category", "deal_point")
            .text("district", "13203")
            .text("text", &"a".repeat(200 * 1024))
            .finish();
        let r = post_raw(base, "/signaler", None, &ct, body).await;
        expect(
            &r,
            StatusCode::PAYLOAD_TOO_LARGE,
            TOO_LARGE_PAGE,
            "huge text field",
        );

        // An unknown category: the form again, with the error beside the field.
        let mut input = ReportInput::simple("Une catégorie inventée.");
        input.category = "meurtre".into();
        let r = crate::public::submit(base, &input).await;
        r.assert_status(StatusCode::BAD_REQUEST);
        r.assert_french_page("unknown category");
        let select = r.body.split_once("<select id=\"category\"").unwrap().1;
        assert!(
            select
                .split_once('>')
                .unwrap()
                .0
                .contains("aria-invalid=\"true\""),
            "{select}"
        );
        assert!(r.body.contains("Choisissez une valeur de la liste"));
        let mut input = ReportInput::simple("Un arrondissement inventé.");
        input.district = "13299".into();
        let r = crate::public::submit(base, &input).await;
        r.assert_status(StatusCode::BAD_REQUEST);
        assert!(r.body.contains("id=\"district-error\""));

        assert_nothing_stored(&s, "broken bodies").await;
    }
}

/// Sends a request whose `Content-Length` promises `announced` bytes, writes `body` (shorter), shuts
/// the write side, and returns whatever the server answered.
async fn send_and_hang_up(
    base: &str,
    content_type: &str,
    body: &[u8],
    announced: usize,
) -> Vec<u8> {
    let addr = base.strip_prefix("http://").unwrap();
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST /signaler HTTP/1.1\r\nHost: {addr}\r\nContent-Type: {content_type}\r\n\
         Content-Length: {announced}\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(body).await.unwrap();
    stream.shutdown().await.unwrap();
    let mut out = Vec::new();
    let _ = tokio::time::timeout(
        std::time::Duration::from_secs(20),
        stream.read_to_end(&mut out),
    )
    .await
    .expect("the server answers or closes");
    out
}

#[tokio::test]
async fn files_over_the_limits_are_refused_with_413() {
    for s in crate::public::servers_where(|settings| {
        settings.reports.max_file_bytes = 1024 * 1024;
        settings.reports.max_files = 2;
    })
    .await
    {
        let base = &s.base;

        // One file of 2 MiB (of a type we do not clean: it is copied as it comes, so the limit
        // must hold on the copy too), then a 2 MiB JPEG.
        let mut big = b"VIGIE-TEST-UNKNOWN-FORMAT\n".to_vec();
        big.resize(2 * 1024 * 1024, 0x5A);
        let mut big_jpeg = jpeg_with_gps("big");
        let eoi = big_jpeg.split_off(big_jpeg.len() - 2);
        // A comment segment per 64 KiB: a valid JPEG, just heavy.
        while big_jpeg.len() < 2 * 1024 * 1024 {
            let chunk = vec![b'x'; 65_000];
            big_jpeg.extend_from_slice(&[0xFF, 0xFE]);
            big_jpeg.extend_from_slice(&(65_002u16).to_be_bytes());
            big_jpeg.extend_from_slice(&chunk);
        }
        big_jpeg.extend_from_slice(&eoi);
        for (what, name, ct, bytes) in [
            (
                "2 MiB unknown file",
                "donnees.bin",
                "application/octet-stream",
                &big,
            ),
            ("2 MiB photo", "photo.jpg", "image/jpeg", &big_jpeg),
        ] {
            let mut input = ReportInput::simple("Un fichier trop lourd.");
            input.files = vec![(name.into(), ct.into(), bytes.clone())];
            let r = crate::public::submit(base, &input).await;
            expect(&r, StatusCode::PAYLOAD_TOO_LARGE, TOO_LARGE_PAGE, what);
        }

        // Three small files where two are allowed.
        let mut input = ReportInput::simple("Trop de fichiers.");
        for i in 0..3 {
            input.files.push((
                format!("photo{i}.jpg"),
                "image/jpeg".into(),
                jpeg_with_gps(&format!("photo {i}")),
            ));
        }
        let r = crate::public::submit(base, &input).await;
        expect(
            &r,
            StatusCode::PAYLOAD_TOO_LARGE,
            TOO_LARGE_PAGE,
            "3 files of 2",
        );

        // A body over the whole upload limit (files x size + 2 MiB).
        let mut input = ReportInput::simple("Un envoi énorme.");
        input.files = vec![(
            "gros.bin".into(),
            "application/octet-stream".into(),
            vec![0x41; 5 * 1024 * 1024],
        )];
        let r = crate::public::submit(base, &input).await;
        expect(
            &r,
            StatusCode::PAYLOAD_TOO_LARGE,
            TOO_LARGE_PAGE,
            "body over the limit",
        );

        assert_nothing_stored(&s, "files over the limits").await;

        // Two files of just under 1 MiB are fine.
        let mut input = ReportInput::simple("Deux fichiers permis.");
        for i in 0..2 {
            let mut f = b"VIGIE-TEST-UNKNOWN-FORMAT\n".to_vec();
            f.resize(1024 * 1024 - 16, b'0' + i);
            input
                .files
                .push((format!("f{i}.bin"), "application/octet-stream".into(), f));
        }
        let r = crate::public::submit(base, &input).await;
        r.assert_status(StatusCode::OK);
        assert_eq!(crate::public::all_reports(&s.app).await.len(), 1);
    }
}

/// One server per backend holding one report, with its receipt: for the follow-up's forms.
async fn servers_with_a_receipt() -> Vec<(Server, String)> {
    let mut out = Vec::new();
    for s in servers().await {
        let input = ReportInput::simple("Suivi et corps invalides.");
        let receipt = crate::public::submit_ok(&s.base, &input).await;
        out.push((s, receipt));
    }
    out
}

#[tokio::test]
async fn replies_refuse_bad_bodies() {
    for (s, receipt) in servers_with_a_receipt().await {
        let base = &s.base;

        // Replies: the token first, something to send.
        let cookie = crate::public::login(base, &receipt).await;
        let view = get(base, "/suivi", Some(&cookie)).await;
        let t = form_token(&view.body, "/suivi/repondre");
        let r = crate::public::post_reply(
            base,
            Some(&cookie),
            Body::new().text("message", "jeton absent").text("csrf", &t),
        )
        .await;
        expect(
            &r,
            StatusCode::FORBIDDEN,
            CSRF_PAGE,
            "reply token not first",
        );
        let r = crate::public::post_reply(
            base,
            Some(&cookie),
            Body::new().text("csrf", &t).text("message", "   ").file(
                "files",
                "",
                "application/octet-stream",
                b"",
            ),
        )
        .await;
        r.assert_status(StatusCode::BAD_REQUEST);
        r.assert_french_page("empty reply");
        r.assert_shows(&["Écrivez un message ou joignez un fichier"]);
        let r = crate::public::post_reply(
            base,
            Some(&cookie),
            Body::new()
                .text("csrf", &t)
                .raw_text("message", b"\xc3\x28"),
        )
        .await;
        expect(
            &r,
            StatusCode::BAD_REQUEST,
            UTF8_PAGE,
            "reply with invalid UTF-8",
        );
        let r = post_raw(
            base,
            "/suivi/repondre",
            Some(&cookie),
            "application/x-www-form-urlencoded",
            format!("csrf={t}&message=urlencoded").into_bytes(),
        )
        .await;
        expect(
            &r,
            StatusCode::BAD_REQUEST,
            MULTIPART_PAGE,
            "urlencoded reply",
        );
        // Without a session: the receipt form, and nothing is added.
        let r = crate::public::post_reply(
            base,
            None,
            Body::new().text("csrf", &t).text("message", "sans session"),
        )
        .await;
        r.assert_french_page("reply without a session");
        assert!(r.body.contains("action=\"/suivi\""));
        let view = get(base, "/suivi", Some(&cookie)).await;
        assert!(!view.body.contains("jeton absent") && !view.body.contains("sans session"));
        assert!(view.body.contains("Pas encore de message"));
        assert_eq!(crate::public::all_reports(&s.app).await.len(), 1);
    }
}

/// `/suivi`, `/suivi/deconnexion` and `/suivi/retirer` read url-encoded forms: any other body must get
/// the same French page as the rest of the site, not the framework's plain-text rejection.
#[tokio::test]
async fn follow_up_forms_answer_bad_bodies_with_a_page() {
    for (s, receipt) in servers_with_a_receipt().await {
        let base = &s.base;
        let page = get(base, "/suivi", None).await;
        let t = form_token(&page.body, "/suivi");
        let (multipart, receipt_form) = Body::new()
            .text("csrf", &t)
            .text("receipt", &receipt)
            .finish();
        let urlencoded = "application/x-www-form-urlencoded".to_owned();
        let huge = format!("csrf={t}&receipt={}", "1".repeat(100 * 1024));
        let json = || ("application/json".to_owned(), b"{}".to_vec());
        let cookie = crate::public::login(base, &receipt).await;
        // (what, path, in the session, body, the status when one alone will do.)
        for (what, path, session, (content_type, body), status) in [
            // The receipt form, in a body it does not expect.
            (
                "multipart receipt form",
                "/suivi",
                false,
                (multipart, receipt_form),
                None,
            ),
            ("json receipt form", "/suivi", false, json(), None),
            (
                "huge receipt form",
                "/suivi",
                false,
                (urlencoded, huge.into_bytes()),
                Some(StatusCode::PAYLOAD_TOO_LARGE),
            ),
            // Logout and withdrawal in a body they do not expect.
            ("json logout", "/suivi/deconnexion", true, json(), None),
            ("json withdrawal", "/suivi/retirer", true, json(), None),
        ] {
            let cookie = session.then_some(cookie.as_str());
            let r = post_raw(base, path, cookie, &content_type, body).await;
            match status {
                Some(status) => assert_eq!(r.status, status, "{what}: {}", r.body),
                None => assert!(
                    r.status.is_client_error(),
                    "{what}: {}: {}",
                    r.status,
                    r.body
                ),
            }
            r.assert_french_page(what);
        }
        assert_eq!(crate::public::all_reports(&s.app).await.len(), 1);
    }
}

#[tokio::test]
async fn a_full_upload_quota_answers_503_and_recovers() {
    for s in
        crate::public::servers_where(|settings| settings.reports.pending_blob_quota = 256 * 1024)
            .await
    {
        let base = &s.base;
        let mut input = ReportInput::simple("Un envoi pendant que le disque est plein.");
        let mut file = b"VIGIE-TEST-UNKNOWN-FORMAT\n".to_vec();
        file.resize(400 * 1024, b'q');
        input.files = vec![("gros.bin".into(), "application/octet-stream".into(), file)];
        let r = crate::public::submit(base, &input).await;
        r.assert_status(StatusCode::SERVICE_UNAVAILABLE);
        r.assert_french_page("quota");
        r.assert_shows(&["Service saturé"]);
        assert!(r.header("retry-after").is_some());
        assert_nothing_stored(&s, "over the quota").await;

        // The quota is given back: a report within it goes through.
        input.files[0].2.truncate(100 * 1024);
        crate::public::submit_ok(base, &input).await;
        assert_eq!(s.app.blobs().pending_bytes(), 0, "settled once stored");
    }
}
