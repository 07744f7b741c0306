//! Request and response bodies that keep their connection's statistics, and the request bodies'
//! minimum rate: a client that sends fewer than `min_rate` bytes a second, over a window of the time
//! the handler spent waiting for it, gets an error instead of holding a slot for hours.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use http_body::{Body, Frame, SizeHint};
use tokio::time::Sleep;

use super::conn::ConnStats;

/// A request body sent more slowly than the configured minimum.
#[derive(Debug, thiserror::Error)]
#[error("request body slower than {min_rate} bytes a second")]
pub struct TooSlow {
    min_rate: u64,
}

/// The minimum rate of request bodies.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RateRule {
    /// Bytes a second.
    pub min_rate: u64,
    /// Over how much waiting time it is measured.
    pub window: Duration,
}

/// A request body under the [`RateRule`], telling its connection when the handler waits for it.
pub(crate) struct RateBody<B> {
    inner: B,
    stats: Arc<ConnStats>,
    rule: RateRule,
    /// Time spent waiting for the client in the current window.
    waited: Duration,
    window_bytes: u64,
    /// Set when the last poll returned `Pending`: we are waiting for the client since then.
    pending_since: Option<Instant>,
    timer: Option<Pin<Box<Sleep>>>,
    failed: bool,
}

impl<B> RateBody<B> {
    pub(crate) fn new(inner: B, stats: Arc<ConnStats>, rule: RateRule) -> Self {
        RateBody {
            inner,
            stats,
            rule,
            waited: Duration::ZERO,
            window_bytes: 0,
            pending_since: None,
            timer: None,
            failed: false,
        }
    }

    /// Accounts the wait since the last `Pending`; an error when a full window of waiting brought
    /// fewer bytes than the rule asks.
    fn check(&mut self, now: Instant) -> Result<(), TooSlow> {
        if let Some(since) = self.pending_since.take() {
            self.waited += now.saturating_duration_since(since);
        }
        if self.waited >= self.rule.window {
            let needed = self
                .rule
                .min_rate
                .saturating_mul(self.rule.window.as_secs().max(1));
            if self.window_bytes < needed {
                return Err(TooSlow {
                    min_rate: self.rule.min_rate,
                });
            }
            self.waited = Duration::ZERO;
            self.window_bytes = 0;
        }
        Ok(())
    }
}

impl<B> Body for RateBody<B>
where
    B: Body<Data = Bytes> + Unpin,
    B::Error: Into<axum::BoxError>,
{
    type Data = Bytes;
    type Error = axum::BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        let this = &mut *self;
        if this.failed {
            return Poll::Ready(Some(Err(TooSlow {
                min_rate: this.rule.min_rate,
            }
            .into())));
        }
        this.stats.waiting_for_client();
        let now = Instant::now();
        if let Err(e) = this.check(now) {
            this.failed = true;
            this.stats.server_working();
            return Poll::Ready(Some(Err(e.into())));
        }
        match Pin::new(&mut this.inner).poll_frame(cx) {
            Poll::Ready(frame) => {
                if let Some(Ok(f)) = &frame
                    && let Some(data) = f.data_ref()
                {
                    this.window_bytes = this
                        .window_bytes
                        .saturating_add(u64::try_from(data.len()).unwrap_or(u64::MAX));
                }
                this.stats.server_working();
                Poll::Ready(frame.map(|r| r.map_err(Into::into)))
            }
            Poll::Pending => {
                this.pending_since = Some(now);
                // Wake up when the window would end with nothing more received, to refuse a client
                // that has stopped sending altogether.
                let deadline = tokio::time::Instant::from_std(
                    now + this.rule.window.saturating_sub(this.waited),
                );
                let timer = this
                    .timer
                    .get_or_insert_with(|| Box::pin(tokio::time::sleep_until(deadline)));
                timer.as_mut().reset(deadline);
                if timer.as_mut().poll(cx).is_ready() {
                    cx.waker().wake_by_ref();
                }
                Poll::Pending
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// A response body that marks its connection idle once written or dropped.
pub(crate) struct TrackedBody<B> {
    inner: B,
    stats: Arc<ConnStats>,
}

impl<B> TrackedBody<B> {
    pub(crate) fn new(inner: B, stats: Arc<ConnStats>) -> Self {
        stats.responding();
        TrackedBody { inner, stats }
    }
}

impl<B> Drop for TrackedBody<B> {
    fn drop(&mut self) {
        self.stats.idle();
    }
}

impl<B: Body + Unpin> Body for TrackedBody<B> {
    type Data = B::Data;
    type Error = B::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        Pin::new(&mut self.inner).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}
