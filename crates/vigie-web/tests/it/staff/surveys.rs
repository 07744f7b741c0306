//! Impact surveys over HTTP, on both databases (issue 12, item 4): a coordinator sets a
//! programme's statements, creates a cycle and prints its slips (codes shown once, with QR codes
//! and the help numbers); pupils answer without account or cookie, a code answers once, a closed
//! cycle refuses answers; a paper slip keyed in under its code pairs with its other code; results
//! show a mean only from k pairs; only coordinators open the surveys.

use reqwest::StatusCode;
use vigie_domain::Role;
use vigie_domain::time::{day_string, paris_day};
use vigie_testkit::assert_shows;

use crate::staff::prevention::{AREA, add_programme, add_structure, structure_fields};
use crate::staff::{
    CookieClient, Server, account, assert_newest, member, one_of_each, refused_by_policy,
    refused_page, servers,
};

/// The codes printed on a slips page, slip by slip (each slip's codes in wave order).
pub fn printed_codes(page: &str) -> Vec<Vec<String>> {
    page.split("<section class=\"slip\"")
        .skip(1)
        .map(|slip| {
            slip.split("<span dir=\"ltr\">")
                .skip(1)
                .map(|s| s.split('<').next().unwrap_or_default().to_owned())
                .collect()
        })
        .collect()
}

/// A coordinator's programme at a structure with a cycle closing in 30 days: the coordinator, the
/// cycle's page and its programme's id.
pub async fn cycle(s: &Server, name: &str, later: bool) -> (CookieClient, String, String) {
    let mut b = member(s, name, &[Role::PreventionCoordinator]).await;
    let id = account(s, name).await.id.to_string();
    let structure = add_structure(
        &mut b,
        &structure_fields("Collège Fictif du Sondage", "", true),
    )
    .await;
    let programme = add_programme(&mut b, "Programme Sondé", &id).await;
    let closes = paris_day(s.app.clock().now()) + chrono::Days::new(30);
    let closes = day_string(closes);
    let mut fields = vec![
        ("programme", programme.as_str()),
        ("structure", structure.as_str()),
        ("closes_on", closes.as_str()),
    ];
    if later {
        fields.push(("later", "1"));
    }
    let to = b
        .submit_see_other(&format!("{AREA}/questionnaires/nouveau"), &fields)
        .await;
    let page = to.trim_end_matches("?fait=questionnaire-cree").to_owned();
    assert!(page.starts_with(&format!("{AREA}/questionnaires/")), "{to}");
    (b, page, programme)
}

/// Prints `n` slips of the cycle at `page`; their codes.
pub async fn print(b: &mut CookieClient, page: &str, n: &str) -> Vec<Vec<String>> {
    let slips = b
        .submit_on_expect(
            page,
            &format!("{page}/fiches"),
            &[("slips", n)],
            StatusCode::OK,
        )
        .await;
    assert_shows(
        &slips,
        &["<svg role=\"img\"", "116 006", "119", "/questionnaire"],
    );
    printed_codes(&slips)
}

/// A pupil answers `code` with `points` (one a statement, "" for none): the thanks page.
pub async fn answer(pupil: &mut CookieClient, code: &str, points: &[&str]) -> String {
    let path = format!("/questionnaire/{}", code.replace('-', ""));
    let names: Vec<String> = (0..points.len()).map(|i| format!("s{i}")).collect();
    let fields: Vec<(&str, &str)> = names
        .iter()
        .map(String::as_str)
        .zip(points.iter().copied())
        .collect();
    pupil.submit_expect(&path, &fields, StatusCode::OK).await
}

