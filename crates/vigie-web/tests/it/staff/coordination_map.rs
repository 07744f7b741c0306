//! The coordination's partners map over HTTP, on both databases (issue 12, item 10): structures by
//! quartier and partners by arrondissement served, counted by kind on the observatory's map with
//! the tables that give the same counts; a GET filter by kind; never a name, an address or a
//! contact, and nothing decrypted to draw it; a housing partner changes nothing on the page, even
//! when asked for; caseworkers, handlers and analysts are refused, audited (the route walk checks
//! every other role); the demonstration's map has content and never its shelter.

use reqwest::StatusCode;
use vigie_domain::Role;

use crate::staff::coordination::{AREA, coordinator};
use crate::staff::partners::{add_entry, entry_form};
use crate::staff::prevention::{add_structure, structure_fields};
use crate::staff::{CookieClient, Server, audit_head, between, member, servers};

/// The map's address.
const MAP: &str = "/espace/coordination/carte";

/// The page's content, from its heading to the end of its main part (what the map shows, without
/// the header's per-request form tokens).
async fn shown(b: &mut CookieClient, path: &str) -> String {
    let page = b.get_ok(path).await;
    between(&page, "<h1", "</main>")
}

/// The table row whose header is `head` in `page`.
fn row(page: &str, head: &str) -> String {
    between(page, &format!("<th scope=\"row\">{head}</th>"), "</tr>")
}

/// A caseworker who keeps the partner directory, and a coordinator with a structure in
/// Saint-Mauront (3rd), a sports club with no quartier in the 14th and a psychologist serving the
/// 3rd and the 14th.
async fn a_network(s: &Server) -> (CookieClient, CookieClient) {
    let (mut pierre, _) = coordinator(s, "pierre").await;
    let college = structure_fields("Collège Secret des Tests", "Mme Canari Contact", true);
    add_structure(&mut pierre, &college).await;
    let mut club = structure_fields("Club Secret des Tests", "M. Canari Club", false);
    for (k, v) in club.iter_mut() {
        match *k {
            "kind" => *v = "sports_club",
            "district" => *v = "13214",
            "neighbourhood" => *v = "",
            _ => {}
        }
    }
    add_structure(&mut pierre, &club).await;
    let mut carla = member(s, "carla", &[Role::Caseworker]).await;
    add_entry(&mut carla, &entry_form("Cabinet Secret des Tests", None)).await;
    (pierre, carla)
}

#[tokio::test]
async fn the_map_counts_by_kind_and_area_and_shows_no_name_address_or_contact() {
    for s in servers().await {
        let (mut pierre, _) = a_network(&s).await;
        let before = audit_head(&s).await.seq;
        let page = shown(&mut pierre, MAP).await;
        // Nothing was opened to draw it: not one audit entry (no `decrypted`).
        assert_eq!(audit_head(&s).await.seq, before);
        // Two maps, each drawn by the observatory's choropleth, each with its table.
        assert_eq!(page.matches("<svg").count(), 2, "{page}");
        assert!(page.contains("coord-map-structures-caption"), "{page}");
        assert!(page.contains("coord-map-partners-caption"), "{page}");
        // Structures by quartier: the collège in Saint-Mauront; the club without a quartier is
        // counted in the table (its arrondissement), not drawn.
        let college = row(&page, "Saint-Mauront, Marseille 3e Arrondissement");
        assert!(college.contains("<td>1</td>"), "{college}");
        let club = row(&page, "Marseille 14e Arrondissement (quartier non précisé)");
        assert!(club.contains("<td>1</td>"), "{club}");
        assert!(
            page.contains(
                "Structures actives comptées : 2. Quartiers où il y en a au moins une : 1. \
                 Sans quartier précisé (dans le tableau, pas sur la carte) : 1."
            ),
            "{page}"
        );
        // Partners by arrondissement served: the psychologist in the 3rd and in the 14th.
        for district in [
            "Marseille 3e Arrondissement",
            "Marseille 14e Arrondissement",
        ] {
            assert!(row(&page, district).contains("<td>1</td>"), "{district}");
        }
        assert!(
            page.contains("Organisations partenaires comptées : 1."),
            "{page}"
        );
        // Never a name, an address or a contact.
        for secret in [
            "Secret des Tests",
            "Canari",
            "04 00 00 00 42",
            "04 91 00 00 00",
            "exemple.invalid",
            "rue Imaginaire",
            "Reçoit le samedi",
        ] {
            assert!(!page.contains(secret), "{secret} on the map: {page}");
        }

        // A GET filter, without JavaScript: only schools (none), only psychologists (one).
        let page = shown(
            &mut pierre,
            &format!("{MAP}?structure=ecole&partenaire=psychologist"),
        )
        .await;
        assert!(page.contains("Structures actives comptées : 0."), "{page}");
        assert!(
            page.contains("Organisations partenaires comptées : 1."),
            "{page}"
        );
        assert!(page.contains("<option value=\"ecole\" selected>"), "{page}");
        // A kind that is not one is no filter.
        let page = shown(&mut pierre, &format!("{MAP}?structure=bunker")).await;
        assert!(page.contains("Structures actives comptées : 2."), "{page}");

        // Linked from the area's navigation, and in English at /en.
        let home = pierre.get_ok(AREA).await;
        assert!(home.contains(&format!("href=\"{MAP}\"")), "{home}");
        let page = shown(&mut pierre, &format!("/en{MAP}")).await;
        assert!(page.contains("Partners map"), "{page}");
        assert!(page.contains("Active structures counted: 2."), "{page}");
    }
}

