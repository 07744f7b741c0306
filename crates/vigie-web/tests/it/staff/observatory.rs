//! The analysts' side of the observatory over real HTTP: recording, listing, correcting and reviewing
//! incidents, a handler qualifying a report from its page, publishing editions and corrections,
//! importing the official SSMSI series; the policy at the edge (analysts never read reports, other
//! roles never enter the observatory), CSRF on every form, and the audit log.

use reqwest::StatusCode;
use reqwest::header::COOKIE;
use vigie_domain::observatory::{Incident, IncidentCategory, IncidentStatus, Month, SourceType};
use vigie_domain::{IncidentId, Role, UserId};

use crate::staff::reports::{form, handler_team, signed_in, submit};
use crate::staff::{CookieClient, Server, form_token, location, servers};

/// The real SSMSI file the repository ships (Licence Ouverte 2.0, see `data/context/README.md`).
const SSMSI: &str =
    include_str!("../../../../../data/context/ssmsi-bouches-du-rhone-2016-2025.csv");

async fn analyst(s: &Server, name: &str) -> CookieClient {
    let pw = s.user(name, &[Role::Analyst]).await;
    signed_in(s, name, &pw).await
}

fn current(s: &Server) -> Month {
    Month::of_instant(s.app.clock().now())
}

async fn audit_kinds(s: &Server, kind: &str) -> Vec<String> {
    s.app
        .store()
        .audit_chain()
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == kind)
        .map(|e| format!("{} {}", e.object, e.detail))
        .collect()
}

fn rows(page: &str) -> usize {
    page.split_once("<tbody>")
        .map_or(0, |(_, body)| body.matches("<th scope=\"row\">").count())
}

/// Posts the "new incident" form with `fields` (and its token).
async fn record(b: &mut CookieClient, fields: &[(&str, &str)]) -> (StatusCode, String, String) {
    let path = "/espace/observatoire/incidents/nouveau";
    let token = b.csrf(path).await;
    let mut form = vec![("csrf", token.as_str())];
    form.extend_from_slice(fields);
    let (status, headers, body) = b.post(path, &form).await;
    (status, location(&headers), body)
}

/// A multipart post with the browser's session cookie.
async fn multipart(
    b: &CookieClient,
    path: &str,
    form: reqwest::multipart::Form,
) -> (StatusCode, String, String) {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let mut req = client.post(format!("{}{path}", b.base)).multipart(form);
    if let Some(c) = &b.cookie {
        req = req.header(COOKIE, format!("{}={c}", vigie_web::SESSION_COOKIE));
    }
    let r = req.send().await.unwrap();
    let status = r.status();
    let to = location(r.headers());
    (status, to, r.text().await.unwrap())
}

