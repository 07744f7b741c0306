//! A staff list page (the reports inbox, the incidents, the help requests, the victims' files): a
//! [`Listing`] reads the filters of the query string and asks the app for one page of rows, then a
//! [`ListPage`] holds them, how many match in all, and the [`Pager`], whose links keep the filters.
//!
//! ```ignore
//! pub async fn inbox(mut list: Listing<ReportForm>) -> PageResult {
//!     let filter = InboxFilter { status: list.code("status"), .. };
//!     let found = list.fetch_page(filter, async |app, who, q| app.inbox(who, q).await).await?;
//!     let rows = found.items.iter().map(row).collect();
//!     let list = list.show("staff-reports-title", "/espace/signalements", &found, rows);
//!     Ok(render(&InboxPage { list, .. }, StatusCode::OK, lang))
//! }
//! ```

use std::fmt::Display;
use std::marker::PhantomData;
use std::ops::Deref;
use std::str::FromStr;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::Response;
use vigie_app::paging::{Page, PageQuery};
use vigie_app::{App, AppError};
use vigie_domain::Principal;

use super::kit::{Gate, OrPage, Pairs, View, field};
use super::{StaffPage, staff_page};
use crate::PageError;
use crate::session::Staff;
use crate::state::AppState;

/// A request for a list of gate `G` (the policy allowed its action): who asks, and the filters
/// read so far from the query string.
pub(crate) struct Listing<G> {
    /// The application (what axum's `State` would give).
    pub state: AppState,
    /// Who asked.
    pub staff: Staff,
    query: Pairs,
    /// The valid filters read, `name=value`, in the order read: codes and ids, nothing to escape.
    kept: Vec<String>,
    gate: PhantomData<G>,
}

impl<G: Gate> FromRequestParts<AppState> for Listing<G> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let (state, staff, query) = View::<G>::from_request_parts(parts, state).await?.parts();
        Ok(Listing {
            state,
            staff,
            query,
            kept: Vec::new(),
            gate: PhantomData,
        })
    }
}

super::kit::landed!(Listing<G> where G: Gate);

impl<G> Listing<G> {
    /// The value of field `name` of the query string, or `""`.
    pub(crate) fn field(&self, name: &str) -> &str {
        field(&self.query, name)
    }

    /// `value`, filter `name` as read (`None` when not valid: it filters nothing), carried over
    /// to the pager's links: its text must be safe in a query string (a code, an id).
    pub(crate) fn keep<T: Display>(&mut self, name: &str, value: Option<T>) -> Option<T> {
        if let Some(v) = &value {
            self.kept.push(format!("{name}={v}"));
        }
        value
    }

    /// Filter `name`, a code or an id; one that is not valid filters nothing.
    pub(crate) fn code<T: FromStr + Display>(&mut self, name: &str) -> Option<T> {
        let value = self.field(name).parse().ok();
        self.keep(name, value)
    }

    /// Filter `name`, text as typed (trimmed; empty filters nothing), kept encoded.
    pub(crate) fn text(&mut self, name: &str) -> Option<String> {
        let typed = self.field(name).trim().to_owned();
        if typed.is_empty() {
            return None;
        }
        let pair = form_urlencoded::Serializer::new(String::new())
            .append_pair(name, &typed)
            .finish();
        self.kept.push(pair);
        Some(typed)
    }

    /// Filter `name`, a checkbox (`name=1`): whether it is ticked.
    pub(crate) fn flag(&mut self, name: &str) -> bool {
        let ticked = (self.field(name) == "1").then_some(1);
        self.keep(name, ticked).is_some()
    }

    /// Filter `name`, an arrondissement's code; an unknown one filters nothing.
    pub(crate) fn district(&mut self, name: &str) -> Option<String> {
        let areas = &self.state.app.settings().areas;
        let value = areas.district(self.field(name)).map(|d| d.code.clone());
        self.keep(name, value)
    }

    /// The page asked for (`page`, from 1); anything else is the first.
    pub(crate) fn page(&self) -> i64 {
        self.field("page")
            .parse::<i64>()
            .ok()
            .filter(|p| (1..=1_000_000).contains(p))
            .unwrap_or(1)
    }

