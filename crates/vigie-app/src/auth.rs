//! Staff login: password, then a second factor (TOTP or a recovery code), sessions, password change.
//!
//! Every wrong answer looks the same from outside (no user enumeration) and costs the same work: an
//! unknown user name still runs the full Argon2id. Failures are counted per account in the database
//! (keyed by a MAC of the name, never an address) and answered with growing, capped delays.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use totp_rs::{Algorithm, Totp};
use vigie_domain::user::{
    MAX_PASSWORD_BYTES, check_new_password, login_delay_secs, normalize_username,
};
use vigie_domain::{AuditActor, AuditKind, UserId};
use vigie_store::{PasswordFields, SessionRecord, SessionStage, UserRecord};
use vigie_vault::password::{PasswordLock, burn, lock, unlock};
use vigie_vault::{KdfParams, PublicKey, SecretKey, SessionToken, VaultError};
use zeroize::Zeroizing;

use crate::accounts::password_aad;
use crate::secrets::{normalize_recovery_code, recovery_code};
use crate::{App, AppError, Result};

/// Recovery codes given at enrolment.
pub const RECOVERY_CODES: usize = 10;
/// A session's last-seen time is written at most this often (seconds).
const TOUCH_EVERY_SECS: i64 = 60;
const TOTP_STEP: u64 = 30;
/// A login left between the password and the second factor ends after this long (seconds).
pub const SECOND_FACTOR_WINDOW_SECS: i64 = 10 * 60;

/// Why a login step failed. `Invalid` is the one generic answer for any wrong credential.
#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    /// Wrong user name, password or code (deliberately indistinguishable).
    #[error("invalid credentials")]
    Invalid,
    /// Too many recent failures on this account: wait.
    #[error("throttled for {retry_after_secs} s")]
    Throttled {
        /// Seconds to wait.
        retry_after_secs: u64,
    },
    /// The KDF pool is saturated.
    #[error("busy for {retry_after_secs} s")]
    Busy {
        /// Seconds to wait.
        retry_after_secs: u64,
    },
    /// Storage or another internal failure.
    #[error(transparent)]
    Internal(#[from] AppError),
}

impl From<vigie_store::StoreError> for LoginError {
    fn from(e: vigie_store::StoreError) -> Self {
        LoginError::Internal(e.into())
    }
}

impl From<VaultError> for LoginError {
    fn from(e: VaultError) -> Self {
        LoginError::Internal(e.into())
    }
}

/// A fresh 160-bit TOTP secret (RFC 4226 recommends 160 bits).
pub(crate) fn new_totp_secret() -> totp_rs::Secret {
    use rand_core::{OsRng, RngCore};
    let mut bytes = [0u8; 20];
    OsRng.fill_bytes(&mut bytes);
    totp_rs::Secret::from(bytes.to_vec())
}

/// A second-factor step failure.
pub type SecondFactorError = LoginError;

/// A password that opened its key: the session to continue with.
pub struct LoginOutcome {
    /// The new (second-factor stage) session, for the cookie.
    pub token: SessionToken,
    /// The user.
    pub user: UserRecord,
    /// True when no second factor is enrolled yet: enrolment comes next.
    pub needs_enrolment: bool,
}

impl std::fmt::Debug for LoginOutcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginOutcome")
            .field("user", &self.user.username)
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for ActiveSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ActiveSession")
            .field("user", &self.user.username)
            .field("stage", &self.record.stage)
            .finish_non_exhaustive()
    }
}

/// Why a session cookie was not accepted.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    /// No cookie, or not one of ours.
    #[error("no session")]
    Missing,
    /// The session ended (idle or absolute timeout, logout, account disabled, password changed).
    #[error("session expired")]
    Expired,
    /// Storage failure.
    #[error(transparent)]
    Internal(#[from] AppError),
}

/// A live session, resumed from its cookie.
pub struct ActiveSession {
    token: SessionToken,
    /// The session row.
    pub record: SessionRecord,
    /// Its user.
    pub user: UserRecord,
}

