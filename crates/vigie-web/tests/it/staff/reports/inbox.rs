//! The inbox and its filters; a report's page and its forms.

use reqwest::StatusCode;
use reqwest::header::CACHE_CONTROL;
use vigie_domain::report::{ReportForm, ReportStatus};
use vigie_domain::{AuditActor, ReportId, Role, TeamId};
use vigie_testkit::assert_shows;

use super::{form, rows, submit};
use crate::staff::{NORTH, account, audit, form_token, handler_team, servers, signed_in};

#[tokio::test]
async fn the_inbox_lists_filters_and_pages_the_teams_reports() {
    for s in servers().await {
        let (mut amina, team) = handler_team(&s, "amina").await;
        let (_, _, home) = amina.get("/espace").await;
        assert!(home.contains("href=\"/espace/signalements\""), "{home}");
        let first = submit(&s.app, &form("deal_point", "13203", "Des guetteurs."), &[]).await;
        submit(&s.app, &form("threats", "13201", "Des menaces."), &[]).await;

        let (status, _, page) = amina.get("/espace/signalements").await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert_eq!(rows(&page), 2, "{page}");
        assert!(page.contains("2 signalements"), "{page}");
        assert!(page.contains("Point de deal") && page.contains("Menaces, intimidation"));
        assert!(page.contains(NORTH) && page.contains("<td>Nouveau</td>"));
        assert!(page.contains(&format!("href=\"/espace/signalements/{first}\"")));
        // Newest first.
        let threats_at = page.find("Menaces, intimidation</td>").unwrap();
        let deal_at = page.find("Point de deal</td>").unwrap();
        assert!(threats_at < deal_at);

        for (query, expected) in [
            ("?category=threats", 1),
            ("?district=13203", 1),
            ("?district=13203&category=threats", 0),
            ("?status=new", 2),
            ("?status=closed", 0),
            (&format!("?team={team}"), 2),
            (&format!("?team={}", TeamId::random()), 0),
            // What is not a valid code is ignored, never an error.
            ("?category=weather&status=%3Cscript%3E&page=-3&team=nope", 2),
        ] {
            let (status, _, page) = amina.get(&format!("/espace/signalements{query}")).await;
            assert_eq!(status, StatusCode::OK, "{query}");
            assert_eq!(rows(&page), expected, "{query}: {page}");
        }

        // A label and an assignee filter the list too.
        let label = s.app.store().add_label("quartier nord").await.unwrap();
        let principal = s
            .app
            .principal(account(&s, "amina").await.id)
            .await
            .unwrap();
        s.app
            .set_report_labels(&principal, first, &[label])
            .await
            .unwrap();
        let (_, _, page) = amina
            .get(&format!("/espace/signalements?label={label}"))
            .await;
        assert_eq!(rows(&page), 1);
        let (_, _, page) = amina
            .get(&format!("/espace/signalements?assignee={}", principal.id))
            .await;
        assert_eq!(rows(&page), 0);

        // 25 a page, with links that keep the filters.
        for i in 0..24 {
            submit(&s.app, &form("other", "13201", &format!("Report {i}")), &[]).await;
        }
        let (_, _, page) = amina.get("/espace/signalements?category=other").await;
        assert_eq!(rows(&page), 24);
        let (_, _, page) = amina.get("/espace/signalements").await;
        assert_eq!(rows(&page), 25);
        assert!(page.contains("26 signalements"));
        assert!(
            page.contains("href=\"/espace/signalements?page=2\""),
            "{page}"
        );
        let (_, _, page) = amina.get("/espace/signalements?page=2").await;
        assert_eq!(rows(&page), 1);
        assert!(page.contains("page=1\" rel=\"prev\""));

        // In English.
        let page = amina
            .get_ok("/en/espace/signalements?category=threats")
            .await;
        assert_shows(&page, &["lang=\"en\"", "Threats, intimidation"]);
        assert!(page.contains("1 report<"), "{page}");

        // A handler of another team sees none of them.
        let pw = s.user("bruno", &[Role::Handler]).await;
        s.app
            .create_team(AuditActor::Cli, "Signalements sud", &["bruno".to_owned()])
            .await
            .unwrap();
        let mut bruno = signed_in(&s, "bruno", &pw).await;
        let page = bruno.get_ok("/espace/signalements").await;
        assert_eq!(rows(&page), 0);
    }
}

