//! Court cases on a person's file over HTTP, on both databases: a caseworker adds a case with a
//! known offence date and reads its CIVI deadline (passed, relief possible), updates its stage
//! with a hearing and a final decision and reads the new deadlines, sees them among their
//! échéances; dates in an impossible order are refused with what to fix; the court and the
//! police station never reach the disk in clear. The demonstration's caseworker sees Fatima's
//! hearing among their échéances and Karim's complaint on his file.

use chrono::{Days, Months, NaiveDate};
use vigie_testkit::canary::Canaries;
use vigie_testkit::{assert_shows, with_fields};

use crate::staff::case_files::change;
use crate::staff::{between, servers, signed_in};

#[tokio::test]
async fn a_caseworker_follows_a_court_case_and_its_compensation_deadlines() {
    for s in servers().await {
        let pw = crate::staff::help_link::casework_team(&s).await;
        let tag = uuid::Uuid::new_v4().simple().to_string();
        let court = format!("Tribunal-canari-{tag}");
        let station = format!("Commissariat-canari-{tag}");
        let mut cass = signed_in(&s, "cass", &pw).await;
        let file = crate::staff::case_files::open_file(
            &mut cass,
            "/espace/accompagnement/dossiers/nouveau",
            ("Nadia Fictive", "indirect_victim"),
            &[],
        )
        .await;

        // The station is required with the address for service there; a birth after the offence
        // is refused with what to fix.
        let base = [
            ("quoi", "dossier-judiciaire"),
            ("juridiction", court.as_str()),
            ("etape", "complaint"),
            ("partie_civile", "none"),
            ("aide", "not_requested"),
            ("infraction", "2020-03-14"),
        ];
        let no_station = with_fields(&base, &[("domiciliation", "1")]);
        let station_required = ["« commissariat » est obligatoire"];
        cass.submit_refused(&file, &no_station, &station_required)
            .await;
        let born_late = with_fields(&base, &[("naissance", "2021-01-01")]);
        let body = cass.submit_refused(&file, &born_late, &[]).await;
        assert!(
            body.contains(
                "dates incohérentes : la date de naissance est postérieure à l&#39;infraction"
            ) || body.contains(
                "dates incohérentes : la date de naissance est postérieure à l'infraction"
            ),
            "{body}"
        );
        let bad_day = with_fields(&base, &[("infraction", "2020-02-30")]);
        cass.submit_refused(&file, &bad_day, &["date invalide"])
            .await;

        // An offence on 14 March 2020: the CIVI's three years ended on 14 March 2023.
        let ok = with_fields(
            &base,
            &[
                ("domiciliation", "1"),
                ("commissariat", station.as_str()),
                ("avocat", "Maître Exemple"),
            ],
        );
        let body = change(&mut cass, &file, &ok).await;
        assert_shows(&body, &[&court, &station]);
        assert!(
            body.contains("Indicatif, d&#39;après la table des délais du 2026-12-06")
                || body.contains("Indicatif, d'après la table des délais du 2026-12-06"),
            "{body}"
        );
        assert!(
            body.contains("au plus tard le <strong>2023-03-14</strong> (art. 706-5, al. 1 CPP)"),
            "{body}"
        );
        assert_shows(
            &body,
            &["délai dépassé", "relevé de forclusion peut encore"],
        );

        // Judged a month ago, damages awarded, final ten days later; a hearing to come.
        let today = vigie_domain::time::paris_day(s.app.clock().now());
        let decided = today - Days::new(30);
        let final_on = decided + Days::new(10);
        let hearing = today + Days::new(20);
        let case = between(&body, r#"name="dossier" value=""#, r#"""#);
        let (d, f, h) = (
            decided.to_string(),
            final_on.to_string(),
            hearing.to_string(),
        );
        let update = [
            ("quoi", "dossier-judiciaire-maj"),
            ("dossier", case.as_str()),
            ("etape", "judgment"),
            ("partie_civile", "constituted"),
            ("aide", "granted_full"),
            ("audience_jour", h.as_str()),
            ("audience_libelle", "Audience sur intérêts civils"),
            ("decision", d.as_str()),
            ("definitive", f.as_str()),
            ("dommages", "1"),
        ];
        let body = change(&mut cass, &file, &update).await;
        let year_after = |day: NaiveDate| (day + Months::new(12)).to_string();
        assert_shows(&body, &["Jugement", "Audience sur intérêts civils"]);
        assert!(
            body.contains(&format!(
                "<strong>CIVI</strong> : au plus tard le <strong>{}</strong>",
                year_after(decided)
            )),
            "{body}"
        );
        assert!(
            body.contains(&format!(
                "<strong>SARVI</strong> : au plus tard le <strong>{}</strong>",
                year_after(final_on)
            )),
            "{body}"
        );
        assert!(!body.contains("délai dépassé"), "{body}");
        // The hearing is the file's next due day (no step is).
        assert!(body.contains(&format!("<dd>{h}</dd>")), "{body}");

        // Final before the decision: refused, the case unchanged.
        let backwards = with_fields(&update, &[("definitive", "2020-01-01")]);
        let body = cass.submit_refused(&file, &backwards, &[]).await;
        assert!(
            body.contains("devenue définitive avant d&#39;être rendue")
                || body.contains("devenue définitive avant d'être rendue"),
            "{body}"
        );

        // The échéances list the hearing; the deadlines a year away are not in the window.
        let agenda = cass.get_ok("/espace/accompagnement/echeances").await;
        assert_shows(
            &agenda,
            &[&h, "Audience sur intérêts civils", "Nadia Fictive"],
        );
        assert!(!agenda.contains("SARVI ("), "{agenda}");
        let (_, _, en) = cass.get("/en/espace/accompagnement/echeances").await;
        assert_shows(&en, &["Deadlines", &h]);
        let audit = s.app.store().audit_chain().await.unwrap();
        assert!(
            audit
                .iter()
                .any(|e| e.kind == "decrypted" && e.detail == "deadlines"),
            "the échéances' decryption is audited"
        );

        let mut canaries = Canaries::new();
        canaries.add("court", &court).add("station", &station);
        canaries.assert_absent(&s.evidence().with_log());
    }
}

#[tokio::test]
async fn the_demo_caseworker_sees_fatimas_hearing_and_karims_complaint() {
    for s in servers().await {
        let accounts = s.app.provision_demo().await.unwrap();
        s.app.provision_demo_help_team().await.unwrap();
        assert!(s.app.provision_demo_casework().await.unwrap() > 0);
        let mut b = crate::staff::demo_signed_in(&s, &accounts, "demo.accompagnement").await;
        let hearing =
            (vigie_domain::time::paris_day(s.app.clock().now()) + Days::new(21)).to_string();
        let agenda = b.get_ok("/espace/accompagnement/echeances").await;
        assert_shows(
            &agenda,
            &[&hearing, "Audience de jugement", "Fatima Exemple-Fictif"],
        );
        let (_, _, list) = b.get("/espace/accompagnement/dossiers?nom=karim").await;
        let karim = between(
            &list,
            r#"<a href="/espace/accompagnement/dossiers/"#,
            r#"""#,
        );
        let (_, _, file) = b
            .get(&format!("/espace/accompagnement/dossiers/{karim}"))
            .await;
        assert_shows(
            &file,
            &[
                "Parquet de Marseille",
                "Commissariat du 14e arrondissement",
                "<strong>CIVI</strong>",
            ],
        );
    }
}
