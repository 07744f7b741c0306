//! Coordination over HTTP, on both databases (issue 12, items 8 and 9): the CLSPD charter accepted
//! and audited; a meeting whose agenda looks like it names someone comes back with a warning to
//! confirm; only the meeting's participants open its minutes (each opening audited, anyone else
//! refused, audited); a named situation is refused outside a restricted group, needs consent, and
//! reaches the caseworkers as a help request, never the minutes; overdue actions are listed and
//! what is due this week is on the home page; the coordinator opens no report and no file.

use reqwest::StatusCode;
use vigie_domain::{AuditActor, Role};
use vigie_testkit::assert_shows;

use crate::staff::{CookieClient, Server, assert_newest_on, audit_head, between, member, servers};

/// The area's address.
pub const AREA: &str = "/espace/coordination";

/// `b` accepts the CLSPD charter from the home page.
pub async fn accept_charter(b: &mut CookieClient) {
    let to = b
        .submit_on_see_other(AREA, &format!("{AREA}/charte"), &[])
        .await;
    assert_eq!(to, format!("{AREA}?fait=charte"));
}

/// The fields of a meeting of `kind` that `participants` took part in.
pub fn meeting_fields<'a>(
    kind: &'a str,
    agenda: &'a str,
    participants: &'a [String],
) -> Vec<(&'a str, &'a str)> {
    let mut out = vec![
        ("kind", kind),
        ("day", "2026-03-12"),
        ("place", "Salle fictive de la mairie de secteur"),
        (
            "organisations",
            "Ville fictive\nPréfecture fictive\nCollège Fictif",
        ),
        ("agenda", agenda),
    ];
    for p in participants {
        out.push(("participants", p));
    }
    out
}

/// Records a meeting through its form; returns its id.
pub async fn add_meeting(b: &mut CookieClient, fields: &[(&str, &str)]) -> String {
    let to = b
        .submit_see_other(&format!("{AREA}/reunions/nouvelle"), fields)
        .await;
    between(&to, &format!("{AREA}/reunions/"), "?fait=reunion-ajoutee")
}

/// Chloe, a caseworker of the team that help requests reach, signed in: where a named situation
/// goes.
pub async fn help_caseworker(s: &Server) -> CookieClient {
    let chloe = member(s, "chloe", &[Role::Caseworker]).await;
    let members = ["chloe".to_owned()];
    let team = s
        .app
        .create_help_team(AuditActor::Cli, "Accompagnement", &members);
    team.await.unwrap();
    chloe
}

/// A coordinator who accepted the charter, and their account id.
pub async fn coordinator(s: &Server, name: &str) -> (CookieClient, String) {
    let mut b = member(s, name, &[Role::PreventionCoordinator]).await;
    accept_charter(&mut b).await;
    (b, crate::staff::account(s, name).await.id.to_string())
}

