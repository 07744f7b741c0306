//! What the process logs, kept for the tests that read it.
//!
//! [`install`] sets, once per test binary and before any server starts, a global subscriber with two
//! outputs:
//! - the process's log at DEBUG level (what an operator running with `RUST_LOG=debug` would keep),
//!   read whole by [`global`]: the canary scans search it;
//! - a per-thread capture, written only while a [`LogCapture`] is alive on the emitting thread, with
//!   that capture's own filter (TRACE by default): a test on a current-thread runtime sees the events
//!   of its own servers, and not those of the tests running beside it in the same binary.
//!
//! The test clients' own events (reqwest, hyper's client) are left out everywhere: they name the
//! server's address and are not the server's logs. A thread-local default subscriber is not used
//! for the capture: it misses events when other tests register the same callsites concurrently.

use std::cell::RefCell;
use std::io::Write;
use std::str::FromStr;
use std::sync::{Arc, Mutex, OnceLock};

use tracing_subscriber::filter::{Targets, filter_fn};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::{Layer, fmt};

/// The process's log at DEBUG level.
static GLOBAL: Mutex<Vec<u8>> = Mutex::new(Vec::new());

/// What the process's log keeps.
const GLOBAL_FILTER: &str = "debug,hyper_util::client=off,reqwest=off";

/// What a [`LogCapture::this_thread`] keeps.
pub const TRACE_FILTER: &str = "trace,hyper_util::client=off,reqwest=off";

struct Capture {
    bytes: Mutex<Vec<u8>>,
    filter: Targets,
}

thread_local! {
    static CURRENT: RefCell<Option<Arc<Capture>>> = const { RefCell::new(None) };
}

fn current() -> Option<Arc<Capture>> {
    CURRENT.with(|c| c.borrow().clone())
}

struct GlobalWriter;

impl Write for GlobalWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        GLOBAL.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

struct ThreadWriter;

impl Write for ThreadWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if let Some(c) = current() {
            c.bytes.lock().unwrap().extend_from_slice(buf);
        }
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Installs the global subscriber, once for the whole test binary; later calls do nothing. Call it
/// before the first server starts ([`crate::TestServer::all`] does).
pub fn install() {
    static ONCE: OnceLock<()> = OnceLock::new();
    ONCE.get_or_init(|| {
        let global = fmt::layer()
            .with_ansi(false)
            .with_writer(|| GlobalWriter)
            .with_filter(Targets::from_str(GLOBAL_FILTER).unwrap());
        let per_thread = fmt::layer()
            .with_ansi(false)
            .with_writer(|| ThreadWriter)
            .with_filter(filter_fn(|meta| {
                current().is_some_and(|c| c.filter.would_enable(meta.target(), meta.level()))
            }));
        let subscriber = tracing_subscriber::registry().with(global).with(per_thread);
        tracing::subscriber::set_global_default(subscriber).unwrap();
    });
}

/// A copy of the process's log so far (DEBUG level, every test of the binary).
pub fn global() -> Vec<u8> {
    GLOBAL.lock().unwrap().clone()
}

/// The events emitted on this thread while it is alive (on a current-thread runtime: the test's own
/// servers), as formatted lines. Captures do not nest: a new one replaces the previous until dropped.
pub struct LogCapture {
    capture: Arc<Capture>,
    previous: Option<Arc<Capture>>,
}

impl LogCapture {
    /// Everything at TRACE level but the test clients' events ([`TRACE_FILTER`]).
    pub fn this_thread() -> LogCapture {
        LogCapture::this_thread_filtered(TRACE_FILTER)
    }

    /// What `filter` keeps, in `RUST_LOG`'s target syntax (`debug,hyper=warn,reqwest=off`).
    pub fn this_thread_filtered(filter: &str) -> LogCapture {
        install();
        let capture = Arc::new(Capture {
            bytes: Mutex::new(Vec::new()),
            filter: Targets::from_str(filter).unwrap(),
        });
        let previous = CURRENT.with(|c| c.borrow_mut().replace(capture.clone()));
        // A new dispatcher is not made here, so callsites' interest is not rebuilt: the filter above
        // is asked at every event ("sometimes" interest), which sees the new capture at once.
        LogCapture { capture, previous }
    }

    /// How many bytes were captured so far.
    pub fn len(&self) -> usize {
        self.capture.bytes.lock().unwrap().len()
    }

    /// Whether nothing was captured yet.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A copy of what was captured so far.
    pub fn bytes(&self) -> Vec<u8> {
        self.capture.bytes.lock().unwrap().clone()
    }

    /// What was captured from byte `from` on, as text (lossy).
    pub fn text_from(&self, from: usize) -> String {
        String::from_utf8_lossy(&self.capture.bytes.lock().unwrap()[from..]).into_owned()
    }
}

impl Drop for LogCapture {
    fn drop(&mut self) {
        let previous = self.previous.take();
        CURRENT.with(|c| *c.borrow_mut() = previous);
    }
}