// Long on purpose: one story per database, each step starting where the steps before left it.
#[tokio::test]
async fn a_handler_opens_replies_notes_and_changes_a_report() {
    for s in servers().await {
        let (mut amina, _) = handler_team(&s, "amina").await;
        let label = s.app.store().add_label("guetteurs").await.unwrap();
        let id = submit(
            &s.app,
            &ReportForm {
                neighbourhood: "1320301".into(),
                ..form(
                    "deal_point",
                    "13203",
                    "Des guetteurs au pied du bâtiment B.",
                )
            },
            &[],
        )
        .await;
        let path = format!("/espace/signalements/{id}");
        let before = audit(&s).await.len();
        let (status, headers, page) = amina.get(&path).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert_eq!(headers[CACHE_CONTROL], "no-store");
        assert_shows(
            &page,
            &[
                "Des guetteurs au pied du bâtiment B.",
                "Hall du bâtiment B",
                "Belle de Mai",
                "vers 22 h",
                "<h2 id=\"conversation-title\">",
                "<main",
            ],
        );
        let entries = audit(&s).await;
        let opened = &entries[before];
        assert_eq!(
            (opened.kind.as_str(), opened.detail.as_str()),
            ("decrypted", "report")
        );
        assert_eq!(opened.object, format!("report:{id}"));

        let token = form_token(&page, &format!("{path}/reponse"));
        amina
            .post_redirects_to(
                &format!("{path}/reponse"),
                &[("csrf", &token), ("text", "Merci, êtes-vous en sécurité ?")],
                &format!("{path}?fait=reponse"),
            )
            .await;
        let label_s = label.to_string();
        let me = account(&s, "amina").await.id;
        let me_s = me.to_string();
        // The page's other forms, in this order (the audit entries below follow it).
        for (suffix, name, value) in [
            ("note", "text", "Vu avec la mairie de secteur."),
            ("statut", "status", "in_progress"),
            ("etiquettes", "label", &label_s),
            ("attribution", "assignee", &me_s),
        ] {
            amina
                .post_see_other(
                    &format!("{path}/{suffix}"),
                    &[("csrf", &token), (name, value)],
                )
                .await;
        }

        let (_, _, page) = amina.get(&format!("{path}?fait=attribution")).await;
        assert!(page.contains("Attribution enregistrée."));
        assert!(page.contains("Merci, êtes-vous en sécurité ?"), "{page}");
        assert!(page.contains("Vu avec la mairie de secteur."));
        assert!(
            page.contains("<dd id=\"report-status\">En cours</dd>"),
            "{page}"
        );
        assert!(page.contains(&format!("value=\"{label}\" checked")));
        let record = s.app.store().report(id).await.unwrap().unwrap();
        assert_eq!(
            (record.status.as_str(), record.assignee),
            ("in_progress", Some(me))
        );
        assert_eq!(s.app.store().report_labels(id).await.unwrap(), vec![label]);
        let kinds = crate::staff::audit_details(&s, "report_updated").await;
        assert_eq!(
            kinds,
            vec![
                "status=in_progress".to_owned(),
                "labels".to_owned(),
                format!("assignee={me}")
            ]
        );

        // Bad input: the page again, the error beside its form, what was typed kept.
        let (status, _, page) = amina
            .post_field(&format!("{path}/reponse"), &token, ("text", "   "))
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(page.contains("id=\"reply-error\""), "{page}");
        assert!(page.contains("aria-invalid=\"true\""));
        let long = "x".repeat(20_001);
        let (status, _, page) = amina
            .post_field(&format!("{path}/note"), &token, ("text", &long))
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(page.contains("id=\"note-error\"") && page.contains(&long));
        for (suffix, form) in [
            ("statut", vec![("status", "archived")]),
            ("etiquettes", vec![("label", "not-a-uuid")]),
            (
                "etiquettes",
                vec![("label", "6b1f6a1e-1111-4111-8111-111111111111")],
            ),
            ("attribution", vec![("assignee", "nobody")]),
            ("acces/personne", vec![("user", "nobody")]),
            ("acces/retrait", vec![("reader", "nobody")]),
            (
                "acces/retrait",
                vec![("reader", "user:6b1f6a1e-1111-4111-8111-111111111111")],
            ),
            ("acces/equipe", vec![("team", "nobody")]),
            (
                "acces/equipe",
                vec![("team", "6b1f6a1e-1111-4111-8111-111111111111")],
            ),
        ] {
            let mut f = vec![("csrf", token.as_str())];
            f.extend(form);
            let page = amina
                .post_expect(&format!("{path}/{suffix}"), &f, StatusCode::BAD_REQUEST)
                .await;
            assert!(page.contains("class=\"field-error\""), "{suffix}: {page}");
        }

        // Unknown and malformed ids are 404 pages.
        for p in [
            format!("/espace/signalements/{}", ReportId::random()),
            "/espace/signalements/pas-un-uuid".to_owned(),
            format!("/espace/signalements/{id}/fichiers/pas-un-uuid"),
            format!("/espace/signalements/{id}/fichiers/{}", ReportId::random()),
        ] {
            let (status, _, page) = amina.get(&p).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{p}");
            assert!(page.contains("<html"), "{p}: a page");
        }
        amina
            .post_expect(
                "/espace/signalements/pas-un-uuid/reponse",
                &[("csrf", &token), ("text", "x")],
                StatusCode::NOT_FOUND,
            )
            .await;

        // Every form needs this report's token: missing, forged, or another form's, 403.
        let other = submit(&s.app, &form("threats", "13201", "Autre."), &[]).await;
        let (_, _, other_page) = amina.get(&format!("/espace/signalements/{other}")).await;
        let other_token = form_token(
            &other_page,
            &format!("/espace/signalements/{other}/reponse"),
        );
        let logout = crate::staff::hidden(&amina.get("/espace").await.2, "csrf");
        let count = audit(&s).await.len();
        for suffix in [
            "reponse",
            "note",
            "statut",
            "etiquettes",
            "attribution",
            "acces/personne",
            "acces/retrait",
            "acces/equipe",
            "identite",
            "identite/acces",
            "transmettre",
        ] {
            for bad in ["", "forged", other_token.as_str(), logout.as_str()] {
                let (status, _, page) = amina
                    .post(
                        &format!("{path}/{suffix}"),
                        &[
                            ("csrf", bad),
                            ("text", "x"),
                            ("status", "closed"),
                            ("recipient", "age1x"),
                        ],
                    )
                    .await;
                assert_eq!(status, StatusCode::FORBIDDEN, "{suffix} with `{bad}`");
                assert!(page.contains("<html"), "{suffix}: a page");
            }
        }
        assert_eq!(audit(&s).await.len(), count, "nothing happened");
        assert_eq!(
            s.app.store().report(id).await.unwrap().unwrap().status,
            ReportStatus::InProgress
        );
    }
}
