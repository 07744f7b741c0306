//! Staff login: the password step and sessions (the second factor is in `second_factor`).
//!
//! Every wrong answer looks the same from outside (no user enumeration) and costs the same work: an
//! unknown user name still runs the full Argon2id. Failures are counted per account in the database
//! (keyed by a MAC of the name, never an address) and answered with growing, capped delays.

use vigie_domain::user::{MAX_PASSWORD_BYTES, login_delay_secs, normalize_username};
use vigie_domain::{AuditActor, AuditKind, UserId};
use vigie_store::{PasswordFields, SessionRecord, SessionStage, UserRecord};
use vigie_vault::password::{PasswordLock, burn, lock, unlock};
use vigie_vault::{KdfParams, SecretKey, SessionToken, VaultError};
use zeroize::Zeroizing;

use crate::accounts::password_aad;
use crate::{App, AppError, Result};

/// A session's last-seen time is written at most this often (seconds).
const TOUCH_EVERY_SECS: i64 = 60;
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

through_app_error!(LoginError::Internal: vigie_store::StoreError, VaultError);

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

pub(crate) fn lock_of(user: &UserRecord) -> Result<PasswordLock> {
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

impl App {
    /// Opens a password lock under the instance secret its pepper id names (the current one for
    /// `None`). A lock under a secret the key file no longer holds opens with nothing: the answer is
    /// a wrong password (`vigie keys recover` gives the person a new one).
    pub(crate) fn unlock_password(
        &self,
        lock: &PasswordLock,
        pepper: Option<&str>,
        password: &str,
        aad: &[u8],
    ) -> Result<SecretKey, VaultError> {
        match self.secret_for(pepper) {
            Some(instance) => unlock(lock, instance, password, aad),
            None => {
                burn(lock.params, &self.inner.instance, password);
                Err(VaultError::WrongPassword)
            }
        }
    }

    pub(crate) fn throttle_key(&self, label: &str, account: &[u8]) -> [u8; 32] {
        self.inner.instance.mac(label, account)
    }

    /// Refuses early when the account is in a delay period.
    pub(crate) async fn check_throttle(
        &self,
        key: &[u8; 32],
        actor: &AuditActor,
    ) -> Result<(), LoginError> {
        if let Some((failures, last)) = self.store().throttle_state(key).await? {
            let wait = last + login_delay_secs(failures) - self.clock().unix();
            if wait > 0 {
                self.append_audit(actor.clone(), AuditKind::LoginThrottled, "", "")
                    .await?;
                return Err(LoginError::Throttled {
                    retry_after_secs: wait.unsigned_abs(),
                });
            }
        }
        Ok(())
    }

    /// A wrong answer at login step `step` (`password`, `second factor`, `enrolment code`): it counts
    /// towards the account's delay and is audited, and the answer is `Invalid` whatever was wrong.
    pub(crate) async fn login_failed<T>(
        &self,
        key: &[u8; 32],
        actor: AuditActor,
        step: &str,
    ) -> Result<T, LoginError> {
        self.store()
            .record_login_failure(key, self.clock().unix())
            .await?;
        self.append_audit(actor, AuditKind::LoginFailed, "", step)
            .await?;
        Err(LoginError::Invalid)
    }

    pub(crate) async fn new_session(
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
            Some(u) => Some((
                lock_of(u)?,
                password_aad(u.id),
                self.store().user_pepper(u.id).await?,
            )),
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
                    Some((old, aad, pepper)) => {
                        let secret =
                            app.unlock_password(&old, pepper.as_deref(), &password, &aad)?;
                        // Parameters raised since this password was set, or a lock under a previous
                        // instance secret: re-lock now, while the password is at hand (the only moment
                        // it ever is). Only ever upwards: an instance configured weaker must not
                        // weaken the locks of who signs in there.
                        let stronger = kdf.is_stronger_than(&old.params);
                        let params = if stronger { kdf } else { old.params };
                        let upgrade = (stronger || pepper.is_some())
                            .then(|| lock(params, &app.inner.instance, &password, &secret, &aad))
                            .transpose()?;
                        Ok(Some((secret, upgrade, old.verifier)))
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
            (Ok(Some((secret, upgrade, old_verifier))), Some(user)) => {
                self.store().clear_login_failures(&key).await?;
                if let Some(new) = upgrade {
                    let fields = PasswordFields {
                        kdf: new.params.encode(),
                        kdf_salt: new.salt.to_vec(),
                        verifier: new.verifier.to_vec(),
                        wrapped_secret: new.wrapped_secret,
                    };
                    self.store()
                        .rewrap_password(user.id, &old_verifier, &fields)
                        .await?;
                }
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
                self.login_failed(&key, actor, "password").await
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
                .delete_session(&hash, &vigie_store::Audit::none())
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
        self.end_session(session, AuditKind::Logout).await
    }

    /// Deletes `session` in the transaction that appends its holder's entry of `kind`.
    async fn end_session(&self, session: &ActiveSession, kind: AuditKind) -> Result<()> {
        let entry = [self
            .entry(AuditActor::Staff(session.user.id), kind, "", "")
            .await?];
        self.store()
            .delete_session(&session.csrf_binding(), &crate::audit::audited(&entry))
            .await?;
        Ok(())
    }

    /// Replaces a second-factor session by a full one (a new id: no fixation across the privilege step).
    pub(crate) async fn promote(
        &self,
        session: &ActiveSession,
        secret: &SecretKey,
    ) -> Result<SessionToken> {
        let token = self
            .new_session(session.user.id, secret, SessionStage::Full)
            .await?;
        // The second-factor session ends with the login's entry; the full one is already written,
        // but opens nothing until this commits and the cookie is sent.
        self.end_session(session, AuditKind::LoginSucceeded).await?;
        Ok(token)
    }
}
