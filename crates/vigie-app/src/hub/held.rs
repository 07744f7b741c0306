//! What the hub holds of its members, and the scheduled pull that fills it: each member pulled from
//! its stored trust (a new member: its configured fingerprint as current key), the editions verified
//! stored in one transaction with the new trust and the pull's status, a refusal recorded with its
//! reason. The editions are published data, signed by the members: their exact times are kept.

use std::time::Duration;

use vigie_store::{
    HubEditionRow, HubFile, HubMemberRow, HubPeriod, MemberWrite, PullStatus, StoreError,
};

use super::{Member, Pulled, client, pull_member};
use crate::audit::audited;
use crate::federation::{MemberTrust, VerifiedEdition};
use crate::{App, AppError, Result};

/// The lease of the scheduled pull: with several instances, one pulls each round.
pub const PULL_JOB: &str = "hub_pull";

/// How long a pull's lease lasts: a killed holder's round is taken over after it.
const PULL_LEASE_SECS: i64 = 3600;

/// `[federation]`: the hub's members and how it pulls them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Federation {
    /// The member cities.
    pub members: Vec<Member>,
    /// How often they are pulled.
    pub every: Duration,
    /// A member that has not answered well for this long shows as stale.
    pub stale_after: Duration,
    /// The timeout of each request to a member.
    pub timeout: Duration,
}

/// What one member's pull did, for the log and the command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PullReport {
    /// The member's INSEE code.
    pub insee: String,
    /// The editions verified and stored, oldest first.
    pub stored: Vec<String>,
    /// Why the pull stopped early, in words (a refusal or a failure).
    pub stopped: Option<String>,
}

/// Per configured member (in the configuration's order), the member and its newest edition held,
/// verified at its pull, with its files. Empty when the instance is not a hub.
pub async fn held_editions(app: &App) -> Result<Vec<(Member, Option<Pulled>)>, AppError> {
    let Some(f) = app.federation() else {
        return Ok(Vec::new());
    };
    let mut out = Vec::with_capacity(f.members.len());
    for m in &f.members {
        let held = match app.store().newest_hub_edition(&m.insee).await? {
            Some((row, files)) => Some(pulled_of(row, files)?),
            None => None,
        };
        out.push((m.clone(), held));
    }
    Ok(out)
}

/// A stored edition as it was verified, its files in the document's order.
fn pulled_of(row: HubEditionRow, mut files: Vec<HubFile>) -> Result<Pulled> {
    let edition = VerifiedEdition::held(row.document, row.kid)
        .map_err(|e| AppError::Integrity(format!("hub edition {}: {e}", row.id)))?;
    files.sort_by_key(|(name, _)| edition.files.iter().position(|f| &f.name == name));
    Ok(Pulled { edition, files })
}

/// The trust a stored row holds.
fn trust_of(row: &HubMemberRow) -> Result<MemberTrust> {
    serde_json::from_str(&row.trust)
        .map_err(|e| AppError::Integrity(format!("hub member {}'s trust: {e}", row.insee)))
}

impl App {
    /// `[federation]`, when this instance is a hub.
    pub fn federation(&self) -> Option<&Federation> {
        self.settings().federation.as_ref()
    }

    /// The stored row of `member` and the trust it holds, or new ones trusting its configured
    /// fingerprint.
    pub(super) async fn member_row(&self, member: &Member) -> Result<(HubMemberRow, MemberTrust)> {
        if let Some(row) = self.store().hub_member(&member.insee).await? {
            let trust = trust_of(&row)?;
            return Ok((row, trust));
        }
        let row = HubMemberRow {
            insee: member.insee.clone(),
            trust: String::new(),
            status: PullStatus {
                first_seen_at: self.clock().unix(),
                ..PullStatus::default()
            },
        };
        let trust = MemberTrust {
            current: member.fingerprint.clone(),
            ..MemberTrust::default()
        };
        Ok((row, trust))
    }

    /// Saves `row` with `trust` (and, for a pull, its status) and `editions`, in one transaction
    /// with `audit`, if the stored trust is still the one `row` was read with (`row.trust`, empty
    /// when there was no row): else `StoreError::Changed`, and nothing is written.
    pub(super) async fn save_member(
        &self,
        mut row: HubMemberRow,
        (trust, pulled): (&MemberTrust, bool),
        editions: &[(HubEditionRow, Vec<HubFile>)],
        audit: &[vigie_store::NewAuditEntry],
    ) -> Result<()> {
        let read = std::mem::take(&mut row.trust);
        row.trust = serde_json::to_string(trust)
            .map_err(|e| AppError::Invalid(format!("hub member trust: {e}")))?;
        let write = MemberWrite {
            row: &row,
            read: (!read.is_empty()).then_some(read.as_str()),
            status: pulled,
        };
        Ok(self
            .store()
            .save_hub_member((write, &audited(audit)), editions)
            .await?)
    }

