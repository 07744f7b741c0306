#![allow(clippy::unwrap_used, clippy::expect_used)]
use super::*;
use crate::{FORMAT_V1, open, seal};
use proptest::prelude::*;
use std::sync::atomic::{AtomicU64, Ordering};

const AAD: &[u8] = b"part:0123456789abcdef/attachment";

fn key() -> SymmetricKey {
    SymmetricKey::from_bytes([7u8; 32])
}

/// Deterministic, non-repeating-looking bytes: byte `i` of a test file.
fn byte_at(i: u64) -> u8 {
    let mut x = i.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    x ^= x >> 29;
    (x.wrapping_mul(0xBF58_476D_1CE4_E5B9) >> 56) as u8
}

fn pattern(n: usize) -> Vec<u8> {
    (0..n as u64).map(byte_at).collect()
}

/// Seals `pt` written in pieces of the given sizes (cycled; the rest in one write).
fn seal_in_pieces(key: &SymmetricKey, aad: &[u8], pt: &[u8], pieces: &[usize]) -> Vec<u8> {
    let mut s = StreamSealer::new(key, aad, Vec::new()).unwrap();
    let mut rest = pt;
    let mut sizes = pieces.iter().copied().filter(|&n| n > 0).cycle();
    while !rest.is_empty() {
        let n = sizes.next().unwrap_or(rest.len()).min(rest.len());
        s.write_all(&rest[..n]).unwrap();
        rest = &rest[n..];
    }
    assert_eq!(s.bytes_in(), pt.len() as u64);
    s.finish().unwrap()
}

fn seal_all(pt: &[u8]) -> Vec<u8> {
    seal_in_pieces(&key(), AAD, pt, &[])
}

#[derive(Debug)]
enum Fail {
    New(VaultError),
    Read(io::ErrorKind),
}

fn open_all(key: &SymmetricKey, aad: &[u8], sealed: &[u8]) -> Result<Vec<u8>, Fail> {
    let mut o = StreamOpener::new(key, aad, sealed).map_err(Fail::New)?;
    let mut out = Vec::new();
    o.read_to_end(&mut out).map_err(|e| Fail::Read(e.kind()))?;
    Ok(out)
}

/// Opening must fail while reading, as a clean `InvalidData`, and keep failing.
fn assert_read_fails(key: &SymmetricKey, aad: &[u8], sealed: &[u8]) {
    let mut o = StreamOpener::new(key, aad, sealed).unwrap();
    let mut out = Vec::new();
    let e = o.read_to_end(&mut out).unwrap_err();
    assert_eq!(e.kind(), io::ErrorKind::InvalidData);
    assert!(!e.to_string().contains(&hex::encode(key.as_bytes())));
    let again = o.read(&mut [0u8; 16]).unwrap_err();
    assert_eq!(
        again.kind(),
        io::ErrorKind::InvalidData,
        "an opener that failed stays failed"
    );
}

fn chunk_bounds(sealed: &[u8]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut at = STREAM_HEADER_LEN;
    while at < sealed.len() {
        let end = (at + SEALED_CHUNK).min(sealed.len());
        out.push(at..end);
        at = end;
    }
    out
}

#[test]
fn round_trips_around_chunk_boundaries() {
    for n in [
        0,
        1,
        CHUNK_SIZE - 1,
        CHUNK_SIZE,
        CHUNK_SIZE + 1,
        2 * CHUNK_SIZE - 1,
        2 * CHUNK_SIZE,
        3 * CHUNK_SIZE,
        3 * CHUNK_SIZE + 1,
    ] {
        let pt = pattern(n);
        let sealed = seal_all(&pt);
        assert_eq!(sealed.len() as u64, sealed_len(n as u64), "size {n}");
        assert_eq!(opened_len(sealed.len() as u64), Some(n as u64));
        assert_eq!(sealed[0], STREAM_FORMAT_V1);
        assert_eq!(open_all(&key(), AAD, &sealed).unwrap(), pt, "size {n}");
    }
}

