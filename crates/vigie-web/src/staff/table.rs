//! The staff area's routes as one table: the router is built from it, and the same table lists every
//! route (method and path), so that a test can walk each one and fail on a route it does not know.
//! axum cannot list a router's routes, and a list kept beside the router could drift from it.

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::{MethodFilter, on};

use crate::state::AppState;

/// A router under construction, with the list of what it routes.
#[derive(Default)]
pub(crate) struct RouteTable {
    router: Router<AppState>,
    listed: Vec<(Method, String)>,
}

impl RouteTable {
    /// No route yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Routes `method` (`filter`) at `path` to `handler` (axum merges the methods of one path).
    fn add<H, T>(
        mut self,
        (method, filter): (Method, MethodFilter),
        path: &str,
        handler: H,
        limit: Option<usize>,
    ) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        let route = on(filter, handler);
        let route = match limit {
            Some(bytes) => route.layer(DefaultBodyLimit::max(bytes)),
            None => route,
        };
        self.router = self.router.route(path, route);
        self.listed.push((method, path.to_owned()));
        self
    }

    /// `GET path` (and `HEAD`, as axum answers it).
    pub fn get<H, T>(self, path: &str, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.add((Method::GET, MethodFilter::GET), path, handler, None)
    }

    /// `POST path`.
    pub fn post<H, T>(self, path: &str, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.add((Method::POST, MethodFilter::POST), path, handler, None)
    }

    /// `POST path`, with a body limit of its own instead of the router's.
    pub fn post_limited<H, T>(self, path: &str, handler: H, limit: usize) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.add(
            (Method::POST, MethodFilter::POST),
            path,
            handler,
            Some(limit),
        )
    }

    /// Mounts `inner` under `prefix` (its `/` is `prefix` itself).
    pub fn nest(mut self, prefix: &str, inner: RouteTable) -> Self {
        self.router = self.router.nest(prefix, inner.router);
        self.listed
            .extend(inner.listed.into_iter().map(|(method, path)| {
                let full = if path == "/" {
                    prefix.to_owned()
                } else {
                    format!("{prefix}{path}")
                };
                (method, full)
            }));
        self
    }

    /// The router.
    pub fn into_router(self) -> Router<AppState> {
        self.router
    }

    /// The routes, in the order they were added: (method, path with its `{id}` parameters).
    pub fn into_list(self) -> Vec<(Method, String)> {
        self.listed
    }
}
