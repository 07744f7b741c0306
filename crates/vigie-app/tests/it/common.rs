//! Shared set-up of the use-case tests: one initialised instance per backend (vigie-testkit's), with
//! an escrow key.

use std::time::Duration;

use vigie_app::reports::Writing;
use vigie_app::{App, NewAccount, Settings};
use vigie_domain::{AuditActor, Principal, ReportId, Role, RoleSet, TeamId, UserId};
use vigie_testkit::instance::fast_settings;
use vigie_vault::SecretKey;

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

/// Runs `test` on one initialised instance per backend (see [`envs`]), dropping each afterwards.
pub async fn each_env(test: impl AsyncFn(&Env)) {
    for env in envs().await {
        test(&env).await;
        env.cleanup().await;
    }
}

/// [`each_env`] for the tests that need the application only.
pub async fn each_app(test: impl AsyncFn(&App)) {
    each_env(async |env| test(&env.app).await).await;
}

/// A new staff account holding `roles`, created by the CLI: its id and first password.
pub async fn account(
    app: &App,
    name: &str,
    roles: &[Role],
    contact: Option<String>,
) -> (UserId, String) {
    let new = NewAccount {
        username: name.into(),
        roles: RoleSet::of(roles),
        contact,
    };
    let (id, pw) = app.create_user(AuditActor::Cli, &new).await.unwrap();
    (id, pw.to_string())
}

/// A signed-in staff member: who they are for the policy, and their unlocked key.
pub struct Staff {
    pub principal: Principal,
    pub secret: SecretKey,
}

impl Staff {
    /// Writes `text` into report `id` as `what` says; it must be allowed.
    pub async fn write(&self, app: &App, id: ReportId, text: &str, what: Writing) {
        app.write(&self.principal, &self.secret, id, text, what)
            .await
            .unwrap();
    }
}

/// A new staff member with one role, signed in.
pub async fn staff(app: &App, name: &str, role: Role) -> Staff {
    let (id, pw) = account(app, name, &[role], None).await;
    Staff {
        principal: app.principal(id).await.unwrap(),
        secret: vigie_testkit::unlocked_key(app, name, &pw).await,
    }
}

/// Reads the principal again (after team changes).
pub async fn refresh(app: &App, s: &mut Staff) {
    s.principal = app.principal(s.principal.id).await.unwrap();
}

/// A new team holding `members`, created by the CLI.
pub async fn new_team(app: &App, name: &str, members: &[&str]) -> TeamId {
    let members: Vec<String> = members.iter().map(|m| (*m).to_owned()).collect();
    app.create_team(AuditActor::Cli, name, &members)
        .await
        .unwrap()
}

/// The current key generation of the team named `name`.
/// The slots (generation, wrapped key) of `team`'s key that `user` holds, oldest first.
pub async fn held_team_slots(app: &App, team: TeamId, user: UserId) -> Vec<(i64, Vec<u8>)> {
    let holder = vigie_store::TeamSlot::user_holder(user);
    app.store().team_slots(team, holder).await.unwrap()
}

pub async fn team_generation(app: &App, name: &str) -> i64 {
    let team = app.store().team_by_name(name).await.unwrap().unwrap();
    team.generation
}
