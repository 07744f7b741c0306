//! Prevention's sessions edited, campaigns, printable report and public figures over HTTP, on both
//! databases (issue 12, items 3, 5 to 7): each form's bad input comes back at 422 with the error
//! beside its field; the report renders with its SVG charts; a period's figures are published with
//! their small cells suppressed and shown on `/observatoire`; only the coordinators open any of it.

use chrono::Datelike;
use reqwest::StatusCode;
use vigie_domain::Role;
use vigie_domain::time::{day_string, paris_day};
use vigie_testkit::assert_shows;

use super::prevention::{AREA, add_programme, add_structure, structure_fields};
use crate::staff::{
    CookieClient, Server, assert_csv, assert_newest, assert_newest_on, between, location,
    one_of_each, refused_by_policy, refused_page, servers, signed_in,
};

/// A coordinator signed in, with two structures (a collège in a priority neighbourhood of the 3rd,
/// a club of the 8th) and a programme: (client, their id, structures, programme).
async fn coordinator(s: &Server) -> (CookieClient, String, [String; 2], String) {
    let pw = s.user("pierre", &[Role::PreventionCoordinator]).await;
    let id = crate::staff::account(s, "pierre").await.id.to_string();
    let mut b = signed_in(s, "pierre", &pw).await;
    let college = add_structure(&mut b, &structure_fields("Collège Fictif", "Mme X", true)).await;
    let mut club = structure_fields("Club Inventé", "M. Y", false);
    club.retain(|(k, _)| !matches!(*k, "district" | "neighbourhood"));
    club.push(("district", "13208"));
    let club = add_structure(&mut b, &club).await;
    let programme = add_programme(&mut b, "Pas de job pour moi", &id).await;
    (b, id, [college, club], programme)
}

/// The counts of a session: (field, number) cells; none for a session planned, not delivered.
type Cells<'a> = &'a [(&'a str, &'a str)];

