//! PNG (and APNG), cleaned as a stream of chunks (PNG 3rd edition, section 5).
//!
//! Each chunk's 8-byte header decides its fate; kept chunks (image data included, however
//! large) are copied through the source's buffer with their CRC as is, dropped ones are skipped
//! unread but for a bounded prefix of `eXIf`. Output stops after IEND.

use std::io::{Read, Write};

use crate::exif;
use crate::io::Source;
use crate::report::Removals;
use crate::{Limits, Removed, SanitizeError};

const SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];

/// Ancillary chunks kept because they change how the image displays; every other ancillary
/// chunk is dropped, since unknown ones may carry anything (C2PA manifests, editor data).
const KEPT_ANCILLARY: &[&[u8; 4]] = &[
    b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"sBIT", b"bKGD", b"pHYs", b"hIST", b"cICP", b"mDCV",
    b"mDCv", b"cLLI", b"cLLi", // colour and HDR
    b"acTL", b"fcTL", b"fdAT", // APNG animation
];
const CRITICAL: &[&[u8; 4]] = &[b"IHDR", b"PLTE", b"IDAT", b"IEND"];

/// Cleans a PNG from `src` into `out`.
pub(crate) fn clean<R: Read, W: Write>(
    src: &mut Source<R>,
    out: &mut W,
    limits: &Limits,
) -> Result<Removals, SanitizeError> {
    let mut removed = Removals::default();
    let mut signature = [0u8; 8];
    src.read_exact(&mut signature)?;
    if signature != SIGNATURE {
        return Err(SanitizeError::Malformed("PNG without its signature"));
    }
    out.write_all(&signature)?;
    loop {
        let mut header = [0u8; 8];
        src.read_exact(&mut header)?;
        let length = u32::from_be_bytes([header[0], header[1], header[2], header[3]]);
        if length > 0x7FFF_FFFF {
            return Err(SanitizeError::Malformed("PNG chunk length over 2^31 - 1"));
        }
        let kind = [header[4], header[5], header[6], header[7]];
        if !kind.iter().all(u8::is_ascii_alphabetic) {
            return Err(SanitizeError::Malformed(
                "PNG chunk type is not four letters",
            ));
        }
        // The data and the 4-byte CRC that follows it.
        let rest = u64::from(length) + 4;
        match judge(&kind)? {
            None => {
                out.write_all(&header)?;
                src.copy(rest, out)?;
            }
            Some(Removed::Exif) => {
                removed.add(Removed::Exif);
                let look = usize::try_from(length)
                    .map_or(limits.max_segment, |l| l.min(limits.max_segment));
                let mut prefix = vec![0u8; look];
                src.read_exact(&mut prefix)?;
                if exif::has_gps(&prefix) {
                    removed.add(Removed::Location);
                }
                src.skip(rest - look as u64)?;
            }
            Some(what) => {
                removed.add(what);
                src.skip(rest)?;
            }
        }
        if &kind == b"IEND" {
            return Ok(removed);
        }
    }
}

/// `None` to keep the chunk, or what dropping it removes.
fn judge(kind: &[u8; 4]) -> Result<Option<Removed>, SanitizeError> {
    if kind[0].is_ascii_uppercase() {
        // Critical: a decoder must understand it, so an unknown one cannot be dropped
        // without changing the image, nor kept without carrying who knows what.
        return if CRITICAL.contains(&kind) {
            Ok(None)
        } else {
            Err(SanitizeError::Unsupported("unknown critical PNG chunk"))
        };
    }
    Ok(match kind {
        b"tEXt" | b"zTXt" | b"iTXt" => Some(Removed::PngText),
        b"tIME" => Some(Removed::PngTime),
        b"eXIf" => Some(Removed::Exif),
        b"iCCP" => Some(Removed::IccProfile),
        _ if KEPT_ANCILLARY.contains(&kind) => None,
        _ => Some(Removed::VendorData),
    })
}
