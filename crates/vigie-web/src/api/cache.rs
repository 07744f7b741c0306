//! Encoded open-data files, kept in memory: an edition never changes, so a file asked twice with the
//! same (validated) filters is the same bytes. The series of a five-year edition is megabytes of JSON
//! and its GeoJSON carries every contour: encoding them once keeps repeated downloads cheap.
//!
//! Bounded in entries and bytes, least recently used out first; one cache per router (so two
//! instances in one process, as in the tests, never share entries).

use std::sync::Mutex;

use axum::body::Bytes;

/// Most files kept.
const MAX_ENTRIES: usize = 64;
/// Most bytes kept over all files.
const MAX_BYTES: usize = 64 * 1024 * 1024;
/// A file larger than this is encoded at each request rather than kept.
const MAX_FILE: usize = 16 * 1024 * 1024;

/// An encoded file: its bytes and content type.
#[derive(Clone)]
pub(crate) struct Encoded {
    /// The body.
    pub body: Bytes,
    /// Its `Content-Type`.
    pub content_type: &'static str,
}

/// The cache: keys are built from the edition id, the file and the validated filters only.
#[derive(Default)]
pub(crate) struct FileCache(Mutex<Vec<(String, Encoded)>>);

impl FileCache {
    /// The file under `key`, marked as just used.
    pub(crate) fn get(&self, key: &str) -> Option<Encoded> {
        let mut v = self.0.lock().ok()?;
        let at = v.iter().position(|(k, _)| k == key)?;
        let hit = v.remove(at);
        let file = hit.1.clone();
        v.push(hit);
        Some(file)
    }

    /// Keeps `file` under `key`, dropping the least recently used files beyond the bounds.
    pub(crate) fn put(&self, key: String, file: Encoded) {
        if file.body.len() > MAX_FILE {
            return;
        }
        let Ok(mut v) = self.0.lock() else { return };
        v.retain(|(k, _)| *k != key);
        v.push((key, file));
        let mut total: usize = v.iter().map(|(_, f)| f.body.len()).sum();
        while v.len() > MAX_ENTRIES || total > MAX_BYTES {
            let (_, dropped) = v.remove(0);
            total -= dropped.body.len();
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn file(n: usize) -> Encoded {
        Encoded {
            body: Bytes::from(vec![b'x'; n]),
            content_type: "text/csv",
        }
    }

    #[test]
    fn keeps_the_recently_used_within_bounds() {
        let c = FileCache::default();
        for i in 0..MAX_ENTRIES + 3 {
            c.put(format!("k{i}"), file(1));
            // k0 stays in use.
            assert!(c.get("k0").is_some(), "{i}");
        }
        assert!(c.get("k1").is_none());
        assert_eq!(
            c.get(&format!("k{}", MAX_ENTRIES + 2)).unwrap().body.len(),
            1
        );
        c.put("big".into(), file(MAX_FILE + 1));
        assert!(c.get("big").is_none());
        for i in 0..5 {
            c.put(format!("m{i}"), file(MAX_FILE));
        }
        let total: usize = c.0.lock().unwrap().iter().map(|(_, f)| f.body.len()).sum();
        assert!(total <= MAX_BYTES);
        assert!(c.get("m4").is_some());
    }
}
