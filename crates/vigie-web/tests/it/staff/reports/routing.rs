//! The routing administration: rules, the default team, labels and a team's addresses.

use reqwest::StatusCode;
use vigie_domain::report::Category;
use vigie_domain::{AuditActor, Role, TeamId};
use vigie_testkit::assert_shows;

use crate::staff::{NORTH, form_token, servers, signed_in};

// Long on purpose: one story per database, each step starting where the steps before left it.
#[tokio::test]
async fn admins_manage_routing_the_default_team_labels_and_addresses() {
    for s in servers().await {
        s.user("amina", &[Role::Handler]).await;
        let north = s
            .app
            .create_team(AuditActor::Cli, NORTH, &["amina".to_owned()])
            .await
            .unwrap();
        let mut admin = signed_in(&s, "admin", &s.admin_password).await;
        let (_, _, home) = admin.get("/espace").await;
        assert!(home.contains("href=\"/espace/admin/routage\""));
        let page = admin.get_ok("/espace/admin/routage").await;
        assert!(page.contains("Aucune règle"));
        let token = form_token(&page, "/espace/admin/routage/regles");
        let north_s = north.to_string();

        // A rule, used by the next report, then deleted.
        admin
            .post_redirects_to(
                "/espace/admin/routage/regles",
                &[
                    ("csrf", &token),
                    ("category", "lookouts_minors"),
                    ("district", ""),
                    ("team", &north_s),
                ],
                "/espace/admin/routage?fait=regle",
            )
            .await;
        let rules = s.app.store().routing_rules().await.unwrap();
        assert_eq!(rules.len(), 1);
        assert_eq!(
            (
                rules[0].category,
                rules[0].district.as_deref(),
                rules[0].team
            ),
            (Some(Category::LookoutsMinors), None, north)
        );
        let (_, _, page) = admin.get("/espace/admin/routage").await;
        assert_shows(
            &page,
            &[
                "<td>Guetteurs, recrutement de mineurs</td>",
                "<td>Tous les arrondissements</td>",
                &format!("<td>{NORTH}</td>"),
            ],
        );
        let routed = s
            .app
            .route_report(vigie_domain::report::Category::LookoutsMinors, "13201")
            .await
            .unwrap();
        assert_eq!(routed.id, north);
        for form in [
            vec![
                ("category", "weather"),
                ("district", ""),
                ("team", north_s.as_str()),
            ],
            vec![
                ("category", ""),
                ("district", "99999"),
                ("team", north_s.as_str()),
            ],
            vec![("category", ""), ("district", ""), ("team", "nope")],
        ] {
            let mut f = vec![("csrf", token.as_str())];
            f.extend(form);
            let page = admin
                .post_expect("/espace/admin/routage/regles", &f, StatusCode::BAD_REQUEST)
                .await;
            assert!(page.contains("id=\"rule-error\""), "{page}");
        }
        admin
            .post_see_other(
                "/espace/admin/routage/regles/suppression",
                &[("csrf", &token), ("rule", &rules[0].id)],
            )
            .await;
        assert!(s.app.store().routing_rules().await.unwrap().is_empty());
        let (status, _, _) = admin
            .post(
                "/espace/admin/routage/regles/suppression",
                &[("csrf", &token), ("rule", &rules[0].id)],
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "already gone");

        // The default team.
        admin
            .post_see_other(
                "/espace/admin/routage/defaut",
                &[("csrf", &token), ("team", &north_s)],
            )
            .await;
        assert_eq!(s.app.store().default_team().await.unwrap(), Some(north));
        admin
            .post_expect(
                "/espace/admin/routage/defaut",
                &[("csrf", &token), ("team", &TeamId::random().to_string())],
                StatusCode::BAD_REQUEST,
            )
            .await;

        // Labels.
        admin
            .post_see_other(
                "/espace/admin/routage/etiquettes",
                &[("csrf", &token), ("name", "mineurs")],
            )
            .await;
        for bad in ["mineurs", "  ", &"x".repeat(61)] {
            let (status, _, page) = admin
                .post(
                    "/espace/admin/routage/etiquettes",
                    &[("csrf", &token), ("name", bad)],
                )
                .await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
            assert!(page.contains("id=\"label-error\""));
        }
        let labels = s.app.store().labels().await.unwrap();
        assert_eq!(labels.len(), 1);
        admin
            .post_see_other(
                "/espace/admin/routage/etiquettes/suppression",
                &[("csrf", &token), ("label", &labels[0].0.to_string())],
            )
            .await;
        assert!(s.app.store().labels().await.unwrap().is_empty());

        // A team's addresses: a bad one is refused beside its field; good ones are sealed.
        let page = admin
            .post_expect(
                "/espace/admin/routage/alertes",
                &[
                    ("csrf", &token),
                    ("team", &north_s),
                    ("digest", "nord@association.example"),
                    ("on_call", "pas une adresse"),
                ],
                StatusCode::BAD_REQUEST,
            )
            .await;
        assert!(
            page.contains("class=\"field-error\" id=\"on-call-error-"),
            "{page}"
        );
        assert!(!page.contains("id=\"digest-error-"));
        assert!(
            page.contains("value=\"pas une adresse\""),
            "typed value kept"
        );
        admin
            .post_see_other(
                "/espace/admin/routage/alertes",
                &[
                    ("csrf", &token),
                    ("team", &north_s),
                    ("digest", "nord@association.example"),
                    ("on_call", "astreinte@association.example"),
                ],
            )
            .await;
        let notify = s.app.team_notify(north).await.unwrap();
        assert_eq!(
            notify.on_call.as_deref(),
            Some("astreinte@association.example")
        );
        let (_, _, page) = admin.get("/espace/admin/routage").await;
        assert!(page.contains("value=\"astreinte@association.example\""));

        // Every change is in the audit log.
        let changes: Vec<_> = crate::staff::audit_of_kind(&s, "settings_changed").await;
        assert_eq!(changes.len(), 6, "{changes:?}");

        // Missing or forged tokens: 403 on every form, nothing changes.
        for p in [
            "/espace/admin/routage/regles",
            "/espace/admin/routage/regles/suppression",
            "/espace/admin/routage/defaut",
            "/espace/admin/routage/etiquettes",
            "/espace/admin/routage/etiquettes/suppression",
            "/espace/admin/routage/alertes",
        ] {
            for bad in ["", "forged"] {
                let (status, _, _) = admin
                    .post(
                        p,
                        &[
                            ("csrf", bad),
                            ("team", &north_s),
                            ("name", "x"),
                            ("category", ""),
                            ("district", ""),
                        ],
                    )
                    .await;
                assert_eq!(status, StatusCode::FORBIDDEN, "{p}");
            }
        }
        assert!(s.app.store().labels().await.unwrap().is_empty());
        assert!(s.app.store().routing_rules().await.unwrap().is_empty());

        // In English; and a handler is refused the page.
        let page = admin.get_ok("/en/espace/admin/routage").await;
        assert!(page.contains("Routing of reports"));
        let mut bruno = crate::staff::member(&s, "bruno", &[Role::Handler]).await;
        bruno
            .get_expect("/espace/admin/routage", StatusCode::FORBIDDEN)
            .await;
    }
}
