//! The public skeleton through a real server on 127.0.0.1: pages, languages,
//! security headers, assets, error pages and the request log.

use std::net::SocketAddr;

use axum::Router;
use axum::extract::FromRef;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use vigie_testkit::client;
use vigie_testkit::logs::LogCapture;
use vigie_web::{WebConfig, skeleton_routes, with_skeleton_layers};

#[derive(Clone)]
struct TestState {
    web: WebConfig,
}

impl FromRef<TestState> for WebConfig {
    fn from_ref(s: &TestState) -> WebConfig {
        s.web.clone()
    }
}

fn config(demo: bool, onion: Option<&str>) -> WebConfig {
    WebConfig {
        demo,
        onion_location: onion.map(str::to_owned),
        secure_cookies: false,
        version: "9.8.7-test",
        public_url: None,
        privacy: Default::default(),
    }
}

/// Starts the skeleton on a free port; returns its base URL.
async fn serve(web: WebConfig) -> String {
    vigie_testkit::logs::install();
    let app: Router = with_skeleton_layers(skeleton_routes::<TestState>(), web.clone())
        .with_state(TestState { web });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr: SocketAddr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}")
}

async fn get(base: &str, path: &str) -> (StatusCode, HeaderMap, String) {
    let response = client().get(format!("{base}{path}")).send().await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    (status, headers, response.text().await.unwrap())
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).map(|v| v.to_str().unwrap())
}

