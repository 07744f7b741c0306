//! Sealed parts and key slots, stored the same way for reports, victims' files and referrals: one
//! table of parts and one of slots per owner, told apart by [`Owner`], so that writing and reading
//! them is written once.

use sqlx::FromRow;
use vigie_domain::{KeyHolder, PartId, TeamId, UserId};

use crate::decode::Parsed;
use crate::sql::{Arg, args, value_rows};

/// An audience key wrapped for one holder.
#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct KeySlotRow {
    /// `conversation`, `internal` or `identity`.
    pub audience: String,
    /// The audience key's generation (0 when the report was filed; one more at each revocation).
    pub key_generation: i64,
    /// Who holds it.
    #[sqlx(try_from = "Parsed<KeyHolder>")]
    pub holder: KeyHolder,
    /// For a team holder, the team key generation the slot was wrapped for; 0 otherwise.
    pub holder_generation: i64,
    /// The wrapped key.
    pub wrapped: Vec<u8>,
}

impl KeySlotRow {
    /// A team holder.
    pub fn team_holder(team: TeamId) -> KeyHolder {
        KeyHolder::Team(team)
    }
    /// A person holder.
    pub fn user_holder(user: UserId) -> KeyHolder {
        KeyHolder::User(user)
    }
    /// The receipt holder.
    pub const RECEIPT: KeyHolder = KeyHolder::Receipt;
    /// The escrow key.
    pub const ESCROW: KeyHolder = KeyHolder::Escrow;
}

/// A sealed part.
#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct PartRow {
    /// Random id (bound into the ciphertext's associated data).
    #[sqlx(try_from = "Parsed<PartId>")]
    pub id: PartId,
    /// `content`, `message`, `note`, `identity`, `file`...
    pub kind: String,
    /// The audience whose key seals it.
    pub audience: String,
    /// The generation of that audience key.
    pub key_generation: i64,
    /// The staff author; `None` for the reporter.
    #[sqlx(rename = "author_id", try_from = "Parsed<Option<UserId>>")]
    pub author: Option<UserId>,
    /// Day written.
    pub day: String,
    /// The ciphertext.
    pub sealed: Vec<u8>,
}

/// A part as read back, with its position.
#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct StoredPart {
    /// Position in the report, from 1.
    pub seq: i64,
    /// The part.
    #[sqlx(flatten)]
    pub part: PartRow,
}

/// What owns parts and slots: its tables, the column naming it, and where a part's audience is.
pub(crate) struct Owner {
    /// The parts' table.
    parts: &'static str,
    /// The slots' table.
    slots: &'static str,
    /// The column of both tables that names the owner.
    column: &'static str,
    /// `None`: each row has an `audience` column (a report's several keys); `Some`: the one
    /// audience of every row (one key per file, per referral), not stored.
    audience: Option<&'static str>,
}

/// A report's: several audience keys.
pub(crate) const REPORT: Owner = Owner {
    parts: "report_parts",
    slots: "report_key_slots",
    column: "report_id",
    audience: None,
};

/// A victim's file's: one key, the caseworkers'.
pub(crate) const CASE: Owner = Owner {
    parts: "case_parts",
    slots: "case_key_slots",
    column: "file_id",
    audience: Some(crate::CASE_AUDIENCE),
};

/// A referral's: one key, shared with the partner.
pub(crate) const REFERRAL: Owner = Owner {
    parts: "referral_parts",
    slots: "referral_key_slots",
    column: "referral_id",
    audience: Some("referral"),
};

impl Owner {
    /// The stored audience column, or the owner's one audience as a constant (SQL text of ours).
    fn audience_sql(&self) -> String {
        self.audience
            .map_or_else(|| "audience".to_owned(), |a| format!("'{a}' AS audience"))
    }

    /// `INSERT` of one part: values as [`Owner::part_args`] lists them.
    pub(crate) fn insert_part_sql(&self) -> String {
        self.insert_parts_sql(1)
    }

    /// `INSERT` of `rows` parts in one statement: values as [`Owner::part_args`] lists them, row
    /// after row.
    pub(crate) fn insert_parts_sql(&self, rows: usize) -> String {
        let (audience, n) = if self.audience.is_none() {
            ("audience, ", 9)
        } else {
            ("", 8)
        };
        format!(
            "INSERT INTO {} (id, {}, seq, kind, {audience}key_generation, author_id, day, sealed) \
             VALUES {}",
            self.parts,
            self.column,
            value_rows(n, rows)
        )
    }

