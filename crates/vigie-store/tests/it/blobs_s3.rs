//! The blob store on an S3-compatible bucket (a real S3 protocol server on loopback, named by
//! `VIGIE_TEST_S3_URL`; skipped without it): the same contract as the folder's, multipart uploads
//! for large blobs, and clear errors for a bucket that is not there.

use std::collections::HashSet;
use std::io::{Read, Write};
use std::time::Duration;

use super::blobs::put;
use vigie_store::{BlobError, BlobId, BlobLocation, BlobQuota, BlobStore, PART_SIZE};

const HOUR: Duration = Duration::from_secs(3600);

/// A runtime for the bucket's calls and a store under a fresh prefix; `None` without a bucket.
fn bucket(quota: u64) -> Option<(tokio::runtime::Runtime, BlobLocation, BlobStore)> {
    let Some(location) = vigie_testkit::s3::s3_location() else {
        eprintln!(
            "{} not set: S3 blob tests skipped",
            vigie_testkit::s3::S3_URL_VAR
        );
        return None;
    };
    let rt = tokio::runtime::Runtime::new().unwrap();
    let store = rt
        .block_on(BlobStore::open_location(
            &location,
            BlobQuota {
                max_pending_bytes: quota,
            },
        ))
        .unwrap();
    assert!(store.is_remote());
    Some((rt, location, store))
}

fn read(store: &BlobStore, id: &BlobId) -> Vec<u8> {
    let mut out = Vec::new();
    store.open_blob(id).unwrap().read_to_end(&mut out).unwrap();
    out
}

#[test]
fn a_blob_goes_to_the_bucket_and_comes_back_the_same() {
    let Some((_rt, location, store)) = bucket(64 << 20) else {
        return;
    };
    let bytes = b"sealed bytes, as the vault writes them".repeat(100);
    let id = put(&store, &bytes);
    assert_eq!(read(&store, &id), bytes);
    assert_eq!(store.len(&id).unwrap(), bytes.len() as u64);
    assert_eq!(store.list().unwrap(), vec![id]);
    assert_eq!(store.pending_bytes(), 0);
    // The object is named by the id alone, under the prefix: nothing else (no time) in its name.
    let objects = vigie_testkit::s3::objects(&location);
    assert_eq!(objects.len(), 1);
    assert_eq!(objects[0].0, format!("{location}/{id}"));
    assert_eq!(objects[0].1, bytes);

    assert!(store.delete(&id).unwrap());
    assert!(!store.delete(&id).unwrap(), "a second delete finds nothing");
    assert!(matches!(store.open_blob(&id), Err(BlobError::NotFound(x)) if x == id));
    assert!(matches!(store.len(&id), Err(BlobError::NotFound(x)) if x == id));
    assert!(store.list().unwrap().is_empty());
}

#[test]
fn a_large_blob_is_sent_in_parts_before_its_commit() {
    let Some((_rt, location, store)) = bucket(64 << 20) else {
        return;
    };
    // Two full parts and a bit: the first two leave memory while the writer is still open.
    let total = 2 * PART_SIZE + 12345;
    let bytes: Vec<u8> = (0..total).map(|i| (i * 31 % 251) as u8).collect();
    let mut w = store.create().unwrap();
    for chunk in bytes.chunks(64 << 10) {
        w.write_all(chunk).unwrap();
    }
    assert_eq!(w.parts_sent(), 2, "parts sent before the commit");
    assert_eq!(w.written(), total as u64);
    assert_eq!(store.pending_bytes(), total as u64, "counted until settled");
    assert!(
        store.list().unwrap().is_empty(),
        "an unfinished multipart upload is no object"
    );
    let p = w.commit().unwrap();
    let id = p.id();
    assert_eq!(p.len(), total as u64);
    p.settle();
    assert_eq!(store.pending_bytes(), 0);
    assert_eq!(store.len(&id).unwrap(), total as u64);
    assert!(read(&store, &id) == bytes, "read back the same");
    assert_eq!(vigie_testkit::s3::objects(&location).len(), 1);
}

#[test]
fn a_blob_given_up_leaves_no_object() {
    let Some((_rt, _location, store)) = bucket(64 << 20) else {
        return;
    };
    let mut w = store.create().unwrap();
    w.write_all(&vec![7u8; PART_SIZE + 10]).unwrap();
    assert_eq!(w.parts_sent(), 1);
    drop(w);
    let mut small = store.create().unwrap();
    small.write_all(b"never committed").unwrap();
    drop(small);
    assert!(store.list().unwrap().is_empty());
    assert_eq!(store.pending_bytes(), 0);
}

