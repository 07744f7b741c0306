//! A reporter's request to be put in touch with the casework team (issue 11, item 2), as stored:
//! the request itself is a sealed part of the report (kind [`HELP_LINK_PART`]); the report's row
//! says in clear only where it stands (`help_link`: `asked`, then `sent`) and, once sent, keeps the
//! help request's follow-up code wrapped for the reporter's key (`help_link_code`). No column names
//! the help request: nothing stored leads from it back to the report.

use vigie_domain::ReportId;

use crate::report_parts::append_part;
use crate::sealed::PartRow;
use crate::sql::{args, execute};
use crate::{Audit, Result, Store, StoreError, audited_tx};

/// The kind of the part that holds a reporter's request (sealed under the conversation key).
pub const HELP_LINK_PART: &str = "help_link";

/// The report a transmitted help request answers, and the help request's follow-up code wrapped for
/// that report's reporter: stored with the help request, in its transaction.
#[derive(Clone)]
pub struct LinkSent {
    /// The report whose request was transmitted.
    pub report: ReportId,
    /// The new follow-up code, wrapped for the receipt holder's public key.
    pub sealed_code: Vec<u8>,
}

impl std::fmt::Debug for LinkSent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LinkSent")
            .field("report", &self.report)
            .finish_non_exhaustive()
    }
}

/// Marks `$link`'s report `sent` with its sealed code, inside the transaction that stores the help
/// request: only a request still `asked` is, else `Conflict("help link")` and nothing is stored (a
/// second transmission, a request the reporter cancelled meanwhile).
macro_rules! mark_sent {
    ($tx:expr, $link:expr, $day:expr) => {{
        let link: &$crate::LinkSent = $link;
        let done = $crate::sql::execute(
            &mut *$tx,
            "UPDATE reports SET help_link = 'sent', help_link_code = $1, last_activity_day = $2 \
             WHERE id = $3 AND kind = 'report' AND help_link = 'asked'",
            $crate::sql::args![&link.sealed_code, $day, link.report],
        )
        .await?;
        $crate::help_links::waiting(done)?;
    }};
}
pub(crate) use mark_sent;

/// A guarded change of a request's state that changed no row: it was not in the state the change
/// starts from (`Conflict("help link")`), and the transaction is given up.
pub(crate) fn waiting(rows: u64) -> Result<()> {
    if rows == 0 {
        Err(StoreError::Conflict("help link"))
    } else {
        Ok(())
    }
}

impl Store {
    /// Records a reporter's request: `part` (sealed by the caller) appended to the report, the
    /// report marked `asked`, one more message for its team to read. `Conflict("help link")` when
    /// the report already has one (asked or sent), or is a help request.
    pub async fn ask_help_link(
        &self,
        report: ReportId,
        part: &PartRow,
        audit: &Audit<'_>,
    ) -> Result<()> {
        audited_tx!(self, audit, tx => {
            // First, as in `add_report_part`: it locks the row on PostgreSQL.
            let done = execute(
                &mut *tx,
                "UPDATE reports SET help_link = 'asked', last_activity_day = $1, \
                 team_unread = team_unread + 1 \
                 WHERE id = $2 AND kind = 'report' AND help_link IS NULL",
                args![&part.day, report],
            )
            .await?;
            waiting(done)?;
            append_part!(tx, report, part);
        });
        Ok(())
    }

    /// The reporter withdraws a request no handler has transmitted: its sealed part is deleted and
    /// the report no longer marked. `Conflict("help link")` when none is waiting.
    pub async fn cancel_help_link(
        &self,
        report: ReportId,
        day: &str,
        audit: &Audit<'_>,
    ) -> Result<()> {
        audited_tx!(self, audit, tx => {
            let done = execute(
                &mut *tx,
                "UPDATE reports SET help_link = NULL, last_activity_day = $1 \
                 WHERE id = $2 AND help_link = 'asked'",
                args![day, report],
            )
            .await?;
            waiting(done)?;
            execute(
                &mut *tx,
                "DELETE FROM report_parts WHERE report_id = $1 AND kind = $2",
                args![report, HELP_LINK_PART],
            )
            .await?;
        });
        Ok(())
    }

    /// The help request's follow-up code of `report`'s transmitted request, as wrapped for its
    /// reporter, until they said they noted it.
    pub async fn help_link_code(&self, report: ReportId) -> Result<Option<Vec<u8>>> {
        let row: Option<(Option<Vec<u8>>,)> = self
            .optional(
                "SELECT help_link_code FROM reports WHERE id = $1",
                args![report],
            )
            .await?;
        Ok(row.and_then(|(code,)| code))
    }

    /// Forgets the wrapped code of `report` (its reporter noted it): the page no longer shows it.
    pub async fn forget_help_link_code(&self, report: ReportId) -> Result<()> {
        self.exec(
            "UPDATE reports SET help_link_code = NULL WHERE id = $1",
            args![report],
        )
        .await?;
        Ok(())
    }
}
