//! HTTP as the tests speak it: responses read whole, a client that keeps its session cookie, and the
//! helpers that read forms out of pages (CSRF token, hidden fields) and redirects out of headers.

use reqwest::header::{COOKIE, HeaderMap, LOCATION, SET_COOKIE};
use reqwest::{Client, Response, StatusCode, redirect};

/// A client that follows no redirect (tests look at each `303` themselves) and keeps no cookie.
pub fn client() -> Client {
    Client::builder()
        .redirect(redirect::Policy::none())
        .build()
        .unwrap()
}

/// A response, read whole.
#[derive(Debug)]
pub struct Resp {
    /// The status.
    pub status: StatusCode,
    /// The headers.
    pub headers: HeaderMap,
    /// The body, as text.
    pub body: String,
}

impl Resp {
    /// Reads `r` whole.
    pub async fn read(r: Response) -> Resp {
        Resp {
            status: r.status(),
            headers: r.headers().clone(),
            body: r.text().await.unwrap(),
        }
    }

    /// The header `name`, if present (and text).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(|v| v.to_str().unwrap())
    }

    /// The `Location` header, or `""`.
    pub fn location(&self) -> String {
        location(&self.headers)
    }

    /// The value this response gives the cookie `name`: `Some("")` when it clears it. Asserts that
    /// it sets no other cookie.
    pub fn cookie(&self, name: &str) -> Option<String> {
        set_cookie(&self.headers, name).map(|v| v.unwrap_or_default())
    }

    /// Whether the response sets any cookie.
    pub fn sets_cookie(&self) -> bool {
        self.headers.contains_key(SET_COOKIE)
    }

    /// Asserts the status (the body in the message otherwise).
    pub fn assert_status(&self, expected: StatusCode) -> &Self {
        assert_eq!(self.status, expected, "{}", self.body);
        self
    }

    /// Asserts that the body shows each of `shown`.
    pub fn assert_shows(&self, shown: &[&str]) -> &Self {
        assert_shows(&self.body, shown);
        self
    }

    /// An HTML page in French that is not a server error.
    pub fn assert_french_page(&self, what: &str) {
        assert_ne!(
            self.status,
            StatusCode::INTERNAL_SERVER_ERROR,
            "{what}: {}",
            self.body
        );
        let ct = self.header("content-type").unwrap_or_default();
        assert!(ct.starts_with("text/html"), "{what}: content type {ct}");
        assert!(
            self.body.contains("<html lang=\"fr\""),
            "{what}: not French: {}",
            self.body
        );
    }
}

/// The last `Set-Cookie` in `headers`, which must all name the cookie `name`: `None` when there is
/// none, `Some(None)` when it clears the cookie (empty value), `Some(Some(value))` otherwise.
fn set_cookie(headers: &HeaderMap, name: &str) -> Option<Option<String>> {
    let mut found = None;
    for v in headers.get_all(SET_COOKIE) {
        let v = v.to_str().unwrap();
        let (cookie, value) = v.split(';').next().unwrap().split_once('=').unwrap();
        assert_eq!(cookie, name, "unexpected cookie: {v}");
        found = Some((!value.is_empty()).then(|| value.to_owned()));
    }
    found
}

/// The `Location` header in `headers`, or `""`.
pub fn location(headers: &HeaderMap) -> String {
    headers
        .get(LOCATION)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

/// The text of `page` between the first `start` and the next `end`.
pub fn between(page: &str, start: &str, end: &str) -> String {
    let rest = page
        .split_once(start)
        .unwrap_or_else(|| panic!("no `{start}` in page: {page}"))
        .1;
    rest.split_once(end).unwrap().0.to_owned()
}

/// The value of the first hidden input named `name`.
pub fn hidden(page: &str, name: &str) -> String {
    between(page, &format!("name=\"{name}\" value=\""), "\"")
}

/// Asserts that `page` shows each of `shown`, naming the first it lacks.
pub fn assert_shows(page: &str, shown: &[&str]) {
    for what in shown {
        assert!(page.contains(what), "{what}: {page}");
    }
}

/// `fields` with `changes` made: a field of the same name takes the new value, any other is added
/// (a form's fields derived from a valid one, instead of written out again).
pub fn with_fields<'a>(
    fields: &[(&'a str, &'a str)],
    changes: &[(&'a str, &'a str)],
) -> Vec<(&'a str, &'a str)> {
    let mut out = fields.to_vec();
    for &(name, value) in changes {
        match out.iter_mut().find(|(n, _)| *n == name) {
            Some(field) => field.1 = value,
            None => out.push((name, value)),
        }
    }
    out
}

