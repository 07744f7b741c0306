//! What a browser downloads to show `/signaler`: the page and every same-origin subresource it
//! references (stylesheets, icons, scripts, images, and what the stylesheets import), plus
//! `/favicon.ico` when the page names no icon (browsers ask for it anyway).

use anyhow::{Context, Result, bail};
use reqwest::header::{ACCEPT_ENCODING, CONTENT_ENCODING, CONTENT_TYPE, HeaderMap};

/// What a current browser offers.
pub const BROWSER_ENCODINGS: &str = "gzip, deflate, br, zstd";

/// One downloaded resource.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resource {
    /// Its path on the server.
    pub path: String,
    /// Why the browser loads it (`page`, `stylesheet`, `implicit favicon`...).
    pub role: String,
    /// The status of the answer.
    pub status: u16,
    /// Its `Content-Type` (without parameters), or `-`.
    pub content_type: String,
    /// Body bytes with `Accept-Encoding: identity`.
    pub identity_bytes: u64,
    /// Body bytes when a browser's encodings are offered (as sent, compressed or not).
    pub offered_bytes: u64,
    /// The `Content-Encoding` then, if any.
    pub encoding: Option<String>,
    /// Bytes of the HTTP/1.1 status line and headers of that answer.
    pub header_bytes: u64,
}

/// The page and its subresources, and the cross-origin references found (not loaded).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageWeight {
    /// The page first, then its subresources in the order found.
    pub resources: Vec<Resource>,
    /// References to other origins (a privacy leak for the reporter; there should be none).
    pub external: Vec<String>,
}

impl PageWeight {
    /// Body bytes without compression, all resources together.
    pub fn identity_total(&self) -> u64 {
        self.resources.iter().map(|r| r.identity_bytes).sum()
    }

    /// Body bytes as sent to a browser, all resources together.
    pub fn offered_total(&self) -> u64 {
        self.resources.iter().map(|r| r.offered_bytes).sum()
    }

    /// Status lines and headers, all resources together.
    pub fn header_total(&self) -> u64 {
        self.resources.iter().map(|r| r.header_bytes).sum()
    }
}

/// The attributes of every start tag named `name` in `html` (names lower-cased, values with
/// `&amp;` decoded).
fn tags(html: &str, name: &str) -> Vec<Vec<(String, String)>> {
    let lower = html.to_ascii_lowercase();
    let open = format!("<{name}");
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(pos) = lower[from..].find(&open) {
        let start = from + pos + open.len();
        from = start;
        // `<linkfoo` is another tag.
        if !lower[start..].starts_with(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/') {
            continue;
        }
        let mut attrs = Vec::new();
        let bytes = html.as_bytes();
        let mut i = start;
        loop {
            while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
                i += 1;
            }
            if i >= bytes.len() || bytes[i] == b'>' {
                break;
            }
            let name_start = i;
            while i < bytes.len() && !b" \t\r\n=>/".contains(&bytes[i]) {
                i += 1;
            }
            let attr = html[name_start..i].to_ascii_lowercase();
            let mut value = String::new();
            if i < bytes.len() && bytes[i] == b'=' {
                i += 1;
                if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
                    let quote = bytes[i];
                    let vstart = i + 1;
                    let vend = html[vstart..]
                        .bytes()
                        .position(|b| b == quote)
                        .map_or(html.len(), |p| vstart + p);
                    value = html[vstart..vend].to_owned();
                    i = (vend + 1).min(html.len());
                } else {
                    let vstart = i;
                    while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                        i += 1;
                    }
                    value = html[vstart..i].to_owned();
                }
            }
            if !attr.is_empty() {
                attrs.push((attr, value.replace("&amp;", "&")));
            }
        }
        from = i;
        out.push(attrs);
    }
    out
}

fn attr<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// The subresources `html` makes a browser load, as (reference, role), in document order by kind.
pub fn html_references(html: &str) -> Vec<(String, String)> {
    let mut refs = Vec::new();
    let mut has_icon = false;
    for attrs in tags(html, "link") {
        let rel = attr(&attrs, "rel").unwrap_or("").to_ascii_lowercase();
        let Some(href) = attr(&attrs, "href") else {
            continue;
        };
        let rels: Vec<&str> = rel.split_ascii_whitespace().collect();
        let role = if rels.contains(&"stylesheet") {
            "stylesheet"
        } else if rels.iter().any(|r| r.contains("icon")) {
            has_icon = true;
            "icon"
        } else if rels.contains(&"preload") || rels.contains(&"modulepreload") {
            "preload"
        } else if rels.contains(&"manifest") {
            "manifest"
        } else {
            // alternate, canonical, prefetch...: not needed to show the page.
            continue;
        };
        refs.push((href.to_owned(), role.to_owned()));
    }
    for (tag, role) in [
        ("script", "script"),
        ("img", "image"),
        ("iframe", "frame"),
        ("source", "media"),
        ("video", "media"),
        ("audio", "media"),
        ("embed", "embed"),
        ("object", "embed"),
    ] {
        for attrs in tags(html, tag) {
            let src = attr(&attrs, "src").or_else(|| attr(&attrs, "data"));
            if let Some(src) = src.filter(|s| !s.is_empty()) {
                refs.push((src.to_owned(), role.to_owned()));
            }
        }
    }
    for attrs in tags(html, "input") {
        if attr(&attrs, "type").is_some_and(|t| t.eq_ignore_ascii_case("image"))
            && let Some(src) = attr(&attrs, "src")
        {
            refs.push((src.to_owned(), "image".to_owned()));
        }
    }
    if !has_icon {
        refs.push(("/favicon.ico".to_owned(), "implicit favicon".to_owned()));
    }
    refs
}

