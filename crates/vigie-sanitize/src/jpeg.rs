//! JPEG, cleaned as a stream of markers (ITU T.81 B.1, JFIF, EXIF 2.3 section 4.5).
//!
//! Segments before and between scans are read one at a time (at most 64 KiB by the format) and
//! kept or dropped; entropy-coded data is copied through the source's buffer without being
//! held. Output stops at the first EOI.

use std::io::{Read, Write};

use crate::exif;
use crate::io::Source;
use crate::report::Removals;
use crate::{Removed, SanitizeError};

const SOI: u8 = 0xD8;
const EOI: u8 = 0xD9;
const SOS: u8 = 0xDA;
const APP0: u8 = 0xE0;
const APP1: u8 = 0xE1;
const APP2: u8 = 0xE2;
const APP13: u8 = 0xED;
const APP14: u8 = 0xEE;
const COM: u8 = 0xFE;
/// A JFIF APP0 payload up to and excluding its thumbnail: identifier, version, density.
const JFIF_LEN: usize = 14;

/// What to do with one segment.
enum Verdict {
    Keep,
    Drop(Removed),
    /// A JFIF header rewritten without its thumbnail (`Some` when there was one).
    Jfif(Option<Removed>),
}

/// Cleans a JPEG from `src` into `out`.
pub(crate) fn clean<R: Read, W: Write>(
    src: &mut Source<R>,
    out: &mut W,
) -> Result<Removals, SanitizeError> {
    let mut removed = Removals::default();
    if src.byte()? != 0xFF || src.byte()? != SOI {
        return Err(SanitizeError::Malformed("JPEG without a start of image"));
    }
    out.write_all(&[0xFF, SOI])?;
    // One buffer for every segment: its length field is 16 bits, so it never grows.
    let mut segment = vec![0u8; usize::from(u16::MAX)];
    let mut marker = next_marker(src)?;
    loop {
        match marker {
            EOI => {
                out.write_all(&[0xFF, EOI])?;
                return Ok(removed);
            }
            // Standalone markers: restart intervals and TEM carry no length and no data.
            0xD0..=0xD7 | 0x01 => {
                out.write_all(&[0xFF, marker])?;
                marker = next_marker(src)?;
                continue;
            }
            SOI => return Err(SanitizeError::Malformed("nested JPEG start of image")),
            _ => {}
        }
        let length = u16::from_be_bytes([src.byte()?, src.byte()?]);
        let Some(body_len) = usize::from(length).checked_sub(2) else {
            return Err(SanitizeError::Malformed("JPEG segment length below 2"));
        };
        let body = &mut segment[..body_len];
        src.read_exact(body)?;
        match judge(marker, body) {
            Verdict::Keep => {
                out.write_all(&[0xFF, marker])?;
                out.write_all(&length.to_be_bytes())?;
                out.write_all(body)?;
            }
            Verdict::Drop(what) => {
                removed.add(what);
                if what == Removed::Exif && exif::has_gps(body) {
                    removed.add(Removed::Location);
                }
                if what == Removed::Xmp && exif::xmp_has_gps(body) {
                    removed.add(Removed::Location);
                }
            }
            Verdict::Jfif(thumbnail) => {
                let mut jfif = [0u8; JFIF_LEN];
                jfif.copy_from_slice(&body[..JFIF_LEN]);
                // Thumbnail width and height: zero, and its pixels are not copied.
                jfif[12] = 0;
                jfif[13] = 0;
                out.write_all(&[0xFF, APP0, 0, JFIF_LEN as u8 + 2])?;
                out.write_all(&jfif)?;
                if let Some(what) = thumbnail {
                    removed.add(what);
                }
            }
        }
        marker = if marker == SOS {
            match copy_scan(src, out)? {
                Some(next) => next,
                None => {
                    // The file ends inside the image data: every segment that could hold
                    // metadata has been seen, so close the image as decoders would.
                    out.write_all(&[0xFF, EOI])?;
                    return Ok(removed);
                }
            }
        } else {
            next_marker(src)?
        };
    }
}

/// Reads a marker: 0xFF, any number of 0xFF fill bytes, then the marker code.
fn next_marker<R: Read>(src: &mut Source<R>) -> Result<u8, SanitizeError> {
    if src.byte()? != 0xFF {
        return Err(SanitizeError::Malformed(
            "JPEG data where a marker was expected",
        ));
    }
    loop {
        match src.byte()? {
            0xFF => {}
            0x00 => return Err(SanitizeError::Malformed("JPEG marker 0x00 outside a scan")),
            code => return Ok(code),
        }
    }
}

/// Copies entropy-coded data up to the next marker that is not a restart marker or a stuffed
/// byte, and returns that marker's code; `None` if the input ends first.
fn copy_scan<R: Read, W: Write>(
    src: &mut Source<R>,
    out: &mut W,
) -> Result<Option<u8>, SanitizeError> {
    loop {
        let avail = src.fill()?;
        if avail.is_empty() {
            return Ok(None);
        }
        let plain = avail.iter().position(|&b| b == 0xFF).unwrap_or(avail.len());
        out.write_all(&avail[..plain])?;
        let at_ff = plain < avail.len();
        src.consume(plain);
        if !at_ff {
            continue;
        }
        src.consume(1);
        // Fill bytes may precede the code (and may straddle a buffer refill).
        let code = loop {
            match src.next_byte()? {
                None => return Ok(None),
                Some(0xFF) => {}
                Some(code) => break code,
            }
        };
        match code {
            // A stuffed 0xFF data byte, or a restart marker: part of the scan.
            0x00 | 0xD0..=0xD7 => out.write_all(&[0xFF, code])?,
            _ => return Ok(Some(code)),
        }
    }
}

/// Keeps what decoding needs; drops every application segment but JFIF (without thumbnail) and
/// Adobe (its transform flag changes how colours decode), and every comment.
fn judge(marker: u8, body: &[u8]) -> Verdict {
    let starts = |id: &[u8]| body.starts_with(id);
    match marker {
        APP0 if starts(b"JFIF\0") && body.len() >= JFIF_LEN => {
            let thumbnail = body[12] != 0 || body[13] != 0 || body.len() > JFIF_LEN;
            Verdict::Jfif(thumbnail.then_some(Removed::Thumbnail))
        }
        APP0 if starts(b"JFXX\0") => Verdict::Drop(Removed::Thumbnail),
        APP1 if starts(b"Exif\0") => Verdict::Drop(Removed::Exif),
        APP1 if starts(b"http://ns.adobe.com/xap/1.0/\0") => Verdict::Drop(Removed::Xmp),
        APP1 if starts(b"http://ns.adobe.com/xmp/extension/\0") => Verdict::Drop(Removed::Xmp),
        APP2 if starts(b"ICC_PROFILE\0") => Verdict::Drop(Removed::IccProfile),
        APP13 if starts(b"Photoshop 3.0\0") => Verdict::Drop(Removed::Iptc),
        APP14 if starts(b"Adobe") => Verdict::Keep,
        0xE0..=0xEF => Verdict::Drop(Removed::VendorData),
        COM => Verdict::Drop(Removed::Comment),
        _ => Verdict::Keep,
    }
}
