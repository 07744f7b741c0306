//! The second factor: TOTP (RFC 6238) enrolment by QR code, login with a code or a recovery code.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use totp_rs::{Algorithm, Totp};
use vigie_domain::{AuditActor, AuditKind, UserId};
use vigie_store::UserRecord;
use vigie_vault::{PublicKey, SessionToken};
use zeroize::Zeroizing;

use crate::audit::user_object;
use crate::auth::{ActiveSession, LoginError};
use crate::secrets::{normalize_recovery_code, recovery_code};
use crate::{App, AppError, Result};

const TOTP_STEP: u64 = 30;

/// Recovery codes given at enrolment.
pub const RECOVERY_CODES: usize = 10;

/// A fresh 160-bit TOTP secret (RFC 4226 recommends 160 bits).
pub(crate) fn new_totp_secret() -> totp_rs::Secret {
    use rand_core::{OsRng, RngCore};
    let mut bytes = [0u8; 20];
    OsRng.fill_bytes(&mut bytes);
    totp_rs::Secret::from(bytes.to_vec())
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

/// The TOTP code for `secret` at `unix` (for tests and the demo).
pub fn totp_code(secret_base32: &str, unix: i64) -> Option<String> {
    let secret = totp_rs::Secret::try_from_base32(secret_base32).ok()?;
    let totp = build_totp(secret.as_ref().to_vec(), "x").ok()?;
    Some(totp.generate(u64::try_from(unix).ok()?).to_string())
}

impl App {
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
                self.append_audit(
                    actor.clone(),
                    AuditKind::RecoveryCodeUsed,
                    &user_object(user.id),
                    "",
                )
                .await?;
            }
            used
        };
        if !ok {
            return self.login_failed(&key, actor, "second factor").await;
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
        let svg = crate::qr::qr_svg(&uri, "QR code", 200)?;
        // The secret is wrapped for the account's key: only a key the directory vouches for.
        self.check_user_row(user)?;
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
            return self.login_failed(&key, actor, "enrolment code").await;
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
        let entry = [self
            .entry(actor, AuditKind::TotpEnrolled, &user_object(user.id), "")
            .await?];
        self.store()
            .enrol_totp(user.id, &wrapped, &macs, &crate::audit::audited(&entry))
            .await?;
        self.store().consume_totp_step(user.id, step as i64).await?;
        self.store().clear_login_failures(&key).await?;
        let token = self.promote(session, &secret).await?;
        Ok((token, codes))
    }
}
