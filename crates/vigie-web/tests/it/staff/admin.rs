//! The audit log page and the policy at the edge.

use reqwest::StatusCode;
use vigie_domain::Role;
use vigie_testkit::assert_shows;

use crate::staff::{CookieClient, form_token, location, refused_by_policy, servers};
use crate::staff::{account, audit_head, signed_in, team};

/// The admin, fully logged in with a changed password.
async fn admin(s: &crate::staff::Server) -> CookieClient {
    signed_in(s, "admin", &s.admin_password).await
}

/// The admin, fully logged in, on the page `path`: the client and the token of the page's forms.
async fn admin_at(s: &crate::staff::Server, path: &str) -> (CookieClient, String) {
    let mut b = admin(s).await;
    let token = b.csrf(path).await;
    (b, token)
}

#[tokio::test]
async fn the_audit_log_lists_filters_verifies_and_checkpoints() {
    for s in servers().await {
        let mut b = admin(&s).await;
        let page = b.get_ok("/espace/admin/journal").await;
        assert!(page.contains("Chaîne vérifiée"), "{page}");
        assert!(page.contains("Vérification en deux étapes activée"));
        assert!(page.contains("Mot de passe changé"));

        let (_, _, page) = b.get("/espace/admin/journal?kind=password_changed").await;
        assert!(
            page.contains("Mot de passe changé") && !page.contains("<td>Instance initialisée</td>"),
            "{page}"
        );
        // References are shown by name, and the actor filter takes a user name.
        let (_, _, page) = b.get("/espace/admin/journal?actor=admin").await;
        let table = page.split_once("<tbody>").unwrap().1;
        assert!(
            table.contains("<td>admin</td>") && !table.contains("staff:"),
            "{page}"
        );
        assert!(
            !table.contains("Instance initialisée"),
            "only the admin's own entries"
        );
        let (_, _, page) = b
            .get("/espace/admin/journal?kind=nonsense&from=not-a-day&avant=-4")
            .await;
        assert!(
            page.split_once("<tbody>")
                .unwrap()
                .1
                .contains("Instance initialisée"),
            "bad filters are ignored, not errors"
        );

        let before = s.app.store().checkpoint_chain().await.unwrap().len();
        let token = form_token(&page, "/espace/admin/journal/point-de-controle");
        b.post_redirects_to(
            "/espace/admin/journal/point-de-controle",
            &[("csrf", &token)],
            "/espace/admin/journal?signe=1",
        )
        .await;
        assert_eq!(
            s.app.store().checkpoint_chain().await.unwrap().len(),
            before + 1
        );
        let (_, _, page) = b.get("/espace/admin/journal?signe=1").await;
        assert!(page.contains("Point de contrôle signé."));

        // In English too.
        let page = b.get_ok("/en/espace/admin/journal").await;
        assert_shows(&page, &["lang=\"en\"", "Audit log"]);

        // Tampering shows on the page.
        vigie_testkit::forge_audit(
            s.app.store(),
            "UPDATE audit_log SET detail = 'forged' WHERE seq = 3",
        )
        .await;
        let (_, _, page) = b.get("/espace/admin/journal").await;
        assert!(
            page.contains("Échec de la vérification à l&#39;entrée n° 3")
                || page.contains("Échec de la vérification à l'entrée n° 3"),
            "{page}"
        );
    }
}

