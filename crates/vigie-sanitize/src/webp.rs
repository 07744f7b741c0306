//! WebP, cleaned in memory (RIFF container, RFC 9649 section 2).
//!
//! The RIFF header at the front holds the file's total size, which changes when metadata is
//! dropped, and EXIF/XMP come after the image data. So the kept chunks are gathered in memory
//! (at most [`Limits::max_in_memory`], reserved from the [`MemoryBudget`]) and written behind a
//! rewritten header. WebP uploads are phone photos of a few MiB; a bigger one is refused with
//! [`SanitizeError::TooLargeToClean`] and kept sealed, uncleaned.

use std::io::{Read, Write};

use crate::exif;
use crate::io::Source;
use crate::report::Removals;
use crate::{Limits, MemoryBudget, Removed, Reservation, SanitizeError};

/// VP8X flags (RFC 9649 2.7): ICC profile, EXIF and XMP present.
const FLAG_ICC: u8 = 0x20;
const FLAG_EXIF: u8 = 0x08;
const FLAG_XMP: u8 = 0x04;

/// Cleans a WebP from `src` into `out`.
pub(crate) fn clean<R: Read, W: Write>(
    src: &mut Source<R>,
    out: &mut W,
    limits: &Limits,
    budget: &MemoryBudget,
) -> Result<Removals, SanitizeError> {
    let mut removed = Removals::default();
    let mut header = [0u8; 12];
    src.read_exact(&mut header)?;
    if &header[0..4] != b"RIFF" || &header[8..12] != b"WEBP" {
        return Err(SanitizeError::Malformed("WebP without its RIFF header"));
    }
    let riff_size = u32::from_le_bytes([header[4], header[5], header[6], header[7]]);
    // The RIFF size counts "WEBP" and the chunks: what follows it is trailing data.
    let Some(mut remaining) = riff_size.checked_sub(4) else {
        return Err(SanitizeError::Malformed("WebP RIFF size below 4"));
    };
    if usize::try_from(riff_size).map_or(true, |size| size > limits.max_in_memory) {
        return Err(SanitizeError::TooLargeToClean);
    }
    let mut body = Body {
        bytes: Vec::new(),
        reservation: budget.reserve(0)?,
        most: riff_size as usize,
    };
    while remaining > 0 {
        let mut chunk = [0u8; 8];
        if remaining < 8 {
            return Err(SanitizeError::Malformed(
                "WebP chunk header past the RIFF end",
            ));
        }
        src.read_exact(&mut chunk)?;
        let size = u32::from_le_bytes([chunk[4], chunk[5], chunk[6], chunk[7]]);
        // Chunks are padded to an even size; the pad is not counted in `size`.
        let padded = u64::from(size) + u64::from(size & 1);
        let Some(left) = u64::from(remaining - 8).checked_sub(padded) else {
            return Err(SanitizeError::Malformed("WebP chunk past the RIFF end"));
        };
        remaining = u32::try_from(left).unwrap_or(0);
        let fourcc = [chunk[0], chunk[1], chunk[2], chunk[3]];
        let padded =
            usize::try_from(padded).map_err(|_| SanitizeError::Malformed("WebP chunk size"))?;
        match &fourcc {
            b"VP8X" => {
                if padded < 10 {
                    return Err(SanitizeError::Malformed("WebP VP8X chunk too short"));
                }
                let at = body.append(src, &chunk, padded)?;
                // The flags announce chunks we drop; readers may look for them otherwise.
                body.bytes[at] &= !(FLAG_ICC | FLAG_EXIF | FLAG_XMP);
            }
            b"VP8 " | b"VP8L" | b"ALPH" | b"ANIM" | b"ANMF" => {
                body.append(src, &chunk, padded)?;
            }
            b"EXIF" | b"XMP " => {
                let what = if &fourcc == b"EXIF" {
                    Removed::Exif
                } else {
                    Removed::Xmp
                };
                removed.add(what);
                let look = padded.min(limits.max_segment);
                let mut prefix = vec![0u8; look];
                src.read_exact(&mut prefix)?;
                if exif::has_gps(&prefix) || exif::xmp_has_gps(&prefix) {
                    removed.add(Removed::Location);
                }
                src.skip((padded - look) as u64)?;
            }
            b"ICCP" => {
                removed.add(Removed::IccProfile);
                src.skip(padded as u64)?;
            }
            _ => {
                removed.add(Removed::VendorData);
                src.skip(padded as u64)?;
            }
        }
    }
    let size =
        u32::try_from(body.bytes.len() + 4).map_err(|_| SanitizeError::Malformed("WebP size"))?;
    out.write_all(b"RIFF")?;
    out.write_all(&size.to_le_bytes())?;
    out.write_all(b"WEBP")?;
    out.write_all(&body.bytes)?;
    Ok(removed)
}

/// The kept chunks, and the budget they hold.
struct Body<'a> {
    bytes: Vec<u8>,
    reservation: Reservation<'a>,
    /// The body never outgrows the RIFF size read from the header (already checked against
    /// the in-memory limit).
    most: usize,
}

impl Body<'_> {
    /// Appends a chunk header and its `padded` data bytes read from `src`; returns where the
    /// data starts.
    fn append<R: Read>(
        &mut self,
        src: &mut Source<R>,
        header: &[u8; 8],
        padded: usize,
    ) -> Result<usize, SanitizeError> {
        let needed = self
            .bytes
            .len()
            .checked_add(8 + padded)
            .ok_or(SanitizeError::Malformed("WebP size"))?;
        if needed > self.bytes.capacity() {
            // Grow geometrically (ANMF frames can be many), and account for the allocation,
            // not just the bytes used.
            let capacity = needed.max(self.bytes.capacity().saturating_mul(2).min(self.most));
            self.reservation.grow_to(capacity)?;
            self.bytes.reserve_exact(capacity - self.bytes.len());
        }
        self.bytes.extend_from_slice(header);
        let at = self.bytes.len();
        self.bytes.resize(at + padded, 0);
        src.read_exact(&mut self.bytes[at..])?;
        Ok(at)
    }
}
