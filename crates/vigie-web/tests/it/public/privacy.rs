//! The privacy notice on every public form, in French, English and Arabic: the configured controller
//! and contact, the retention in force, the rights; and what an unconfigured instance says instead.

use std::sync::Arc;

use reqwest::StatusCode;
use vigie_domain::retention::RetentionPolicy;
use vigie_testkit::ServerOptions;
use vigie_web::PrivacyNotice;

use crate::public::{ReportInput, Server, get, handler, login, servers, submit_ok, test_settings};

/// `GET lang + path` (with the follow-up cookie, if any) answers 200 with one folded notice, in the
/// page's language, holding each of `says`. The page.
async fn notice_on(
    base: &str,
    lang: &str,
    path: &str,
    cookie: Option<&str>,
    says: &[&str],
) -> String {
    let page = get(base, &format!("{lang}{path}"), cookie).await;
    assert_eq!(page.status, StatusCode::OK, "{lang}{path}");
    let body = page.body;
    assert_eq!(
        body.matches("<details class=\"privacy-notice\">").count(),
        1,
        "{lang}{path}: {body}"
    );
    let summary = match lang {
        "" => "<summary>Vos données personnelles",
        "/en" => "<summary>Your personal data",
        _ => "<summary>بياناتكم الشخصية",
    };
    for part in [summary, "CNIL"].iter().chain(says) {
        assert!(body.contains(part), "{lang}{path}: {part:?} in {body}");
    }
    body
}

#[tokio::test]
async fn every_public_form_carries_the_configured_privacy_notice() {
    let mut settings = test_settings();
    settings.reports.retention = RetentionPolicy {
        after_closure_days: 45,
        after_last_activity_days: 200,
    };
    let mut opts = ServerOptions::new(settings.clone());
    opts.web.privacy = Arc::new(PrivacyNotice {
        controller_name: Some("Association Quartiers Debout".into()),
        controller_address: Some("12 rue de la Joliette, 13002 Marseille".into()),
        contact: Some("dpo@quartiers-debout.example.org".into()),
        retention: settings.reports.retention,
        ..PrivacyNotice::default()
    });
    for s in Server::all(&opts).await {
        handler(&s).await;
        let base = &s.base;
        let receipt = submit_ok(
            base,
            &ReportInput::simple("Un point de deal devant l'école"),
        )
        .await;
        let cookie = login(base, &receipt).await;
        for (lang, days) in [
            ("", ["45 jours", "200 jours"]),
            ("/en", ["45 days", "200 days"]),
            ("/ar", ["45 يومًا", "200 يوم"]),
        ] {
            let says = [
                "<bdi>Association Quartiers Debout</bdi>, <bdi>12 rue de la Joliette, 13002 Marseille</bdi>",
                "<a href=\"mailto:dpo@quartiers-debout.example.org\">",
                days[0],
                days[1],
            ];
            for path in ["/signaler", "/suivi", "/aide"] {
                notice_on(base, lang, path, None, &says).await;
            }
            // Signed in to the follow-up: the conversation (reply form) and the withdrawal.
            let follow = notice_on(base, lang, "/suivi", Some(&cookie), &says).await;
            assert!(follow.contains("/suivi/repondre\""), "{follow}");
            notice_on(base, lang, "/suivi/retirer", Some(&cookie), &says).await;
        }
    }
}

#[tokio::test]
async fn an_unconfigured_notice_names_no_one_and_reworded_texts_fall_back_to_french() {
    for s in servers().await {
        let base = &s.base;
        notice_on(
            base,
            "",
            "/signaler",
            None,
            &[
                "association qui exploite ce service",
                "Dans la conversation de votre suivi",
                "90 jours",
                "365 jours",
            ],
        )
        .await;
        let page = notice_on(
            base,
            "/en",
            "/aide",
            None,
            &["the association operating this service"],
        )
        .await;
        assert!(!page.contains("mailto:"), "{page}");
    }
    let mut opts = ServerOptions::new(test_settings());
    let mut notice = PrivacyNotice {
        contact: Some("DPO, 2 place Sadi-Carnot, 13002 Marseille".into()),
        ..PrivacyNotice::default()
    };
    notice
        .legal_basis
        .insert("fr".into(), "Base légale choisie par nos juristes.".into());
    opts.web.privacy = Arc::new(notice);
    for s in Server::all(&opts).await {
        let says = [
            "<dd lang=\"fr\" dir=\"auto\">Base légale choisie par nos juristes.</dd>",
            "<bdi>DPO, 2 place Sadi-Carnot, 13002 Marseille</bdi>, or in your follow-up conversation",
        ];
        notice_on(&s.base, "/en", "/signaler", None, &says).await;
    }
}
