//! The inbox: reports visible through a reader's key slots, filtered and paged.

use vigie_domain::report::{Category, ReportKind, ReportStatus};
use vigie_domain::{KeyHolder, LabelId, TeamId, UserId};

use crate::observatory::Window;
use crate::reports::{REPORT_COLUMNS, ReportRecord, ReportRow};
use crate::{Result, Store, dispatch};

/// Which reports an inbox lists: those visible through a reader's key slots, among them those the
/// filters keep.
#[derive(Clone, Debug, Default)]
pub struct ReportFilter {
    /// Holders whose slots make a report visible (`team:<id>` for each team of the reader,
    /// `user:<id>` for the reader).
    pub holders: Vec<KeyHolder>,
    /// A holder whose *identity* slot also makes a report visible (the custodian's list).
    pub identity_holder: Option<KeyHolder>,
    /// Reports (the default) or help requests: a list never mixes them, whoever holds the keys.
    pub kind: ReportKind,
    /// What the reader asked for.
    pub only: InboxFilter,
}

/// The inbox's filters (the page's query string, typed); `None` means any.
#[derive(Clone, Debug, Default)]
pub struct InboxFilter {
    /// Where the report stands.
    pub status: Option<ReportStatus>,
    /// What it is about.
    pub category: Option<Category>,
    /// Arrondissement code.
    pub district: Option<String>,
    /// Routed team.
    pub team: Option<TeamId>,
    /// Assigned person.
    pub assignee: Option<UserId>,
    /// Carrying this label.
    pub label: Option<LabelId>,
}

/// Binds values to a dynamically assembled query (SQL text is ours; values are bound).
enum Arg {
    Text(String),
    Int(i64),
}

impl Store {
    /// The `rows` of the reports visible through `filter.holders` and kept by its filters, newest
    /// first, and how many match in all.
    pub async fn list_reports(
        &self,
        filter: &ReportFilter,
        rows: Window,
    ) -> Result<(Vec<ReportRecord>, i64)> {
        if filter.holders.is_empty() && filter.identity_holder.is_none() {
            return Ok((Vec::new(), 0));
        }
        let mut args = Vec::new();
        let mut marks = Vec::new();
        for h in &filter.holders {
            args.push(Arg::Text(h.to_string()));
            marks.push(format!("${}", args.len()));
        }
        let mut visible = Vec::new();
        if !marks.is_empty() {
            visible.push(format!(
                "EXISTS (SELECT 1 FROM report_key_slots s WHERE s.report_id = r.id \
                 AND s.audience = 'conversation' AND s.holder IN ({}))",
                marks.join(", ")
            ));
        }
        if let Some(h) = &filter.identity_holder {
            args.push(Arg::Text(h.to_string()));
            visible.push(format!(
                "EXISTS (SELECT 1 FROM report_key_slots s WHERE s.report_id = r.id \
                 AND s.audience = 'identity' AND s.holder = ${})",
                args.len()
            ));
        }
        let mut clauses = vec![format!("({})", visible.join(" OR "))];
        let mut eq = |column: &str, value: Option<String>| {
            if let Some(v) = value {
                args.push(Arg::Text(v));
                clauses.push(format!("{column} = ${}", args.len()));
            }
        };
        eq("r.kind", Some(filter.kind.as_str().to_owned()));
        let only = &filter.only;
        eq("r.status", only.status.map(|s| s.as_str().to_owned()));
        eq("r.category", only.category.map(|c| c.as_str().to_owned()));
        eq("r.district", only.district.clone());
        eq("r.team_id", only.team.map(|t| t.to_string()));
        eq("r.assignee_id", only.assignee.map(|u| u.to_string()));
        if let Some(label) = &only.label {
            args.push(Arg::Text(label.to_string()));
            clauses.push(format!(
                "EXISTS (SELECT 1 FROM report_labels l WHERE l.report_id = r.id AND l.label_id = ${})",
                args.len()
            ));
        }
        let filter_sql = clauses.join(" AND ");
        let count_sql = format!("SELECT COUNT(*) FROM reports r WHERE {filter_sql}");
        let n = args.len();
        let list_sql = format!(
            "SELECT {REPORT_COLUMNS} FROM reports r WHERE {filter_sql} ORDER BY r.number DESC LIMIT ${} OFFSET ${}",
            n + 1,
            n + 2
        );
        macro_rules! bind_all {
            ($q:expr, $extra:expr) => {{
                let mut q = $q;
                for a in args.iter().chain($extra.iter()) {
                    q = match a {
                        Arg::Text(s) => q.bind(s.clone()),
                        Arg::Int(i) => q.bind(*i),
                    };
                }
                q
            }};
        }
        let page = [Arg::Int(rows.limit.max(0)), Arg::Int(rows.offset.max(0))];
        let none: [Arg; 0] = [];
        let (total, rows) = dispatch!(self, pool => {
            let (total,): (i64,) = bind_all!(sqlx::query_as(sqlx::AssertSqlSafe(count_sql.clone())), none)
                .fetch_one(pool)
                .await?;
            let rows: Vec<ReportRow> = bind_all!(sqlx::query_as(sqlx::AssertSqlSafe(list_sql.clone())), page)
                .fetch_all(pool)
                .await?;
            (total, rows)
        });
        let rows = rows
            .into_iter()
            .map(ReportRecord::try_from)
            .collect::<Result<Vec<_>>>()?;
        Ok((rows, total))
    }
}
