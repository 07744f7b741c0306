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

/// Inserts or replaces a member's row (`$1` is the INSEE code).
const SAVE_MEMBER: &str = "INSERT INTO hub_members (insee, trust, first_seen_at, last_good_at, \
    last_refusal_at, last_refusal, failures) VALUES ($1, $2, $3, $4, $5, $6, $7) \
    ON CONFLICT (insee) DO UPDATE SET trust = $2, last_good_at = $4, last_refusal_at = $5, \
    last_refusal = $6, failures = $7";

impl Store {
    /// The member with this INSEE code, if the hub has tried to pull it.
    pub async fn hub_member(&self, insee: &str) -> Result<Option<HubMemberRow>> {
        let sql = format!("SELECT {MEMBER_COLUMNS} FROM hub_members WHERE insee = $1");
        self.optional(sqlx::AssertSqlSafe(sql), args![insee]).await
    }

    /// Saves a member's row and the editions just verified (with their files) in one transaction,
    /// with `audit`'s entries (none for a pull; the admin's confirmation of a key has one). An
    /// edition already held is `Conflict`, and nothing is written.
    pub async fn save_hub_member(
        &self,
        (m, audit): (&HubMemberRow, &Audit<'_>),
        editions: &[(HubEditionRow, Vec<HubFile>)],
    ) -> Result<()> {
        let st = &m.status;
        audited_tx!(self, audit, tx => {
            execute(
                &mut *tx,
                SAVE_MEMBER,
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
            .await?;
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
