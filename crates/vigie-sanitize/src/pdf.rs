//! PDF, cleaned in memory with `lopdf`, under [`Limits::max_in_memory`] and the shared
//! [`MemoryBudget`].
//!
//! A PDF's cross-reference table addresses objects by byte offset, so removing anything means
//! rewriting the file: it is loaded whole, cleaned, and saved anew. Saving writes only the
//! objects still reachable, so metadata left in earlier revisions (incremental updates) goes
//! too.

use std::io::{Read, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};

use lopdf::{Document, LoadOptions, Object};

use crate::io::Source;
use crate::report::Removals;
use crate::{Limits, MemoryBudget, Removed, SanitizeError, jpeg};

/// Memory held while a PDF is parsed and rewritten, per byte of file: the file itself, the
/// parsed objects (streams are copied, small objects cost several times their text) and the
/// cleaned embedded images. An estimate: the budget bounds concurrency, not exact bytes.
const PARSE_FACTOR: usize = 4;

/// How deep nested arrays and dictionaries are searched for metadata entries.
const MAX_DEPTH: usize = 32;

/// Cleans a PDF from `src` into `out`.
pub(crate) fn clean<R: Read, W: Write>(
    src: &mut Source<R>,
    out: &mut W,
    limits: &Limits,
    budget: &MemoryBudget,
) -> Result<Removals, SanitizeError> {
    let mut reservation = budget.reserve(0)?;
    let mut file = Vec::new();
    loop {
        let avail = src.fill()?;
        if avail.is_empty() {
            break;
        }
        let needed = file.len() + avail.len();
        if needed > limits.max_in_memory {
            return Err(SanitizeError::TooLargeToClean);
        }
        if needed > file.capacity() {
            let capacity = needed
                .max(file.capacity().saturating_mul(2))
                .min(limits.max_in_memory);
            reservation.grow_to(capacity)?;
            file.reserve_exact(capacity - file.len());
        }
        let take = avail.len();
        file.extend_from_slice(avail);
        src.consume(take);
    }
    reservation.grow_to(file.len().saturating_mul(PARSE_FACTOR))?;
    // lopdf is a large parser fed hostile input: should it panic on some file, that file is
    // reported malformed (kept sealed, flagged) instead of taking the request down.
    catch_unwind(AssertUnwindSafe(|| rewrite(&file, out, limits))).unwrap_or(Err(
        SanitizeError::Malformed("PDF the parser could not handle"),
    ))
}

fn rewrite<W: Write>(file: &[u8], out: &mut W, limits: &Limits) -> Result<Removals, SanitizeError> {
    let options = LoadOptions {
        // Object streams are inflated while loading: bound each one like the file itself.
        max_decompressed_size: Some(limits.max_in_memory),
        ..LoadOptions::default()
    };
    let mut doc = Document::load_mem_with_options(file, options)
        .map_err(|_| SanitizeError::Malformed("unreadable PDF"))?;
    if doc.trailer.has(b"Encrypt") || doc.encryption_state.is_some() {
        // Saving would re-encrypt with keys we do not hold, or write a copy whose /Encrypt no
        // longer matches its objects.
        return Err(SanitizeError::Unsupported("encrypted PDF"));
    }
    if doc.catalog().is_err() {
        // Lenient loading "succeeds" on files it could not make sense of; an empty copy would
        // hide from staff that the original holds something.
        return Err(SanitizeError::Malformed("PDF without a readable catalog"));
    }
    let mut removed = Removals::default();
    if let Some(info) = doc.trailer.remove(b"Info") {
        removed.add(Removed::PdfInfo);
        if let Ok(id) = info.as_reference() {
            doc.objects.remove(&id);
        }
    }
    // The file identifier is a hash recommended to include the creation time and file path;
    // only encryption needs it.
    doc.trailer.remove(b"ID");
    let ids: Vec<_> = doc.objects.keys().copied().collect();
    for id in ids {
        let Some(object) = doc.objects.get_mut(&id) else {
            continue;
        };
        if let Object::Stream(stream) = object {
            if stream.dict.has_type(b"Metadata") {
                removed.add(Removed::PdfXmp);
                doc.objects.remove(&id);
                continue;
            }
            if is_jpeg(stream) {
                clean_image(stream, &mut removed);
            }
        }
        strip_entries(object, &mut removed, 0);
    }
    // Drops what is no longer referenced: the XMP streams, and objects of earlier revisions.
    doc.prune_objects();
    doc.save_to(out)?;
    Ok(removed)
}

/// Removes XMP (`/Metadata`) and application data (`/PieceInfo`) entries from every
/// dictionary, wherever it sits: the catalog, pages, images, fonts all may have them.
fn strip_entries(object: &mut Object, removed: &mut Removals, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    let dict = match object {
        Object::Dictionary(dict) => dict,
        Object::Stream(stream) => &mut stream.dict,
        Object::Array(items) => {
            for item in items {
                strip_entries(item, removed, depth + 1);
            }
            return;
        }
        _ => return,
    };
    if dict.remove(b"Metadata").is_some() {
        removed.add(Removed::PdfXmp);
    }
    if dict.remove(b"PieceInfo").is_some() {
        removed.add(Removed::VendorData);
    }
    for (_, value) in dict.iter_mut() {
        strip_entries(value, removed, depth + 1);
    }
}

/// A stream holding a JPEG file as is (its only filter is DCTDecode).
fn is_jpeg(stream: &lopdf::Stream) -> bool {
    stream
        .filters()
        .is_ok_and(|f| f == [b"DCTDecode".as_slice()])
}

/// Cleans an embedded JPEG in place: a photographed page carries its camera's EXIF and GPS
/// as much as a photo does. One that does not parse is left as it is; viewers cannot decode
/// it either.
fn clean_image(stream: &mut lopdf::Stream, removed: &mut Removals) {
    let mut src = Source::new(stream.content.as_slice(), stream.content.len() as u64);
    let mut cleaned = Vec::with_capacity(stream.content.len());
    if let Ok(found) = jpeg::clean(&mut src, &mut cleaned)
        && !found.is_empty()
    {
        removed.add(Removed::PdfImageMetadata);
        stream.set_content(cleaned);
    }
}
