//! Bounded pools of dedicated threads for slow blocking work (the KDF, sealing uploads), so that none
//! of it runs on tokio's shared blocking pool where one kind of work could starve another.
//!
//! A pool has `size` threads of its own (started on first use) and admits at most `size` jobs at
//! once. A job waits for a slot at most `queue_wait`, and at most `max_waiting` jobs wait at all: past
//! either bound the caller gets [`PoolError::Busy`] (answer 503 with `Retry-After`) instead of piling
//! up connections and memory (DESIGN.md section 2, item 8).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore, oneshot};

/// Why a pool did not run a job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PoolError {
    /// Every slot stayed busy for the whole queue wait, or the queue was full: answer 503 with this
    /// `Retry-After`.
    #[error("pool busy, retry after {retry_after_secs} s")]
    Busy {
        /// Seconds the client should wait before trying again.
        retry_after_secs: u64,
    },
    /// The job panicked, or the pool's threads could not be started.
    #[error("pool job failed")]
    Failed,
}

type Job = Box<dyn FnOnce() + Send>;

/// A bounded pool of dedicated threads. Cheap to clone (clones share the pool); the threads end
/// when the last clone is dropped.
#[derive(Clone)]
pub struct BlockingPool {
    name: &'static str,
    size: usize,
    permits: Arc<Semaphore>,
    queue_wait: Duration,
    max_waiting: usize,
    waiting: Arc<AtomicUsize>,
    workers: Arc<OnceLock<Option<Mutex<mpsc::Sender<Job>>>>>,
}

impl std::fmt::Debug for BlockingPool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BlockingPool")
            .field("name", &self.name)
            .field("size", &self.size)
            .finish_non_exhaustive()
    }
}

/// A job admitted to a pool and running (or about to) on one of its threads.
#[derive(Debug)]
pub struct Running<T> {
    rx: oneshot::Receiver<T>,
}

impl<T> Running<T> {
    /// The job's result, once it has finished.
    pub async fn join(self) -> Result<T, PoolError> {
        self.rx.await.map_err(|_| PoolError::Failed)
    }
}

/// Decrements the waiting count however the wait ends (a dropped future included).
struct Waiting(Arc<AtomicUsize>);

impl Drop for Waiting {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

impl BlockingPool {
    /// A pool of `size` threads (at least one) where a job waits at most `queue_wait` for a slot and
    /// at most `max_waiting` jobs wait at once (at least one).
    pub fn new(name: &'static str, size: usize, queue_wait: Duration, max_waiting: usize) -> Self {
        let size = size.clamp(1, 1024);
        BlockingPool {
            name,
            size,
            permits: Arc::new(Semaphore::new(size)),
            queue_wait,
            max_waiting: max_waiting.max(1),
            waiting: Arc::new(AtomicUsize::new(0)),
            workers: Arc::new(OnceLock::new()),
        }
    }

    /// The pool's name, for logs and metrics.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The number of threads (and of jobs running at once).
    pub fn size(&self) -> usize {
        self.size
    }

    /// Slots free right now.
    pub fn available(&self) -> usize {
        self.permits.available_permits()
    }

    /// The `Retry-After` a refused caller gets.
    fn busy(&self) -> PoolError {
        PoolError::Busy {
            retry_after_secs: self.queue_wait.as_secs().clamp(1, 30),
        }
    }

    async fn permit(&self) -> Result<OwnedSemaphorePermit, PoolError> {
        if let Ok(permit) = self.permits.clone().try_acquire_owned() {
            return Ok(permit);
        }
        if self.waiting.fetch_add(1, Ordering::Relaxed) >= self.max_waiting {
            self.waiting.fetch_sub(1, Ordering::Relaxed);
            return Err(self.busy());
        }
        let _waiting = Waiting(self.waiting.clone());
        match tokio::time::timeout(self.queue_wait, self.permits.clone().acquire_owned()).await {
            Ok(Ok(permit)) => Ok(permit),
            Ok(Err(_closed)) => Err(PoolError::Failed),
            Err(_elapsed) => Err(self.busy()),
        }
    }

