//! No plaintext at rest (DESIGN.md section 2, item 1) and no client data in the logs (item 3), for
//! the reporter's side. Random canaries go in through the real interfaces: every text field of a
//! report, the name and bytes of each file (a photo's EXIF, a file of unknown type), a reply each
//! way, the receipt and the follow-up cookie, and the client's user agent, referrer and forwarded
//! address. Then every byte the deployment wrote (SQLite file, WAL and shared memory or a `pg_dump`,
//! the blob directory, the process's debug log) is searched for each in clear, hex, base64 and UTF-16.

use std::path::Path;

use base64::Engine;
use reqwest::StatusCode;
use reqwest::header::{HeaderMap, HeaderValue};

use crate::{
    Body, ReportInput, all_reports, find_any, form_token, get_with, handler, jpeg_with_gps,
    log_bytes, post_raw_with, receipt_of, servers, submit_with, try_login_with,
};

/// The encodings a careless program might write a secret in (as in tests/staff/canary.rs).
fn forms(secret: &[u8]) -> Vec<(&'static str, Vec<u8>)> {
    let mut out = vec![
        ("clear", secret.to_vec()),
        ("hex", hex::encode(secret).into_bytes()),
        ("HEX", hex::encode_upper(secret).into_bytes()),
    ];
    // Base64 of the secret at each of the 3 alignments it could have inside a longer value; the
    // middle part of each encoding is stable whatever surrounds it.
    for pad in 0..3 {
        let mut padded = vec![0u8; pad];
        padded.extend_from_slice(secret);
        for (name, engine) in [
            ("base64", &base64::engine::general_purpose::STANDARD),
            (
                "base64url",
                &base64::engine::general_purpose::URL_SAFE_NO_PAD,
            ),
        ] {
            let enc = engine.encode(&padded);
            let start = (pad * 4).div_ceil(3) + 2;
            let end = enc.len().saturating_sub(4);
            if end > start + 8 {
                out.push((name, enc.as_bytes()[start..end].to_vec()));
            }
        }
    }
    if let Ok(text) = std::str::from_utf8(secret) {
        out.push((
            "utf-16le",
            text.encode_utf16().flat_map(u16::to_le_bytes).collect(),
        ));
        out.push((
            "utf-16be",
            text.encode_utf16().flat_map(u16::to_be_bytes).collect(),
        ));
    }
    out
}

/// Every file under `dir`, recursively, with its contents (the key files excepted: they are secrets
/// by design, outside the database and the backups).
fn files_under(dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_under(&path, out);
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if name == "instance.key" || name == "audit.key" {
            continue;
        }
        // A file may vanish between listing and reading (a SQLite journal): skip it.
        if let Ok(bytes) = std::fs::read(&path) {
            out.push((path.display().to_string(), bytes));
        }
    }
}

