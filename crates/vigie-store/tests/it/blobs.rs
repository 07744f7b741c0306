//! The blob store: round trip, quota, crash leftovers, sweep, ids and file modes.

use std::collections::HashSet;
use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Barrier};
use std::time::{Duration, SystemTime};

use vigie_store::{BlobError, BlobId, BlobQuota, BlobStore, SweepReport};

const HOUR: Duration = Duration::from_secs(3600);

fn store(quota: u64) -> (tempfile::TempDir, BlobStore) {
    let dir = tempfile::tempdir().unwrap();
    let store = BlobStore::open(
        dir.path(),
        BlobQuota {
            max_pending_bytes: quota,
        },
    )
    .unwrap();
    (dir, store)
}

/// Every file (not directory) under `dir`, recursively.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    walk(dir, false)
}

/// Every file under `dir`, recursively, and with `dirs` every directory too (not `dir` itself).
fn walk(dir: &Path, dirs: bool) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        let is_dir = e.file_type().unwrap().is_dir();
        if is_dir {
            out.extend(walk(&e.path(), dirs));
        }
        if dirs || !is_dir {
            out.push(e.path());
        }
    }
    out
}

/// Writes `bytes` as a new blob and settles it (also the S3 tests' way to add one).
pub(crate) fn put(store: &BlobStore, bytes: &[u8]) -> BlobId {
    let mut w = store.create().unwrap();
    w.write_all(bytes).unwrap();
    let p = w.commit().unwrap();
    let id = p.id();
    p.settle();
    id
}

fn age(path: &Path, by: Duration) {
    File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(SystemTime::now() - by)
        .unwrap();
}

fn blob_path(root: &Path, id: &BlobId) -> PathBuf {
    let s = id.to_string();
    root.join("blobs").join(&s[..2]).join(&s)
}

#[test]
fn round_trip_layout_delete() {
    let (dir, store) = store(1 << 20);
    let data: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
    let mut w = store.create().unwrap();
    let id = w.id();
    for chunk in data.chunks(4096) {
        w.write_all(chunk).unwrap();
    }
    w.flush().unwrap();
    assert_eq!(w.written(), data.len() as u64);
    assert_eq!(store.pending_bytes(), data.len() as u64);
    let pending = w.commit().unwrap();
    assert_eq!(pending.id(), id);
    assert_eq!(pending.len(), data.len() as u64);
    assert!(!pending.is_empty());
    assert_eq!(store.pending_bytes(), data.len() as u64);
    pending.settle();
    assert_eq!(store.pending_bytes(), 0);

    // Layout: blobs/<first 2 hex>/<uuid>, nothing left in tmp/.
    assert!(blob_path(dir.path(), &id).is_file());
    assert!(files_under(&dir.path().join("tmp")).is_empty());

    let mut back = Vec::new();
    store
        .open_blob(&id)
        .unwrap()
        .read_to_end(&mut back)
        .unwrap();
    assert_eq!(back, data);
    assert_eq!(store.len(&id).unwrap(), data.len() as u64);
    assert_eq!(store.list().unwrap(), vec![id]);

    // A clone is the same store.
    assert_eq!(store.clone().len(&id).unwrap(), data.len() as u64);

    assert!(store.delete(&id).unwrap());
    assert!(!store.delete(&id).unwrap());
    assert!(matches!(store.open_blob(&id), Err(BlobError::NotFound(x)) if x == id));
    assert!(matches!(store.len(&id), Err(BlobError::NotFound(x)) if x == id));
    assert!(store.list().unwrap().is_empty());
}

#[test]
fn empty_blob_commits() {
    let (_dir, store) = store(0);
    let w = store.create().unwrap();
    let p = w.commit().unwrap();
    assert!(p.is_empty());
    let id = p.id();
    p.settle();
    assert_eq!(store.len(&id).unwrap(), 0);
}

#[test]
fn reopen_sees_existing_blobs() {
    let (dir, store) = store(1024);
    let id = put(&store, b"sealed");
    drop(store);
    let again = BlobStore::open(
        dir.path(),
        BlobQuota {
            max_pending_bytes: 1024,
        },
    )
    .unwrap();
    assert_eq!(again.list().unwrap(), vec![id]);
    assert_eq!(again.len(&id).unwrap(), 6);
}

#[test]
fn ids_are_random_v4_and_distinct() {
    let (_dir, store) = store(0);
    let mut seen = HashSet::new();
    for _ in 0..200 {
        let w = store.create().unwrap();
        let id = w.id();
        assert_eq!(id.as_uuid().get_version(), Some(uuid::Version::Random));
        assert!(seen.insert(id));
    }
}

