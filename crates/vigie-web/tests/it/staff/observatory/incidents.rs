//! Analysts record, list, filter, correct and review incidents; tokens are checked on every form.

use reqwest::StatusCode;
use vigie_domain::IncidentId;
use vigie_testkit::assert_shows;

use super::{analyst, audit_kinds, current, incident, record, record_ok, rows};
use crate::staff::{form_token, servers};

// Long on purpose: one story per database, each step starting where the steps before left it.
#[tokio::test]
async fn analysts_record_list_filter_and_correct_incidents() {
    for s in servers().await {
        let mut nadia = analyst(&s, "nadia").await;
        let (_, _, home) = nadia.get("/espace").await;
        assert!(home.contains("href=\"/espace/observatoire\""), "{home}");
        let overview = nadia.get_ok("/espace/observatoire").await;
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
        let en = nadia.get_ok("/en/espace/observatoire").await;
        assert!(en.contains("No edition has been published yet."), "{en}");

        // The form says what must never be written, and keeps what was typed when refused.
        let (_, _, page) = nadia.get("/espace/observatoire/incidents/nouveau").await;
        assert!(
            page.contains("Aucune donnée personnelle, aucun nom."),
            "{page}"
        );
        assert!(page.contains("jamais publiée"));
        let more = [
            ("count", "0"),
            ("contributors", "beaucoup"),
            ("source", "rumour"),
            ("reference", "Gazette du 12"),
        ];
        let (status, _, page) =
            record(&mut nadia, &incident("murder", "13299", "2999-01", &more)).await;
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
        let more = [
            ("count", "2"),
            ("source", "press"),
            ("reference", "La Provence, article sur Karim B."),
        ];
        let last_month = last.to_string();
        let to = record_ok(
            &mut nadia,
            &incident("seizure", "13203", &last_month, &more),
        )
        .await;
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
        record_ok(&mut nadia, &incident("homicide", "13215", &typed, &[])).await;
        let more = [
            ("neighbourhood", "1321301"),
            ("count", "3"),
            ("contributors", "2"),
            ("source", "association"),
        ];
        let month = last.previous().to_string();
        record_ok(&mut nadia, &incident("deal_point", "13213", &month, &more)).await;

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
            let page = nadia
                .get_ok(&format!("/espace/observatoire/incidents{query}"))
                .await;
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
        let page = nadia
            .post_expect(
                &format!("{seizure}/correction"),
                &bad,
                StatusCode::BAD_REQUEST,
            )
            .await;
        assert!(page.contains("id=\"inc-count-error\"") && page.contains("value=\"beaucoup\""));
        let mut good = fields("4");
        good[3].1 = &month;
        good.push(("csrf", &token));
        let to = nadia
            .post_see_other(&format!("{seizure}/correction"), &good)
            .await;
        assert_eq!(to, format!("{seizure}?fait=corrige"));
        let (_, _, page) = nadia.get(&to).await;
        assert_shows(&page, &["Correction enregistrée.", "<dd>4</dd>"]);

        // Tokens: none, or one signed for another incident, are refused.
        nadia
            .post_expect(
                "/espace/observatoire/incidents/nouveau",
                &fields("1"),
                StatusCode::FORBIDDEN,
            )
            .await;
        let other = format!("/espace/observatoire/incidents/{}", IncidentId::random());
        let mut forged = fields("1");
        forged.push(("csrf", &token));
        nadia
            .post_expect(
                &format!("{other}/correction"),
                &forged,
                StatusCode::FORBIDDEN,
            )
            .await;
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
    }
}
