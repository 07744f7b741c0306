//! Prevention over HTTP, on both databases: a coordinator adds structures (the contact sealed, its
//! opening audited) and programmes, records sessions as counts only, and sees the year's dashboard
//! add up; bad input comes back at 422 with each message beside its field; the other roles are
//! refused `/espace/prevention` (audited), and the coordinator is refused reports and casework.

use reqwest::StatusCode;
use vigie_domain::Role;
use vigie_domain::time::{day_string, paris_day};

use crate::staff::{
    CookieClient, assert_newest, assert_newest_on, audit_head, between, location, one_of_each,
    refused_by_policy, refused_page, servers, signed_in,
};

/// The area's address.
pub const AREA: &str = "/espace/prevention";

/// A structure form's fields: a collège of the 3rd arrondissement, at Saint-Mauront.
pub fn structure_fields<'a>(name: &'a str, person: &'a str, qpv: bool) -> Vec<(&'a str, &'a str)> {
    let mut out = vec![
        ("name", name),
        ("kind", "college"),
        ("district", "13203"),
        ("neighbourhood", "1320303"),
        ("active", "1"),
        ("person", person),
        ("role", "Principale adjointe"),
        ("phone", "04 00 00 00 42"),
        ("email", "college.fictif@exemple.invalid"),
        ("notes", "Préfère être appelée le matin."),
    ];
    if qpv {
        out.push(("qpv", "1"));
    }
    out
}

/// Adds a structure through its form; returns its id.
pub async fn add_structure(b: &mut CookieClient, fields: &[(&str, &str)]) -> String {
    let (status, headers, body) = b
        .submit(&format!("{AREA}/structures/nouvelle"), fields)
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    between(
        &location(&headers),
        &format!("{AREA}/structures/"),
        "?fait=structure-ajoutee",
    )
}

/// Adds a programme for 12-18 year olds, facilitated by `facilitator`; returns its id.
pub async fn add_programme(b: &mut CookieClient, name: &str, facilitator: &str) -> String {
    let fields = [
        ("name", name),
        ("theme", "lookouts"),
        ("audiences", "12_14"),
        ("audiences", "15_18"),
        ("cycle_sessions", "4"),
        ("facilitators", facilitator),
        ("funder", "Fiche action STSPD 2.1 (fictive)"),
        ("active", "1"),
    ];
    let (status, headers, body) = b
        .submit(&format!("{AREA}/programmes/nouveau"), &fields)
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert_eq!(
        location(&headers),
        format!("{AREA}/programmes?fait=programme-ajoute")
    );
    let (_, _, list) = b.get(&format!("{AREA}/programmes")).await;
    let row = list.split(&format!(">{name}<")).next().unwrap();
    between(
        row.rsplit("href=\"").next().unwrap(),
        &format!("{AREA}/programmes/"),
        "/modifier",
    )
}

/// The text of the element with `id` on `page`.
fn figure(page: &str, id: &str) -> String {
    between(page, &format!("id=\"{id}\">"), "<")
}

