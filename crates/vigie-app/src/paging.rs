//! One page of a filtered staff list (the reports inbox, the help requests, the incidents): what the
//! web asks for and what it gets back.

use vigie_store::Window;

/// Which page of which rows: the filters of the page's query string (a `None` filter means any)
/// and the page number, from 1.
#[derive(Clone, Debug, Default)]
pub struct PageQuery<F> {
    /// The filters.
    pub filter: F,
    /// Page number, from 1 (0 and below mean 1).
    pub page: i64,
}

/// One page of rows, newest first.
#[derive(Clone, Debug)]
pub struct Page<T> {
    /// This page's rows.
    pub items: Vec<T>,
    /// How many match in all.
    pub total: i64,
    /// Page number, from 1.
    pub page: i64,
    /// Rows per page.
    pub per_page: i64,
}

impl<T> Page<T> {
    /// Reads page `page` (at least 1) of `per_page` rows with `fetch`, given the rows it covers.
    pub(crate) async fn read<E>(
        page: i64,
        per_page: i64,
        fetch: impl AsyncFnOnce(Window) -> Result<(Vec<T>, i64), E>,
    ) -> Result<Self, E> {
        let page = page.max(1);
        let window = Window {
            offset: (page - 1).saturating_mul(per_page),
            limit: per_page,
        };
        let (items, total) = fetch(window).await?;
        Ok(Page {
            items,
            total,
            page,
            per_page,
        })
    }
}