const SECURITY_HEADERS: [(&str, &str); 7] = [
    (
        "content-security-policy",
        "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' data:; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    ),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "same-origin"),
    ("x-frame-options", "DENY"),
    ("cross-origin-opener-policy", "same-origin"),
    ("cross-origin-resource-policy", "same-origin"),
    (
        "permissions-policy",
        "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    ),
];

fn assert_security_headers(path: &str, headers: &HeaderMap) {
    for (name, value) in SECURITY_HEADERS {
        assert_eq!(header(headers, name), Some(value), "{name} on {path}");
    }
    assert!(headers.get("set-cookie").is_none(), "Set-Cookie on {path}");
}

fn assert_clean_html(path: &str, body: &str) {
    assert!(body.starts_with("<!DOCTYPE html>"), "{path}");
    assert!(!body.contains("<script"), "script on {path}");
    assert!(!body.contains("style="), "inline style on {path}");
    assert!(!body.contains("<style"), "style element on {path}");
    assert!(body.contains(r#"<link rel="stylesheet" href="/static/vigie.css">"#));
    assert!(body.contains(r#"<main id="contenu" tabindex="-1">"#));
    assert!(body.contains(r#"<header role="banner""#));
    assert!(body.contains(r#"<footer role="contentinfo""#));
}

#[tokio::test]
async fn french_and_english_home_pages() {
    let base = serve(config(false, None)).await;

    let (status, headers, body) = get(&base, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        header(&headers, "content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_clean_html("/", &body);
    assert!(body.contains(r#"<html lang="fr" dir="ltr">"#));
    assert!(body.contains("En cas de danger immédiat, appelez le 17 ou le 112."));
    assert!(body.contains(r##"<a class="skip-link" href="#contenu">Aller au contenu</a>"##));
    let skip = body.find("skip-link").unwrap();
    assert!(skip < body.find("<header").unwrap(), "skip link first");
    assert!(body.contains(r#"href="/en/" hreflang="en" lang="en">English</a>"#));
    assert!(body.contains(r#"<nav class="site-nav" aria-label="Navigation principale">"#));
    for link in ["/signaler", "/aide", "/suivi", "/observatoire"] {
        assert!(body.contains(&format!(r#"href="{link}""#)), "{link}");
    }
    assert!(body.contains(r#"href="/" aria-current="page""#));

    for path in ["/en/", "/en"] {
        let (status, _, body) = get(&base, path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_clean_html(path, &body);
        assert!(body.contains(r#"<html lang="en" dir="ltr">"#));
        assert!(body.contains("If you are in immediate danger, call 17 or 112."));
        assert!(body.contains(r#"href="/en/signaler""#));
        assert!(body.contains(r#"href="/" hreflang="fr" lang="fr">Français</a>"#));
    }
}

#[tokio::test]
async fn security_headers_everywhere_and_no_store_except_static() {
    let base = serve(config(false, None)).await;
    for path in [
        "/",
        "/en/",
        "/nulle-part",
        "/en/nowhere",
        "/healthz",
        "/favicon.ico",
    ] {
        let (_, headers, _) = get(&base, path).await;
        assert_security_headers(path, &headers);
        assert_eq!(
            header(&headers, "cache-control"),
            Some("no-store"),
            "{path}"
        );
        assert!(headers.get("onion-location").is_none(), "{path}");
    }
    let (status, headers, css) = get(&base, "/static/vigie.css").await;
    assert_eq!(status, StatusCode::OK);
    assert_security_headers("/static/vigie.css", &headers);
    assert_eq!(
        header(&headers, "content-type"),
        Some("text/css; charset=utf-8")
    );
    assert_eq!(
        header(&headers, "cache-control"),
        Some("public, max-age=3600")
    );
    assert!(css.contains(":focus-visible"));
}

#[tokio::test]
async fn health_and_favicon() {
    let base = serve(config(false, None)).await;
    let (status, headers, body) = get(&base, "/healthz").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, "ok 9.8.7-test");
    assert!(
        header(&headers, "content-type")
            .unwrap()
            .starts_with("text/plain")
    );

    let (status, _, body) = get(&base, "/favicon.ico").await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert!(body.is_empty());
}

#[tokio::test]
async fn not_found_is_localized() {
    let base = serve(config(false, None)).await;
    let (status, headers, body) = get(&base, "/nulle-part?x=1").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(
        header(&headers, "content-type")
            .unwrap()
            .starts_with("text/html")
    );
    assert_clean_html("404 fr", &body);
    assert!(body.contains(r#"lang="fr""#));
    assert!(body.contains("Page introuvable"));
    assert!(body.contains("Erreur 404"));
    assert!(!body.contains("aria-current"));

    let (status, _, body) = get(&base, "/en/nowhere").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains(r#"<html lang="en""#));
    assert!(body.contains("Page not found"));
    assert!(body.contains("Error 404"));
}

#[tokio::test]
async fn demo_banner_only_in_demo_mode() {
    let banner = "Démonstration : données fictives, ne signalez rien de réel ici.";
    let base = serve(config(false, None)).await;
    let (_, _, body) = get(&base, "/").await;
    assert!(!body.contains("banner-demo"));
    assert!(!body.contains(banner));

    let base = serve(config(true, None)).await;
    let (_, _, body) = get(&base, "/").await;
    assert!(body.contains(&format!(
        r#"<section class="banner-demo" aria-label="Démonstration"><p>{banner}</p></section>"#
    )));
    let (_, _, body) = get(&base, "/en/").await;
    assert!(body.contains("Demonstration: fictitious data"));
    let (_, _, body) = get(&base, "/missing").await;
    assert!(body.contains(banner), "404 page shows the banner too");
}

#[tokio::test]
async fn accessibility_statement_in_both_languages_linked_from_every_footer() {
    let base = serve(config(false, None)).await;
    let (status, headers, body) = get(&base, "/accessibilite").await;
    assert_eq!(status, StatusCode::OK);
    assert_security_headers("/accessibilite", &headers);
    assert_clean_html("/accessibilite", &body);
    assert!(body.contains("<title>Déclaration d&#39;accessibilité · vigie</title>"));
    // RGAA: the status, honestly (no audit yet), the tools and the version the statement covers.
    assert!(body.contains("Ce site est non conforme au RGAA 4.1.2"));
    assert!(body.contains("axe-core 4.14.1"));
    assert!(body.contains("version 9.8.7-test"));
    assert!(body.contains("Défenseur des droits"));
    assert!(body.contains(r#"href="/en/accessibilite" hreflang="en""#));
    assert!(body.contains(r#"href="/accessibilite" aria-current="page""#));

    let (status, _, body) = get(&base, "/en/accessibilite").await;
    assert_eq!(status, StatusCode::OK);
    assert_clean_html("/en/accessibilite", &body);
    assert!(body.contains(r#"<html lang="en""#));
    assert!(body.contains("<title>Accessibility statement · vigie</title>"));
    assert!(body.contains("This site does not comply with RGAA 4.1.2"));

    for (path, link) in [
        (
            "/",
            r#"<a href="/accessibilite">Accessibilité : non conforme (déclaration)</a>"#,
        ),
        (
            "/en/",
            r#"<a href="/en/accessibilite">Accessibility: not compliant (statement)</a>"#,
        ),
        ("/nowhere", r#"<a href="/accessibilite">"#),
    ] {
        let (_, _, body) = get(&base, path).await;
        let footer = body.split_once("<footer").unwrap().1;
        assert!(footer.contains(link), "{path}: {footer}");
    }
}

#[tokio::test]
async fn onion_location_only_when_configured() {
    let base = serve(config(false, Some("http://vigieexample.onion/"))).await;
    for (path, expected) in [
        ("/", "http://vigieexample.onion/"),
        ("/en/", "http://vigieexample.onion/en/"),
        ("/healthz", "http://vigieexample.onion/healthz"),
        ("/nowhere?q=1", "http://vigieexample.onion/nowhere"),
    ] {
        let (_, headers, _) = get(&base, path).await;
        assert_eq!(header(&headers, "onion-location"), Some(expected), "{path}");
    }
}

#[tokio::test]
async fn stylesheet_uses_logical_properties_only() {
    let css = vigie_web::STYLESHEET;
    let compact: String = css.split_whitespace().collect::<Vec<_>>().join(" ");
    let compact = compact.replace(": ", ":");
    for physical in [
        "margin-left",
        "margin-right",
        "padding-left",
        "padding-right",
        "border-left",
        "border-right",
        "left:",
        "right:",
        "text-align:left",
        "text-align:right",
        "float:left",
        "float:right",
        "clear:left",
        "clear:right",
    ] {
        assert!(!compact.contains(physical), "physical property {physical}");
    }
    assert!(css.lines().count() < 600);
    assert!(css.contains("prefers-reduced-motion"));
    assert!(css.contains("prefers-color-scheme: dark"));
    assert!(
        !css.contains("@import") && !css.contains("url("),
        "no external load"
    );
}

#[tokio::test]
async fn request_log_holds_no_client_data() {
    // Everything this test's server logs, at TRACE level (it runs on this thread).
    let captured = LogCapture::this_thread();
    let base = serve(config(false, None)).await;
    for path in ["/healthz?q=canary-query", "/canary-path?q=canary-query"] {
        let response = client()
            .get(format!("{base}{path}"))
            .header("User-Agent", "canary-ua")
            .header("Referer", "http://canary-ref")
            .header("X-Forwarded-For", "203.0.113.7")
            .header("Cookie", "canary-cookie=1")
            .send()
            .await
            .unwrap();
        assert!(response.status() == StatusCode::OK || response.status() == StatusCode::NOT_FOUND);
        let _ = response.text().await.unwrap();
    }

    let log = String::from_utf8(captured.bytes()).unwrap();
    assert!(log.contains("route=/healthz"), "route missing from:\n{log}");
    assert!(
        log.contains("route=fallback"),
        "fallback missing from:\n{log}"
    );
    assert!(log.contains("method=GET"));
    assert!(log.contains("status=200") && log.contains("status=404"));
    assert!(log.contains("latency_ms="));
    for canary in [
        "canary",
        "203.0.113.7",
        "127.0.0.1",
        "User-Agent",
        "user-agent",
        "q=",
    ] {
        assert!(!log.contains(canary), "{canary} leaked into:\n{log}");
    }
}
