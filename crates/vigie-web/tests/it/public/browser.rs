//! A real browser with JavaScript disabled (Tor Browser "Safest" is stricter still): Debian's
//! Chromium driven through chromedriver. A reporter fills the form, attaches a photo carrying GPS,
//! keeps the receipt, follows the report and reads a reply; the team's clean copy of the photo has no
//! metadata left and still decodes.
//!
//! Runs when `chromedriver` is on the PATH; `VIGIE_TEST_REQUIRE_BROWSER=1` (set by CI) turns its
//! absence into a failure rather than a skip. The browser is vigie-testkit's (fantoccini).

use vigie_app::reports::FileVariant;
use vigie_testkit::{Browser, Driver};

use crate::public::{all_reports, handler, is_receipt, jpeg_with_gps, servers};

#[tokio::test]
async fn a_reporter_with_javascript_disabled() {
    let Some(d) = Driver::start().await else {
        return;
    };
    for s in servers().await {
        let h = handler(&s).await;
        let tag = uuid::Uuid::new_v4().simple().to_string();
        let photo_dir = tempfile::tempdir().unwrap();
        let photo_path = photo_dir.path().join("photo.jpg");
        let photo = jpeg_with_gps(&format!("canari-navigateur-{tag}"));
        std::fs::write(&photo_path, &photo).unwrap();

        let c = Browser::start(&d).await;
        c.goto(&format!("{}/signaler", s.base)).await;
        let form = c.wait_for_text("Faire un signalement anonyme").await;
        assert!(form.contains("appelez le 17 (police) ou le 112"), "{form}");
        c.select_option("#category", "lookouts_minors").await;
        c.select_option("#district", "13203").await;
        c.select_option("#neighbourhood", "1320303").await;
        let text = format!("Des enfants font le guet devant le 12. {tag}");
        c.fill("#text", &text).await;
        c.fill("#place", "sous le porche").await;
        c.fill("#files", &photo_path.display().to_string()).await;
        c.click("form[action=\"/signaler\"] button[type=submit]")
            .await;
        let done = c.wait_for_text("Votre code de suivi").await;
        assert!(
            done.contains("Guetteurs / recrutement de mineurs"),
            "{done}"
        );
        assert!(
            done.contains("position (GPS)"),
            "removed metadata listed: {done}"
        );
        let receipt = c.text_of("#receipt").await.trim().to_owned();
        assert!(is_receipt(&receipt), "receipt `{receipt}`");

        c.click("a[href=\"/signaler/suite\"]").await;
        c.wait_for_path("/signaler/suite").await;
        c.wait_for_text("Et maintenant ?").await;

        c.goto(&format!("{}/suivi", s.base)).await;
        c.fill("#receipt", &receipt).await;
        c.click("form[action=\"/suivi\"] button[type=submit]").await;
        let view = c.wait_for_text(&tag).await;
        assert!(view.contains("Nouveau"), "{view}");
        assert!(view.contains("photo.jpg"), "{view}");

        let reports = all_reports(&s.app).await;
        assert_eq!(reports.len(), 1);
        let id = reports[0].id;
        let answer = format!("Bien reçu, merci. {tag}-equipe");
        h.reply(&s.app, id, &answer).await;
        c.goto(&format!("{}/suivi", s.base)).await;
        let view = c.wait_for_text(&answer).await;
        assert!(view.contains(&text), "{view}");

        // The team's clean copy: no EXIF, no GPS, no description; still a picture.
        let opened = h.open(&s.app, id).await;
        assert_eq!(opened.content.text, text);
        assert_eq!(opened.files.len(), 1);
        let (part, meta) = &opened.files[0];
        assert_eq!(meta.name, "photo.jpg");
        assert!(meta.removed.contains(&"location".to_owned()), "{meta:?}");
        let clean = h.file(&s.app, id, *part, FileVariant::Clean).await;
        let img = crate::public::assert_clean_photo(&clean, &tag);
        assert_eq!((img.width(), img.height()), (64, 48));
        // What the browser sent was the photo as it was: the evidence copy has it all.
        let original = h.file(&s.app, id, *part, FileVariant::Original).await;
        assert_eq!(original, photo);

        c.close().await;
    }
}
