//! Files cannot attack staff: a hostile PDF sent through `/signaler` reaches the handler only
//! cleaned, `facture.html` has no default download and leaves only through the audited original
//! action under a neutral name, and a PDF bomb is refused (kept sealed, never served by default)
//! without harming the server.

use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use vigie_domain::ReportId;
use vigie_testkit::assert_shows;

use crate::staff::hostile::{BEACON, assert_inert, hostile_pdf, object_stream, raw_pdf};
use crate::staff::{CookieClient, Server, assert_newest, form_token, servers};
use crate::staff::{audit, download, download_audited, handler_team, raw};

const HTML: &[u8] =
    b"<!doctype html><html><body><script>fetch('https://beacon.example.net/html')</script>Facture</body></html>";

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Sends a report with `files` through the public form, as a witness's browser does; returns the
/// receipt page.
async fn send(s: &Server, files: &[(&str, &str, Vec<u8>)]) -> String {
    let client = reqwest::Client::new();
    let form = client
        .get(format!("{}/signaler", s.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let mut multipart = Form::new()
        .text("csrf", form_token(&form, "/signaler"))
        .text("category", "deal_point")
        .text("text", "Des pièces jointes.")
        .text("district", "13203");
    for (name, mime, bytes) in files {
        multipart = multipart.part(
            "files",
            Part::bytes(bytes.clone())
                .file_name(name.to_string())
                .mime_str(mime)
                .unwrap(),
        );
    }
    let r = client
        .post(format!("{}/signaler", s.base))
        .multipart(multipart)
        .send()
        .await
        .unwrap();
    let status = r.status();
    let page = r.text().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{page}");
    page
}

/// The newest report.
/// Downloads an original through its audited form (`action`, signed with the token of `page`):
/// it must be `expected`, whole, under the neutral name `name`. Returns the answer's headers.
async fn original(b: &CookieClient, page: &str, action: &str, name: &str, expected: &[u8]) {
    let token = form_token(page, action);
    let bytes = download(b, action, Some(&[("csrf", &token)]), name).await;
    assert_eq!(bytes, expected);
}

async fn newest(s: &Server) -> ReportId {
    vigie_testkit::all_reports(&s.app).await[0].id
}

/// The part ids of the files listed on a report's page, in order (every file has an original).
fn parts(page: &str, path: &str) -> Vec<String> {
    page.split(&format!("action=\"{path}/fichiers/"))
        .skip(1)
        .map(|rest| rest.split_once("/original\"").unwrap().0.to_owned())
        .collect()
}

// Long on purpose: one story per database, each step starting where the steps before left it.
#[tokio::test]
async fn a_hostile_pdf_is_served_cleaned_and_an_html_file_only_through_the_audited_original() {
    for s in servers().await {
        let (mut amina, _) = handler_team(&s, "amina").await;
        // The form says which files keep their metadata, in both languages.
        let client = reqwest::Client::new();
        for (path, says) in [
            ("/signaler", "Envoyez plutôt une capture d'écran"),
            ("/en/signaler", "Send a screenshot instead"),
        ] {
            let form = client
                .get(format!("{}{path}", s.base))
                .send()
                .await
                .unwrap();
            let form = form.text().await.unwrap();
            assert!(
                form.contains(says) || form.contains(&says.replace('\'', "&#39;")),
                "{path}: {form}"
            );
        }
        let pdf = hostile_pdf(true);
        let receipt = send(
            &s,
            &[
                ("relevé.pdf", "application/pdf", pdf.clone()),
                ("facture.html", "text/html", HTML.to_vec()),
            ],
        )
        .await;
        // The reporter's side lists the files by name, as text, and offers no download.
        assert!(receipt.contains("facture.html"), "{receipt}");
        assert!(!receipt.contains("/fichiers/"));
        let id = newest(&s).await;
        let path = format!("/espace/signalements/{id}");
        let (status, _, page) = amina.get(&path).await;
        assert_eq!(status, StatusCode::OK);
        assert_shows(&page, &["Pièce 1", "Pièce 2"]);
        assert!(page.contains("facture.html"), "the name is shown as text");
        assert!(
            page.contains("scripts, actions et liens du PDF"),
            "what was removed: {page}"
        );
        let files = parts(&page, &path);
        assert_eq!(files.len(), 2, "{page}");
        let (pdf_part, html_part) = (&files[0], &files[1]);
        // One default link: the PDF's clean copy. The HTML file has none, and a warning.
        assert!(page.contains(&format!("href=\"{path}/fichiers/{pdf_part}\"")));
        assert!(!page.contains(&format!("href=\"{path}/fichiers/{html_part}\"")));
        assert_eq!(page.matches("Pas de copie nettoyée").count(), 1, "{page}");
        assert!(page.contains("machine isolée et hors ligne"));

        // The PDF's default download: cleaned, a neutral name, nothing a browser would render.
        let copy = format!("{path}/fichiers/{pdf_part}");
        let (clean, _) = download_audited(&s, &amina, &copy, "piece-1.pdf").await;
        let read = audit(&s).await.len();
        assert!(!contains(&clean, BEACON), "the beacon URL survived");
        assert_inert(&clean);

        // The HTML file's default download: a clear refusal, nothing audited, nothing served.
        let r = raw(&amina, &format!("{path}/fichiers/{html_part}"), None).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
        let body = r.text().await.unwrap();
        assert!(
            body.contains("n&#39;a pas de copie nettoyée")
                || body.contains("n'a pas de copie nettoyée"),
            "{body}"
        );
        assert!(!body.contains("beacon.example.net"));
        assert_eq!(audit(&s).await.len(), read, "nothing audited");

        // Its original: by the audited POST only, named from its sniffed type (unknown: bin).
        let action = format!("{path}/fichiers/{html_part}/original");
        original(&amina, &page, &action, "piece-2.bin", HTML).await;
        assert_newest(&s, "exported", &format!("file:{html_part} original")).await;

        // The PDF's original is the hostile file itself, under the same neutral name.
        let action = format!("{path}/fichiers/{pdf_part}/original");
        original(&amina, &page, &action, "piece-1.pdf", &pdf).await;
    }
}

#[tokio::test]
async fn a_pdf_bomb_is_refused_without_harm_and_never_served_by_default() {
    for s in servers().await {
        let (mut amina, _) = handler_team(&s, "amina").await;
        // An object stream that inflates to 12 MiB of zeros from a few kilobytes.
        let bomb = raw_pdf(&[object_stream(vec![0u8; 12 << 20], 1, 0)]);
        assert!(bomb.len() < 64 * 1024, "{}", bomb.len());
        send(&s, &[("bombe.pdf", "application/pdf", bomb.clone())]).await;
        let id = newest(&s).await;
        let path = format!("/espace/signalements/{id}");
        let (status, _, page) = amina.get(&path).await;
        assert_eq!(status, StatusCode::OK, "the server is still up");
        let files = parts(&page, &path);
        assert_eq!(files.len(), 1);
        assert!(!page.contains(&format!("href=\"{path}/fichiers/{}\"", files[0])));
        assert!(page.contains("Fichier non vérifié"), "{page}");
        assert!(page.contains("Pas de copie nettoyée"));
        let r = raw(&amina, &format!("{path}/fichiers/{}", files[0]), None).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
        // Kept sealed as evidence, whole.
        let action = format!("{path}/fichiers/{}/original", files[0]);
        original(&amina, &page, &action, "piece-1.pdf", &bomb).await;
    }
}