    /// The values of [`Owner::insert_part_sql`].
    pub(crate) fn part_args<'a>(&self, owner: String, seq: i64, p: &'a PartRow) -> Vec<Arg<'a>> {
        let mut out = args![p.id, owner, seq, &p.kind];
        if self.audience.is_none() {
            out.push(Arg::from(&p.audience));
        }
        out.extend(args![p.key_generation, p.author, &p.day, &p.sealed]);
        out
    }

    /// The position after the owner's last part (`$1`: the owner).
    pub(crate) fn next_seq_sql(&self) -> String {
        format!(
            "SELECT COALESCE(MAX(seq), 0) + 1 FROM {} WHERE {} = $1",
            self.parts, self.column
        )
    }

    /// `INSERT` of one slot (`ON CONFLICT` clause `upsert` after it): values as
    /// [`Owner::slot_args`] lists them.
    pub(crate) fn insert_slot_sql(&self, upsert: &str) -> String {
        self.insert_slots_sql(1, upsert)
    }

    /// `INSERT` of `rows` slots in one statement (`ON CONFLICT` clause `upsert` after it): values
    /// as [`Owner::slot_args`] lists them, row after row.
    pub(crate) fn insert_slots_sql(&self, rows: usize, upsert: &str) -> String {
        let (audience, n) = if self.audience.is_none() {
            ("audience, ", 6)
        } else {
            ("", 5)
        };
        format!(
            "INSERT INTO {} ({}, {audience}key_generation, holder, holder_generation, wrapped) \
             VALUES {}{upsert}",
            self.slots,
            self.column,
            value_rows(n, rows)
        )
    }

    /// The values of [`Owner::insert_slot_sql`].
    pub(crate) fn slot_args<'a>(&self, owner: String, s: &'a KeySlotRow) -> Vec<Arg<'a>> {
        let mut out = args![owner];
        if self.audience.is_none() {
            out.push(Arg::from(&s.audience));
        }
        out.extend(args![
            s.key_generation,
            s.holder,
            s.holder_generation,
            &s.wrapped
        ]);
        out
    }

    /// The owner's parts in order (`$1`: the owner), read as [`StoredPart`]s.
    pub(crate) fn parts_sql(&self) -> String {
        format!(
            "SELECT id, seq, kind, {}, key_generation, author_id, day, sealed FROM {} \
             WHERE {} = $1 ORDER BY seq",
            self.audience_sql(),
            self.parts,
            self.column
        )
    }

    /// The owner's slots (`$1`: the owner, then `filter`).
    pub(crate) fn slots_sql(&self, filter: &str) -> String {
        format!(
            "SELECT {}, key_generation, holder, holder_generation, wrapped FROM {} \
             WHERE {} = $1{filter} ORDER BY key_generation, holder",
            self.audience_sql(),
            self.slots,
            self.column
        )
    }
}

/// Most rows one multi-row `INSERT` of parts or slots takes: far under either backend's limit on
/// bound values (SQLite's 32,766, PostgreSQL's 65,535), and more than a report ever has.
pub(crate) const ROWS_PER_INSERT: usize = 100;

/// Appends `$parts` to `$owner`'s row `$id` after its last part (inside a transaction).
macro_rules! append_parts {
    ($tx:expr, $owner:expr, $id:expr, $parts:expr) => {{
        let owner: &$crate::sealed::Owner = &$owner;
        let (seq,): (i64,) = $crate::sql::fetch_one(
            &mut *$tx,
            sqlx::AssertSqlSafe(owner.next_seq_sql()),
            $crate::sql::args![$id.to_string()],
        )
        .await?;
        $crate::sealed::insert_parts!($tx, owner, $id, $parts, seq);
    }};
}
pub(crate) use append_parts;

/// Inserts `$parts` of `$owner`'s row `$id` at positions from `$first` on (inside a
/// transaction), in as few statements as [`ROWS_PER_INSERT`] allows, sent as one
/// [`Batch`](crate::batch::Batch): a new row's parts start at 1 without reading the position
/// after its (absent) last part.
macro_rules! insert_parts {
    ($tx:expr, $owner:expr, $id:expr, $parts:expr, $first:expr) => {{
        let parts: Vec<&$crate::PartRow> = $parts.into_iter().collect();
        let mut batch = $crate::batch::Batch::default();
        batch.parts(&$owner, &$id.to_string(), &parts, $first);
        batch.run(&mut *$tx).await?;
    }};
}
pub(crate) use insert_parts;

/// Inserts `$slots` of `$owner`'s row `$id` (inside a transaction), in as few statements as
/// [`ROWS_PER_INSERT`] allows, sent as one [`Batch`](crate::batch::Batch).
macro_rules! insert_slots {
    ($tx:expr, $owner:expr, $id:expr, $slots:expr) => {{
        let slots: Vec<&$crate::KeySlotRow> = $slots.into_iter().collect();
        let mut batch = $crate::batch::Batch::default();
        batch.slots(&$owner, &$id.to_string(), &slots);
        batch.run(&mut *$tx).await?;
    }};
}
pub(crate) use insert_slots;