#[tokio::test]
async fn a_coordinator_records_structures_programmes_and_sessions_and_the_dashboard_adds_up() {
    for s in servers().await {
        let pw = s.user("pierre", &[Role::PreventionCoordinator]).await;
        let pierre_id = crate::staff::account(&s, "pierre").await.id.to_string();
        let mut pierre = signed_in(&s, "pierre", &pw).await;
        let (_, _, home) = pierre.get("/espace").await;
        assert!(home.contains(&format!("href=\"{AREA}\"")), "{home}");
        let page = pierre.get_ok(AREA).await;
        assert_eq!(figure(&page, "figure-delivered"), "0");

        // A structure form with errors comes back with each beside its field.
        let new = format!("{AREA}/structures/nouvelle");
        let mut bad = structure_fields("", "x", false);
        bad.retain(|(k, _)| *k != "neighbourhood");
        bad.push(("neighbourhood", "1320101"));
        bad.retain(|(k, _)| *k != "email");
        bad.push(("email", "pas une adresse"));
        let shown = [
            "Indiquez le nom.",
            "Ce quartier n&#39;est pas dans l&#39;arrondissement choisi",
            "Indiquez une adresse de courriel",
            "value=\"pas une adresse\"",
            "aria-invalid=\"true\"",
            "href=\"#structure-name\"",
        ];
        pierre.submit_refused(&new, &bad, &shown).await;

        // Two structures: one in a priority neighbourhood. The page opens the sealed contact,
        // audited.
        let calanques = add_structure(
            &mut pierre,
            &structure_fields("Collège Fictif des Calanques", "Mme Contact Fictive", true),
        )
        .await;
        assert_newest(&s, "prevention_changed", "structure added").await;
        let mut other = structure_fields("Club Inventé", "M. Autre Contact", false);
        other.retain(|(k, _)| *k != "kind");
        other.push(("kind", "sports_club"));
        let club = add_structure(&mut pierre, &other).await;
        let page = pierre
            .get_ok(&format!("{AREA}/structures/{calanques}"))
            .await;
        assert!(page.contains("Mme Contact Fictive"), "{page}");
        assert!(page.contains("Saint-Mauront"), "{page}");
        assert_newest_on(
            &s,
            "decrypted",
            &format!("prevention_structure:{calanques}"),
        )
        .await;
        // The list shows no contact.
        let (_, _, list) = pierre.get(&format!("{AREA}/structures")).await;
        assert!(list.contains("Collège Fictif des Calanques"), "{list}");
        assert!(!list.contains("Mme Contact Fictive"), "{list}");
        // An edit keeps the contact sealed and is audited.
        let edit = format!("{AREA}/structures/{club}/modifier");
        let (status, headers, body) = pierre.submit(&edit, &other).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
        assert!(location(&headers).ends_with("?fait=structure-modifiee"));
        assert_newest(&s, "prevention_changed", "structure edited").await;

        // A programme: errors first.
        let fields = [
            ("name", "Sans public"),
            ("theme", "drugs"),
            ("cycle_sessions", "0"),
        ];
        let new_programme = format!("{AREA}/programmes/nouveau");
        let shown = [
            "Cochez au moins un public.",
            "Indiquez un nombre entier de séances, de 1 à 40.",
        ];
        pierre.submit_refused(&new_programme, &fields, &shown).await;
        let programme = add_programme(&mut pierre, "Pas de job pour moi", &pierre_id).await;
        assert_newest(&s, "prevention_changed", "programme added").await;

        // Sessions: counts only, checked.
        let today = day_string(paris_day(s.app.clock().now()));
        let record = format!("{AREA}/seances/nouvelle");
        let (_, _, form) = pierre.get(&record).await;
        assert!(
            form.contains("ce formulaire ne demande que des nombres"),
            "{form}"
        );
        let fields = [
            ("day", "2031-13-01"),
            ("structure", ""),
            ("programme", programme.as_str()),
            ("delivered", "1"),
            ("n_12_14_female", "-3"),
            ("n_15_18_male", "abc"),
        ];
        let shown = [
            "Indiquez une date au format AAAA-MM-JJ",
            "Choisissez dans la liste.",
            "Indiquez un nombre entier de 0 à 500, ou laissez la case vide.",
            "id=\"session-n_12_14_female\" name=\"n_12_14_female\" type=\"number\" min=\"0\" max=\"500\" step=\"1\" inputmode=\"numeric\" size=\"4\" value=\"-3\" aria-describedby=\"session-n_12_14_female-error\" aria-invalid=\"true\"",
        ];
        pierre.submit_refused(&record, &fields, &shown).await;
        let planned_with_counts = [
            ("day", today.as_str()),
            ("structure", calanques.as_str()),
            ("programme", programme.as_str()),
            ("n_9_11_male", "4"),
        ];
        let no_one = ["ne compte aucun participant"];
        pierre
            .submit_refused(&record, &planned_with_counts, &no_one)
            .await;

        let delivered = |structure: &str, cells: &[(&'static str, &'static str)]| {
            let mut f: Vec<(String, String)> = vec![
                ("day".into(), today.clone()),
                ("structure".into(), structure.to_owned()),
                ("programme".into(), programme.clone()),
                ("facilitators".into(), pierre_id.clone()),
                ("delivered".into(), "1".into()),
            ];
            f.extend(
                cells
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
            );
            f
        };
        for (structure, cells) in [
            (
                &calanques,
                &[
                    ("n_12_14_female", "10"),
                    ("n_12_14_male", "12"),
                    ("n_adults_female", "2"),
                ][..],
            ),
            (&club, &[("n_15_18_male", "5")][..]),
        ] {
            let fields = delivered(structure, cells);
            let fields: Vec<(&str, &str)> = fields
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            let to = pierre.submit_see_other(&record, &fields).await;
            assert_eq!(to, format!("{AREA}/seances?fait=seance-enregistree"));
        }
        assert_eq!(audit_head(&s).await.kind, "prevention_changed");
        assert!(audit_head(&s).await.detail.contains("participants=5"));

        // The dashboard adds them up.
        let (_, _, page) = pierre.get(AREA).await;
        assert_eq!(figure(&page, "figure-delivered"), "2");
        assert_eq!(figure(&page, "figure-young"), "27");
        assert_eq!(figure(&page, "figure-adults"), "2");
        assert_eq!(figure(&page, "reached-total"), "29");
        assert!(
            figure(&page, "figure-covered").starts_with("2 structures"),
            "{page}"
        );
        // 22 of the 27 young people were met in a priority neighbourhood.
        assert_eq!(figure(&page, "figure-qpv"), "81 %");

        // The list filters by programme, structure and month.
        let count = async |b: &mut CookieClient, query: &str| {
            let page = b.get_ok(&format!("{AREA}/seances{query}")).await;
            figure(&page, "sessions-count")
        };
        assert_eq!(count(&mut pierre, "").await, "2 séances.");
        assert_eq!(
            count(&mut pierre, &format!("?programme={programme}")).await,
            "2 séances."
        );
        assert_eq!(
            count(&mut pierre, &format!("?structure={club}")).await,
            "Une séance."
        );
        assert_eq!(
            count(&mut pierre, &format!("?mois={}", &today[..7])).await,
            "2 séances."
        );
        assert_eq!(
            count(&mut pierre, "?mois=2020-01").await,
            "Aucune séance ne correspond."
        );

        // In English too.
        let page = pierre.get_ok(&format!("/en{AREA}")).await;
        assert!(page.contains("Young people met"), "{page}");
    }
}

