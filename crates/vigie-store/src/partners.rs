//! The partner directory and the partners' charter acceptances (migration 0011).
//!
//! An entry's clear half ([`PartnerClear`]) is stored in columns the caseworkers' filters read; its
//! sealed half is bytes the caller sealed (names, phone, e-mail, address, notes, the linked account)
//! with the clear half as associated data. This module stores both and checks nothing.

use sqlx::FromRow;
use vigie_domain::partner::{Language, PartnerClear};
use vigie_domain::{PartnerId, UserId};

use crate::{Audit, Result, Store, conflict_or, dispatch, found, parse_code, parse_uuid, write_tx};

/// A directory entry as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartnerRecord {
    /// Random id.
    pub id: PartnerId,
    /// The clear columns.
    pub clear: PartnerClear,
    /// The sealed record (bound by the caller to `id` and `clear`).
    pub sealed: Vec<u8>,
}

#[derive(FromRow)]
struct PartnerRow {
    id: String,
    kind: String,
    areas: String,
    languages: String,
    capacity: Option<i64>,
    agreement: String,
    police_funded: bool,
    active: bool,
    account_id: Option<String>,
    sealed: Vec<u8>,
}

const PARTNER_COLUMNS: &str =
    "id, kind, areas, languages, capacity, agreement, police_funded, active, account_id, sealed";

/// A comma-separated column as its codes (empty: none).
fn split(s: &str) -> impl Iterator<Item = &str> {
    s.split(',').filter(|c| !c.is_empty())
}

impl TryFrom<PartnerRow> for PartnerRecord {
    type Error = crate::StoreError;
    fn try_from(r: PartnerRow) -> Result<Self> {
        let languages = split(&r.languages)
            .map(|l| parse_code::<Language>(l, "partner language"))
            .collect::<Result<Vec<_>>>()?;
        let capacity = r
            .capacity
            .map(|c| {
                u32::try_from(c).map_err(|_| crate::StoreError::Corrupt("partner capacity".into()))
            })
            .transpose()?;
        Ok(PartnerRecord {
            id: PartnerId(parse_uuid(&r.id)?),
            clear: PartnerClear {
                kind: parse_code(&r.kind, "partner kind")?,
                areas: split(&r.areas).map(str::to_owned).collect(),
                languages,
                capacity,
                agreement: parse_code(&r.agreement, "partner agreement")?,
                police_funded: r.police_funded,
                active: r.active,
                account: r
                    .account_id
                    .as_deref()
                    .map(|a| parse_uuid(a).map(UserId))
                    .transpose()?,
            },
            sealed: r.sealed,
        })
    }
}

/// The clear half as its columns' values, in `PARTNER_COLUMNS` order after the id.
fn columns(c: &PartnerClear) -> (String, String, Option<i64>, Option<String>) {
    let languages: Vec<&str> = c.languages.iter().map(|l| l.as_str()).collect();
    (
        c.areas.join(","),
        languages.join(","),
        c.capacity.map(i64::from),
        c.account.map(|a| a.to_string()),
    )
}

/// Runs `$sql` (an insert or an update taking the record's ten values, `$1` the id) on `$exec`.
macro_rules! write_partner {
    ($exec:expr, $sql:expr, $p:expr) => {{
        let p: &PartnerRecord = $p;
        let (areas, languages, capacity, account) = columns(&p.clear);
        sqlx::query($sql)
            .bind(p.id.to_string())
            .bind(p.clear.kind.as_str())
            .bind(areas)
            .bind(languages)
            .bind(capacity)
            .bind(p.clear.agreement.as_str())
            .bind(p.clear.police_funded)
            .bind(p.clear.active)
            .bind(account)
            .bind(&p.sealed)
            .execute($exec)
            .await
            .map_err(|e| conflict_or(e, "partner account"))?
            .rows_affected()
    }};
}

