//! A report's key slots: each audience key (conversation, internal, identity) wrapped for each holder,
//! by generation. A revocation deletes the holder's slots of every generation and adds a new
//! generation wrapped for the remaining holders, in one transaction: what is written afterwards is
//! sealed under a key the revoked reader never held.

use vigie_domain::{KeyHolder, ReportId};

use sqlx::AssertSqlSafe;

use crate::sealed::{KeySlotRow, REPORT, insert_slots};
use crate::sql::{args, execute, fetch_one};
use crate::{Audit, Result, Store, StoreError, audited_tx, found};

/// Deletes `$holder`'s slots of `$report`, every audience and generation (inside a transaction);
/// evaluates to how many went.
macro_rules! drop_holder {
    ($tx:expr, $report:expr, $holder:expr) => {
        execute(
            &mut *$tx,
            "DELETE FROM report_key_slots WHERE report_id = $1 AND holder = $2",
            args![$report, $holder],
        )
        .await?
    };
}

impl Store {
    /// The report's slots for `audience`: every holder, every generation (oldest first).
    pub async fn report_slots(&self, report: ReportId, audience: &str) -> Result<Vec<KeySlotRow>> {
        self.slots_of(&REPORT, report, " AND audience = $2", args![audience])
            .await
    }

    /// Adds or replaces slots (granting access: a current reader wrapped each generation of the key
    /// for someone else).
    pub async fn put_report_slots(
        &self,
        report: ReportId,
        slots: &[KeySlotRow],
        audit: &Audit<'_>,
    ) -> Result<()> {
        let sql = REPORT.insert_slot_sql(
            " ON CONFLICT (report_id, audience, key_generation, holder) \
             DO UPDATE SET holder_generation = excluded.holder_generation, wrapped = excluded.wrapped",
        );
        audited_tx!(self, audit, tx => {
            for s in slots {
                execute(&mut *tx, AssertSqlSafe(sql.as_str()), REPORT.slot_args(report.to_string(), s))
                    .await?;
            }
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
        audited_tx!(self, audit, tx => {
            // Generations are checked before the revoked slots go, against the same newest
            // generation the caller saw.
            let mut checked: Vec<&str> = Vec::new();
            for s in new_slots {
                if checked.contains(&s.audience.as_str()) {
                    continue;
                }
                let (newest,): (i64,) = fetch_one(
                    &mut *tx,
                    "SELECT COALESCE(MAX(key_generation), -1) FROM report_key_slots \
                     WHERE report_id = $1 AND audience = $2",
                    args![report, &s.audience],
                )
                .await?;
                if s.key_generation != newest + 1 {
                    return Err(StoreError::Conflict("audience key rotated"));
                }
                checked.push(&s.audience);
            }
            if let Some(holder) = revoke {
                found(drop_holder!(tx, report, holder), "key slot")?;
            }
            insert_slots!(tx, REPORT, report, new_slots);
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
        audited_tx!(self, audit, tx => {
            let changed = execute(
                &mut *tx,
                "UPDATE reports SET receipt_lookup = $2, receipt_kdf = $3, reporter_public_key = $4, \
                 reporter_key_mac = $5, receipt_pepper = NULL WHERE id = $1",
                args![report, &new.lookup, &new.kdf, &new.public_key, &new.mac],
            )
            .await
            .map_err(|e| crate::conflict_or(e, "receipt"))?;
            found(changed, "report")?;
            drop_holder!(tx, report, KeyHolder::Receipt);
            insert_slots!(tx, REPORT, report, &new.slots);
        });
        Ok(())
    }

    /// The reports of which `holder` has a slot (any audience, any generation).
    pub async fn reports_held_by(&self, holder: KeyHolder) -> Result<Vec<ReportId>> {
        self.ids(
            "SELECT DISTINCT report_id FROM report_key_slots WHERE holder = $1 ORDER BY report_id",
            args![holder],
            ReportId,
        )
        .await
    }
}

/// A stored holder, parsed (a malformed one is a corrupt row).
pub(crate) fn parse_holder(s: &str) -> Result<KeyHolder> {
    s.parse()
        .map_err(|e: vigie_domain::ids::BadHolder| StoreError::Corrupt(e.to_string()))
}