#[tokio::test]
async fn a_handler_is_refused_the_audit_log_and_the_refusal_is_logged() {
    for s in servers().await {
        let mut b = crate::staff::member(&s, "amina", &[Role::Handler]).await;
        let (_, _, page) = b.get("/espace").await;
        assert!(
            !page.contains("/espace/admin/journal"),
            "no link to what she may not open"
        );
        b.get_expect("/espace/admin/journal", StatusCode::FORBIDDEN)
            .await;
        b.get_expect("/espace/admin/utilisateurs", StatusCode::FORBIDDEN)
            .await;
        let denied = || async {
            let all = crate::staff::audit(&s).await;
            let refusals = all.into_iter().filter(|e| e.kind == "permission_denied");
            refusals.collect::<Vec<_>>()
        };
        assert_eq!(denied().await.len(), 2);
        // The logout token is not a checkpoint token: the token check answers, nothing is audited.
        let token = crate::staff::hidden(&b.get("/espace").await.2, "csrf");
        let page = b
            .post_expect(
                "/espace/admin/journal/point-de-controle",
                &[("csrf", &token)],
                StatusCode::FORBIDDEN,
            )
            .await;
        assert!(page.contains("Formulaire expiré ou invalide"), "{page}");
        assert_eq!(denied().await.len(), 2);
        // With the checkpoint form's own token, the policy answers, and the refusal is audited.
        let before = s.app.store().checkpoint_chain().await.unwrap().len();
        let checkpoint = ("/espace/admin/journal/point-de-controle", "checkpoint");
        refused_by_policy(&s, &mut b, "amina", checkpoint, &[], "checkpoint_audit").await;
        let denied = denied().await;
        assert_eq!(denied.len(), 3, "{denied:?}");
        assert!(denied[0].detail.starts_with("read_audit_log"));
        assert!(denied[1].detail.starts_with("manage_users"));
        assert_eq!(
            s.app.store().checkpoint_chain().await.unwrap().len(),
            before,
            "no checkpoint signed"
        );
    }
}

#[tokio::test]
async fn the_users_page_lists_accounts_for_admins() {
    for s in servers().await {
        s.user("amina", &[Role::Handler, Role::Custodian]).await;
        let mut b = admin(&s).await;
        let page = b.get_ok("/espace/admin/utilisateurs").await;
        assert_shows(
            &page,
            &["amina", "Chargé·e des signalements, Garant·e des identités"],
        );
    }
}