    /// What the app answers to `ask` (given the app and who asks), or the page for its error.
    pub(crate) async fn fetch<T>(
        &self,
        ask: impl AsyncFnOnce(&App, &Principal) -> Result<T, AppError>,
    ) -> Result<T, PageError> {
        let answer = ask(&self.state.app, &self.staff.principal).await;
        answer.or_page(&self.state, self.staff.lang)
    }

    /// The page asked for of the rows `filter` keeps, as `ask` (given the app, who asks and the
    /// query) answers it, or the page for its error.
    pub(crate) async fn fetch_page<F, T>(
        &self,
        filter: F,
        ask: impl AsyncFnOnce(&App, &Principal, &PageQuery<F>) -> Result<Page<T>, AppError>,
    ) -> Result<Page<T>, PageError> {
        let q = PageQuery {
            filter,
            page: self.page(),
        };
        self.fetch(async |app, who| ask(app, who, &q).await).await
    }

    /// The list titled `title` at `path`, at the page `found` of what the filters chose, `rows`
    /// being that page's, as shown.
    pub(crate) fn show<R>(
        &self,
        title: &str,
        path: &str,
        found: &impl Paged,
        rows: Vec<R>,
    ) -> ListPage<R> {
        let lang = self.staff.lang;
        let (page, total, per_page) = found.paging();
        let per_page = per_page.max(1);
        let pages = ((total + per_page - 1) / per_page).max(1);
        let base = lang.path(path);
        let href = |n: i64| {
            let mut query = self.kept.clone();
            query.push(format!("page={n}"));
            format!("{base}?{}", query.join("&"))
        };
        let of = [("page", page.to_string()), ("pages", pages.to_string())];
        ListPage {
            page: staff_page(&self.state, &self.staff, title, path),
            rows,
            total,
            pages: Pager {
                previous: (page > 1).then(|| href(page - 1)),
                next: (page < pages).then(|| href(page + 1)),
                page_of: lang.t_args("staff-list-page-of", &of),
            },
        }
    }
}

/// One page of a list, as the app gives it.
pub(crate) trait Paged {
    /// Its number (from 1), how many rows match in all, and how many a page shows.
    fn paging(&self) -> (i64, i64, i64);
}

/// A page given as its number, the total and the rows a page shows.
impl Paged for (i64, i64, i64) {
    fn paging(&self) -> (i64, i64, i64) {
        *self
    }
}

impl<T> Paged for Page<T> {
    fn paging(&self) -> (i64, i64, i64) {
        (self.page, self.total, self.per_page)
    }
}

/// What the template of a list reads besides its filters. A page's struct keeps one in its `list`
/// field and declares itself with [`list_template!`], so that its template reads `rows`, `total`,
/// `pages` (and `ctx`, `nav`) as its own; the template words the count (`total`) itself.
pub struct ListPage<R> {
    /// The layout.
    pub page: StaffPage,
    /// This page's rows.
    pub rows: Vec<R>,
    /// How many match in all.
    pub total: i64,
    /// The pager under the rows.
    pub pages: Pager,
}

/// The pager under a list: its links keep the filters.
pub struct Pager {
    /// The previous page's address, on every page but the first.
    pub previous: Option<String>,
    /// The next page's address, on every page but the last.
    pub next: Option<String>,
    /// "Page 2 of 5", translated.
    pub page_of: String,
}

impl<R> Deref for ListPage<R> {
    type Target = StaffPage;
    fn deref(&self) -> &StaffPage {
        &self.page
    }
}

/// Lets a list page struct's template reach the [`ListPage`] (of rows `$row`) in its `list` field.
macro_rules! list_template {
    ($page:ty => $row:ty) => {
        impl std::ops::Deref for $page {
            type Target = $crate::staff::list::ListPage<$row>;
            fn deref(&self) -> &Self::Target {
                &self.list
            }
        }
    };
}
pub(crate) use list_template;
