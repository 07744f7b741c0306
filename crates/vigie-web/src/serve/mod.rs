//! The serve loop: HTTP/1 connections accepted on a listener and handed to the router, with what
//! `axum::serve` does not give (DESIGN.md section 2, item 8; slow and flooding clients):
//!
//! - a header-read timeout: a request's head (and, between kept-alive requests, the next head) must
//!   arrive within [`ServeOptions::header_read_timeout`], or the connection is closed;
//! - a minimum body rate: a request body must bring [`ServeOptions::min_body_rate`] bytes a second,
//!   measured over [`ServeOptions::body_rate_window`] of the time the handler waited for it (time the
//!   server spends sealing or queuing does not count against the client);
//! - a connection cap: at most [`ServeOptions::max_connections`] connections; when full, a newcomer
//!   evicts the connection that has moved the fewest bytes for the time it has held its slot (a
//!   client trickling headers, an idle kept-alive connection, a stalled body or a client that stopped
//!   reading its response), never one the server is working for;
//! - a graceful stop that waits at most [`ServeOptions::shutdown_grace`] for open requests.
//!
//! Nothing about a client is kept or logged: no address, and no line per connection.

mod body;
mod conn;

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::pin::{Pin, pin};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body as AxumBody;
use axum::extract::Request;
use axum::response::Response;
use http_body::Body as _;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tower::ServiceExt;

pub use body::TooSlow;
use body::{RateBody, RateRule, TrackedBody};
use conn::{ConnStats, CountingIo, Registry};

/// How the serve loop treats slow and numerous clients. The defaults are the production values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServeOptions {
    /// Most connections open at once (the process also needs a file descriptor for each).
    pub max_connections: usize,
    /// Time allowed for a request's head to arrive, and for the next one on a kept-alive connection.
    pub header_read_timeout: Duration,
    /// Bytes a second a request body must bring, on average over [`Self::body_rate_window`].
    pub min_body_rate: u64,
    /// How much waiting time the body rate is measured over.
    pub body_rate_window: Duration,
    /// After the stop signal, how long open requests may take to finish before they are cut.
    pub shutdown_grace: Duration,
}

impl ServeOptions {
    /// The default connection cap.
    pub const DEFAULT_MAX_CONNECTIONS: usize = 1024;
    /// The default header-read timeout (at most 30 s: the bound).
    pub const DEFAULT_HEADER_READ_TIMEOUT: Duration = Duration::from_secs(20);
    /// The default minimum body rate: 2 KiB/s, so a 50 MiB file may take up to seven hours; Tor
    /// gives tens of KiB/s even on a poor circuit.
    pub const DEFAULT_MIN_BODY_RATE: u64 = 2048;
    /// The default window of the body rate.
    pub const DEFAULT_BODY_RATE_WINDOW: Duration = Duration::from_secs(30);
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            max_connections: Self::DEFAULT_MAX_CONNECTIONS,
            header_read_timeout: Self::DEFAULT_HEADER_READ_TIMEOUT,
            min_body_rate: Self::DEFAULT_MIN_BODY_RATE,
            body_rate_window: Self::DEFAULT_BODY_RATE_WINDOW,
            shutdown_grace: Duration::from_secs(30),
        }
    }
}

/// Serves `router` on `listener` until `shutdown` completes, then stops accepting, lets open
/// requests finish (at most [`ServeOptions::shutdown_grace`]) and returns.
///
/// `vigie serve` runs this; so do the tests, so that they go through the same limits.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    opts: ServeOptions,
    shutdown: impl Future<Output = ()> + Send,
) -> io::Result<()> {
    let registry = Registry::new(opts.max_connections);
    let rule = RateRule {
        min_rate: opts.min_body_rate,
        window: opts.body_rate_window.max(Duration::from_secs(1)),
    };
    // Dropping `stop_tx` tells every connection to finish; each holds a `done_rx`, so
    // `done_tx.closed()` completes when the last one ends (axum::serve's pattern).
    let (stop_tx, stop_rx) = watch::channel(());
    let (done_tx, done_rx) = watch::channel(());
    let mut shutdown = pin!(shutdown);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _address)) => stream,
                Err(e) => {
                    if !is_connection_error(&e) {
                        // Out of file descriptors, most likely: let some connections end.
                        tracing::warn!(error = %e, "accept failed");
                        tokio::time::sleep(Duration::from_millis(100)).await;
                    }
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Some((slot, registered)) = registry.admit() else {
            // The server is working for every open connection: this one waits its turn elsewhere.
            drop(stream);
            continue;
        };
        let _ = stream.set_nodelay(true);
        let io = TokioIo::new(CountingIo::new(stream, slot.stats.clone()));
        let service = ConnService {
            router: router.clone(),
            stats: slot.stats.clone(),
            rule,
        };
        let mut stop = stop_rx.clone();
        let done = done_rx.clone();
        let header_timeout = opts.header_read_timeout;
        tokio::spawn(async move {
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(header_timeout)
                .keep_alive(true);
            let mut conn = pin!(builder.serve_connection(io, service));
            let mut stopping = false;
            loop {
                tokio::select! {
                    _ = conn.as_mut() => break,
                    () = slot.evicted.notified() => break,
                    changed = stop.changed(), if !stopping => {
                        let _ = changed;
                        stopping = true;
                        conn.as_mut().graceful_shutdown();
                    }
                }
            }
            drop(registered);
            drop(done);
        });
    }
    drop(listener);
    drop(stop_rx);
    drop(stop_tx);
    drop(done_rx);
    // Connections still open after the grace period are dropped with the runtime.
    let _ = tokio::time::timeout(opts.shutdown_grace, done_tx.closed()).await;
    Ok(())
}

fn is_connection_error(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    )
}

/// The router seen by one connection: request bodies under the rate rule, responses tracked.
#[derive(Clone)]
struct ConnService {
    router: Router,
    stats: Arc<ConnStats>,
    rule: RateRule,
}

impl hyper::service::Service<Request<Incoming>> for ConnService {
    type Response = Response<TrackedBody<AxumBody>>;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Infallible>> + Send>>;

    fn call(&self, req: Request<Incoming>) -> Self::Future {
        let stats = self.stats.clone();
        stats.request_started(req.body().is_end_stream());
        let req = req.map(|b| AxumBody::new(RateBody::new(b, stats.clone(), self.rule)));
        let router = self.router.clone();
        Box::pin(async move {
            let response = match router.oneshot(req).await {
                Ok(r) => r,
                Err(never) => match never {},
            };
            Ok(response.map(|b| TrackedBody::new(b, stats)))
        })
    }
}
