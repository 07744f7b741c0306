//! The connection registry: what each open connection is doing and how much it has moved, so that a
//! full server evicts the connection that has made the least progress for the time it has held a slot
//! (DESIGN.md section 2, item 8). Nothing here knows who the client is: no address is kept.

use std::collections::HashMap;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Instant;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::Notify;

/// Waiting for a request's head: a new connection, or a kept-alive one between requests.
const IDLE: u8 = 0;
/// A request is being read or handled.
const REQUEST: u8 = 1;
/// The response's body is being written.
const RESPONDING: u8 = 2;

/// What one connection is doing, updated by its own task, read by the registry when it must choose a
/// connection to evict. Times are nanoseconds since the registry's epoch.
#[derive(Debug)]
pub(crate) struct ConnStats {
    epoch: Instant,
    /// Bytes read and written since the connection opened.
    progress: AtomicU64,
    phase: AtomicU8,
    phase_start: AtomicU64,
    phase_progress: AtomicU64,
    /// In a request: the handler is working (the body is read, or it took a piece and has not asked
    /// for the next): the client is not the one holding things up, so the connection is not evicted.
    server_busy: AtomicBool,
    server_since: AtomicU64,
    /// Time of this phase during which the server, not the client, was the one working.
    excused: AtomicU64,
}

impl ConnStats {
    fn new(epoch: Instant) -> Self {
        let s = ConnStats {
            epoch,
            progress: AtomicU64::new(0),
            phase: AtomicU8::new(IDLE),
            phase_start: AtomicU64::new(0),
            phase_progress: AtomicU64::new(0),
            server_busy: AtomicBool::new(false),
            server_since: AtomicU64::new(0),
            excused: AtomicU64::new(0),
        };
        s.enter(IDLE, false);
        s
    }

    fn now(&self) -> u64 {
        u64::try_from(self.epoch.elapsed().as_nanos()).unwrap_or(u64::MAX)
    }

    fn enter(&self, phase: u8, server_busy: bool) {
        let now = self.now();
        self.phase.store(phase, Ordering::Relaxed);
        self.phase_start.store(now, Ordering::Relaxed);
        self.phase_progress
            .store(self.progress.load(Ordering::Relaxed), Ordering::Relaxed);
        self.excused.store(0, Ordering::Relaxed);
        self.server_since.store(now, Ordering::Relaxed);
        self.server_busy.store(server_busy, Ordering::Relaxed);
    }

    /// A request's head was read; `server_busy` when it has no body to wait for.
    pub(crate) fn request_started(&self, server_busy: bool) {
        self.enter(REQUEST, server_busy);
    }

    /// The handler answered: its body is being written.
    pub(crate) fn responding(&self) {
        self.enter(RESPONDING, false);
    }

    /// The response was written (or dropped): waiting for the next request's head.
    pub(crate) fn idle(&self) {
        self.enter(IDLE, false);
    }

    /// The handler waits for the client's body.
    pub(crate) fn waiting_for_client(&self) {
        if self.server_busy.swap(false, Ordering::Relaxed) {
            let busy = self
                .now()
                .saturating_sub(self.server_since.load(Ordering::Relaxed));
            self.excused.fetch_add(busy, Ordering::Relaxed);
        }
    }

    /// The handler has what it asked for and works on it.
    pub(crate) fn server_working(&self) {
        if !self.server_busy.swap(true, Ordering::Relaxed) {
            self.server_since.store(self.now(), Ordering::Relaxed);
        }
    }

    fn add_progress(&self, n: usize) {
        self.progress
            .fetch_add(u64::try_from(n).unwrap_or(u64::MAX), Ordering::Relaxed);
    }

    /// How much this connection deserves eviction: seconds it has held its slot in this phase while
    /// the client was the one to move, per KiB it moved (plus one, so that a connection that just
    /// opened is not the first to go). `None` while the server is working for it.
    fn stall_score(&self, now: u64) -> Option<f64> {
        if self.phase.load(Ordering::Relaxed) == REQUEST && self.server_busy.load(Ordering::Relaxed)
        {
            return None;
        }
        let held = now
            .saturating_sub(self.phase_start.load(Ordering::Relaxed))
            .saturating_sub(self.excused.load(Ordering::Relaxed));
        let moved = self
            .progress
            .load(Ordering::Relaxed)
            .saturating_sub(self.phase_progress.load(Ordering::Relaxed));
        Some((held as f64 / 1e9) / (1.0 + moved as f64 / 1024.0))
    }
}

/// One registered connection: its statistics and the signal that evicts it.
#[derive(Debug, Clone)]
pub(crate) struct Slot {
    pub(crate) stats: Arc<ConnStats>,
    pub(crate) evicted: Arc<Notify>,
}