#[test]
fn quota_exceeded_mid_write_removes_temp_file_and_frees_counter() {
    let (dir, store) = store(100);
    let mut w = store.create().unwrap();
    w.write_all(&[1; 60]).unwrap();
    assert_eq!(store.pending_bytes(), 60);
    assert_eq!(files_under(&dir.path().join("tmp")).len(), 1);

    let err = w.write_all(&[2; 60]).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::QuotaExceeded);
    let typed = BlobError::from_write(err);
    assert!(matches!(typed, BlobError::QuotaExceeded { limit: 100 }));
    // The message says what to do and carries no bytes.
    let msg = typed.to_string();
    assert!(
        msg.contains("retry later") && msg.contains("max_pending_bytes"),
        "{msg}"
    );

    // Refused at once: temp file gone, counter back to zero, the writer stays refused.
    assert!(files_under(&dir.path().join("tmp")).is_empty());
    assert_eq!(store.pending_bytes(), 0);
    assert_eq!(
        w.write(&[3]).unwrap_err().kind(),
        io::ErrorKind::QuotaExceeded
    );
    assert!(matches!(
        w.commit(),
        Err(BlobError::QuotaExceeded { limit: 100 })
    ));
    assert_eq!(store.pending_bytes(), 0);
    assert!(files_under(&dir.path().join("blobs")).is_empty());

    // The freed quota is usable again, up to the limit exactly.
    let mut w = store.create().unwrap();
    w.write_all(&[4; 100]).unwrap();
    let p = w.commit().unwrap();
    assert_eq!(store.pending_bytes(), 100);
    // While the blob is pending, nothing else fits.
    let mut other = store.create().unwrap();
    assert!(matches!(
        other.write_all(&[5]).map_err(BlobError::from_write),
        Err(BlobError::QuotaExceeded { .. })
    ));
    p.settle();
    assert_eq!(store.pending_bytes(), 0);
}

#[test]
fn pending_blob_dropped_gives_bytes_back_but_keeps_file() {
    let (_dir, store) = store(1000);
    let mut w = store.create().unwrap();
    w.write_all(&[9; 300]).unwrap();
    let p = w.commit().unwrap();
    let id = p.id();
    assert_eq!(store.pending_bytes(), 300);
    drop(p);
    assert_eq!(store.pending_bytes(), 0);
    // The blob is on disk, unreferenced: the sweep's business.
    assert_eq!(store.len(&id).unwrap(), 300);
}

#[test]
fn other_write_errors_map_to_io() {
    let e = BlobError::from_write(io::Error::other("disk on fire"));
    assert!(matches!(e, BlobError::Io { .. }));
}

#[test]
fn concurrent_writers_respect_quota() {
    const QUOTA: u64 = 64 * 1024;
    const CHUNK: usize = 1024;
    const PER_BLOB: usize = 16 * 1024;
    const THREADS: usize = 8;
    let (dir, store) = store(QUOTA);
    let start = Arc::new(Barrier::new(THREADS));
    let hold = Arc::new(Barrier::new(THREADS));
    let handles: Vec<_> = (0..THREADS)
        .map(|t| {
            let store = store.clone();
            let start = start.clone();
            let hold = hold.clone();
            std::thread::spawn(move || {
                start.wait();
                let mut w = store.create().unwrap();
                let mut refused = false;
                for _ in 0..PER_BLOB / CHUNK {
                    match w.write_all(&[t as u8; CHUNK]) {
                        Ok(()) => {}
                        Err(e) => {
                            assert!(matches!(
                                BlobError::from_write(e),
                                BlobError::QuotaExceeded { limit: QUOTA }
                            ));
                            refused = true;
                            break;
                        }
                    }
                    assert!(store.pending_bytes() <= QUOTA);
                }
                let pending = if refused {
                    None
                } else {
                    Some(w.commit().unwrap())
                };
                // Everyone holds what they got until all have tried.
                hold.wait();
                assert!(store.pending_bytes() <= QUOTA);
                pending.map(|p| {
                    let (id, len) = (p.id(), p.len());
                    p.settle();
                    (id, len)
                })
            })
        })
        .collect();
    let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let committed: Vec<_> = results.into_iter().flatten().collect();

    // 8 x 16 KiB asked, 64 KiB allowed at once: at most 4 succeed, at least 4 are refused.
    assert!(committed.len() <= 4, "{} committed", committed.len());
    assert!(
        committed.iter().map(|(_, l)| l).sum::<u64>() <= QUOTA,
        "over quota"
    );
    for (id, len) in &committed {
        assert_eq!(*len, PER_BLOB as u64);
        assert_eq!(store.len(id).unwrap(), PER_BLOB as u64);
    }
    assert_eq!(store.pending_bytes(), 0);
    assert_eq!(store.list().unwrap().len(), committed.len());
    assert!(files_under(&dir.path().join("tmp")).is_empty());
}

