//! A report's key slots: each audience key (conversation, internal, identity) wrapped for each holder,
//! by generation. A revocation deletes the holder's slots of every generation and adds a new
//! generation wrapped for the remaining holders, in one transaction: what is written afterwards is
//! sealed under a key the revoked reader never held.

use vigie_domain::{KeyHolder, ReportId};

use crate::reports::{KeySlotRow, insert_slot};
use crate::{Audit, Result, Store, StoreError, dispatch, found, write_tx};

impl Store {
    /// The report's slots for `audience`: every holder, every generation (oldest first).
    pub async fn report_slots(&self, report: ReportId, audience: &str) -> Result<Vec<KeySlotRow>> {
        let rows: Vec<(String, i64, String, i64, Vec<u8>)> = dispatch!(self, pool => sqlx::query_as(
            "SELECT audience, key_generation, holder, holder_generation, wrapped FROM report_key_slots \
             WHERE report_id = $1 AND audience = $2 ORDER BY key_generation, holder",
        )
        .bind(report.to_string())
        .bind(audience)
        .fetch_all(pool)
        .await?);
        rows.into_iter()
            .map(
                |(audience, key_generation, holder, holder_generation, wrapped)| {
                    Ok(KeySlotRow {
                        audience,
                        key_generation,
                        holder: parse_holder(&holder)?,
                        holder_generation,
                        wrapped,
                    })
                },
            )
            .collect()
    }

    /// Adds or replaces slots (granting access: a current reader wrapped each generation of the key
    /// for someone else).
    pub async fn put_report_slots(
        &self,
        report: ReportId,
        slots: &[KeySlotRow],
        audit: &Audit<'_>,
    ) -> Result<()> {
        write_tx!(self, tx => {
            for s in slots {
                sqlx::query(
                    "INSERT INTO report_key_slots (report_id, audience, key_generation, holder, \
                     holder_generation, wrapped) VALUES ($1, $2, $3, $4, $5, $6) \
                     ON CONFLICT (report_id, audience, key_generation, holder) \
                     DO UPDATE SET holder_generation = excluded.holder_generation, wrapped = excluded.wrapped",
                )
                .bind(report.to_string())
                .bind(&s.audience)
                .bind(s.key_generation)
                .bind(s.holder.to_string())
                .bind(s.holder_generation)
                .bind(&s.wrapped)
                .execute(&mut *tx)
                .await?;
            }
            crate::audit::append_audit!(self, tx, audit);
        });
        Ok(())
    }

    /// Revokes `holder` (every audience, every generation) and adds the new generations in
    /// `new_slots`, in one transaction. Each new slot's generation must be one more than its
    /// audience's newest (`Conflict` otherwise: another rotation went first). `NotFound` when the
    /// holder has no slot of the report.
    pub async fn rotate_report_keys(
        &self,
        report: ReportId,
        revoke: Option<KeyHolder>,
        new_slots: &[KeySlotRow],
        audit: &Audit<'_>,
    ) -> Result<()> {
        write_tx!(self, tx => {
            // Generations are checked before the revoked slots go, against the same newest
            // generation the caller saw.
            let mut checked: Vec<&str> = Vec::new();
            for s in new_slots {
                if checked.contains(&s.audience.as_str()) {
                    continue;
                }
                let (newest,): (i64,) = sqlx::query_as(
                    "SELECT COALESCE(MAX(key_generation), -1) FROM report_key_slots \
                     WHERE report_id = $1 AND audience = $2",
                )
                .bind(report.to_string())
                .bind(&s.audience)
                .fetch_one(&mut *tx)
                .await?;
                if s.key_generation != newest + 1 {
                    return Err(StoreError::Conflict("audience key rotated"));
                }
                checked.push(&s.audience);
            }
            if let Some(holder) = revoke {
                let gone = sqlx::query(
                    "DELETE FROM report_key_slots WHERE report_id = $1 AND holder = $2",
                )
                .bind(report.to_string())
                .bind(holder.to_string())
                .execute(&mut *tx)
                .await?
                .rows_affected();
                found(gone, "key slot")?;
            }
            for s in new_slots {
                insert_slot!(tx, report, s);
            }
            crate::audit::append_audit!(self, tx, audit);
        });
        Ok(())
    }
}

/// A new follow-up code for a report or help request: its lookup hash and KDF, the new receipt
/// holder's public key with its MAC, and that key's slots (every generation the old code held).
#[derive(Clone, Debug)]
pub struct NewReceipt {
    /// Argon2id lookup hash of the new code.
    pub lookup: Vec<u8>,
    /// The KDF parameters it was derived with.
    pub kdf: String,
    /// The new receipt holder's public key.
    pub public_key: Vec<u8>,
    /// Its MAC under the key directory's key.
    pub mac: Vec<u8>,
    /// The conversation key's generations wrapped for it.
    pub slots: Vec<KeySlotRow>,
}

impl Store {
    /// Replaces a report's follow-up code in one transaction: the lookup hash and receipt-holder
    /// key change, the old holder's slots are deleted and the new ones stored, so the old code
    /// opens nothing from then on. `Conflict("receipt")` if the lookup hash is taken (draw another).
    pub async fn replace_receipt(
        &self,
        report: ReportId,
        new: &NewReceipt,
        audit: &Audit<'_>,
    ) -> Result<()> {
        write_tx!(self, tx => {
            let changed = sqlx::query(
                "UPDATE reports SET receipt_lookup = $2, receipt_kdf = $3, reporter_public_key = $4, \
                 reporter_key_mac = $5 WHERE id = $1",
            )
            .bind(report.to_string())
            .bind(&new.lookup)
            .bind(&new.kdf)
            .bind(&new.public_key)
            .bind(&new.mac)
            .execute(&mut *tx)
            .await
            .map_err(|e| crate::conflict_or(e, "receipt"))?
            .rows_affected();
            found(changed, "report")?;
            sqlx::query("DELETE FROM report_key_slots WHERE report_id = $1 AND holder = $2")
                .bind(report.to_string())
                .bind(KeyHolder::Receipt.to_string())
                .execute(&mut *tx)
                .await?;
            for s in &new.slots {
                insert_slot!(tx, report, s);
            }
            crate::audit::append_audit!(self, tx, audit);
        });
        Ok(())
    }

    /// The reports of which `holder` has a slot (any audience, any generation).
    pub async fn reports_held_by(&self, holder: KeyHolder) -> Result<Vec<ReportId>> {
        let rows: Vec<(String,)> = dispatch!(self, pool => sqlx::query_as(
            "SELECT DISTINCT report_id FROM report_key_slots WHERE holder = $1 ORDER BY report_id",
        )
        .bind(holder.to_string())
        .fetch_all(pool)
        .await?);
        rows.into_iter()
            .map(|(id,)| Ok(ReportId(crate::parse_uuid(&id)?)))
            .collect()
    }
}

/// A stored holder, parsed (a malformed one is a corrupt row).
pub(crate) fn parse_holder(s: &str) -> Result<KeyHolder> {
    s.parse()
        .map_err(|e: vigie_domain::ids::BadHolder| StoreError::Corrupt(e.to_string()))
}
