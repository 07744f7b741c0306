//! Size limits, and the memory budget shared by every upload cleaned in memory.

use std::sync::atomic::{AtomicUsize, Ordering};

use crate::SanitizeError;

/// Size limits for one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Total input bytes accepted; past this, [`SanitizeError::TooLarge`].
    pub max_bytes: u64,
    /// Largest WebP or PDF cleaned (they are held in memory); past this,
    /// [`SanitizeError::TooLargeToClean`]. Also bounds how far one PDF stream may inflate.
    pub max_in_memory: usize,
    /// Largest prefix of one metadata chunk (PNG `eXIf`, WebP `EXIF`/`XMP`) read into memory to
    /// say what it held (a location or not); the rest is skipped unread. JPEG segments are at
    /// most 64 KiB by the format and are always read whole.
    pub max_segment: usize,
    /// Most objects (each array item and dictionary value counted) one PDF may be made of, and
    /// most tokens of PDF syntax in its bytes or in one object stream; past this,
    /// [`SanitizeError::Refused`]. lopdf spends about 120 bytes on each.
    pub max_pdf_objects: usize,
    /// Most bytes a PDF's object streams may inflate to, all together; past this,
    /// [`SanitizeError::Refused`].
    pub max_inflated: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_bytes: 50 * 1024 * 1024,
            max_in_memory: 32 * 1024 * 1024,
            max_segment: 64 * 1024,
            max_pdf_objects: 500_000,
            max_inflated: 64 * 1024 * 1024,
        }
    }
}

/// A count of bytes that files cleaned in memory may hold at once, across all threads.
///
/// WebP and PDF are cleaned in memory; without a shared bound, twenty concurrent 32 MiB PDFs
/// (and the parser's own structures) could exhaust the server's RAM. A reservation that does
/// not fit fails at once with [`SanitizeError::Busy`] rather than waiting: the upload handler
/// already runs under a timeout and can answer "try again" or keep the original only.
#[derive(Debug)]
pub struct MemoryBudget {
    limit: usize,
    used: AtomicUsize,
}

impl MemoryBudget {
    /// A budget of `limit` bytes.
    pub fn new(limit: usize) -> Self {
        Self {
            limit,
            used: AtomicUsize::new(0),
        }
    }

    /// The budget's size in bytes.
    pub fn limit(&self) -> usize {
        self.limit
    }

    /// Bytes reserved right now.
    pub fn in_use(&self) -> usize {
        self.used.load(Ordering::Acquire)
    }

    /// Reserves `bytes`, released when the [`Reservation`] is dropped.
    pub fn reserve(&self, bytes: usize) -> Result<Reservation<'_>, SanitizeError> {
        self.take(bytes)?;
        Ok(Reservation {
            budget: self,
            bytes,
        })
    }

    fn take(&self, bytes: usize) -> Result<(), SanitizeError> {
        self.used
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |used| {
                used.checked_add(bytes).filter(|&total| total <= self.limit)
            })
            .map(|_| ())
            .map_err(|_| SanitizeError::Busy)
    }
}

impl Default for MemoryBudget {
    /// 256 MiB: two of the largest PDFs at once with the default [`Limits`].
    fn default() -> Self {
        Self::new(256 * 1024 * 1024)
    }
}

/// Bytes held from a [`MemoryBudget`] until dropped.
#[derive(Debug)]
pub struct Reservation<'a> {
    budget: &'a MemoryBudget,
    bytes: usize,
}

impl Reservation<'_> {
    /// Bytes held.
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    /// Holds at least `total` bytes, taking the difference from the budget.
    pub fn grow_to(&mut self, total: usize) -> Result<(), SanitizeError> {
        if total > self.bytes {
            self.budget.take(total - self.bytes)?;
            self.bytes = total;
        }
        Ok(())
    }
}

impl Drop for Reservation<'_> {
    fn drop(&mut self) {
        self.budget.used.fetch_sub(self.bytes, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn reservations_add_up_and_release() {
        let budget = MemoryBudget::new(100);
        let a = budget.reserve(60).unwrap();
        assert!(matches!(budget.reserve(41), Err(SanitizeError::Busy)));
        let mut b = budget.reserve(40).unwrap();
        assert_eq!(budget.in_use(), 100);
        assert!(matches!(b.grow_to(41), Err(SanitizeError::Busy)));
        assert_eq!(b.bytes(), 40);
        drop(a);
        b.grow_to(90).unwrap();
        b.grow_to(10).unwrap(); // never shrinks
        assert_eq!((b.bytes(), budget.in_use()), (90, 90));
        drop(b);
        assert_eq!(budget.in_use(), 0);
        assert!(matches!(
            budget.reserve(usize::MAX),
            Err(SanitizeError::Busy)
        ));
        assert_eq!(budget.in_use(), 0);
    }

    #[test]
    fn concurrent_reservations_never_exceed_the_limit() {
        let budget = MemoryBudget::new(1000);
        std::thread::scope(|scope| {
            for _ in 0..8 {
                scope.spawn(|| {
                    for i in 0..2000 {
                        if let Ok(mut r) = budget.reserve(100 + i % 200) {
                            assert!(budget.in_use() <= budget.limit());
                            let _ = r.grow_to(350);
                            assert!(budget.in_use() <= budget.limit());
                        }
                    }
                });
            }
        });
        assert_eq!(budget.in_use(), 0);
    }
}