/// Every open connection, at most `max` of them.
#[derive(Debug)]
pub(crate) struct Registry {
    epoch: Instant,
    max: usize,
    next: AtomicU64,
    conns: Mutex<HashMap<u64, Slot>>,
}

/// Removes its connection from the registry when the connection's task ends.
#[derive(Debug)]
pub(crate) struct Registered {
    registry: Arc<Registry>,
    id: u64,
}

impl Drop for Registered {
    fn drop(&mut self) {
        if let Ok(mut conns) = self.registry.conns.lock() {
            conns.remove(&self.id);
        }
    }
}

impl Registry {
    pub(crate) fn new(max: usize) -> Arc<Self> {
        Arc::new(Registry {
            epoch: Instant::now(),
            max: max.max(1),
            next: AtomicU64::new(0),
            conns: Mutex::new(HashMap::new()),
        })
    }

    /// Open connections.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.conns.lock().map(|c| c.len()).unwrap_or(0)
    }

    /// Registers a new connection. When the registry is full, the connection with the highest stall
    /// score is evicted to make room; `None` (refuse the newcomer) only if the server is working for
    /// every open connection.
    pub(crate) fn admit(self: &Arc<Self>) -> Option<(Slot, Registered)> {
        let mut conns = self.conns.lock().ok()?;
        if conns.len() >= self.max {
            let now = u64::try_from(self.epoch.elapsed().as_nanos()).unwrap_or(u64::MAX);
            let victim = conns
                .iter()
                .filter_map(|(id, slot)| slot.stats.stall_score(now).map(|s| (*id, s)))
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .map(|(id, _)| id)?;
            if let Some(slot) = conns.remove(&victim) {
                // `notify_one` keeps a permit: the task sees it even if it is not waiting yet.
                slot.evicted.notify_one();
            }
        }
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        let slot = Slot {
            stats: Arc::new(ConnStats::new(self.epoch)),
            evicted: Arc::new(Notify::new()),
        };
        conns.insert(id, slot.clone());
        Some((
            slot,
            Registered {
                registry: self.clone(),
                id,
            },
        ))
    }
}

/// A socket that counts the bytes it moves into its connection's statistics.
#[derive(Debug)]
pub(crate) struct CountingIo<T> {
    inner: T,
    stats: Arc<ConnStats>,
}

impl<T> CountingIo<T> {
    pub(crate) fn new(inner: T, stats: Arc<ConnStats>) -> Self {
        CountingIo { inner, stats }
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for CountingIo<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let r = Pin::new(&mut self.inner).poll_read(cx, buf);
        let n = buf.filled().len().saturating_sub(before);
        if n > 0 {
            self.stats.add_progress(n);
        }
        r
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for CountingIo<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let r = Pin::new(&mut self.inner).poll_write(cx, buf);
        if let Poll::Ready(Ok(n)) = r {
            self.stats.add_progress(n);
        }
        r
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let r = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if let Poll::Ready(Ok(n)) = r {
            self.stats.add_progress(n);
        }
        r
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use std::future::Future;

    #[test]
    fn a_full_registry_evicts_the_connection_that_moved_least_for_its_time() {
        let r = Registry::new(3);
        let (slow, _a) = r.admit().unwrap();
        let (fast, _b) = r.admit().unwrap();
        let (working, _c) = r.admit().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(50));
        slow.stats.add_progress(10);
        fast.stats.add_progress(64 * 1024);
        working.stats.request_started(true);
        let (_new, _d) = r.admit().unwrap();
        assert_eq!(r.len(), 3);
        // The permit is stored: the slow connection's task will see it.
        let evicted = futures_now(slow.evicted.notified());
        assert!(evicted);
        assert!(!futures_now(fast.evicted.notified()));
        assert!(!futures_now(working.evicted.notified()));
    }

    #[test]
    fn a_registry_where_the_server_works_for_everyone_refuses_the_newcomer() {
        let r = Registry::new(1);
        let (busy, _a) = r.admit().unwrap();
        busy.stats.request_started(true);
        assert!(r.admit().is_none());
        busy.stats.waiting_for_client();
        assert!(r.admit().is_some());
    }

    #[test]
    fn time_the_server_spends_working_is_not_held_against_the_client() {
        let epoch = Instant::now();
        let s = ConnStats::new(epoch);
        s.request_started(true);
        std::thread::sleep(std::time::Duration::from_millis(40));
        s.waiting_for_client();
        let score = s.stall_score(s.now()).unwrap();
        assert!(score < 0.02, "{score}");
    }

    /// Whether a `Notified` future is ready at once.
    fn futures_now(f: tokio::sync::futures::Notified<'_>) -> bool {
        let mut f = std::pin::pin!(f);
        let waker = std::task::Waker::noop();
        let mut cx = Context::from_waker(waker);
        f.as_mut().poll(&mut cx).is_ready()
    }
}