    fn sender(&self) -> Option<&Mutex<mpsc::Sender<Job>>> {
        self.workers
            .get_or_init(|| {
                let (tx, rx) = mpsc::channel::<Job>();
                let rx = Arc::new(Mutex::new(rx));
                for i in 0..self.size {
                    let rx = rx.clone();
                    let spawned = std::thread::Builder::new()
                        .name(format!("vigie-{}-{i}", self.name))
                        .spawn(move || worker(&rx));
                    if let Err(e) = spawned {
                        tracing_free_warning(self.name, &e);
                        return None;
                    }
                }
                Some(Mutex::new(tx))
            })
            .as_ref()
    }

    /// Waits for a slot (bounded), then starts `f` on one of the pool's threads. The slot is held by
    /// the job itself, so it stays taken until the work ends even if the caller goes away.
    pub async fn start<T: Send + 'static>(
        &self,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> Result<Running<T>, PoolError> {
        let permit = self.permit().await?;
        let sender = self.sender().ok_or(PoolError::Failed)?;
        let (tx, rx) = oneshot::channel();
        let job: Job = Box::new(move || {
            let _slot = permit;
            // A panic drops `tx`: the caller sees `Failed`, and the thread lives on.
            if let Ok(out) = catch_unwind(AssertUnwindSafe(f)) {
                let _ = tx.send(out);
            }
        });
        let sent = match sender.lock() {
            Ok(s) => s.send(job).is_ok(),
            Err(_) => false,
        };
        if !sent {
            return Err(PoolError::Failed);
        }
        Ok(Running { rx })
    }

    /// Runs `f` on the pool and waits for its result.
    pub async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, PoolError> {
        self.start(f).await?.join().await
    }
}

fn worker(rx: &Mutex<mpsc::Receiver<Job>>) {
    loop {
        let job = match rx.lock() {
            Ok(rx) => match rx.recv() {
                Ok(job) => job,
                // Every sender is gone: the pool was dropped.
                Err(_) => return,
            },
            Err(_) => return,
        };
        job();
    }
}

/// The vault does not log; a thread that cannot start is reported on standard error once.
fn tracing_free_warning(name: &str, e: &std::io::Error) {
    eprintln!("warning: cannot start a thread of the `{name}` pool: {e}");
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_pool_is_bounded_and_recovers() {
        let pool = BlockingPool::new("test", 1, Duration::from_millis(50), 8);
        let busy = pool.clone();
        let first = tokio::spawn(async move {
            busy.run(|| std::thread::sleep(Duration::from_millis(500)))
                .await
        });
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert_eq!(
            pool.run(|| 2).await,
            Err(PoolError::Busy {
                retry_after_secs: 1
            })
        );
        first.await.unwrap().unwrap();
        assert_eq!(pool.run(|| 3).await, Ok(3));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_full_queue_refuses_at_once() {
        let pool = BlockingPool::new("q", 1, Duration::from_secs(30), 1);
        let held = pool.permits.clone().acquire_owned().await.unwrap();
        let waiter = {
            let pool = pool.clone();
            tokio::spawn(async move { pool.run(|| 1).await })
        };
        tokio::time::sleep(Duration::from_millis(50)).await;
        let started = std::time::Instant::now();
        assert!(matches!(pool.run(|| 2).await, Err(PoolError::Busy { .. })));
        assert!(started.elapsed() < Duration::from_secs(1));
        drop(held);
        assert_eq!(waiter.await.unwrap(), Ok(1));
        assert_eq!(pool.waiting.load(Ordering::Relaxed), 0);
    }

    #[tokio::test]
    async fn jobs_run_on_the_pools_own_threads() {
        let pool = BlockingPool::new("own", 2, Duration::from_secs(1), 4);
        let name = pool
            .run(|| std::thread::current().name().map(str::to_owned))
            .await
            .unwrap();
        assert!(name.unwrap().starts_with("vigie-own-"));
    }

    #[tokio::test]
    async fn a_panicking_job_is_a_failure_not_a_crash() {
        let pool = BlockingPool::new("p", 1, Duration::from_millis(50), 4);
        let r = pool.run(|| -> u8 { panic!("boom") }).await;
        assert_eq!(r, Err(PoolError::Failed));
        assert_eq!(pool.run(|| 1).await, Ok(1));
    }

    #[test]
    fn a_zero_size_is_raised_to_one() {
        let pool = BlockingPool::new("z", 0, Duration::ZERO, 0);
        assert_eq!(pool.size(), 1);
        assert_eq!(pool.available(), 1);
    }
}