impl ActiveSession {
    /// The user's secret key, opened with the cookie's session key.
    pub fn secret(&self) -> Result<SecretKey> {
        Ok(self.token.open_secret(&self.record.sealed_secret)?)
    }

    /// What CSRF tokens of this session are bound to.
    pub fn csrf_binding(&self) -> [u8; 32] {
        self.token.lookup_hash()
    }

    /// Login progress.
    pub fn stage(&self) -> SessionStage {
        self.record.stage
    }
}

/// A second factor being enrolled: shown as a QR code and as text.
pub struct Enrolment {
    /// The TOTP secret in base32, for typing into an app.
    pub secret_base32: Zeroizing<String>,
    /// The `otpauth://` URI.
    pub uri: Zeroizing<String>,
    /// The QR code of the URI, as an inline SVG element.
    pub qr_svg: String,
    /// The secret wrapped for the user's own key, carried by the form until confirmed.
    pub pending: String,
}

pub(crate) fn totp_aad(id: UserId) -> Vec<u8> {
    [b"vigie/totp/".as_slice(), id.0.as_bytes()].concat()
}

pub(crate) fn build_totp(secret: Vec<u8>, account: &str) -> Result<Totp> {
    totp_rs::Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_skew(1)
        .with_step_duration(TOTP_STEP)
        .with_secret(secret)
        .with_issuer(Some("vigie"))
        .with_account_name(account.replace(':', "_"))
        .build()
        .map_err(|e| AppError::Invalid(format!("TOTP: {e}")))
}

fn lock_of(user: &UserRecord) -> Result<PasswordLock> {
    Ok(PasswordLock {
        salt: user
            .password
            .kdf_salt
            .as_slice()
            .try_into()
            .map_err(|_| AppError::Invalid("corrupt password salt".into()))?,
        params: KdfParams::decode(&user.password.kdf)?,
        verifier: user
            .password
            .verifier
            .as_slice()
            .try_into()
            .map_err(|_| AppError::Invalid("corrupt password verifier".into()))?,
        wrapped_secret: user.password.wrapped_secret.clone(),
    })
}

/// The TOTP code for `secret` at `unix` (for tests and the demo).
pub fn totp_code(secret_base32: &str, unix: i64) -> Option<String> {
    let secret = totp_rs::Secret::try_from_base32(secret_base32).ok()?;
    let totp = build_totp(secret.as_ref().to_vec(), "x").ok()?;
    Some(totp.generate(u64::try_from(unix).ok()?).to_string())
}

impl App {
    fn throttle_key(&self, label: &str, account: &[u8]) -> [u8; 32] {
        self.inner.instance.mac(label, account)
    }

    /// Refuses early when the account is in a delay period.
    async fn check_throttle(&self, key: &[u8; 32], actor: &AuditActor) -> Result<(), LoginError> {
        if let Some((failures, last)) = self.store().throttle_state(key).await? {
            let wait = last + login_delay_secs(failures) - self.clock().unix();
            if wait > 0 {
                self.record(actor.clone(), AuditKind::LoginThrottled, "", "")
                    .await?;
                return Err(LoginError::Throttled {
                    retry_after_secs: wait.unsigned_abs(),
                });
            }
        }
        Ok(())
    }

    async fn new_session(
        &self,
        user: UserId,
        secret: &SecretKey,
        stage: SessionStage,
    ) -> Result<SessionToken> {
        let token = SessionToken::generate();
        let now = self.clock().unix();
        self.store()
            .create_session(&SessionRecord {
                id_hash: token.lookup_hash().to_vec(),
                user_id: user,
                sealed_secret: token.seal_secret(secret),
                stage,
                created_at: now,
                last_seen_at: now,
            })
            .await?;
        Ok(token)
    }

