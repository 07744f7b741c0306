//! Analysts publish editions of finished months, and corrections.

use reqwest::StatusCode;
use vigie_domain::observatory::IncidentCategory;
use vigie_testkit::assert_shows;
use vigie_testkit::bulk_incidents;

use super::{analyst, audit_kinds, current, incident, record_ok, rows};
use crate::staff::account;
use crate::staff::{form_token, location, servers};

// Long on purpose: one story per database, each step starting where the steps before left it.
#[tokio::test]
async fn analysts_publish_editions_and_corrections() {
    for s in servers().await {
        let mut nadia = analyst(&s, "nadia").await;
        let path = "/espace/observatoire/publier";
        let page = nadia.get_ok(path).await;
        assert!(page.contains("rien à publier"), "{page}");
        assert!(page.contains("k = 5"), "the edition rules: {page}");

        let last = current(&s).previous();
        let me = account(&s, "nadia").await.id;
        for (district, n) in [("13203", 40), ("13213", 30), ("13214", 25), ("13201", 12)] {
            bulk_incidents(&s.app, me, last, IncidentCategory::DealPoint, district, n).await;
        }
        let more = [("count", "2"), ("contributors", "2"), ("source", "press")];
        let last_month = last.to_string();
        record_ok(
            &mut nadia,
            &incident("homicide", "13215", &last_month, &more),
        )
        .await;

        // 108 incidents: the list comes in pages of 50, the filters carried over.
        let list = "/espace/observatoire/incidents";
        let (_, _, page) = nadia.get(list).await;
        assert_eq!(rows(&page), 50);
        assert_shows(&page, &["108 incidents.", "page 1 sur 3"]);
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
        assert_shows(&page, &["masquée", " sur "]);
        assert!(page.contains("href=\"/observatoire\""));
        let published = audit_kinds(&s, "edition_published").await;
        assert_eq!(published, [format!("edition:{edition} released {last}.1")]);

        // The same month again, an unfinished month, a month that is not one: refused in words.
        let page = nadia
            .post_expect(
                path,
                &[("csrf", &token), ("month", &last.to_string())],
                StatusCode::CONFLICT,
            )
            .await;
        assert!(
            page.contains(&format!("est déjà publié (dernière édition {edition})")),
            "{page}"
        );
        assert!(!page.contains("AlreadyPublished"));
        let page = nadia
            .post_expect(
                path,
                &[("csrf", &token), ("month", &current(&s).to_string())],
                StatusCode::BAD_REQUEST,
            )
            .await;
        assert!(page.contains("terminé"), "{page}");
        let page = nadia
            .post_expect(
                path,
                &[("csrf", &token), ("month", "bientôt")],
                StatusCode::BAD_REQUEST,
            )
            .await;
        assert!(page.contains("Choisissez un mois dans la liste"), "{page}");

        // Corrections: a changelog line is required; the month must be in the latest edition.
        let correction = format!("{path}/correction");
        let (_, _, page) = nadia.get(path).await;
        let token = form_token(&page, &correction);
        let page = nadia
            .post_expect(
                &correction,
                &[
                    ("csrf", &token),
                    ("month", &last.to_string()),
                    ("changelog", "  "),
                ],
                StatusCode::BAD_REQUEST,
            )
            .await;
        assert!(page.contains("Une correction dit ce qui change"), "{page}");
        let page = nadia
            .post_expect(
                &correction,
                &[
                    ("csrf", &token),
                    ("month", &last.previous().to_string()),
                    ("changelog", "x"),
                ],
                StatusCode::BAD_REQUEST,
            )
            .await;
        assert!(page.contains("couvert par la dernière édition"), "{page}");
        let long = "x".repeat(301);
        let page = nadia
            .post_expect(
                &correction,
                &[
                    ("csrf", &token),
                    ("month", &last.to_string()),
                    ("changelog", &long),
                ],
                StatusCode::BAD_REQUEST,
            )
            .await;
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
    }
}
