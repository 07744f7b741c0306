//! The policy at the edge (who reads a report, audited refusals, grants and revocations) and the
//! custodian's identity forms.

use reqwest::StatusCode;
use vigie_domain::report::ReportForm;
use vigie_domain::{AuditActor, ReportId, Role, UserId};

use super::{form, rows, submit};
use crate::staff::{
    CookieClient, Server, account, assert_newest, assert_newest_on, audit, audit_head, form_token,
    handler_team, location, servers, signed_in,
};

/// `b` grants `user` the report at `path` from its page; the grant is audited.
async fn grant(s: &Server, b: &mut CookieClient, path: &str, user: UserId) {
    let action = format!("{path}/acces/personne");
    let id = user.to_string();
    b.submit_on_see_other(path, &action, &[("user", id.as_str())])
        .await;
    assert_newest(s, "access_granted", &format!("user:{user}")).await;
}

// Long on purpose: one story per database, each step starting where the steps before left it.
#[tokio::test]
async fn access_is_refused_outside_the_audience_audited_and_granted_on_purpose() {
    for s in servers().await {
        let (mut amina, _) = handler_team(&s, "amina").await;
        let id = submit(&s.app, &form("threats", "13201", "Menaces."), &[]).await;
        let path = format!("/espace/signalements/{id}");

        // A caseworker reads no report, and has no inbox.
        let mut chloe = crate::staff::member(&s, "chloe", &[Role::Caseworker]).await;
        let (_, _, home) = chloe.get("/espace").await;
        assert!(!home.contains("/espace/signalements"), "no link to it");
        let page = chloe.get_expect(&path, StatusCode::FORBIDDEN).await;
        assert!(!page.contains("Menaces."));
        chloe
            .get_expect("/espace/signalements", StatusCode::FORBIDDEN)
            .await;

        // A handler of another team neither; the refusal is audited.
        let pw = s.user("bruno", &[Role::Handler]).await;
        let south = s
            .app
            .create_team(AuditActor::Cli, "Signalements sud", &["bruno".to_owned()])
            .await
            .unwrap();
        let mut bruno = signed_in(&s, "bruno", &pw).await;
        let before = audit(&s).await.len();
        let page = bruno.get_expect(&path, StatusCode::FORBIDDEN).await;
        assert!(!page.contains("Menaces."));
        let entries = audit(&s).await;
        assert_eq!(entries.len(), before + 1);
        assert_eq!(entries[before].kind, "permission_denied");
        assert!(
            entries[before].detail.starts_with("read_report"),
            "{:?}",
            entries[before]
        );
        let bruno_id = account(&s, "bruno").await.id;
        assert_eq!(entries[before].actor, format!("staff:{bruno_id}"));
        bruno
            .get_expect(
                &format!("{path}/fichiers/{}", ReportId::random()),
                StatusCode::FORBIDDEN,
            )
            .await;

        // Amina grants bruno: he reads it; the grant is audited.
        grant(&s, &mut amina, &path, bruno_id).await;
        let page = bruno.get_ok(&path).await;
        assert!(page.contains("Menaces."));
        let (_, _, inbox) = bruno.get("/espace/signalements").await;
        assert_eq!(rows(&inbox), 1, "in his inbox now");

        // Amina revokes bruno beside the grant: he reads it no more; the keys were renewed.
        let (_, _, page) = amina.get(&path).await;
        assert!(page.contains("Retirer l&#39;accès"), "{page}");
        let token = form_token(&page, &format!("{path}/acces/retrait"));
        let (status, headers, _) = amina
            .post(
                &format!("{path}/acces/retrait"),
                &[("csrf", &token), ("reader", &format!("user:{bruno_id}"))],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_newest(&s, "access_revoked", &format!("user:{bruno_id}")).await;
        let (_, _, page) = amina.get(&location(&headers)).await;
        assert!(page.contains("Accès retiré"), "{page}");
        let page = bruno.get_expect(&path, StatusCode::FORBIDDEN).await;
        assert!(!page.contains("Menaces."));
        let (_, _, inbox) = bruno.get("/espace/signalements").await;
        assert_eq!(rows(&inbox), 0, "out of his inbox");
        // Granted again for what follows.
        grant(&s, &mut amina, &path, bruno_id).await;

        // Granting a whole team.
        let second = submit(&s.app, &form("violence", "13201", "Violences."), &[]).await;
        let second_path = format!("/espace/signalements/{second}");
        bruno.get_expect(&second_path, StatusCode::FORBIDDEN).await;
        let (_, _, page) = amina.get(&second_path).await;
        let token = form_token(&page, &format!("{second_path}/acces/equipe"));
        amina
            .post_see_other(
                &format!("{second_path}/acces/equipe"),
                &[("csrf", &token), ("team", &south.to_string())],
            )
            .await;
        let page = bruno.get_ok(&second_path).await;
        assert!(page.contains("Violences."));

        // Granting a caseworker is refused (400), nothing is wrapped for her.
        let chloe_id = account(&s, "chloe").await.id;
        let page = amina
            .post_expect(
                &format!("{second_path}/acces/personne"),
                &[("csrf", &token), ("user", &chloe_id.to_string())],
                StatusCode::BAD_REQUEST,
            )
            .await;
        assert!(page.contains("id=\"grant-error\""));
    }
}

#[tokio::test]
async fn the_custodian_opens_only_reports_with_an_identity_then_reveals_and_grants_it() {
    for s in servers().await {
        let (mut amina, _) = handler_team(&s, "amina").await;
        let identity = "Leïla B., 06 00 00 00 02";
        let id = submit(
            &s.app,
            &ReportForm {
                identity: identity.into(),
                ..form("corruption", "13201", "Un agent est payé.")
            },
            &[],
        )
        .await;
        let path = format!("/espace/signalements/{id}");
        let (_, _, page) = amina.get(&path).await;
        assert!(page.contains("demandez-le à la personne garante"), "{page}");
        assert!(!page.contains(&format!("action=\"{path}/identite\"")));
        assert!(!page.contains("06 00 00 00 02"));
        // Her forged attempt is refused by the policy, and audited.
        let token = form_token(&page, &format!("{path}/reponse"));
        amina
            .post_expect(
                &format!("{path}/identite"),
                &[("csrf", &token)],
                StatusCode::FORBIDDEN,
            )
            .await;
        let head = audit_head(&s).await;
        assert!(
            head.detail.starts_with("read_reporter_identity"),
            "{head:?}"
        );

        // The admin is the custodian (not a handler): the identity forms, never the content; the
        // opening is audited.
        let mut admin = signed_in(&s, "admin", &s.admin_password).await;
        let page = admin.get_ok(&path).await;
        assert!(!page.contains("Un agent est payé."));
        assert!(page.contains("Corruption"));
        assert_newest_on(&s, "report_viewed", &format!("report:{id}")).await;
        // A report without an identity (no slot for the custodian): refused, and audited.
        let anonymous = submit(&s.app, &form("corruption", "13201", "Sans nom."), &[]).await;
        admin
            .get_expect(
                &format!("/espace/signalements/{anonymous}"),
                StatusCode::FORBIDDEN,
            )
            .await;
        assert_newest_on(&s, "permission_denied", &format!("report:{anonymous}")).await;
        let token = form_token(&page, &format!("{path}/identite"));
        let page = admin
            .post_expect(
                &format!("{path}/identite"),
                &[("csrf", &token)],
                StatusCode::OK,
            )
            .await;
        assert!(page.contains("Leïla B., 06 00 00 00 02"), "{page}");
        // The reveal, then the page it is shown on.
        let chain = audit(&s).await;
        let tail: Vec<(&str, &str)> = chain
            .iter()
            .rev()
            .take(2)
            .map(|e| (e.kind.as_str(), e.detail.as_str()))
            .collect();
        assert_eq!(
            tail,
            vec![("report_viewed", "custodian"), ("decrypted", "identity")]
        );
        // Reloading does not show it again: only the POST does.
        let (_, _, page) = admin.get(&path).await;
        assert!(!page.contains("06 00 00 00 02"));

        let amina_id = account(&s, "amina").await.id;
        admin
            .post_redirects_to(
                &format!("{path}/identite/acces"),
                &[("csrf", &token), ("user", &amina_id.to_string())],
                &format!("{path}?fait=identite"),
            )
            .await;
        assert_newest(&s, "access_granted", &format!("identity user:{amina_id}")).await;

        // Now amina sees the button, and what it shows.
        let page = amina
            .submit_on_expect(&path, &format!("{path}/identite"), &[], StatusCode::OK)
            .await;
        assert!(page.contains("Leïla B., 06 00 00 00 02"));
    }
}
