//! Casework indicators over HTTP, on both databases: the caseworker's yearly activity report counts
//! everyone and names no one (a handler and an analyst are refused, and audited); a finished
//! year's figures are published by a caseworker of every casework team, counting only the people
//! who consented, with the cells under k suppressed on the public page and in the open data.

use chrono::Datelike;
use reqwest::StatusCode;
use vigie_app::casework::FileChange;
use vigie_domain::Role;
use vigie_domain::casefile::{AgeBand, Consent, Consenter, Event, EventKind, PersonRole, Sex};
use vigie_testkit::http::CookieClient;
use vigie_testkit::staff::{new_file, principal_and_key};

use crate::staff::{
    Server, assert_csv, assert_newest_on, audit_head, chosen_password, form_token, servers,
    signed_in,
};

/// One person: role, sex, consent to statistics, interviews.
type Person = (PersonRole, Sex, bool, usize);

/// Opens a file per person as `cass` (signed in already), with their consent and interviews on
/// `day`; returns the names.
async fn open_files(s: &Server, people: &[Person], tag: &str) -> Vec<String> {
    let (who, key) = principal_and_key(&s.app, "cass", &chosen_password("cass")).await;
    let day = vigie_domain::time::paris_day(s.app.clock().now());
    let mut names = Vec::new();
    for (i, (role, sex, statistics, interviews)) in people.iter().enumerate() {
        let name = format!("Personne{i} Canari{tag}");
        let id = s
            .app
            .create_file(&who, &key, new_file(&name, *role, AgeBand::Adult, *sex))
            .await
            .unwrap();
        let mut changes = vec![FileChange::Consent(Consent {
            by: Consenter::Person,
            day,
            services: true,
            statistics: *statistics,
            recipients: Vec::new(),
            never_share: Vec::new(),
        })];
        for _ in 0..*interviews {
            changes.push(FileChange::Event(Event {
                kind: EventKind::Interview,
                day,
                note: String::new(),
            }));
        }
        for c in changes {
            s.app.change_file(&who, &key, id, c).await.unwrap();
        }
        names.push(name);
    }
    names
}

/// The casework team that help requests reach, with `cass`; a handler and an analyst.
async fn team(s: &Server) -> [String; 3] {
    let pw = crate::staff::help_link::casework_team(s).await;
    let handler = s.user("hana", &[Role::Handler]).await;
    let analyst = s.user("ana", &[Role::Analyst]).await;
    [pw, handler, analyst]
}

const REPORT: &str = "/espace/accompagnement/rapport";
const PUBLISH: &str = "/espace/accompagnement/rapport/publier";

/// Posts the publishing form for `year`; the status and the page it leads to.
async fn publish(b: &mut CookieClient, year: i32) -> (StatusCode, String) {
    let (_, _, page) = b.get(REPORT).await;
    let token = form_token(&page, PUBLISH);
    let (status, headers, body) = b
        .post(PUBLISH, &[("csrf", &token), ("annee", &year.to_string())])
        .await;
    if status == StatusCode::SEE_OTHER {
        let to = headers["location"].to_str().unwrap().to_owned();
        return (status, b.get(&to).await.2);
    }
    (status, body)
}

#[tokio::test]
async fn the_yearly_report_counts_everyone_without_a_name_for_caseworkers_only() {
    for s in servers().await {
        let [pw, handler_pw, analyst_pw] = team(&s).await;
        let mut cass = signed_in(&s, "cass", &pw).await;
        let tag = uuid::Uuid::new_v4().simple().to_string();
        let people: Vec<Person> = vec![
            (PersonRole::IndirectVictim, Sex::Female, true, 1),
            (PersonRole::IndirectVictim, Sex::Female, false, 3),
            (PersonRole::Witness, Sex::Male, false, 0),
        ];
        let names = open_files(&s, &people, &tag).await;
        let year = vigie_domain::time::paris_day(s.app.clock().now()).year();
        let page = cass.get_ok(&format!("{REPORT}?annee={year}")).await;
        // Everyone is counted, consent or not: 3 people, one "aidée", one "accompagnée".
        assert!(page.contains("3 personnes accompagnées"), "{page}");
        assert!(page.contains("Aidée (un entretien)"), "{page}");
        for n in &names {
            assert!(!page.contains(n.as_str()), "no name in the report");
        }
        assert!(!page.contains("<script"), "{page}");
        assert_newest_on(&s, "decrypted", &format!("activity_report:{year}")).await;
        assert_eq!(
            cass.get(&format!("{REPORT}?annee=deux-mille")).await.0,
            StatusCode::BAD_REQUEST
        );
        // English too.
        let en = cass.get_ok(&format!("/en{REPORT}?annee={year}")).await;
        assert!(en.contains("3 people supported"), "{en}");

        for (user, pw) in [("hana", &handler_pw), ("ana", &analyst_pw)] {
            let mut b = signed_in(&s, user, pw).await;
            assert_eq!(b.get(REPORT).await.0, StatusCode::FORBIDDEN, "{user}");
            let head = audit_head(&s).await;
            assert_eq!(head.kind, "permission_denied", "{user}");
            assert!(head.detail.starts_with("read_activity_report"), "{head:?}");
        }
    }
}

