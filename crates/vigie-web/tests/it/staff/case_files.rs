//! Victims' files over HTTP, on both databases: a caseworker opens a file from a help request and a
//! second one in the same household, finds each by a sealed name, plans a step that falls overdue,
//! records the timeline, an assessment and a consent, closes and reopens; a handler and a
//! caseworker of another team are refused (and the refusals audited); nothing typed reaches the
//! disk in clear.

use reqwest::StatusCode;
use vigie_domain::help::HelpForm;
use vigie_domain::{AuditActor, Role};
use vigie_testkit::assert_shows;
use vigie_testkit::canary::Canaries;

use crate::staff::{
    CookieClient, Server, audit_of_kind, between, form_token, location, servers, signed_in,
};
use vigie_testkit::with_fields;

/// Posts one form of the file page at `page` (`quoi` and its fields) and follows the redirect.
pub(crate) async fn change(b: &mut CookieClient, page: &str, fields: &[(&str, &str)]) -> String {
    let to = b.submit_see_other(page, fields).await;
    assert_eq!(to, format!("{page}?fait=enregistre"), "{fields:?}");
    b.get(&to).await.2
}

/// The file form that records the person's consent to services, to publication in statistics and
/// to referrals to a psychologist.
pub(crate) const CONSENTS: &[(&str, &str)] = &[
    ("quoi", "consentement"),
    ("par", "person"),
    ("jour", "2026-01-05"),
    ("services", "1"),
    ("statistiques", "1"),
    ("destinataire", "psychologist"),
];

/// Asks for psychological help as `asker` with `urgency`, answered through the follow-up only;
/// returns the follow-up code.
pub(crate) async fn ask_for_psychological_help(
    s: &Server,
    asker: &str,
    urgency: &str,
) -> vigie_vault::Receipt {
    let asked = HelpForm {
        asker: asker.into(),
        needs: vec!["psychological".into()],
        urgency: urgency.into(),
        channel: "follow_up_only".into(),
        ..HelpForm::default()
    };
    s.ask_for_help(&asked).await
}

