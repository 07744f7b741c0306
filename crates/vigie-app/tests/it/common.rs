//! Shared set-up of the use-case tests: one initialised instance per backend (vigie-testkit's), with
//! an escrow key.

use std::time::Duration;

use vigie_app::Settings;
use vigie_testkit::instance::fast_settings;

/// An initialised instance: `env.app`, `env.paths`, `env.dir()`, `env.url()`, `env.schema()`,
/// `env.escrow()`; `env.cleanup()` drops its PostgreSQL schema and closes the pool.
pub type Env = vigie_testkit::Instance;

pub fn settings() -> Settings {
    fast_settings(Duration::from_secs(5))
}

/// One instance per backend available, each with the escrow secret `init` printed.
pub async fn envs() -> Vec<Env> {
    let out = Env::all(&settings(), true).await;
    for env in &out {
        assert!(escrow(env).starts_with("VIGIE-ESCROW-1-"));
    }
    out
}

/// The escrow secret `init` printed.
pub fn escrow(env: &Env) -> &str {
    env.escrow_secret.as_deref().unwrap()
}