#[tokio::test]
async fn admins_create_disable_and_reset_accounts_from_the_web() {
    for s in servers().await {
        let (mut b, token) = admin_at(&s, "/espace/admin/utilisateurs").await;
        let path = "/espace/admin/utilisateurs";
        let page = b
            .post_expect(
                path,
                &[
                    ("csrf", &token),
                    ("username", "Amina.B"),
                    ("role", "handler"),
                    ("role", "custodian"),
                ],
                StatusCode::OK,
            )
            .await;
        assert!(page.contains("Compte « amina.b » créé"), "{page}");
        let password = crate::staff::between(
            &page,
            "<code class=\"code\" id=\"one-time-password\">",
            "</code>",
        );
        let roles = account(&s, "amina.b").await.roles;
        assert!(roles.contains(Role::Handler) && roles.contains(Role::Custodian));

        for (form, message) in [
            (vec![("username", "bruno")], "Choisissez au moins un rôle."),
            (
                vec![("username", "bruno"), ("role", "root")],
                "Choisissez au moins un rôle.",
            ),
            (
                vec![("username", "Bruno Dupont"), ("role", "analyst")],
                "Un identifiant compte 2 à 64 caractères",
            ),
            (
                vec![("username", "amina.b"), ("role", "analyst")],
                "Ce nom est déjà pris.",
            ),
        ] {
            let mut f = vec![("csrf", token.as_str())];
            f.extend(form);
            let page = b
                .post_expect(path, &f, StatusCode::UNPROCESSABLE_ENTITY)
                .await;
            assert!(page.contains(message), "{message}: {page}");
        }

        // The new account works with its one-time password, and enrols.
        let mut amina = CookieClient::new(&s.base);
        amina.first_login(&s.app, "amina.b", &password).await;

        b.post_redirects_to(
            "/espace/admin/utilisateurs/2fa",
            &[("csrf", &token), ("username", "amina.b")],
            "/espace/admin/utilisateurs?fait=2fa",
        )
        .await;
        assert!(account(&s, "amina.b").await.totp_sealed.is_none());

        let page = b
            .post_expect(
                "/espace/admin/utilisateurs/desactiver",
                &[("csrf", &token), ("username", "admin")],
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        assert!(page.contains("propre compte"), "{page}");
        b.post_redirects_to(
            "/espace/admin/utilisateurs/desactiver",
            &[("csrf", &token), ("username", "amina.b")],
            "/espace/admin/utilisateurs?fait=desactive",
        )
        .await;
        assert!(account(&s, "amina.b").await.disabled);
        let (_, _, page) = b.get("/espace/admin/utilisateurs?fait=desactive").await;
        assert!(page.contains("Compte désactivé"));
    }
}

// Long on purpose: one story per database, each step starting where the steps before left it.
#[tokio::test]
async fn admins_manage_teams_without_sitting_in_them() {
    for s in servers().await {
        s.user("amina", &[Role::Handler]).await;
        s.user("carla", &[Role::Custodian]).await;
        let (mut b, token) = admin_at(&s, "/espace/admin/equipes").await;
        b.post_redirects_to(
            "/espace/admin/equipes",
            &[("csrf", &token), ("team", "Signalements nord")],
            "/espace/admin/equipes?fait=creee",
        )
        .await;
        let (status, _, _) = b
            .post(
                "/espace/admin/equipes",
                &[("csrf", &token), ("team", "Signalements nord")],
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "duplicate name");

        let (status, headers, _) = b
            .post(
                "/espace/admin/equipes/ajout",
                &[
                    ("csrf", &token),
                    ("team", "Signalements nord"),
                    ("username", "amina"),
                ],
            )
            .await;
        // The admin holds no seat: a new key generation, for what arrives from now on.
        assert_eq!(
            (status, location(&headers).as_str()),
            (
                StatusCode::SEE_OTHER,
                "/espace/admin/equipes?fait=ajout-nouveau"
            )
        );
        let (_, _, page) = b.get("/espace/admin/equipes?fait=ajout-nouveau").await;
        assert!(
            page.contains("une nouvelle clé d&#39;équipe a été créée"),
            "{page}"
        );
        // Report teams take handlers only.
        let (status, _, _) = b
            .post(
                "/espace/admin/equipes/ajout",
                &[
                    ("csrf", &token),
                    ("team", "Signalements nord"),
                    ("username", "carla"),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a custodian");
        let page = b
            .post_expect(
                "/espace/admin/equipes/ajout",
                &[
                    ("csrf", &token),
                    ("team", "Signalements nord"),
                    ("username", "nobody"),
                ],
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        assert!(page.contains("Aucun compte ne porte ce nom."));

        let team = team(&s, "Signalements nord").await;
        let amina = account(&s, "amina").await;
        let slots = s
            .app
            .store()
            .team_slots(team.id, vigie_store::TeamSlot::user_holder(amina.id))
            .await
            .unwrap();
        assert_eq!(
            slots.iter().map(|(g, _)| *g).collect::<Vec<_>>(),
            [2],
            "amina received the new generation only"
        );

        let (_, _, page) = b.get("/espace/admin/equipes").await;
        assert_shows(&page, &["Signalements nord", "<li>amina"]);
        b.post_redirects_to(
            "/espace/admin/equipes/retrait",
            &[
                ("csrf", &token),
                ("team", "Signalements nord"),
                ("username", "amina"),
            ],
            "/espace/admin/equipes?fait=retrait",
        )
        .await;
        assert_eq!(
            crate::staff::team(&s, "Signalements nord").await.generation,
            3
        );
    }
}

/// An admin creates a casework team, fills it with a caseworker and names it the team help requests
/// reach; a report team cannot be named (the kind comes from the checked key directory), and an
/// unknown kind is refused with the form again.
#[tokio::test]
async fn admins_name_the_casework_team_that_help_requests_reach() {
    for s in servers().await {
        s.user("cass", &[Role::Caseworker]).await;
        s.user("amina", &[Role::Handler]).await;
        let (mut b, token) = admin_at(&s, "/espace/admin/equipes").await;
        let t = token.as_str();
        let (_, _, page) = b.get("/espace/admin/equipes").await;
        assert!(page.contains(r#"id="team-kind-casework""#), "{page}");
        for (name, kind, to) in [
            (
                "Accompagnement",
                "casework",
                "/espace/admin/equipes?fait=creee-accompagnement",
            ),
            (
                "Signalements sud",
                "report",
                "/espace/admin/equipes?fait=creee",
            ),
        ] {
            let form = [("csrf", t), ("team", name), ("kind", kind)];
            assert_eq!(b.post_see_other("/espace/admin/equipes", &form).await, to);
        }
        let form = [("csrf", t), ("team", "Autre"), ("kind", "social")];
        let (status, _, _) = b.post("/espace/admin/equipes", &form).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "unknown kind");
        let other = s.app.store().team_by_name("Autre").await.unwrap();
        assert!(other.is_none(), "nothing created");

        // Casework teams take caseworkers only.
        let add = "/espace/admin/equipes/ajout";
        let form = [
            ("csrf", t),
            ("team", "Accompagnement"),
            ("username", "amina"),
        ];
        let (status, _, _) = b.post(add, &form).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a handler");
        let form = [
            ("csrf", t),
            ("team", "Accompagnement"),
            ("username", "cass"),
        ];
        let to = b.post_see_other(add, &form).await;
        assert_eq!(to, "/espace/admin/equipes?fait=ajout-nouveau");

        let help = "/espace/admin/equipes/demandes-aide";
        let (status, _, _) = b
            .post(help, &[("csrf", t), ("team", "Signalements sud")])
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a report team");
        assert_eq!(s.app.store().help_team().await.unwrap(), None);
        let to = b
            .post_see_other(help, &[("csrf", t), ("team", "Accompagnement")])
            .await;
        assert_eq!(to, "/espace/admin/equipes?fait=demandes-aide");
        let accompagnement = team(&s, "Accompagnement").await;
        assert_eq!(
            s.app.store().help_team().await.unwrap(),
            Some(accompagnement.id)
        );
        let (_, _, page) = b.get(&to).await;
        assert_shows(
            &page,
            &[
                "Les nouvelles demandes d&#39;aide arrivent désormais à cette équipe",
                "Reçoit les demandes d&#39;aide",
            ],
        );
        let object = format!("team:{}", accompagnement.id);
        let chain = s.app.store().audit_chain().await.unwrap();
        assert!(
            chain
                .iter()
                .any(|e| e.object == object && e.detail.contains("help team")),
            "the change is audited"
        );
    }
}

#[tokio::test]
async fn readiness_follows_the_database() {
    for s in servers().await {
        // A second instance whose database connections are gone.
        let (base, other) = s.another_instance(crate::staff::test_settings()).await;
        let mut b = CookieClient::new(&base);
        let (status, _, body) = b.get("/readyz").await;
        assert_eq!((status, body.as_str()), (StatusCode::OK, "ready"));
        other.store().close().await;
        b.get_expect("/readyz", StatusCode::SERVICE_UNAVAILABLE)
            .await;
        let (status, _, _) = b.get("/healthz").await;
        assert_eq!(
            status,
            StatusCode::OK,
            "liveness does not depend on the database"
        );
    }
}

#[tokio::test]
async fn contact_details_are_shown_on_purpose_and_audited() {
    for s in servers().await {
        let (mut b, token) = admin_at(&s, "/espace/admin/utilisateurs").await;
        let contact = "Inès Fictive, 06 00 00 00 01";
        b.post_expect(
            "/espace/admin/utilisateurs",
            &[
                ("csrf", &token),
                ("username", "ines"),
                ("role", "caseworker"),
                ("contact", contact),
            ],
            StatusCode::OK,
        )
        .await;
        let (_, _, list) = b.get("/espace/admin/utilisateurs").await;
        assert!(!list.contains("06 00 00 00 01"), "never in the list");
        let before = audit_head(&s).await.seq;
        let page = b
            .post_expect(
                "/espace/admin/utilisateurs/coordonnees",
                &[("csrf", &token), ("username", "ines")],
                StatusCode::OK,
            )
            .await;
        assert!(
            page.contains("Coordonnées de ines : Inès Fictive, 06 00 00 00 01"),
            "{page}"
        );
        let head = audit_head(&s).await;
        assert_eq!(
            (head.seq, head.kind.as_str(), head.detail.as_str()),
            (before + 1, "decrypted", "contact")
        );
        let (_, _, page) = b
            .post(
                "/espace/admin/utilisateurs/coordonnees",
                &[("csrf", &token), ("username", "admin")],
            )
            .await;
        assert!(
            page.contains("Aucune coordonnée enregistrée pour admin."),
            "{page}"
        );
        let long = "x".repeat(301);
        b.post_expect(
            "/espace/admin/utilisateurs",
            &[
                ("csrf", &token),
                ("username", "long"),
                ("role", "analyst"),
                ("contact", &long),
            ],
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
}