#[tokio::test]
async fn slips_pair_answers_once_each_and_results_show_only_from_k_pairs() {
    for s in servers().await {
        let (mut pierre, page, programme) = cycle(&s, "pierre", false).await;
        assert_newest(&s, "prevention_changed", "survey cycle added").await;

        // The programme's statements: a question is refused, beside its field.
        let statements = format!("{AREA}/programmes/{programme}/questionnaire");
        let form = pierre.get_ok(&statements).await;
        assert!(form.contains("value=\"know_risks\" checked"), "{form}");
        let refused = pierre
            .submit_expect(
                &statements,
                &[
                    ("standard", "know_help"),
                    ("own1", "Connais-tu un guetteur ?"),
                ],
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        assert!(refused.contains("pas une question"), "{refused}");

        let codes = print(&mut pierre, &page, "6").await;
        assert_eq!(codes.len(), 6);
        assert!(codes.iter().all(|c| c.len() == 2), "{codes:?}");
        assert_newest(&s, "prevention_changed", "survey slips printed n=6").await;
        // The codes are shown once: the cycle's page does not hold them.
        let shown = pierre.get_ok(&page).await;
        assert!(!shown.contains(&codes[0][0]), "{shown}");

        // Four pupils answer before and after: no account, no cookie.
        let mut pupil = CookieClient::new(&s.base);
        for slip in &codes[..4] {
            let thanks = answer(&mut pupil, &slip[0], &["2", "3", "", "1"]).await;
            assert!(thanks.contains("Merci"), "{thanks}");
            answer(&mut pupil, &slip[1], &["4", "3", "5", "2"]).await;
        }
        assert!(pupil.cookie.is_none());
        // A code answers once: the same form sent again is refused, and the code's page too.
        let used = format!("/questionnaire/{}", codes[0][0].replace('-', ""));
        let (status, _, body) = pupil.get(&used).await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert!(body.contains("déjà servi"), "{body}");
        let fresh = format!("/questionnaire/{}", codes[5][0].replace('-', ""));
        let token = pupil.csrf(&fresh).await;
        let sent = [("csrf", token.as_str()), ("s0", "3")];
        assert_eq!(pupil.post(&fresh, &sent).await.0, StatusCode::OK);
        assert_eq!(pupil.post(&fresh, &sent).await.0, StatusCode::CONFLICT);
        // A point out of the scale comes back beside its statement (422), nothing stored.
        let other = format!("/questionnaire/{}", codes[4][1].replace('-', ""));
        let token = pupil.csrf(&other).await;
        let (status, _, body) = pupil
            .post(&other, &[("csrf", token.as_str()), ("s1", "9")])
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(body.contains("aria-invalid=\"true\""), "{body}");
        // A forged token: 403.
        assert_eq!(
            pupil
                .post(&other, &[("csrf", "forged"), ("s1", "2")])
                .await
                .0,
            StatusCode::FORBIDDEN
        );
        // An unknown code (404) and a code that is not one (400), typed.
        pupil
            .get_expect("/questionnaire/ABCDEFGHJKMN", StatusCode::NOT_FOUND)
            .await;
        pupil
            .get_expect("/questionnaire?code=0000", StatusCode::BAD_REQUEST)
            .await;
        let (status, headers, _) = pupil
            .get(&format!(
                "/questionnaire?code={}",
                codes[4][1].to_lowercase().replace('-', "+")
            ))
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(crate::staff::location(&headers), other);

        // Four pairs: counted, the means hidden.
        let shown = pierre.get_ok(&page).await;
        assert!(shown.contains("Moins de 5 paires : non affiché"), "{shown}");
        assert!(!shown.contains("+2,4"), "{shown}");

        // The fifth slip comes back on paper: keyed in under its codes, it pairs.
        let key = format!("{page}/saisie");
        let paper = |code: &str, point: &'static str| {
            vec![
                ("code".to_owned(), code.to_lowercase()),
                ("s0".to_owned(), point.to_owned()),
            ]
        };
        for (code, point) in [(&codes[4][0], "1"), (&codes[4][1], "5")] {
            let fields = paper(code, point);
            let fields: Vec<(&str, &str)> = fields
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            let to = pierre.submit_on_see_other(&page, &key, &fields).await;
            assert!(to.ends_with("?fait=fiche-saisie"), "{to}");
        }
        assert_newest(&s, "prevention_changed", "survey slip keyed in wave=after").await;
        let again = paper(&codes[4][1], "3");
        let again: Vec<(&str, &str)> = again
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let body = pierre
            .submit_on_expect(&page, &key, &again, StatusCode::UNPROCESSABLE_ENTITY)
            .await;
        assert!(body.contains("déjà une réponse"), "{body}");
        let body = pierre
            .submit_on_expect(
                &page,
                &key,
                &[("code", "ABCD-EFGH-JKMN")],
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        assert!(body.contains("pas un code de ce cycle"), "{body}");

        // Five pairs: the first statement's means (before 9/5, after 21/5) and change show.
        let shown = pierre.get_ok(&page).await;
        assert_shows(&shown, &["1,8", "4,2", "+2,4"]);
        let list = pierre.get_ok(&format!("{AREA}/questionnaires")).await;
        assert_shows(&list, &["Programme Sondé", "+2,4", "5 paires"]);
        let english = pierre.get_ok(&format!("/en{page}")).await;
        assert!(english.contains("+2.4"), "{english}");

        // Closed: the cycle's day has passed, an unused code is refused (410).
        let unused = format!("/en/questionnaire/{}", codes[5][1].replace('-', ""));
        let open = pupil.get_ok(&unused).await;
        assert!(open.contains("strongly agree"), "{open}");
        s.app.clock().advance(31 * 86_400);
        let closed = pupil.get_expect(&unused, StatusCode::GONE).await;
        assert!(closed.contains("closed"), "{closed}");
    }
}

#[tokio::test]
async fn only_coordinators_open_the_surveys() {
    for s in servers().await {
        let outsiders = [Role::Admin, Role::Handler, Role::Caseworker];
        for (name, mut b) in one_of_each(&s, &outsiders).await {
            let list = format!("{AREA}/questionnaires");
            refused_page(&s, &mut b, name, &list, "manage_workshops").await;
            let new = format!("{AREA}/questionnaires/nouveau");
            refused_by_policy(
                &s,
                &mut b,
                name,
                (new.as_str(), "surveys"),
                &[("programme", "x")],
                "manage_workshops",
            )
            .await;
        }
    }
}

#[tokio::test]
async fn a_pupil_with_javascript_disabled_types_a_code_and_answers() {
    let Some(d) = vigie_testkit::Driver::start().await else {
        return;
    };
    for s in servers().await {
        let (mut pierre, page, _) = cycle(&s, "pierre", true).await;
        let codes = print(&mut pierre, &page, "1").await;
        assert_eq!(codes[0].len(), 3, "before, after, three months later");
        let c = vigie_testkit::Browser::start(&d).await;
        c.goto(&format!("{}/questionnaire", s.base)).await;
        c.wait_for_text("Tape le code").await;
        // Typed as a pupil would: small letters, spaces instead of dashes.
        c.fill("#code", &codes[0][0].to_lowercase().replace('-', " "))
            .await;
        c.click("form[action=\"/questionnaire\"] button[type=submit]")
            .await;
        c.wait_for_path(&format!("/questionnaire/{}", codes[0][0].replace('-', "")))
            .await;
        let form = c.wait_for_text("avant les séances").await;
        assert!(form.contains("Je connais les risques"), "{form}");
        assert!(form.contains("116 006"), "{form}");
        c.click("#s0-4").await;
        c.click("#s2-2").await;
        c.click("form[method=\"post\"] button[type=submit]").await;
        c.wait_for_text("Tes réponses sont enregistrées").await;
        c.close().await;
        let refused = s.app.open_survey(&codes[0][0]).await.unwrap_err();
        assert!(
            matches!(
                refused,
                vigie_app::AppError::SurveyCode(vigie_domain::survey::CodeRefusal::Used)
            ),
            "{refused:?}"
        );
        let shown = pierre.get_ok(&page).await;
        assert!(shown.contains("Réponses avant</dt><dd>1<"), "{shown}");
    }
}
