//! Rotating the instance secret (`vigie keys rotate-instance`, docs/keys.md "Rotating the instance
//! secret"), server stopped. Everything derived from the secret is made again under the new one,
//! in one database transaction with its audit entry: the key directory's MACs and the receipt
//! holders' key MACs (only rows whose MAC checks under the old secret: a planted row is never
//! laundered), the contact seals (staff contacts, team addresses, partners, prevention structures),
//! the instance check. What cannot be re-derived without a person stays under the old secret, which
//! the new key file keeps as a "previous" secret: staff password locks (re-locked at the person's
//! next sign-in, or by `vigie keys recover`) and receipts (until their reports are deleted). The
//! database marks which previous secret each lock or receipt needs by the secret's id, never the
//! secret; a previous secret nothing needs any more is dropped at the next rotation. Recovery codes
//! (MACs of short codes: a stolen database and a leaked secret would let them be searched) are
//! deleted; login delays are reset; staff sessions end.
//!
//! The steps, each safe to repeat after a crash (run the command again):
//! 1. the new secret is written into the key file as `next` (mode 0600, renamed into place) before
//!    anything is made with it; a rerun keeps it;
//! 2. the database transaction, done only while the instance check still names the old secret (a
//!    rerun after it sees the new secret's check and skips it);
//! 3. the directory is checked under the new secret and a checkpoint signs it;
//! 4. the key file is replaced: the new secret current, the old one previous (if still needed).
//!
//! Until step 4, every other command refuses to open the instance and names this command.

use std::collections::BTreeSet;

use vigie_domain::{AuditActor, AuditKind};
use vigie_store::{ContactTable, InstanceRotation, Resealed, Store};
use vigie_vault::{InstanceKeys, InstanceSecret, SymmetricKey};

use crate::audit::audited;
use crate::directory::directory_macs;
use crate::init::{load_audit_key, secret_check};
use crate::{App, AppError, KeyPaths, Result, Settings};

/// A previous instance secret and what still needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreviousSecret {
    /// Its id (16 hex digits; never the secret).
    pub id: String,
    /// Whether the key file still holds it (when not, what it locked stays locked).
    pub in_key_file: bool,
    /// Active accounts whose password is still locked under it, by name.
    pub accounts: Vec<String>,
    /// Reports whose receipt it peppers.
    pub reports: i64,
}

/// Who and what is still on a previous instance secret (`vigie keys rotate-instance --status`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SecretStatus {
    /// The current secret's id.
    pub current: String,
    /// The previous secrets, from the key file, then any the database names that it lacks.
    pub previous: Vec<PreviousSecret>,
    /// Days a report is kept after its last activity at most (so a previous secret needed by
    /// receipts only is dropped at a rotation this long after the last such report fell silent).
    pub retention_days: u32,
}

/// What a rotation did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InstanceRotated {
    /// The secret replaced.
    pub old: String,
    /// The new current secret.
    pub new: String,
    /// The database step had been done by an interrupted run.
    pub resumed: bool,
    /// Contact seals made again (0 when resumed).
    pub resealed: usize,
    /// Contact seals that did not open under the old secret (left as they were).
    pub unopened: usize,
    /// Previous secrets dropped from the key file (nothing needed them).
    pub dropped: Vec<String>,
    /// The checkpoint signing the directory under the new secret.
    pub checkpoint: i64,
}

fn key_file_error(path: &std::path::Path, e: impl std::fmt::Display) -> AppError {
    AppError::KeyFile(format!("{}: {e}", path.display()))
}

/// Where the database stands against the key file.
enum Stage {
    /// Under the current secret: the transaction is still to do.
    Before,
    /// Under the next secret: an interrupted run did the transaction.
    After,
}

