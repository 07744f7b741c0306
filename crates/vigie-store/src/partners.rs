//! The partner directory and the partners' charter acceptances (migration 0011).
//!
//! An entry's clear half ([`PartnerClear`]) is stored in columns the caseworkers' filters read; its
//! sealed half is bytes the caller sealed (names, phone, e-mail, address, notes, the linked account)
//! with the clear half as associated data. This module stores both and checks nothing.

use sqlx::FromRow;
use vigie_domain::partner::{Language, PartnerClear};
use vigie_domain::{PartnerId, UserId};

use crate::sql::{Arg, args, execute};
use crate::table::Table;
use crate::{Audit, Result, Store, parse_code, parse_uuid, write_tx};

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

const PARTNERS: Table<PartnerRow> =
    Table::new("partners", PARTNER_COLUMNS, "partner").conflict("partner account");

/// An entry's columns' values, in `PARTNER_COLUMNS` order.
fn values(p: &PartnerRecord) -> Vec<Arg<'_>> {
    let c = &p.clear;
    let languages: Vec<&str> = c.languages.iter().map(|l| l.as_str()).collect();
    args![
        p.id,
        c.kind.as_str(),
        c.areas.join(","),
        languages.join(","),
        c.capacity.map(i64::from),
        c.agreement.as_str(),
        c.police_funded,
        c.active,
        c.account,
        &p.sealed,
    ]
}

impl Store {
    /// Adds an entry. `Conflict("partner account")` when its account already has one.
    pub async fn insert_partner(&self, p: &PartnerRecord, audit: &Audit<'_>) -> Result<()> {
        self.save_row(&PARTNERS, values(p), true, audit).await
    }

    /// Replaces an entry (every column: its seal binds them all). `NotFound` when there is none,
    /// `Conflict("partner account")` when the account it names has another entry.
    pub async fn update_partner(&self, p: &PartnerRecord, audit: &Audit<'_>) -> Result<()> {
        self.save_row(&PARTNERS, values(p), false, audit).await
    }

    /// The entries whose row matches `clause` (SQL text of this module, from `WHERE`).
    async fn partners_where(
        &self,
        clause: &str,
        values: Vec<Arg<'_>>,
    ) -> Result<Vec<PartnerRecord>> {
        self.records_of(&PARTNERS, clause, values).await
    }

    /// Every entry (the caller orders them by the sealed names it opens).
    pub async fn partners(&self) -> Result<Vec<PartnerRecord>> {
        self.partners_where("ORDER BY id", args![]).await
    }

    /// The entry with this id.
    pub async fn partner(&self, id: PartnerId) -> Result<Option<PartnerRecord>> {
        Ok(self.partners_where("WHERE id = $1", args![id]).await?.pop())
    }

    /// The entry whose clear column names `account` (the caller checks its sealed record agrees).
    pub async fn partner_of_account(&self, account: UserId) -> Result<Option<PartnerRecord>> {
        Ok(self
            .partners_where("WHERE account_id = $1", args![account])
            .await?
            .pop())
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
            let n = execute(
                &mut *tx,
                "INSERT INTO charter_acceptances (user_id, version, day) VALUES ($1, $2, $3) \
                 ON CONFLICT (user_id, version) DO NOTHING",
                args![user, i64::from(version), day],
            )
            .await?;
            if n > 0 {
                crate::audit::append_audit!(self, tx, audit);
            }
        });
        Ok(())
    }

    /// The newest charter version `user` accepted, and the day they did.
    pub async fn charter_accepted(&self, user: UserId) -> Result<Option<(u32, String)>> {
        let row: Option<(i64, String)> = self
            .optional(
                "SELECT version, day FROM charter_acceptances WHERE user_id = $1 \
                 ORDER BY version DESC LIMIT 1",
                args![user],
            )
            .await?;
        row.map(|(v, day)| {
            u32::try_from(v)
                .map(|v| (v, day))
                .map_err(|_| crate::StoreError::Corrupt("charter version".into()))
        })
        .transpose()
    }
}