    /// First step: user name and password. On success a second-factor session starts.
    pub async fn login_password(
        &self,
        username: &str,
        password: &str,
    ) -> Result<LoginOutcome, LoginError> {
        let normal = normalize_username(username).ok();
        let account = normal
            .clone()
            .unwrap_or_else(|| username.trim().to_lowercase());
        let key = self.throttle_key("login-password", account.as_bytes());
        let user = match &normal {
            Some(n) => self.store().user_by_name(n).await?,
            None => None,
        };
        let actor = user
            .as_ref()
            .map_or(AuditActor::UnknownStaff, |u| AuditActor::Staff(u.id));
        self.check_throttle(&key, &actor).await?;

        let candidate = user
            .as_ref()
            .filter(|u| !u.disabled && password.len() <= MAX_PASSWORD_BYTES);
        let job = match candidate {
            Some(u) => Some((lock_of(u)?, password_aad(u.id))),
            None => None,
        };
        let app = self.clone();
        let password = Zeroizing::new(
            password
                .as_bytes()
                .iter()
                .take(MAX_PASSWORD_BYTES)
                .copied()
                .collect::<Vec<u8>>(),
        );
        let kdf = self.settings().kdf;
        let unlocked = self
            .pools()
            .staff_login
            .run(move || {
                let password = String::from_utf8_lossy(&password).into_owned();
                let password = Zeroizing::new(password);
                match job {
                    Some((lock, aad)) => {
                        unlock(&lock, &app.inner.instance, &password, &aad).map(Some)
                    }
                    None => {
                        burn(kdf, &app.inner.instance, &password);
                        Ok(None)
                    }
                }
            })
            .await
            .map_err(|e| match AppError::from(e) {
                AppError::Busy { retry_after_secs } => LoginError::Busy { retry_after_secs },
                other => LoginError::Internal(other),
            })?;
        match (unlocked, user) {
            (Ok(Some(secret)), Some(user)) => {
                self.store().clear_login_failures(&key).await?;
                let token = self
                    .new_session(user.id, &secret, SessionStage::SecondFactor)
                    .await?;
                let needs_enrolment = user.totp_sealed.is_none();
                Ok(LoginOutcome {
                    token,
                    user,
                    needs_enrolment,
                })
            }
            (Ok(_), _) | (Err(VaultError::WrongPassword), _) => {
                self.store()
                    .record_login_failure(&key, self.clock().unix())
                    .await?;
                self.record(actor, AuditKind::LoginFailed, "", "password")
                    .await?;
                Err(LoginError::Invalid)
            }
            (Err(e), _) => Err(LoginError::Internal(e.into())),
        }
    }

    /// Resumes a session from its cookie, enforcing the idle and absolute timeouts.
    pub async fn resume_session(&self, cookie: &str) -> Result<ActiveSession, SessionError> {
        let token = SessionToken::parse_cookie_value(cookie).map_err(|_| SessionError::Missing)?;
        let hash = token.lookup_hash();
        let record = self
            .store()
            .session(&hash)
            .await
            .map_err(AppError::from)?
            .ok_or(SessionError::Expired)?;
        let now = self.clock().unix();
        let s = self.settings();
        let idle = now - record.last_seen_at > s.session_idle.as_secs() as i64;
        let old = now - record.created_at > s.session_absolute.as_secs() as i64
            || (record.stage == SessionStage::SecondFactor
                && now - record.created_at > SECOND_FACTOR_WINDOW_SECS);
        let user = self
            .store()
            .user_by_id(record.user_id)
            .await
            .map_err(AppError::from)?;
        let Some(user) = user.filter(|u| !u.disabled && !idle && !old) else {
            self.store()
                .delete_session(&hash)
                .await
                .map_err(AppError::from)?;
            return Err(SessionError::Expired);
        };
        if now - record.last_seen_at >= TOUCH_EVERY_SECS {
            self.store()
                .touch_session(&hash, now)
                .await
                .map_err(AppError::from)?;
        }
        Ok(ActiveSession {
            token,
            record,
            user,
        })
    }

    /// Ends a session.
    pub async fn logout(&self, session: &ActiveSession) -> Result<()> {
        self.store().delete_session(&session.csrf_binding()).await?;
        self.record(
            AuditActor::Staff(session.user.id),
            AuditKind::Logout,
            "",
            "",
        )
        .await?;
        Ok(())
    }

