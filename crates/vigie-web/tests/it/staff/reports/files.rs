//! Downloads (clean by default, the original through an audited POST, a broken file as a broken
//! download) and forwarding as an age file.

use std::io::Read;

use reqwest::StatusCode;
use vigie_domain::report::{ReportForm, ReportStatus};

use super::{form, png_pair, submit};
use crate::staff::{
    Server, assert_newest, audit, download, download_audited, form_token, handler_team, raw,
    servers,
};

#[tokio::test]
async fn files_download_clean_by_default_and_the_original_through_an_audited_post() {
    for s in servers().await {
        let (mut amina, _) = handler_team(&s, "amina").await;
        let (dirty, clean) = png_pair(1000);
        let id = submit(
            &s.app,
            &form("deal_point", "13203", "Photo jointe."),
            &[("entrée du bâtiment.png", dirty.clone())],
        )
        .await;
        let path = format!("/espace/signalements/{id}");
        let (_, _, page) = amina.get(&path).await;
        assert!(page.contains("entrée_du_bâtiment.png"), "{page}");
        assert!(page.contains("texte PNG"), "what was removed: {page}");
        assert!(
            page.contains("Afficher l&#39;original (action journalisée)")
                || page.contains("Afficher l'original (action journalisée)")
        );
        let part = page
            .split_once(&format!("href=\"{path}/fichiers/"))
            .unwrap()
            .1
            .split('"')
            .next()
            .unwrap()
            .to_owned();

        // Named from the sniffed type, never from the reporter's name for it.
        let copy = format!("{path}/fichiers/{part}");
        let (got, read) = download_audited(&s, &amina, &copy, "piece-1.png").await;
        assert_eq!(got, clean);
        assert_eq!(
            (read.kind.as_str(), read.detail),
            ("decrypted", format!("file:{part} clean"))
        );

        // The original: only by POST with the report's token, audited as an export.
        let token = form_token(&page, &format!("{path}/fichiers/{part}/original"));
        let r = raw(
            &amina,
            &format!("{path}/fichiers/{part}/original"),
            Some(&[("csrf", "")]),
        )
        .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        let got = download(
            &amina,
            &format!("{path}/fichiers/{part}/original"),
            Some(&[("csrf", &token)]),
            "piece-1.png",
        )
        .await;
        assert_eq!(got, dirty);
        assert_newest(&s, "exported", &format!("file:{part} original")).await;
        let (status, _, _) = amina.get(&format!("{path}/fichiers/{part}/original")).await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "never by a link");
    }
}

/// The blob file of a report's file copy.
fn blob_file(s: &Server, blob_id: &str) -> std::path::PathBuf {
    let mut dirs = vec![s.dir().join("blobs")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = entry.path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.file_name().unwrap().to_string_lossy() == blob_id {
                return p;
            }
        }
    }
    panic!("no blob {blob_id}");
}

#[tokio::test]
async fn a_damaged_file_is_a_broken_download_not_a_short_one() {
    for s in servers().await {
        let (amina, _) = handler_team(&s, "amina").await;
        let (dirty, clean) = png_pair(300 * 1024);
        let id = submit(
            &s.app,
            &form("deal_point", "13203", "Grande photo."),
            &[("grande.png", dirty)],
        )
        .await;
        let blob = vigie_testkit::report_blobs(&s.app, id)
            .await
            .into_iter()
            .find(|b| b.variant == "clean")
            .unwrap();
        let url = format!("/espace/signalements/{id}/fichiers/{}", blob.part);
        let r = raw(&amina, &url, None).await;
        assert_eq!(
            r.bytes().await.unwrap().len(),
            clean.len(),
            "intact, it streams whole"
        );

        // Flip one byte in the third sealed chunk: the first chunks go out, then the body breaks.
        if let vigie_store::BlobLocation::Folder(_) = &s.paths.blobs {
            let file = blob_file(&s, &blob.blob_id);
            let mut bytes = std::fs::read(&file).unwrap();
            bytes[150 * 1024] ^= 0x40;
            std::fs::write(&file, bytes).unwrap();
        } else {
            let name = format!("/{}", blob.blob_id);
            let (_, mut bytes) = vigie_testkit::s3::objects(&s.paths.blobs)
                .into_iter()
                .find(|(n, _)| n.ends_with(&name))
                .unwrap();
            bytes[150 * 1024] ^= 0x40;
            vigie_testkit::s3::put_object(&s.paths.blobs, &blob.blob_id, bytes);
        }
        let r = raw(&amina, &url, None).await;
        assert_eq!(
            r.status(),
            StatusCode::OK,
            "the headers left before the damage"
        );
        assert!(
            r.bytes().await.is_err(),
            "the client sees a broken download, not a shorter file"
        );
    }
}

