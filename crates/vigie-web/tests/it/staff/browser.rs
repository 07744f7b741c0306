//! A real browser with JavaScript disabled (Tor Browser "Safest" is stricter still): Debian's
//! Chromium driven through chromedriver. The first admin signs in, enrols a second factor from the
//! QR page, keeps the recovery codes, changes the one-time password and reaches the dashboard, all
//! through plain HTML forms, with the browser's own `Origin` and `Sec-Fetch-Site` headers.
//!
//! Runs when `chromedriver` is on the PATH; `VIGIE_TEST_REQUIRE_BROWSER=1` (set by CI) turns its
//! absence into a failure rather than a skip.

use vigie_testkit::assert_shows;
use vigie_testkit::{Browser, Driver};

use crate::staff::case_files::{CONSENTS, change, file_from_request, two_casework_teams};
use crate::staff::{servers, signed_in};

#[tokio::test]
async fn first_sign_in_with_javascript_disabled() {
    let Some(d) = Driver::start().await else {
        return;
    };
    for s in servers().await {
        let c = Browser::start(&d).await;
        c.goto(&s.base).await;
        let home = c.main_text().await;
        assert!(home.contains("Briser le silence"), "{home}");
        c.find("a.skip-link").await;

        c.goto(&format!("{}/espace/connexion", s.base)).await;
        c.fill("#username", "admin").await;
        c.fill("#password", &s.admin_password).await;
        c.submit("/espace/connexion").await;
        c.wait_for_url("/espace/2fa/inscription").await;

        // The QR code is drawn (inline SVG, allowed by the CSP) and the secret is there as text.
        c.screenshot("enrol").await;
        let (w, h) = c.size_of("svg.qr").await;
        assert!(w >= 100.0 && h >= 100.0, "QR code size {w}x{h}");
        let secret = c.text_of("code.code").await;
        let code = vigie_app::totp_code(secret.trim(), s.app.clock().unix()).unwrap();
        c.fill("#code", &code).await;
        c.submit("/espace/2fa/inscription").await;
        c.wait_for_text("Vos codes de secours").await;
        c.screenshot("recovery-codes").await;
        assert_eq!(c.count("ul.recovery-codes li").await, 10);

        c.click("main a.button").await;
        c.wait_for_url("/espace/mot-de-passe").await;
        let new = "une phrase de passe pour le navigateur";
        c.fill("#current", &s.admin_password).await;
        c.fill("#new", new).await;
        c.fill("#confirm", new).await;
        c.submit("/espace/mot-de-passe").await;
        c.wait_for_text("Votre mot de passe a été changé.").await;

        c.goto(&format!("{}/espace", s.base)).await;
        assert!(c.main_text().await.contains("Bonjour admin"));
        c.screenshot("dashboard").await;
        c.goto(&format!("{}/espace/admin/journal", s.base)).await;
        c.screenshot("audit-log").await;
        c.goto(&format!("{}/espace/admin/equipes", s.base)).await;
        c.screenshot("teams").await;
        // Logging out through the header's form.
        c.submit("/espace/deconnexion").await;
        c.wait_for_url("/espace/connexion?sortie=1").await;
        c.close().await;
    }
}

/// A person in need, with JavaScript off: asks for help at `/aide`, keeps the follow-up code, reads
/// the request back at `/suivi`; once a caseworker has opened their file and recorded their consents,
/// they read those at `/suivi/consentements` and withdraw sharing with partners, which the caseworker
/// sees in force on the file at once.
#[tokio::test]
async fn a_person_asks_for_help_and_withdraws_a_consent_with_javascript_disabled() {
    let Some(d) = Driver::start().await else {
        return;
    };
    for s in servers().await {
        let [pw, ..] = two_casework_teams(&s).await;
        let tag = uuid::Uuid::new_v4().simple().to_string();
        let c = Browser::start(&d).await;
        c.goto(&format!("{}/aide", s.base)).await;
        let page = c.wait_for_text("116 006").await;
        assert!(page.contains("Quitter rapidement"), "quick exit: {page}");
        c.click("#asker-family").await;
        c.click("#needs-psychological").await;
        c.click("#needs-legal").await;
        c.click("#urgency-this_week").await;
        c.select_option("#district", "13203").await;
        let message = format!("Mon fils a été menacé devant l'école. {tag}");
        c.fill("#message", &message).await;
        c.click("#channel-follow_up_only").await;
        c.click("form[action=\"/aide#demande\"] button[type=submit]")
            .await;
        c.wait_for_text("Demande envoyée").await;
        let receipt = c.text_of("#receipt").await.trim().to_owned();
        assert_eq!(
            receipt.chars().filter(char::is_ascii_digit).count(),
            20,
            "{receipt}"
        );

        c.goto(&format!("{}/suivi", s.base)).await;
        c.fill("#receipt", &receipt).await;
        c.click("form[action=\"/suivi\"] button[type=submit]").await;
        let view = c.wait_for_text(&tag).await;
        assert!(view.contains("Soutien psychologique"), "{view}");

        // The caseworker opens the person's file from the request and records their consents.
        let mut cass = signed_in(&s, "cass", &pw).await;
        let file = file_from_request(&mut cass, "Nadia Exemple-Fictif", "indirect_victim").await;
        change(&mut cass, &file, CONSENTS).await;

        // Back at /suivi, through a plain link, the person withdraws sharing with partners.
        c.goto(&format!("{}/suivi", s.base)).await;
        c.wait_for_text(&tag).await;
        c.click("a[href=\"/suivi/consentements\"]").await;
        c.wait_for_path("/suivi/consentements").await;
        let consents = c.wait_for_text("Ce que vous retirez").await;
        assert_shows(
            &consents,
            &[
                "statistiques publiées : oui",
                "partenaires (psychologue, avocat...) : oui",
            ],
        );
        c.click("#withdraw-sharing").await;
        c.click("form[action=\"/suivi/consentements\"] button[type=submit]")
            .await;
        let done = c.wait_for_text("Votre retrait est enregistré").await;
        assert_shows(
            &done,
            &[
                "statistiques publiées : oui",
                "Partage d'informations avec des partenaires : non",
            ],
        );
        c.close().await;

        let (_, _, body) = cass.get(&file).await;
        assert!(
            body.contains(
                "en vigueur : statistiques publiées oui, partage avec des partenaires non"
            ),
            "{body}"
        );
    }
}
