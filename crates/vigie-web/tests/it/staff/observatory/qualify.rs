//! A handler qualifies a report from its page; an analyst reviews the incident without ever reading
//! the report; other roles are refused the observatory, by the policy.

use reqwest::StatusCode;
use vigie_domain::Role;
use vigie_testkit::assert_shows;

use super::{analyst, audit_kinds, current, rows};
use crate::staff::audit;
use crate::staff::handler_team;
use crate::staff::reports::{form, submit};
use crate::staff::{between, form_token, refused_by_policy, servers};

// Long on purpose: one story per database, each step starting where the steps before left it.
#[tokio::test]
async fn a_handler_qualifies_a_report_and_an_analyst_reviews_it() {
    for s in servers().await {
        let (mut amina, _) = handler_team(&s, "amina").await;
        let report = submit(
            &s.app,
            &form("deal_point", "13203", "Des guetteurs au bâtiment C."),
            &[],
        )
        .await;
        let path = format!("/espace/signalements/{report}");
        let action = format!("{path}/qualifier");
        let page = amina.get_ok(&path).await;
        assert!(page.contains("Qualifier en incident"), "{page}");
        assert!(page.contains(&format!("action=\"{action}\"")));
        assert!(
            page.contains("<option value=\"deal_point\" selected>"),
            "the report's category"
        );
        assert!(
            page.contains("<option value=\"13203\" selected>"),
            "the report's arrondissement"
        );
        assert!(page.contains("id=\"q-month\" name=\"month\""));
        assert!(
            page.contains(&format!("value=\"{}\"", current(&s))),
            "the report's month"
        );
        assert!(
            !page.contains("name=\"source\""),
            "the source is the report"
        );
        assert!(
            !page.contains("name=\"reference\""),
            "no reference: it would tie the incident to the report"
        );
        let token = form_token(&page, &action);
        let qualify = |month: &'static str| {
            vec![
                ("category", "deal_point"),
                ("district", "13203"),
                ("neighbourhood", "1320301"),
                ("month", month),
                ("count", "1"),
                ("contributors", "1"),
                // Posted anyway (a forged form): never stored.
                ("reference", "signalement 1"),
            ]
        };
        let mut bad = qualify("2026-13");
        bad.push(("csrf", &token));
        let (status, _, page) = amina.post(&action, &bad).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{page}");
        assert!(page.contains("id=\"q-month-error\"") && page.contains("value=\"2026-13\""));
        let month = current(&s).to_string();
        let mut good = qualify("");
        good[3].1 = &month;
        good.push(("csrf", &token));
        let to = amina.post_see_other(&action, &good).await;
        assert_eq!(to, format!("{path}?fait=qualifie"));
        let (_, _, page) = amina.get(&to).await;
        assert!(page.contains("Signalement qualifié en incident"), "{page}");
        assert!(
            page.contains("id=\"qualified-status\">Proposé, à revoir<"),
            "{page}"
        );
        assert!(
            !page.contains(&format!("action=\"{action}\"")),
            "no second form"
        );
        assert!(page.contains("<dd id=\"report-status\">Qualifié</dd>"));
        // Twice: refused cleanly.
        let page = amina
            .post_expect(&action, &good, StatusCode::CONFLICT)
            .await;
        assert!(page.contains("déjà qualifié"), "{page}");
        // No token.
        let (status, _, _) = amina.post(&action, &qualify("2026-01")).await;
        assert_eq!(status, StatusCode::FORBIDDEN);

        // The analyst sees it waiting, never the report.
        let mut nadia = analyst(&s, "nadia").await;
        let (_, _, overview) = nadia.get("/espace/observatoire").await;
        assert!(
            overview.contains("1 incident attend votre revue."),
            "{overview}"
        );
        let (_, _, list) = nadia
            .get("/espace/observatoire/incidents?status=proposed")
            .await;
        assert_eq!(rows(&list), 1, "{list}");
        let page_path = between(&list, "<th scope=\"row\"><a href=\"", "\"");
        let page = nadia.get_ok(&page_path).await;
        assert!(
            page.contains("Qualifié à partir d&#39;un signalement")
                || page.contains("Qualifié à partir d'un signalement"),
            "{page}"
        );
        assert!(
            !page.contains("guetteurs au bâtiment"),
            "analysts never read reports"
        );
        assert!(page.contains("Proposé, à revoir"));
        let review = format!("{page_path}/revue");
        let token = form_token(&page, &review);
        // A decision that is none, then a decision without the form's token: both refused.
        for (form, refused) in [
            (
                vec![("csrf", token.as_str()), ("decision", "maybe")],
                StatusCode::BAD_REQUEST,
            ),
            (vec![("decision", "accept")], StatusCode::FORBIDDEN),
        ] {
            let (status, _, _) = nadia.post(&review, &form).await;
            assert_eq!(status, refused, "{form:?}");
        }
        let accepted = nadia
            .post_see_other(&review, &[("csrf", &token), ("decision", "accept")])
            .await;
        let (_, _, page) = nadia.get(&accepted).await;
        assert_shows(
            &page,
            &["Incident accepté", "id=\"incident-status\">Accepté<"],
        );
        let (_, _, overview) = nadia.get("/espace/observatoire").await;
        assert!(overview.contains("Aucun incident n"), "{overview}");
        let (_, _, page) = amina.get(&path).await;
        assert!(page.contains("id=\"qualified-status\">Accepté<"), "{page}");

        // The policy at the edge.
        assert_eq!(nadia.get(&path).await.0, StatusCode::FORBIDDEN);
        assert_eq!(
            nadia.get("/espace/signalements").await.0,
            StatusCode::FORBIDDEN
        );
        // With a token of her own for the report's forms: the policy refuses, audited.
        let mut fields = good.clone();
        fields.retain(|(k, _)| *k != "csrf");
        let purpose = format!("report:{report}");
        let to = (action.as_str(), purpose.as_str());
        refused_by_policy(&s, &mut nadia, "nadia", to, &fields, "list_reports").await;
        let mut chloe = crate::staff::member(&s, "chloe", &[Role::Caseworker]).await;
        for (name, b) in [("amina", &mut amina), ("chloe", &mut chloe)] {
            let (_, _, home) = b.get("/espace").await;
            assert!(!home.contains("href=\"/espace/observatoire\""), "{home}");
            for p in [
                "/espace/observatoire",
                "/espace/observatoire/incidents",
                "/espace/observatoire/incidents/nouveau",
                &page_path,
                "/espace/observatoire/publier",
                "/espace/observatoire/contexte",
                "/en/espace/observatoire",
            ] {
                assert_eq!(b.get(p).await.0, StatusCode::FORBIDDEN, "{p}");
            }
            let publish = ("/espace/observatoire/publier", "observatory:publish");
            refused_by_policy(
                &s,
                b,
                name,
                publish,
                &[("month", "2026-01")],
                "publish_edition",
            )
            .await;
        }
        let changes = audit_kinds(&s, "incident_changed").await;
        assert!(
            changes
                .iter()
                .any(|c| c.starts_with("incident:") && c.contains("qualified ")),
            "{changes:?}"
        );
        // Nothing in the audit log ties the incident to the report.
        let entries: Vec<String> = audit(&s)
            .await
            .into_iter()
            .filter(|e| e.object.starts_with("incident:") || e.detail.contains("incident"))
            .map(|e| format!("{} {}", e.object, e.detail))
            .collect();
        assert!(
            entries.iter().all(|e| !e.contains(&report.to_string())),
            "{entries:?}"
        );
        let stored = s
            .app
            .store()
            .incident_for_report(report)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(stored.reference, "", "no reference for a qualified report");
        assert!(
            changes.iter().any(|c| c.contains("accepted")),
            "{changes:?}"
        );
    }
}
