//! Password, second factor, enrolment, recovery codes, generic errors, throttling, CSRF.

use reqwest::StatusCode;
use vigie_domain::Role;

use crate::staff::audit;
use crate::staff::{CookieClient, location, servers};

/// amina, a new handler, past her password: at the enrolment of her second factor.
async fn amina_at_enrolment(s: &crate::staff::Server) -> CookieClient {
    let pw = s.user("amina", &[Role::Handler]).await;
    let mut b = CookieClient::new(&s.base);
    b.password_step("amina", &pw).await;
    b
}

#[tokio::test]
async fn first_login_enrols_a_second_factor_then_forces_a_new_password() {
    for s in servers().await {
        let mut b = CookieClient::new(&s.base);
        b.first_login(&s.app, "admin", &s.admin_password).await;
        // The one-time password must be replaced before anything else.
        let (status, headers, _) = b.get("/espace").await;
        assert_eq!(
            (status, location(&headers).as_str()),
            (StatusCode::SEE_OTHER, "/espace/mot-de-passe")
        );
        let token = b.csrf("/espace/mot-de-passe").await;
        let page = b
            .post_expect(
                "/espace/mot-de-passe",
                &[
                    ("csrf", &token),
                    ("current", &s.admin_password),
                    ("new", "court"),
                    ("confirm", "court"),
                ],
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        assert!(page.contains("au moins 12 caractères"), "{page}");
        let new = "une phrase de passe pour la démo";
        let page = b
            .post_expect(
                "/espace/mot-de-passe",
                &[
                    ("csrf", &token),
                    ("current", "wrong password!"),
                    ("new", new),
                    ("confirm", new),
                ],
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        assert!(page.contains("actuel est incorrect"), "{page}");
        b.post_expect(
            "/espace/mot-de-passe",
            &[
                ("csrf", &token),
                ("current", &s.admin_password),
                ("new", new),
                ("confirm", new),
            ],
            StatusCode::OK,
        )
        .await;
        let page = b.get_ok("/espace").await;
        assert!(page.contains("Bonjour admin"), "{page}");
        assert!(page.contains("Administrateur·rice") && page.contains("Garant·e des identités"));

        // The old password no longer opens the account; the new one does.
        let mut other = CookieClient::new(&s.base);
        let (status, _, _) = other.password_step("admin", &s.admin_password).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        let (status, _, _) = other.password_step("admin", new).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
    }
}

#[tokio::test]
async fn wrong_password_and_unknown_user_get_the_same_answer() {
    for s in servers().await {
        s.user("amina", &[Role::Handler]).await;
        let mut b = CookieClient::new(&s.base);
        let (st1, _, wrong) = b.password_step("amina", "not her password").await;
        let (st2, _, unknown) = b.password_step("nobody", "not her password").await;
        let (st3, _, invalid) = b.password_step("<script>", "x").await;
        assert_eq!(
            (st1, st2, st3),
            (
                StatusCode::UNAUTHORIZED,
                StatusCode::UNAUTHORIZED,
                StatusCode::UNAUTHORIZED
            )
        );
        for page in [&wrong, &unknown, &invalid] {
            assert!(
                page.contains("Identifiant ou mot de passe incorrect."),
                "{page}"
            );
            assert!(!page.contains("<script>"), "input is escaped");
        }
        assert!(b.cookie.is_none(), "no session for a failed login");
        let kinds: Vec<String> = audit(&s)
            .await
            .into_iter()
            .map(|e| format!("{} {}", e.kind, e.actor))
            .collect();
        assert!(
            kinds
                .iter()
                .filter(|k| k.starts_with("login_failed"))
                .count()
                == 3,
            "{kinds:?}"
        );
        assert!(kinds.iter().any(|k| k == "login_failed unknown"));
    }
}

#[tokio::test]
async fn totp_login_refuses_replay_and_accepts_a_recovery_code_once() {
    for s in servers().await {
        let pw = s.user("amina", &[Role::Handler]).await;
        let mut b = CookieClient::new(&s.base);
        let (secret, codes) = b.first_login(&s.app, "amina", &pw).await;
        let now = b.enrolled_at;

        // The enrolment code's time step cannot be used again.
        let mut again = CookieClient::new(&s.base);
        let (status, _, page) = again.login_totp("amina", &pw, &secret, now).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "replayed step: {page}");
        assert!(page.contains("Code incorrect ou expiré."));

        s.app.clock().advance(30);
        let mut c = CookieClient::new(&s.base);
        let (status, headers, _) = c
            .login_totp("amina", &pw, &secret, s.app.clock().unix())
            .await;
        assert_eq!(
            (status, location(&headers).as_str()),
            (StatusCode::SEE_OTHER, "/espace/mot-de-passe")
        );

        // A recovery code instead of the phone, typed in capitals with spaces: works, once.
        for (expected, browser) in [(StatusCode::SEE_OTHER, 1), (StatusCode::UNAUTHORIZED, 2)] {
            let mut r = CookieClient::new(&s.base);
            r.password_step("amina", &pw).await;
            let token = r.csrf("/espace/2fa").await;
            let typed = codes[0].to_uppercase().replace('-', " ");
            let (status, _, _) = r
                .post("/espace/2fa", &[("csrf", &token), ("code", &typed)])
                .await;
            assert_eq!(status, expected, "recovery attempt {browser}");
        }
        let kinds: Vec<String> = audit(&s).await.into_iter().map(|e| e.kind).collect();
        assert!(
            kinds.contains(&"recovery_code_used".to_owned())
                && kinds.contains(&"totp_enrolled".to_owned())
        );
    }
}

#[tokio::test]
async fn a_second_factor_session_opens_nothing_else() {
    for s in servers().await {
        let mut b = amina_at_enrolment(&s).await;
        assert!(b.cookie.is_some());
        let (status, headers, _) = b.get("/espace").await;
        assert_eq!(
            (status, location(&headers).as_str()),
            (StatusCode::SEE_OTHER, "/espace/connexion")
        );
        b.get_expect("/espace/admin/journal", StatusCode::SEE_OTHER)
            .await;
    }
}

#[tokio::test]
async fn csrf_tokens_are_required_bound_and_checked() {
    for s in servers().await {
        let mut b = CookieClient::new(&s.base);
        // Missing, forged.
        let page = b
            .post_expect(
                "/espace/connexion",
                &[("username", "admin"), ("password", &s.admin_password)],
                StatusCode::FORBIDDEN,
            )
            .await;
        assert!(page.contains("Formulaire expiré ou invalide"), "{page}");
        b.post_expect(
            "/espace/connexion",
            &[
                ("csrf", "AAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
                ("username", "admin"),
                ("password", &s.admin_password),
            ],
            StatusCode::FORBIDDEN,
        )
        .await;
        // English page in English.
        let page = b
            .post_expect(
                "/en/espace/connexion",
                &[("username", "admin")],
                StatusCode::FORBIDDEN,
            )
            .await;
        assert!(page.contains("lang=\"en\""));
        // A valid token from a cross-site page is refused by the browser's own headers.
        for (header, expected) in [
            (("sec-fetch-site", "cross-site"), StatusCode::FORBIDDEN),
            (("origin", "https://evil.example"), StatusCode::FORBIDDEN),
            // Tor Browser sends `Origin: null`: the token decides.
            (("origin", "null"), StatusCode::SEE_OTHER),
        ] {
            let (status, _, _) = b
                .password_step_with("admin", &s.admin_password, &[header])
                .await;
            assert_eq!(status, expected, "{header:?}");
        }
        // An expired token.
        let token = b.csrf("/espace/connexion").await;
        s.app.clock().advance(5 * 3600);
        b.post_expect(
            "/espace/connexion",
            &[
                ("csrf", &token),
                ("username", "admin"),
                ("password", &s.admin_password),
            ],
            StatusCode::FORBIDDEN,
        )
        .await;
    }
}

#[tokio::test]
async fn a_staff_token_is_bound_to_its_session() {
    for s in servers().await {
        let pw = s.user("amina", &[Role::Handler]).await;
        let mut a = CookieClient::new(&s.base);
        a.password_step("amina", &pw).await;
        let token_a = a.csrf("/espace/2fa/inscription").await;
        let mut b = CookieClient::new(&s.base);
        b.password_step("amina", &pw).await;
        let (status, _, _) = b
            .post(
                "/espace/2fa/inscription",
                &[("csrf", &token_a), ("code", "123456"), ("pending", "x")],
            )
            .await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "a token from another session"
        );
    }
}

#[tokio::test]
async fn throttling_delays_an_account_without_locking_it() {
    for s in servers().await {
        let pw = s.user("amina", &[Role::Handler]).await;
        let mut b = CookieClient::new(&s.base);
        for _ in 0..3 {
            let (status, _, _) = b.password_step("amina", "wrong password").await;
            assert_eq!(status, StatusCode::UNAUTHORIZED);
        }
        // Now even the right password waits: the delay is per account, stored in the database.
        let (status, headers, page) = b.password_step("amina", &pw).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        let wait: u64 = headers
            .get("retry-after")
            .unwrap()
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=2).contains(&wait), "the first delay is 2 s: {wait}");
        assert!(
            page.contains(&format!("Réessayez dans {wait} seconde")),
            "{page}"
        );
        // Another account is not affected.
        let (status, _, _) = b.password_step("admin", &s.admin_password).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        // After the delay, the right password works and the count starts again.
        s.app.clock().advance(3);
        let mut c = CookieClient::new(&s.base);
        let (status, _, _) = c.password_step("amina", &pw).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        // Unknown names are throttled the same way (no enumeration by timing of refusals).
        for _ in 0..3 {
            c.password_step("nobody", "x").await;
        }
        let (status, _, _) = c.password_step("nobody", "x").await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
        let throttled = audit(&s)
            .await
            .into_iter()
            .filter(|e| e.kind == "login_throttled")
            .count();
        assert_eq!(throttled, 2);
    }
}