#[test]
fn empty_stream_is_header_and_one_tag() {
    let sealed = seal_all(&[]);
    assert_eq!(sealed.len(), STREAM_HEADER_LEN + TAG_LEN);
    assert_eq!(sealed_len(0), sealed.len() as u64);
    assert!(open_all(&key(), AAD, &sealed).unwrap().is_empty());
    // An empty stream still authenticates: wrong key or aad fail, and so does the bare header.
    assert_read_fails(&SymmetricKey::random(), AAD, &sealed);
    assert_read_fails(&key(), b"other", &sealed);
    assert_read_fails(&key(), AAD, &sealed[..STREAM_HEADER_LEN]);
}

#[test]
fn nonces_differ_between_streams() {
    let pt = pattern(100);
    let (a, b) = (seal_all(&pt), seal_all(&pt));
    assert_ne!(a[1..STREAM_HEADER_LEN], b[1..STREAM_HEADER_LEN]);
    assert_ne!(a, b);
}

#[test]
fn wrong_key_and_wrong_aad_fail() {
    let pt = pattern(2 * CHUNK_SIZE + 5);
    let sealed = seal_all(&pt);
    assert_read_fails(&SymmetricKey::random(), AAD, &sealed);
    assert_read_fails(&key(), b"part:other/attachment", &sealed);
    assert_read_fails(&key(), b"", &sealed);
    // The AAD is bound on every chunk, not only the first: a stream sealed under another AAD fails at
    // the first chunk, so nothing at all is released.
    let mut o = StreamOpener::new(&key(), b"x", sealed.as_slice()).unwrap();
    let mut buf = [0u8; 10];
    assert!(o.read(&mut buf).is_err());
}

#[test]
fn part_keys_bind_blobs_to_rows() {
    let audience = crate::AudienceKey::random();
    let (id_a, id_b) = (uuid::Uuid::new_v4(), uuid::Uuid::new_v4());
    let key_a = audience.part_key(id_a, "attachment");
    let sealed = seal_in_pieces(&key_a, id_a.as_bytes(), b"evidence", &[]);
    let key_b = audience.part_key(id_b, "attachment");
    assert_read_fails(&key_b, id_b.as_bytes(), &sealed);
    assert_eq!(
        open_all(&key_a, id_a.as_bytes(), &sealed).unwrap(),
        b"evidence"
    );
}

#[test]
fn truncation_is_detected_at_every_chunk_boundary() {
    let pt = pattern(3 * CHUNK_SIZE + 100);
    let sealed = seal_all(&pt);
    for r in chunk_bounds(&sealed) {
        // Cut right after a chunk, and one byte into the next.
        assert_read_fails(&key(), AAD, &sealed[..r.end.min(sealed.len() - 1)]);
        assert_read_fails(&key(), AAD, &sealed[..r.start]);
        assert_read_fails(&key(), AAD, &sealed[..r.start + 1]);
    }
    // A stream of exactly full chunks: dropping its last (full) chunk leaves a full chunk at the end,
    // which was not sealed as the last.
    let sealed = seal_all(&pattern(2 * CHUNK_SIZE));
    assert_eq!(sealed.len(), STREAM_HEADER_LEN + 2 * SEALED_CHUNK);
    assert_read_fails(&key(), AAD, &sealed[..STREAM_HEADER_LEN + SEALED_CHUNK]);
}

#[test]
fn short_header_and_versions() {
    let sealed = seal_all(b"hello");
    for cut in 0..STREAM_HEADER_LEN {
        assert!(matches!(
            StreamOpener::new(&key(), AAD, &sealed[..cut]),
            Err(VaultError::Decrypt)
        ));
    }
    let mut v = sealed.clone();
    v[0] = STREAM_FORMAT_V1 + 1;
    assert!(matches!(
        StreamOpener::new(&key(), AAD, v.as_slice()),
        Err(VaultError::UnsupportedVersion(b)) if b == STREAM_FORMAT_V1 + 1
    ));
    // A sealed record is not a sealed stream, and the other way round.
    let record = seal(&key(), AAD, b"hello");
    assert!(matches!(
        StreamOpener::new(&key(), AAD, record.as_slice()),
        Err(VaultError::UnsupportedVersion(FORMAT_V1))
    ));
    assert!(matches!(
        open(&key(), AAD, &sealed),
        Err(VaultError::UnsupportedVersion(STREAM_FORMAT_V1))
    ));
}

