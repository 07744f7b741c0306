//! Demonstration content for `vigie serve --demo`: one staff account per role, with a known password
//! and an enrolled second factor, and two teams. Names are invented and obviously fictional.

use vigie_domain::Principal;
use vigie_domain::{AuditActor, AuditKind, Role, RoleSet, UserId};
use vigie_vault::{PublicKey, SecretKey};
use zeroize::Zeroizing;

use crate::accounts::NewAccount;
use crate::auth::ActiveSession;
use crate::second_factor::totp_aad;
use crate::teams::TeamKeySource;
use crate::{App, AppError, Result};

/// A demo account as printed at start-up.
pub struct DemoAccount {
    /// User name.
    pub username: String,
    /// Its role.
    pub role: Role,
    /// Its password.
    pub password: Zeroizing<String>,
    /// Its TOTP secret (base32) and `otpauth://` URI.
    pub totp_secret: Zeroizing<String>,
    /// The `otpauth://` URI.
    pub totp_uri: Zeroizing<String>,
}

/// The demo staff: (user name, role). Fictional people.
pub const DEMO_STAFF: &[(&str, Role)] = &[
    ("demo.admin", Role::Admin),
    ("demo.signalements", Role::Handler),
    ("demo.garante", Role::Custodian),
    ("demo.accompagnement", Role::Caseworker),
    ("demo.psychologue", Role::Partner),
    ("demo.analyste", Role::Analyst),
    ("demo.prevention", Role::PreventionCoordinator),
];

/// The demo handler, in every report team.
const DEMO_HANDLER: &str = "demo.signalements";

/// The demo teams: (name, members).
const DEMO_TEAMS: &[(&str, &[&str])] = &[
    // Report teams take handlers only. The caseworkers' team that help requests reach comes with
    // victims' casework (casework teams take caseworkers).
    ("Signalements Marseille nord", &["demo.signalements"]),
];

/// Every demo account shares this password (it is printed; it is a demo).
pub const DEMO_PASSWORD: &str = "demonstration-vigie";

/// The user name `vigie serve --demo` gives the first admin when it creates the instance.
pub const DEMO_FIRST_ADMIN: &str = "admin";

/// A text of a demonstration table (compiled in).
pub(crate) type Text = &'static str;
/// A list of codes of a demonstration table.
pub(crate) type Codes = &'static [Text];

impl App {
    /// Signs demo account `username` in with the demo password, as a visitor would: its session
    /// (to log out when done), who it is for the policy, and its unlocked key. `role` names it in
    /// the errors.
    pub(crate) async fn demo_sign_in(
        &self,
        username: &str,
        role: &str,
    ) -> Result<(ActiveSession, Principal, SecretKey)> {
        let login = self
            .login_password(username, DEMO_PASSWORD)
            .await
            .map_err(|e| AppError::Invalid(format!("demo {role} login: {e:?}")))?;
        let session = self
            .resume_session(&login.token.to_cookie_value())
            .await
            .map_err(|e| AppError::Invalid(format!("demo {role} session: {e:?}")))?;
        let secret = session.secret()?;
        let who = self.principal(session.user.id).await?;
        Ok((session, who, secret))
    }

    /// Refuses to fill a data directory that is not a demonstration: `--demo` adds accounts whose
    /// password is in the source code, so it runs only on an instance that `serve --demo` created
    /// itself (marked in its `instance_initialised` audit entry) and whose users are all demo
    /// accounts, or the first admin `admin` created with it.
    pub async fn check_demo_instance(&self) -> Result<()> {
        let filter = vigie_store::AuditFilter {
            kind: Some(AuditKind::InstanceInitialised.as_str().to_owned()),
            limit: 1,
            ..Default::default()
        };
        let entries = self.store().audit_entries(&filter).await?;
        let marked = entries
            .iter()
            .any(|e| e.detail.split(',').any(|w| w == crate::init::DEMO_MARK));
        if !marked {
            return Err(AppError::Invalid(
                "--demo: this instance was not created by `vigie serve --demo`; the demo adds accounts \
                 whose password is public, so it runs only in a data directory of its own"
                    .into(),
            ));
        }
        let users = self.store().list_users().await?;
        if let Some(other) = users.iter().find(|u| {
            u.username != DEMO_FIRST_ADMIN && !DEMO_STAFF.iter().any(|(n, _)| *n == u.username)
        }) {
            return Err(AppError::Invalid(format!(
                "--demo: this instance has a user who is not a demo account (`{}`); the demo adds \
                 accounts whose password is public, so it runs only in a data directory of its own",
                other.username
            )));
        }
        Ok(())
    }