impl Store {
    /// Adds an entry. `Conflict("partner account")` when its account already has one.
    pub async fn insert_partner(&self, p: &PartnerRecord, audit: &Audit<'_>) -> Result<()> {
        write_tx!(self, tx => {
            write_partner!(
                &mut *tx,
                "INSERT INTO partners (id, kind, areas, languages, capacity, agreement, police_funded, \
                 active, account_id, sealed) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                p
            );
            crate::audit::append_audit!(self, tx, audit);
        });
        Ok(())
    }

    /// Replaces an entry (every column: its seal binds them all). `NotFound` when there is none,
    /// `Conflict("partner account")` when the account it names has another entry.
    pub async fn update_partner(&self, p: &PartnerRecord, audit: &Audit<'_>) -> Result<()> {
        write_tx!(self, tx => {
            let n = write_partner!(
                &mut *tx,
                "UPDATE partners SET kind = $2, areas = $3, languages = $4, capacity = $5, \
                 agreement = $6, police_funded = $7, active = $8, account_id = $9, sealed = $10 \
                 WHERE id = $1",
                p
            );
            found(n, "partner")?;
            crate::audit::append_audit!(self, tx, audit);
        });
        Ok(())
    }

    /// Every entry (the caller orders them by the sealed names it opens).
    pub async fn partners(&self) -> Result<Vec<PartnerRecord>> {
        let sql = format!("SELECT {PARTNER_COLUMNS} FROM partners ORDER BY id");
        let rows = dispatch!(self, pool => sqlx::query_as::<_, PartnerRow>(sqlx::AssertSqlSafe(sql.as_str()))
            .fetch_all(pool).await?);
        rows.into_iter().map(PartnerRecord::try_from).collect()
    }

    /// The entry with this id.
    pub async fn partner(&self, id: PartnerId) -> Result<Option<PartnerRecord>> {
        let sql = format!("SELECT {PARTNER_COLUMNS} FROM partners WHERE id = $1");
        let row = dispatch!(self, pool => sqlx::query_as::<_, PartnerRow>(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(id.to_string()).fetch_optional(pool).await?);
        row.map(PartnerRecord::try_from).transpose()
    }

    /// The entry whose clear column names `account` (the caller checks its sealed record agrees).
    pub async fn partner_of_account(&self, account: UserId) -> Result<Option<PartnerRecord>> {
        let sql = format!("SELECT {PARTNER_COLUMNS} FROM partners WHERE account_id = $1");
        let row = dispatch!(self, pool => sqlx::query_as::<_, PartnerRow>(sqlx::AssertSqlSafe(sql.as_str()))
            .bind(account.to_string()).fetch_optional(pool).await?);
        row.map(PartnerRecord::try_from).transpose()
    }

    /// Records that `user` accepted charter `version` on `day` (`YYYY-MM-DD`, no finer time). A
    /// second acceptance of the same version changes nothing (and writes no entry).
    pub async fn accept_charter(
        &self,
        user: UserId,
        version: u32,
        day: &str,
        audit: &Audit<'_>,
    ) -> Result<()> {
        write_tx!(self, tx => {
            let n = sqlx::query(
                "INSERT INTO charter_acceptances (user_id, version, day) VALUES ($1, $2, $3) \
                 ON CONFLICT (user_id, version) DO NOTHING",
            )
            .bind(user.to_string())
            .bind(i64::from(version))
            .bind(day)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n > 0 {
                crate::audit::append_audit!(self, tx, audit);
            }
        });
        Ok(())
    }

    /// The newest charter version `user` accepted, and the day they did.
    pub async fn charter_accepted(&self, user: UserId) -> Result<Option<(u32, String)>> {
        let row: Option<(i64, String)> = dispatch!(self, pool => sqlx::query_as(
            "SELECT version, day FROM charter_acceptances WHERE user_id = $1 ORDER BY version DESC LIMIT 1"
        ).bind(user.to_string()).fetch_optional(pool).await?);
        row.map(|(v, day)| {
            u32::try_from(v)
                .map(|v| (v, day))
                .map_err(|_| crate::StoreError::Corrupt("charter version".into()))
        })
        .transpose()
    }
}
