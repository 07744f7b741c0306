//! A referral's life over HTTP, on both databases: one still proposed after
//! `[casework] referral_expiry_days` expires in the housekeeping (the clock moved forward), its
//! partner then reads nothing, while an accepted one stays; a caseworker updates an open extract
//! (the partner reads the newest with its number, the caseworkers every version); partners' notes
//! are never clinical unless the instance enables health notes; a partner without an account
//! receives the extract as an age file, under the same consent check, never in clear on disk.

use std::time::Duration;
use vigie_testkit::assert_shows;

use reqwest::StatusCode;
use vigie_domain::{KeyHolder, ReferralId};
use vigie_testkit::canary::Canaries;

use crate::staff::referrals::{Referable, post_on, referable, referral_links};
use crate::staff::{
    CookieClient, Server, audit, form_token, raw, servers, servers_with, signed_in, test_settings,
};

/// Proposes a referral of the fixture's file to paula as a psychologist, with `fields`.
async fn refer(r: &mut Referable, reason: &str, fields: &[&str]) {
    let mut form = vec![
        ("quoi", "orientation"),
        ("partenaire", r.paula.as_str()),
        ("type", "psychologist"),
        ("motif", reason),
    ];
    form.extend(fields.iter().map(|f| ("champ", *f)));
    r.cass.submit_see_other(&r.file, &form).await;
}

/// paula, signed in, and the addresses of her referrals.
async fn paula_in(s: &Server, r: &Referable) -> (CookieClient, Vec<String>) {
    let mut paula = signed_in(s, "paula", &r.paula_pw).await;
    let (_, _, list) = paula.get("/espace/partenaire/orientations").await;
    let links = referral_links(&list);
    (paula, links)
}

fn referral_id(path: &str) -> ReferralId {
    path.rsplit('/').next().unwrap().parse().unwrap()
}

#[tokio::test]
async fn an_unanswered_referral_expires_in_the_housekeeping_and_its_partner_reads_nothing_more() {
    let mut settings = test_settings();
    // The clock moves a month: the staff sessions must outlive it.
    settings.session_idle = Duration::from_secs(90 * 86_400);
    settings.session_absolute = Duration::from_secs(90 * 86_400);
    for s in servers_with(settings.clone(), false).await {
        let mut r = referable(&s).await;
        refer(&mut r, "Première orientation.", &["name"]).await;
        refer(&mut r, "Seconde orientation.", &["name"]).await;
        let (mut paula, links) = paula_in(&s, &r).await;
        assert_eq!(links.len(), 2);
        // paula accepts one; the other waits.
        paula
            .submit_see_other(&links[0], &[("quoi", "accepter")])
            .await;
        let (accepted, waiting) = (links[0].clone(), links[1].clone());

        // 29 days on: nothing expires yet.
        s.app.clock().advance(29 * 86_400);
        assert_eq!(s.app.housekeep_casework().await.unwrap(), 0);
        assert_eq!(paula.get(&waiting).await.0, StatusCode::OK);
        // The 30th day: the waiting one expires, once, whichever instance runs the job.
        s.app.clock().advance(86_400);
        assert_eq!(s.app.housekeep_casework().await.unwrap(), 1);
        assert_eq!(s.app.housekeep_casework().await.unwrap(), 0, "leased");
        s.app.clock().advance(3_600);
        assert_eq!(s.app.housekeep_casework().await.unwrap(), 0, "done");

        paula.get_expect(&waiting, StatusCode::FORBIDDEN).await;
        assert_eq!(paula.get(&accepted).await.0, StatusCode::OK);
        let (_, _, list) = paula.get("/espace/partenaire/orientations").await;
        assert!(list.contains("expirée"), "{list}");
        assert_eq!(
            referral_links(&list),
            vec![accepted.clone()],
            "a closed one is not linked"
        );
        let (_, _, page) = r.cass.get(&r.file).await;
        assert_shows(&page, &["expirée", "acceptée"]);
        // Exactly as revoking: no slot of paula's, a key generation she never held.
        let id = referral_id(&waiting);
        let slots = s.app.store().referral_slots(id).await.unwrap();
        let paula_holder = KeyHolder::User(r.paula.parse().unwrap());
        assert!(slots.iter().all(|s| s.holder != paula_holder), "{slots:?}");
        assert_eq!(slots.iter().map(|s| s.key_generation).max(), Some(1));
        let entry = audit(&s)
            .await
            .into_iter()
            .rfind(|e| e.object == format!("referral:{id}") && e.kind == "referral_changed")
            .unwrap();
        assert_eq!(
            (
                entry.kind.as_str(),
                entry.actor.as_str(),
                entry.detail.as_str()
            ),
            ("referral_changed", "system", "expired: unanswered")
        );
    }
}

