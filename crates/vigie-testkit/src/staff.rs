//! A staff member's sign-in through the forms, as a browser without JavaScript does it: password, then
//! the second factor (enrolment at the first sign-in, a TOTP code afterwards). TOTP codes are made by
//! `vigie_app::totp_code`, for the time the test chooses. Form tokens for any purpose, bound to the
//! client's session, for the tests that need the policy (not the token check) to answer a post.

use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use vigie_app::App;
use vigie_app::casework::{GroupChoice, NewFileInput};
use vigie_domain::Principal;
use vigie_domain::casefile::{AgeBand, LegalBasis, PersonRole, Sex};
use vigie_vault::{CsrfKey, SecretKey, SessionToken};

use crate::http::{CookieClient, between, hidden, location};

impl CookieClient {
    /// Signs in with a password only; returns where the server sends us next.
    pub async fn password_step(
        &mut self,
        user: &str,
        password: &str,
    ) -> (StatusCode, HeaderMap, String) {
        self.password_step_with(user, password, &[]).await
    }

    /// [`CookieClient::password_step`], the post carrying these extra headers (what a browser says
    /// of the page the form came from, what a proxy adds).
    pub async fn password_step_with(
        &mut self,
        user: &str,
        password: &str,
        headers: &[(&str, &str)],
    ) -> (StatusCode, HeaderMap, String) {
        let token = self.csrf("/espace/connexion").await;
        let form = [
            ("csrf", token.as_str()),
            ("username", user),
            ("password", password),
        ];
        self.post_with("/espace/connexion", &form, headers).await
    }

    /// First sign-in of a new account: password, enrolment of a second factor from the QR page.
    /// Returns the TOTP secret and the recovery codes; [`CookieClient::enrolled_at`] is the time the
    /// enrolment code was made for.
    pub async fn first_login(
        &mut self,
        app: &App,
        user: &str,
        password: &str,
    ) -> (String, Vec<String>) {
        self.first_login_at(user, password, app.clock().unix())
            .await
    }

    /// [`CookieClient::first_login`] with the enrolment code made for the time `unix` (the real time,
    /// against a server in another process).
    pub async fn first_login_at(
        &mut self,
        user: &str,
        password: &str,
        unix: i64,
    ) -> (String, Vec<String>) {
        let (status, headers, _) = self.password_step(user, password).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(location(&headers), "/espace/2fa/inscription");
        let (status, _, page) = self.get("/espace/2fa/inscription").await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            page.contains("<svg role=\"img\""),
            "the QR code is inline SVG"
        );
        let secret = between(&page, "<code class=\"code\">", "</code>");
        self.enrolled_at = unix;
        let code = vigie_app::totp_code(&secret, self.enrolled_at).unwrap();
        let form = [
            ("csrf", hidden(&page, "csrf")),
            ("pending", hidden(&page, "pending")),
            ("code", code),
        ];
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (status, _, page) = self.post("/espace/2fa/inscription", &form).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        let codes: Vec<String> = page
            .split("<li><code class=\"code\">")
            .skip(1)
            .map(|s| s.split('<').next().unwrap().to_owned())
            .collect();
        assert_eq!(codes.len(), 10);
        (secret, codes)
    }

    /// Replaces the password `current` with `new` through the password form (signed in, second
    /// factor done); returns the status the form answers with.
    pub async fn change_password(&mut self, current: &str, new: &str) -> StatusCode {
        let token = self.csrf("/espace/mot-de-passe").await;
        let form = [
            ("csrf", token.as_str()),
            ("current", current),
            ("new", new),
            ("confirm", new),
        ];
        self.post("/espace/mot-de-passe", &form).await.0
    }

    /// Full sign-in of an enrolled account with the TOTP code for the time `unix`.
    pub async fn login_totp(
        &mut self,
        user: &str,
        password: &str,
        secret: &str,
        unix: i64,
    ) -> (StatusCode, HeaderMap, String) {
        let (status, headers, body) = self.password_step(user, password).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
        assert_eq!(location(&headers), "/espace/2fa");
        let token = self.csrf("/espace/2fa").await;
        let code = vigie_app::totp_code(secret, unix).unwrap();
        self.post("/espace/2fa", &[("csrf", &token), ("code", &code)])
            .await
    }

    /// A valid form token for `purpose`, bound to this client's session (to nothing before it signs
    /// in) and signed with the instance's key, as the page of that form would give it (valid for an hour of the app's clock).
    /// A page the policy refuses shows no form; this is the token its form would carry, so that a
    /// refused post is answered by the policy, not by the token check.
    pub fn token_for(&self, app: &App, purpose: &str) -> String {
        app.csrf_key()
            .issue(purpose, &self.binding(), app.clock().unix() + 3600)
    }

    /// A token of the right shape for `purpose` and this session, signed with a key that is not the
    /// instance's: forged.
    pub fn forged_token_for(&self, app: &App, purpose: &str) -> String {
        let mut key = [0u8; 32];
        key[..16].copy_from_slice(uuid::Uuid::new_v4().as_bytes());
        key[16..].copy_from_slice(uuid::Uuid::new_v4().as_bytes());
        CsrfKey::from_bytes(key).issue(purpose, &self.binding(), app.clock().unix() + 3600)
    }

    /// What this client's form tokens are bound to: the hash of its session id, or nothing before
    /// it signs in (the sign-in form's token).
    fn binding(&self) -> Vec<u8> {
        self.cookie.as_deref().map_or_else(Vec::new, |cookie| {
            SessionToken::parse_cookie_value(cookie)
                .expect("a session cookie")
                .lookup_hash()
                .to_vec()
        })
    }
}

/// `name`'s secret key, unlocked as a sign-in unlocks it but through the use cases: a password login,
/// then the session it opened (which holds the key from the password step on).
pub async fn unlocked_key(app: &App, name: &str, password: &str) -> SecretKey {
    let login = app.login_password(name, password).await.expect("login");
    let session = app
        .resume_session(&login.token.to_cookie_value())
        .await
        .expect("session");
    session.secret().unwrap()
}

/// What a caseworker gives to open a file for `name`, in their own casework team, under the person's
/// mandate, alone (no household, no affaire), from no help request.
pub fn new_file(name: &str, role: PersonRole, age_band: AgeBand, sex: Sex) -> NewFileInput {
    NewFileInput {
        name: name.to_owned(),
        role,
        age_band,
        sex,
        legal_basis: LegalBasis::VictimMandate,
        team: None,
        help_request: None,
        household: GroupChoice::None,
        affaire: GroupChoice::None,
    }
}

/// The staff member `name` as the use cases see them once signed in with `password`: their
/// principal and their unlocked key.
pub async fn principal_and_key(app: &App, name: &str, password: &str) -> (Principal, SecretKey) {
    let user = app.store().user_by_name(name).await.unwrap().unwrap();
    let who = app.principal(user.id).await.unwrap();
    (who, unlocked_key(app, name, password).await)
}
