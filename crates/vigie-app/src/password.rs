//! Changing one's password: the same secret key, re-wrapped under the new password.

use vigie_domain::user::check_new_password;
use vigie_domain::{AuditActor, AuditKind};
use vigie_store::PasswordFields;
use vigie_vault::VaultError;
use vigie_vault::password::{PasswordLock, lock};
use zeroize::Zeroizing;

use crate::accounts::password_aad;
use crate::audit::user_object;
use crate::auth::{ActiveSession, LoginError, lock_of};
use crate::{App, AppError};

impl App {
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
        // A session opened before a rotation of the instance secret: the lock may be under the
        // previous one still.
        let pepper = self.store().user_pepper(user.id).await?;
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
                match app.unlock_password(&lock_now, pepper.as_deref(), &current, &aad) {
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
            self.append_audit(
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
        let entry = [self
            .entry(
                AuditActor::Staff(user.id),
                AuditKind::PasswordChanged,
                &user_object(user.id),
                "",
            )
            .await?];
        self.store()
            .set_password(
                user.id,
                &fields,
                false,
                Some(&session.csrf_binding()),
                &crate::audit::audited(&entry),
            )
            .await?;
        Ok(())
    }
}
