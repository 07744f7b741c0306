//! A large upload generated on the fly: a PNG of an exact size whose image data is pseudo-random
//! bytes in IDAT chunks of 1 MiB (CRCs correct), streamed as a request body. The server's PNG
//! cleaner copies such chunks through without decoding them, as it does with a real photo; the
//! client holds one shared 1 MiB buffer, never the file.

use std::convert::Infallible;
use std::pin::Pin;
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll};
use std::time::Instant;

use anyhow::{Result, bail};
use bytes::Bytes;
use http_body::{Frame, SizeHint};

/// Data bytes of each full IDAT chunk.
const IDAT_DATA: usize = 1024 * 1024;
/// The largest frame handed to the HTTP client at once.
const FRAME: usize = 64 * 1024;
const SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
/// Signature, IHDR (12 + 13 bytes) and IEND (12 bytes): what a file holds besides its IDAT chunks.
const FIXED: u64 = 8 + 25 + 12;
/// The smallest file [`png_segments`] makes: the fixed chunks and one empty IDAT.
pub const MIN_SIZE: u64 = FIXED + 12;

/// CRC-32 (ISO-HDLC, as PNG uses) of the concatenation of `parts`.
pub fn crc32(parts: &[&[u8]]) -> u32 {
    const TABLE: [u32; 256] = {
        let mut table = [0u32; 256];
        let mut n = 0;
        while n < 256 {
            let mut c = n as u32;
            let mut k = 0;
            while k < 8 {
                c = if c & 1 == 1 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
                k += 1;
            }
            table[n] = c;
            n += 1;
        }
        table
    };
    let mut c = 0xFFFF_FFFFu32;
    for part in parts {
        for &b in *part {
            c = TABLE[((c ^ u32::from(b)) & 0xFF) as usize] ^ (c >> 8);
        }
    }
    c ^ 0xFFFF_FFFF
}

/// `n` pseudo-random bytes (SplitMix64 from a fixed seed: incompressible, and the same every run).
pub fn noise(n: usize) -> Bytes {
    let mut state: u64 = 0x5649_4749_4542_454E;
    let mut out = Vec::with_capacity(n + 8);
    while out.len() < n {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        out.extend_from_slice(&(z ^ (z >> 31)).to_be_bytes());
    }
    out.truncate(n);
    Bytes::from(out)
}

/// The noise every generated file takes its image data from.
pub fn shared_noise() -> Bytes {
    noise(IDAT_DATA + 12)
}

/// One whole chunk as (header, data, CRC) segments; `data` is shared, not copied.
fn chunk(kind: &[u8; 4], data: Bytes) -> Result<[Bytes; 3]> {
    let Ok(len) = u32::try_from(data.len()) else {
        bail!("PNG chunk too long");
    };
    let mut header = Vec::with_capacity(8);
    header.extend_from_slice(&len.to_be_bytes());
    header.extend_from_slice(kind);
    let crc = crc32(&[kind, &data]);
    Ok([
        Bytes::from(header),
        data,
        Bytes::copy_from_slice(&crc.to_be_bytes()),
    ])
}

/// The segments of a PNG of exactly `size` bytes, its image data taken from `noise` (at least
/// 1 MiB + 12 bytes, see [`shared_noise`]).
pub fn png_segments(size: u64, noise: &Bytes) -> Result<Vec<Bytes>> {
    if size < MIN_SIZE {
        bail!("a generated PNG needs at least {MIN_SIZE} bytes");
    }
    if noise.len() < IDAT_DATA + 12 {
        bail!("not enough noise for the image data");
    }
    let full = (IDAT_DATA + 12) as u64;
    let rest = size - FIXED;
    let mut full_chunks = rest / full;
    let mut last = rest % full;
    if last > 0 && last < 12 {
        // Too short for a chunk of its own: one full chunk grows instead.
        full_chunks -= 1;
        last += full;
    }
    let mut segments = vec![Bytes::from_static(&SIGNATURE)];
    let mut ihdr = Vec::with_capacity(13);
    ihdr.extend_from_slice(&8000u32.to_be_bytes()); // width
    ihdr.extend_from_slice(&6000u32.to_be_bytes()); // height
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]); // 8-bit RGB, deflate, adaptive filters, no interlace
    segments.extend(chunk(b"IHDR", Bytes::from(ihdr))?);
    let idat = chunk(b"IDAT", noise.slice(..IDAT_DATA))?;
    for _ in 0..full_chunks {
        segments.extend(idat.iter().cloned());
    }
    if last > 0 {
        let len = usize::try_from(last - 12)?;
        segments.extend(chunk(b"IDAT", noise.slice(..len))?);
    }
    segments.extend(chunk(b"IEND", Bytes::new())?);
    Ok(segments)
}