#[tokio::test]
async fn only_coordinators_open_prevention_and_coordinators_open_no_report_or_file() {
    for s in servers().await {
        let outsiders = [Role::Admin, Role::Handler, Role::Caseworker, Role::Analyst];
        for (name, mut b) in one_of_each(&s, &outsiders).await {
            let (_, _, home) = b.get("/espace").await;
            assert!(
                !home.contains(&format!("href=\"{AREA}\"")),
                "{name}: {home}"
            );
            for path in [
                AREA,
                "/espace/prevention/structures",
                "/espace/prevention/seances/nouvelle",
            ] {
                refused_page(&s, &mut b, name, path, "manage_workshops").await;
            }
            refused_by_policy(
                &s,
                &mut b,
                name,
                ("/espace/prevention/structures/nouvelle", "prevention"),
                &structure_fields("Intrus", "", false),
                "manage_workshops",
            )
            .await;
        }
        let mut pierre = crate::staff::member(&s, "pierre", &[Role::PreventionCoordinator]).await;
        for (path, action) in [
            ("/espace/signalements", "list_reports"),
            ("/espace/accompagnement", "list_cases"),
            ("/espace/accompagnement/dossiers", "list_cases"),
            ("/espace/accompagnement/partenaires", "manage_partners"),
        ] {
            refused_page(&s, &mut pierre, "pierre", path, action).await;
        }
    }
}
