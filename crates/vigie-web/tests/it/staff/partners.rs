//! The partner directory over HTTP, on both databases: a caseworker adds, filters, edits,
//! deactivates and reactivates entries through the forms (errors beside their fields, every change
//! and every reading audited); a handler and an analyst are refused, audited; a row changed in the
//! database (its linked account, a clear column) is flagged and used by nothing, the sealed record's
//! account being the one that counts; the demonstration's psychologist is linked and has accepted
//! the charter.

use reqwest::StatusCode;
use vigie_app::AppError;
use vigie_domain::partner::PartnerForm;
use vigie_domain::{AuditActor, PartnerId, Role, UserId};
use vigie_testkit::assert_shows;

use crate::staff::{
    CookieClient, Server, account, assert_newest, assert_newest_on, audit, between, form_token,
    member, one_of_each, refused_by_policy, servers, signed_in,
};

/// The directory's address.
pub const DIRECTORY: &str = "/espace/accompagnement/partenaires";

/// A valid entry form: a psychologist in the 3rd and 14th, French and Arabic, linked to `account`.
pub fn entry_form(name: &str, account: Option<UserId>) -> PartnerForm {
    PartnerForm {
        name: name.into(),
        kind: "psychologist".into(),
        speciality: "Psychotraumatisme".into(),
        areas: vec!["13203".into(), "13214".into()],
        languages: vec!["fr".into(), "ar".into()],
        capacity: "3".into(),
        agreement: "convention".into(),
        police_funded: false,
        account: account.map(|a| a.to_string()).unwrap_or_default(),
        phone: "04 91 00 00 00".into(),
        email: "cabinet@exemple.invalid".into(),
        address: "1 rue Imaginaire".into(),
        notes: "Reçoit le samedi.".into(),
    }
}

