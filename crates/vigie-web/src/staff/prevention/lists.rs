//! The area's lists of records (structures, programmes, campaigns): one page for all
//! (`staff/prevention/records.html`), a table whose first cell is the record's name, linking to
//! its page or its form, and whose other cells are text; what differs is said by a [`ListText`].

use askama::Template;

use crate::Lang;
use crate::staff::kit::PageResult;
use crate::staff::records::{Record, RecordList};
use crate::staff::showing::Showing;

/// One row of a list: the record's name, linking to its page or form, then its other cells.
pub(super) struct RecordRow {
    pub href: String,
    pub name: String,
    pub cells: Vec<String>,
}

/// What a list says around its rows (message keys).
pub(super) struct ListText {
    /// The table's id (and the count line's, suffixed `-count`).
    pub id: &'static str,
    /// The paragraph under the title.
    pub intro: &'static str,
    /// The "new" button.
    pub new: &'static str,
    /// The columns' headings, the name's first.
    pub columns: &'static [&'static str],
    /// What an empty list says.
    pub empty: &'static str,
    /// The line that says how many records are listed, for a list that has one.
    pub count: Option<&'static str>,
}

#[derive(Template)]
#[template(path = "staff/prevention/records.html")]
struct RecordsPage {
    list: RecordList<RecordRow>,
    text: &'static ListText,
}

impl std::ops::Deref for RecordsPage {
    type Target = RecordList<RecordRow>;
    fn deref(&self) -> &Self::Target {
        &self.list
    }
}

/// The list of records of kind `R` titled `title_key`, worded by `text`.
pub(super) fn records_page<R: Record>(
    at: &Showing<'_>,
    (title_key, text): (&str, &'static ListText),
    rows: Vec<RecordRow>,
) -> PageResult {
    let list = RecordList::of::<R>(at, title_key, rows);
    Ok(at.render(&RecordsPage { list, text }))
}

/// Whether a record is active, in words (a list's "state" column).
pub(super) fn state_word(lang: Lang, active: bool) -> String {
    lang.t(if active {
        "staff-prev-active"
    } else {
        "staff-prev-inactive"
    })
}
