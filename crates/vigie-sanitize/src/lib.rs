//! Type sniffing and metadata stripping of untrusted files.
//!
//! A resident's photo can carry the GPS position where it was taken (EXIF), the phone's make and
//! serial, the author's name (XMP, IPTC, PDF Info) or a thumbnail of the uncropped picture: any
//! of these can identify a witness. This crate turns an upload into a clean copy that staff can
//! open, while the caller seals the untouched original as evidence.
//!
//! - The type comes from the file's first bytes ([`sniff`]), never from the name or the
//!   client's content type: a renamed file is treated as what it is.
//! - JPEG and PNG are cleaned as streams, segment by segment: memory stays at one 64 KiB
//!   buffer plus one JPEG segment whatever the file size, and the output is written in pieces of
//!   at most [`CHUNK_SIZE`] bytes, so a caller can encrypt it as a stream too.
//! - WebP and PDF are cleaned in memory, up to [`Limits::max_in_memory`] and under a shared
//!   [`MemoryBudget`], because their headers (RIFF size, cross-reference table) depend on what
//!   is removed further on. A PDF also loses what it could do to whoever opens it: scripts,
//!   actions and links, embedded files, forms and annotations, in every object including those
//!   inside object streams; decoding it has a budget of objects and inflated bytes
//!   ([`Limits::max_pdf_objects`], [`Limits::max_inflated`]), and a bomb is
//!   [`SanitizeError::Refused`].
//! - HEIC, AVIF, MOV, MP4, GIF and unknown types are copied as they are and flagged
//!   ([`Report::flagged`], [`FileKind::may_contain_location`]).
//!
//! Nothing here writes a file, opens a socket or does crypto: the caller gives a `Read` and a
//! `Write` (run it on a blocking thread from async code). No input makes it panic.

mod error;
mod exif;
mod io;
mod jpeg;
mod kind;
mod limits;
mod pdf;
mod png;
mod report;
mod webp;

use std::io::{Read, Write};

pub use error::SanitizeError;
pub use io::CHUNK_SIZE;
pub use kind::{FileKind, SNIFF_LEN, sniff};
pub use limits::{Limits, MemoryBudget, Reservation};
pub use report::{Removed, Report};

use io::{Chunked, Source};
use report::Removals;

/// Reads the first bytes of `input`, sniffs its type and cleans it into `output`.
///
/// This is what an upload handler calls: the type is never taken from the client. See
/// [`clean`] for what is removed and what happens on error.
pub fn sanitize<R: Read, W: Write>(
    mut input: R,
    output: W,
    limits: &Limits,
    budget: &MemoryBudget,
) -> Result<Report, SanitizeError> {
    let mut head = [0u8; SNIFF_LEN];
    let got = io::read_up_to(&mut input, &mut head)?;
    let head = &head[..got];
    clean(sniff(head), head.chain(input), output, limits, budget)
}

/// Writes a copy of `input`, a file of type `kind`, without its metadata, to `output`.
///
/// `input` is read to its end (up to [`Limits::max_bytes`]) in every case but an I/O error or
/// [`SanitizeError::TooLarge`], so a caller that tees the input into the sealed original gets
/// the whole original even when cleaning fails or the file has data after its end.
///
/// On error, what was written to `output` is not a clean file and must be discarded: keep only
/// the sealed original and flag it as not checked.
pub fn clean<R: Read, W: Write>(
    kind: FileKind,
    input: R,
    output: W,
    limits: &Limits,
    budget: &MemoryBudget,
) -> Result<Report, SanitizeError> {
    let mut src = Source::new(input, limits.max_bytes);
    let mut out = Chunked::new(output);
    let result = match kind {
        FileKind::Jpeg => jpeg::clean(&mut src, &mut out),
        FileKind::Png => png::clean(&mut src, &mut out, limits),
        FileKind::Webp => webp::clean(&mut src, &mut out, limits, budget),
        FileKind::Pdf => pdf::clean(&mut src, &mut out, limits, budget),
        FileKind::Gif
        | FileKind::Heic
        | FileKind::Avif
        | FileKind::Mov
        | FileKind::Mp4
        | FileKind::Other => src.copy_to_end(&mut out).map(|_| Removals::default()),
    };
    match result {
        Ok(mut removed) => {
            // Whatever follows the format's end marker is not part of the picture: a motion
            // photo's video, extra MPF images with their own EXIF, or a hidden payload.
            if src.drain()? > 0 {
                removed.add(Removed::TrailingData);
            }
            out.flush()?;
            Ok(Report {
                kind,
                removed: removed.into_vec(),
                flagged: !kind.cleanable(),
                input_bytes: src.offset(),
                output_bytes: out.written(),
            })
        }
        Err(error @ (SanitizeError::Io(_) | SanitizeError::TooLarge)) => Err(error),
        Err(error) => {
            // Read the rest so that a teeing caller still seals the whole original; a failure
            // while doing so (too large, I/O) matters more than why cleaning stopped.
            src.drain()?;
            Err(error)
        }
    }
}