#[test]
fn reordered_duplicated_and_dropped_chunks_fail() {
    let pt = pattern(3 * CHUNK_SIZE + 10);
    let sealed = seal_all(&pt);
    let b = chunk_bounds(&sealed);
    assert_eq!(b.len(), 4);
    let header = &sealed[..STREAM_HEADER_LEN];
    let build = |order: &[usize]| {
        let mut v = header.to_vec();
        for &i in order {
            v.extend_from_slice(&sealed[b[i].clone()]);
        }
        v
    };
    assert_eq!(open_all(&key(), AAD, &build(&[0, 1, 2, 3])).unwrap(), pt);
    for order in [
        &[1, 0, 2, 3][..],
        &[0, 2, 1, 3],
        &[0, 1, 3],
        &[0, 0, 1, 2, 3],
        &[0, 1, 2, 2, 3],
        &[1, 2, 3],
        &[0, 1, 2],
        &[3],
        &[0, 1, 2, 3, 3],
    ] {
        assert_read_fails(&key(), AAD, &build(order));
    }
    // The same chunk position from another stream (same key and aad, other nonce prefix) fails too.
    let other = seal_all(&pt);
    let mut mixed = sealed.clone();
    mixed[b[1].clone()].copy_from_slice(&other[b[1].clone()]);
    assert_read_fails(&key(), AAD, &mixed);
}

#[test]
fn trailing_bytes_fail() {
    for n in [0, 10, CHUNK_SIZE, 2 * CHUNK_SIZE + 3] {
        let sealed = seal_all(&pattern(n));
        for extra in [&[0u8][..], &[0u8; 16], &[0xAB; SEALED_CHUNK], &sealed[..]] {
            let mut v = sealed.clone();
            v.extend_from_slice(extra);
            assert_read_fails(&key(), AAD, &v);
        }
    }
}

#[test]
fn unfinished_stream_fails() {
    for n in [0, 5, CHUNK_SIZE, 2 * CHUNK_SIZE + 7] {
        let mut out = Vec::new();
        {
            let mut s = StreamSealer::new(&key(), AAD, &mut out).unwrap();
            s.write_all(&pattern(n)).unwrap();
            // Dropped without finish: an upload cut short.
        }
        assert_read_fails(&key(), AAD, &out);
    }
}

#[test]
fn plaintext_is_released_chunk_by_chunk() {
    // Reading does not wait for the end of the stream: the first chunk comes out after reading one
    // sealed chunk (and one byte of look-ahead).
    let sealed = seal_all(&pattern(3 * CHUNK_SIZE));
    let consumed = AtomicU64::new(0);
    let mut o = StreamOpener::new(&key(), AAD, Counting(sealed.as_slice(), &consumed)).unwrap();
    let mut first = vec![0u8; 10];
    o.read_exact(&mut first).unwrap();
    assert_eq!(first, pattern(10));
    assert_eq!(
        consumed.load(Ordering::Relaxed),
        (STREAM_HEADER_LEN + SEALED_CHUNK + 1) as u64
    );
}

/// A reader that returns one byte at a time and `Interrupted` every other call.
struct Stuttering<'a> {
    data: &'a [u8],
    tick: bool,
}

impl Read for Stuttering<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        self.tick = !self.tick;
        if self.tick {
            return Err(io::ErrorKind::Interrupted.into());
        }
        if self.data.is_empty() || out.is_empty() {
            return Ok(0);
        }
        out[0] = self.data[0];
        self.data = &self.data[1..];
        Ok(1)
    }
}

