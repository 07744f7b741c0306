//! Creating an instance (`vigie init`) and opening it (every other command).

use std::path::Path;

use vigie_domain::user::normalize_username;
use vigie_domain::{AuditActor, AuditKind, Role, RoleSet, UserId};
use vigie_store::{InstanceRow, Store};
use vigie_vault::{
    AuditSigner, EscrowSecret, InstanceKeys, InstanceSalt, InstanceSecret, KdfParams, KdfPools,
};
use zeroize::Zeroizing;

use crate::accounts::new_user_record;
use crate::{App, AppError, Clock, Inner, KeyPaths, Result, Settings};

/// What `vigie init` needs to know.
#[derive(Clone, Debug)]
pub struct InitOptions {
    /// The first admin's user name.
    pub admin: String,
    /// Whether to create an escrow key (its secret is printed once).
    pub escrow: bool,
    /// KDF parameters for receipts.
    pub receipt_kdf: KdfParams,
    /// Created by `vigie serve --demo`: recorded in the audit log, so that `--demo` later runs only on
    /// the instances it created itself (see [`App::check_demo_instance`]).
    pub demo: bool,
}

/// The team `vigie init` creates to receive reports.
pub const DEFAULT_TEAM: &str = "Signalements";

/// What `vigie init` must show once, and never again.
pub struct InitOutcome {
    /// The opened application.
    pub app: App,
    /// The first admin's user name.
    pub admin: String,
    /// Their one-time password (to be changed at first login).
    pub admin_password: Zeroizing<String>,
    /// The escrow secret, to be written down and kept offline.
    pub escrow_secret: Option<Zeroizing<String>>,
}

/// The words of the `instance_initialised` audit entry: `escrow` and `demo` when they apply.
fn init_detail(opts: &InitOptions) -> String {
    let words: Vec<&str> = [(opts.escrow, "escrow"), (opts.demo, DEMO_MARK)]
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, w)| *w)
        .collect();
    words.join(",")
}

/// The word that marks an instance created by `vigie serve --demo`.
pub(crate) const DEMO_MARK: &str = "demo";

/// The MAC label that ties an instance secret file to its database.
const SECRET_CHECK_LABEL: &str = "instance-check";

fn key_file_error(what: &str, path: &Path, e: impl std::fmt::Display) -> AppError {
    AppError::KeyFile(format!("{what} {}: {e}", path.display()))
}

/// Creates the instance secret and the audit key, dated to the day. Refuses to overwrite a key file
/// (a database restored without its keys, or the wrong one); removes the new instance secret if the
/// audit key cannot be created.
fn create_key_files(paths: &KeyPaths) -> Result<(InstanceSecret, AuditSigner)> {
    for path in [
        &paths.instance_secret,
        &paths.audit_key,
        &paths.checkpoint_log,
    ] {
        if path.exists() {
            return Err(AppError::KeyFile(format!(
                "{} already exists but the database holds no instance: restore the database that goes with it, \
                 or move the file away to start afresh",
                path.display()
            )));
        }
    }
    let instance = InstanceSecret::create(&paths.instance_secret).map_err(|e| {
        key_file_error(
            "cannot create the instance secret",
            &paths.instance_secret,
            e,
        )
    })?;
    let signer = match AuditSigner::create_file(&paths.audit_key) {
        Ok(s) => s,
        Err(e) => {
            let _ = std::fs::remove_file(&paths.instance_secret);
            return Err(key_file_error(
                "cannot create the audit key",
                &paths.audit_key,
                e,
            ));
        }
    };
    // Key files carry the day, like every file vigie writes (crate `vigie_store::day_files`).
    for path in [&paths.instance_secret, &paths.audit_key] {
        vigie_store::day_files::stamp_with_parent(path)
            .map_err(|e| key_file_error("cannot set the time of", path, e))?;
    }
    Ok((instance, signer))
}