pub fn decrypt_tar(identity: &age::x25519::Identity, file: &[u8]) -> Vec<(String, Vec<u8>)> {
    let reader = age::Decryptor::new(file)
        .unwrap()
        .decrypt(std::iter::once(identity as &dyn age::Identity))
        .unwrap();
    let mut archive = tar::Archive::new(reader);
    let mut out = Vec::new();
    for entry in archive.entries().unwrap() {
        let mut entry = entry.unwrap();
        let name = entry.path().unwrap().to_string_lossy().into_owned();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        out.push((name, data));
    }
    out
}

// Long on purpose: one story per database, each step starting where the steps before left it.
#[tokio::test]
async fn forwarding_needs_consent_and_yields_an_age_file_for_the_recipient() {
    for s in servers().await {
        let (mut amina, _) = handler_team(&s, "amina").await;
        let key = age::x25519::Identity::generate();
        let recipient = key.to_public().to_string();

        // Without the reporter's consent: no form, and a forged post is refused.
        let refused = submit(&s.app, &form("threats", "13201", "Sans accord."), &[]).await;
        let path = format!("/espace/signalements/{refused}");
        let (_, _, page) = amina.get(&path).await;
        assert!(page.contains("id=\"forward-no-consent\""), "{page}");
        assert!(!page.contains(&format!("action=\"{path}/transmettre\"")));
        let token = form_token(&page, &format!("{path}/reponse"));
        let (status, _, page) = amina
            .post_field(
                &format!("{path}/transmettre"),
                &token,
                ("recipient", &recipient),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(page.contains("Transmission refusée"), "{page}");
        let entries = audit(&s).await;
        assert!(!entries.iter().any(|e| e.kind == "exported"));

        // With consent.
        let (dirty, clean) = png_pair(2000);
        let id = submit(
            &s.app,
            &ReportForm {
                consent_forward: true,
                identity: "Jamais dans l'export".into(),
                ..form("deal_point", "13203", "Des guetteurs, transmettez.")
            },
            &[("photo.png", dirty.clone())],
        )
        .await;
        let path = format!("/espace/signalements/{id}");
        let (_, _, page) = amina.get(&path).await;
        let token = form_token(&page, &format!("{path}/transmettre"));
        let note_token = form_token(&page, &format!("{path}/note"));
        amina
            .post(
                &format!("{path}/note"),
                &[("csrf", &note_token), ("text", "Note interne secrète.")],
            )
            .await;
        for bad in ["", "age1nope", "ssh-ed25519 AAAA", "AGE-SECRET-KEY-1XYZ"] {
            let (status, _, page) = amina
                .post(
                    &format!("{path}/transmettre"),
                    &[("csrf", &token), ("recipient", bad)],
                )
                .await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
            assert!(page.contains("id=\"forward-error\""), "{page}");
            assert!(
                page.contains("n&#39;est pas une clé publique age")
                    || page.contains("n'est pas une clé publique age")
            );
        }
        assert!(!audit(&s).await.iter().any(|e| e.kind == "exported"));

        let number = s.app.store().report(id).await.unwrap().unwrap().number;
        let file = download(
            &amina,
            &format!("{path}/transmettre"),
            Some(&[("csrf", &token), ("recipient", &recipient)]),
            &format!("signalement-{number}.age"),
        )
        .await;
        let entries = decrypt_tar(&key, &file);
        let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, vec!["piece-1.png", "signalement.txt"]);
        assert_eq!(entries[0].1, clean);
        let text = String::from_utf8(entries[1].1.clone()).unwrap();
        assert!(text.contains("Des guetteurs, transmettez."), "{text}");
        assert!(text.contains("Catégorie : Point de deal"));
        assert!(!text.contains("Note interne") && !text.contains("Jamais dans l'export"));
        let exported: Vec<_> = crate::staff::audit_of_kind(&s, "exported").await;
        assert_eq!(exported.len(), 1);
        assert_eq!(exported[0].detail, "age export");
        assert_eq!(exported[0].object, format!("report:{id}"));
        assert_eq!(
            s.app.store().report(id).await.unwrap().unwrap().status,
            ReportStatus::Forwarded
        );

        // With the originals, on request.
        let r = raw(
            &amina,
            &format!("{path}/transmettre"),
            Some(&[
                ("csrf", &token),
                ("recipient", &recipient),
                ("originals", "1"),
            ]),
        )
        .await;
        let entries = decrypt_tar(&key, &r.bytes().await.unwrap());
        let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            vec!["piece-1.png", "original-piece-1.png", "signalement.txt"]
        );
        assert_eq!(entries[1].1, dirty);

        // Another key cannot open it.
        let other = age::x25519::Identity::generate();
        assert!(
            age::Decryptor::new(&file[..])
                .unwrap()
                .decrypt(std::iter::once(&other as &dyn age::Identity))
                .is_err()
        );
    }
}