    /// Creates the demo accounts and teams if they do not exist yet, and returns the accounts with
    /// their credentials (the TOTP secrets are re-created at each start, so they can be printed).
    pub async fn provision_demo(&self) -> Result<Vec<DemoAccount>> {
        let mut out = Vec::new();
        for (name, role) in DEMO_STAFF {
            let user = match self.store().user_by_name(name).await? {
                Some(u) => u,
                None => {
                    let new = NewAccount {
                        username: (*name).to_owned(),
                        roles: RoleSet::of(&[*role]),
                        contact: Some(format!("{name}@exemple.invalid")),
                    };
                    // A known password and no forced change: a visitor logs in with what was printed.
                    self.create_user_with(AuditActor::System, &new, Some(DEMO_PASSWORD))
                        .await?;
                    self.user_named(name).await?
                }
            };
            // A fresh second factor at each start, wrapped for the account's own key, so that the
            // console can print it (a real account's secret is never shown again after enrolment).
            let pk = self.directory().await?.active_key(user.id)?;
            let (totp_secret, totp_uri) = self.demo_totp(user.id, &user.username, &pk).await?;
            out.push(DemoAccount {
                username: user.username,
                role: *role,
                password: Zeroizing::new(DEMO_PASSWORD.to_owned()),
                totp_secret,
                totp_uri,
            });
        }
        let existing = self.store().list_teams().await?;
        for (team, members) in DEMO_TEAMS {
            if !existing.iter().any(|t| t.name == *team) {
                let members: Vec<String> = members.iter().map(|m| (*m).to_owned()).collect();
                self.create_team(AuditActor::System, team, &members).await?;
            }
        }
        Ok(out)
    }

    /// Puts `demo.signalements` in the default report team too, so that a report filed from any
    /// arrondissement (no routing rule) reaches its inbox. Like an admin outside the team, this starts
    /// a new generation of the team key. Does nothing if the handler is already a member.
    pub async fn provision_demo_default_team(&self) -> Result<()> {
        let Some(default) = self.store().default_team().await? else {
            return Ok(());
        };
        let handler = self.user_named(DEMO_HANDLER).await?;
        if self
            .store()
            .team_members(default)
            .await?
            .contains(&handler.id)
        {
            return Ok(());
        }
        let Some(team) = self
            .store()
            .list_teams()
            .await?
            .into_iter()
            .find(|t| t.id == default)
        else {
            return Ok(());
        };
        self.add_team_member(
            AuditActor::System,
            TeamKeySource::None,
            &team.name,
            DEMO_HANDLER,
        )
        .await?;
        Ok(())
    }

    async fn demo_totp(
        &self,
        id: UserId,
        username: &str,
        pk: &PublicKey,
    ) -> Result<(Zeroizing<String>, Zeroizing<String>)> {
        let secret = crate::second_factor::new_totp_secret();
        let totp = crate::second_factor::build_totp(secret.as_ref().to_vec(), username)?;
        let uri = totp
            .to_url()
            .map_err(|e| AppError::Invalid(format!("TOTP: {e}")))?;
        let wrapped = vigie_vault::slot::wrap_for(pk, secret.as_ref(), &totp_aad(id))?;
        let entry = [self
            .entry(
                AuditActor::System,
                AuditKind::TotpEnrolled,
                &format!("user:{id}"),
                "demo",
            )
            .await?];
        self.store()
            .enrol_totp(id, &wrapped, &[], &crate::audit::audited(&entry))
            .await?;
        Ok((Zeroizing::new(secret.to_base32()), Zeroizing::new(uri)))
    }
}