/// The `url(...)` and `@import` references of a stylesheet.
pub fn css_references(css: &str) -> Vec<String> {
    let mut refs = Vec::new();
    let mut rest = css;
    while let Some(pos) = rest.find("url(") {
        let after = &rest[pos + 4..];
        let Some(end) = after.find(')') else { break };
        let raw = after[..end].trim().trim_matches(['"', '\'']).trim();
        if !raw.is_empty() && !raw.starts_with("data:") && !raw.starts_with('#') {
            refs.push(raw.to_owned());
        }
        rest = &after[end..];
    }
    let mut rest = css;
    while let Some(pos) = rest.find("@import") {
        let after = rest[pos + 7..].trim_start();
        if let Some(q) = after.chars().next().filter(|c| *c == '"' || *c == '\'')
            && let Some(end) = after[1..].find(q)
        {
            refs.push(after[1..1 + end].to_owned());
        }
        rest = &rest[pos + 7..];
    }
    refs
}

/// The path of `reference` (found in the document at `from`) if it is on `base`'s origin.
pub fn same_origin_path(base: &str, from: &str, reference: &str) -> Option<String> {
    let r = reference.trim();
    let path = if let Some(rest) = r.strip_prefix(base) {
        if !(rest.is_empty() || rest.starts_with('/')) {
            return None;
        }
        if rest.is_empty() { "/" } else { rest }.to_owned()
    } else if r.starts_with("//") || r.contains("://") || r.starts_with("data:") {
        return None;
    } else if r.starts_with('/') {
        r.to_owned()
    } else if r.starts_with("javascript:") || r.starts_with("mailto:") || r.starts_with('#') {
        return None;
    } else {
        let dir = &from[..from.rfind('/').map_or(0, |i| i + 1)];
        format!("{dir}{r}")
    };
    let path = path.split('#').next().unwrap_or("/").to_owned();
    Some(if path.is_empty() {
        "/".to_owned()
    } else {
        path
    })
}

/// Bytes of an HTTP/1.1 status line and these headers as sent.
fn header_bytes(status: reqwest::StatusCode, headers: &HeaderMap) -> u64 {
    let status_line = format!(
        "HTTP/1.1 {} {}\r\n",
        status.as_u16(),
        status.canonical_reason().unwrap_or("")
    );
    let fields: usize = headers
        .iter()
        .map(|(k, v)| k.as_str().len() + 2 + v.as_bytes().len() + 2)
        .sum();
    (status_line.len() + fields + 2) as u64
}