impl App {
    /// Creates the instance: key files outside the database, then instance row and first admin in one
    /// transaction. If the database step fails, the key files just created are removed again.
    pub async fn init(
        store: Store,
        paths: &KeyPaths,
        settings: Settings,
        opts: &InitOptions,
    ) -> Result<InitOutcome> {
        if store.instance().await?.is_some() {
            return Err(AppError::AlreadyInitialised);
        }
        let admin = normalize_username(&opts.admin)?;
        // Before any key file is written: a bucket that cannot be reached leaves nothing behind.
        let blobs = open_blobs(paths, &settings).await?;
        let (instance, signer) = create_key_files(paths)?;
        let (escrow_secret, escrow_public) = if opts.escrow {
            let (secret, public) = EscrowSecret::generate();
            (Some(secret.to_printable()), Some(public))
        } else {
            (None, None)
        };
        let salt = InstanceSalt::random();
        let clock = Clock::default();
        crate::publication::create_at_init(
            &paths.publication_key,
            &vigie_domain::time::day_string(vigie_domain::time::paris_day(clock.now())),
        )?;
        let escrow_mac = instance
            .directory_key()
            .mac(&vigie_vault::DirectoryEntry::Escrow {
                public_key: escrow_public.map(|p| p.as_bytes().to_vec()),
            })
            .to_vec();
        let row = InstanceRow {
            directory_mac: Some(escrow_mac),
            salt: salt.as_bytes().to_vec(),
            secret_check: secret_check(&instance, salt.as_bytes()),
            receipt_kdf: opts.receipt_kdf.encode(),
            audit_public_key: signer.verifying_key_bytes().to_vec(),
            escrow_public_key: escrow_public.map(|p| p.as_bytes().to_vec()),
            created_at: clock.unix(),
        };
        let roles = RoleSet::of(&[Role::Admin, Role::Custodian]);
        let id = UserId::random();
        let kdf = settings.kdf;
        let (mut record, password) = new_user_record(
            &instance,
            escrow_public.as_ref(),
            kdf,
            id,
            admin.clone(),
            roles,
            None,
            None,
            clock.unix(),
        )?;
        record.directory_mac = Some(
            instance
                .directory_key()
                .mac(&crate::directory::user_entry(&record))
                .to_vec(),
        );
        if let Err(e) = store.init_instance(&row, &record).await {
            let _ = std::fs::remove_file(&paths.instance_secret);
            let _ = std::fs::remove_file(&paths.audit_key);
            return Err(match e {
                vigie_store::StoreError::Conflict(_) => AppError::AlreadyInitialised,
                other => other.into(),
            });
        }
        let keys = InstanceKeys::single(instance);
        let app = App::assemble(
            store,
            keys,
            (salt, row.receipt_kdf.clone()),
            signer,
            settings,
            clock,
            paths,
            blobs,
        )?;
        app.append_audit(
            AuditActor::Cli,
            AuditKind::InstanceInitialised,
            "",
            &init_detail(opts),
        )
        .await?;
        app.append_audit(
            AuditActor::Cli,
            AuditKind::UserCreated,
            &format!("user:{id}"),
            &roles.to_names(),
        )
        .await?;
        // A first team receives whatever no routing rule claims until an admin changes the default.
        // It starts empty: the first admin is no handler, and report teams take handlers only. Its
        // first members, added by an admin, read what arrives from then on (the escrow key, when
        // there is one, holds every generation).
        let team = app.create_team(AuditActor::Cli, DEFAULT_TEAM, &[]).await?;
        app.store().set_default_team(team).await?;
        app.seal_directory_change(AuditActor::Cli).await?;
        Ok(InitOutcome {
            app,
            admin,
            admin_password: password,
            escrow_secret,
        })
    }

    /// Opens an initialised instance: reads the key files, checks they belong to this database, and
    /// checks the key directory against the newest checkpoint (an [`AppError::Integrity`] stops it).
    pub async fn open(store: Store, paths: &KeyPaths, settings: Settings) -> Result<App> {
        let app = App::open_for_inspection(store, paths, settings).await?;
        app.open_directory().await?;
        Ok(app)
    }

    /// Opens an instance without checking its key directory, for the commands that report on it
    /// (`vigie keys verify`, `vigie audit verify`): they must run on a tampered database.
    pub async fn open_for_inspection(
        store: Store,
        paths: &KeyPaths,
        settings: Settings,
    ) -> Result<App> {
        let row = store.instance().await?.ok_or(AppError::NotInitialised)?;
        // A rotation interrupted between the swap of the key files and the update of the row is
        // accepted here, so that `vigie keys rotate-audit` can resume (the row is only a check that
        // the file belongs here: verification trusts the file).
        let audit_key =
            crate::audit_key::expected_audit_key(&store, paths, &row.audit_public_key).await?;
        let (keys, signer) = load_key_files(paths, &row.salt, &row.secret_check, &audit_key)?;
        App::open_with_keys(store, paths, settings, keys, signer, &row).await
    }

