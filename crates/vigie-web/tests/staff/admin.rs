//! The audit log page and the policy at the edge.

use reqwest::StatusCode;
use vigie_domain::Role;

use crate::{Browser, form_token, location, servers};

/// The admin, fully logged in with a changed password.
async fn admin(s: &crate::Server) -> Browser {
    let mut b = Browser::new(&s.base);
    b.first_login(&s.app, "admin", &s.admin_password).await;
    let token = b.csrf("/espace/mot-de-passe").await;
    let new = "la garante change son mot de passe";
    b.post(
        "/espace/mot-de-passe",
        &[
            ("csrf", &token),
            ("current", &s.admin_password),
            ("new", new),
            ("confirm", new),
        ],
    )
    .await;
    b
}

#[tokio::test]
async fn the_audit_log_lists_filters_verifies_and_checkpoints() {
    for s in servers().await {
        let mut b = admin(&s).await;
        let (status, _, page) = b.get("/espace/admin/journal").await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert!(page.contains("Chaîne vérifiée"), "{page}");
        assert!(page.contains("Vérification en deux étapes activée"));
        assert!(page.contains("Mot de passe changé"));

        let (_, _, page) = b.get("/espace/admin/journal?kind=password_changed").await;
        assert!(
            page.contains("Mot de passe changé") && !page.contains("<td>Instance initialisée</td>"),
            "{page}"
        );
        let (_, _, page) = b
            .get("/espace/admin/journal?kind=nonsense&from=not-a-day&avant=-4")
            .await;
        assert!(
            page.contains("Instance initialisée"),
            "bad filters are ignored, not errors"
        );

        let before = s.app.store().checkpoints().await.unwrap().len();
        let token = form_token(&page, "/espace/admin/journal/point-de-controle");
        let (status, headers, _) = b
            .post(
                "/espace/admin/journal/point-de-controle",
                &[("csrf", &token)],
            )
            .await;
        assert_eq!(
            (status, location(&headers).as_str()),
            (StatusCode::SEE_OTHER, "/espace/admin/journal?signe=1")
        );
        assert_eq!(s.app.store().checkpoints().await.unwrap().len(), before + 1);
        let (_, _, page) = b.get("/espace/admin/journal?signe=1").await;
        assert!(page.contains("Point de contrôle signé."));

        // In English too.
        let (status, _, page) = b.get("/en/espace/admin/journal").await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            page.contains("lang=\"en\"") && page.contains("Audit log"),
            "{page}"
        );

        // Tampering shows on the page.
        let st = s.app.store();
        let drop = if st.backend_name() == "sqlite" {
            "DROP TRIGGER audit_log_no_update"
        } else {
            "DROP TRIGGER audit_log_append_only ON audit_log"
        };
        st.raw_execute_for_tests(drop).await.unwrap();
        st.raw_execute_for_tests("UPDATE audit_log SET detail = 'forged' WHERE seq = 3")
            .await
            .unwrap();
        let (_, _, page) = b.get("/espace/admin/journal").await;
        assert!(
            page.contains("Échec de la vérification à l&#39;entrée n° 3")
                || page.contains("Échec de la vérification à l'entrée n° 3"),
            "{page}"
        );
        s.stop().await;
    }
}

#[tokio::test]
async fn a_handler_is_refused_the_audit_log_and_the_refusal_is_logged() {
    for s in servers().await {
        let pw = s.user("amina", &[Role::Handler]).await;
        let mut b = Browser::new(&s.base);
        b.first_login(&s.app, "amina", &pw).await;
        let token = b.csrf("/espace/mot-de-passe").await;
        let new = "amina a choisi une phrase";
        b.post(
            "/espace/mot-de-passe",
            &[
                ("csrf", &token),
                ("current", &pw),
                ("new", new),
                ("confirm", new),
            ],
        )
        .await;
        let (_, _, page) = b.get("/espace").await;
        assert!(
            !page.contains("/espace/admin/journal"),
            "no link to what she may not open"
        );
        let (status, _, page) = b.get("/espace/admin/journal").await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{page}");
        let (status, _, _) = b.get("/espace/admin/utilisateurs").await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let token = crate::hidden(&b.get("/espace").await.2, "csrf");
        let (status, _, _) = b
            .post(
                "/espace/admin/journal/point-de-controle",
                &[("csrf", &token)],
            )
            .await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "the logout token is not a checkpoint token"
        );
        let denied: Vec<_> = s
            .app
            .store()
            .audit_chain()
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.kind == "permission_denied")
            .collect();
        assert_eq!(denied.len(), 2, "{denied:?}");
        assert!(denied[0].detail.starts_with("read_audit_log"));
        s.stop().await;
    }
}

#[tokio::test]
async fn the_users_page_lists_accounts_for_admins() {
    for s in servers().await {
        s.user("amina", &[Role::Handler, Role::Custodian]).await;
        let mut b = admin(&s).await;
        let (status, _, page) = b.get("/espace/admin/utilisateurs").await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            page.contains("amina")
                && page.contains("Chargé·e des signalements, Garant·e des identités"),
            "{page}"
        );
        s.stop().await;
    }
}
