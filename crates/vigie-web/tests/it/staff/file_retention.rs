//! The legal basis and the retention of victims' files over HTTP, on both databases, with the clock
//! moved forward: a caseworker opens a file on the association's agrément and changes it to the
//! victim's mandate; two years after the last contact the job archives both files; the
//! caseworker may no longer open nor change them (refusals audited), the custodian of the team
//! reads one with a reason (audited without its words), a custodian of another team is refused;
//! a year later the job erases the file nothing holds (its rows are gone, the team's index loses
//! its name at the next list), and keeps the one whose CIVI deadline runs until it has run.

use chrono::Days;
use reqwest::StatusCode;
use vigie_app::TeamKeySource;
use vigie_domain::{AuditActor, FileId, Role, RoleSet};
use vigie_testkit::{assert_shows, with_fields};

use vigie_testkit::canary::Canaries;

use crate::staff::case_files::{change, two_casework_teams};
use crate::staff::{CookieClient, Server, audit, audit_head, chosen_password, form_token, servers};

/// A new account in `roles`, signed in: its client and its TOTP secret (to sign in again once the
/// clock has moved past the session's end).
async fn member(s: &Server, name: &str, pw: &str) -> (CookieClient, String) {
    let mut b = CookieClient::new(&s.base);
    let (secret, _) = b.first_login(&s.app, name, pw).await;
    let status = b.change_password(pw, &chosen_password(name)).await;
    assert_eq!(status, StatusCode::OK);
    (b, secret)
}

/// `name` signs in again with their chosen password and second factor.
async fn again(s: &Server, name: &str, secret: &str) -> CookieClient {
    let mut b = CookieClient::new(&s.base);
    let unix = s.app.clock().unix();
    let (status, _, body) = b
        .login_totp(name, &chosen_password(name), secret, unix)
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    b
}

/// Moves the clock `days` forward.
fn advance_days(s: &Server, days: i64) {
    s.app.clock().advance(days * 86_400);
}

