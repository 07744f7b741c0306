//! Recovering an account whose password was forgotten, with the escrow secret (`vigie keys
//! recover`): the member's own secret key is opened from its escrow slot and locked under a new
//! one-time password. No new key pair: every team key, report slot and case slot they held still
//! opens, and the key directory (which holds public keys, not password locks) does not change.

use vigie_domain::{AuditActor, AuditKind};
use vigie_store::PasswordFields;
use vigie_vault::password::lock;
use vigie_vault::{EscrowSecret, EscrowShare, VaultError};
use zeroize::Zeroizing;

use crate::accounts::{escrow_aad, password_aad};
use crate::audit::{audited, user_object};
use crate::secrets::one_time_password;
use crate::{App, AppError, Result};

/// What a recovery gives the operator to hand over.
pub struct Recovered {
    /// The normalised user name.
    pub username: String,
    /// The new one-time password (shown once; changed at the next sign-in).
    pub password: Zeroizing<String>,
    /// Whether the second factor was removed too (`--reset-2fa`).
    pub second_factor_reset: bool,
}

impl std::fmt::Debug for Recovered {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Recovered")
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

/// The escrow secret as an operator hands it over: whole, or as shares of a k-of-n split.
pub enum EscrowInput {
    /// The whole secret (`VIGIE-ESCROW-1-…`).
    Whole(EscrowSecret),
    /// At least the threshold's number of shares (`VIGIE-SHARE-1-…`).
    Shares(Vec<EscrowShare>),
}

impl std::fmt::Debug for EscrowInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EscrowInput::Whole(_) => f.write_str("EscrowInput::Whole(..)"),
            EscrowInput::Shares(s) => write!(f, "EscrowInput::Shares({} shares)", s.len()),
        }
    }
}

impl crate::InitOutcome {
    /// Splits the escrow secret `vigie init --escrow` made into `shares` shares, any `threshold` of
    /// which rebuild it, and forgets the whole secret: only the shares are shown. Recorded in the audit
    /// log (the split's shape, nothing of the shares).
    pub async fn split_escrow(
        &mut self,
        threshold: u8,
        shares: u8,
    ) -> Result<Vec<Zeroizing<String>>> {
        let Some(printed) = self.escrow_secret.take() else {
            return Err(AppError::Invalid(
                "no escrow key to split: add --escrow".into(),
            ));
        };
        let secret = EscrowSecret::parse_printable(&printed)?;
        let split = EscrowShare::split(&secret, threshold, shares)
            .map_err(|e| AppError::Invalid(e.to_string()))?;
        self.app
            .append_audit(
                AuditActor::Cli,
                AuditKind::SettingsChanged,
                "escrow",
                &format!("escrow key split {threshold}-of-{shares}"),
            )
            .await?;
        Ok(split.iter().map(EscrowShare::to_printable).collect())
    }
}

impl App {
    /// The escrow secret from what the operator gave, checked against the escrow public key of the
    /// MAC-checked key directory before any use: the whole secret must be the instance's, shares must
    /// be enough and rebuild it. A mistake is [`AppError::Invalid`], naming what is wrong.
    pub async fn escrow_secret(&self, input: EscrowInput) -> Result<EscrowSecret> {
        let Some(public) = self.directory().await?.escrow else {
            return Err(AppError::Invalid(
                "this instance has no escrow key (it was initialised without --escrow): a forgotten password cannot be recovered, see docs/keys.md".into(),
            ));
        };
        let secret = match input {
            EscrowInput::Whole(secret) => secret,
            EscrowInput::Shares(shares) => EscrowShare::combine(&shares, &public)
                .map_err(|e| AppError::Invalid(format!("escrow shares: {e}")))?,
        };
        if secret.public() != public {
            return Err(AppError::Invalid(
                "this is not the escrow key of this instance (a transcription error?)".into(),
            ));
        }
        Ok(secret)
    }

    /// Gives `name` a new one-time password, with their own key re-wrapped under it from its escrow
    /// slot. The escrow secret must be the instance's (checked against the escrow public key of the
    /// MAC-checked key directory), and the key in the slot must be the one the directory states for
    /// the member. Their sessions end; their second factor stays unless `reset_2fa`. Audited, then a
    /// checkpoint signs the entry.
    pub async fn recover_account(
        &self,
        actor: AuditActor,
        escrow: &EscrowSecret,
        name: &str,
        reset_2fa: bool,
    ) -> Result<Recovered> {
        let escrow = &self
            .escrow_secret(EscrowInput::Whole(escrow.clone()))
            .await?;
        let dir = self.directory().await?;
        let user = self.user_named(name).await?;
        if user.disabled {
            return Err(AppError::Invalid(format!(
                "`{}` is disabled: a disabled account is not recovered",
                user.username
            )));
        }
        let expected = dir.active_key(user.id)?;
        let slot = user.escrow_slot.as_deref().ok_or_else(|| {
            AppError::Integrity(format!(
                "user {} has no escrow slot although the instance has an escrow key",
                user.id
            ))
        })?;
        let secret = escrow
            .open_user_slot(slot, &escrow_aad(user.id), &expected)
            .map_err(|e| match e {
                VaultError::Decrypt | VaultError::KeyMismatch => AppError::Integrity(format!(
                    "the escrow slot of user {} does not hold their key (altered or replaced)",
                    user.id
                )),
                other => other.into(),
            })?;
        let password = one_time_password();
        let locked = lock(
            self.settings().kdf,
            &self.inner.instance,
            &password,
            &secret,
            &password_aad(user.id),
        )?;
        let fields = PasswordFields {
            kdf: locked.params.encode(),
            kdf_salt: locked.salt.to_vec(),
            verifier: locked.verifier.to_vec(),
            wrapped_secret: locked.wrapped_secret,
        };
        let object = user_object(user.id);
        let detail = if reset_2fa {
            "second factor reset"
        } else {
            "second factor kept"
        };
        let entry = [self
            .entry(actor.clone(), AuditKind::AccountRecovered, &object, detail)
            .await?];
        // A one-time password, as for a new account; every session of the account ends.
        self.store()
            .set_password(user.id, &fields, true, None, &audited(&entry))
            .await?;
        if reset_2fa {
            self.reset_2fa(actor.clone(), &user.username).await?;
        }
        // The recovery leaves the database at once, signed.
        self.checkpoint(actor).await?;
        Ok(Recovered {
            username: user.username,
            password,
            second_factor_reset: reset_2fa,
        })
    }
}