struct Fetched {
    status: reqwest::StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

async fn fetch(client: &reqwest::Client, url: &str, encodings: &str) -> Result<Fetched> {
    let resp = client
        .get(url)
        .header(ACCEPT_ENCODING, encodings)
        .send()
        .await
        .with_context(|| format!("GET {url}"))?;
    let status = resp.status();
    let headers = resp.headers().clone();
    let body = resp
        .bytes()
        .await
        .with_context(|| format!("GET {url}"))?
        .to_vec();
    Ok(Fetched {
        status,
        headers,
        body,
    })
}

async fn resource(
    client: &reqwest::Client,
    base: &str,
    path: &str,
    role: &str,
) -> Result<(Resource, Vec<u8>)> {
    let url = format!("{base}{path}");
    let plain = fetch(client, &url, "identity").await?;
    let offered = fetch(client, &url, BROWSER_ENCODINGS).await?;
    let content_type = plain
        .headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map_or("-".to_owned(), |v| {
            v.split(';').next().unwrap_or(v).trim().to_owned()
        });
    let encoding = offered
        .headers
        .get(CONTENT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let r = Resource {
        path: path.to_owned(),
        role: role.to_owned(),
        status: plain.status.as_u16(),
        content_type,
        identity_bytes: plain.body.len() as u64,
        offered_bytes: offered.body.len() as u64,
        encoding,
        header_bytes: header_bytes(offered.status, &offered.headers),
    };
    Ok((r, plain.body))
}

/// Downloads `/signaler` and what it needs, as a browser would (once each).
pub async fn page_weight(client: &reqwest::Client, base: &str) -> Result<PageWeight> {
    let (page, html) = resource(client, base, "/signaler", "page").await?;
    if page.status != 200 {
        bail!("GET /signaler: HTTP {}", page.status);
    }
    let html = String::from_utf8_lossy(&html).into_owned();
    let mut weight = PageWeight {
        resources: vec![page],
        external: Vec::new(),
    };
    // (reference, role, the document it was found in)
    let mut queue: Vec<(String, String, String)> = html_references(&html)
        .into_iter()
        .map(|(r, role)| (r, role, "/signaler".to_owned()))
        .collect();
    for r in css_references(&html) {
        queue.push((r, "image (inline style)".into(), "/signaler".into()));
    }
    let mut i = 0;
    while i < queue.len() {
        let (reference, role, from) = queue[i].clone();
        i += 1;
        let Some(path) = same_origin_path(base, &from, &reference) else {
            if !weight.external.contains(&reference) {
                weight.external.push(reference);
            }
            continue;
        };
        if weight.resources.iter().any(|r| r.path == path) {
            continue;
        }
        let (res, body) = resource(client, base, &path, &role).await?;
        if role == "stylesheet" && res.status == 200 {
            let css = String::from_utf8_lossy(&body);
            for r in css_references(&css) {
                queue.push((r, "stylesheet resource".into(), path.clone()));
            }
        }
        weight.resources.push(res);
    }
    Ok(weight)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const PAGE: &str = r#"<!DOCTYPE html><html><head>
<link rel="stylesheet" href="/static/vigie.css">
<link rel="alternate" hreflang="en" href="/en/signaler">
<LINK REL=preload href='/static/font.woff2?v=1&amp;x=2'>
</head><body><img src="logo.svg" alt=""><linkage>
<script src="https://cdn.example.com/x.js"></script>
<input type="image" src="/go.png"><input type="text" name="q">
</body></html>"#;

    #[test]
    fn finds_what_a_browser_loads() {
        let refs = html_references(PAGE);
        let refs: Vec<(&str, &str)> = refs.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        assert_eq!(
            refs,
            vec![
                ("/static/vigie.css", "stylesheet"),
                ("/static/font.woff2?v=1&x=2", "preload"),
                ("https://cdn.example.com/x.js", "script"),
                ("logo.svg", "image"),
                ("/go.png", "image"),
                ("/favicon.ico", "implicit favicon"),
            ]
        );
    }

    #[test]
    fn a_named_icon_replaces_the_implicit_one() {
        let refs = html_references(r#"<link rel="icon" href="/static/icon.svg">"#);
        assert_eq!(refs, vec![("/static/icon.svg".into(), "icon".into())]);
    }

    #[test]
    fn stylesheet_references() {
        let css = r#"@import "base.css"; body { background: url( 'img/bg.png' ) }
            .x { mask: url(data:image/svg+xml;utf8,<svg/>) } @font-face { src: url("/f.woff2") }"#;
        assert_eq!(
            css_references(css),
            vec!["img/bg.png", "/f.woff2", "base.css"]
        );
        assert!(css_references("body { color: red }").is_empty());
    }

    #[test]
    fn origins() {
        let base = "http://127.0.0.1:8080";
        let p = |r: &str| same_origin_path(base, "/static/vigie.css", r);
        assert_eq!(p("/favicon.ico").as_deref(), Some("/favicon.ico"));
        assert_eq!(p("img/bg.png").as_deref(), Some("/static/img/bg.png"));
        assert_eq!(p("http://127.0.0.1:8080/x.css").as_deref(), Some("/x.css"));
        assert_eq!(p("http://127.0.0.1:80801/x.css"), None);
        assert_eq!(p("//cdn.example.com/x.css"), None);
        assert_eq!(p("https://cdn.example.com/x.css"), None);
        assert_eq!(p("data:image/png;base64,AAAA"), None);
        assert_eq!(p("/a.svg#icon").as_deref(), Some("/a.svg"));
    }

    #[test]
    fn header_sizes() {
        let mut h = HeaderMap::new();
        h.insert("content-type", "text/css".parse().unwrap());
        // "HTTP/1.1 200 OK\r\n" (17) + "content-type: text/css\r\n" (24) + "\r\n" (2)
        assert_eq!(header_bytes(reqwest::StatusCode::OK, &h), 43);
    }

    #[test]
    fn totals() {
        let r = |id: u64, off: u64| Resource {
            path: "/".into(),
            role: "page".into(),
            status: 200,
            content_type: "text/html".into(),
            identity_bytes: id,
            offered_bytes: off,
            encoding: None,
            header_bytes: 100,
        };
        let w = PageWeight {
            resources: vec![r(1000, 400), r(200, 200)],
            external: vec![],
        };
        assert_eq!(
            (w.identity_total(), w.offered_total(), w.header_total()),
            (1200, 600, 200)
        );
    }
}