#[tokio::test]
async fn analysts_record_list_filter_and_correct_incidents() {
    for s in servers().await {
        let mut nadia = analyst(&s, "nadia").await;
        let (_, _, home) = nadia.get("/espace").await;
        assert!(home.contains("href=\"/espace/observatoire\""), "{home}");
        let (status, _, overview) = nadia.get("/espace/observatoire").await;
        assert_eq!(status, StatusCode::OK, "{overview}");
        assert!(
            overview.contains(
                "<a href=\"/espace/observatoire\" aria-current=\"page\">Observatoire</a>"
            ),
            "the staff menu: {overview}"
        );
        assert!(
            overview.contains("Aucun incident n&#39;attend de revue.")
                || overview.contains("Aucun incident n'attend de revue."),
            "{overview}"
        );
        assert!(overview.contains("Aucune édition n"), "{overview}");
        let (status, _, en) = nadia.get("/en/espace/observatoire").await;
        assert_eq!(status, StatusCode::OK);
        assert!(en.contains("No edition has been published yet."), "{en}");

        // The form says what must never be written, and keeps what was typed when refused.
        let (_, _, page) = nadia.get("/espace/observatoire/incidents/nouveau").await;
        assert!(
            page.contains("Aucune donnée personnelle, aucun nom."),
            "{page}"
        );
        assert!(page.contains("jamais publiée"));
        let (status, _, page) = record(
            &mut nadia,
            &[
                ("category", "murder"),
                ("district", "13299"),
                ("neighbourhood", ""),
                ("month", "2999-01"),
                ("count", "0"),
                ("contributors", "beaucoup"),
                ("source", "rumour"),
                ("reference", "Gazette du 12"),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{page}");
        for id in [
            "category",
            "district",
            "month",
            "count",
            "contributors",
            "source",
        ] {
            assert!(
                page.contains(&format!("id=\"inc-{id}-error\"")),
                "{id}: {page}"
            );
            assert!(
                page.contains(&format!("href=\"#inc-{id}\"")),
                "{id} in the summary"
            );
        }
        assert!(
            page.contains("Ce mois n&#39;est pas encore arrivé")
                || page.contains("Ce mois n'est pas encore arrivé"),
            "{page}"
        );
        assert!(page.contains("Choisissez une catégorie dans la liste."));
        assert!(page.contains("value=\"Gazette du 12\"") && page.contains("value=\"beaucoup\""));
        assert!(page.contains("value=\"2999-01\"") && page.contains("value=\"0\""));
        assert!(page.contains("aria-invalid=\"true\""));

        // We cannot detect a name: the notice is the protection, the form is accepted.
        let last = current(&s).previous();
        let (status, to, _) = record(
            &mut nadia,
            &[
                ("category", "seizure"),
                ("district", "13203"),
                ("neighbourhood", ""),
                ("month", &last.to_string()),
                ("count", "2"),
                ("contributors", "1"),
                ("source", "press"),
                ("reference", "La Provence, article sur Karim B."),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(
            to.starts_with("/espace/observatoire/incidents/") && to.ends_with("?fait=enregistre"),
            "{to}"
        );
        let seizure = to.trim_end_matches("?fait=enregistre").to_owned();
        let (_, _, page) = nadia.get(&to).await;
        assert!(page.contains("Incident enregistré."), "{page}");
        assert!(page.contains("La Provence, article sur Karim B."));
        assert!(page.contains("Saisie (drogue, armes, avoirs)") && page.contains("Accepté"));
        // A month typed by hand (no month picker) is understood.
        let typed = format!("{:02}/{}", last.month(), last.year());
        let (status, _, page) = record(
            &mut nadia,
            &[
                ("category", "homicide"),
                ("district", "13215"),
                ("neighbourhood", ""),
                ("month", &typed),
                ("count", "1"),
                ("contributors", "1"),
                ("source", "police"),
                ("reference", ""),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{page}");
        let (status, _, page) = record(
            &mut nadia,
            &[
                ("category", "deal_point"),
                ("district", "13213"),
                ("neighbourhood", "1321301"),
                ("month", &last.previous().to_string()),
                ("count", "3"),
                ("contributors", "2"),
                ("source", "association"),
                ("reference", ""),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{page}");

        // The list, its filters, its links.
        let (status, _, page) = nadia.get("/espace/observatoire/incidents").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(rows(&page), 3, "{page}");
        assert!(page.contains("3 incidents."), "{page}");
        assert!(page.contains(&format!("href=\"{seizure}\"")));
        for (query, n) in [
            ("?source=police", 1),
            ("?district=13213", 1),
            (&format!("?month={last}") as &str, 2),
            ("?category=seizure&source=press", 1),
            ("?status=proposed", 0),
            ("?status=accepted&district=13203", 1),
            ("?status=bogus&source=nothing", 3),
        ] {
            let (status, _, page) = nadia
                .get(&format!("/espace/observatoire/incidents{query}"))
                .await;
            assert_eq!(status, StatusCode::OK);
            assert_eq!(rows(&page), n, "{query}: {page}");
        }

        // A correction: refused with the error beside its field, then accepted.
        let token = form_token(
            &nadia.get(&seizure).await.2,
            &format!("{seizure}/correction"),
        );
        let fields = |count: &'static str| {
            vec![
                ("category", "seizure"),
                ("district", "13203"),
                ("neighbourhood", ""),
                ("month", ""),
                ("count", count),
                ("contributors", "1"),
                ("source", "press"),
                ("reference", "La Provence"),
            ]
        };
        let month = last.to_string();
        let mut bad = fields("beaucoup");
        bad[3].1 = &month;
        bad.push(("csrf", &token));
        let (status, _, page) = nadia.post(&format!("{seizure}/correction"), &bad).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{page}");
        assert!(page.contains("id=\"inc-count-error\"") && page.contains("value=\"beaucoup\""));
        let mut good = fields("4");
        good[3].1 = &month;
        good.push(("csrf", &token));
        let (status, headers, _) = nadia.post(&format!("{seizure}/correction"), &good).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(location(&headers), format!("{seizure}?fait=corrige"));
        let (_, _, page) = nadia.get(&location(&headers)).await;
        assert!(
            page.contains("Correction enregistrée.") && page.contains("<dd>4</dd>"),
            "{page}"
        );

        // Tokens: none, or one signed for another incident, are refused.
        let (status, _, _) = nadia
            .post("/espace/observatoire/incidents/nouveau", &fields("1"))
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let other = format!("/espace/observatoire/incidents/{}", IncidentId::random());
        let mut forged = fields("1");
        forged.push(("csrf", &token));
        let (status, _, _) = nadia.post(&format!("{other}/correction"), &forged).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        // Unknown incidents.
        assert_eq!(nadia.get(&other).await.0, StatusCode::NOT_FOUND);
        assert_eq!(
            nadia.get("/espace/observatoire/incidents/nope").await.0,
            StatusCode::NOT_FOUND
        );

        let changes = audit_kinds(&s, "incident_changed").await;
        assert_eq!(changes.len(), 4, "{changes:?}");
        assert!(
            changes.iter().any(|c| c.contains("corrected")),
            "{changes:?}"
        );
        assert!(
            changes.iter().all(|c| !c.contains("Karim")),
            "the reference stays out of the log"
        );
        s.stop().await;
    }
}

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
        let (status, _, page) = amina.get(&path).await;
        assert_eq!(status, StatusCode::OK);
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
        let (status, headers, _) = amina.post(&action, &good).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(location(&headers), format!("{path}?fait=qualifie"));
        let (_, _, page) = amina.get(&location(&headers)).await;
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
        let (status, _, page) = amina.post(&action, &good).await;
        assert_eq!(status, StatusCode::CONFLICT, "{page}");
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
        let page_path = list
            .split("<th scope=\"row\"><a href=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .unwrap()
            .to_owned();
        let (status, _, page) = nadia.get(&page_path).await;
        assert_eq!(status, StatusCode::OK);
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
        let token = form_token(&page, &format!("{page_path}/revue"));
        let (status, _, _) = nadia
            .post(
                &format!("{page_path}/revue"),
                &[("csrf", &token), ("decision", "maybe")],
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        let (status, _, _) = nadia
            .post(&format!("{page_path}/revue"), &[("decision", "accept")])
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, headers, _) = nadia
            .post(
                &format!("{page_path}/revue"),
                &[("csrf", &token), ("decision", "accept")],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (_, _, page) = nadia.get(&location(&headers)).await;
        assert!(
            page.contains("Incident accepté") && page.contains("id=\"incident-status\">Accepté<"),
            "{page}"
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
        let (status, _, _) = nadia.post(&action, &good).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let pw = s.user("chloe", &[Role::Caseworker]).await;
        let mut chloe = signed_in(&s, "chloe", &pw).await;
        for b in [&mut amina, &mut chloe] {
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
            let (status, _, _) = b
                .post("/espace/observatoire/publier", &[("month", "2026-01")])
                .await;
            assert_eq!(status, StatusCode::FORBIDDEN);
        }
        let changes = audit_kinds(&s, "incident_changed").await;
        assert!(
            changes
                .iter()
                .any(|c| c.starts_with("incident:") && c.contains("qualified ")),
            "{changes:?}"
        );
        // Nothing in the audit log ties the incident to the report.
        let entries: Vec<String> = s
            .app
            .store()
            .audit_chain()
            .await
            .unwrap()
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
        s.stop().await;
    }
}

/// `n` accepted incidents straight into the store: volume for an edition.
async fn bulk(s: &Server, by: UserId, month: Month, district: &str, n: usize) {
    let rows: Vec<Incident> = (0..n)
        .map(|_| Incident {
            id: IncidentId::random(),
            category: IncidentCategory::DealPoint,
            district: district.into(),
            neighbourhood: None,
            month,
            count: 1,
            contributors: 1,
            source: SourceType::Association,
            reference: String::new(),
            report: None,
            status: IncidentStatus::Accepted,
            recorded_by: by,
        })
        .collect();
    s.app
        .store()
        .insert_incidents(&rows, "2026-01-01")
        .await
        .unwrap();
}

#[tokio::test]
async fn analysts_publish_editions_and_corrections() {
    for s in servers().await {
        let mut nadia = analyst(&s, "nadia").await;
        let path = "/espace/observatoire/publier";
        let (status, _, page) = nadia.get(path).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert!(page.contains("rien à publier"), "{page}");
        assert!(page.contains("k = 5"), "the edition rules: {page}");

        let last = current(&s).previous();
        let me = s
            .app
            .store()
            .user_by_name("nadia")
            .await
            .unwrap()
            .unwrap()
            .id;
        for (district, n) in [("13203", 40), ("13213", 30), ("13214", 25), ("13201", 12)] {
            bulk(&s, me, last, district, n).await;
        }
        let (status, _, page) = record(
            &mut nadia,
            &[
                ("category", "homicide"),
                ("district", "13215"),
                ("neighbourhood", ""),
                ("month", &last.to_string()),
                ("count", "2"),
                ("contributors", "2"),
                ("source", "press"),
                ("reference", ""),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{page}");

        // 108 incidents: the list comes in pages of 50, the filters carried over.
        let list = "/espace/observatoire/incidents";
        let (_, _, page) = nadia.get(list).await;
        assert_eq!(rows(&page), 50);
        assert!(
            page.contains("108 incidents.") && page.contains("page 1 sur 3"),
            "{page}"
        );
        assert!(
            page.contains(&format!("href=\"{list}?page=2\" rel=\"next\"")),
            "{page}"
        );
        let (_, _, page) = nadia.get(&format!("{list}?page=3")).await;
        assert_eq!(rows(&page), 8);
        assert!(!page.contains("rel=\"next\"") && page.contains("rel=\"prev\""));
        let (_, _, page) = nadia
            .get(&format!("{list}?source=association&page=1"))
            .await;
        assert!(page.contains("107 incidents."), "{page}");
        assert!(
            page.contains(&format!("href=\"{list}?source=association&#38;page=2\"")),
            "{page}"
        );

        let (_, _, page) = nadia.get(path).await;
        assert!(
            page.contains(&format!("<option value=\"{last}\" selected>")),
            "{page}"
        );
        let token = form_token(&page, path);
        let (status, _, _) = nadia.post(path, &[("month", &last.to_string())]).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "no token");
        let (status, headers, page) = nadia
            .post(path, &[("csrf", &token), ("month", &last.to_string())])
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{page}");
        let edition = format!("{last}.1");
        assert_eq!(location(&headers), format!("{path}?edition={edition}"));
        let (_, _, page) = nadia.get(&location(&headers)).await;
        assert!(
            page.contains(&format!("Édition {edition} publiée.")),
            "{page}"
        );
        assert!(page.contains("masquée") && page.contains(" sur "), "{page}");
        assert!(page.contains("href=\"/observatoire\""));
        let published = audit_kinds(&s, "edition_published").await;
        assert_eq!(published, [format!("edition:{edition} released {last}.1")]);

        // The same month again, an unfinished month, a month that is not one: refused in words.
        let (status, _, page) = nadia
            .post(path, &[("csrf", &token), ("month", &last.to_string())])
            .await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(
            page.contains(&format!("est déjà publié (dernière édition {edition})")),
            "{page}"
        );
        assert!(!page.contains("AlreadyPublished"));
        let (status, _, page) = nadia
            .post(
                path,
                &[("csrf", &token), ("month", &current(&s).to_string())],
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(page.contains("terminé"), "{page}");
        let (status, _, page) = nadia
            .post(path, &[("csrf", &token), ("month", "bientôt")])
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(page.contains("Choisissez un mois dans la liste"), "{page}");

        // Corrections: a changelog line is required; the month must be in the latest edition.
        let correction = format!("{path}/correction");
        let (_, _, page) = nadia.get(path).await;
        let token = form_token(&page, &correction);
        let (status, _, page) = nadia
            .post(
                &correction,
                &[
                    ("csrf", &token),
                    ("month", &last.to_string()),
                    ("changelog", "  "),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(page.contains("Une correction dit ce qui change"), "{page}");
        let (status, _, page) = nadia
            .post(
                &correction,
                &[
                    ("csrf", &token),
                    ("month", &last.previous().to_string()),
                    ("changelog", "x"),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(page.contains("couvert par la dernière édition"), "{page}");
        let long = "x".repeat(301);
        let (status, _, page) = nadia
            .post(
                &correction,
                &[
                    ("csrf", &token),
                    ("month", &last.to_string()),
                    ("changelog", &long),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(page.contains("300 caractères au plus"), "{page}");
        let (status, headers, page) = nadia
            .post(
                &correction,
                &[
                    ("csrf", &token),
                    ("month", &last.to_string()),
                    ("changelog", "Un doublon retiré dans le 3e."),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{page}");
        let corrected = format!("{last}.2");
        assert_eq!(
            location(&headers),
            format!("{path}?edition={corrected}&mois={last}")
        );
        let (_, _, page) = nadia.get(&location(&headers)).await;
        assert!(
            page.contains(&format!("Correction publiée : édition {corrected}.")),
            "{page}"
        );
        let (_, _, overview) = nadia.get("/espace/observatoire").await;
        assert!(
            overview.contains(&format!("<dd>{corrected}</dd>")),
            "{overview}"
        );
        assert!(overview.contains("href=\"/observatoire\""));
        assert_eq!(audit_kinds(&s, "edition_published").await.len(), 2);
        s.stop().await;
    }
}

#[tokio::test]
async fn analysts_import_the_official_ssmsi_series() {
    for s in servers().await {
        let mut nadia = analyst(&s, "nadia").await;
        let path = "/espace/observatoire/contexte";
        let (status, _, page) = nadia.get(path).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert!(page.contains("value=\"Bouches-du-Rhône (13)\""), "{page}");
        assert!(page.contains("Licence Ouverte 2.0\""));
        assert!(page.contains("enctype=\"multipart/form-data\""));
        let token = form_token(&page, path);
        let form = |token: &str, file: Option<&str>, text: &str| {
            let mut f = reqwest::multipart::Form::new()
                .text("csrf", token.to_owned())
                .text("territory", "Bouches-du-Rhône (13)")
                .text("source", "SSMSI, data.gouv.fr, Licence Ouverte 2.0")
                .text("text", text.to_owned());
            if let Some(bytes) = file {
                let part = reqwest::multipart::Part::bytes(bytes.as_bytes().to_vec())
                    .file_name("ssmsi.csv")
                    .mime_str("text/csv")
                    .unwrap();
                f = f.part("file", part);
            }
            f
        };

        // A broken file: refused with its line.
        let broken: String = SSMSI
            .lines()
            .enumerate()
            .map(|(i, l)| {
                let mut fields: Vec<&str> = l.split(',').collect();
                if i == 49 {
                    fields[4] = "beaucoup";
                }
                fields.join(",") + "\n"
            })
            .collect();
        assert_ne!(broken.trim(), SSMSI.trim(), "line 50 was changed");
        let (status, _, page) = multipart(&nadia, path, form(&token, Some(&broken), "")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{page}");
        assert!(page.contains("Ligne 50, colonne nombre"), "{page}");
        let (status, _, page) = multipart(
            &nadia,
            path,
            form(&token, None, "code_departement,annee,indicateur,unite_de_compte,nombre\r\n13,20x6,Homicides,Victime,12\r\n"),
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{page}");
        assert!(page.contains("Ligne 2, colonne annee"), "{page}");
        assert!(page.contains("20x6"), "the pasted text is kept");
        let (status, _, page) = multipart(&nadia, path, form(&token, None, "")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(
            page.contains("Choisissez un fichier ou collez son contenu."),
            "{page}"
        );
        // Larger than 5 MB: refused with words, the form again.
        let big = "x".repeat(5 * 1024 * 1024 + 1);
        let (status, _, page) = multipart(&nadia, path, form(&token, Some(&big), "")).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
        assert!(page.contains("dépasse 5 Mo"), "{page}");
        assert!(audit_kinds(&s, "context_imported").await.is_empty());

        // Without a token, or by a handler: refused.
        let (status, _, _) = multipart(&nadia, path, form("", Some(SSMSI), "")).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (amina, _) = handler_team(&s, "amina").await;
        let (status, _, _) = multipart(&amina, path, form(&token, Some(SSMSI), "")).await;
        assert_eq!(status, StatusCode::FORBIDDEN);

        // The real file.
        let (status, to, page) = multipart(&nadia, path, form(&token, Some(SSMSI), "")).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{page}");
        assert_eq!(to, format!("{path}?importees=18"));
        let (_, _, page) = nadia.get(&to).await;
        assert!(page.contains("18 séries importées."), "{page}");
        assert_eq!(rows(&page), 18, "{page}");
        assert!(page.contains("Trafic de stupéfiants") && page.contains("Mis en cause"));
        assert!(page.contains("2016–2025"));
        let series = s.app.context_series().await.unwrap();
        assert_eq!(series.len(), 18);
        assert!(
            series
                .iter()
                .all(|c| c.territory == "Bouches-du-Rhône (13)")
        );
        // Pasted, the same file replaces the same series.
        let (status, _, _) = multipart(&nadia, path, form(&token, None, SSMSI)).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(s.app.context_series().await.unwrap().len(), 18);
        assert_eq!(
            audit_kinds(&s, "context_imported").await,
            [" 18 series", " 18 series"]
        );
        s.stop().await;
    }
}
