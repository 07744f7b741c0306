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
use vigie_testkit::assert_shows;
use vigie_testkit::canary::Canaries;

use crate::staff::partners::{DIRECTORY, add_entry, entry_form, post_entry};
use crate::staff::reports::{form, submit};
use crate::staff::{CookieClient, servers};
use crate::staff::{handler_team, signed_in};

/// A phone number and an e-mail address made of canaries, each added whole and in part (the
/// digits, the local part), for a contact the pages seal.
fn phone_and_email(canaries: &mut Canaries) -> (String, String) {
    let phone = format!("06 {}", canaries.digits("phone (digits)", 10));
    let email = format!("{}@exemple.invalid", canaries.fresh("courriel"));
    canaries.add("phone", &phone).add("e-mail", &email);
    (phone, email)
}

#[tokio::test]
async fn staff_secrets_never_reach_the_disk_in_clear() {
    for s in servers().await {
        let mut canaries = Canaries::new();
        let contact = format!("{} 06 12 34 56 78", canaries.fresh("contact"));
        let password = canaries.fresh("password");
        let new = NewAccount {
            username: "amina".into(),
            roles: RoleSet::of(&[Role::Handler]),
            contact: Some(contact.clone()),
        };
        let (_, one_time) = s.app.create_user(AuditActor::Cli, &new).await.unwrap();

        let mut b = CookieClient::new(&s.base);
        let (totp_secret, codes) = b.first_login(&s.app, "amina", &one_time).await;
        assert_eq!(
            b.change_password(&one_time, &password).await,
            StatusCode::OK
        );
        assert_eq!(b.get("/espace").await.0, StatusCode::OK);

        let totp_raw = totp_rs::Secret::try_from_base32(&totp_secret)
            .unwrap()
            .as_ref()
            .to_vec();
        canaries
            .add("contact", &contact)
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
        canaries.assert_absent_seeing(&s, b"amina");
    }
}

#[tokio::test]
async fn notes_and_team_addresses_never_reach_the_disk_in_clear() {
    for s in servers().await {
        let mut canaries = Canaries::new();
        let note = canaries.fresh("note");
        let digest = format!("{}@association.example", canaries.fresh("digest"));
        let on_call = format!("{}@association.example", canaries.fresh("astreinte"));
        canaries
            .add("digest address", &digest)
            .add("on-call address", &on_call);

        // A handler writes a note on a report of her team, through its form.
        let (mut amina, north) = handler_team(&s, "amina").await;
        let report = submit(&s.app, &form("threats", "13201", "Des menaces."), &[]).await;
        let path = format!("/espace/signalements/{report}");
        let to = amina
            .submit_on_see_other(&path, &format!("{path}/note"), &[("text", &note)])
            .await;
        let page = amina.get_ok(&to).await;
        assert!(page.contains(&note), "the note is stored: {page}");

        // An admin sets the team's addresses, through the routing page.
        let mut admin = signed_in(&s, "admin", &s.admin_password).await;
        let routing = "/espace/admin/routage";
        admin
            .submit_on_see_other(
                routing,
                &format!("{routing}/alertes"),
                &[
                    ("team", &north.to_string()),
                    ("digest", &digest),
                    ("on_call", &on_call),
                ],
            )
            .await;
        let (_, _, page) = admin.get(routing).await;
        assert!(
            page.contains(&format!("value=\"{digest}\""))
                && page.contains(&format!("value=\"{on_call}\"")),
            "the addresses are stored: {page}"
        );

        // The scan can fail: the team's name is stored in clear, by design.
        canaries.assert_absent_seeing(&s, b"Signalements nord");
    }
}

#[tokio::test]
async fn texts_passed_on_to_the_casework_team_and_their_new_code_never_reach_the_disk_in_clear() {
    use crate::staff::help_link::{
        answer, ask, casework_team, file, follow, shown_code, transmit, write,
    };
    for s in servers().await {
        let mut canaries = Canaries::new();
        let [report_text, question, chosen, left_out] =
            canaries.fresh_each(["signalement", "question", "choisi", "garde"]);

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

        canaries
            .add("new code (shown)", &code)
            .add("new code (digits)", code.replace(' ', ""));
        // The scan can fail: the casework team's name is stored in clear, by design.
        canaries.assert_absent_seeing(&s, b"Accompagnement");
    }
}

#[tokio::test]
async fn partner_directory_details_never_reach_the_disk_in_clear() {
    for s in servers().await {
        let mut canaries = Canaries::new();
        let pw = s.user("cass", &[Role::Caseworker]).await;
        s.user("paul", &[Role::Partner]).await;
        let paul = crate::staff::account(&s, "paul").await.id;
        let mut form = entry_form(&canaries.fresh("nom"), Some(paul));
        form.speciality = canaries.fresh("specialite");
        (form.phone, form.email) = phone_and_email(&mut canaries);
        form.address = canaries.fresh("adresse");
        form.notes = canaries.fresh("notes");

        // A caseworker adds the entry through its form, reads it, edits it: every sealed field
        // goes through the pages.
        let mut cass = signed_in(&s, "cass", &pw).await;
        let id = add_entry(&mut cass, &form).await;
        let page = format!("{DIRECTORY}/{id}");
        let body = cass.get_ok(&page).await;
        assert_shows(
            &body,
            &[
                &form.name,
                &form.speciality,
                &form.phone,
                &form.email,
                &form.address,
                &form.notes,
            ],
        );
        let mut edited = form.clone();
        edited.notes = canaries.fresh("notes-modifiees");
        let (status, _, body) = post_entry(&mut cass, &format!("{page}/modifier"), &edited).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{body}");

        // The scan can fail: the entry's kind is stored in clear, by design.
        canaries.assert_absent_seeing(&s, b"psychologist");
    }
}