impl App {
    /// `vigie keys rotate-instance`: see the module's documentation. Returns the instance opened
    /// under the new secret.
    pub async fn rotate_instance_secret(
        store: Store,
        paths: &KeyPaths,
        settings: Settings,
    ) -> Result<(App, InstanceRotated)> {
        let path = &paths.instance_secret;
        let keys = InstanceKeys::load(path).map_err(|e| key_file_error(path, e))?;
        let row = store.instance().await?.ok_or(AppError::NotInitialised)?;
        let salt = row.salt.clone();
        let matches = |s: &InstanceSecret| secret_check(s, &salt) == row.secret_check;
        let stage = if matches(keys.current()) {
            Stage::Before
        } else if keys.next().is_some_and(matches) {
            Stage::After
        } else {
            return Err(AppError::KeyFile(format!(
                "the instance secret {} does not belong to this database",
                path.display()
            )));
        };
        let audit_key =
            crate::audit_key::expected_audit_key(&store, paths, &row.audit_public_key).await?;
        // Everything that could refuse is checked before the key file changes, so that a refusal
        // leaves the instance as it was (not waiting on a rotation that cannot finish).
        let before = match stage {
            Stage::Before => {
                check_room(&keys, &needed_secrets(&store).await?)?;
                let copy = keys.duplicate().map_err(|e| key_file_error(path, e))?;
                let signer = load_audit_key(paths, &audit_key)?;
                let app =
                    App::open_with_keys(store.clone(), paths, settings.clone(), copy, signer, &row)
                        .await?;
                // The directory as the newest checkpoint signs it, every MAC valid.
                app.open_directory().await?;
                Some(app)
            }
            Stage::After => None,
        };
        // Step 1: the new secret exists on disk before anything is made with it.
        let keys = keys.with_next();
        keys.save(path).map_err(|e| key_file_error(path, e))?;
        stamp_day(path)?;
        let (old, next) = match (keys.current(), keys.next()) {
            (old, Some(next)) => (old.id(), next),
            _ => return Err(AppError::KeyFile("no next instance secret".into())),
        };
        let mut done = InstanceRotated {
            old,
            new: next.id(),
            resumed: before.is_none(),
            resealed: 0,
            unopened: 0,
            dropped: Vec::new(),
            checkpoint: 0,
        };
        // Step 2.
        if let Some(app) = before {
            (done.resealed, done.unopened) = app.apply_rotation(next).await?;
        }
        // Step 3: what still needs a previous secret stays in the file; the rest goes.
        let needed = needed_secrets(&store).await?;
        let ids: Vec<String> = keys.all().map(InstanceSecret::id).collect();
        done.dropped = ids.into_iter().filter(|id| !needed.contains(id)).collect();
        let promoted = keys
            .promote(|id| needed.contains(id))
            .map_err(|e| key_file_error(path, e))?;
        let signer = load_audit_key(paths, &audit_key)?;
        let copy = promoted.duplicate().map_err(|e| key_file_error(path, e))?;
        let app = App::open_with_keys(store, paths, settings, copy, signer, &row).await?;
        app.open_directory().await?;
        done.checkpoint = app.seal_directory_change(AuditActor::Cli).await?.number;
        // Step 4.
        promoted.save(path).map_err(|e| key_file_error(path, e))?;
        stamp_day(path)?;
        Ok((app, done))
    }

    /// Step 2: the transaction.
    async fn apply_rotation(&self, next: &InstanceSecret) -> Result<(usize, usize)> {
        let rows = self.store().directory_rows().await?;
        let new_directory = next.directory_key();
        let old_directory = self.directory_key();
        let mut reporter_macs = Vec::new();
        for (report, pk, mac) in self.store().reporter_keys().await? {
            let entry = crate::reports::reporter_entry(report, &pk);
            if mac.is_some_and(|m| old_directory.check(&entry, &m)) {
                reporter_macs.push((report, new_directory.mac(&entry).to_vec()));
            }
        }
        let mut contacts = Reseal::new(self.inner.instance.contact_key(), next.contact_key());
        // The whole rows: the directory's hold no contact.
        for u in &self.store().list_users().await? {
            if let Some(sealed) = &u.contact_sealed {
                let aad = crate::accounts::contact_aad(u.id);
                contacts.add(ContactTable::Users, u.id.to_string(), &aad, sealed);
            }
        }
        for (team, sealed) in self.store().teams_notify_sealed().await? {
            let aad = crate::reports::notify_aad(team);
            contacts.add(ContactTable::Teams, team.to_string(), &aad, &sealed);
        }
        for p in self.store().partners().await? {
            let aad = crate::partners::partner_aad(p.id, &p.clear)?;
            contacts.add(ContactTable::Partners, p.id.to_string(), &aad, &p.sealed);
        }
        for s in self.store().structures().await? {
            let aad = crate::prevention::structure_aad(s.id, &s.clear)?;
            contacts.add(ContactTable::Structures, s.id.to_string(), &aad, &s.sealed);
        }
        let salt = self.inner.salt.as_bytes();
        let old = self.inner.instance.id();
        let plan = InstanceRotation {
            old_check: secret_check(&self.inner.instance, salt),
            new_check: secret_check(next, salt),
            directory: directory_macs(&new_directory, &rows),
            reporter_macs,
            resealed: contacts.done,
            old_pepper: old.clone(),
        };
        let detail = format!(
            "old={old} new={} resealed={} unopened={}",
            next.id(),
            plan.resealed.len(),
            contacts.unopened
        );
        let entry = [self
            .entry(
                AuditActor::Cli,
                AuditKind::InstanceSecretRotated,
                "instance",
                &detail,
            )
            .await?];
        self.store()
            .rotate_instance(&plan, &audited(&entry))
            .await?;
        Ok((plan.resealed.len(), contacts.unopened))
    }

