//! Support groups over HTTP, on both databases: a caseworker makes an atelier de parole of two
//! places, adds files with the person's consent (none without it), the third waits; two files kept
//! apart cannot meet in a group; a session's attendance and anonymous slips are recorded and
//! counted; no participant's name appears on the group's pages; a handler and a caseworker of
//! another team are refused (and audited); nothing that identifies a group reaches the disk in
//! clear.

use reqwest::StatusCode;
use vigie_domain::FileId;
use vigie_domain::casefile::{AgeBand, PersonRole, Sex};
use vigie_testkit::assert_shows;
use vigie_testkit::canary::Canaries;
use vigie_testkit::staff::{new_file, principal_and_key};

use crate::staff::case_files::two_casework_teams;
use crate::staff::{
    CookieClient, Server, assert_newest_on, chosen_password, form_token, servers, signed_in,
};

/// Opens a file for `name` through the application; returns its id and number.
async fn open_file(s: &Server, user: &str, name: &str) -> (FileId, i64) {
    let (who, key) = principal_and_key(&s.app, user, &chosen_password(user)).await;
    let input = new_file(
        name,
        PersonRole::IndirectVictim,
        AgeBand::Adult,
        Sex::Female,
    );
    let id = s.app.create_file(&who, &key, input).await.unwrap();
    (id, s.app.store().file(id).await.unwrap().unwrap().number)
}

/// Posts a form of the group page and returns the status and the page it leads to.
async fn act(b: &mut CookieClient, page: &str, fields: &[(&str, &str)]) -> (StatusCode, String) {
    let (status, headers, body) = b.submit(page, fields).await;
    if status == StatusCode::SEE_OTHER {
        let to = headers["location"].to_str().unwrap().to_owned();
        return (status, b.get(&to).await.2);
    }
    (status, body)
}

/// Adds the file numbered `number` to the group at `page`, with the person's consent.
async fn enrol(b: &mut CookieClient, page: &str, number: &str) -> (StatusCode, String) {
    let fields = [
        ("quoi", "inscrire"),
        ("numero", number),
        ("consentement", "1"),
    ];
    act(b, page, &fields).await
}

/// Records `file` as present at `session` of the group at `page`.
async fn present(
    b: &mut CookieClient,
    page: &str,
    session: &str,
    file: &str,
) -> (StatusCode, String) {
    let fields = [("quoi", "presence"), ("seance", session), ("present", file)];
    act(b, page, &fields).await
}