/// Opens a file named `name` on `basis` and returns its page's address.
async fn open(b: &mut CookieClient, name: &str, basis: &str) -> String {
    let (_, _, form) = b.get("/espace/accompagnement/dossiers/nouveau").await;
    assert!(
        form.contains(r#"name="base" type="radio" value="victim_mandate" checked"#),
        "the victim's mandate is the default: {form}"
    );
    let person = (name, "direct_victim");
    let changes = [("age", "12_17"), ("base", basis)];
    crate::staff::case_files::open_file(
        b,
        "/espace/accompagnement/dossiers/nouveau",
        person,
        &changes,
    )
    .await
}

fn file_id(page: &str) -> FileId {
    page.rsplit('/').next().unwrap().parse().unwrap()
}

#[tokio::test]
async fn files_are_archived_after_two_years_read_by_the_custodian_with_a_reason_then_erased() {
    for s in servers().await {
        // cass in "Accompagnement" with gina, its custodian; olga custodian of another team.
        let [cass_pw, olga_pw, _] = two_casework_teams(&s).await;
        let gina_pw = s.user("gina", &[Role::Custodian, Role::Caseworker]).await;
        let both = RoleSet::of(&[Role::Custodian, Role::Caseworker]);
        s.app
            .set_roles(AuditActor::Cli, "olga", both)
            .await
            .unwrap();
        s.app
            .add_team_member(
                AuditActor::Cli,
                TeamKeySource::None,
                "Accompagnement",
                "gina",
            )
            .await
            .unwrap();
        let team = crate::staff::team(&s, "Accompagnement").await.id;
        let (mut cass, cass_totp) = member(&s, "cass", &cass_pw).await;
        let (_, gina_totp) = member(&s, "gina", &gina_pw).await;
        let (_, olga_totp) = member(&s, "olga", &olga_pw).await;

        // Opened on the agrément, changed to the victim's mandate: both shown on the page.
        let tag = uuid::Uuid::new_v4().simple().to_string();
        let held_name = format!("Amina Tenue{tag}");
        let gone_name = format!("Berthe Effacée{tag}");
        let held = open(&mut cass, &held_name, "agrement").await;
        let (_, _, body) = cass.get(&held).await;
        assert!(
            body.contains("Agrément de l&#39;association")
                || body.contains("Agrément de l'association"),
            "{body}"
        );
        let body = change(
            &mut cass,
            &held,
            &[("quoi", "base-legale"), ("base", "victim_mandate")],
        )
        .await;
        assert!(
            body.contains("<dd>Mandat de la victime (l&#39;association agit pour son compte)</dd>")
                || body
                    .contains("<dd>Mandat de la victime (l'association agit pour son compte)</dd>"),
            "{body}"
        );
        let held_id = file_id(&held);
        let record = s.app.store().file(held_id).await.unwrap().unwrap();
        assert_eq!(
            record.legal_basis,
            vigie_domain::casefile::LegalBasis::VictimMandate
        );
        // She was 10 at the offence: her CIVI deadline runs three years from her majority.
        let today = vigie_domain::time::paris_day(s.app.clock().now());
        let offence = (today - Days::new(10)).to_string();
        let birth = (today - Days::new(10 * 365)).to_string();
        change(
            &mut cass,
            &held,
            &[
                ("quoi", "dossier-judiciaire"),
                ("juridiction", "Tribunal pour enfants"),
                ("etape", "complaint"),
                ("partie_civile", "none"),
                ("aide", "not_requested"),
                ("infraction", &offence),
                ("naissance", &birth),
            ],
        )
        .await;
        let hold = s
            .app
            .store()
            .file(held_id)
            .await
            .unwrap()
            .unwrap()
            .hold_until_day
            .unwrap();
        assert!(hold > (today + Days::new(10 * 365)).to_string(), "{hold}");
        let gone = open(&mut cass, &gone_name, "victim_mandate").await;
        let gone_id = file_id(&gone);
        let gone_number = s.app.store().file(gone_id).await.unwrap().unwrap().number;

        // Nothing happens before two years; the day they are reached, both are archived.
        advance_days(&s, 729);
        assert_eq!(s.app.housekeep_file_retention().await.unwrap().archived, 0);
        advance_days(&s, 1);
        let done = s.app.housekeep_file_retention().await.unwrap();
        assert_eq!((done.archived, done.erased), (2, 0));
        let archived: Vec<_> = audit(&s)
            .await
            .into_iter()
            .filter(|e| e.kind.as_str() == "file_archived")
            .map(|e| (e.actor, e.object))
            .collect();
        assert_eq!(archived.len(), 2, "{archived:?}");
        assert!(archived.iter().all(|(actor, _)| actor == "system"));

        // The caseworker sees them as archived, without a link, and may neither open nor change
        // them.
        let mut cass = again(&s, "cass", &cass_totp).await;
        let (_, _, list) = cass
            .get("/espace/accompagnement/dossiers?statut=archived")
            .await;
        assert!(
            list.contains("2 dossiers") && list.contains("Archivé") && !list.contains(&held),
            "{list}"
        );
        cass.get_expect(&held, StatusCode::FORBIDDEN).await;
        let denied = audit_head(&s).await;
        assert_eq!(
            (denied.kind.as_str(), denied.object.as_str()),
            ("permission_denied", format!("file:{held_id}").as_str())
        );
        assert!(
            denied.detail.starts_with("read_archived_case: "),
            "{denied:?}"
        );
        let token = cass.token_for(&s.app, &format!("file:{held_id}"));
        cass.post_expect(
            &held,
            &[
                ("csrf", &token),
                ("quoi", "profil"),
                ("role", "witness"),
                ("age", "unknown"),
                ("sexe", "unknown"),
            ],
            StatusCode::FORBIDDEN,
        )
        .await;
        let denied = audit_head(&s).await;
        assert_eq!(
            denied.detail, "manage_case: the file is archived",
            "{denied:?}"
        );

        // The custodian of the team gives a reason, then reads it.
        let mut gina = again(&s, "gina", &gina_totp).await;
        let page = gina.get_ok(&held).await;
        assert!(
            page.contains("Ouvrir le dossier archivé") && !page.contains(&held_name),
            "{page}"
        );
        let action = format!("{held}/archive");
        let token = form_token(&page, &action);
        let blank = [
            ("csrf", token.as_str()),
            ("motif", "access_request"),
            ("explication", " "),
        ];
        let page = gina
            .post_expect(&action, &blank, StatusCode::UNPROCESSABLE_ENTITY)
            .await;
        assert!(
            page.contains("obligatoire") && !page.contains(&held_name),
            "{page}"
        );
        let words = format!("Courrier-canari-{tag} de sa mère");
        let explained = with_fields(&blank, &[("explication", &words)]);
        let page = gina.post_expect(&action, &explained, StatusCode::OK).await;
        assert_shows(&page, &[&held_name, "Tribunal pour enfants", &words]);
        let read = audit_head(&s).await;
        assert_eq!(
            (read.kind.as_str(), read.object.as_str()),
            ("file_archive_read", format!("file:{held_id}").as_str())
        );
        assert_eq!(
            read.detail,
            format!(
                "reason access_request; explanation of {} characters",
                words.chars().count()
            )
        );
        assert!(!audit(&s).await.iter().any(|e| e.detail.contains(&tag)));

        // A custodian of another team is refused.
        let mut olga = again(&s, "olga", &olga_totp).await;
        olga.get_expect(&held, StatusCode::FORBIDDEN).await;
        let denied = audit_head(&s).await;
        assert_eq!(
            denied.detail,
            "read_archived_case: not in the item's audience"
        );
        // The custodian's words are sealed in the file: no byte of them on disk.
        let mut canaries = Canaries::new();
        canaries
            .add("archive reason", &words)
            .add("name", &held_name);
        canaries.assert_absent(&s.evidence().with_log());

        // A year on, the file nothing holds is erased; the other stays until its deadline ran.
        advance_days(&s, 365);
        let done = s.app.housekeep_file_retention().await.unwrap();
        assert_eq!((done.archived, done.erased), (0, 1));
        let erased = audit_head(&s).await;
        assert_eq!(
            (
                erased.kind.as_str(),
                erased.object.as_str(),
                erased.detail.as_str()
            ),
            (
                "file_erased",
                format!("file:{gone_id}").as_str(),
                format!("number {gone_number}").as_str()
            )
        );
        assert!(s.app.store().file(gone_id).await.unwrap().is_none());
        assert!(s.app.store().case_parts(gone_id).await.unwrap().is_empty());
        assert!(s.app.store().case_slots(gone_id).await.unwrap().is_empty());
        assert!(s.app.store().file(held_id).await.unwrap().is_some());
        // The team's index still names her until a member's request opens it.
        let index = s.app.store().name_index(team).await.unwrap().unwrap();
        assert!(index.prune);
        let mut cass = again(&s, "cass", &cass_totp).await;
        let (_, _, list) = cass.get("/espace/accompagnement/dossiers").await;
        assert_shows(&list, &["Un dossier", &held_name]);
        let pruned = s.app.store().name_index(team).await.unwrap().unwrap();
        assert!(!pruned.prune && pruned.version > index.version);
        let (_, _, found) = cass
            .get(&format!(
                "/espace/accompagnement/dossiers?nom=berthe+effacee{tag}"
            ))
            .await;
        assert!(found.contains("Aucun dossier"), "{found}");
        cass.get_expect(&gone, StatusCode::NOT_FOUND).await;

        // Once her deadline has run (and a day), she is erased too.
        advance_days(&s, 12 * 365);
        let done = s.app.housekeep_file_retention().await.unwrap();
        assert_eq!((done.archived, done.erased), (0, 1));
        assert!(s.app.store().file(held_id).await.unwrap().is_none());
        assert_eq!(s.app.store().count_files().await.unwrap(), 0);
        assert!(s.app.verify_audit().await.unwrap().is_ok());
    }
}
