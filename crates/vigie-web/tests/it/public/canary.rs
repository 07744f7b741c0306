//! No plaintext at rest (DESIGN.md section 2, item 1) and no client data in the logs (item 3), for
//! the reporter's side. Random canaries go in through the real interfaces: every text field of a
//! report, the name and bytes of each file (a photo's EXIF, a file of unknown type), a reply each
//! way, a handler's note, the receipt and the follow-up cookie, and the client's user agent, referrer
//! and forwarded address. Then every byte the deployment wrote (SQLite file, WAL and shared memory or
//! a `pg_dump`, the blob directory, the process's debug log) is searched for each in clear, hex,
//! base64 and UTF-16.

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, HeaderValue};

use vigie_domain::report::ReportForm;
use vigie_testkit::canary::{Canaries, Evidence};

use crate::public::{
    Body, ReportInput, all_reports, find_any, form_token, get_with, handler, jpeg_with_gps,
    raw_post, receipt_of, send, servers, submit_with, try_login_with,
};

// Long on purpose: one story per database, each step starting where the steps before left it.
#[tokio::test]
async fn reporter_secrets_never_reach_the_disk_or_the_logs_in_clear() {
    for s in servers().await {
        let h = handler(&s).await;
        let base = &s.base;
        let mut canaries = Canaries::new();
        // Each field gets a canary of its own, named after it.
        let [
            text,
            place,
            time_of_day,
            identity,
            exif,
            file_bytes,
            file_name,
            reply,
            reply_file,
            team_reply,
            note,
            user_agent,
            referent,
        ] = [
            "texte",
            "lieu",
            "heure",
            "identite",
            "exif",
            "fichier",
            "nom",
            "reponse",
            "pj",
            "equipe",
            "note",
            "navigateur",
            "referent",
        ]
        .map(|label| canaries.fresh(label));
        let referer = format!("https://{referent}.example/page");
        let forwarded = "203.0.113.77".to_owned();

        // A client that says more than it should: the server must keep none of it.
        let mut headers = HeaderMap::new();
        headers.insert("user-agent", HeaderValue::from_str(&user_agent).unwrap());
        headers.insert("referer", HeaderValue::from_str(&referer).unwrap());
        headers.insert(
            "x-forwarded-for",
            HeaderValue::from_str(&forwarded).unwrap(),
        );
        headers.insert("x-real-ip", HeaderValue::from_str(&forwarded).unwrap());
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .default_headers(headers)
            .build()
            .unwrap();

        let input = ReportInput {
            form: ReportForm {
                category: "deal_point".into(),
                district: "13203".into(),
                neighbourhood: "1320303".into(),
                place: place.clone(),
                time_of_day: time_of_day.clone(),
                text: format!("Ce que j'ai vu : {text}"),
                identity: identity.clone(),
                ..ReportForm::default()
            },
            files: vec![
                (
                    "photo.jpg".into(),
                    "image/jpeg".into(),
                    jpeg_with_gps(&exif),
                ),
                (
                    format!("{file_name}.bin"),
                    "application/octet-stream".into(),
                    format!("\x00\x01VIGIE?? {file_bytes} fin\n").into_bytes(),
                ),
            ],
        };
        let done = submit_with(&client, base, &input).await;
        done.assert_status(StatusCode::OK);
        let receipt = receipt_of(&done.body);

        let r = try_login_with(&client, base, &receipt).await;
        r.assert_status(StatusCode::SEE_OTHER);
        let cookie = r.cookie(crate::public::FOLLOW_COOKIE).unwrap();
        let page = get_with(&client, base, "/suivi", Some(&cookie)).await;
        let token = form_token(&page.body, "/suivi/repondre");
        let (ct, body) = Body::new()
            .text("csrf", &token)
            .text("message", &reply)
            .file(
                "files",
                "note.bin",
                "application/octet-stream",
                format!("\x00\x02{reply_file}").as_bytes(),
            )
            .finish();
        let sent = raw_post(&client, base, "/suivi/repondre", &ct, body);
        let sent = send(sent, Some(&cookie)).await;
        sent.assert_status(StatusCode::OK);

        let id = all_reports(&s.app).await[0].id;
        h.reply(&s.app, id, &team_reply).await;
        h.write(&s.app, id, &note, vigie_app::reports::Writing::Note)
            .await;
        // The team reads it all (audited decryptions, more rows written).
        let opened = h.open(&s.app, id).await;
        assert!(opened.content.text.contains(&text));
        assert_eq!(opened.content.place.as_deref(), Some(place.as_str()));
        assert!(
            opened.notes.iter().any(|n| n.text == note),
            "the note is stored"
        );
        s.app.housekeep_reports().await.unwrap();

        // Reading back by receipt shows the canaries: the scan below could see them in clear.
        let page = get_with(&client, base, "/suivi", Some(&cookie)).await;
        for (what, needle) in [
            ("text", &text),
            ("reply", &reply),
            ("team reply", &team_reply),
            ("file name", &file_name),
        ] {
            assert!(
                page.body.contains(needle.as_str()),
                "{what} not shown: {}",
                page.body
            );
        }

        canaries
            .add("referrer", &referer)
            .add("forwarded address", &forwarded)
            .add("receipt", &receipt)
            .add("receipt (digits)", receipt.replace(' ', ""))
            .add("follow-up cookie", &cookie);

        // What the deployment wrote (the collection checks WAL mode on SQLite).
        let evidence = s.evidence();
        // In the blob folder, or the test bucket's objects under the instance's prefix.
        let blob_dir = vigie_testkit::s3::blob_root(&s.paths.blobs);
        let blob_files = evidence.only(|n| n.starts_with(&blob_dir));
        // Photo: clean copy and original; the unknown file and the reply's file: one copy each.
        assert_eq!(
            blob_files.len(),
            4,
            "{:?}",
            blob_files.iter().map(|f| &f.0).collect::<Vec<_>>()
        );

        // The scan can fail: what is in clear by design is found.
        assert!(
            Evidence::any_contains(&evidence.database(), b"deal_point"),
            "the category code is stored in clear and the scan sees it"
        );
        let evidence = evidence.with_log();
        let log = &evidence.files.last().unwrap().1;
        // No line at all for a reporter's request (see also times.rs, which counts lines).
        assert!(
            find_any(
                log,
                &[
                    b"route=/signaler".as_slice(),
                    b"route=/suivi".as_slice(),
                    b"route=/en/signaler".as_slice(),
                    b"route=/en/suivi".as_slice(),
                ]
            )
            .is_empty(),
            "a reporter's request was logged"
        );
        canaries.assert_absent(&evidence);
    }
}
