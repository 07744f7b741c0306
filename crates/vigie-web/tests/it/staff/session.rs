//! Sessions: cookie attributes, idle and absolute timeouts, logout, disabled users.

use reqwest::StatusCode;
use reqwest::header::SET_COOKIE;
use vigie_domain::{AuditActor, Role};
use vigie_testkit::assert_shows;

use crate::staff::{CookieClient, location, servers, servers_with, test_settings};
use crate::staff::{account, audit, chosen_password, signed_in, team};

/// Logs `amina` (handler) fully in; returns her browser.
async fn logged_in(s: &crate::staff::Server) -> CookieClient {
    let pw = s.user("amina", &[Role::Handler]).await;
    let mut b = signed_in(s, "amina", &pw).await;
    b.get_ok("/espace").await;
    b
}

#[tokio::test]
async fn the_session_cookie_is_strict_and_http_only() {
    for s in servers().await {
        let mut b = CookieClient::new(&s.base);
        let (_, headers, _) = b.password_step("admin", &s.admin_password).await;
        let cookie = headers.get(SET_COOKIE).unwrap().to_str().unwrap();
        assert_shows(cookie, &["HttpOnly", "SameSite=Strict", "Path=/"]);
        assert!(
            !cookie.contains("Secure"),
            "plain HTTP on localhost: {cookie}"
        );
        assert!(
            !cookie.contains("Max-Age") && !cookie.contains("Expires"),
            "a browser-session cookie: {cookie}"
        );
        // The cookie holds id and key; the database holds neither.
        let value = b.cookie.clone().unwrap();
        let (id, key) = value.split_once('.').unwrap();
        let dump = format!("{:?}", audit(&s).await);
        assert!(!dump.contains(id) && !dump.contains(key));
    }
}

#[tokio::test]
async fn behind_an_https_proxy_the_cookie_is_secure() {
    for s in servers_with(test_settings(), true).await {
        let mut b = CookieClient::new(&s.base);
        let (_, headers, _) = b
            .password_step_with(
                "admin",
                &s.admin_password,
                &[("x-forwarded-proto", "https")],
            )
            .await;
        assert!(
            headers
                .get(SET_COOKIE)
                .unwrap()
                .to_str()
                .unwrap()
                .contains("; Secure")
        );
    }
}

#[tokio::test]
async fn idle_sessions_expire() {
    for s in servers().await {
        let mut b = logged_in(&s).await;
        s.app.clock().advance(29 * 60);
        assert_eq!(
            b.get("/espace").await.0,
            StatusCode::OK,
            "still active after 29 minutes"
        );
        s.app.clock().advance(29 * 60);
        assert_eq!(
            b.get("/espace").await.0,
            StatusCode::OK,
            "activity keeps it alive"
        );
        s.app.clock().advance(31 * 60);
        let (status, headers, _) = b.get("/espace").await;
        assert_eq!(
            (status, location(&headers).as_str()),
            (StatusCode::SEE_OTHER, "/espace/connexion?expiree=1")
        );
        assert!(b.cookie.is_none(), "the expired cookie is cleared");
        let (_, _, page) = b.get("/espace/connexion?expiree=1").await;
        assert!(page.contains("Votre session a expiré"));
    }
}

#[tokio::test]
async fn sessions_end_after_the_absolute_timeout_even_when_active() {
    for s in servers().await {
        let mut b = logged_in(&s).await;
        for _ in 0..25 {
            s.app.clock().advance(29 * 60);
            if b.get("/espace").await.0 != StatusCode::OK {
                break;
            }
        }
        // 25 x 29 min > 12 h: the session must have ended on the way.
        assert_eq!(b.get("/espace").await.0, StatusCode::SEE_OTHER);
    }
}

#[tokio::test]
async fn logout_ends_the_session_server_side() {
    for s in servers().await {
        let mut b = logged_in(&s).await;
        let stolen = b.cookie.clone();
        let (_, _, page) = b.get("/espace").await;
        let token = crate::staff::hidden(&page, "csrf");
        b.post_redirects_to(
            "/espace/deconnexion",
            &[("csrf", &token)],
            "/espace/connexion?sortie=1",
        )
        .await;
        assert!(b.cookie.is_none());
        // A copy of the old cookie opens nothing any more.
        b.cookie = stolen;
        assert_eq!(b.get("/espace").await.0, StatusCode::SEE_OTHER);
    }
}

#[tokio::test]
async fn disabling_a_user_ends_their_sessions_at_once() {
    for s in servers().await {
        let mut b = logged_in(&s).await;
        s.app
            .create_team(AuditActor::Cli, "Signalements nord", &["amina".into()])
            .await
            .unwrap();
        s.app.disable_user(AuditActor::Cli, "amina").await.unwrap();
        let (status, headers, _) = b.get("/espace").await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(location(&headers).starts_with("/espace/connexion"));
        let (_, status) = crate::staff::at_password_step(&s, "amina").await;
        assert_eq!(
            status,
            StatusCode::UNAUTHORIZED,
            "a disabled account cannot log in"
        );
        let team = team(&s, "Signalements nord").await;
        assert_eq!(team.generation, 2, "the team key was rotated");
    }
}

#[tokio::test]
async fn any_instance_serves_a_session_and_throttling_holds_across_instances() {
    for s in servers().await {
        let mut b = logged_in(&s).await;
        let (other_base, other) = s.another_instance(test_settings()).await;
        // The same cookie on another instance: the session lives in the database, its key in the cookie.
        let mut elsewhere = CookieClient::new(&other_base);
        elsewhere.cookie = b.cookie.clone();
        let page = elsewhere.get_ok("/espace").await;
        assert!(page.contains("Bonjour amina"));
        // Three failures on one instance delay the account on the other.
        for _ in 0..3 {
            b.password_step("amina", "wrong password").await;
        }
        let (status, _, _) = elsewhere
            .password_step("amina", &chosen_password("amina"))
            .await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        other.store().close().await;
    }
}

#[tokio::test]
async fn raised_kdf_parameters_apply_at_the_next_login_and_lowered_ones_never_do() {
    for s in servers().await {
        let pw = s.user("amina", &[Role::Handler]).await;
        let before = account(&s, "amina").await.password;
        assert_eq!(before.kdf, "argon2id$v=19$m=8,t=1,p=1");
        let stronger = vigie_app::Settings {
            kdf: vigie_vault::KdfParams {
                memory_kib: 64,
                iterations: 2,
                parallelism: 1,
            },
            ..test_settings()
        };
        let (other_base, other) = s.another_instance(stronger).await;
        let mut b = CookieClient::new(&other_base);
        let (status, _, _) = b.password_step("amina", &pw).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let after = account(&s, "amina").await.password;
        assert_eq!(after.kdf, "argon2id$v=19$m=64,t=2,p=1");
        assert_ne!(after.kdf_salt, before.kdf_salt);
        // The same password still opens the same key, on either instance; signing in on the instance
        // configured weaker does not re-wrap it downwards.
        let mut again = CookieClient::new(&s.base);
        assert_eq!(
            again.password_step("amina", &pw).await.0,
            StatusCode::SEE_OTHER
        );
        let kept = account(&s, "amina").await.password;
        assert_eq!(kept.kdf, after.kdf, "no downgrade at login");
        assert_eq!(kept.kdf_salt, after.kdf_salt);
        other.store().close().await;
    }
}