/// The id of the first help request in the caseworker's list (the newest).
pub(crate) fn first_request(list: &str) -> String {
    between(list, r#"<a href="/espace/accompagnement/demandes/"#, r#"""#)
}

/// Where the new-file form posts.
const FILES: &str = "/espace/accompagnement/dossiers";

/// Posts the new-file form of page `page` (the blank form, or the one a help request opens) for
/// `name`, a woman aged 26 to 59 in `role`, with `changes` to those fields; returns the status,
/// headers and page.
pub(crate) async fn post_new_file(
    b: &mut CookieClient,
    page: &str,
    (name, role): (&str, &str),
    changes: &[(&str, &str)],
) -> (StatusCode, reqwest::header::HeaderMap, String) {
    let person = [
        ("nom", name),
        ("role", role),
        ("age", "26_59"),
        ("sexe", "female"),
    ];
    b.submit_on(page, FILES, &with_fields(&person, changes))
        .await
}

/// Opens a file through [`post_new_file`], which must succeed; returns the file page's path.
pub(crate) async fn open_file(
    b: &mut CookieClient,
    page: &str,
    person: (&str, &str),
    changes: &[(&str, &str)],
) -> String {
    let (status, headers, body) = post_new_file(b, page, person, changes).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let to = location(&headers);
    let file = to.trim_end_matches("?fait=ouvert").to_owned();
    let body = b.get_ok(&to).await;
    assert!(body.contains("Le dossier est ouvert."), "{body}");
    file
}

/// Opens a file for `name` (a woman aged 26 to 59, in `role`) from the newest help request of the
/// caseworker's list, and returns the file page's path.
pub(crate) async fn file_from_request(b: &mut CookieClient, name: &str, role: &str) -> String {
    let request = first_request(&b.get_ok("/espace/accompagnement").await);
    let new = format!("{FILES}/nouveau?demande={request}");
    open_file(b, &new, (name, role), &[("demande", &request)]).await
}

/// cass in the casework team "Accompagnement", olga in another ("Accompagnement Nord"), and hana,
/// a handler: their one-time passwords.
pub async fn two_casework_teams(s: &Server) -> [String; 3] {
    let pw = crate::staff::help_link::casework_team(s).await;
    let other_pw = s.user("olga", &[Role::Caseworker]).await;
    let handler_pw = s.user("hana", &[Role::Handler]).await;
    s.app
        .create_team_of_kind(
            AuditActor::Cli,
            "Accompagnement Nord",
            vigie_domain::keys::TeamKind::Casework,
            &["olga".to_owned()],
        )
        .await
        .unwrap();
    [pw, other_pw, handler_pw]
}

#[tokio::test]
async fn a_caseworker_follows_a_household_and_finds_each_person_by_name() {
    for s in servers().await {
        let [pw, other_pw, handler_pw] = two_casework_teams(&s).await;
        let tag = uuid::Uuid::new_v4().simple().to_string();
        let mother = format!("Zoubida Canari{tag}");
        let daughter = "Inès Fictive-Exemple".to_owned();
        let address = format!("Adresse-canari-{tag}, Marseille");
        let note = format!("Note-canari-{tag}");
        let receipt = ask_for_psychological_help(&s, "family", "this_week").await;

        let mut cass = signed_in(&s, "cass", &pw).await;
        let (_, _, list) = cass.get("/espace/accompagnement").await;
        let request = first_request(&list);
        let (_, _, page) = cass
            .get(&format!("/espace/accompagnement/demandes/{request}"))
            .await;
        let new = format!("/espace/accompagnement/dossiers/nouveau?demande={request}");
        assert!(page.contains(&new.replace('&', "&amp;")), "{page}");
        // A missing name comes back with what to fix.
        let person = (" ", "indirect_victim");
        let (status, _, again) =
            post_new_file(&mut cass, &new, person, &[("demande", &request)]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{again}");
        assert!(again.contains("obligatoire"), "{again}");
        let changes = [
            ("demande", request.as_str()),
            ("foyer_nouveau", "Foyer Fictif du Panier"),
        ];
        let file = open_file(&mut cass, &new, (&mother, "indirect_victim"), &changes).await;
        assert!(cass.get_ok(&file).await.contains(&mother));

        // The daughter, in the same household.
        let blank = "/espace/accompagnement/dossiers/nouveau";
        let form = cass.get_ok(blank).await;
        let household = form
            .split(r#"<option value=""#)
            .find(|o| o.contains("Foyer Fictif du Panier"))
            .and_then(|o| o.split('"').next())
            .unwrap_or_default()
            .to_owned();
        assert!(form.contains("Foyer Fictif du Panier"), "{form}");
        let changes = [("age", "12_17"), ("foyer", household.as_str())];
        let second = open_file(&mut cass, blank, (&daughter, "direct_victim"), &changes).await;
        let body = cass.get_ok(&second).await;
        assert_shows(&body, &[&mother, "Foyer Fictif du Panier"]);

        // The sealed names are found by the start of a word, accents aside.
        let (_, _, found) = cass
            .get("/espace/accompagnement/dossiers?nom=ines+fict")
            .await;
        assert!(
            found.contains("Un dossier") && found.contains(&daughter) && !found.contains(&mother),
            "{found}"
        );
        let (_, _, all) = cass.get("/espace/accompagnement/dossiers").await;
        assert_shows(&all, &["2 dossiers", &mother, &daughter]);

        // A step already past due shows in the overdue view until it is done.
        let body = change(
            &mut cass,
            &file,
            &[
                ("quoi", "etape"),
                ("texte", "Rappeler l'avocate"),
                ("echeance", "2020-01-15"),
            ],
        )
        .await;
        assert_shows(&body, &["Rappeler l", "en retard"]);
        let (_, _, overdue) = cass.get("/espace/accompagnement/dossiers?retard=1").await;
        assert!(
            overdue.contains(&mother) && !overdue.contains(&daughter),
            "{overdue}"
        );
        let step = between(&body, r#"name="etape" value=""#, r#"""#);
        change(
            &mut cass,
            &file,
            &[
                ("quoi", "etape-faite"),
                ("etape", &step),
                ("texte", "Rappeler l'avocate"),
                ("echeance", "2020-01-15"),
            ],
        )
        .await;
        let (_, _, overdue) = cass.get("/espace/accompagnement/dossiers?retard=1").await;
        assert!(overdue.contains("Aucun dossier"), "{overdue}");

        change(
            &mut cass,
            &file,
            &[
                ("quoi", "detail"),
                ("champ", "address"),
                ("valeur", &address),
            ],
        )
        .await;
        let body = change(
            &mut cass,
            &file,
            &[
                ("quoi", "evenement"),
                ("type", "interview"),
                ("jour", "2026-01-05"),
                ("note", &note),
            ],
        )
        .await;
        assert_shows(&body, &[&note, "Entretien en présence"]);
        let body = change(
            &mut cass,
            &file,
            &[
                ("quoi", "evaluation"),
                ("jour", "2026-01-05"),
                ("besoin", "legal"),
                ("besoin", "housing"),
                ("risque", "high"),
                ("intimidation", "1"),
                ("plan", "Changer de trajet"),
            ],
        )
        .await;
        assert_shows(&body, &["Danger grave", "Changer de trajet"]);
        let body = change(
            &mut cass,
            &file,
            &[CONSENTS, &[("jamais", "Son beau-frère")]].concat(),
        )
        .await;
        assert_shows(&body, &["Statistiques publiées : oui", "Son beau-frère"]);
        assert!(
            body.contains(
                "en vigueur : statistiques publiées oui, partage avec des partenaires oui"
            ),
            "{body}"
        );

        // The person withdraws publication from /suivi with their code: in force at once, and the
        // caseworkers read it in the conversation.
        let mut person = CookieClient::keeping(&s.base, "vigie_suivi");
        let (_, _, login) = person.get("/suivi").await;
        let token = form_token(&login, "/suivi");
        let (status, _, follow) = person
            .post("/suivi", &[("csrf", &token), ("receipt", receipt.as_str())])
            .await;
        assert!(status.is_success() || status.is_redirection(), "{follow}");
        let (_, _, follow) = person.get("/suivi").await;
        assert!(
            follow.contains(r#"href="/suivi/consentements""#),
            "{follow}"
        );
        let consents = person.get_ok("/suivi/consentements").await;
        assert!(
            consents.contains("statistiques publiées : oui"),
            "{consents}"
        );
        let token = form_token(&consents, "/suivi/consentements");
        person
            .post_expect(
                "/suivi/consentements",
                &[("csrf", &token)],
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        let done = person
            .post_expect(
                "/suivi/consentements",
                &[("csrf", &token), ("statistiques", "1")],
                StatusCode::OK,
            )
            .await;
        assert_shows(
            &done,
            &[
                "Votre retrait est enregistré",
                "statistiques publiées : non",
            ],
        );
        let (_, _, body) = cass.get(&file).await;
        assert!(
            body.contains(
                "en vigueur : statistiques publiées non, partage avec des partenaires oui"
            ),
            "{body}"
        );
        let (_, _, asked) = cass
            .get(&format!("/espace/accompagnement/demandes/{request}"))
            .await;
        assert!(asked.contains("Retrait de consentement"), "{asked}");
        let body = change(
            &mut cass,
            &file,
            &[("quoi", "cloture"), ("issue", "needs_met"), ("note", "")],
        )
        .await;
        assert_shows(&body, &["Rouvrir le dossier", "Besoins satisfaits"]);
        let body = change(&mut cass, &file, &[("quoi", "reouverture")]).await;
        assert!(body.contains("Clôturer le dossier"), "{body}");

        // A bad date is refused with what to fix; an unknown change too.
        let bad_day = [
            ("quoi", "etape"),
            ("texte", "x"),
            ("echeance", "2026-02-30"),
        ];
        cass.submit_refused(&file, &bad_day, &["date invalide"])
            .await;
        cass.submit_refused(&file, &[("quoi", "autre")], &[]).await;

        // A caseworker of another team and a handler are refused, and the refusals audited.
        let mut olga = signed_in(&s, "olga", &other_pw).await;
        assert_eq!(olga.get(&file).await.0, StatusCode::FORBIDDEN);
        let (_, _, theirs) = olga.get("/espace/accompagnement/dossiers").await;
        assert!(
            theirs.contains("Aucun dossier") && !theirs.contains(&mother),
            "{theirs}"
        );
        let mut hana = signed_in(&s, "hana", &handler_pw).await;
        for path in ["/espace/accompagnement/dossiers", file.as_str()] {
            assert_eq!(hana.get(path).await.0, StatusCode::FORBIDDEN, "{path}");
        }
        let denials = audit_of_kind(&s, "permission_denied").await;
        assert!(denials.len() >= 3, "{denials:?}");

        let mut canaries = Canaries::new();
        canaries
            .add("name", &mother)
            .add("address", &address)
            .add("note", &note)
            .add("never share", "Son beau-frère");
        let evidence = s.evidence();
        canaries.assert_absent(&evidence.with_log());
    }
}
