//! Referrals over HTTP, on both databases: a caseworker refers a file to a partner within the
//! person's consent (or overrides it with a reason), the partner reads only the chosen details,
//! accepts, writes a follow-up and finishes; once closed, or revoked, or when the person withdraws
//! their consent to sharing from `/suivi`, the partner reads nothing (403, audited); the extract
//! never reaches the disk in clear.

use reqwest::StatusCode;
use vigie_domain::Role;
use vigie_testkit::assert_shows;
use vigie_testkit::canary::Canaries;

use crate::staff::case_files::{CONSENTS, file_from_request};
use crate::staff::{CookieClient, Server, form_token, servers, signed_in};

/// Posts a form of the page at `page` and returns where it redirected (or the page, on 422).
pub(crate) async fn post_on(
    b: &mut CookieClient,
    page: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, String) {
    let (_, _, body) = b.get(page).await;
    let token = form_token(&body, page);
    let mut all = vec![("csrf", token.as_str())];
    all.extend_from_slice(fields);
    let (status, _, body) = b.post(page, &all).await;
    (status, body)
}

/// What the referral tests start from: cass, a caseworker of the help requests' team, holds a file
/// opened from a help request (its follow-up code kept), with a situation, a canary address and the
/// person's consent to sharing with psychologists; paula, a partner who accepted the charter.
pub(crate) struct Referable {
    pub cass: CookieClient,
    /// The file's page.
    pub file: String,
    /// paula's account id.
    pub paula: String,
    pub paula_pw: String,
    /// The help request's follow-up code.
    pub receipt: String,
    /// The address on the file (never in an extract chosen without it).
    pub address: String,
}

pub(crate) async fn referable(s: &Server) -> Referable {
    let pw = crate::staff::help_link::casework_team(s).await;
    let paula_pw = s.user("paula", &[Role::Partner]).await;
    let paula = s
        .app
        .store()
        .user_by_name("paula")
        .await
        .unwrap()
        .unwrap()
        .id
        .to_string();
    let receipt =
        crate::staff::case_files::ask_for_psychological_help(s, "victim", "no_rush").await;
    let tag = uuid::Uuid::new_v4().simple().to_string();
    let address = format!("Adresse-non-transmise-{tag}");
    let mut cass = signed_in(s, "cass", &pw).await;
    let file = file_from_request(&mut cass, "Personne Fictive-Orientée", "direct_victim").await;
    for fields in [
        &[
            ("quoi", "detail"),
            ("champ", "situation"),
            ("valeur", "Situation transmise."),
        ][..],
        &[
            ("quoi", "detail"),
            ("champ", "address"),
            ("valeur", address.as_str()),
        ][..],
        CONSENTS,
    ] {
        let (status, _) = post_on(&mut cass, &file, fields).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{fields:?}");
    }
    // The partner accepted the charter (else every page sends her to it).
    s.app
        .accept_charter(&s.app.principal(paula.parse().unwrap()).await.unwrap())
        .await
        .unwrap();
    Referable {
        cass,
        file,
        paula,
        paula_pw,
        receipt: receipt.as_str().to_owned(),
        address,
    }
}

