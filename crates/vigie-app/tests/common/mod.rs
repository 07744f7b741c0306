//! Shared set-up of the use-case tests: one initialised instance per backend.
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code, missing_docs)]

use std::time::Duration;

use vigie_app::{App, InitOptions, KeyPaths, Settings};
use vigie_store::{Store, StoreOptions};
use vigie_vault::KdfParams;

pub struct Env {
    pub app: App,
    pub paths: KeyPaths,
    pub schema: Option<String>,
    pub url: String,
    pub dir: tempfile::TempDir,
    /// The escrow secret `init` printed.
    pub escrow: String,
}

impl Env {
    pub async fn cleanup(self) {
        if let Some(s) = &self.schema {
            self.app.store().drop_schema(s).await.unwrap();
        }
        self.app.store().close().await;
    }
}

pub fn settings() -> Settings {
    Settings {
        kdf: KdfParams::danger_test_minimum(),
        pool_wait: Duration::from_secs(5),
        ..Settings::default()
    }
}

pub async fn envs() -> Vec<Env> {
    let mut targets = vec![(None, None)];
    if let Ok(url) = std::env::var("VIGIE_TEST_POSTGRES_URL") {
        targets.push((
            Some(url),
            Some(format!("t_{}", uuid::Uuid::new_v4().simple())),
        ));
    }
    let mut out = Vec::new();
    for (url, schema) in targets {
        let dir = tempfile::tempdir().unwrap();
        let url =
            url.unwrap_or_else(|| format!("sqlite://{}", dir.path().join("v.sqlite").display()));
        let mut opts = StoreOptions::new(url.clone());
        opts.pg_schema = schema.clone();
        let store = Store::connect(&opts).await.unwrap();
        store.migrate().await.unwrap();
        let paths = KeyPaths {
            instance_secret: dir.path().join("instance.key"),
            audit_key: dir.path().join("audit.key"),
            blob_dir: dir.path().join("blobs"),
            checkpoint_log: dir.path().join("checkpoints.log"),
        };
        let init = InitOptions {
            admin: "admin".into(),
            escrow: true,
            receipt_kdf: KdfParams::danger_test_minimum(),
            demo: false,
        };
        let done = App::init(store, &paths, settings(), &init).await.unwrap();
        assert!(
            done.escrow_secret
                .as_ref()
                .unwrap()
                .starts_with("VIGIE-ESCROW-1-")
        );
        let escrow = done.escrow_secret.as_ref().unwrap().to_string();
        out.push(Env {
            escrow,
            app: done.app,
            paths,
            schema,
            url,
            dir,
        });
    }
    out
}
