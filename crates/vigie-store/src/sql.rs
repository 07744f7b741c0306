//! One way to bind and run a statement on either backend.
//!
//! A statement's values are listed once, as [`Arg`]s (`args![a, b, c]`), and bound by
//! [`Dialect::arguments`], the one place that knows how each backend takes them. The functions
//! here run on anything that executes (a pool, or `&mut *tx` inside [`write_tx!`](crate::write_tx));
//! the [`Store`] methods at the end run on the open pool and turn rows into records.

use sqlx::error::BoxDynError;
use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;
use sqlx::{
    Arguments, AssertSqlSafe, Database, Executor, FromRow, IntoArguments, Postgres, SqlSafeStr,
    Sqlite,
};
use vigie_domain::KeyHolder;

use crate::sealed::Owner;
use crate::{KeySlotRow, Result, Store, StoreError, audited_tx, dispatch, found, parse_uuid};

/// One value bound to a `$n` placeholder: the few column types the schema uses (text, integer,
/// boolean, bytes), each possibly `NULL`.
#[derive(Clone, Debug)]
pub(crate) enum Arg<'a> {
    /// Borrowed text.
    Str(Option<&'a str>),
    /// Text made for the statement (an id, a joined list).
    Text(Option<String>),
    /// A 64-bit integer.
    Int(Option<i64>),
    /// A boolean.
    Bool(Option<bool>),
    /// Bytes.
    Bytes(Option<&'a [u8]>),
}

/// The values of a statement, in placeholder order: `args![id, &name, count]`.
macro_rules! args {
    ($($value:expr),* $(,)?) => {
        vec![$($crate::sql::Arg::from($value)),*]
    };
}
pub(crate) use args;

macro_rules! arg_from {
    ($($t:ty => |$v:ident| $e:expr;)*) => {
        $(impl<'a> From<$t> for Arg<'a> {
            fn from($v: $t) -> Self {
                $e
            }
        })*
    };
}

arg_from! {
    &'a str => |v| Arg::Str(Some(v));
    &'a String => |v| Arg::Str(Some(v));
    Option<&'a str> => |v| Arg::Str(v);
    &'a Option<String> => |v| Arg::Str(v.as_deref());
    String => |v| Arg::Text(Some(v));
    Option<String> => |v| Arg::Text(v);
    i64 => |v| Arg::Int(Some(v));
    Option<i64> => |v| Arg::Int(v);
    bool => |v| Arg::Bool(Some(v));
    &'a [u8] => |v| Arg::Bytes(Some(v));
    &'a Vec<u8> => |v| Arg::Bytes(Some(v));
    Option<&'a [u8]> => |v| Arg::Bytes(v);
    &'a Option<Vec<u8>> => |v| Arg::Bytes(v.as_deref());
    KeyHolder => |v| Arg::Text(Some(v.to_string()));
}

/// Ids are stored as their hyphenated text.
macro_rules! id_args {
    ($($id:ident),*) => {
        $(
            impl<'a> From<vigie_domain::$id> for Arg<'a> {
                fn from(v: vigie_domain::$id) -> Self {
                    Arg::Text(Some(v.to_string()))
                }
            }
            impl<'a> From<Option<vigie_domain::$id>> for Arg<'a> {
                fn from(v: Option<vigie_domain::$id>) -> Self {
                    Arg::Text(v.map(|v| v.to_string()))
                }
            }
            impl<'a> From<&vigie_domain::$id> for Arg<'a> {
                fn from(v: &vigie_domain::$id) -> Self {
                    Arg::Text(Some(v.to_string()))
                }
            }
        )*
    };
}

id_args!(
    UserId,
    TeamId,
    ReportId,
    PartId,
    LabelId,
    IncidentId,
    FileId,
    GroupId,
    PartnerId,
    SupportGroupId,
    SessionId,
    ReferralId,
    StructureId,
    ProgrammeId,
    WorkshopId,
    CampaignId,
    // Impact surveys (issue 12, item 4).
    CycleId,
    MeetingId,
    DecisionId
);

/// What differs between the backends once a statement is written: how values are bound and how
/// many rows a write changed.
pub(crate) trait Dialect: Database<Arguments: IntoArguments<Self>> {
    /// `args` as this backend's arguments.
    fn arguments(args: Vec<Arg<'_>>) -> Result<Self::Arguments, sqlx::Error>;
    /// How many rows a statement changed.
    fn rows_affected(done: &Self::QueryResult) -> u64;
    /// Whether one call runs a text of several statements with the values of all of them
    /// ([`Batch`](crate::batch::Batch)): SQLite does, PostgreSQL's extended protocol does not.
    const JOINS_STATEMENTS: bool;
}

macro_rules! dialect {
    ($($db:ty => $joins:expr),*) => {
        $(impl Dialect for $db {
            const JOINS_STATEMENTS: bool = $joins;

            fn arguments(args: Vec<Arg<'_>>) -> Result<Self::Arguments, sqlx::Error> {
                let mut out = <Self as Database>::Arguments::default();
                for arg in args {
                    let added: Result<(), BoxDynError> = match arg {
                        Arg::Str(v) => out.add(v),
                        Arg::Text(v) => out.add(v),
                        Arg::Int(v) => out.add(v),
                        Arg::Bool(v) => out.add(v),
                        Arg::Bytes(v) => out.add(v),
                    };
                    added.map_err(sqlx::Error::Encode)?;
                }
                Ok(out)
            }

            fn rows_affected(done: &Self::QueryResult) -> u64 {
                done.rows_affected()
            }
        })*
    };
}

dialect!(Sqlite => true, Postgres => false);

/// A row type both backends decode.
pub(crate) trait Row:
    for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin
{
}

impl<T> Row for T where T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin
{}

/// Runs a statement on `conn`; returns how many rows it changed.
pub(crate) async fn execute<'c, DB, E>(
    conn: E,
    sql: impl SqlSafeStr,
    args: Vec<Arg<'_>>,
) -> Result<u64, sqlx::Error>
where
    DB: Dialect,
    E: Executor<'c, Database = DB>,
{
    let done = sqlx::query_with(sql, DB::arguments(args)?)
        .execute(conn)
        .await?;
    Ok(DB::rows_affected(&done))
}

/// Runs a statement on `conn` that must change a row (an update or delete by id): `NotFound(what)`
/// when it changes none.
pub(crate) async fn change_one<'c, DB, E>(
    conn: E,
    sql: impl SqlSafeStr,
    args: Vec<Arg<'_>>,
    what: &'static str,
) -> Result<()>
where
    DB: Dialect,
    E: Executor<'c, Database = DB>,
{
    found(execute(conn, sql, args).await?, what)
}