/// The addresses of the referrals on a partner's list page.
pub(crate) fn referral_links(list: &str) -> Vec<String> {
    list.split(r#"<a href="/espace/partenaire/orientations/"#)
        .skip(1)
        .map(|p| {
            format!(
                "/espace/partenaire/orientations/{}",
                p.split('"').next().unwrap_or_default()
            )
        })
        .collect()
}

#[tokio::test]
async fn a_partner_reads_only_what_was_referred_and_only_while_it_is_open() {
    for s in servers().await {
        let handler_pw = s.user("hana", &[Role::Handler]).await;
        let Referable {
            mut cass,
            file,
            paula,
            paula_pw,
            receipt,
            address,
        } = referable(&s).await;
        let tag = uuid::Uuid::new_v4().simple().to_string();
        let reason = format!("Motif-canari-{tag}");
        // A lawyer was not consented to: refused with what to do, then allowed with a reason.
        let lawyer = [
            ("quoi", "orientation"),
            ("partenaire", paula.as_str()),
            ("type", "lawyer"),
            ("champ", "name"),
            ("motif", "Conseil juridique."),
        ];
        cass.submit_refused(&file, &lawyer, &["passer outre"]).await;
        cass.submit_see_other(
            &file,
            &[
                &lawyer[..],
                &[("passer_outre", "Urgence juridique, personne injoignable.")],
            ]
            .concat(),
        )
        .await;
        // The psychologist gets the name and the situation, not the address.
        cass.submit_see_other(
            &file,
            &[
                ("quoi", "orientation"),
                ("partenaire", &paula),
                ("type", "psychologist"),
                ("champ", "name"),
                ("champ", "situation"),
                ("motif", &reason),
            ],
        )
        .await;
        let (_, _, page) = cass.get(&file).await;
        assert_eq!(page.matches("proposée").count(), 2, "{page}");

        let mut paula_b = signed_in(&s, "paula", &paula_pw).await;
        let (status, headers, mine) = paula_b.get("/espace/partenaire/orientations").await;
        assert_eq!(status, StatusCode::OK, "{headers:?} {mine}");
        let links = referral_links(&mine);
        assert_eq!(links.len(), 2, "{mine}");
        let mut psy = None;
        let mut law = None;
        for path in links {
            let body = paula_b.get_ok(&path).await;
            assert!(!body.contains(&address), "{body}");
            if body.contains(&reason) {
                assert!(body.contains("Situation transmise."), "{body}");
                psy = Some(path);
            } else {
                law = Some(path);
            }
        }
        let (psy, law) = (psy.unwrap(), law.unwrap());
        paula_b
            .submit_see_other(&psy, &[("quoi", "accepter")])
            .await;
        paula_b
            .submit_see_other(
                &psy,
                &[("quoi", "note"), ("texte", "Première séance faite.")],
            )
            .await;
        // The caseworker reads the partner's note.
        let seen = cass.get_ok(&psy).await;
        assert!(seen.contains("Première séance faite."), "{seen}");
        paula_b
            .submit_see_other(&psy, &[("quoi", "terminer"), ("issue", "completed")])
            .await;
        // Closed: the partner reads nothing more, and the refusal is audited.
        assert_eq!(paula_b.get(&psy).await.0, StatusCode::FORBIDDEN);
        let chain = s.app.store().audit_chain().await.unwrap();
        assert!(
            chain
                .iter()
                .any(|e| e.kind == "permission_denied" && e.detail.contains("referral closed"))
        );

        // The person withdraws sharing from /suivi: the open referral (the lawyer's) is revoked.
        let mut person = CookieClient::keeping(&s.base, "vigie_suivi");
        person.submit("/suivi", &[("receipt", &receipt)]).await;
        let (status, _) = post_on(&mut person, "/suivi/consentements", &[("partage", "1")]).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(paula_b.get(&law).await.0, StatusCode::FORBIDDEN);
        // As when a caseworker revokes: the partner's slot is gone and a key generation they
        // never held has started.
        let file_id: vigie_domain::FileId = file.rsplit('/').next().unwrap().parse().unwrap();
        for r in s.app.store().referrals_of_file(file_id).await.unwrap() {
            let slots = s.app.store().referral_slots(r.id).await.unwrap();
            let newest = slots.iter().map(|x| x.key_generation).max().unwrap();
            assert!(newest > 0, "{:?}: a new generation", r.status);
            assert!(
                slots
                    .iter()
                    .all(|x| !matches!(x.holder, vigie_domain::KeyHolder::User(_))),
                "{:?}: no partner slot left",
                r.status
            );
        }
        let (_, _, page) = cass.get(&file).await;
        assert_shows(&page, &["retirée", "terminée"]);

        // A handler has no referrals to list.
        let mut hana = signed_in(&s, "hana", &handler_pw).await;
        assert_eq!(
            hana.get("/espace/partenaire/orientations").await.0,
            StatusCode::FORBIDDEN
        );

        let mut canaries = Canaries::new();
        canaries.add("reason", &reason).add("address", &address);
        canaries.assert_absent(&s.evidence().with_log());
    }
}