/// The waiting list's part of a group's page.
fn waiting_list(page: &str) -> &str {
    let after = page.split(r#"id="attente""#).nth(1).unwrap_or_default();
    after.split(r#"id="inscrire""#).next().unwrap_or_default()
}

#[tokio::test]
async fn a_caseworker_runs_an_atelier_de_parole_without_naming_anyone() {
    for s in servers().await {
        let [pw, other_pw, handler_pw] = two_casework_teams(&s).await;
        let mut cass = signed_in(&s, "cass", &pw).await;
        let tag = uuid::Uuid::new_v4().simple().to_string();
        let names: Vec<String> = ["Aïcha", "Brigitte", "Chantal", "Dounia"]
            .iter()
            .map(|n| format!("{n} Canari{tag}"))
            .collect();
        let mut files = Vec::new();
        for n in &names {
            files.push(open_file(&s, "cass", n).await);
        }
        let group_name = format!("Groupe-canari-{tag}");
        let theme = format!("Theme-canari-{tag}");
        let place = format!("Lieu-canari-{tag}");

        let list = "/espace/accompagnement/groupes";
        let body = cass.get_ok(list).await;
        assert!(body.contains("Aucun groupe"), "{body}");
        let token = form_token(&body, list);
        let to = cass
            .post_see_other(
                list,
                &[
                    ("csrf", &token),
                    ("nom", &group_name),
                    ("type", "atelier_parole"),
                    ("theme", &theme),
                    ("lieu", &place),
                    ("animateurs", "Anne Animatrice\nMarc Animateur"),
                    ("capacite", "2"),
                ],
            )
            .await;
        let group = to.trim_end_matches("?fait=cree").to_owned();
        let (_, _, body) = cass.get(&to).await;
        assert_shows(
            &body,
            &[
                "Le groupe a été créé.",
                &group_name,
                &place,
                "Atelier de parole",
            ],
        );
        assert_newest_on(
            &s,
            "support_group_changed",
            &format!("support_group:{}", &group[group.len() - 36..]),
        )
        .await;

        // Without the person's consent, no one joins.
        let n = |i: usize| files[i].1.to_string();
        let (status, body) = act(
            &mut cass,
            &group,
            &[("quoi", "inscrire"), ("numero", &n(0))],
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains("consenti"), "{body}");
        for i in 0..2 {
            let (status, body) = enrol(&mut cass, &group, &n(i)).await;
            assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
        }
        // Full: the third waits.
        let (_, body) = enrol(&mut cass, &group, &n(2)).await;
        assert!(body.contains("Le groupe est complet"), "{body}");
        let waiting = waiting_list(&body);
        assert!(waiting.contains(&format!("Dossier n° {}", n(2))), "{body}");

        // Files 0 and 3 must not meet: 3 is refused in the group 0 is in, with a clear message.
        let (_, _, body) = cass.get(list).await;
        let token = form_token(&body, "/espace/accompagnement/groupes/separer");
        let to = cass
            .post_see_other(
                "/espace/accompagnement/groupes/separer",
                &[("csrf", &token), ("dossier_a", &n(0)), ("dossier_b", &n(3))],
            )
            .await;
        assert!(to.ends_with("?fait=separes"), "{to}");
        assert_newest_on(&s, "file_updated", &format!("file:{}", files[3].0)).await;
        let (status, body) = enrol(&mut cass, &group, &n(3)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            body.contains(&format!(
                "le dossier n° {} ne doit pas être dans le même groupe que le dossier n° {}",
                n(3),
                n(0)
            )),
            "{body}"
        );

        // A session, its attendance and its anonymous slips.
        let (_, body) = act(
            &mut cass,
            &group,
            &[
                ("quoi", "seance"),
                ("jour", "2026-11-12"),
                ("lieu", ""),
                ("animateurs", ""),
            ],
        )
        .await;
        assert!(body.contains("Séance du 2026-11-12"), "{body}");
        let session = body
            .split(r#"name="seance" value=""#)
            .nth(1)
            .and_then(|r| r.split('"').next())
            .unwrap_or_default()
            .to_owned();
        let first = files[0].0.to_string();
        let (status, body) = present(&mut cass, &group, &session, &first).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
        assert!(body.contains("Présents : 1"), "{body}");
        // Someone on the waiting list did not attend.
        let third = files[2].0.to_string();
        let (status, _) = present(&mut cass, &group, &session, &third).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        let (_, body) = act(
            &mut cass,
            &group,
            &[
                ("quoi", "fiches"),
                ("seance", &session),
                ("note4", "2"),
                ("note5", "1"),
            ],
        )
        .await;
        assert!(
            body.contains("Fiches anonymes : 3 — 1 : 0, 2 : 0, 3 : 0, 4 : 2, 5 : 1"),
            "{body}"
        );
        // Nobody's name on the group's pages.
        let (_, _, listed) = cass.get(list).await;
        for page in [&body, &listed] {
            for name in &names {
                assert!(!page.contains(name.as_str()), "{name} on {page}");
            }
        }
        assert_shows(&listed, &[&group_name, ">2</td><td>1</td><td>1<"]);

        // The first leaves: the waiting one takes part.
        let (_, body) = act(
            &mut cass,
            &group,
            &[("quoi", "retirer"), ("dossier", &first)],
        )
        .await;
        let waiting = waiting_list(&body);
        assert!(!waiting.contains(&format!("Dossier n° {}", n(2))), "{body}");

        // Another team's caseworker and a handler are refused, and audited.
        let mut olga = signed_in(&s, "olga", &other_pw).await;
        assert_eq!(olga.get(&group).await.0, StatusCode::FORBIDDEN);
        assert_newest_on(
            &s,
            "permission_denied",
            &format!("support_group:{}", &group[group.len() - 36..]),
        )
        .await;
        let (_, _, theirs) = olga.get(list).await;
        assert!(!theirs.contains(&group_name), "{theirs}");
        let mut hana = signed_in(&s, "hana", &handler_pw).await;
        for path in [list, group.as_str()] {
            assert_eq!(hana.get(path).await.0, StatusCode::FORBIDDEN, "{path}");
            let head = crate::staff::audit_head(&s).await;
            assert_eq!(head.kind, "permission_denied");
            assert!(head.detail.starts_with("run_support_groups"), "{head:?}");
        }

        let mut canaries = Canaries::new();
        canaries
            .add("group name", &group_name)
            .add("theme", &theme)
            .add("place", &place)
            .add("facilitator", "Marc Animateur")
            .add("participant", &names[0]);
        let evidence = s.evidence();
        canaries.assert_absent(&evidence.with_log());
    }
}