/// The CSRF token of the form that posts to `action`.
pub fn form_token(page: &str, action: &str) -> String {
    let form = page
        .split_once(&format!("action=\"{action}\""))
        .unwrap_or_else(|| panic!("no form to {action}: {page}"))
        .1;
    hidden(form, "csrf")
}

/// A client without JavaScript that keeps one cookie by hand (the staff session cookie unless told
/// otherwise) so tests can read and replace it. Its staff sign-in steps are in [`crate::staff`].
pub struct CookieClient {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    client: Client,
    cookie_name: String,
    /// The cookie's value, if the server set one (a cleared cookie is `None`).
    pub cookie: Option<String>,
    /// The time (Unix seconds) the second factor was enrolled at by [`CookieClient::first_login`].
    pub enrolled_at: i64,
}

impl CookieClient {
    /// A client of the server at `base` keeping the staff session cookie.
    pub fn new(base: &str) -> Self {
        Self::keeping(base, vigie_web::SESSION_COOKIE)
    }

    /// A client of the server at `base` keeping the cookie `name`; any other cookie the server sets
    /// fails the test.
    pub fn keeping(base: &str, name: &str) -> Self {
        CookieClient {
            base: base.to_owned(),
            client: client(),
            cookie_name: name.to_owned(),
            cookie: None,
            enrolled_at: 0,
        }
    }

    fn absorb(&mut self, r: &Response) {
        if let Some(value) = set_cookie(r.headers(), &self.cookie_name) {
            self.cookie = value;
        }
    }

    /// Sends `req` with the cookie kept, keeps the one the answer sets, and returns the status,
    /// headers and body: every request of the client goes this one way.
    async fn send(&mut self, mut req: reqwest::RequestBuilder) -> (StatusCode, HeaderMap, String) {
        if let Some(c) = &self.cookie {
            req = req.header(COOKIE, format!("{}={c}", self.cookie_name));
        }
        let r = req.send().await.unwrap();
        self.absorb(&r);
        (r.status(), r.headers().clone(), r.text().await.unwrap())
    }

    /// GETs `path`; returns the status, headers and body.
    pub async fn get(&mut self, path: &str) -> (StatusCode, HeaderMap, String) {
        let req = self.client.get(format!("{}{path}", self.base));
        self.send(req).await
    }

    /// POSTs `form` (URL-encoded) to `path`.
    pub async fn post(
        &mut self,
        path: &str,
        form: &[(&str, &str)],
    ) -> (StatusCode, HeaderMap, String) {
        self.post_with(path, form, &[]).await
    }

    /// POSTs a one-field staff form to `path`: the form's CSRF `token`, then the field.
    pub async fn post_field(
        &mut self,
        path: &str,
        token: &str,
        (name, value): (&str, &str),
    ) -> (StatusCode, HeaderMap, String) {
        self.post(path, &[("csrf", token), (name, value)]).await
    }

