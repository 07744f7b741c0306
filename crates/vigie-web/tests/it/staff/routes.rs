//! Every staff route of the real router, walked over HTTP on both databases.
//!
//! The list of routes comes from the router itself (`vigie_web::staff_routes`, built from the same
//! table as the router): a route the test's table (`table.rs`) does not describe fails the test.
//! For each route and method, every staff member the policy (`vigie_domain::decide`, asked the same
//! questions as the code) refuses is refused, in French and in English: a post carries a valid token
//! signed for that form's purpose and that member's session, so that the policy answers, not the token
//! check. The answer is the 403 page and a `permission_denied` entry naming the member, the action and
//! the object. Members the policy lets in get the page. Each form refuses an empty, a forged and
//! another form's token (the CSRF page, nothing audited) from someone the policy lets in. Every
//! response carries the security headers, and no page has an inline script or style.

mod fixture;
pub(super) mod table;

use std::collections::BTreeSet;
use std::time::Instant;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use vigie_domain::Role;

use self::fixture::{Fixture, Ids, fixture};
use self::table::{Method, Route, Who, routes};
use crate::staff::audit_head;
use crate::staff::{CookieClient, Server, servers};

/// The walk's staff: one per role, and a handler outside the report's team.
const MEMBERS: [(&str, Role); 8] = [
    ("adel", Role::Admin),
    ("hana", Role::Handler),
    ("hugo", Role::Handler),
    ("cyril", Role::Custodian),
    ("chloe", Role::Caseworker),
    ("paul", Role::Partner),
    ("nadia", Role::Analyst),
    ("pierre", Role::PreventionCoordinator),
];

/// The CSP of downloads (`staff/reports/files.rs`): stricter than the pages'.
const DOWNLOAD_CSP: &str = "sandbox; default-src 'none'";

/// The headers every response carries, with their values.
const FIXED_HEADERS: [(&str, &str); 6] = [
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "same-origin"),
    ("x-frame-options", "DENY"),
    ("cross-origin-opener-policy", "same-origin"),
    ("cross-origin-resource-policy", "same-origin"),
    ("cache-control", "no-store"),
];

#[test]
fn the_walk_describes_every_staff_route_of_the_router_and_no_other() {
    check_coverage();
}

/// Fails on a route the router has and the table does not describe, or the other way round.
fn check_coverage() {
    let routed: BTreeSet<(String, String)> = vigie_web::staff_routes()
        .into_iter()
        .map(|(m, p)| (m.as_str().to_owned(), p))
        .collect();
    assert!(routed.len() > 50, "the router lists its routes: {routed:?}");
    let described: BTreeSet<(String, String)> = routes()
        .iter()
        .map(|r| (r.method.as_str().to_owned(), r.path.to_owned()))
        .collect();
    assert_eq!(
        routes().len(),
        described.len(),
        "a route is described twice"
    );
    let missing: Vec<_> = routed.difference(&described).collect();
    assert!(
        missing.is_empty(),
        "staff routes the walk does not describe (add them to routes/table.rs): {missing:?}"
    );
    let stale: Vec<_> = described.difference(&routed).collect();
    assert!(stale.is_empty(), "described but not routed: {stale:?}");
}

impl Method {
    fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

/// Sends `route`'s request to `url` with `token` (posts only) and its form.
async fn send(
    client: &mut CookieClient,
    route: &Route,
    url: &str,
    token: &str,
    ids: &Ids,
) -> (StatusCode, HeaderMap, String) {
    if route.method == Method::Get {
        return client.get(url).await;
    }
    let fields: Vec<(&str, String)> = route.form.iter().map(|(k, v)| (*k, ids.fill(v))).collect();
    if route.multipart {
        let mut form = reqwest::multipart::Form::new().text("csrf", token.to_owned());
        for (k, v) in fields {
            form = form.text(k, v);
        }
        return client.post_multipart(url, form).await;
    }
    let mut pairs = vec![("csrf", token)];
    pairs.extend(fields.iter().map(|(k, v)| (*k, v.as_str())));
    client.post(url, &pairs).await
}

/// The security headers of every response, and no inline script or style in a page.
fn assert_headers(what: &str, headers: &HeaderMap, body: &str) {
    let get = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_else(|| panic!("{what}: no {name}"))
    };
    let csp = get("content-security-policy");
    assert!(
        csp == vigie_web::CONTENT_SECURITY_POLICY || csp == DOWNLOAD_CSP,
        "{what}: CSP {csp}"
    );
    assert!(
        csp.contains("script-src 'none'") || csp.contains("default-src 'none'"),
        "{what}: scripts allowed by {csp}"
    );
    assert!(!csp.contains("unsafe"), "{what}: {csp}");
    for (name, value) in FIXED_HEADERS {
        assert_eq!(get(name), value, "{what}: {name}");
    }
    assert!(get("permissions-policy").contains("camera=()"), "{what}");
    assert!(
        !body.contains("<script") && !body.contains(" style=") && !body.contains("<style"),
        "{what}: inline script or style"
    );
}

/// The language's page titles: the policy's refusal, the token's.
fn titles(lang: &str) -> (&'static str, &'static str) {
    if lang.is_empty() {
        ("Accès refusé", "Formulaire expiré ou invalide")
    } else {
        ("Access denied", "Form expired or invalid")
    }
}