    /// The scheduled pull: every member, if this instance takes the round's lease (`None` when it
    /// is not a hub, the round is not due, or another instance holds it). The next round is due
    /// `every` after this one.
    pub async fn scheduled_pull(&self) -> Result<Option<Vec<PullReport>>> {
        let Some(f) = self.federation() else {
            return Ok(None);
        };
        let now = self.clock().unix();
        if !self
            .store()
            .take_job(PULL_JOB, now, PULL_LEASE_SECS)
            .await?
        {
            return Ok(None);
        }
        let result = self.pull_network().await;
        let every = i64::try_from(f.every.as_secs()).unwrap_or(i64::MAX / 2);
        self.store().finish_job(PULL_JOB, now + every).await?;
        result.map(Some)
    }

    /// Pulls every member now, without the lease (the scheduled pull takes it; a demonstration or a
    /// test calls this directly). Empty when the instance is not a hub.
    pub async fn pull_network(&self) -> Result<Vec<PullReport>> {
        let Some(f) = self.federation() else {
            return Ok(Vec::new());
        };
        let http = client(f.timeout).map_err(|e| AppError::Invalid(e.to_string()))?;
        let mut out = Vec::with_capacity(f.members.len());
        for m in &f.members {
            out.push(self.pull_and_store(&http, m).await?);
        }
        Ok(out)
    }

    /// Pulls `member` (configured or not: a demonstration may pull cities of its own) from its
    /// stored trust, and stores what was verified with the new trust and the pull's status, in one
    /// transaction. `http` is [`super::client`]'s.
    ///
    /// The trust a pull read may change before it saves (the admin confirms a key meanwhile): the
    /// save is then refused, never putting back the trust the pull started from, and the member is
    /// pulled again from the new trust; if it changes again, the pull is dropped with the refusal
    /// recorded (the next round pulls it).
    pub async fn pull_and_store(
        &self,
        http: &reqwest::Client,
        member: &Member,
    ) -> Result<PullReport> {
        for _ in 0..PULL_TRIES {
            match self.pull_once(http, member).await {
                Err(AppError::Store(StoreError::Changed(_))) => continue,
                done => return done,
            }
        }
        let why = "the hub's trust in this member changed during the pull (a key confirmed \
                   meanwhile): pulled again at the next round";
        let (mut row, trust) = self.member_row(member).await?;
        refused(&mut row.status, self.clock().unix(), why);
        match self.save_member(row, (&trust, true), &[], &[]).await {
            Ok(()) | Err(AppError::Store(StoreError::Changed(_))) => Ok(PullReport {
                insee: member.insee.clone(),
                stored: Vec::new(),
                stopped: Some(why.into()),
            }),
            Err(e) => Err(e),
        }
    }

    /// One try of [`App::pull_and_store`].
    async fn pull_once(&self, http: &reqwest::Client, member: &Member) -> Result<PullReport> {
        let (mut row, trust) = self.member_row(member).await?;
        let outcome = pull_member(http, member, &trust).await;
        let now = self.clock().unix();
        let stopped = outcome.stopped.map(|e| e.to_string());
        match &stopped {
            None => (row.status.last_good_at, row.status.failures) = (Some(now), 0),
            Some(why) => refused(&mut row.status, now, why),
        }
        let editions: Vec<(HubEditionRow, Vec<HubFile>)> = outcome
            .pulled
            .into_iter()
            .map(|p| {
                let e = p.edition;
                let period = HubPeriod {
                    period: e.period,
                    version: i64::from(e.version),
                };
                let row = HubEditionRow {
                    id: e.id,
                    period,
                    kid: e.kid,
                    document: e.document,
                };
                (row, p.files)
            })
            .collect();
        let stored = editions.iter().map(|(e, _)| e.id.clone()).collect();
        self.save_member(row, (&outcome.trust, true), &editions, &[])
            .await?;
        Ok(PullReport {
            insee: member.insee.clone(),
            stored,
            stopped,
        })
    }
}

/// How many times a pull is made when the trust it read changed before it saved.
const PULL_TRIES: usize = 2;

/// Records a refusal (or a failure) at `now` in a member's pull status.
fn refused(st: &mut PullStatus, now: i64, why: &str) {
    (st.last_refusal_at, st.last_refusal) = (Some(now), Some(why.to_owned()));
    st.failures += 1;
}