#[tokio::test]
async fn only_the_participants_open_the_minutes_and_names_need_confirming() {
    for s in servers().await {
        let mut paula = member(&s, "paula", &[Role::PreventionCoordinator]).await;
        let (mut pierre, pierre_id) = coordinator(&s, "pierre").await;
        assert_newest_on(&s, "coordination_changed", &format!("user:{pierre_id}")).await;
        // Paula has not accepted the charter: she cannot be named a participant.
        let new = format!("{AREA}/reunions/nouvelle");
        let form = pierre.get_ok(&new).await;
        assert!(
            form.contains(&pierre_id) && !form.contains("paula"),
            "{form}"
        );

        // An agenda that looks like it names someone comes back with the warning and the box.
        let me = [pierre_id.clone()];
        let named = meeting_fields("thematic", "Le cas de Karim Benali au collège", &me);
        let warned = "« Karim Benali » ressemble à un nom de personne";
        let again = [warned, "name=\"confirm_no_name\"", "aria-invalid=\"true\""];
        let page = pierre.submit_refused(&new, &named, &again).await;
        assert!(
            page.contains("Le cas de Karim Benali"),
            "the agenda kept: {page}"
        );
        let mut fields = meeting_fields("thematic", "Bilan des ateliers du trimestre", &me);
        let id = add_meeting(&mut pierre, &fields).await;
        fields.push(("confirm_no_name", "1"));

        // Pierre writes the minutes (a name warned about, then confirmed) and reads them back.
        let minutes = format!("{AREA}/reunions/{id}/compte-rendu");
        let text = "Échanges sur les ateliers ; Mme Diallo présente le bilan.";
        let page = pierre
            .submit_expect(
                &minutes,
                &[("minutes", text)],
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        assert!(page.contains("« Mme Diallo »"), "{page}");
        let to = pierre
            .submit_see_other(&minutes, &[("minutes", text), ("confirm_no_name", "1")])
            .await;
        assert_eq!(to, format!("{minutes}?fait=compte-rendu"));
        let page = pierre.get_ok(&minutes).await;
        assert!(page.contains("Mme Diallo présente le bilan"), "{page}");
        let head = audit_head(&s).await;
        assert_eq!(
            (
                head.kind.as_str(),
                head.object.as_str(),
                head.detail.as_str()
            ),
            ("decrypted", format!("meeting:{id}").as_str(), "minutes")
        );

        // Paula, who did not take part, sees the meeting but never its minutes.
        accept_charter(&mut paula).await;
        let page = paula.get_ok(&format!("{AREA}/reunions/{id}")).await;
        assert!(page.contains("vous n&#39;y avez pas participé"), "{page}");
        assert!(!page.contains("Mme Diallo"), "{page}");
        let (status, _, page) = paula.get(&minutes).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{page}");
        assert!(!page.contains("Mme Diallo"), "{page}");
        let head = audit_head(&s).await;
        assert_eq!(head.kind, "permission_denied");
        assert!(head.detail.starts_with("read_minutes: "), "{head:?}");
        // Her form token is valid for the meeting: the policy, not the token, refuses her.
        let token = paula.token_for(&s.app, &format!("meeting:{id}"));
        let (status, _, _) = paula
            .post(&minutes, &[("csrf", &token), ("minutes", "Réécrit")])
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(audit_head(&s).await.detail.starts_with("act_in_meeting: "),);

        // Another role never enters the area.
        let mut hana = member(&s, "hana", &[Role::Handler]).await;
        let (status, _, _) = hana.get(AREA).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _, _) = hana.get(&minutes).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
}

#[tokio::test]
async fn a_named_situation_goes_from_a_restricted_group_to_the_caseworkers_never_the_minutes() {
    for s in servers().await {
        let mut chloe = help_caseworker(&s).await;
        let (mut pierre, pierre_id) = coordinator(&s, "pierre").await;
        let me = [pierre_id];
        let plenary = add_meeting(&mut pierre, &meeting_fields("plenary", "Bilan", &me)).await;
        let restricted =
            add_meeting(&mut pierre, &meeting_fields("restricted", "Suivi", &me)).await;
        let situation = "Yanis Exemple, 15 ans, sollicité comme guetteur près du collège.";
        let fields = [
            ("situation", situation),
            ("needs", "social"),
            ("urgency", "this_week"),
            ("contact", "06 00 00 00 07"),
            ("consent", "1"),
        ];

        // Refused outside a restricted group: nothing goes anywhere.
        let page_of = |id: &str| format!("{AREA}/reunions/{id}");
        // A plenary's page offers no such form; a post anyway is refused beside the field.
        let plenary_page = pierre.get_ok(&page_of(&plenary)).await;
        assert!(!plenary_page.contains("/situation\""), "{plenary_page}");
        let token = pierre.token_for(&s.app, &format!("meeting:{plenary}"));
        let mut posted = vec![("csrf", token.as_str())];
        posted.extend_from_slice(&fields);
        let page = pierre
            .post_expect(
                &format!("{}/situation", page_of(&plenary)),
                &posted,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        assert!(page.contains("qu&#39;en groupe restreint"), "{page}");
        assert!(!page.contains("Yanis"), "{page}");
        let chloe_id = crate::staff::account(&s, "chloe").await.id;
        let chloe_p = s.app.principal(chloe_id).await.unwrap();
        let inbox = |s: &Server| {
            let chloe_p = chloe_p.clone();
            let app = s.app.clone();
            async move {
                app.help_inbox(&chloe_p, &Default::default())
                    .await
                    .unwrap()
                    .items
            }
        };
        assert!(inbox(&s).await.is_empty());

        // Without consent: refused too.
        let action = format!("{}/situation", page_of(&restricted));
        let page = pierre
            .submit_on_expect(
                &page_of(&restricted),
                &action,
                &fields[..4],
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        assert!(page.contains("consentement de la personne"), "{page}");
        assert!(inbox(&s).await.is_empty());

        // With consent, from the restricted group: the caseworkers' help request.
        let to = pierre
            .submit_on_see_other(&page_of(&restricted), &action, &fields)
            .await;
        assert_eq!(
            to,
            format!("{}?fait=situation-transmise", page_of(&restricted))
        );
        let head = audit_head(&s).await;
        assert_eq!(
            (head.kind.as_str(), head.object.clone()),
            ("situation_transmitted", format!("meeting:{restricted}"))
        );
        let received = inbox(&s).await;
        assert_eq!(received.len(), 1);
        let page = chloe
            .get_ok(&format!(
                "/espace/accompagnement/demandes/{}",
                received[0].id
            ))
            .await;
        assert_shows(
            &page,
            &[
                situation,
                "06 00 00 00 07",
                "Un groupe restreint de la coordination",
            ],
        );

        // Never the minutes: none were written, and the meeting's page does not hold it.
        let page = pierre.get_ok(&page_of(&restricted)).await;
        assert!(!page.contains("Yanis"), "{page}");
        let minutes = pierre
            .get_ok(&format!("{}/compte-rendu", page_of(&restricted)))
            .await;
        assert!(!minutes.contains("Yanis"), "{minutes}");
        let row = s
            .app
            .store()
            .meeting(restricted.parse().unwrap())
            .await
            .unwrap()
            .unwrap();
        assert!(row.minutes.is_none());
    }
}

#[tokio::test]
async fn overdue_actions_are_followed_up_and_the_coordinator_opens_no_report_or_file() {
    for s in servers().await {
        let (mut pierre, pierre_id) = coordinator(&s, "pierre").await;
        let me = [pierre_id];
        let id = add_meeting(&mut pierre, &meeting_fields("plenary", "Bilan", &me)).await;
        let page = format!("{AREA}/reunions/{id}");
        let today = vigie_domain::time::paris_day(s.app.clock().now());
        let day = |d: i64| vigie_domain::time::day_string(today + chrono::Duration::days(d));
        let (late, soon, later) = (day(-3), day(2), day(40));
        for (text, due) in [
            ("Éclairer le square", late.as_str()),
            ("Diffuser le message aux familles", soon.as_str()),
            ("Publier le bilan annuel", later.as_str()),
        ] {
            let fields = [
                ("text", text),
                ("owner", "Ville fictive"),
                ("due", due),
                ("sheet", "FA 2.1"),
            ];
            let to = pierre
                .submit_on_see_other(&page, &format!("{page}/decisions"), &fields)
                .await;
            assert_eq!(to, format!("{page}?fait=decision-ajoutee"));
        }
        // A bad due day comes back beside its field.
        let body = pierre
            .submit_on_expect(
                &page,
                &format!("{page}/decisions"),
                &[("text", "X"), ("owner", "Ville fictive"), ("due", "demain")],
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        assert!(body.contains("Indiquez une date valide"), "{body}");

        let follow = pierre.get_ok(&format!("{AREA}/actions")).await;
        assert!(
            follow.contains("3 action(s) ouverte(s), dont 1 en retard."),
            "{follow}"
        );
        assert!(follow.find("Éclairer le square") < follow.find("Publier le bilan annuel"));
        // The home page: what is due this week (and overdue), not next month.
        let home = pierre.get_ok(AREA).await;
        let due = between(&home, "id=\"coord-due\"", "</section>");
        assert!(
            due.contains("Éclairer le square") && due.contains("en retard"),
            "{due}"
        );
        assert!(due.contains("Diffuser le message"), "{due}");
        assert!(!due.contains("Publier le bilan annuel"), "{due}");

        // Done: no longer followed up.
        let body = pierre.get_ok(&page).await;
        let status_action = body
            .split("action=\"")
            .find(|a| a.starts_with(&format!("{AREA}/actions/")))
            .and_then(|a| a.split('"').next())
            .unwrap()
            .to_owned();
        let row = between(&body, "Éclairer le square", "</tr>");
        assert!(
            row.contains(&status_action),
            "the first row is the overdue one: {row}"
        );
        let to = pierre
            .submit_on_see_other(&page, &status_action, &[("status", "done")])
            .await;
        assert_eq!(to, format!("{page}?fait=statut"));
        let follow = pierre.get_ok(&format!("{AREA}/actions")).await;
        assert!(
            follow.contains("2 action(s) ouverte(s), dont 0 en retard."),
            "{follow}"
        );

        // The coordinator opens no report and no victim's file.
        for path in [
            "/espace/signalements",
            "/espace/accompagnement",
            "/espace/accompagnement/dossiers",
        ] {
            let (status, _, _) = pierre.get(path).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
        }
        // In English too.
        let page = pierre.get_ok(&format!("/en{AREA}/actions")).await;
        assert!(page.contains("Follow-up of actions"), "{page}");
    }
}
