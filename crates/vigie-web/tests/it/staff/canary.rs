//! No plaintext at rest (DESIGN.md section 2, item 1), for what this part of vigie stores: a staff
//! member's contact details, password, second-factor secret and recovery codes; a handler's note on a
//! report (sealed under the report's internal key); a team's notification addresses (sealed under the
//! instance secret, docs/configuration.md); the texts a reporter passes on to the casework team (the
//! request under the report's conversation key, the copies under the help request's) and the help
//! request's code (wrapped for the reporter's key); every sealed field of a partner directory entry
//! (name, speciality, phone, e-mail, address, notes: sealed under the instance secret); a
//! prevention structure's contact (person, role, phone, e-mail, notes: sealed the same way). Random
//! canaries go in through the real interfaces; then every byte the deployment wrote (SQLite file,
//! WAL, shared memory or a `pg_dump`, every other file beside them, key files excepted, and the
//! process's log) is searched for them in clear, hex, base64 and UTF-16.

use reqwest::StatusCode;
use vigie_app::NewAccount;
use vigie_domain::{AuditActor, Role, RoleSet};
use vigie_testkit::canary::{Canaries, Evidence};

use crate::staff::partners::{DIRECTORY, add_entry, entry_form, post_entry};
use crate::staff::reports::{form, submit};
use crate::staff::{CookieClient, form_token, location, servers};
use crate::staff::{handler_team, signed_in};

/// Scans what the deployment wrote (the database: a `pg_dump` on PostgreSQL, what a backup holds, or
/// the SQLite file, WAL and shared memory; every other file beside it; the log) for `canaries`, after
/// checking that the scan sees `in_clear`, which the database holds in clear by design.
fn assert_none_in_clear(s: &crate::staff::Server, canaries: &Canaries, in_clear: &[u8]) {
    let evidence = s.evidence();
    assert!(
        Evidence::any_contains(&evidence.database(), in_clear),
        "the scan sees what is in clear"
    );
    canaries.assert_absent(&evidence.with_log());
}

