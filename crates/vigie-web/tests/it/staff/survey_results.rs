//! The impact surveys' results beyond the staff pages, over HTTP on both databases (issue 12,
//! items 6 and 7): the printable report gives each programme's pairs and mean changes only from
//! k pairs up, and says so under it; the published figures give each statement's pairs and mean
//! change only from k pairs, k of them outside the structure that gave the most, on the page, in
//! the JSON and in the CSV; a release published before them still reads.

use chrono::Datelike;
use vigie_domain::Role;
use vigie_domain::prevention::Period;
use vigie_domain::time::{day_string, paris_day};
use vigie_store::{Audit, PreventionReleaseRow};
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
        // The two published quarters hold results over k, from two collèges.
        for r in s.app.prevention_releases().await.unwrap() {
            let surveys = r.figures.surveys.expect("published with the surveys");
            assert!(surveys.any_change(), "{surveys:?}");
        }
    }
}

/// Moves the clock to the day after the quarter of `day` ends; that quarter.
fn past_quarter(s: &Server, day: chrono::NaiveDate) -> Period {
    let quarter = Period::Quarter(day.year(), (day.month0() / 3) as u8 + 1);
    let (_, last) = quarter.days().unwrap();
    let today = paris_day(s.app.clock().now());
    s.app
        .clock()
        .advance((last - today).num_days() * 86_400 + 86_400);
    quarter
}

/// The survey results of `period`'s release, as `/api/v1/prevention` gives them.
async fn published(b: &mut CookieClient, period: Period) -> serde_json::Value {
    let json = b
        .get_ok(&format!("/api/v1/prevention/{period}/figures.json"))
        .await;
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    doc["surveys"].clone()
}

/// A quarter of surveys: a cycle of `programme` at each of two collèges, with `(n, m)` pairs (from
/// 2 to 4 at the first, from 3 to 4 at the second), the clock moved past its end and its figures
/// published by `who`; that quarter.
async fn quarter(
    s: &Server,
    (b, who): (&mut CookieClient, &vigie_domain::Principal),
    (programme, places): (&str, [&str; 2]),
    (n, m): (usize, usize),
) -> Period {
    let mut closes = None;
    for (place, (count, points)) in places.iter().zip([(n, ("2", "4")), (m, ("3", "4"))]) {
        let (page, day) = new_cycle(s, b, programme, place).await;
        let codes = print(b, &page, &count.to_string()).await;
        pairs(s, &codes, &vec![points; count]).await;
        closes = Some(day);
    }
    let period = past_quarter(s, closes.unwrap());
    s.app.publish_prevention_figures(who, period).await.unwrap();
    period
}

/// The public prevention page of `period` (`lang`: empty, or `/en`).
async fn public_page(b: &mut CookieClient, lang: &str, period: Period) -> String {
    b.get_ok(&format!("{lang}/observatoire/prevention?periode={period}"))
        .await
}

#[tokio::test]
async fn public_survey_figures_show_only_from_k_pairs_never_one_structures() {
    for s in servers().await {
        let (mut b, programme, [north, south]) = coordinator(&s).await;
        let who = s
            .app
            .principal(account(&s, "pierre").await.id)
            .await
            .unwrap();
        // A first quarter: 6 pairs at one collège, 4 at the other. Ten pairs, but without the
        // first collège fewer than k: the figure would be one class's.
        let at = (programme.as_str(), [north.as_str(), south.as_str()]);
        let period = quarter(&s, (&mut b, &who), at, (6, 4)).await;
        let surveys = published(&mut b, period).await;
        assert_eq!(surveys["pairs"], 10, "{surveys}");
        let know_risks = &surveys["statements"][0];
        assert_eq!(know_risks["statement"], "know_risks");
        assert_eq!(know_risks["suppressed"], true, "{surveys}");
        assert!(know_risks["pairs"].is_null() && know_risks["change"].is_null());
        let page = public_page(&mut b, "", period).await;
        assert_shows(
            &page,
            &[
                "Jeunes ayant répondu avant et après",
                "10 jeunes ont répondu",
            ],
        );
        assert!(!page.contains("<td>+"), "{page}");

        // The next quarter (months later: another coordinator signs in): 5 pairs at each
        // collège, +2 at one and +1 at the other: +1.5.
        let mut b = member(&s, "paul", &[Role::PreventionCoordinator]).await;
        let next = quarter(&s, (&mut b, &who), at, (5, 5)).await;
        let surveys = published(&mut b, next).await;
        let know_risks = &surveys["statements"][0];
        assert_eq!(know_risks["pairs"], 10, "{surveys}");
        assert_eq!(know_risks["change"], 1.5, "{surveys}");
        assert_eq!(know_risks["suppressed"], false);
        // A statement nobody answered stays listed, suppressed.
        assert_eq!(surveys["statements"][1]["suppressed"], true);
        let page = public_page(&mut b, "", next).await;
        assert!(page.contains("<td>+1,5</td>"), "{page}");
        let english = public_page(&mut b, "/en", next).await;
        assert!(english.contains("<td>+1.5</td>"), "{english}");
        let csv = b
            .get_ok(&format!("/api/v1/prevention/{next}/surveys.csv"))
            .await;
        assert!(
            csv.starts_with("period,statement,text,pairs,change,suppressed,"),
            "{csv}"
        );
        assert!(
            csv.contains(&format!("{next},know_risks,,10,1.5,false,")),
            "{csv}"
        );
        let list = b.get_ok("/api/v1/prevention").await;
        assert!(
            list.contains(&format!("/api/v1/prevention/{next}/surveys.csv")),
            "{list}"
        );

        // A release published before the surveys were added: still read, and says it has none.
        let old = Period::Quarter(2020, 1);
        let mut body = s.app.prevention_releases().await.unwrap()[0]
            .figures
            .clone();
        (body.period, body.surveys) = (old, None);
        let row = PreventionReleaseRow {
            period: old.to_string(),
            version: 1,
            published_day: "2020-04-02".into(),
            published_by: None,
            body: serde_json::to_string(&body).unwrap(),
        };
        assert!(!row.body.contains("surveys"), "{}", row.body);
        s.app
            .store()
            .insert_prevention_release(&row, &Audit::none())
            .await
            .unwrap();
        assert!(published(&mut b, old).await.is_null());
        let page = public_page(&mut b, "", old).await;
        assert!(
            page.contains("publiée avant les résultats des questionnaires"),
            "{page}"
        );
        let csv = b
            .get_ok(&format!("/api/v1/prevention/{old}/surveys.csv"))
            .await;
        assert_eq!(csv.lines().count(), 1, "{csv}");
    }
}
