//! The partners' charter over HTTP, on both databases: a partner account that has not accepted the
//! current version is sent to the charter from every staff page and form (in French and in
//! English), whatever the page; it accepts the charter (the day stored, the acceptance audited) and
//! then reaches the staff area and its own space.

use reqwest::StatusCode;
use vigie_domain::Role;
use vigie_domain::partner::CHARTER_VERSION;
use vigie_testkit::assert_shows;

use super::routes::table::{Method, Who, routes};
use crate::staff::{account, assert_newest_on, location, servers, signed_in};

/// The charter's page.
const CHARTER: &str = "/espace/partenaire/charte";

#[tokio::test]
async fn a_partner_reaches_nothing_before_accepting_the_charter() {
    for s in servers().await {
        let pw = s.user("paul", &[Role::Partner]).await;
        // The first sign-in replaces the one-time password first (that page comes before the
        // charter), then the charter comes before anything else.
        let mut paul = signed_in(&s, "paul", &pw).await;
        let id = account(&s, "paul").await.id;
        let mut walked = 0;
        for route in routes() {
            let exempt = route.path == CHARTER || route.path == "/espace/deconnexion";
            if route.who != Who::Staff || exempt {
                continue;
            }
            let path = route
                .path
                .replace("{id}", &uuid::Uuid::new_v4().to_string())
                .replace("{part}", &uuid::Uuid::new_v4().to_string());
            for lang in ["", "/en"] {
                let url = format!("{lang}{path}");
                // A post carries a token of the right shape: the charter is asked before it.
                let token = paul.token_for(&s.app, "partners");
                let (status, headers, body) = match route.method {
                    Method::Get => paul.get(&url).await,
                    Method::Post => paul.post(&url, &[("csrf", &token)]).await,
                };
                assert_eq!(status, StatusCode::SEE_OTHER, "{url}: {body}");
                assert_eq!(location(&headers), format!("{lang}{CHARTER}"), "{url}");
                walked += 1;
            }
        }
        assert!(walked > 100, "every staff route: {walked}");
        assert_eq!(s.app.charter_status(id).await.unwrap(), None);

        // The charter, in both languages, with its form.
        let page = paul.get_ok(&format!("/en{CHARTER}")).await;
        assert!(page.contains("Professional secrecy") && page.contains("I accept the charter"));
        let page = paul.get_ok(CHARTER).await;
        assert_shows(
            &page,
            &[
                "Charte des partenaires",
                &format!("Version {CHARTER_VERSION}"),
                "Secret professionnel",
                "Pas de copie, pas d",
                "Ce que vous voyez, et pourquoi",
            ],
        );
        let token = crate::staff::form_token(&page, CHARTER);
        let to = paul.post_see_other(CHARTER, &[("csrf", &token)]).await;
        assert_eq!(to, "/espace/partenaire?fait=charte");
        assert_newest_on(&s, "charter_accepted", &format!("user:{id}")).await;
        let today =
            vigie_domain::time::day_string(vigie_domain::time::paris_day(s.app.clock().now()));
        assert_eq!(
            s.app.charter_status(id).await.unwrap(),
            Some((CHARTER_VERSION, today.clone()))
        );

        // Then the staff area opens, and the partner's space says what it holds.
        let space = paul.get_ok(&to).await;
        assert_shows(
            &space,
            &[
                "Charte acceptée. Merci.",
                "Orientations reçues",
                "Aucune orientation pour le moment.",
                "encore lié à aucune fiche",
                today.as_str(),
            ],
        );
        for page in ["/espace", "/espace/mot-de-passe", "/en/espace/partenaire"] {
            paul.get_ok(page).await;
        }
        let (_, _, page) = paul.get(CHARTER).await;
        assert!(page.contains("Vous avez accepté cette version"), "{page}");
        assert!(
            !page.contains(&format!("action=\"{CHARTER}\"")),
            "no form any more: {page}"
        );
        // Still a partner: the rest of the area is refused by the policy, not by the charter.
        paul.get_expect("/espace/accompagnement/partenaires", StatusCode::FORBIDDEN)
            .await;
    }
}
