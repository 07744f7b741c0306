//! The hub's members as its admin sees them (the status page, `vigie hub status`), and the admin's
//! confirmation of a key a member had not announced (`vigie hub confirm-key`, audited).

use vigie_domain::{Action, AuditActor, AuditKind, Principal};
use vigie_store::{PullStatus, StoreError};

use super::Member;
use crate::federation::MemberTrust;
use crate::{App, AppError, Result};

/// How many times a confirmation is made when a pull saved the member's trust in between.
const CONFIRM_TRIES: usize = 3;

/// One member's state, as the status page shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberStatus {
    /// The member, as configured.
    pub member: Member,
    /// What the hub trusts of it: its keys, its newest edition held (before its first pull, the
    /// configured fingerprint as current key).
    pub trust: MemberTrust,
    /// How its pulls went; `None` before the first.
    pub pulls: Option<PullStatus>,
    /// Whether it has had no good pull for longer than `[federation] stale_after_pulls` intervals
    /// (counted from the hub's first try when it never had one).
    pub stale: bool,
}

impl MemberStatus {
    /// The newest edition held (`2026-03.1`).
    pub fn newest(&self) -> Option<String> {
        let (period, version) = self.trust.held.as_ref()?;
        Some(format!("{period}.{version}"))
    }
}

impl App {
    /// The members' states, for the hub's admin (the policy's `ManageNetwork`).
    pub async fn network_status(&self, who: &Principal) -> Result<Vec<MemberStatus>> {
        self.authorize_instance(who, Action::ManageNetwork).await?;
        self.hub_status().await
    }

    /// The members' states, in the configuration's order (the command line's `vigie hub status`;
    /// the web asks [`App::network_status`]). Empty when the instance is not a hub.
    pub async fn hub_status(&self) -> Result<Vec<MemberStatus>> {
        let Some(f) = self.federation() else {
            return Ok(Vec::new());
        };
        let now = self.clock().unix();
        let stale_after = i64::try_from(f.stale_after.as_secs()).unwrap_or(i64::MAX / 2);
        let mut out = Vec::with_capacity(f.members.len());
        for m in &f.members {
            let (row, trust) = self.member_row(m).await?;
            // A row not stored yet has no trust written.
            let stored = !row.trust.is_empty();
            let st = row.status;
            let stale = stored && now - st.last_good_at.unwrap_or(st.first_seen_at) > stale_after;
            out.push(MemberStatus {
                member: m.clone(),
                trust,
                pulls: stored.then_some(st),
                stale,
            });
        }
        Ok(out)
    }

    /// The hub's admin confirms `kid` as member `insee`'s next key, after checking it with the
    /// member out of band: its next description signed by that key is then accepted (a rotation).
    /// Refused: an instance that is not a hub, a member not configured, a key that is not a
    /// thumbprint, the current key, and a key the member retired (it stays refused).
    pub async fn confirm_member_key(
        &self,
        actor: AuditActor,
        insee: &str,
        kid: &str,
    ) -> Result<MemberTrust> {
        let member = self
            .federation()
            .ok_or_else(|| {
                AppError::Invalid(
                    "this instance is not a hub: its configuration has no [federation]".into(),
                )
            })?
            .members
            .iter()
            .find(|m| m.insee == insee)
            .ok_or_else(|| AppError::Invalid(format!("no member with INSEE code {insee}")))?;
        if !super::is_fingerprint(kid) {
            return Err(AppError::Invalid(format!(
                "{kid:?} is not a key fingerprint (43 base64url characters, as `vigie keys publication` prints it)"
            )));
        }
        // A pull of the same member may save between this read and this save: the save is then
        // refused (the store compares the trust read) and the confirmation made again on what the
        // pull stored, so that neither overwrites the other.
        for _ in 0..CONFIRM_TRIES {
            let (row, mut trust) = self.member_row(member).await?;
            if trust.current == kid {
                return Err(AppError::Invalid(format!(
                    "{kid} is already member {insee}'s current key"
                )));
            }
            if trust.retired.iter().any(|r| r == kid) {
                return Err(AppError::Invalid(format!(
                    "{kid} is a key member {insee} retired: a retired key stays refused"
                )));
            }
            let detail = format!("current key {}, confirmed key {kid}", trust.current);
            trust.announced = Some(kid.to_owned());
            let entry = self
                .entry(
                    actor.clone(),
                    AuditKind::MemberKeyConfirmed,
                    &format!("member:{insee}"),
                    &detail,
                )
                .await?;
            match self
                .save_member(row, (&trust, false), &[], std::slice::from_ref(&entry))
                .await
            {
                Err(AppError::Store(StoreError::Changed(_))) => continue,
                done => return done.map(|()| trust),
            }
        }
        Err(AppError::Store(StoreError::Changed("hub member trust")))
    }

    /// [`App::confirm_member_key`] by a staff member the policy lets manage the network.
    pub async fn confirm_member_key_as(
        &self,
        who: &Principal,
        insee: &str,
        kid: &str,
    ) -> Result<MemberTrust> {
        self.authorize_instance(who, Action::ManageNetwork).await?;
        self.confirm_member_key(AuditActor::Staff(who.id), insee, kid)
            .await
    }
}