/// Records, for `programme` on `day`, one session at each structure with its counts (delivered when
/// it has any).
async fn sessions(
    b: &mut CookieClient,
    (day, programme): (&str, &str),
    held: &[(&str, Cells<'_>)],
) {
    for &(structure, cells) in held {
        let mut fields = vec![
            ("day", day),
            ("structure", structure),
            ("programme", programme),
        ];
        if !cells.is_empty() {
            fields.push(("delivered", "1"));
        }
        fields.extend_from_slice(cells);
        let (status, _, body) = b.submit(&format!("{AREA}/seances/nouvelle"), &fields).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    }
}

/// The id of the first item a list page links to the edit form of.
fn edited_id(page: &str) -> String {
    let end = page.find("/modifier\"").expect("an edit link");
    page[end - 36..end].to_owned()
}

#[tokio::test]
async fn a_session_is_marked_not_delivered_and_campaigns_are_recorded() {
    for s in servers().await {
        let (mut b, _, [college, _], programme) = coordinator(&s).await;
        let today = day_string(paris_day(s.app.clock().now()));
        let day = today.as_str();
        let nine: Cells = &[("n_12_14_female", "9")];
        sessions(&mut b, (day, &programme), &[(&college, nine)]).await;
        let list = b.get_ok(&format!("{AREA}/seances")).await;
        let id = edited_id(&list);
        let edit = format!("{AREA}/seances/{id}/modifier");
        let form = b.get_ok(&edit).await;
        assert_shows(
            &form,
            &["value=\"9\"", "ce formulaire ne demande que des nombres"],
        );

        // Not delivered with its counts left: the error beside the counts.
        let mut fields = vec![
            ("day", day),
            ("structure", college.as_str()),
            ("programme", programme.as_str()),
            ("n_12_14_female", "9"),
        ];
        b.submit_refused(
            &edit,
            &fields,
            &["ne compte aucun participant", "id=\"counts-error\""],
        )
        .await;
        fields.pop();
        let to = b.submit_see_other(&edit, &fields).await;
        assert_eq!(to, format!("{AREA}/seances?fait=seance-modifiee"));
        assert_newest(&s, "prevention_changed", "session edited not delivered").await;
        assert_newest_on(
            &s,
            "prevention_changed",
            &format!("prevention_session:{id}"),
        )
        .await;
        let page = b.get_ok(AREA).await;
        assert_eq!(between(&page, "id=\"figure-delivered\">", "<"), "0");
        // A session that is not there is a 404; a token for another session opens nothing.
        let other = vigie_domain::WorkshopId::random();
        b.get_expect(
            &format!("{AREA}/seances/{other}/modifier"),
            StatusCode::NOT_FOUND,
        )
        .await;

        // Campaigns: errors beside their fields first.
        let new = format!("{AREA}/campagnes/nouvelle");
        let bad = [
            ("name", ""),
            ("kind", "posters"),
            ("start", "2026-05-10"),
            ("end", "2026-05-01"),
            ("reach", "beaucoup"),
            ("reach_unit", "views"),
        ];
        let shown = [
            "Indiquez le nom.",
            "La fin ne peut pas précéder le début",
            "Cochez au moins un arrondissement.",
            "Indiquez un nombre entier, ou laissez vide.",
            "value=\"beaucoup\"",
            "href=\"#campaign-name\"",
            "aria-invalid=\"true\"",
        ];
        b.submit_refused(&new, &bad, &shown).await;
        let good = [
            ("name", "Affiches fictives"),
            ("kind", "posters"),
            ("start", day),
            ("end", day),
            ("districts", "13203"),
            ("districts", "13214"),
            ("reach", "400"),
            ("reach_unit", "copies"),
            ("programme", programme.as_str()),
        ];
        let to = b.submit_see_other(&new, &good).await;
        assert_eq!(to, format!("{AREA}/campagnes?fait=campagne-ajoutee"));
        assert_newest(&s, "prevention_changed", "campaign added").await;
        let list = b.get_ok(&format!("{AREA}/campagnes")).await;
        assert_shows(
            &list,
            &[
                "Affiches fictives",
                "400 exemplaires",
                "Pas de job pour moi",
            ],
        );
        let campaign = edited_id(&list);
        let edit = format!("{AREA}/campagnes/{campaign}/modifier");
        let mut renamed = good.to_vec();
        renamed[0] = ("name", "Affiches fictives, 2e vague");
        let (status, _, body) = b.submit(&edit, &renamed).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
        assert_newest(&s, "prevention_changed", "campaign edited").await;
        let list = b.get_ok(&format!("/en{AREA}/campagnes")).await;
        assert_shows(&list, &["2e vague", "400 copies"]);
    }
}

#[tokio::test]
async fn the_printable_report_renders_with_its_charts_and_tables() {
    for s in servers().await {
        let (mut b, _, [college, club], programme) = coordinator(&s).await;
        let today = paris_day(s.app.clock().now());
        let day = day_string(today);
        let held: [(&str, Cells); 3] = [
            (
                &college,
                &[("n_12_14_female", "10"), ("n_12_14_male", "12")],
            ),
            (&college, &[("n_12_14_female", "8"), ("n_12_14_male", "13")]),
            (&club, &[("n_15_18_male", "6"), ("n_adults_female", "2")]),
        ];
        sessions(&mut b, (&day, &programme), &held).await;
        let page = b.get_ok(&format!("{AREA}/rapport")).await;
        assert_shows(
            &page,
            &[
                &format!("Rapport de prévention {}", today.year()),
                "<svg",
                "Jeunes sensibilisés par âge",
                "Jeunes sensibilisés par arrondissement",
                "id=\"report-people-title\"",
                "id=\"report-campaigns-title\"",
                "Aucun cycle de questionnaires clos sur la période.",
                "activity-report",
                "/static/observatory.css",
            ],
        );
        // The same group over two sessions counts once (the larger cell each): 10 + 13 + 6 = 29.
        assert!(page.contains("<dd>29</dd>"), "{page}");
        assert!(!page.contains("<script"), "{page}");
        // One programme's report, and one funder's.
        let page = b
            .get_ok(&format!("{AREA}/rapport?programme={programme}"))
            .await;
        assert!(page.contains("Programme « Pas de job pour moi »"), "{page}");
        let page = b
            .get_ok(&format!(
                "{AREA}/rapport?financeur=Fiche+action+STSPD+2.1+%28fictive%29"
            ))
            .await;
        assert!(page.contains("<dd>29</dd>"), "{page}");
        let page = b.get_ok(&format!("{AREA}/rapport?financeur=Autre")).await;
        assert!(page.contains("<dd>0</dd>"), "{page}");
        b.get_expect(
            &format!("{AREA}/rapport?annee=1789"),
            StatusCode::BAD_REQUEST,
        )
        .await;
        let page = b.get_ok(&format!("/en{AREA}/rapport")).await;
        assert!(page.contains("Prevention report"), "{page}");
    }
}

#[tokio::test]
async fn public_figures_are_published_with_small_cells_suppressed() {
    for s in servers().await {
        let (mut b, _, [college, club], programme) = coordinator(&s).await;
        let last_year = paris_day(s.app.clock().now()).year() - 1;
        let day = format!("{last_year}-02-10");
        // 30 young people at the collège (3rd), 2 at the club (8th).
        let held: [(&str, Cells); 2] = [
            (
                &college,
                &[("n_12_14_female", "14"), ("n_12_14_male", "16")],
            ),
            (&club, &[("n_15_18_male", "2")]),
        ];
        sessions(&mut b, (&day, &programme), &held).await;
        let period = format!("{last_year}-Q1");
        let figures = format!("{AREA}/chiffres?periode={period}");
        let preview = b.get_ok(&figures).await;
        assert_shows(&preview, &["32 jeunes sensibilisés", "&lt; 5"]);
        let publish = format!("{AREA}/chiffres/publier");
        let (status, headers, body) = b
            .submit_on(&figures, &publish, &[("periode", period.as_str())])
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
        assert!(location(&headers).ends_with("?fait=chiffres-publies"));
        assert_newest_on(
            &s,
            "prevention_figures_published",
            &format!("prevention_release:{period}"),
        )
        .await;

        // The release: the 8th's 2 young people hidden, and the 3rd's 30 with them (or the total),
        // so that no difference gives the 2 back.
        let json: serde_json::Value = serde_json::from_str(
            &b.get_ok(&format!("/api/v1/prevention/{period}/figures.json"))
                .await,
        )
        .unwrap();
        let cell = |breakdown: &str, key: &str| {
            json["rows"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| {
                    r["measure"] == "young_people" && r["breakdown"] == breakdown && r["key"] == key
                })
                .cloned()
                .unwrap()
        };
        assert_eq!(cell("total", "")["count"], 32);
        let club_cell = cell("district", "13208");
        assert_eq!(club_cell["suppressed"], true);
        assert!(club_cell["count"].is_null());
        assert_eq!(cell("district", "13203")["suppressed"], true);
        assert_eq!(cell("district_age_band", "13208/15_18")["suppressed"], true);
        let csv = format!("/api/v1/prevention/{period}/figures.csv");
        let header = "period,measure,breakdown,key,count,suppressed,version,licence";
        let club = format!("{period},young_people,district,13208,,true,1,");
        assert_csv(&mut b, &csv, header, &club).await;

        // The public page and the dashboard's own section, JavaScript or not.
        let public = b.get_ok("/observatoire/prevention").await;
        assert_shows(
            &public,
            &[
                "32 jeunes sensibilisés",
                "&lt; 5",
                "<svg",
                "Jeunes ayant répondu avant et après",
            ],
        );
        assert!(!public.contains("<script"), "{public}");
        let dashboard = b.get_ok("/observatoire").await;
        assert_shows(
            &dashboard,
            &[
                "id=\"obs-prevention-headline\">32 jeunes sensibilisés",
                "/observatoire/prevention",
            ],
        );
        let english = b.get_ok("/en/observatoire").await;
        assert!(english.contains("32 young people reached"), "{english}");

        // Once only; never a year beside its quarters; never a period not over.
        for (asked, refusal) in [
            (period.clone(), "déjà publié"),
            (last_year.to_string(), "recoupe"),
            (format!("{}", last_year + 1), "n&#39;est pas terminée"),
        ] {
            let page = b
                .submit_on_expect(
                    &figures,
                    &publish,
                    &[("periode", asked.as_str())],
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
                .await;
            assert!(page.contains(refusal), "{asked}: {page}");
        }
        b.get_expect(
            "/observatoire/prevention?periode=1999",
            StatusCode::NOT_FOUND,
        )
        .await;
    }
}

#[tokio::test]
async fn only_coordinators_open_campaigns_reports_and_figures() {
    for s in servers().await {
        let outsiders = [Role::Admin, Role::Caseworker, Role::Analyst];
        for (name, mut b) in one_of_each(&s, &outsiders).await {
            for path in ["campagnes", "rapport", "chiffres"] {
                let page = format!("{AREA}/{path}");
                refused_page(&s, &mut b, name, &page, "manage_workshops").await;
            }
            refused_by_policy(
                &s,
                &mut b,
                name,
                (&format!("{AREA}/chiffres/publier"), "prevention:publish"),
                &[("periode", "2020")],
                "publish_prevention_figures",
            )
            .await;
        }
    }
}