#[tokio::test]
async fn published_figures_count_only_consenting_people_and_hide_small_cells() {
    for s in servers().await {
        let [pw, handler_pw, _] = team(&s).await;
        let mut cass = CookieClient::new(&s.base);
        let (totp, _) = cass.first_login(&s.app, "cass", &pw).await;
        let chosen = chosen_password("cass");
        assert_eq!(cass.change_password(&pw, &chosen).await, StatusCode::OK);
        let tag = uuid::Uuid::new_v4().simple().to_string();
        let mut people: Vec<Person> = Vec::new();
        people.extend((0..8).map(|i| {
            let sex = if i % 2 == 0 { Sex::Female } else { Sex::Male };
            (PersonRole::IndirectVictim, sex, true, 1 + i % 2)
        }));
        people.extend((0..6).map(|i| {
            let sex = if i % 2 == 0 { Sex::Female } else { Sex::Male };
            (PersonRole::DirectVictim, sex, true, 2)
        }));
        people.extend((0..2).map(|_| (PersonRole::Witness, Sex::Female, true, 1)));
        // Not consented: never counted in what is published.
        people.extend((0..4).map(|_| (PersonRole::DirectVictim, Sex::Male, false, 1)));
        open_files(&s, &people, &tag).await;
        let year = vigie_domain::time::paris_day(s.app.clock().now()).year();

        // The year is not over: refused, with what to do.
        let (status, page) = publish(&mut cass, year).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
        assert!(page.contains("pas terminée"), "{page}");

        // A year later (the session has expired by then: sign in again).
        s.app.clock().advance(400 * 86_400);
        let mut cass = CookieClient::new(&s.base);
        let now = s.app.clock().unix();
        let (status, _, _) = cass.login_totp("cass", &chosen, &totp, now).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (status, page) = publish(&mut cass, year).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{page}");
        assert!(page.contains("sont publiés"), "{page}");
        let published: Vec<_> = crate::staff::audit_of_kind(&s, "casework_figures_published").await;
        assert_eq!(published.len(), 1);
        assert_eq!(published[0].object, format!("casework_release:{year}"));
        // Only the 16 consenting people's files were opened.
        assert_eq!(published[0].detail, "16 files");
        let (status, page) = publish(&mut cass, year).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
        assert!(page.contains("déjà publiés"), "{page}");

        // A handler cannot publish (audited).
        let mut hana = signed_in(&s, "hana", &handler_pw).await;
        crate::staff::refused_by_policy(
            &s,
            &mut hana,
            "hana",
            (PUBLISH, "casework-figures"),
            &[("annee", "2025")],
            "publish_casework_figures",
        )
        .await;

        // The open data: 16 consenting people, the 2 witnesses suppressed, and the direct
        // victims with them (the total less the indirect victims would give the witnesses).
        let mut public = CookieClient::new(&s.base);
        let json = public
            .get_ok(&format!("/api/v1/accompagnement/{year}/figures.json"))
            .await;
        let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
        let row = |measure: &str, breakdown: &str, key: &str| {
            doc["rows"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["measure"] == measure && r["breakdown"] == breakdown && r["key"] == key)
                .cloned()
                .unwrap()
        };
        assert_eq!(row("people", "total", "")["count"], 16, "{json}");
        assert_eq!(row("people", "role", "witness")["suppressed"], true);
        assert!(row("people", "role", "witness")["count"].is_null());
        assert_eq!(
            row("people", "role", "indirect_victim")["count"],
            8,
            "{json}"
        );
        assert_eq!(row("people", "role", "direct_victim")["suppressed"], true);
        for r in doc["rows"].as_array().unwrap() {
            assert!(
                r["suppressed"] == true || r["count"].as_u64().is_some_and(|c| c >= 5),
                "{r}"
            );
        }
        let csv = format!("/api/v1/accompagnement/{year}/figures.csv");
        let header = "year,measure,breakdown,key,count,suppressed,version,licence\r\n";
        let witnesses = format!("{year},people,role,witness,,true,1,");
        assert_csv(&mut public, &csv, header, &witnesses).await;
        let (_, _, list) = public.get("/api/v1/accompagnement").await;
        assert!(list.contains(&format!("\"year\":{year}")), "{list}");
        assert_eq!(
            public
                .get("/api/v1/accompagnement/1999/figures.json")
                .await
                .0,
            StatusCode::NOT_FOUND
        );

        // The public page, in French and English: the figures, "< 5" for the hidden ones.
        let page = public.get_ok("/observatoire/accompagnement").await;
        assert!(page.contains("16 personnes accompagnées"), "{page}");
        assert!(page.contains("&lt; 5") || page.contains("< 5"), "{page}");
        assert!(!page.contains("<script"), "{page}");
        let en = public.get_ok("/en/observatoire/accompagnement").await;
        assert!(en.contains("16 people supported"), "{en}");
        assert_eq!(
            public
                .get("/observatoire/accompagnement?annee=1999")
                .await
                .0,
            StatusCode::NOT_FOUND
        );
    }
}