    /// POSTs `form` to `path` with these extra headers.
    pub async fn post_with(
        &mut self,
        path: &str,
        form: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> (StatusCode, HeaderMap, String) {
        let mut req = self.client.post(format!("{}{path}", self.base)).form(form);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        self.send(req).await
    }

    /// POSTs a multipart `form` to `path`.
    pub async fn post_multipart(
        &mut self,
        path: &str,
        form: reqwest::multipart::Form,
    ) -> (StatusCode, HeaderMap, String) {
        let req = self
            .client
            .post(format!("{}{path}", self.base))
            .multipart(form);
        self.send(req).await
    }

    /// POSTs `form` to `path`, which must answer with a redirect (303, the page's body in the
    /// message otherwise); returns where it sends the browser.
    pub async fn post_see_other(&mut self, path: &str, form: &[(&str, &str)]) -> String {
        let (status, headers, body) = self.post(path, form).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{path}: {body}");
        location(&headers)
    }

    /// GETs `path`, which must answer 200 (the page's body in the message otherwise); returns the
    /// page.
    pub async fn get_ok(&mut self, path: &str) -> String {
        self.get_expect(path, StatusCode::OK).await
    }

    /// GETs `path`, which must answer `expected` (the page's body in the message otherwise); returns
    /// the page.
    pub async fn get_expect(&mut self, path: &str, expected: StatusCode) -> String {
        let (status, _, body) = self.get(path).await;
        assert_eq!(status, expected, "{path}: {body}");
        body
    }

    /// POSTs `form` to `path`, which must answer `expected` (the page's body in the message
    /// otherwise); returns the page.
    pub async fn post_expect(
        &mut self,
        path: &str,
        form: &[(&str, &str)],
        expected: StatusCode,
    ) -> String {
        let (status, _, body) = self.post(path, form).await;
        assert_eq!(status, expected, "{path}: {body}");
        body
    }

    /// Fills in the form of page `path` that posts back to `path`, as a browser does: its CSRF token
    /// (the page must answer 200), then `fields`; returns the status, headers and body.
    pub async fn submit(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
    ) -> (StatusCode, HeaderMap, String) {
        self.submit_on(path, path, fields).await
    }

    /// Fills in the form of page `page` that posts to `action`: its CSRF token (the page must answer
    /// 200), then `fields`; returns the status, headers and body.
    pub async fn submit_on(
        &mut self,
        page: &str,
        action: &str,
        fields: &[(&str, &str)],
    ) -> (StatusCode, HeaderMap, String) {
        let body = self.get_ok(page).await;
        let token = form_token(&body, action);
        let mut form = vec![("csrf", token.as_str())];
        form.extend_from_slice(fields);
        self.post(action, &form).await
    }

    /// [`CookieClient::submit`], which must answer `expected` (the page's body in the message
    /// otherwise); returns the page.
    pub async fn submit_expect(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        expected: StatusCode,
    ) -> String {
        self.submit_on_expect(path, path, fields, expected).await
    }

    /// [`CookieClient::submit`], which must be refused with the page again (422), showing each of
    /// `shown` (what to fix, beside its field); returns the page.
    pub async fn submit_refused(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        shown: &[&str],
    ) -> String {
        let page = self
            .submit_expect(path, fields, StatusCode::UNPROCESSABLE_ENTITY)
            .await;
        assert_shows(&page, shown);
        page
    }

    /// [`CookieClient::submit_on`], which must answer `expected` (the page's body in the message
    /// otherwise); returns the page.
    pub async fn submit_on_expect(
        &mut self,
        page: &str,
        action: &str,
        fields: &[(&str, &str)],
        expected: StatusCode,
    ) -> String {
        let (status, _, body) = self.submit_on(page, action, fields).await;
        assert_eq!(status, expected, "{action}: {body}");
        body
    }

    /// [`CookieClient::submit`], which must answer with a redirect (303); returns where it sends the
    /// browser.
    pub async fn submit_see_other(&mut self, path: &str, fields: &[(&str, &str)]) -> String {
        self.submit_on_see_other(path, path, fields).await
    }

    /// [`CookieClient::submit_on`], which must answer with a redirect (303); returns where it sends
    /// the browser.
    pub async fn submit_on_see_other(
        &mut self,
        page: &str,
        action: &str,
        fields: &[(&str, &str)],
    ) -> String {
        let (status, headers, body) = self.submit_on(page, action, fields).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{action}: {body}");
        location(&headers)
    }

    /// POSTs `form` to `path`, which must redirect the browser (303) to `to`.
    pub async fn post_redirects_to(&mut self, path: &str, form: &[(&str, &str)], to: &str) {
        assert_eq!(self.post_see_other(path, form).await, to, "{path}");
    }

    /// The CSRF token of the form on page `path` that posts back to `path`.
    pub async fn csrf(&mut self, path: &str) -> String {
        let (status, _, body) = self.get(path).await;
        assert_eq!(status, StatusCode::OK, "{path}: {body}");
        form_token(&body, path)
    }
}
