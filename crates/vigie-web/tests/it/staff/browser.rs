//! A real browser with JavaScript disabled (Tor Browser "Safest" is stricter still): Debian's
//! Chromium driven through chromedriver. The first admin signs in, enrols a second factor from the
//! QR page, keeps the recovery codes, changes the one-time password and reaches the dashboard, all
//! through plain HTML forms, with the browser's own `Origin` and `Sec-Fetch-Site` headers.
//!
//! Runs when `chromedriver` is on the PATH; `VIGIE_TEST_REQUIRE_BROWSER=1` (set by CI) turns its
//! absence into a failure rather than a skip.

use vigie_testkit::{Browser, Driver};

use crate::staff::servers;

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
        s.stop().await;
    }
}
