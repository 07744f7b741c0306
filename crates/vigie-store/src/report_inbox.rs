//! The inbox: reports visible through a reader's key slots, filtered and paged.

use vigie_domain::report::{Category, ReportKind, ReportStatus};
use vigie_domain::{KeyHolder, LabelId, TeamId, UserId};

use crate::observatory::Window;
use crate::reports::{REPORT_COLUMNS, ReportRecord};
use crate::sql::{Arg, Filter};
use crate::{Result, Store};

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
        let mut f = Filter::default();
        let mut visible = Vec::new();
        if !filter.holders.is_empty() {
            let marks = f.marks(filter.holders.iter().map(|h| Arg::from(*h)));
            visible.push(format!(
                "EXISTS (SELECT 1 FROM report_key_slots s WHERE s.report_id = r.id \
                 AND s.audience = 'conversation' AND s.holder IN ({marks}))"
            ));
        }
        if let Some(h) = filter.identity_holder {
            let mark = f.mark(h);
            visible.push(format!(
                "EXISTS (SELECT 1 FROM report_key_slots s WHERE s.report_id = r.id \
                 AND s.audience = 'identity' AND s.holder = {mark})"
            ));
        }
        f.condition(format!("({})", visible.join(" OR ")));
        let only = &filter.only;
        f.push("r.kind =", filter.kind.as_str());
        f.push_some("r.status =", only.status.map(|s| s.as_str()));
        f.push_some("r.category =", only.category.map(|c| c.as_str()));
        f.push_some("r.district =", only.district.as_deref());
        f.push_some("r.team_id =", only.team);
        f.push_some("r.assignee_id =", only.assignee);
        if let Some(label) = only.label {
            let mark = f.mark(label);
            f.condition(format!(
                "EXISTS (SELECT 1 FROM report_labels l WHERE l.report_id = r.id AND l.label_id = {mark})"
            ));
        }
        self.page(
            (
                &format!("SELECT {REPORT_COLUMNS} FROM reports r"),
                "SELECT COUNT(*) FROM reports r",
            ),
            &f,
            "ORDER BY r.number DESC",
            (rows.limit.max(0), rows.offset.max(0)),
        )
        .await
    }
}