    /// Replaces a second-factor session by a full one (a new id: no fixation across the privilege step).
    async fn promote(&self, session: &ActiveSession, secret: &SecretKey) -> Result<SessionToken> {
        let token = self
            .new_session(session.user.id, secret, SessionStage::Full)
            .await?;
        self.store().delete_session(&session.csrf_binding()).await?;
        self.record(
            AuditActor::Staff(session.user.id),
            AuditKind::LoginSucceeded,
            "",
            "",
        )
        .await?;
        Ok(token)
    }

    /// Second step: a TOTP code or a recovery code. Returns the full session's token.
    pub async fn login_second_factor(
        &self,
        session: &ActiveSession,
        code: &str,
    ) -> Result<SessionToken, LoginError> {
        let user = &session.user;
        let actor = AuditActor::Staff(user.id);
        let key = self.throttle_key("login-second-factor", user.id.0.as_bytes());
        self.check_throttle(&key, &actor).await?;
        let secret = session.secret()?;
        let digits: String = code.chars().filter(|c| !c.is_whitespace()).collect();
        let ok = if digits.len() == 6 && digits.chars().all(|c| c.is_ascii_digit()) {
            match &user.totp_sealed {
                Some(sealed) => {
                    let totp_secret =
                        vigie_vault::slot::unwrap_with(&secret, sealed, &totp_aad(user.id))?;
                    let totp = build_totp(totp_secret.to_vec(), &user.username)?;
                    let now = u64::try_from(self.clock().unix()).unwrap_or_default();
                    match totp.check(&digits, now) {
                        Some(step) => self.store().consume_totp_step(user.id, step as i64).await?,
                        None => false,
                    }
                }
                None => false,
            }
        } else {
            let normal = normalize_recovery_code(code);
            let mac = self.inner.instance.mac(
                "recovery-code",
                &[user.id.0.as_bytes().as_slice(), normal.as_bytes()].concat(),
            );
            let used =
                user.totp_sealed.is_some() && self.store().use_recovery_code(user.id, &mac).await?;
            if used {
                self.record(
                    actor.clone(),
                    AuditKind::RecoveryCodeUsed,
                    &format!("user:{}", user.id),
                    "",
                )
                .await?;
            }
            used
        };
        if !ok {
            self.store()
                .record_login_failure(&key, self.clock().unix())
                .await?;
            self.record(actor, AuditKind::LoginFailed, "", "second factor")
                .await?;
            return Err(LoginError::Invalid);
        }
        self.store().clear_login_failures(&key).await?;
        Ok(self.promote(session, &secret).await?)
    }

    /// Starts enrolling a second factor: a fresh TOTP secret, wrapped for the user's own key.
    pub fn begin_enrolment(&self, user: &UserRecord) -> Result<Enrolment> {
        let secret = new_totp_secret();
        let totp = build_totp(secret.as_ref().to_vec(), &user.username)?;
        let uri = Zeroizing::new(
            totp.to_url()
                .map_err(|e| AppError::Invalid(format!("TOTP: {e}")))?,
        );
        let qr = qrcode::QrCode::new(uri.as_bytes())
            .map_err(|e| AppError::Invalid(format!("QR: {e}")))?;
        let svg = qr
            .render::<qrcode::render::svg::Color>()
            .min_dimensions(200, 200)
            .quiet_zone(true)
            .build();
        // Inline element: drop the XML declaration, give it an accessible name.
        let svg = svg
            .split_once("<svg")
            .map(|(_, rest)| format!("<svg role=\"img\" aria-label=\"QR code\" class=\"qr\"{rest}"))
            .unwrap_or_default();
        let pk = PublicKey::from_slice(&user.public_key)?;
        let pending = URL_SAFE_NO_PAD.encode(vigie_vault::slot::wrap_for(
            &pk,
            secret.as_ref(),
            &totp_aad(user.id),
        )?);
        Ok(Enrolment {
            secret_base32: Zeroizing::new(secret.to_base32()),
            uri,
            qr_svg: svg,
            pending,
        })
    }