#[test]
fn drop_without_commit_leaves_no_file() {
    let (dir, store) = store(1 << 20);
    let mut w = store.create().unwrap();
    w.write_all(&[7; 5000]).unwrap();
    assert_eq!(files_under(&dir.path().join("tmp")).len(), 1);
    drop(w);
    assert!(files_under(&dir.path().join("tmp")).is_empty());
    assert!(files_under(&dir.path().join("blobs")).is_empty());
    assert_eq!(store.pending_bytes(), 0);
}

#[test]
fn sweep_deletes_unreferenced_old_and_stale_temp_keeps_the_rest() {
    let (dir, store) = store(1 << 20);
    let root = dir.path();
    // Files carry their day's midnight, so the grace covers a day (as the application's does) and a
    // file "written today" is at most a day old.
    const GRACE: Duration = Duration::from_secs(26 * 3600);
    const OLD: Duration = Duration::from_secs(28 * 3600);

    let referenced_old = put(&store, &[1; 10]);
    let unreferenced_old = put(&store, &[2; 20]);
    let unreferenced_fresh = put(&store, &[3; 30]);
    let referenced_fresh = put(&store, &[4; 40]);
    age(&blob_path(root, &referenced_old), OLD);
    age(&blob_path(root, &unreferenced_old), OLD);

    // A temp file left by a crash (old), and a writer in progress (fresh).
    let crashed = root
        .join("tmp")
        .join(format!("{}.tmp", uuid::Uuid::new_v4()));
    fs::write(&crashed, [5; 50]).unwrap();
    age(&crashed, OLD);
    let mut live = store.create().unwrap();
    live.write_all(&[6; 60]).unwrap();

    // Foreign files, all old: never touched.
    let shard_of_old = blob_path(root, &unreferenced_old)
        .parent()
        .unwrap()
        .to_path_buf();
    let wrong_shard_id = loop {
        let u = uuid::Uuid::new_v4().to_string();
        if !u.starts_with("ff") {
            break u;
        }
    };
    fs::create_dir_all(root.join("blobs/ff")).unwrap();
    let foreign: Vec<PathBuf> = vec![
        root.join("blobs/README"),
        root.join("blobs/ff").join(&wrong_shard_id),
        shard_of_old.join("notes.txt"),
        shard_of_old.join(
            blob_path(root, &unreferenced_old)
                .file_name()
                .unwrap()
                .to_str()
                .unwrap()
                .to_uppercase(),
        ),
        root.join("tmp/foreign.txt"),
        root.join("tmp").join(uuid::Uuid::new_v4().to_string()),
    ];
    for f in &foreign {
        fs::write(f, b"not ours").unwrap();
        age(f, OLD);
    }
    fs::create_dir_all(root.join("blobs/not-a-shard")).unwrap();

    let refs: HashSet<BlobId> = [referenced_old, referenced_fresh].into();
    let report = store.sweep(&|id| refs.contains(id), GRACE).unwrap();
    assert_eq!(
        report,
        SweepReport {
            kept: 3,
            deleted: 1,
            tmp_deleted: 1,
            bytes_freed: 20 + 50,
            foreign: foreign.len() as u64 + 1,
            failed: 0,
        }
    );

    assert!(!blob_path(root, &unreferenced_old).exists());
    assert!(!crashed.exists());
    for id in [referenced_old, unreferenced_fresh, referenced_fresh] {
        assert!(store.open_blob(&id).is_ok());
    }
    for f in &foreign {
        assert_eq!(fs::read(f).unwrap(), b"not ours", "{}", f.display());
    }
    assert!(root.join("blobs/not-a-shard").is_dir());

    let mut listed = store.list().unwrap();
    listed.sort();
    let mut expected = vec![referenced_old, unreferenced_fresh, referenced_fresh];
    expected.sort();
    assert_eq!(listed, expected);

    // The live writer was not disturbed.
    live.write_all(&[6; 10]).unwrap();
    let p = live.commit().unwrap();
    assert_eq!(store.len(&p.id()).unwrap(), 70);
    p.settle();

    // Nothing left to do: a second sweep deletes nothing.
    let again = store.sweep(&|id| refs.contains(id), GRACE).unwrap();
    assert_eq!((again.deleted, again.tmp_deleted), (0, 0));
}

