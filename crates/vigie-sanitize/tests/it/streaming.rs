//! A 100 MiB upload must not raise the server's memory by more than a few MiB.
//!
//! Counting allocations needs a global allocator, which needs `unsafe`; instead the bound is
//! shown structurally: the input is generated on the fly by a reader that fails the test if it
//! is ever asked for more than [`CHUNK_SIZE`] bytes at once, and the output goes to a sink that
//! fails it if handed more than [`CHUNK_SIZE`] bytes at once and keeps nothing. A cleaner that
//! buffered the file would have to hold it somewhere: it cannot get it in one read, and cannot
//! pass it on in one write. On Linux the process's peak resident size is checked as well: that peak
//! is the whole process's, so the two 100 MiB tests run in a child process of their own (this test
//! binary, filtered to the one test), away from the other tests of the binary.

use std::io::{Read, Write};

use crate::common::*;
use vigie_sanitize::{CHUNK_SIZE, FileKind, Limits, MemoryBudget, Removed, SanitizeError, clean};

const BODY: u64 = 100 * 1024 * 1024;

/// `prefix`, then `body_len` pseudo-random bytes (0xFF turned into 0xFE when `no_ff`, so JPEG
/// scan data holds no marker), then `suffix`.
struct Generator {
    parts: [Vec<u8>; 2],
    prefix_at: usize,
    body_left: u64,
    suffix_at: usize,
    state: u64,
    no_ff: bool,
    read_calls: u64,
}

impl Generator {
    fn new(prefix: Vec<u8>, body_len: u64, suffix: Vec<u8>, no_ff: bool) -> Self {
        Self {
            parts: [prefix, suffix],
            prefix_at: 0,
            body_left: body_len,
            suffix_at: 0,
            state: 0x9E37_79B9_7F4A_7C15,
            no_ff,
            read_calls: 0,
        }
    }

    fn total(&self) -> u64 {
        (self.parts[0].len() + self.parts[1].len()) as u64 + self.body_left
    }
}

impl Read for Generator {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        assert!(
            buf.len() <= CHUNK_SIZE,
            "asked for {} bytes in one read",
            buf.len()
        );
        self.read_calls += 1;
        if self.prefix_at < self.parts[0].len() {
            let n = (self.parts[0].len() - self.prefix_at).min(buf.len());
            buf[..n].copy_from_slice(&self.parts[0][self.prefix_at..self.prefix_at + n]);
            self.prefix_at += n;
            return Ok(n);
        }
        if self.body_left > 0 {
            let n = usize::try_from(self.body_left)
                .unwrap_or(usize::MAX)
                .min(buf.len());
            for chunk in buf[..n].chunks_mut(8) {
                // xorshift64: cheap noise, so no real compressible pattern stands in for data.
                self.state ^= self.state << 13;
                self.state ^= self.state >> 7;
                self.state ^= self.state << 17;
                let bytes = self.state.to_le_bytes();
                chunk.copy_from_slice(&bytes[..chunk.len()]);
            }
            if self.no_ff {
                buf[..n]
                    .iter_mut()
                    .filter(|b| **b == 0xFF)
                    .for_each(|b| *b = 0xFE);
            }
            self.body_left -= n as u64;
            return Ok(n);
        }
        let n = (self.parts[1].len() - self.suffix_at).min(buf.len());
        buf[..n].copy_from_slice(&self.parts[1][self.suffix_at..self.suffix_at + n]);
        self.suffix_at += n;
        Ok(n)
    }
}

