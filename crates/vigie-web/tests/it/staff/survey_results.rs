//! The impact surveys' results beyond the staff pages, over HTTP on both databases (issue 12,
//! items 6 and 7): the printable report gives each programme's pairs and mean changes only from
//! k pairs up, and says so under it.

use chrono::Datelike;
use vigie_domain::Role;
use vigie_domain::time::{day_string, paris_day};
use vigie_testkit::assert_shows;

use crate::staff::prevention::{AREA, add_programme, add_structure, structure_fields};
use crate::staff::surveys::{answer, print};
use crate::staff::{CookieClient, Server, account, member, servers};

/// A coordinator with a programme and two collèges: (client, programme, structures).
async fn coordinator(s: &Server) -> (CookieClient, String, [String; 2]) {
    let mut b = member(s, "pierre", &[Role::PreventionCoordinator]).await;
    let id = account(s, "pierre").await.id.to_string();
    let first = add_structure(&mut b, &structure_fields("Collège Fictif Nord", "", true)).await;
    let second = add_structure(&mut b, &structure_fields("Collège Fictif Sud", "", false)).await;
    let programme = add_programme(&mut b, "Programme Mesuré", &id).await;
    (b, programme, [first, second])
}

/// A cycle of `programme` at `structure` closing in 30 days: its page and its closing day.
async fn new_cycle(
    s: &Server,
    b: &mut CookieClient,
    programme: &str,
    structure: &str,
) -> (String, chrono::NaiveDate) {
    let closes = paris_day(s.app.clock().now()) + chrono::Days::new(30);
    let day = day_string(closes);
    let fields = [
        ("programme", programme),
        ("structure", structure),
        ("closes_on", day.as_str()),
    ];
    let to = b
        .submit_see_other(&format!("{AREA}/questionnaires/nouveau"), &fields)
        .await;
    (
        to.trim_end_matches("?fait=questionnaire-cree").to_owned(),
        closes,
    )
}

/// Answers slip after slip of `codes` with the first statement's `(before, after)` points.
async fn pairs(s: &Server, codes: &[Vec<String>], points: &[(&str, &str)]) {
    let mut pupil = CookieClient::new(&s.base);
    for (slip, (before, after)) in codes.iter().zip(points) {
        answer(&mut pupil, &slip[0], &[before, "", "", ""]).await;
        answer(&mut pupil, &slip[1], &[after, "", "", ""]).await;
    }
}

#[tokio::test]
async fn the_report_shows_survey_results_only_from_k_pairs() {
    for s in servers().await {
        let (mut b, programme, [college, _]) = coordinator(&s).await;
        let (page, closes) = new_cycle(&s, &mut b, &programme, &college).await;
        let codes = print(&mut b, &page, "6").await;
        // Four pairs: under k, neither their number nor their means are printed.
        let four = [("1", "3"), ("2", "3"), ("2", "4"), ("3", "5")];
        pairs(&s, &codes[..4], &four).await;
        let report = format!("{AREA}/rapport?annee={}", closes.year());
        let shown = b.get_ok(&report).await;
        assert_shows(
            &shown,
            &[
                "id=\"report-surveys\"",
                "Programme Mesuré : un cycle, moins de 5 paires",
                "Moins de 5 paires : non affiché",
                "Paires avant-après par programme",
                "<td>&#60; 5</td>",
            ],
        );
        assert!(!shown.contains("<td>4</td>"), "{shown}");
        assert!(!shown.contains("<td>+"), "{shown}");

        // The fifth pair: before 1, 2, 2, 3, 1 (9 / 5), after 3, 3, 4, 5, 4 (19 / 5), +2.
        pairs(&s, &codes[4..5], &[("1", "4")]).await;
        let shown = b.get_ok(&report).await;
        assert_shows(
            &shown,
            &[
                "Programme Mesuré : un cycle, 5 paires",
                "<td>5</td>\n      <td>1,8</td><td>3,8</td><td>+2,0</td>",
                "<svg",
            ],
        );
        let english = b.get_ok(&format!("/en{report}")).await;
        assert!(
            english.contains("<td>1.8</td><td>3.8</td><td>+2.0</td>"),
            "{english}"
        );
        // Another year, or another funder's programmes: no cycle closed there.
        for other in [
            format!("{AREA}/rapport?annee={}", closes.year() - 1),
            format!("{report}&financeur=Autre"),
        ] {
            let shown = b.get_ok(&other).await;
            assert!(
                shown.contains("Aucun cycle de questionnaires clos sur la période."),
                "{shown}"
            );
            assert!(!shown.contains("+2,0"), "{shown}");
        }
    }
}

#[tokio::test]
async fn the_demonstration_shows_survey_results_over_k() {
    for s in servers().await {
        s.app.provision_demo().await.unwrap();
        assert!(s.app.provision_demo_prevention().await.unwrap() > 0);
        assert_eq!(s.app.provision_demo_surveys().await.unwrap().len(), 3);
        let id = account(&s, "demo.prevention").await.id;
        let who = s.app.principal(id).await.unwrap();
        let programmes: Vec<_> = s.app.programmes(&who).await.unwrap();
        let ids: Vec<_> = programmes.iter().map(|p| p.id).collect();
        // The cycles closed three days ago are in their year's report, their means shown.
        let recent = paris_day(s.app.clock().now()) - chrono::Days::new(3);
        let period = vigie_domain::prevention::Period::Year(recent.year());
        let report = s
            .app
            .report_survey_results(&who, period, &ids)
            .await
            .unwrap();
        let shown = report
            .iter()
            .flat_map(|p| &p.results.statements)
            .filter(|st| st.after.means.is_some())
            .count();
        assert!(shown > 0, "{report:?}");
    }
}
