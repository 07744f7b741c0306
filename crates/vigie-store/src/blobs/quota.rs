//! The quota on pending bytes, shared by every clone of the store.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use super::BlobError;

/// Limits of the blob store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BlobQuota {
    /// Maximum total bytes of blobs being written or committed but not yet settled (waiting for the
    /// report transaction). A write that would go beyond fails with [`BlobError::QuotaExceeded`].
    pub max_pending_bytes: u64,
}

/// The shared count of pending bytes.
#[derive(Debug)]
pub(super) struct Pending {
    pub(super) bytes: AtomicU64,
    pub(super) limit: u64,
}

/// Bytes counted against the quota; given back when dropped.
#[derive(Debug)]
pub(super) struct Reservation {
    pending: Arc<Pending>,
    pub(super) bytes: u64,
}

impl Pending {
    /// A count at zero with the quota's limit.
    pub(super) fn shared(quota: BlobQuota) -> Arc<Pending> {
        Arc::new(Pending {
            bytes: AtomicU64::new(0),
            limit: quota.max_pending_bytes,
        })
    }
}

impl Reservation {
    pub(super) fn empty(pending: Arc<Pending>) -> Self {
        Reservation { pending, bytes: 0 }
    }

    /// Adds `n` bytes if the total stays within the limit.
    pub(super) fn grow(&mut self, n: u64) -> Result<(), BlobError> {
        let limit = self.pending.limit;
        self.pending
            .bytes
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |cur| {
                cur.checked_add(n).filter(|&total| total <= limit)
            })
            .map_err(|_| BlobError::QuotaExceeded { limit })?;
        self.bytes += n;
        Ok(())
    }

    /// Gives back `n` bytes (at most what is held).
    pub(super) fn shrink(&mut self, n: u64) {
        let n = n.min(self.bytes);
        self.pending.bytes.fetch_sub(n, Ordering::AcqRel);
        self.bytes -= n;
    }
}

impl Drop for Reservation {
    fn drop(&mut self) {
        self.pending.bytes.fetch_sub(self.bytes, Ordering::AcqRel);
    }
}