/// `form` as a browser posts it, with the form's `token`.
pub fn posted(form: &PartnerForm, token: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = [
        ("csrf", token),
        ("name", &form.name),
        ("kind", &form.kind),
        ("speciality", &form.speciality),
        ("capacity", &form.capacity),
        ("agreement", &form.agreement),
        ("account", &form.account),
        ("phone", &form.phone),
        ("email", &form.email),
        ("address", &form.address),
        ("notes", &form.notes),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    out.extend(form.areas.iter().map(|a| ("areas".to_owned(), a.clone())));
    out.extend(
        form.languages
            .iter()
            .map(|l| ("languages".to_owned(), l.clone())),
    );
    if form.police_funded {
        out.push(("police_funded".into(), "1".into()));
    }
    out
}

/// Posts `form` to `path` (the add or the edit form, whose page gives the token).
pub async fn post_entry(
    b: &mut CookieClient,
    path: &str,
    form: &PartnerForm,
) -> (StatusCode, reqwest::header::HeaderMap, String) {
    let token = b.csrf(path).await;
    let pairs = posted(form, &token);
    let pairs: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    b.post(path, &pairs).await
}

/// Adds `form` through the "new entry" form; returns the entry's id.
pub async fn add_entry(b: &mut CookieClient, form: &PartnerForm) -> PartnerId {
    let (status, headers, body) = post_entry(b, &format!("{DIRECTORY}/nouveau"), form).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let to = crate::staff::location(&headers);
    let id = between(&to, &format!("{DIRECTORY}/"), "?fait=ajoute");
    id.parse().unwrap()
}

/// The names the list at `query` shows, in order.
async fn listed(b: &mut CookieClient, query: &str) -> Vec<String> {
    let page = b.get_ok(&format!("{DIRECTORY}{query}")).await;
    page.split(&format!("<th scope=\"row\"><a href=\"{DIRECTORY}/"))
        .skip(1)
        .map(|row| between(row, "\">", "</a>"))
        .collect()
}

/// Posts `form` to `path` (the add form), naming an account that may not have an entry (not a
/// partner's, or one that has one already): refused beside the account's field.
async fn assert_account_refused(b: &mut CookieClient, path: &str, form: &PartnerForm) {
    let (status, _, page) = post_entry(b, path, form).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
    assert!(
        page.contains("Choisissez un compte partenaire actif"),
        "{page}"
    );
}

#[tokio::test]
async fn a_caseworker_adds_filters_edits_and_deactivates_partners() {
    for s in servers().await {
        let mut cass = member(&s, "cass", &[Role::Caseworker]).await;
        s.user("paul", &[Role::Partner]).await;
        s.user("hana", &[Role::Handler]).await;
        let paul = account(&s, "paul").await.id;
        let (_, _, home) = cass.get("/espace").await;
        assert!(home.contains(&format!("href=\"{DIRECTORY}\"")), "{home}");
        assert!(listed(&mut cass, "").await.is_empty());

        // Errors come back beside their fields, with what was typed.
        let new = format!("{DIRECTORY}/nouveau");
        let mut bad = entry_form("", None);
        bad.email = "pas une adresse".into();
        bad.areas.clear();
        let (status, _, page) = post_entry(&mut cass, &new, &bad).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
        assert_shows(
            &page,
            &[
                "Indiquez le nom de la personne",
                "Cochez au moins un arrondissement",
                "Indiquez une adresse de courriel",
                "value=\"pas une adresse\"",
                "id=\"partner-email\" name=\"email\" type=\"email\" maxlength=\"254\" autocomplete=\"off\" value=\"pas une adresse\" aria-describedby=\"partner-email-error\" aria-invalid=\"true\"",
            ],
        );
        // An account that is not a partner's is refused beside its field.
        let hana = account(&s, "hana").await.id;
        assert_account_refused(&mut cass, &new, &entry_form("Cabinet Dr Test", Some(hana))).await;

        let first = add_entry(&mut cass, &entry_form("Cabinet Dr Test", Some(paul))).await;
        assert_newest(&s, "partner_changed", "added").await;
        let page = cass
            .get_ok(&format!("{DIRECTORY}/{first}?fait=ajoute"))
            .await;
        assert_shows(
            &page,
            &[
                "Partenaire ajouté.",
                "Cabinet Dr Test",
                "Psychotraumatisme",
                "04 91 00 00 00",
                "cabinet@exemple.invalid",
                "Reçoit le samedi.",
                "Marseille 3e",
                "paul",
                "pas encore accepté la charte",
            ],
        );
        assert_newest_on(&s, "decrypted", &format!("partner:{first}")).await;
        // Paul has his entry: another one cannot name him.
        assert_account_refused(&mut cass, &new, &entry_form("Double", Some(paul))).await;

        let mut shelter = entry_form("Abri Test", None);
        shelter.kind = "housing".into();
        shelter.areas = vec!["13201".into()];
        shelter.languages = vec!["fr".into()];
        shelter.police_funded = true;
        let second = add_entry(&mut cass, &shelter).await;

        // The filters.
        let both = vec!["Abri Test".to_owned(), "Cabinet Dr Test".to_owned()];
        assert_eq!(listed(&mut cass, "").await, both);
        assert_newest(&s, "decrypted", "directory entries=2").await;
        for (query, expected) in [
            ("?kind=psychologist", "Cabinet Dr Test"),
            ("?district=13201", "Abri Test"),
            ("?language=ar", "Cabinet Dr Test"),
            ("?no_police=1", "Cabinet Dr Test"),
            ("?kind=housing&district=13201&language=fr", "Abri Test"),
        ] {
            assert_eq!(
                listed(&mut cass, query).await,
                vec![expected.to_owned()],
                "{query}"
            );
        }
        assert!(listed(&mut cass, "?kind=lawyer").await.is_empty());
        // An unknown filter value filters nothing.
        assert_eq!(
            listed(&mut cass, "?kind=astrologer&district=99").await,
            both
        );

        // Editing: the form comes filled in; the entry keeps its account.
        let edit = format!("{DIRECTORY}/{first}/modifier");
        let (_, _, page) = cass.get(&edit).await;
        assert!(page.contains("value=\"Cabinet Dr Test\""), "{page}");
        assert!(page.contains(&format!("<option value=\"{paul}\" selected>paul</option>")));
        let mut renamed = entry_form("Cabinet Dr Renommé", Some(paul));
        renamed.capacity = "0".into();
        let (status, headers, _) = post_entry(&mut cass, &edit, &renamed).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(
            crate::staff::location(&headers),
            format!("{DIRECTORY}/{first}?fait=modifie")
        );
        assert_newest(&s, "partner_changed", "edited").await;
        let (_, _, page) = cass.get(&format!("{DIRECTORY}/{first}")).await;
        assert!(page.contains("Cabinet Dr Renommé") && !page.contains("Cabinet Dr Test"));

        // Deactivated: out of the list unless asked for, then back.
        let page = format!("{DIRECTORY}/{second}");
        let to = cass
            .submit_on_see_other(&page, &format!("{page}/desactiver"), &[])
            .await;
        assert_eq!(to, format!("{page}?fait=desactive"));
        assert_newest(&s, "partner_changed", "deactivated").await;
        assert_eq!(
            listed(&mut cass, "").await,
            vec!["Cabinet Dr Renommé".to_owned()]
        );
        assert_eq!(listed(&mut cass, "?inactive=1").await.len(), 2);
        let (_, _, body) = cass.get(&page).await;
        assert!(body.contains("Désactivée"), "{body}");
        let token = form_token(&body, &format!("{page}/reactiver"));
        let to = cass
            .post_see_other(&format!("{page}/reactiver"), &[("csrf", &token)])
            .await;
        assert_eq!(to, format!("{page}?fait=reactive"));
        assert_eq!(listed(&mut cass, "").await.len(), 2);

        // Every change and every reading of the details is in the log, with no name in it.
        let log = audit(&s).await;
        let changes: Vec<&str> = log
            .iter()
            .filter(|e| e.kind == "partner_changed")
            .map(|e| e.detail.as_str())
            .collect();
        assert_eq!(
            changes,
            ["added", "added", "edited", "deactivated", "reactivated"]
        );
        assert!(
            log.iter()
                .all(|e| !e.detail.contains("Cabinet") && !e.detail.contains("04 91"))
        );
    }
}

#[tokio::test]
async fn handlers_and_analysts_are_refused_the_directory() {
    for s in servers().await {
        s.user("cass", &[Role::Caseworker]).await;
        let cass = s.app.principal(account(&s, "cass").await.id).await.unwrap();
        let entry = s
            .app
            .add_partner(&cass, &entry_form("Cabinet Dr Test", None))
            .await
            .unwrap();
        for (name, mut b) in one_of_each(&s, &[Role::Handler, Role::Analyst]).await {
            let (_, _, home) = b.get("/espace").await;
            assert!(!home.contains(DIRECTORY), "{home}");
            for (path, object) in [
                (DIRECTORY.to_owned(), String::new()),
                (format!("{DIRECTORY}/nouveau"), String::new()),
                (format!("{DIRECTORY}/{entry}"), format!("partner:{entry}")),
                (
                    format!("{DIRECTORY}/{entry}/modifier"),
                    format!("partner:{entry}"),
                ),
            ] {
                let page = b.get_expect(&path, StatusCode::FORBIDDEN).await;
                assert!(!page.contains("Cabinet Dr Test"));
                assert_newest_on(&s, "permission_denied", &object).await;
            }
            let form = entry_form("Intrus", None);
            let fields = posted(&form, "");
            let fields: Vec<(&str, &str)> = fields
                .iter()
                .skip(1)
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            let new = format!("{DIRECTORY}/nouveau");
            refused_by_policy(
                &s,
                &mut b,
                name,
                (&new, "partners"),
                &fields,
                "manage_partners",
            )
            .await;
            let off = format!("{DIRECTORY}/{entry}/desactiver");
            let purpose = format!("partner:{entry}");
            refused_by_policy(&s, &mut b, name, (&off, &purpose), &[], "manage_partners").await;
        }
        let all = s
            .app
            .partner_directory(&cass, &Default::default())
            .await
            .unwrap();
        assert_eq!(all.len(), 1, "nothing was added, nothing deactivated");
    }
}

/// Runs `sql` (built at run time) as the attacker who writes the database.
async fn forge(s: &Server, sql: String) {
    let sql: &'static str = Box::leak(sql.into_boxed_str());
    assert_eq!(
        s.app.store().raw_execute_for_tests(sql).await.unwrap(),
        1,
        "{sql}"
    );
}

#[tokio::test]
async fn a_forged_directory_row_is_detected_and_the_sealed_account_counts() {
    for s in servers().await {
        let pw = s.user("cass", &[Role::Caseworker]).await;
        s.user("paul", &[Role::Partner]).await;
        let pia_pw = s.user("pia", &[Role::Partner]).await;
        let (paul, pia) = (account(&s, "paul").await.id, account(&s, "pia").await.id);
        let cass = s.app.principal(account(&s, "cass").await.id).await.unwrap();
        let entry = s
            .app
            .add_partner(&cass, &entry_form("Cabinet Dr Test", Some(paul)))
            .await
            .unwrap();
        assert_eq!(s.app.partner_account(entry).await.unwrap(), Some(paul));
        let mut b = signed_in(&s, "cass", &pw).await;
        let page = format!("{DIRECTORY}/{entry}");

        // The database's writer points the entry at another partner account.
        forge(
            &s,
            format!("UPDATE partners SET account_id = '{pia}' WHERE id = '{entry}'"),
        )
        .await;
        let refused = s.app.partner_account(entry).await;
        assert!(
            matches!(refused, Err(AppError::Integrity(_))),
            "{refused:?}"
        );
        let body = b.get_expect(&page, StatusCode::INTERNAL_SERVER_ERROR).await;
        assert!(
            body.contains("modifiée en dehors de vigie") && !body.contains("Cabinet"),
            "{body}"
        );
        let (_, _, list) = b.get(DIRECTORY).await;
        assert!(
            list.contains("Fiche altérée") && !list.contains("Cabinet Dr Test"),
            "{list}"
        );
        // Pia, whom the row now names, is not given the entry.
        let mut pia_b = signed_in(&s, "pia", &pia_pw).await;
        pia_b
            .submit_on_see_other(
                "/espace/partenaire/charte",
                "/espace/partenaire/charte",
                &[],
            )
            .await;
        let body = pia_b
            .get_expect("/espace/partenaire", StatusCode::INTERNAL_SERVER_ERROR)
            .await;
        assert!(!body.contains("Cabinet"), "{body}");
        // Nor can it be edited: nobody knows what it held.
        let form_page = b
            .get_expect(
                &format!("{page}/modifier"),
                StatusCode::INTERNAL_SERVER_ERROR,
            )
            .await;
        assert!(!form_page.contains("Cabinet"));

        // Written back as it was, the row opens again: the seal, not luck, refused it.
        forge(
            &s,
            format!("UPDATE partners SET account_id = '{paul}' WHERE id = '{entry}'"),
        )
        .await;
        assert_eq!(s.app.partner_account(entry).await.unwrap(), Some(paul));
        b.get_ok(&page).await;

        // A clear column changed alone is caught the same way.
        for (column, value) in [
            ("police_funded", "TRUE"),
            ("areas", "'13201'"),
            ("capacity", "40"),
        ] {
            forge(
                &s,
                format!("UPDATE partners SET {column} = {value} WHERE id = '{entry}'"),
            )
            .await;
            assert!(
                matches!(
                    s.app.partner_account(entry).await,
                    Err(AppError::Integrity(_))
                ),
                "{column}"
            );
            let (status, _, _) = b.get(&page).await;
            assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{column}");
            let back = match column {
                "police_funded" => "FALSE",
                "areas" => "'13203,13214'",
                _ => "3",
            };
            forge(
                &s,
                format!("UPDATE partners SET {column} = {back} WHERE id = '{entry}'"),
            )
            .await;
            assert_eq!(
                s.app.partner_account(entry).await.unwrap(),
                Some(paul),
                "{column}"
            );
        }

        // The sealed account is trusted only while the key directory holds it as an active partner,
        // and only for an active entry.
        s.app.set_partner_active(&cass, entry, false).await.unwrap();
        assert_eq!(s.app.partner_account(entry).await.unwrap(), None);
        s.app.set_partner_active(&cass, entry, true).await.unwrap();
        s.app.disable_user(AuditActor::Cli, "paul").await.unwrap();
        assert_eq!(s.app.partner_account(entry).await.unwrap(), None);
    }
}

#[tokio::test]
async fn the_demo_psychologist_is_linked_and_has_accepted_the_charter() {
    for s in servers().await {
        let accounts = s.app.provision_demo().await.unwrap();
        assert_eq!(s.app.provision_demo_partners().await.unwrap(), 7);
        assert_eq!(s.app.provision_demo_partners().await.unwrap(), 0, "once");
        let mut b = crate::staff::demo_signed_in(&s, &accounts, "demo.psychologue").await;
        let (status, _, home) = b.get("/espace").await;
        assert_eq!(status, StatusCode::OK, "the charter is accepted: {home}");
        assert!(home.contains("href=\"/espace/partenaire\""), "{home}");
        let space = b.get_ok("/espace/partenaire").await;
        assert_shows(
            &space,
            &[
                "Cabinet Dr Fictif (démonstration)",
                "Orientations reçues",
                "version 1",
            ],
        );
        // The caseworker's directory: seven invented entries, one police-funded.
        let cass = s
            .app
            .principal(account(&s, "demo.accompagnement").await.id)
            .await
            .unwrap();
        let no_police = vigie_domain::partner::PartnerFilter {
            without_police: true,
            ..Default::default()
        };
        let all = s
            .app
            .partner_directory(&cass, &Default::default())
            .await
            .unwrap();
        let kept = s.app.partner_directory(&cass, &no_police).await.unwrap();
        assert_eq!((all.len(), kept.len()), (7, 6));
    }
}