#[tokio::test]
async fn reporter_secrets_never_reach_the_disk_or_the_logs_in_clear() {
    for s in servers().await {
        let h = handler(&s).await;
        let base = &s.base;
        let tag = || uuid::Uuid::new_v4().simple().to_string();
        let c = |what: &str| format!("canari-{what}-{}", tag());
        let text = c("texte");
        let place = c("lieu");
        let time_of_day = c("heure");
        let identity = c("identite");
        let exif = c("exif");
        let file_bytes = c("fichier");
        let file_name = c("nom");
        let reply = c("reponse");
        let reply_file = c("pj");
        let team_reply = c("equipe");
        let user_agent = c("navigateur");
        let referer = format!("https://{}.example/page", c("referent"));
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
            category: "deal_point".into(),
            district: "13203".into(),
            neighbourhood: "1320303".into(),
            place: place.clone(),
            time_of_day: time_of_day.clone(),
            text: format!("Ce que j'ai vu : {text}"),
            identity: identity.clone(),
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
            ..ReportInput::default()
        };
        let done = submit_with(&client, base, &input).await;
        assert_eq!(done.status, StatusCode::OK, "{}", done.body);
        let receipt = receipt_of(&done.body);

        let r = try_login_with(&client, base, &receipt).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let cookie = r.follow_cookie().unwrap();
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
        let sent = post_raw_with(&client, base, "/suivi/repondre", Some(&cookie), &ct, body).await;
        assert_eq!(sent.status, StatusCode::OK, "{}", sent.body);

        let id = all_reports(&s.app).await[0].id;
        h.reply(&s.app, id, &team_reply).await;
        // The team reads it all (audited decryptions, more rows written).
        let opened = s
            .app
            .open_report(&h.principal, &h.secret, id)
            .await
            .unwrap();
        assert!(opened.content.text.contains(&text));
        assert_eq!(opened.content.place.as_deref(), Some(place.as_str()));
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

        let canaries: Vec<(&str, Vec<u8>)> = vec![
            ("text", text.clone().into_bytes()),
            ("place", place.clone().into_bytes()),
            ("time of day", time_of_day.clone().into_bytes()),
            ("identity", identity.clone().into_bytes()),
            ("EXIF description", exif.clone().into_bytes()),
            ("file bytes", file_bytes.clone().into_bytes()),
            ("file name", file_name.clone().into_bytes()),
            ("reporter reply", reply.clone().into_bytes()),
            ("reply file", reply_file.clone().into_bytes()),
            ("team reply", team_reply.clone().into_bytes()),
            ("receipt", receipt.clone().into_bytes()),
            ("receipt (digits)", receipt.replace(' ', "").into_bytes()),
            ("follow-up cookie", cookie.clone().into_bytes()),
            ("user agent", user_agent.clone().into_bytes()),
            ("referrer", referer.clone().into_bytes()),
            ("forwarded address", forwarded.clone().into_bytes()),
        ];

        // What the deployment wrote.
        let mut stored = Vec::new();
        if let Some(schema) = s.schema() {
            let url = std::env::var("VIGIE_TEST_POSTGRES_URL").unwrap();
            let dump = std::process::Command::new("pg_dump")
                .args(["--no-owner", "--schema", schema, "--dbname", &url])
                .output()
                .unwrap();
            assert!(
                dump.status.success(),
                "{}",
                String::from_utf8_lossy(&dump.stderr)
            );
            stored.push(("pg_dump".to_owned(), dump.stdout));
        }
        files_under(s.dir.path(), &mut stored);
        if s.schema().is_none() {
            let names: Vec<&str> = stored.iter().map(|(n, _)| n.as_str()).collect();
            assert!(
                names.iter().any(|n| n.ends_with("v.sqlite-wal")),
                "WAL mode: {names:?}"
            );
        }
        let blob_files: Vec<&(String, Vec<u8>)> = stored
            .iter()
            .filter(|(n, _)| n.starts_with(&s.paths.blob_dir.display().to_string()))
            .collect();
        // Photo: clean copy and original; the unknown file and the reply's file: one copy each.
        assert_eq!(
            blob_files.len(),
            4,
            "{:?}",
            blob_files.iter().map(|f| &f.0).collect::<Vec<_>>()
        );

        // The scan can fail: what is in clear by design is found.
        let database: Vec<&(String, Vec<u8>)> = stored
            .iter()
            .filter(|(n, _)| n == "pg_dump" || n.contains("v.sqlite"))
            .collect();
        assert!(
            database
                .iter()
                .any(|(_, b)| !find_any(b, &[b"deal_point".as_slice()]).is_empty()),
            "the category code is stored in clear and the scan sees it"
        );
        let log = log_bytes();
        assert!(!log.is_empty(), "the log capture works");
        // No line at all for a reporter's request (see also times.rs, which counts lines).
        assert!(
            find_any(
                &log,
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
        stored.push(("log".to_owned(), log));

        let mut needles: Vec<(String, Vec<u8>)> = Vec::new();
        for (what, secret) in &canaries {
            for (form, bytes) in forms(secret) {
                if bytes.len() >= 8 {
                    needles.push((format!("{what} ({form})"), bytes));
                }
            }
        }
        let needle_refs: Vec<&[u8]> = needles.iter().map(|(_, b)| b.as_slice()).collect();
        let mut leaks = Vec::new();
        for (file, bytes) in &stored {
            for found in find_any(bytes, &needle_refs) {
                let (what, _) = needles.iter().find(|(_, b)| b.as_slice() == found).unwrap();
                leaks.push(format!("{what} in {file}"));
            }
        }
        assert!(leaks.is_empty(), "found in clear:\n{}", leaks.join("\n"));
        s.stop().await;
    }
}