/// The three ways to read a query's rows, on anything that executes and on the open pool:
/// `$conn_fn(conn, ...)` and `Store::$pool_fn(...)`, both returning `$out`.
macro_rules! readers {
    ($($(#[$doc:meta])* $conn_fn:ident, $pool_fn:ident => $out:ty;)*) => {
        $(
            $(#[$doc])*
            pub(crate) async fn $conn_fn<'c, DB, E, R>(
                conn: E,
                sql: impl SqlSafeStr,
                args: Vec<Arg<'_>>,
            ) -> Result<$out, sqlx::Error>
            where
                DB: Dialect,
                E: Executor<'c, Database = DB>,
                R: for<'r> FromRow<'r, DB::Row> + Send + Unpin,
            {
                sqlx::query_as_with(sql, DB::arguments(args)?)
                    .$conn_fn(conn)
                    .await
            }

            impl Store {
                $(#[$doc])*
                pub(crate) async fn $pool_fn<R: Row>(
                    &self,
                    sql: impl SqlSafeStr,
                    args: Vec<Arg<'_>>,
                ) -> Result<$out> {
                    Ok(dispatch!(self, pool => $conn_fn(pool, sql, args).await?))
                }
            }
        )*
    };
}

readers! {
    /// Every row of a query.
    fetch_all, all => Vec<R>;
    /// The first row of a query, if any.
    fetch_optional, optional => Option<R>;
    /// The row of a query that always returns one (a count, an `INSERT ... RETURNING`).
    fetch_one, one => R;
}

/// `$1, $2, ... $n`.
pub(crate) fn placeholders(n: usize) -> String {
    (1..=n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `($1, ... $width), ($width + 1, ...)`: the `VALUES` of a multi-row `INSERT` of `rows` rows
/// (one statement for many rows: each statement is a round trip to the database).
pub(crate) fn value_rows(width: usize, rows: usize) -> String {
    (0..rows)
        .map(|r| {
            let marks: Vec<String> = (1..=width).map(|i| format!("${}", r * width + i)).collect();
            format!("({})", marks.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Rows as records: each row is checked by the record's `TryFrom` (a bad stored value is
/// `Corrupt`).
pub(crate) fn records<R, T>(rows: Vec<R>) -> Result<Vec<T>>
where
    T: TryFrom<R, Error = StoreError>,
{
    rows.into_iter().map(T::try_from).collect()
}

impl Store {
    /// Runs a statement on the pool; returns how many rows it changed.
    pub(crate) async fn exec(&self, sql: impl SqlSafeStr, args: Vec<Arg<'_>>) -> Result<u64> {
        Ok(dispatch!(self, pool => execute(pool, sql, args).await?))
    }

    /// Runs a statement on the pool that must change a row: `NotFound(what)` when it changes none.
    pub(crate) async fn exec_one(
        &self,
        sql: impl SqlSafeStr,
        args: Vec<Arg<'_>>,
        what: &'static str,
    ) -> Result<()> {
        dispatch!(self, pool => change_one(pool, sql, args, what).await)
    }

    /// Runs a statement on the pool that a unique constraint may refuse (`Conflict(what)`).
    pub(crate) async fn exec_unique(
        &self,
        sql: impl SqlSafeStr,
        args: Vec<Arg<'_>>,
        what: &'static str,
    ) -> Result<u64> {
        Ok(dispatch!(self, pool => execute(pool, sql, args)
            .await
            .map_err(|e| crate::conflict_or(e, what))?))
    }

    /// Every row of a query, each made a record by its `TryFrom`.
    pub(crate) async fn records<R: Row, T: TryFrom<R, Error = StoreError>>(
        &self,
        sql: impl SqlSafeStr,
        args: Vec<Arg<'_>>,
    ) -> Result<Vec<T>> {
        records(self.all(sql, args).await?)
    }
}

/// Counts one more on counter `$1` (created at 1): where nothing needs the value back (a
/// [`Batch`](crate::batch::Batch) reads it in its next statement), or with `RETURNING value`.
pub(crate) const BUMP_COUNTER_SQL: &str = "INSERT INTO counters (name, value) VALUES ($1, 1) \
     ON CONFLICT (name) DO UPDATE SET value = counters.value + 1";

/// Increments the counter `name` (created at 0) on `conn` and returns its new value: two callers
/// never get the same one.
pub(crate) async fn next_number<'c, DB, E>(conn: E, name: &str) -> Result<i64, sqlx::Error>
where
    DB: Dialect,
    E: Executor<'c, Database = DB>,
    (i64,): for<'r> FromRow<'r, DB::Row>,
{
    let (value,) = fetch_one(
        conn,
        AssertSqlSafe(format!("{BUMP_COUNTER_SQL} RETURNING value")),
        args![name],
    )
    .await?;
    Ok(value)
}

/// The conditions of a list's `WHERE`, with their values numbered in order.
#[derive(Clone, Debug, Default)]
pub(crate) struct Filter<'a> {
    conditions: Vec<String>,
    values: Vec<Arg<'a>>,
}

impl<'a> Filter<'a> {
    /// A condition written whole, its placeholders numbered from 1 (SQL text of this crate), and
    /// its values.
    pub(crate) fn fixed(condition: &str, values: Vec<Arg<'a>>) -> Self {
        Filter {
            conditions: vec![condition.to_owned()],
            values,
        }
    }

    /// Adds `value` and returns its placeholder, for a condition written by the caller.
    pub(crate) fn mark(&mut self, value: impl Into<Arg<'a>>) -> String {
        self.values.push(value.into());
        format!("${}", self.values.len())
    }

    /// Adds a condition (SQL text of this crate; its placeholders from [`Filter::mark`]).
    pub(crate) fn condition(&mut self, condition: String) {
        self.conditions.push(condition);
    }

    /// `<test> $n` for the next placeholder: `push("status =", code)`.
    pub(crate) fn push(&mut self, test: &str, value: impl Into<Arg<'a>>) {
        let mark = self.mark(value);
        self.condition(format!("{test} {mark}"));
    }

    /// `<test> $n` when there is a value; nothing when `None` (any).
    pub(crate) fn push_some(&mut self, test: &str, value: Option<impl Into<Arg<'a>>>) {
        if let Some(v) = value {
            self.push(test, v);
        }
    }

    /// The placeholders of `values`, comma-separated.
    pub(crate) fn marks(&mut self, values: impl IntoIterator<Item = Arg<'a>>) -> String {
        let marks: Vec<String> = values.into_iter().map(|v| self.mark(v)).collect();
        marks.join(", ")
    }

    /// `column IN ($n, ...)`, one placeholder per value.
    pub(crate) fn any_of(&mut self, column: &str, values: impl IntoIterator<Item = Arg<'a>>) {
        let marks = self.marks(values);
        self.condition(format!("{column} IN ({marks})"));
    }

    /// `a AND b`, for a caller that writes its own `WHERE`.
    pub(crate) fn clause(&self) -> String {
        self.conditions.join(" AND ")
    }

    /// The values, in placeholder order.
    pub(crate) fn into_values(self) -> Vec<Arg<'a>> {
        self.values
    }

    /// ` WHERE a AND b`, or nothing.
    fn sql(&self) -> String {
        if self.conditions.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.conditions.join(" AND "))
        }
    }
}

impl Store {
    /// One page of a list and how many rows match in all: `select` and `count` (SQL text of this
    /// crate, each up to its `FROM`) share `filter`; the page is `order`ed, `limit` rows from
    /// `offset`.
    pub(crate) async fn page<R: Row>(
        &self,
        (select, count): (&str, &str),
        filter: &Filter<'_>,
        order: &str,
        (limit, offset): (i64, i64),
    ) -> Result<(Vec<R>, i64)> {
        let clause = filter.sql();
        let n = filter.values.len();
        let list = format!(
            "{select}{clause} {order} LIMIT ${} OFFSET ${}",
            n + 1,
            n + 2
        );
        let mut values = filter.values.clone();
        values.extend(args![limit, offset]);
        let rows = self.all(sqlx::AssertSqlSafe(list), values).await?;
        let (total,) = self
            .one(
                sqlx::AssertSqlSafe(format!("{count}{clause}")),
                filter.values.clone(),
            )
            .await?;
        Ok((rows, total))
    }

    /// Every row of `select` (SQL text of this crate, up to its `FROM`) that `filter` keeps, in
    /// `order` (which may be empty).
    pub(crate) async fn all_filtered<R: Row>(
        &self,
        select: &str,
        filter: Filter<'_>,
        order: &str,
    ) -> Result<Vec<R>> {
        let sql = format!("{select}{} {order}", filter.sql());
        self.all(sqlx::AssertSqlSafe(sql), filter.values).await
    }

    /// Runs one write and appends `audit` in the same transaction; returns how many rows it
    /// changed.
    pub(crate) async fn write_audited(
        &self,
        sql: impl SqlSafeStr,
        values: Vec<Arg<'_>>,
        audit: &crate::Audit<'_>,
    ) -> Result<u64> {
        Ok(audited_tx!(self, audit, tx => execute(&mut *tx, sql, values).await?))
    }

    /// Runs one write that must change a row (`NotFound(what)` otherwise, and nothing is
    /// written) and appends `audit` in the same transaction.
    pub(crate) async fn update_audited(
        &self,
        sql: impl SqlSafeStr,
        values: Vec<Arg<'_>>,
        what: &'static str,
        audit: &crate::Audit<'_>,
    ) -> Result<()> {
        audited_tx!(self, audit, tx => change_one(&mut *tx, sql, values, what).await?);
        Ok(())
    }

    /// The values of a query of one text column.
    pub(crate) async fn column(
        &self,
        sql: impl SqlSafeStr,
        values: Vec<Arg<'_>>,
    ) -> Result<Vec<String>> {
        let rows: Vec<(String,)> = self.all(sql, values).await?;
        Ok(rows.into_iter().map(|(v,)| v).collect())
    }

    /// The ids a query of one id column returns, each made a `T` by `make` (`TeamId`...).
    pub(crate) async fn ids<T>(
        &self,
        sql: impl SqlSafeStr,
        values: Vec<Arg<'_>>,
        make: fn(uuid::Uuid) -> T,
    ) -> Result<Vec<T>> {
        let rows: Vec<(String,)> = self.all(sql, values).await?;
        rows.iter().map(|(id,)| parse_uuid(id).map(make)).collect()
    }

    /// The parts of `owner`'s row `id`, in order: [`crate::StoredPart`]s, or [`PartRow`]s.
    pub(crate) async fn parts_of<R: Row>(
        &self,
        owner: &Owner,
        id: impl Into<Arg<'_>>,
    ) -> Result<Vec<R>> {
        self.all(sqlx::AssertSqlSafe(owner.parts_sql()), vec![id.into()])
            .await
    }

    /// The slots of `owner`'s row `id` (`$1`) that `filter` keeps (`$2`... bound to `values`).
    pub(crate) async fn slots_of<'a>(
        &self,
        owner: &Owner,
        id: impl Into<Arg<'a>>,
        filter: &str,
        values: Vec<Arg<'a>>,
    ) -> Result<Vec<KeySlotRow>> {
        let mut all = vec![id.into()];
        all.extend(values);
        self.all(sqlx::AssertSqlSafe(owner.slots_sql(filter)), all)
            .await
    }

    /// Replaces the links of `owner` in `table` (`(owner column, linked column)`, SQL text of this
    /// crate) by one to each of `linked`, with `audit`, in one transaction.
    pub(crate) async fn replace_links<'a>(
        &self,
        (table, owner_column, linked_column): (&str, &str, &str),
        owner: Arg<'a>,
        linked: Vec<Arg<'a>>,
        audit: &crate::Audit<'_>,
    ) -> Result<()> {
        let delete = format!("DELETE FROM {table} WHERE {owner_column} = $1");
        let insert =
            format!("INSERT INTO {table} ({owner_column}, {linked_column}) VALUES ($1, $2)");
        audited_tx!(self, audit, tx => {
            execute(&mut *tx, sqlx::AssertSqlSafe(delete.as_str()), vec![owner.clone()]).await?;
            for item in linked {
                execute(
                    &mut *tx,
                    sqlx::AssertSqlSafe(insert.as_str()),
                    vec![owner.clone(), item],
                )
                .await?;
            }
        });
        Ok(())
    }
}