#[test]
fn sweep_keeps_files_dated_in_the_future() {
    let (dir, store) = store(1024);
    let id = put(&store, b"x");
    File::options()
        .write(true)
        .open(blob_path(dir.path(), &id))
        .unwrap()
        .set_modified(SystemTime::now() + HOUR)
        .unwrap();
    let report = store.sweep(&|_| false, Duration::ZERO).unwrap();
    assert_eq!((report.kept, report.deleted), (1, 0));
}

#[test]
fn bad_ids_rejected() {
    let good = uuid::Uuid::new_v4();
    let s = good.hyphenated().to_string();
    let id: BlobId = s.parse().unwrap();
    assert_eq!(id.to_string(), s);
    assert_eq!(id.as_uuid(), good);

    let v7ish = {
        // Same text with the version nibble set to 7 (time-ordered ids are refused).
        let mut b = s.clone().into_bytes();
        b[14] = b'7';
        String::from_utf8(b).unwrap()
    };
    let bad_variant = {
        let mut b = s.clone().into_bytes();
        b[19] = b'c';
        String::from_utf8(b).unwrap()
    };
    for bad in [
        String::new(),
        s.to_uppercase(),
        format!("{{{s}}}"),
        format!("urn:uuid:{s}"),
        good.simple().to_string(),
        format!(" {s}"),
        format!("{s}\n"),
        format!("{s}0"),
        s[..35].to_owned(),
        s.replace('-', "_"),
        "00000000-0000-0000-0000-000000000000".to_owned(),
        "../../../../etc/passwd".to_owned(),
        "../00000000-0000-4000-8000-000000000000".to_owned(),
        v7ish,
        bad_variant,
    ] {
        assert!(
            matches!(bad.parse::<BlobId>(), Err(BlobError::BadId)),
            "accepted {bad:?}"
        );
    }
    // The message names no input.
    assert!(!BlobError::BadId.to_string().contains("passwd"));
}

#[test]
fn open_fails_on_a_file_in_the_way() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("blobs"), b"").unwrap();
    let err = BlobStore::open(
        dir.path(),
        BlobQuota {
            max_pending_bytes: 1,
        },
    )
    .unwrap_err();
    assert!(matches!(err, BlobError::Io { .. }));
    assert!(err.to_string().contains("not a directory"), "{err}");
}

#[cfg(unix)]
#[test]
fn file_modes() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o7777;

    let dir = tempfile::tempdir().unwrap();
    // An existing, too open blob directory is tightened.
    fs::create_dir(dir.path().join("blobs")).unwrap();
    fs::set_permissions(dir.path().join("blobs"), fs::Permissions::from_mode(0o755)).unwrap();
    let store = BlobStore::open(
        dir.path(),
        BlobQuota {
            max_pending_bytes: 1 << 20,
        },
    )
    .unwrap();
    assert_eq!(mode(&dir.path().join("blobs")), 0o700);
    assert_eq!(mode(&dir.path().join("tmp")), 0o700);

    let mut w = store.create().unwrap();
    w.write_all(b"sealed bytes").unwrap();
    let tmp = files_under(&dir.path().join("tmp"));
    assert_eq!(tmp.len(), 1);
    assert_eq!(mode(&tmp[0]), 0o600);

    let p = w.commit().unwrap();
    let path = blob_path(dir.path(), &p.id());
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(path.parent().unwrap()), 0o700);
    p.settle();
}

#[test]
fn blobs_their_folders_and_temporary_files_carry_the_day_not_the_minute() {
    let (dir, store) = store(1 << 20);
    let today = vigie_store::day_files::today();
    let check = |when: &str| {
        let mut all = walk(dir.path(), true);
        all.push(dir.path().to_path_buf());
        for p in all {
            let meta = fs::symlink_metadata(&p).unwrap();
            assert_eq!(
                filetime::FileTime::from_last_modification_time(&meta),
                today,
                "{when}: {}",
                p.display()
            );
        }
    };
    check("opened");
    let kept = put(&store, &[1; 5000]);
    let gone = put(&store, &[2; 10]);
    check("committed");
    assert!(store.delete(&gone).unwrap());
    // A writer abandoned half-way (a refused upload) removes its temporary file.
    let mut w = store.create().unwrap();
    w.write_all(&[3; 100]).unwrap();
    drop(w);
    check("deleted and abandoned");
    let mut r = Vec::new();
    store.open_blob(&kept).unwrap().read_to_end(&mut r).unwrap();
    assert_eq!(r, vec![1; 5000]);
    // Stamped to midnight, a blob written today is still inside the application's grace.
    let report = store
        .sweep(&|_| false, Duration::from_secs(26 * 3600))
        .unwrap();
    assert_eq!((report.kept, report.deleted), (1, 0));
}