    /// Opens with key files already read and checked against the instance `row`.
    pub(crate) async fn open_with_keys(
        store: Store,
        paths: &KeyPaths,
        settings: Settings,
        keys: InstanceKeys,
        signer: AuditSigner,
        row: &InstanceRow,
    ) -> Result<App> {
        let salt = InstanceSalt::from_slice(&row.salt)?;
        let blobs = open_blobs(paths, &settings).await?;
        App::assemble(
            store,
            keys,
            (salt, row.receipt_kdf.clone()),
            signer,
            settings,
            Clock::default(),
            paths,
            blobs,
        )
    }

    // Private, called twice; a parameter struct would only rename these.
    #[allow(clippy::too_many_arguments)]
    fn assemble(
        store: Store,
        keys: InstanceKeys,
        // The instance row's values this process keeps: the salt, the receipt KDF.
        (salt, receipt_kdf): (InstanceSalt, String),
        audit_signer: AuditSigner,
        settings: Settings,
        clock: Clock,
        paths: &KeyPaths,
        blobs: vigie_store::BlobStore,
    ) -> Result<App> {
        let sizes = settings.pool_sizes;
        let pools = KdfPools::new(sizes.kdf(), settings.pool_wait, sizes.queue_length);
        let uploads = vigie_vault::BlockingPool::new(
            "uploads",
            sizes.uploads,
            settings.pool_wait,
            sizes.queue_length,
        );
        let sanitize_budget = vigie_sanitize::MemoryBudget::new(settings.reports.sanitize_memory);
        let (instance, previous) = keys.into_parts();
        Ok(App {
            inner: std::sync::Arc::new(Inner {
                store,
                instance,
                previous,
                salt,
                receipt_kdf,
                audit_signer,
                checkpoint_log: vigie_vault::CheckpointLog::new(&paths.checkpoint_log),
                checkpoint_lock: tokio::sync::Mutex::new(()),
                trusted: std::sync::Mutex::new(None),
                last_checkpoint_at: std::sync::Mutex::new(None),
                pools,
                uploads,
                settings,
                clock,
                blobs,
                sanitize_budget,
                notifier: std::sync::RwLock::new(None),
                rate: std::sync::Mutex::new(std::collections::HashMap::new()),
                editions: Default::default(),
                publication_key: paths.publication_key.clone(),
            }),
        })
    }
}

/// Opens the blob store where `paths` says, with the settings' quota: a folder, or a bucket in
/// which an object is written and deleted (an error names what to check).
pub(crate) async fn open_blobs(
    paths: &KeyPaths,
    settings: &Settings,
) -> Result<vigie_store::BlobStore> {
    let quota = vigie_store::BlobQuota {
        max_pending_bytes: settings.reports.pending_blob_quota,
    };
    vigie_store::BlobStore::open_location(&paths.blobs, quota)
        .await
        .map_err(|e| AppError::KeyFile(e.to_string()))
}

/// The MAC that ties an instance secret to its database (the instance row keeps it).
pub(crate) fn secret_check(secret: &InstanceSecret, salt: &[u8]) -> Vec<u8> {
    secret.mac(SECRET_CHECK_LABEL, salt).to_vec()
}

/// Reads the key files and checks they belong to the instance whose salt, secret check and audit
/// public key are given (from its database, or from a backup's manifest). A rotation of the instance
/// secret under way (a `next` secret in the file) is refused: `vigie keys rotate-instance` finishes it.
pub(crate) fn load_key_files(
    paths: &KeyPaths,
    salt: &[u8],
    check: &[u8],
    audit_public_key: &[u8],
) -> Result<(InstanceKeys, AuditSigner)> {
    let path = &paths.instance_secret;
    let keys = InstanceKeys::load(path)
        .map_err(|e| key_file_error("cannot read the instance secret", path, e))?;
    if keys.next().is_some() {
        return Err(AppError::KeyFile(format!(
            "a rotation of the instance secret {} was interrupted: run `vigie keys rotate-instance` again to finish it",
            path.display()
        )));
    }
    if secret_check(keys.current(), salt) != check {
        return Err(AppError::KeyFile(format!(
            "the instance secret {} does not belong to this database",
            path.display()
        )));
    }
    Ok((keys, load_audit_key(paths, audit_public_key)?))
}

/// Reads the audit key and checks it is the one the database (or a backup) names.
pub(crate) fn load_audit_key(paths: &KeyPaths, audit_public_key: &[u8]) -> Result<AuditSigner> {
    let signer = AuditSigner::load_file(&paths.audit_key)
        .map_err(|e| key_file_error("cannot read the audit key", &paths.audit_key, e))?;
    if signer.verifying_key_bytes().as_slice() != audit_public_key {
        return Err(AppError::KeyFile(format!(
            "the audit key {} does not belong to this database",
            paths.audit_key.display()
        )));
    }
    Ok(signer)
}