#[test]
fn the_quota_refuses_bytes_beyond_it_and_gives_them_back() {
    let Some((_rt, _location, store)) = bucket(1000) else {
        return;
    };
    let mut w = store.create().unwrap();
    w.write_all(&[1u8; 600]).unwrap();
    let err = w.write_all(&[2u8; 600]).unwrap_err();
    assert!(matches!(
        BlobError::from_write(err),
        BlobError::QuotaExceeded { limit: 1000 }
    ));
    assert!(matches!(
        w.commit(),
        Err(BlobError::QuotaExceeded { limit: 1000 })
    ));
    assert_eq!(store.pending_bytes(), 0);
    assert!(store.list().unwrap().is_empty());
    // Within the quota, and with two pending at once up to it.
    let mut a = store.create().unwrap();
    a.write_all(&[3u8; 500]).unwrap();
    let a = a.commit().unwrap();
    let mut b = store.create().unwrap();
    b.write_all(&[4u8; 500]).unwrap();
    assert!(b.write_all(&[5u8]).is_err(), "1001 bytes pending");
    drop(b);
    a.settle();
    assert_eq!(store.pending_bytes(), 0);
    assert_eq!(store.list().unwrap().len(), 1);
}

#[test]
fn a_restore_writes_under_its_id_once() {
    let Some((_rt, _location, store)) = bucket(64 << 20) else {
        return;
    };
    let id = put(&store, b"first");
    assert!(matches!(store.create_with_id(id), Err(BlobError::Exists(x)) if x == id));
    let other: BlobId = "6f1c2a4e-8b3d-4c5e-9f70-1a2b3c4d5e6f".parse().unwrap();
    let mut w = store.create_with_id(other).unwrap();
    w.write_all(b"restored").unwrap();
    assert_eq!(w.commit().unwrap().id(), other);
    assert_eq!(read(&store, &other), b"restored");
}

#[test]
fn the_sweep_deletes_old_unreferenced_blobs_and_leaves_foreign_objects() {
    let Some((rt, location, store)) = bucket(64 << 20) else {
        return;
    };
    let kept = put(&store, b"referenced");
    let orphan = put(&store, b"orphan");
    // Another store one level down: its blobs are foreign to this one (not PREFIX/<id>).
    let BlobLocation::S3 { bucket, prefix } = &location else {
        unreachable!()
    };
    let nested = BlobLocation::S3 {
        bucket: bucket.clone(),
        prefix: format!("{prefix}/nested"),
    };
    let inner = rt
        .block_on(BlobStore::open_location(
            &nested,
            BlobQuota {
                max_pending_bytes: 1 << 20,
            },
        ))
        .unwrap();
    let foreign = put(&inner, b"someone else's");

    let refs: HashSet<BlobId> = [kept].into();
    // Young blobs stay whatever the references say.
    let young = store.sweep(&|id| refs.contains(id), HOUR).unwrap();
    assert_eq!((young.kept, young.deleted, young.foreign), (2, 0, 1));
    // Past the grace period, the unreferenced one goes.
    let swept = store
        .sweep(&|id| refs.contains(id), Duration::ZERO)
        .unwrap();
    assert_eq!((swept.kept, swept.deleted, swept.foreign), (1, 1, 1));
    assert_eq!(swept.bytes_freed, b"orphan".len() as u64);
    assert_eq!(store.list().unwrap(), vec![kept]);
    assert!(matches!(
        store.open_blob(&orphan),
        Err(BlobError::NotFound(_))
    ));
    assert_eq!(read(&inner, &foreign), b"someone else's");
    assert_eq!(store.sweep(&|_| true, Duration::ZERO).unwrap().deleted, 0);
}

#[test]
fn a_bucket_that_is_not_there_is_a_clear_error() {
    let Some(url) = vigie_testkit::s3::s3_url() else {
        return;
    };
    let _ = url;
    let rt = tokio::runtime::Runtime::new().unwrap();
    let missing = BlobLocation::parse(&format!(
        "s3://vigie-missing-{}",
        uuid::Uuid::new_v4().simple()
    ))
    .unwrap();
    let err = rt
        .block_on(BlobStore::open_location(
            &missing,
            BlobQuota {
                max_pending_bytes: 1,
            },
        ))
        .unwrap_err()
        .to_string();
    assert!(err.contains("cannot write in the bucket"), "{err}");
    assert!(err.contains("s3://vigie-missing-"), "{err}");
    assert!(
        !err.contains(&std::env::var("AWS_SECRET_ACCESS_KEY").unwrap_or_else(|_| "\u{0}".into())),
        "{err}"
    );
}
