//! Pages of a filtered list (the inbox, the incidents, the help requests: `list.rs`): the page asked
//! for, and the links to the pages before and after, which keep the filters.

use super::kit::field;
use crate::Lang;

/// The page a query string asks for (`page`, from 1); anything else is the first.
pub(crate) fn page_param(pairs: &[(String, String)]) -> i64 {
    field(pairs, "page")
        .parse::<i64>()
        .ok()
        .filter(|p| (1..=1_000_000).contains(p))
        .unwrap_or(1)
}

/// The pager under a list.
pub struct Pager {
    /// The previous page's address, on every page but the first.
    pub previous: Option<String>,
    /// The next page's address, on every page but the last.
    pub next: Option<String>,
    /// "Page 2 of 5", translated.
    pub page_of: String,
}

impl Pager {
    /// The pager of page `page` of `total` items shown `per_page` a page, at `base` with the
    /// filters `kept` (`name=value`, already safe in a query string).
    pub(crate) fn new(
        lang: Lang,
        base: &str,
        kept: &[String],
        (page, total, per_page): (i64, i64, i64),
    ) -> Pager {
        let per_page = per_page.max(1);
        let pages = ((total + per_page - 1) / per_page).max(1);
        let href = |n: i64| {
            let mut query = kept.to_vec();
            query.push(format!("page={n}"));
            format!("{base}?{}", query.join("&"))
        };
        Pager {
            previous: (page > 1).then(|| href(page - 1)),
            next: (page < pages).then(|| href(page + 1)),
            page_of: lang.t_args(
                "staff-list-page-of",
                &[("page", page.to_string()), ("pages", pages.to_string())],
            ),
        }
    }
}