/// What the walk did: the cases it checked.
#[derive(Debug, Default)]
struct Counts {
    /// (route, member, method) refused by the policy, in French (as many again in English).
    refused: usize,
    /// (route, member) let in by the policy, a GET, in French (as many again in English).
    allowed: usize,
    /// (form, bad token).
    tokens: usize,
}

/// Every route, for every member: refused with a valid token when the policy refuses, the page when
/// it lets in (GETs; a post it lets in would act).
async fn walk_the_policy(s: &Server, fx: &mut Fixture, counts: &mut Counts) {
    let ids = fx.ids;
    for route in routes() {
        let path = ids.path(route.path, &fx.part);
        for lang in ["", "/en"] {
            let url = format!("{lang}{path}");
            let (denied_title, csrf_title) = titles(lang);
            let lone = match route.who {
                Who::Anyone => Some(&mut fx.anyone),
                Who::Pending => Some(&mut fx.pending),
                Who::Staff => None,
            };
            if let Some(client) = lone {
                if route.method == Method::Get {
                    let (status, headers, body) = send(client, &route, &url, "", &ids).await;
                    assert_eq!(status.as_u16(), route.allowed, "GET {url}: {body}");
                    assert_headers(&format!("GET {url}"), &headers, &body);
                }
                continue;
            }
            for m in &mut fx.members {
                let what = format!("{} {url} by {}", route.method.as_str(), m.name);
                let Some((action, object)) = ids.refusal(&route, &m.principal) else {
                    if route.method == Method::Get {
                        let (status, headers, body) =
                            send(&mut m.client, &route, &url, "", &ids).await;
                        assert_eq!(status.as_u16(), route.allowed, "{what}: {body}");
                        assert_headers(&what, &headers, &body);
                        counts.allowed += usize::from(lang.is_empty());
                    }
                    continue;
                };
                let token = ids
                    .purpose(route.purpose)
                    .map(|p| m.client.token_for(&s.app, &p))
                    .unwrap_or_default();
                let before = audit_head(s).await.seq;
                let (status, headers, body) = send(&mut m.client, &route, &url, &token, &ids).await;
                assert_eq!(status, StatusCode::FORBIDDEN, "{what}: {body}");
                assert!(
                    body.contains(denied_title) && !body.contains(csrf_title),
                    "{what}: the policy answers: {body}"
                );
                assert_headers(&what, &headers, &body);
                let entry = audit_head(s).await;
                assert_eq!(entry.seq, before + 1, "{what}: one entry: {entry:?}");
                assert_eq!(
                    (
                        entry.kind.as_str(),
                        entry.actor.clone(),
                        entry.object.clone()
                    ),
                    (
                        "permission_denied",
                        format!("staff:{}", m.principal.id),
                        object
                    ),
                    "{what}"
                );
                assert!(
                    entry.detail.starts_with(&format!("{}: ", action.as_str())),
                    "{what}: {entry:?}"
                );
                counts.refused += usize::from(lang.is_empty());
            }
        }
    }
}

/// Every form, from someone the policy lets in: an empty, a forged and another form's token are
/// refused by the token check (the CSRF page), and nothing is audited.
async fn walk_the_tokens(s: &Server, fx: &mut Fixture, counts: &mut Counts) {
    let ids = fx.ids;
    for route in routes().into_iter().filter(|r| r.method == Method::Post) {
        let url = ids.path(route.path, &fx.part);
        let purpose = ids.purpose(route.purpose).expect("a form has a purpose");
        let client = match route.who {
            Who::Anyone => &mut fx.anyone,
            Who::Pending => &mut fx.pending,
            Who::Staff => {
                let m = fx
                    .members
                    .iter_mut()
                    .find(|m| ids.refusal(&route, &m.principal).is_none())
                    .unwrap_or_else(|| panic!("nobody may post {url}"));
                &mut m.client
            }
        };
        let bad = [
            ("an empty token", String::new()),
            ("a forged token", client.forged_token_for(&s.app, &purpose)),
            (
                "another form's token",
                client.token_for(&s.app, &ids.other_purpose(route.purpose)),
            ),
        ];
        for (which, token) in bad {
            let what = format!("POST {url} with {which}");
            let before = audit_head(s).await.seq;
            let (status, headers, body) = send(client, &route, &url, &token, &ids).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{what}: {body}");
            assert!(
                body.contains(titles("").1),
                "{what}: the token check answers: {body}"
            );
            assert_headers(&what, &headers, &body);
            assert_eq!(audit_head(s).await.seq, before, "{what}: nothing audited");
            counts.tokens += 1;
        }
    }
}

#[tokio::test]
async fn every_staff_route_refuses_whom_the_policy_refuses_and_every_form_a_bad_token() {
    check_coverage();
    for s in servers().await {
        let started = Instant::now();
        let mut fx = fixture(&s).await;
        let mut counts = Counts::default();
        walk_the_policy(&s, &mut fx, &mut counts).await;
        walk_the_tokens(&s, &mut fx, &mut counts).await;
        // The walk cannot silently shrink to nothing: three bad tokens for every form, and most of
        // the area refused to most members.
        let forms = routes().iter().filter(|r| r.method == Method::Post).count();
        assert_eq!(counts.tokens, 3 * forms, "{counts:?}");
        assert!(counts.refused >= 250 && counts.allowed >= 30, "{counts:?}");
        eprintln!(
            "staff routes on {}: {counts:?} in {:.1} s",
            s.backend(),
            started.elapsed().as_secs_f64()
        );
        assert!(s.app.verify_audit().await.unwrap().is_ok());
    }
}