#[tokio::test]
async fn a_saturated_kdf_pool_answers_503_with_retry_after() {
    let settings = vigie_app::Settings {
        // A real cost, one slot, a very short queue: concurrent logins must overflow.
        kdf: vigie_vault::KdfParams {
            memory_kib: 32 * 1024,
            iterations: 2,
            parallelism: 1,
        },
        pool_sizes: vigie_app::PoolSizes {
            staff_login: 1,
            receipt_login: 1,
            new_report: 1,
            ..vigie_app::PoolSizes::default()
        },
        pool_wait: std::time::Duration::from_millis(1),
        ..crate::staff::test_settings()
    };
    for s in crate::staff::servers_with(settings, false).await {
        let mut b = CookieClient::new(&s.base);
        let token = b.csrf("/espace/connexion").await;
        let client = reqwest::Client::new();
        let tasks: Vec<_> = (0..6)
            .map(|_| {
                let req = client.post(format!("{}/espace/connexion", s.base)).form(&[
                    ("csrf", token.as_str()),
                    ("username", "admin"),
                    ("password", "wrong password"),
                ]);
                tokio::spawn(async move { req.send().await.unwrap() })
            })
            .collect();
        let mut busy = 0;
        for t in tasks {
            let r = t.await.unwrap();
            if r.status() == StatusCode::SERVICE_UNAVAILABLE {
                assert!(r.headers().get("retry-after").is_some());
                busy += 1;
            } else {
                assert!(
                    matches!(
                        r.status(),
                        StatusCode::UNAUTHORIZED | StatusCode::TOO_MANY_REQUESTS
                    ),
                    "{}",
                    r.status()
                );
            }
        }
        assert!(busy >= 1, "at least one request found the pool full");
    }
}

#[tokio::test]
async fn a_login_left_at_the_second_factor_expires_after_ten_minutes() {
    for s in servers().await {
        let mut b = CookieClient::new(&s.base);
        b.password_step("admin", &s.admin_password).await;
        s.app.clock().advance(11 * 60);
        let (status, headers, _) = b.get("/espace/2fa/inscription").await;
        assert_eq!(
            (status, location(&headers).as_str()),
            (StatusCode::SEE_OTHER, "/espace/connexion?expiree=1")
        );
    }
}
