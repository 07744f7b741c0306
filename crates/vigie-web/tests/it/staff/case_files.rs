//! Victims' files over HTTP, on both databases: a caseworker opens a file from a help request and a
//! second one in the same household, finds each by a sealed name, plans a step that falls overdue,
//! records the timeline, an assessment and a consent, closes and reopens; a handler and a
//! caseworker of another team are refused (and the refusals audited); nothing typed reaches the
//! disk in clear.

use reqwest::StatusCode;
use vigie_domain::help::{HelpForm, validate_help};
use vigie_domain::{AuditActor, Role};
use vigie_testkit::canary::Canaries;

use crate::staff::{CookieClient, Server, between, form_token, servers, signed_in};

/// Posts one form of the file page at `page` (`quoi` and its fields) and follows the redirect.
pub(crate) async fn change(b: &mut CookieClient, page: &str, fields: &[(&str, &str)]) -> String {
    let (_, _, body) = b.get(page).await;
    let token = form_token(&body, page);
    let mut all = vec![("csrf", token.as_str())];
    all.extend_from_slice(fields);
    let to = b.post_see_other(page, &all).await;
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

/// The id of the first help request in the caseworker's list (the newest).
pub(crate) fn first_request(list: &str) -> String {
    between(list, r#"<a href="/espace/accompagnement/demandes/"#, r#"""#)
}

/// Opens a file for `name` (a woman aged 26 to 59, in `role`) from help request `request`, and
/// returns the file page's path.
pub(crate) async fn file_from_request(
    b: &mut CookieClient,
    request: &str,
    name: &str,
    role: &str,
) -> String {
    let new = format!("/espace/accompagnement/dossiers/nouveau?demande={request}");
    let (_, _, form) = b.get(&new).await;
    let token = form_token(&form, "/espace/accompagnement/dossiers");
    b.post_see_other(
        "/espace/accompagnement/dossiers",
        &[
            ("csrf", &token),
            ("demande", request),
            ("nom", name),
            ("role", role),
            ("age", "26_59"),
            ("sexe", "female"),
        ],
    )
    .await
    .trim_end_matches("?fait=ouvert")
    .to_owned()
}

/// cass in the casework team "Accompagnement", olga in another ("Accompagnement Nord"), and hana,
/// a handler: their one-time passwords.
pub async fn two_casework_teams(s: &Server) -> [String; 3] {
    let pw = s.user("cass", &[Role::Caseworker]).await;
    let other_pw = s.user("olga", &[Role::Caseworker]).await;
    let handler_pw = s.user("hana", &[Role::Handler]).await;
    s.app
        .create_help_team(AuditActor::Cli, "Accompagnement", &["cass".to_owned()])
        .await
        .unwrap();
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
        let asked = HelpForm {
            asker: "family".into(),
            needs: vec!["psychological".into()],
            urgency: "this_week".into(),
            channel: "follow_up_only".into(),
            ..HelpForm::default()
        };
        let asked = validate_help(&asked, &s.app.settings().areas, 0).unwrap();
        let receipt = s.app.submit_help_request(asked).await.unwrap().receipt;

        let mut cass = signed_in(&s, "cass", &pw).await;
        let (_, _, list) = cass.get("/espace/accompagnement").await;
        let request = first_request(&list);
        let (_, _, page) = cass
            .get(&format!("/espace/accompagnement/demandes/{request}"))
            .await;
        let new = format!("/espace/accompagnement/dossiers/nouveau?demande={request}");
        assert!(page.contains(&new.replace('&', "&amp;")), "{page}");
        let (status, _, form) = cass.get(&new).await;
        assert_eq!(status, StatusCode::OK, "{form}");
        let token = form_token(&form, "/espace/accompagnement/dossiers");
        // A missing name comes back with what to fix.
        let (status, _, again) = cass
            .post(
                "/espace/accompagnement/dossiers",
                &[
                    ("csrf", &token),
                    ("demande", &request),
                    ("nom", " "),
                    ("role", "indirect_victim"),
                    ("age", "26_59"),
                    ("sexe", "female"),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{again}");
        assert!(again.contains("obligatoire"), "{again}");
        let first = cass
            .post_see_other(
                "/espace/accompagnement/dossiers",
                &[
                    ("csrf", &token),
                    ("demande", &request),
                    ("nom", &mother),
                    ("role", "indirect_victim"),
                    ("age", "26_59"),
                    ("sexe", "female"),
                    ("foyer_nouveau", "Foyer Fictif du Panier"),
                ],
            )
            .await;
        let file = first.trim_end_matches("?fait=ouvert").to_owned();
        let (_, _, body) = cass.get(&first).await;
        assert!(
            body.contains("Le dossier est ouvert.") && body.contains(&mother),
            "{body}"
        );

        // The daughter, in the same household.
        let (_, _, form) = cass.get("/espace/accompagnement/dossiers/nouveau").await;
        let household = form
            .split(r#"<option value=""#)
            .find(|o| o.contains("Foyer Fictif du Panier"))
            .and_then(|o| o.split('"').next())
            .unwrap_or_default()
            .to_owned();
        assert!(form.contains("Foyer Fictif du Panier"), "{form}");
        let token = form_token(&form, "/espace/accompagnement/dossiers");
        let second = cass
            .post_see_other(
                "/espace/accompagnement/dossiers",
                &[
                    ("csrf", &token),
                    ("nom", &daughter),
                    ("role", "direct_victim"),
                    ("age", "12_17"),
                    ("sexe", "female"),
                    ("foyer", &household),
                ],
            )
            .await;
        let (_, _, body) = cass.get(&second).await;
        assert!(
            body.contains(&mother) && body.contains("Foyer Fictif du Panier"),
            "{body}"
        );

        // The sealed names are found by the start of a word, accents aside.
        let (_, _, found) = cass
            .get("/espace/accompagnement/dossiers?nom=ines+fict")
            .await;
        assert!(
            found.contains("Un dossier") && found.contains(&daughter) && !found.contains(&mother),
            "{found}"
        );
        let (_, _, all) = cass.get("/espace/accompagnement/dossiers").await;
        assert!(
            all.contains("2 dossiers") && all.contains(&mother) && all.contains(&daughter),
            "{all}"
        );

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
        assert!(
            body.contains("Rappeler l") && body.contains("en retard"),
            "{body}"
        );
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
        assert!(
            body.contains(&note) && body.contains("Entretien en présence"),
            "{body}"
        );
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
        assert!(
            body.contains("Danger grave") && body.contains("Changer de trajet"),
            "{body}"
        );
        let body = change(
            &mut cass,
            &file,
            &[CONSENTS, &[("jamais", "Son beau-frère")]].concat(),
        )
        .await;
        assert!(
            body.contains("Statistiques publiées : oui") && body.contains("Son beau-frère"),
            "{body}"
        );
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
        let (status, _, consents) = person.get("/suivi/consentements").await;
        assert_eq!(status, StatusCode::OK, "{consents}");
        assert!(
            consents.contains("statistiques publiées : oui"),
            "{consents}"
        );
        let token = form_token(&consents, "/suivi/consentements");
        let (status, _, nothing) = person
            .post("/suivi/consentements", &[("csrf", &token)])
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{nothing}");
        let (status, _, done) = person
            .post(
                "/suivi/consentements",
                &[("csrf", &token), ("statistiques", "1")],
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{done}");
        assert!(
            done.contains("Votre retrait est enregistré")
                && done.contains("statistiques publiées : non"),
            "{done}"
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
        assert!(
            body.contains("Rouvrir le dossier") && body.contains("Besoins satisfaits"),
            "{body}"
        );
        let body = change(&mut cass, &file, &[("quoi", "reouverture")]).await;
        assert!(body.contains("Clôturer le dossier"), "{body}");

        // A bad date is refused with what to fix; an unknown change too.
        let (_, _, body) = cass.get(&file).await;
        let token = form_token(&body, &file);
        let (status, _, again) = cass
            .post(
                &file,
                &[
                    ("csrf", &token),
                    ("quoi", "etape"),
                    ("texte", "x"),
                    ("echeance", "2026-02-30"),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(again.contains("date invalide"), "{again}");
        let (status, _, _) = cass
            .post(&file, &[("csrf", &token), ("quoi", "autre")])
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

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
        let denials = s.app.store().audit_chain().await.unwrap();
        assert!(
            denials
                .iter()
                .filter(|e| e.kind == "permission_denied")
                .count()
                >= 3
        );

        let mut canaries = Canaries::new();
        canaries
            .add("name", &mother)
            .add("address", &address)
            .add("note", &note)
            .add("never share", "Son beau-frère");
        let evidence = s.evidence();
        canaries.assert_absent(&evidence.with_log());
        s.stop().await;
    }
}