    /// Who and what is still on a previous instance secret.
    pub async fn instance_secret_status(&self) -> Result<SecretStatus> {
        let users = self.store().users_on_previous_secrets().await?;
        let receipts = self.store().receipts_on_previous_secrets().await?;
        let mut ids: Vec<(String, bool)> =
            self.inner.previous.iter().map(|s| (s.id(), true)).collect();
        let named = users
            .iter()
            .map(|u| &u.0)
            .chain(receipts.iter().map(|r| &r.0));
        for id in named {
            if !ids.iter().any(|(known, _)| known == id) {
                ids.push((id.clone(), false));
            }
        }
        let previous = ids
            .into_iter()
            .map(|(id, in_key_file)| PreviousSecret {
                accounts: users
                    .iter()
                    .filter(|u| u.0 == id)
                    .map(|u| u.1.clone())
                    .collect(),
                reports: receipts.iter().filter(|r| r.0 == id).map(|r| r.1).sum(),
                id,
                in_key_file,
            })
            .collect();
        Ok(SecretStatus {
            current: self.inner.instance.id(),
            previous,
            retention_days: self.settings().reports.retention.after_last_activity_days,
        })
    }
}

/// The previous secrets the database still names (password locks and receipts).
async fn needed_secrets(store: &Store) -> Result<BTreeSet<String>> {
    let users = store.users_on_previous_secrets().await?;
    let receipts = store.receipts_on_previous_secrets().await?;
    Ok(users
        .into_iter()
        .map(|u| u.0)
        .chain(receipts.into_iter().map(|r| r.0))
        .collect())
}

/// Refuses a rotation that would keep more than `MAX_PREVIOUS` previous secrets: the current one
/// (which every existing password lock and receipt moves to) and those still needed.
fn check_room(keys: &InstanceKeys, needed: &BTreeSet<String>) -> Result<()> {
    let current = keys.current().id();
    let kept = keys
        .all()
        .filter(|s| {
            let id = s.id();
            id == current || needed.contains(&id)
        })
        .count();
    if kept > vigie_vault::instance_keys::MAX_PREVIOUS {
        return Err(AppError::Invalid(format!(
            "{kept} previous instance secrets would be kept (at most {}): let the people `vigie keys rotate-instance --status` lists sign in, or recover them, first",
            vigie_vault::instance_keys::MAX_PREVIOUS
        )));
    }
    Ok(())
}

/// Key files carry the day as their time, like every file vigie writes.
fn stamp_day(path: &std::path::Path) -> Result<()> {
    vigie_store::day_files::stamp_with_parent(path).map_err(|e| key_file_error(path, e))
}

/// Contact seals opened under the old key and sealed again under the new one.
struct Reseal {
    old: SymmetricKey,
    new: SymmetricKey,
    done: Vec<Resealed>,
    unopened: usize,
}

impl Reseal {
    fn new(old: SymmetricKey, new: SymmetricKey) -> Self {
        Reseal {
            old,
            new,
            done: Vec::new(),
            unopened: 0,
        }
    }

    /// One row: a seal that does not open is left as it is (it opened for nobody before either).
    fn add(&mut self, table: ContactTable, id: String, aad: &[u8], sealed: &[u8]) {
        match vigie_vault::seal::open(&self.old, aad, sealed) {
            Ok(plain) => self.done.push(Resealed {
                table,
                id,
                sealed: vigie_vault::seal::seal(&self.new, aad, &plain),
            }),
            Err(_) => self.unopened += 1,
        }
    }
}