#[test]
fn short_and_interrupted_reads_are_handled() {
    let pt = pattern(CHUNK_SIZE + 33);
    let sealed = seal_all(&pt);
    let mut o = StreamOpener::new(
        &key(),
        AAD,
        Stuttering {
            data: &sealed,
            tick: false,
        },
    )
    .unwrap();
    let mut out = Vec::new();
    o.read_to_end(&mut out).unwrap();
    assert_eq!(out, pt);
}

/// A writer that fails once it has accepted `budget` bytes.
struct Failing {
    budget: usize,
    got: Vec<u8>,
}

impl Write for Failing {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        if self.got.len() + data.len() > self.budget {
            return Err(io::Error::other("disk full"));
        }
        self.got.extend_from_slice(data);
        Ok(data.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_failed_write_breaks_the_sealer() {
    let out = Failing {
        budget: STREAM_HEADER_LEN + 100,
        got: Vec::new(),
    };
    let mut s = StreamSealer::new(&key(), AAD, out).unwrap();
    s.write_all(&pattern(CHUNK_SIZE)).unwrap(); // buffered
    assert!(s.write_all(b"more").is_err()); // the full chunk cannot be written
    assert!(s.write_all(b"more").is_err());
    assert!(s.finish().is_err());
    // And a header that cannot be written is an error from `new`.
    let tiny = Failing {
        budget: 3,
        got: Vec::new(),
    };
    assert!(StreamSealer::new(&key(), AAD, tiny).is_err());
}

#[test]
fn opened_len_inverts_sealed_len() {
    for n in [
        0u64,
        1,
        15,
        16,
        17,
        CHUNK_SIZE as u64 - 1,
        CHUNK_SIZE as u64,
        CHUNK_SIZE as u64 + 1,
        100 * 1024 * 1024,
        (1 << 40) + 3,
    ] {
        assert_eq!(opened_len(sealed_len(n)), Some(n), "{n}");
    }
    let h = STREAM_HEADER_LEN as u64;
    let full = SEALED_CHUNK as u64;
    for impossible in [
        0,
        1,
        h,
        h + 15,
        h + full + 16,
        h + full + 1,
        h + 2 * full + 15,
    ] {
        assert_eq!(opened_len(impossible), None, "{impossible}");
    }
    assert_eq!(sealed_len(u64::MAX), u64::MAX);
}

/// A reader or writer (the first field) that counts the bytes passing through it (into the second).
struct Counting<'a, T>(T, &'a AtomicU64);

impl<T: Write> Write for Counting<'_, T> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        let n = self.0.write(data)?;
        self.1.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

impl<T: Read> Read for Counting<'_, T> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = self.0.read(out)?;
        self.1.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// 100 MiB through sealer and opener joined by an OS pipe: neither side ever holds more than
/// ~200 KiB beyond what it has passed on, so no whole file sits in memory.
#[test]
fn hundred_mib_streams_in_bounded_memory() {
    const TOTAL: u64 = 100 * 1024 * 1024;
    const LIMIT: u64 = 200 * 1024;
    let (pipe_r, pipe_w) = io::pipe().unwrap();
    let written = AtomicU64::new(0);
    let consumed = AtomicU64::new(0);
    std::thread::scope(|scope| {
        let sealer = scope.spawn(|| {
            let mut s = StreamSealer::new(&key(), AAD, Counting(pipe_w, &written)).unwrap();
            let mut piece = vec![0u8; 100_003];
            let mut at = 0u64;
            while at < TOTAL {
                let n = (piece.len() as u64).min(TOTAL - at) as usize;
                for (i, b) in piece[..n].iter_mut().enumerate() {
                    *b = byte_at(at + i as u64);
                }
                s.write_all(&piece[..n]).unwrap();
                at += n as u64;
                let held = sealed_len(s.bytes_in()) - written.load(Ordering::Relaxed);
                assert!(held <= LIMIT, "sealer holds {held} bytes");
            }
            let out = s.finish().unwrap();
            assert_eq!(written.load(Ordering::Relaxed), sealed_len(TOTAL));
            drop(out); // closes the pipe: end of stream for the opener
        });
        let mut o = StreamOpener::new(&key(), AAD, Counting(pipe_r, &consumed)).unwrap();
        let mut buf = vec![0u8; 50_000];
        let mut seen = 0u64;
        loop {
            let n = o.read(&mut buf).unwrap();
            if n == 0 {
                break;
            }
            for (i, &b) in buf[..n].iter().enumerate() {
                assert_eq!(b, byte_at(seen + i as u64), "byte {}", seen + i as u64);
            }
            seen += n as u64;
            let ahead = consumed
                .load(Ordering::Relaxed)
                .saturating_sub(sealed_len(seen));
            assert!(ahead <= LIMIT, "opener holds {ahead} bytes");
        }
        assert_eq!(seen, TOTAL);
        sealer.join().unwrap();
    });
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn round_trip_in_random_writes_and_reads(
        len in prop_oneof![
            0usize..300,
            (CHUNK_SIZE - 300)..(CHUNK_SIZE + 300),
            0usize..(4 * CHUNK_SIZE + 100),
        ],
        pieces in proptest::collection::vec(1usize..100_000, 1..8),
        read_size in 1usize..200_000,
        aad in proptest::collection::vec(any::<u8>(), 0..40),
    ) {
        let pt = pattern(len);
        let sealed = seal_in_pieces(&key(), &aad, &pt, &pieces);
        prop_assert_eq!(sealed.len() as u64, sealed_len(len as u64));
        let mut o = StreamOpener::new(&key(), &aad, sealed.as_slice()).unwrap();
        let mut out = Vec::new();
        let mut buf = vec![0u8; read_size];
        loop {
            let n = o.read(&mut buf).unwrap();
            if n == 0 {
                break;
            }
            out.extend_from_slice(&buf[..n]);
        }
        prop_assert_eq!(out, pt);
        // Reading past the end keeps returning 0.
        prop_assert_eq!(o.read(&mut buf).unwrap(), 0);
    }

    #[test]
    fn any_flipped_bit_fails(len in 0usize..(2 * CHUNK_SIZE + 500),
                             bit in any::<proptest::sample::Index>()) {
        let mut sealed = seal_all(&pattern(len));
        let i = bit.index(sealed.len() * 8);
        sealed[i / 8] ^= 1 << (i % 8);
        let r = open_all(&key(), AAD, &sealed);
        if i < 8 {
            prop_assert!(matches!(r, Err(Fail::New(VaultError::UnsupportedVersion(_)))));
        } else {
            prop_assert!(matches!(r, Err(Fail::Read(io::ErrorKind::InvalidData))), "{:?}", r.map(|v| v.len()));
        }
    }

    #[test]
    fn any_truncation_fails(len in 0usize..(2 * CHUNK_SIZE + 500),
                            cut in any::<proptest::sample::Index>()) {
        let sealed = seal_all(&pattern(len));
        let keep = cut.index(sealed.len());
        let r = open_all(&key(), AAD, &sealed[..keep]);
        if keep < STREAM_HEADER_LEN {
            prop_assert!(matches!(r, Err(Fail::New(VaultError::Decrypt))));
        } else {
            prop_assert!(matches!(r, Err(Fail::Read(io::ErrorKind::InvalidData))));
        }
    }

    #[test]
    fn sizes_invert(n in any::<u64>().prop_map(|n| n >> 16)) {
        prop_assert_eq!(opened_len(sealed_len(n)), Some(n));
    }

    #[test]
    fn garbage_never_panics(g in proptest::collection::vec(any::<u8>(), 0..300)) {
        let _ = open_all(&key(), b"", &g);
        let mut v = vec![STREAM_FORMAT_V1];
        v.extend_from_slice(&g);
        prop_assert!(open_all(&key(), b"", &v).is_err());
    }
}