/// Told when the first of several bodies hands over its last byte: when, and the server's peak
/// memory (`VmHWM`) at that moment.
#[derive(Debug)]
pub struct FirstSent {
    pid: u32,
    at: OnceLock<Instant>,
    peak_kib: OnceLock<Option<u64>>,
}

impl FirstSent {
    /// Watches the server `pid`.
    pub fn new(pid: u32) -> Arc<FirstSent> {
        Arc::new(FirstSent {
            pid,
            at: OnceLock::new(),
            peak_kib: OnceLock::new(),
        })
    }

    fn mark(&self) {
        if self.at.set(Instant::now()).is_ok() {
            let peak = crate::server::read_status_kib(self.pid, "VmHWM").ok();
            let _ = self.peak_kib.set(peak);
        }
    }

    /// When the first body was sent whole, if one was.
    pub fn at(&self) -> Option<Instant> {
        self.at.get().copied()
    }

    /// The server's `VmHWM` in KiB at that moment, if it could be read.
    pub fn peak_kib(&self) -> Option<u64> {
        self.peak_kib.get().copied().flatten()
    }
}

/// A request body that sends `segments` in frames of at most 64 KiB.
pub struct SegmentsBody {
    segments: Vec<Bytes>,
    index: usize,
    offset: usize,
    remaining: u64,
    first_sent: Option<Arc<FirstSent>>,
}

impl SegmentsBody {
    /// A body of `segments`; `first_sent` is marked once its last byte is handed over.
    pub fn new(segments: Vec<Bytes>, first_sent: Option<Arc<FirstSent>>) -> SegmentsBody {
        let remaining = segments.iter().map(|s| s.len() as u64).sum();
        SegmentsBody {
            segments,
            index: 0,
            offset: 0,
            remaining,
            first_sent,
        }
    }

    /// The body's length in bytes.
    pub fn size(&self) -> u64 {
        self.remaining
    }
}