#[tokio::test]
async fn a_caseworker_updates_an_extract_and_the_partner_reads_the_newest_version() {
    for s in servers().await {
        let mut r = referable(&s).await;
        let tag = uuid::Uuid::new_v4().simple().to_string();
        let (first, second) = (format!("Motif-v1-{tag}"), format!("Motif-v2-{tag}"));
        refer(&mut r, &first, &["name"]).await;
        let (mut paula, links) = paula_in(&s, &r).await;
        let page = links[0].clone();
        let (_, _, seen) = paula.get(&page).await;
        assert_shows(&seen, &["version 1", &first]);
        assert!(!seen.contains("Situation transmise."));

        // The caseworker finds the referral from the file and writes version 2.
        let (_, _, file) = r.cass.get(&r.file).await;
        assert!(file.contains(&format!("href=\"{page}\"")), "{file}");
        r.cass
            .submit_see_other(
                &page,
                &[
                    ("quoi", "extrait"),
                    ("champ", "name"),
                    ("champ", "situation"),
                    ("motif", &second),
                ],
            )
            .await;
        // A detail outside the template is refused, beside the form.
        r.cass
            .submit_expect(
                &page,
                &[("quoi", "extrait"), ("champ", "flags"), ("motif", &second)],
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;

        let (_, _, seen) = paula.get(&page).await;
        assert_shows(&seen, &["version 2", &second]);
        assert!(seen.contains("Situation transmise."), "{seen}");
        assert!(!seen.contains(&first), "the partner reads the newest only");
        assert!(!seen.contains(&r.address));
        let (_, _, theirs) = r.cass.get(&page).await;
        assert_shows(&theirs, &[&first, &second, "version 1"]);
        // The partner cannot write the extract.
        paula
            .submit_expect(
                &page,
                &[("quoi", "extrait"), ("champ", "name"), ("motif", "Non.")],
                StatusCode::FORBIDDEN,
            )
            .await;

        // Notes: a session took place; a clinical note is not offered here, and refused if forged.
        assert!(!seen.contains("type-clinical"), "{seen}");
        paula
            .submit_expect(
                &page,
                &[
                    ("quoi", "note"),
                    ("type", "clinical"),
                    ("texte", "Diagnostic."),
                ],
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        paula
            .submit_see_other(
                &page,
                &[
                    ("quoi", "note"),
                    ("type", "session"),
                    ("texte", "Vue ce jour."),
                ],
            )
            .await;
        let (_, _, theirs) = r.cass.get(&page).await;
        assert!(theirs.contains("Une séance a eu lieu") && theirs.contains("Vue ce jour."));
        assert!(!theirs.contains("Diagnostic."));

        let mut canaries = Canaries::new();
        canaries.add("first", &first).add("second", &second);
        canaries.assert_absent(&s.evidence().with_log());
    }
}

#[tokio::test]
async fn with_health_notes_on_a_partner_may_write_a_clinical_note() {
    let mut settings = test_settings();
    settings.casework.health_notes = true;
    for s in servers_with(settings.clone(), false).await {
        let mut r = referable(&s).await;
        refer(&mut r, "Orientation.", &["name"]).await;
        let (mut paula, links) = paula_in(&s, &r).await;
        let (_, _, seen) = paula.get(&links[0]).await;
        assert!(seen.contains("id=\"type-clinical\""), "{seen}");
        let tag = uuid::Uuid::new_v4().simple().to_string();
        let note = format!("Note-clinique-{tag}");
        paula
            .submit_see_other(
                &links[0],
                &[("quoi", "note"), ("type", "clinical"), ("texte", &note)],
            )
            .await;
        let (_, _, theirs) = r.cass.get(&links[0]).await;
        assert!(theirs.contains("Note clinique") && theirs.contains(&note));
        let mut canaries = Canaries::new();
        canaries.add("clinical", &note);
        canaries.assert_absent(&s.evidence().with_log());
    }
}

#[tokio::test]
async fn a_partner_without_an_account_gets_the_extract_as_an_age_file_within_the_consent() {
    for s in servers().await {
        let mut r = referable(&s).await;
        // The person asks that the extract never reach the Cabinet Dupont.
        let (status, _) = post_on(
            &mut r.cass,
            &r.file,
            &[
                ("quoi", "consentement"),
                ("par", "person"),
                ("jour", "2026-02-01"),
                ("services", "1"),
                ("destinataire", "psychologist"),
                ("jamais", "Cabinet Dupont"),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let key = age::x25519::Identity::generate();
        let recipient = key.to_public().to_string();
        let tag = uuid::Uuid::new_v4().simple().to_string();
        let reason = format!("Motif-age-{tag}");
        let (_, _, page) = r.cass.get(&r.file).await;
        assert!(
            page.contains("ne peut plus être rappelé"),
            "the form says so: {page}"
        );
        let action = format!("{}/extrait-age", r.file);
        let token = form_token(&page, &action);
        let post = |key: &str, kind: &str, name: &str, over: &str| {
            vec![
                ("csrf".to_owned(), token.clone()),
                ("destinataire".to_owned(), key.to_owned()),
                ("type".to_owned(), kind.to_owned()),
                ("nom".to_owned(), name.to_owned()),
                ("detail".to_owned(), "name".to_owned()),
                ("detail".to_owned(), "situation".to_owned()),
                ("motif".to_owned(), reason.clone()),
                ("passer_outre".to_owned(), over.to_owned()),
            ]
        };
        let send = async |b: &CookieClient, form: Vec<(String, String)>| {
            let form: Vec<(&str, &str)> =
                form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            raw(b, &action, Some(&form)).await
        };
        // A key that is not an age key, a kind not consented to, a name on the never-share list:
        // each refused with what to fix, nothing recorded.
        for (form, says) in [
            (
                post("ssh-ed25519 AAAA", "psychologist", "Mme Martin", ""),
                "(elle commence par age1)",
            ),
            (
                post(&recipient, "lawyer", "Maître Martin", ""),
                "nom sur la liste",
            ),
            (
                post(&recipient, "psychologist", "Cabinet Dupont, Marseille", ""),
                "nom sur la liste",
            ),
        ] {
            let resp = send(&r.cass, form).await;
            assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
            let body = resp.text().await.unwrap();
            assert!(body.contains(says), "{says}: {body}");
        }
        let resp = send(&r.cass, post(&recipient, "psychologist", "Mme Martin", "")).await;
        assert_eq!(resp.status(), StatusCode::OK);
        let disposition = resp.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(disposition.starts_with("attachment"), "{disposition}");
        let bytes = resp.bytes().await.unwrap();
        assert!(
            !String::from_utf8_lossy(&bytes).contains(&reason),
            "sealed for the key"
        );
        let files = crate::staff::reports::files::decrypt_tar(&key, &bytes);
        assert_eq!(files.len(), 1);
        let text = String::from_utf8(files[0].1.clone()).unwrap();
        assert_eq!(files[0].0, "orientation.txt");
        assert!(
            text.contains(&reason)
                && text.contains("Personne Fictive-Orientée")
                && text.contains("Situation transmise.")
                && !text.contains(&r.address),
            "{text}"
        );
        // The override lets it go to the listed name, with a reason.
        let resp = send(
            &r.cass,
            post(
                &recipient,
                "psychologist",
                "Cabinet Dupont",
                "Seul psychologue disponible.",
            ),
        )
        .await;
        assert_eq!(resp.status(), StatusCode::OK);
        // Recorded on the file, audited as exports.
        let (_, _, page) = r.cass.get(&r.file).await;
        assert!(page.contains("sans consentement, raison donnée"), "{page}");
        let exports = crate::staff::audit_details(&s, "exported").await;
        assert_eq!(
            exports,
            vec![
                "age extract".to_owned(),
                "age extract without consent (override, reason given)".to_owned()
            ]
        );
        let mut canaries = Canaries::new();
        canaries.add("reason", &reason).add("address", &r.address);
        canaries.assert_absent(&s.evidence().with_log());
    }
}