#[tokio::test]
async fn staff_secrets_never_reach_the_disk_in_clear() {
    for s in servers().await {
        let tag = uuid::Uuid::new_v4().simple().to_string();
        let contact = format!("Canari-contact-{tag} 06 12 34 56 78");
        let password = format!("canari-mot-de-passe-{tag}");
        let new = NewAccount {
            username: "amina".into(),
            roles: RoleSet::of(&[Role::Handler]),
            contact: Some(contact.clone()),
        };
        let (_, one_time) = s.app.create_user(AuditActor::Cli, &new).await.unwrap();

        let mut b = CookieClient::new(&s.base);
        let (totp_secret, codes) = b.first_login(&s.app, "amina", &one_time).await;
        let token = b.csrf("/espace/mot-de-passe").await;
        let (status, _, _) = b
            .post(
                "/espace/mot-de-passe",
                &[
                    ("csrf", &token),
                    ("current", one_time.as_str()),
                    ("new", &password),
                    ("confirm", &password),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(b.get("/espace").await.0, StatusCode::OK);

        let totp_raw = totp_rs::Secret::try_from_base32(&totp_secret)
            .unwrap()
            .as_ref()
            .to_vec();
        let mut canaries = Canaries::new();
        canaries
            .add("contact", &contact)
            .add("password", &password)
            .add("one-time password", one_time.as_bytes())
            .add("totp secret (base32)", &totp_secret)
            .add("totp secret (raw)", totp_raw);
        for c in &codes {
            canaries.add("recovery code", c);
        }
        if let Some(cookie) = &b.cookie {
            canaries.add("session cookie", cookie);
        }

        // The scan itself must be able to fail: the user name is stored in clear, by design.
        assert_none_in_clear(&s, &canaries, b"amina");
        s.stop().await;
    }
}

#[tokio::test]
async fn notes_and_team_addresses_never_reach_the_disk_in_clear() {
    for s in servers().await {
        let tag = || uuid::Uuid::new_v4().simple().to_string();
        let note = format!("canari-note-{}", tag());
        let digest_box = format!("canari-digest-{}", tag());
        let on_call_box = format!("canari-astreinte-{}", tag());
        let digest = format!("{digest_box}@association.example");
        let on_call = format!("{on_call_box}@association.example");

        // A handler writes a note on a report of her team, through its form.
        let (mut amina, north) = handler_team(&s, "amina").await;
        let report = submit(&s.app, &form("threats", "13201", "Des menaces."), &[]).await;
        let path = format!("/espace/signalements/{report}");
        let (_, _, page) = amina.get(&path).await;
        let token = form_token(&page, &format!("{path}/note"));
        let (status, headers, page) = amina
            .post_field(&format!("{path}/note"), &token, ("text", &note))
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{page}");
        let (_, _, page) = amina.get(&location(&headers)).await;
        assert!(page.contains(&note), "the note is stored: {page}");

        // An admin sets the team's addresses, through the routing page.
        let mut admin = signed_in(&s, "admin", &s.admin_password).await;
        let routing = "/espace/admin/routage";
        let (_, _, page) = admin.get(routing).await;
        let token = form_token(&page, &format!("{routing}/alertes"));
        let (status, _, page) = admin
            .post(
                &format!("{routing}/alertes"),
                &[
                    ("csrf", &token),
                    ("team", &north.to_string()),
                    ("digest", &digest),
                    ("on_call", &on_call),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{page}");
        let (_, _, page) = admin.get(routing).await;
        assert!(
            page.contains(&format!("value=\"{digest}\""))
                && page.contains(&format!("value=\"{on_call}\"")),
            "the addresses are stored: {page}"
        );

        let mut canaries = Canaries::new();
        canaries
            .add("note", &note)
            .add("digest address", &digest)
            .add("digest address (local part)", &digest_box)
            .add("on-call address", &on_call)
            .add("on-call address (local part)", &on_call_box);
        // The scan can fail: the team's name is stored in clear, by design.
        assert_none_in_clear(&s, &canaries, b"Signalements nord");
        s.stop().await;
    }
}

#[tokio::test]
async fn texts_passed_on_to_the_casework_team_and_their_new_code_never_reach_the_disk_in_clear() {
    use crate::staff::help_link::{
        answer, ask, casework_team, file, follow, shown_code, transmit, write,
    };
    for s in servers().await {
        let tag = || uuid::Uuid::new_v4().simple().to_string();
        let report_text = format!("canari-signalement-{}", tag());
        let question = format!("canari-question-{}", tag());
        let chosen = format!("canari-choisi-{}", tag());
        let left_out = format!("canari-garde-{}", tag());

        let (mut hana, _) = handler_team(&s, "hana").await;
        casework_team(&s).await;
        let (id, receipt) = file(&s, &report_text).await;
        let mut reporter = follow(&s, &receipt).await;
        answer(&mut hana, id, &question).await;
        write(&mut reporter, &chosen).await;
        write(&mut reporter, &left_out).await;
        let (status, page) = ask(&mut reporter, &[&report_text, &question, &chosen]).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        let (status, _) = transmit(&mut hana, id).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (_, _, page) = reporter.get("/suivi").await;
        let code = shown_code(&page);
        // Read back with the new code: the scan below could see the copies in clear.
        let mut person = follow(&s, &code).await;
        let (_, _, followed) = person.get("/suivi").await;
        assert!(followed.contains(&chosen) && followed.contains(&question));

        let mut canaries = Canaries::new();
        canaries
            .add("report text", &report_text)
            .add("team's question", &question)
            .add("chosen message", &chosen)
            .add("message left out", &left_out)
            .add("new code (shown)", &code)
            .add("new code (digits)", code.replace(' ', ""));
        // The scan can fail: the casework team's name is stored in clear, by design.
        assert_none_in_clear(&s, &canaries, b"Accompagnement");
        s.stop().await;
    }
}

#[tokio::test]
async fn partner_directory_details_never_reach_the_disk_in_clear() {
    for s in servers().await {
        let tag = || uuid::Uuid::new_v4().simple().to_string();
        let digits: String = uuid::Uuid::new_v4()
            .as_u128()
            .to_string()
            .chars()
            .take(10)
            .collect();
        let pw = s.user("cass", &[Role::Caseworker]).await;
        s.user("paul", &[Role::Partner]).await;
        let paul = crate::staff::account(&s, "paul").await.id;
        let mut form = entry_form(&format!("Canari-nom-{}", tag()), Some(paul));
        form.speciality = format!("canari-specialite-{}", tag());
        form.phone = format!("06 {digits}");
        let mailbox = format!("canari-courriel-{}", tag());
        form.email = format!("{mailbox}@exemple.invalid");
        form.address = format!("canari-adresse-{}", tag());
        form.notes = format!("canari-notes-{}", tag());

        // A caseworker adds the entry through its form, reads it, edits it: every sealed field
        // goes through the pages.
        let mut cass = signed_in(&s, "cass", &pw).await;
        let id = add_entry(&mut cass, &form).await;
        let page = format!("{DIRECTORY}/{id}");
        let (_, _, body) = cass.get(&page).await;
        for sealed in [
            &form.name,
            &form.speciality,
            &form.phone,
            &form.email,
            &form.address,
            &form.notes,
        ] {
            assert!(body.contains(sealed.as_str()), "{sealed} is stored: {body}");
        }
        let mut edited = form.clone();
        edited.notes = format!("canari-notes-modifiees-{}", tag());
        let (status, _, body) = post_entry(&mut cass, &format!("{page}/modifier"), &edited).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{body}");

        let mut canaries = Canaries::new();
        canaries
            .add("partner name", &form.name)
            .add("partner speciality", &form.speciality)
            .add("partner phone", &form.phone)
            .add("partner phone (digits)", &digits)
            .add("partner e-mail", &form.email)
            .add("partner e-mail (local part)", &mailbox)
            .add("partner address", &form.address)
            .add("partner notes", &form.notes)
            .add("partner notes (edited)", &edited.notes);
        // The scan can fail: the entry's kind is stored in clear, by design.
        assert_none_in_clear(&s, &canaries, b"psychologist");
        s.stop().await;
    }
}

#[tokio::test]
async fn prevention_structure_contacts_never_reach_the_disk_in_clear() {
    use crate::staff::prevention::{AREA, add_structure, post_form, structure_fields};
    for s in servers().await {
        let tag = || uuid::Uuid::new_v4().simple().to_string();
        let digits: String = uuid::Uuid::new_v4()
            .as_u128()
            .to_string()
            .chars()
            .take(10)
            .collect();
        let person = format!("Canari-personne-{}", tag());
        let role = format!("canari-fonction-{}", tag());
        let phone = format!("06 {digits}");
        let mailbox = format!("canari-courriel-{}", tag());
        let email = format!("{mailbox}@exemple.invalid");
        let notes = format!("canari-notes-{}", tag());
        let edited_notes = format!("canari-notes-modifiees-{}", tag());
        let pw = s.user("pierre", &[Role::PreventionCoordinator]).await;
        let mut pierre = signed_in(&s, "pierre", &pw).await;
        let with = |notes: &str| -> Vec<(String, String)> {
            structure_fields("Collège Fictif des Calanques", &person, true)
                .into_iter()
                .map(|(k, v)| {
                    let v = match k {
                        "role" => role.as_str(),
                        "phone" => phone.as_str(),
                        "email" => email.as_str(),
                        "notes" => notes,
                        _ => v,
                    };
                    (k.to_owned(), v.to_owned())
                })
                .collect()
        };
        let first = with(&notes);
        let first: Vec<(&str, &str)> = first
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let id = add_structure(&mut pierre, &first).await;
        let page = format!("{AREA}/structures/{id}");
        let (_, _, body) = pierre.get(&page).await;
        for sealed in [&person, &role, &phone, &email, &notes] {
            assert!(body.contains(sealed.as_str()), "{sealed} is stored: {body}");
        }
        let second = with(&edited_notes);
        let second: Vec<(&str, &str)> = second
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let (status, _, body) = post_form(&mut pierre, &format!("{page}/modifier"), &second).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{body}");

        let mut canaries = Canaries::new();
        canaries
            .add("structure contact person", &person)
            .add("structure contact role", &role)
            .add("structure phone", &phone)
            .add("structure phone (digits)", &digits)
            .add("structure e-mail", &email)
            .add("structure e-mail (local part)", &mailbox)
            .add("structure notes", &notes)
            .add("structure notes (edited)", &edited_notes);
        // The scan can fail: the structure's name is stored in clear, by design.
        assert_none_in_clear(&s, &canaries, b"Coll\xc3\xa8ge Fictif des Calanques");
        s.stop().await;
    }
}
