//! The blank form pages, rendered once per language (issue 15): two visitors get the same page but
//! for its token, with the same headers, and the token each was given works.

use reqwest::StatusCode;

use crate::public::{ReportInput, Resp, form_token, get, servers, submit_ok};

/// Every blank form page, in each language it exists in.
const PAGES: &[&str] = &[
    "/signaler",
    "/en/signaler",
    "/ar/signaler",
    "/suivi",
    "/en/suivi",
    "/ar/suivi",
    "/aide",
    "/en/aide",
    "/ar/aide",
    "/espace/connexion",
    "/en/espace/connexion",
];

/// `page` with the value of each `name="csrf"` field taken out, and those values.
fn split_tokens(page: &str) -> (String, Vec<String>) {
    let mut out = String::new();
    let mut tokens = Vec::new();
    let mut rest = page;
    while let Some((before, after)) = rest.split_once("name=\"csrf\" value=\"") {
        out.push_str(before);
        out.push_str("name=\"csrf\" value=\"");
        let (token, after) = after.split_once('"').unwrap();
        tokens.push(token.to_owned());
        rest = after;
    }
    out.push_str(rest);
    (out, tokens)
}

#[tokio::test]
async fn blank_forms_differ_only_by_a_fresh_token_that_works() {
    for s in servers().await {
        for path in PAGES {
            let (a, b) = (
                get(&s.base, path, None).await,
                get(&s.base, path, None).await,
            );
            assert_eq!(
                (a.status, b.status),
                (StatusCode::OK, StatusCode::OK),
                "{path}"
            );
            let ((page_a, tokens_a), (page_b, tokens_b)) =
                (split_tokens(&a.body), split_tokens(&b.body));
            assert_eq!(page_a, page_b, "{path}: the same page but for the token");
            assert_eq!(tokens_a.len(), 1, "{path}: one form, one token");
            // The report and help forms' tokens are single-use: a fresh one each time. The sign-in
            // forms' are not (the same within a second), as before.
            if path.ends_with("/signaler") || path.ends_with("/aide") {
                assert_ne!(tokens_a, tokens_b, "{path}: a fresh token each time");
            }
            assert!(
                !a.body.contains("vigie-form-token-slot"),
                "{path}: no placeholder left"
            );
            let names = |r: &Resp| {
                let mut h: Vec<(String, String)> = r
                    .headers
                    .iter()
                    .filter(|(k, _)| k.as_str() != "date")
                    .map(|(k, v)| (k.to_string(), v.to_str().unwrap().to_owned()))
                    .collect();
                h.sort();
                h
            };
            assert_eq!(names(&a), names(&b), "{path}: the same headers");
            assert_eq!(
                a.header("content-length").map(str::to_owned),
                Some(a.body.len().to_string()),
                "{path}: a whole body, not a stream"
            );
        }
        // A token from the cached page is a working token: the report goes through.
        let form = get(&s.base, "/signaler", None).await;
        assert!(!form_token(&form.body, "/signaler").is_empty());
        submit_ok(
            &s.base,
            &ReportInput::simple("un point de deal rue des Oliviers fictive"),
        )
        .await;
    }
}