#[tokio::test]
async fn a_housing_partner_changes_nothing_on_the_page() {
    for s in servers().await {
        let (mut pierre, mut carla) = a_network(&s).await;
        let queries = ["", "?partenaire=psychologist", "?structure=college"];
        let mut before = Vec::new();
        for q in queries {
            before.push(shown(&mut pierre, &format!("{MAP}{q}")).await);
        }
        // A shelter serving the 3rd (where the psychologist is) and the 8th (where nobody is).
        let mut shelter = entry_form("Abri Secret des Tests", None);
        shelter.kind = "housing".into();
        shelter.areas = vec!["13203".into(), "13208".into()];
        add_entry(&mut carla, &shelter).await;
        for (q, was) in queries.iter().zip(&before) {
            let now = shown(&mut pierre, &format!("{MAP}{q}")).await;
            assert_eq!(&now, was, "{q}: a housing partner changed the page");
        }
        // Asked for by hand, housing shows nothing; the filter never offers it.
        let page = shown(&mut pierre, &format!("{MAP}?partenaire=housing")).await;
        assert!(
            page.contains("Organisations partenaires comptées : 0."),
            "{page}"
        );
        assert!(!page.contains("Marseille 8e Arrondissement</th>"), "{page}");
        assert!(!page.contains("value=\"housing\""), "{page}");
        assert!(!page.contains("Hébergement, logement"), "{page}");
    }
}

#[tokio::test]
async fn caseworkers_handlers_and_analysts_are_refused_the_map_audited() {
    for s in servers().await {
        let roles = [
            ("carla", Role::Caseworker),
            ("hana", Role::Handler),
            ("anouk", Role::Analyst),
        ];
        for (name, role) in roles {
            let mut b = member(&s, name, &[role]).await;
            let before = audit_head(&s).await.seq;
            let (status, _, _) = b.get(MAP).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{name}");
            let head = audit_head(&s).await;
            assert_eq!(
                (head.seq, head.kind.as_str()),
                (before + 1, "permission_denied")
            );
            assert!(head.detail.starts_with("manage_coordination: "), "{head:?}");
        }
    }
}

#[tokio::test]
async fn the_demo_map_shows_structures_and_partners_and_never_the_demo_shelter() {
    for s in servers().await {
        let accounts = s.app.provision_demo().await.unwrap();
        assert!(s.app.provision_demo_partners().await.unwrap() > 0);
        assert!(s.app.provision_demo_prevention().await.unwrap() > 0);
        let mut b = crate::staff::demo_signed_in(&s, &accounts, "demo.prevention").await;
        let page = shown(&mut b, MAP).await;
        // The demo's nine structures, each in its quartier; its six partners that are not housing.
        assert!(page.contains("Structures actives comptées : 9."), "{page}");
        assert!(
            page.contains("Organisations partenaires comptées : 6."),
            "{page}"
        );
        assert!(row(&page, "Belle de Mai, Marseille 3e Arrondissement").contains("<td>1</td>"));
        // The demo shelter serves the 8th and the 9th: the 9th, which no other partner serves,
        // has no row, and its name appears nowhere.
        assert!(!page.contains("Marseille 9e Arrondissement</th>"), "{page}");
        assert!(!page.contains("Abri Fictif"), "{page}");
    }
}