    /// Confirms an enrolment with a first code. Returns the full session and the recovery codes to
    /// show once.
    pub async fn confirm_enrolment(
        &self,
        session: &ActiveSession,
        pending: &str,
        code: &str,
    ) -> Result<(SessionToken, Vec<Zeroizing<String>>), LoginError> {
        let user = &session.user;
        let actor = AuditActor::Staff(user.id);
        let key = self.throttle_key("login-second-factor", user.id.0.as_bytes());
        self.check_throttle(&key, &actor).await?;
        let secret = session.secret()?;
        let wrapped = URL_SAFE_NO_PAD
            .decode(pending.trim())
            .map_err(|_| LoginError::Invalid)?;
        let totp_secret = vigie_vault::slot::unwrap_with(&secret, &wrapped, &totp_aad(user.id))
            .map_err(|_| LoginError::Invalid)?;
        let totp = build_totp(totp_secret.to_vec(), &user.username)?;
        let digits: String = code.chars().filter(|c| !c.is_whitespace()).collect();
        let now = u64::try_from(self.clock().unix()).unwrap_or_default();
        let Some(step) = totp.check(&digits, now) else {
            self.store()
                .record_login_failure(&key, self.clock().unix())
                .await?;
            self.record(actor, AuditKind::LoginFailed, "", "enrolment code")
                .await?;
            return Err(LoginError::Invalid);
        };
        let codes: Vec<Zeroizing<String>> = (0..RECOVERY_CODES).map(|_| recovery_code()).collect();
        let macs: Vec<[u8; 32]> = codes
            .iter()
            .map(|c| {
                self.inner.instance.mac(
                    "recovery-code",
                    &[user.id.0.as_bytes().as_slice(), c.as_bytes()].concat(),
                )
            })
            .collect();
        self.store().enrol_totp(user.id, &wrapped, &macs).await?;
        self.store().consume_totp_step(user.id, step as i64).await?;
        self.store().clear_login_failures(&key).await?;
        self.record(
            actor,
            AuditKind::TotpEnrolled,
            &format!("user:{}", user.id),
            "",
        )
        .await?;
        let token = self.promote(session, &secret).await?;
        Ok((token, codes))
    }

    /// Changes the password: checks the current one, re-wraps the same secret key under the new one,
    /// ends every other session of the user.
    pub async fn change_password(
        &self,
        session: &ActiveSession,
        current: &str,
        new: &str,
    ) -> Result<(), LoginError> {
        check_new_password(new).map_err(|e| LoginError::Internal(e.into()))?;
        let user = session.user.clone();
        let lock_now = lock_of(&user)?;
        let aad = password_aad(user.id);
        let app = self.clone();
        let (current, new) = (
            Zeroizing::new(current.to_owned()),
            Zeroizing::new(new.to_owned()),
        );
        let kdf = self.settings().kdf;
        let result = self
            .pools()
            .staff_login
            .run(move || -> Result<Option<PasswordLock>, VaultError> {
                match unlock(&lock_now, &app.inner.instance, &current, &aad) {
                    Ok(secret) => lock(kdf, &app.inner.instance, &new, &secret, &aad).map(Some),
                    Err(VaultError::WrongPassword) => Ok(None),
                    Err(e) => Err(e),
                }
            })
            .await
            .map_err(|e| match AppError::from(e) {
                AppError::Busy { retry_after_secs } => LoginError::Busy { retry_after_secs },
                other => LoginError::Internal(other),
            })?
            .map_err(|e| LoginError::Internal(e.into()))?;
        let Some(locked) = result else {
            self.record(
                AuditActor::Staff(user.id),
                AuditKind::LoginFailed,
                "",
                "password change",
            )
            .await?;
            return Err(LoginError::Invalid);
        };
        let fields = PasswordFields {
            kdf: locked.params.encode(),
            kdf_salt: locked.salt.to_vec(),
            verifier: locked.verifier.to_vec(),
            wrapped_secret: locked.wrapped_secret,
        };
        self.store()
            .set_password(user.id, &fields, false, Some(&session.csrf_binding()))
            .await?;
        self.record(
            AuditActor::Staff(user.id),
            AuditKind::PasswordChanged,
            &format!("user:{}", user.id),
            "",
        )
        .await?;
        Ok(())
    }
}