#[tokio::test]
async fn prevention_structure_contacts_never_reach_the_disk_in_clear() {
    use crate::staff::prevention::{AREA, add_structure, structure_fields};
    for s in servers().await {
        let mut canaries = Canaries::new();
        let [person, role, notes, edited_notes] =
            canaries.fresh_each(["personne", "fonction", "notes", "notes-modifiees"]);
        let (phone, email) = phone_and_email(&mut canaries);
        let mut pierre = crate::staff::member(&s, "pierre", &[Role::PreventionCoordinator]).await;
        let mut fields = structure_fields("Collège Fictif des Calanques", &person, true);
        for (name, value) in &mut fields {
            match *name {
                "role" => *value = &role,
                "phone" => *value = &phone,
                "email" => *value = &email,
                "notes" => *value = &notes,
                _ => {}
            }
        }
        let id = add_structure(&mut pierre, &fields).await;
        let page = format!("{AREA}/structures/{id}");
        let body = pierre.get_ok(&page).await;
        assert_shows(&body, &[&person, &role, &phone, &email, &notes]);
        for (name, value) in &mut fields {
            if *name == "notes" {
                *value = &edited_notes;
            }
        }
        pierre
            .submit_see_other(&format!("{page}/modifier"), &fields)
            .await;

        // The scan can fail: the structure's name is stored in clear, by design.
        canaries.assert_absent_seeing(&s, b"Coll\xc3\xa8ge Fictif des Calanques");
    }
}

/// Impact surveys (issue 12, item 4): the codes of printed slips (answered online, keyed in on
/// paper, or never used) are kept only as a keyed hash: none reaches the disk or the log in clear,
/// typed as printed or in their canonical form.
#[tokio::test]
async fn survey_codes_never_reach_the_disk_in_clear() {
    use crate::staff::surveys::{answer, cycle, print};
    for s in servers().await {
        let (mut pierre, page, _) = cycle(&s, "pierre", false).await;
        let codes = print(&mut pierre, &page, "3").await;
        let mut pupil = vigie_testkit::CookieClient::new(&s.base);
        answer(&mut pupil, &codes[0][0], &["3"]).await;
        pierre
            .submit_on_see_other(
                &page,
                &format!("{page}/saisie"),
                &[("code", codes[1][0].as_str()), ("s0", "2")],
            )
            .await;
        let mut canaries = Canaries::new();
        for code in codes.iter().flatten() {
            canaries.add("survey code", code);
            canaries.add("survey code (canonical)", code.replace('-', ""));
        }
        // The scan can fail: the programme's name is stored in clear, by design.
        canaries.assert_absent_seeing(&s, "Programme Sondé".as_bytes());
    }
}

/// Coordination (issue 12): a meeting's minutes (sealed for its participants), rewritten once, and a
/// named situation a restricted group transmits (sealed for the caseworkers' team, its contact under
/// the team's internal key) never reach the disk in clear.
#[tokio::test]
async fn meeting_minutes_and_named_situations_never_reach_the_disk_in_clear() {
    use crate::staff::coordination::{
        AREA, add_meeting, coordinator, help_caseworker, meeting_fields,
    };
    for s in servers().await {
        let mut canaries = Canaries::new();
        let [minutes, rewritten, situation] =
            canaries.fresh_each(["compte-rendu", "compte-rendu-modifie", "situation"]);
        let contact = format!("06 {}", canaries.digits("contact (digits)", 8));
        canaries.add("contact", &contact);
        help_caseworker(&s).await;
        let (mut pierre, pierre_id) = coordinator(&s, "pierre").await;
        let me = [pierre_id];
        let id = add_meeting(&mut pierre, &meeting_fields("restricted", "Suivi", &me)).await;
        let page = format!("{AREA}/reunions/{id}/compte-rendu");
        for text in [&minutes, &rewritten] {
            let fields = [("minutes", text.as_str()), ("confirm_no_name", "1")];
            pierre.submit_see_other(&page, &fields).await;
        }
        assert!(pierre.get_ok(&page).await.contains(&rewritten));
        let meeting = format!("{AREA}/reunions/{id}");
        let fields = [
            ("situation", situation.as_str()),
            ("needs", "social"),
            ("urgency", "no_rush"),
            ("contact", contact.as_str()),
            ("consent", "1"),
        ];
        pierre
            .submit_on_see_other(&meeting, &format!("{meeting}/situation"), &fields)
            .await;

        // The scan can fail: the meeting's agenda is stored in clear, by design.
        canaries.assert_absent_seeing(&s, b"Salle fictive de la mairie de secteur");
    }
}