/// Counts what it is given, keeps nothing but a bounded look for canaries.
#[derive(Default)]
struct Sink {
    bytes: u64,
    canary_seen: bool,
    tail: Vec<u8>,
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        assert!(
            buf.len() <= CHUNK_SIZE,
            "handed {} bytes in one write",
            buf.len()
        );
        // Look across write boundaries with the previous write's last bytes.
        self.tail.extend_from_slice(buf);
        self.canary_seen |= contains(&self.tail, CANARY) || contains(&self.tail, &GPS_BYTES);
        let keep = self.tail.len().saturating_sub(32);
        self.tail.drain(..keep);
        self.bytes += buf.len() as u64;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Peak resident set size so far, in KiB (Linux); `None` elsewhere.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn big_limits() -> Limits {
    Limits {
        max_bytes: 2 * BODY,
        ..Limits::default()
    }
}

/// Set in the child process [`in_own_process`] starts.
const CHILD: &str = "VIGIE_TEST_STREAMING_CHILD";

/// In the test binary's own process, runs the test `name` (of this module) again in a child process
/// of this binary and checks that it passed there; returns `true`. In that child, returns `false`:
/// the caller runs the test's body.
fn in_own_process(name: &str) -> bool {
    if std::env::var_os(CHILD).is_some() {
        return false;
    }
    let test = format!(
        "{}::{name}",
        module_path!().split_once("::").map_or("", |(_, m)| m)
    );
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([test.as_str(), "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD, "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "{test} failed in its own process:\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains("1 passed"), "{test} did not run:\n{stdout}");
    eprint!("{stderr}");
    true
}

fn run(kind: FileKind, mut input: Generator) -> (vigie_sanitize::Report, Sink) {
    let total = input.total();
    let before = peak_rss_kib();
    let mut sink = Sink::default();
    let report = clean(
        kind,
        &mut input,
        &mut sink,
        &big_limits(),
        &MemoryBudget::new(0),
    )
    .unwrap();
    if let (Some(before), Some(after)) = (before, peak_rss_kib()) {
        // Each runs in a process of its own (see `in_own_process`) and holds well under 1 MiB.
        eprintln!("peak memory grew by {} KiB", after - before);
        assert!(
            after - before < 8 * 1024,
            "peak memory grew by {} KiB",
            after - before
        );
    }
    assert_eq!(report.input_bytes, total);
    assert_eq!(report.output_bytes, sink.bytes);
    assert!(!sink.canary_seen, "metadata reached the output");
    assert!(input.read_calls > total / CHUNK_SIZE as u64);
    (report, sink)
}

#[test]
fn a_100_mib_jpeg_streams_through_bounded_buffers() {
    if in_own_process("a_100_mib_jpeg_streams_through_bounded_buffers") {
        return;
    }
    let dirty = dirty_jpeg();
    let sos = dirty.windows(2).position(|w| w == [0xFF, 0xDA]).unwrap();
    let sos_len = usize::from(u16::from_be_bytes([dirty[sos + 2], dirty[sos + 3]]));
    let header = dirty[..sos + 2 + sos_len].to_vec();
    let input = Generator::new(header, BODY, vec![0xFF, 0xD9], true);
    let (report, sink) = run(FileKind::Jpeg, input);
    assert!(report.removed.contains(&Removed::Location));
    assert!(sink.bytes > BODY);
}

#[test]
fn a_100_mib_png_idat_streams_through_bounded_buffers() {
    if in_own_process("a_100_mib_png_idat_streams_through_bounded_buffers") {
        return;
    }
    let mut header = plain_png()[..8].to_vec();
    let mut ihdr = 8192u32.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&4267u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    header.extend(chunk(b"IHDR", &ihdr));
    let text = chunk(b"tEXt", b"Comment\0CANARY-TEXT");
    header.extend_from_slice(&text);
    header.extend_from_slice(&u32::try_from(BODY).unwrap().to_be_bytes());
    header.extend_from_slice(b"IDAT");
    let mut suffix = vec![0, 0, 0, 0]; // IDAT's CRC: copied, not checked
    suffix.extend(chunk(b"IEND", b""));
    let input = Generator::new(header, BODY, suffix, false);
    let total = input.total();
    let (report, sink) = run(FileKind::Png, input);
    assert_eq!(report.removed, vec![Removed::PngText]);
    assert_eq!(sink.bytes, total - text.len() as u64);
}

/// Reads through to a counter, as a caller teeing the upload into the sealed original would.
struct Counted<'a> {
    inner: &'a [u8],
    read: usize,
}

impl Read for Counted<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n;
        Ok(n)
    }
}

#[test]
fn the_whole_input_is_read_even_when_cleaning_fails() {
    let mut bad = plain_png()[..33].to_vec();
    bad.extend(chunk(b"ABCD", b"unknown critical"));
    bad.extend(vec![7u8; 3 * CHUNK_SIZE + 5]);
    let mut input = Counted {
        inner: &bad,
        read: 0,
    };
    let result = clean(
        FileKind::Png,
        &mut input,
        Vec::new(),
        &Limits::default(),
        &MemoryBudget::default(),
    );
    assert!(matches!(result, Err(SanitizeError::Unsupported(_))));
    assert_eq!(input.read, bad.len());
}

#[test]
fn input_over_the_upload_limit_stops_early() {
    let limits = Limits {
        max_bytes: 1000,
        ..Limits::default()
    };
    for kind in [FileKind::Jpeg, FileKind::Png, FileKind::Pdf, FileKind::Mp4] {
        let mut input = Generator::new(Vec::new(), BODY, Vec::new(), false);
        let result = clean(
            kind,
            &mut input,
            std::io::sink(),
            &limits,
            &MemoryBudget::default(),
        );
        // A JPEG or PNG of noise is refused as malformed first; the others hit the limit.
        assert!(
            matches!(
                result,
                Err(SanitizeError::TooLarge | SanitizeError::Malformed(_))
            ),
            "{kind:?}: {result:?}"
        );
        assert!(
            input.read_calls <= 2 + BODY / CHUNK_SIZE as u64 / 100,
            "{kind:?} read on"
        );
    }
    let mut input = Generator::new(Vec::new(), 1001, Vec::new(), false);
    let result = clean(
        FileKind::Other,
        &mut input,
        std::io::sink(),
        &limits,
        &MemoryBudget::default(),
    );
    assert!(matches!(result, Err(SanitizeError::TooLarge)));
}