impl http_body::Body for SegmentsBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        let this = self.get_mut();
        while let Some(segment) = this.segments.get(this.index) {
            if this.offset >= segment.len() {
                this.index += 1;
                this.offset = 0;
                continue;
            }
            let end = segment.len().min(this.offset + FRAME);
            let frame = segment.slice(this.offset..end);
            this.offset = end;
            this.remaining -= frame.len() as u64;
            if this.remaining == 0
                && let Some(first) = &this.first_sent
            {
                first.mark();
            }
            return Poll::Ready(Some(Ok(Frame::data(frame))));
        }
        Poll::Ready(None)
    }

    fn is_end_stream(&self) -> bool {
        self.remaining == 0
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.remaining)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn concat(segments: &[Bytes]) -> Vec<u8> {
        segments.iter().flat_map(|s| s.iter().copied()).collect()
    }

    /// Walks the chunks of a PNG: (type, data length), checking each CRC.
    fn chunks(png: &[u8]) -> Vec<([u8; 4], usize)> {
        assert_eq!(&png[..8], &SIGNATURE);
        let mut out = Vec::new();
        let mut at = 8;
        while at < png.len() {
            let len = u32::from_be_bytes(png[at..at + 4].try_into().unwrap()) as usize;
            let kind: [u8; 4] = png[at + 4..at + 8].try_into().unwrap();
            let data = &png[at + 8..at + 8 + len];
            let crc = u32::from_be_bytes(png[at + 8 + len..at + 12 + len].try_into().unwrap());
            assert_eq!(crc, crc32(&[&kind, data]), "CRC of {kind:?}");
            out.push((kind, len));
            at += 12 + len;
        }
        assert_eq!(at, png.len());
        out
    }

    #[test]
    fn crc_of_known_chunks() {
        // Every PNG ends with this IEND chunk: 0000 0000 IEND AE42 6082.
        assert_eq!(crc32(&[b"IEND"]), 0xAE42_6082);
        assert_eq!(crc32(&[b"123456789"]), 0xCBF4_3926);
        assert_eq!(crc32(&[b"1234", b"56789"]), 0xCBF4_3926);
    }

    #[test]
    fn exact_sizes_and_valid_chunks() {
        let noise = shared_noise();
        let full = (IDAT_DATA + 12) as u64;
        for size in [
            MIN_SIZE,
            MIN_SIZE + 1,
            FIXED + full,
            FIXED + full + 5,
            FIXED + full + 12,
            FIXED + 3 * full + 11,
            3 * 1024 * 1024,
        ] {
            let png = concat(&png_segments(size, &noise).unwrap());
            assert_eq!(png.len() as u64, size, "size {size}");
            let kinds = chunks(&png);
            assert_eq!(&kinds[0].0, b"IHDR");
            assert_eq!(kinds[0].1, 13);
            assert_eq!(kinds.last().unwrap(), &(*b"IEND", 0));
            assert!(kinds[1..kinds.len() - 1].iter().all(|(k, _)| k == b"IDAT"));
            assert!(kinds.len() >= 3, "size {size}");
        }
        assert!(png_segments(MIN_SIZE - 1, &noise).is_err());
    }

    #[test]
    fn fifty_mib_shares_its_data() {
        let noise = shared_noise();
        let segments = png_segments(50 * 1024 * 1024, &noise).unwrap();
        assert_eq!(
            segments.iter().map(|s| s.len() as u64).sum::<u64>(),
            50 * 1024 * 1024
        );
        // Every full IDAT's data is a view of the same buffer.
        let shared = segments
            .iter()
            .filter(|s| s.len() == IDAT_DATA && s.as_ptr() == noise.as_ptr())
            .count();
        assert!(shared >= 48, "{shared}");
    }

    #[test]
    fn noise_is_deterministic_and_varied() {
        let a = noise(4096);
        assert_eq!(a, noise(4096));
        assert_eq!(&noise(100)[..], &a[..100]);
        let distinct: std::collections::BTreeSet<u8> = a.iter().copied().collect();
        assert!(distinct.len() > 200);
    }

    #[test]
    fn body_frames_add_up_and_mark_the_end() {
        use http_body::Body;
        let noise = shared_noise();
        let segments = png_segments(2 * 1024 * 1024 + 7, &noise).unwrap();
        let expected = concat(&segments);
        let first = FirstSent::new(std::process::id());
        let mut body = SegmentsBody::new(segments, Some(Arc::clone(&first)));
        assert_eq!(body.size(), expected.len() as u64);
        assert_eq!(body.size_hint().exact(), Some(expected.len() as u64));
        let waker = std::task::Waker::noop();
        let mut cx = Context::from_waker(waker);
        let mut got = Vec::new();
        while let Poll::Ready(Some(frame)) = Pin::new(&mut body).poll_frame(&mut cx) {
            assert!(first.at().is_none() || body.is_end_stream());
            let data = frame.unwrap().into_data().unwrap();
            assert!(data.len() <= FRAME);
            got.extend_from_slice(&data);
        }
        assert_eq!(got, expected);
        assert!(body.is_end_stream());
        assert!(first.at().is_some());
        assert!(first.peak_kib().unwrap() > 0);
    }
}
