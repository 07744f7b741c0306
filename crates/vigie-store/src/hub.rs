//! The hub's holdings (migration 0024): each member city's trust and pull status, and the editions
//! it verified with their files. Published data only, signed by the members: this module stores the
//! bytes the hub verified and checks nothing.

use sqlx::FromRow;

use crate::sql::{args, execute};
use crate::{Audit, Result, Store, audited_tx};

/// An edition the hub verified (its files apart), of the member the row is saved with.
#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct HubEditionRow {
    /// `2026-03.1`.
    pub id: String,
    /// `2026-03`, and its version.
    #[sqlx(flatten)]
    pub period: HubPeriod,
    /// The key that signed it.
    pub kid: String,
    /// The document, exactly as signed.
    pub document: Vec<u8>,
}

/// An edition's period and version, which order a member's editions.
#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct HubPeriod {
    /// `2026-03`.
    pub period: String,
    /// Its version, from 1.
    pub version: i64,
}

/// A member's trust and the status of its pulls, by INSEE code, as stored.
#[derive(Clone, Debug, Default, PartialEq, Eq, FromRow)]
pub struct HubMemberRow {
    /// Its INSEE code.
    pub insee: String,
    /// What the hub trusts of it (keys, newest edition held): the app's JSON.
    pub trust: String,
    /// How its pulls went.
    #[sqlx(flatten)]
    pub status: PullStatus,
}

/// How a member's pulls went (Unix seconds).
#[derive(Clone, Debug, Default, PartialEq, Eq, FromRow)]
pub struct PullStatus {
    /// When the hub first tried to pull it.
    pub first_seen_at: i64,
    /// Its last pull that ended without a refusal or a failure.
    pub last_good_at: Option<i64>,
    /// When its last refusal or failure was.
    pub last_refusal_at: Option<i64>,
    /// Why: the refusal or failure, in words.
    pub last_refusal: Option<String>,
    /// Pulls refused or failed in a row since its last good one.
    pub failures: i64,
}

/// A file of an edition: its name and bytes, matching its signed digest.
pub type HubFile = (String, Vec<u8>);

const MEMBER_COLUMNS: &str =
    "insee, trust, first_seen_at, last_good_at, last_refusal_at, last_refusal, failures";

/// A member's first row (`$1` is the INSEE code); none is written if another writer made it first.
const INSERT_MEMBER: &str = "INSERT INTO hub_members (insee, trust, first_seen_at, last_good_at, \
    last_refusal_at, last_refusal, failures) VALUES ($1, $2, $3, $4, $5, $6, $7) \
    ON CONFLICT (insee) DO NOTHING";

/// A pull's save: the trust and the pull's status, if the trust is still what the pull read (`$7`).
const UPDATE_PULLED: &str = "UPDATE hub_members SET trust = $2, last_good_at = $3, \
    last_refusal_at = $4, last_refusal = $5, failures = $6 WHERE insee = $1 AND trust = $7";

/// The admin's confirmation of a key: the trust only, if it is still what was read (`$3`).
const UPDATE_TRUST: &str = "UPDATE hub_members SET trust = $2 WHERE insee = $1 AND trust = $3";

/// A member's row to save, and what its writer read of it.
#[derive(Clone, Copy, Debug)]
pub struct MemberWrite<'a> {
    /// The row to write.
    pub row: &'a HubMemberRow,
    /// The trust JSON the writer read (`None`: no row was stored). A pull reads the trust, then
    /// fetches for seconds: if the stored trust is no longer what it read (the admin confirmed a
    /// key meanwhile), the save is refused with [`crate::StoreError::Changed`] and nothing is
    /// written, rather than putting back the trust the pull started from.
    pub read: Option<&'a str>,
    /// Whether the pull's status is written too (a pull) or the trust only (a confirmation, which
    /// must not put back the status it read).
    pub status: bool,
}

impl Store {
    /// The member with this INSEE code, if the hub has tried to pull it.
    pub async fn hub_member(&self, insee: &str) -> Result<Option<HubMemberRow>> {
        let sql = format!("SELECT {MEMBER_COLUMNS} FROM hub_members WHERE insee = $1");
        self.optional(sqlx::AssertSqlSafe(sql), args![insee]).await
    }

    /// Saves a member's row and the editions just verified (with their files) in one transaction,
    /// with `audit`'s entries (none for a pull; the admin's confirmation of a key has one), if its
    /// trust is still what the writer read (else `Changed`). An edition already held is
    /// `Conflict`. Either way nothing is written.
    pub async fn save_hub_member(
        &self,
        (w, audit): (MemberWrite<'_>, &Audit<'_>),
        editions: &[(HubEditionRow, Vec<HubFile>)],
    ) -> Result<()> {
        let m = w.row;
        let st = &m.status;
        audited_tx!(self, audit, tx => {
            let written = match w.read {
                None => {
                    execute(
                        &mut *tx,
                        INSERT_MEMBER,
                        args![
                            &m.insee,
                            &m.trust,
                            st.first_seen_at,
                            st.last_good_at,
                            st.last_refusal_at,
                            &st.last_refusal,
                            st.failures,
                        ],
                    )
                    .await?
                }
                Some(read) if w.status => {
                    execute(
                        &mut *tx,
                        UPDATE_PULLED,
                        args![
                            &m.insee,
                            &m.trust,
                            st.last_good_at,
                            st.last_refusal_at,
                            &st.last_refusal,
                            st.failures,
                            read,
                        ],
                    )
                    .await?
                }
                Some(read) => execute(&mut *tx, UPDATE_TRUST, args![&m.insee, &m.trust, read]).await?,
            };
            if written == 0 {
                return Err(crate::StoreError::Changed("hub member trust"));
            }
            for (e, files) in editions {
                execute(
                    &mut *tx,
                    "INSERT INTO hub_editions (insee, id, period, version, kid, document) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                    args![&m.insee, &e.id, &e.period.period, e.period.version, &e.kid, &e.document],
                )
                .await
                .map_err(|err| crate::conflict_or(err, "hub edition"))?;
                for (name, body) in files {
                    execute(
                        &mut *tx,
                        "INSERT INTO hub_edition_files (insee, edition_id, name, body) \
                         VALUES ($1, $2, $3, $4)",
                        args![&m.insee, &e.id, name, body],
                    )
                    .await?;
                }
            }
        });
        Ok(())
    }

    /// The newest edition held of member `insee` (period, then version), with its files.
    pub async fn newest_hub_edition(
        &self,
        insee: &str,
    ) -> Result<Option<(HubEditionRow, Vec<HubFile>)>> {
        let row: Option<HubEditionRow> = self
            .optional(
                "SELECT id, period, version, kid, document FROM hub_editions \
                 WHERE insee = $1 ORDER BY period DESC, version DESC LIMIT 1",
                args![insee],
            )
            .await?;
        let Some(r) = row else {
            return Ok(None);
        };
        let files = self
            .all(
                "SELECT name, body FROM hub_edition_files WHERE insee = $1 AND edition_id = $2 \
                 ORDER BY name",
                args![insee, &r.id],
            )
            .await?;
        Ok(Some((r, files)))
    }
}
