//! PDF, cleaned in memory with `lopdf`, under [`Limits::max_in_memory`], a decoding budget
//! ([`Limits::max_pdf_objects`], [`Limits::max_inflated`]) and the shared [`MemoryBudget`].
//!
//! A PDF's cross-reference table addresses objects by byte offset, so removing anything means
//! rewriting the file: it is loaded whole, every object is cleaned ([`scrub`]: metadata, scripts,
//! actions and links, embedded files, forms, annotations), and the result is saved anew. Saving
//! writes only the objects still reachable, each on its own (the old object streams are not
//! copied), so what earlier revisions or object streams held goes too.
//!
//! We clean rather than rasterise: rendering pages to images would need a PDF renderer (pdfium
//! or mupdf, large C libraries with their own history of memory bugs) inside the server, and
//! would lose the text staff search and copy. See `docs/architecture.md`.

mod budget;
mod scrub;
mod tokens;

use std::collections::HashSet;
use std::io::{Read, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};

use lopdf::xref::XrefEntry;
use lopdf::{Document, LoadOptions, Object};

use crate::io::Source;
use crate::report::Removals;
use crate::{Limits, MemoryBudget, Removed, SanitizeError, jpeg};

/// Memory held while a PDF is parsed and rewritten, per byte of file: the file itself, the
/// parsed objects (streams are copied, small objects cost several times their text) and the
/// cleaned embedded images. An estimate: the budget bounds concurrency, not exact bytes.
const PARSE_FACTOR: usize = 4;

/// The most one stream may inflate to while loading (an object or cross-reference stream); the
/// sum over object streams is [`Limits::max_inflated`].
const MAX_STREAM_INFLATED: usize = 8 * 1024 * 1024;

/// The most cross-reference sections (`/Prev` and `/XRefStm` links) a file may chain: each may
/// be a stream lopdf inflates before any filter runs. Real files have one per incremental save.
const MAX_XREF_LINKS: usize = 32;

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
    let per_stream = stream_limit(limits);
    reservation.grow_to(
        file.len()
            .saturating_mul(PARSE_FACTOR)
            .saturating_add(per_stream),
    )?;
    // lopdf is a large parser fed hostile input: should it panic on some file, that file is
    // reported malformed (kept sealed, flagged) instead of taking the request down.
    catch_unwind(AssertUnwindSafe(|| rewrite(&file, out, limits))).unwrap_or(Err(
        SanitizeError::Malformed("PDF the parser could not handle"),
    ))
}

fn stream_limit(limits: &Limits) -> usize {
    MAX_STREAM_INFLATED
        .min(limits.max_inflated)
        .min(limits.max_in_memory)
}

/// Loads `file` under the decoding budget.
fn load(file: &[u8], limits: &Limits) -> Result<Document, SanitizeError> {
    if name_count(file, &[b"Prev", b"XRefStm"]) > MAX_XREF_LINKS {
        return Err(SanitizeError::Refused("too many cross-reference sections"));
    }
    if tokens::scan(file, &[], true).tokens > limits.max_pdf_objects {
        return Err(SanitizeError::Refused("too many objects"));
    }
    let doc = load_once(file, limits, false)?;
    if !missing_objects(&doc) {
        return Ok(doc);
    }
    // Lenient loading skips objects it cannot parse; most often the cross-reference offsets are
    // wrong (a file edited by hand or cut and mended), and a viewer finds the objects by scanning
    // the file. Do the same once; objects still missing then (nested past lopdf's limit,
    // truncated) make a file that is not what a viewer would show: refuse it rather than serve a
    // copy that quietly lacks part of it.
    let doc = load_once(file, limits, true)?;
    if missing_objects(&doc) {
        return Err(SanitizeError::Malformed("PDF objects that do not parse"));
    }
    Ok(doc)
}

/// One load by lopdf under the budget, reading the cross-reference table as written or, with
/// `reconstruct`, rebuilding it by scanning the file for objects.
fn load_once(file: &[u8], limits: &Limits, reconstruct: bool) -> Result<Document, SanitizeError> {
    let options = LoadOptions {
        max_decompressed_size: Some(stream_limit(limits)),
        filter: Some(budget::count),
        force_reconstruct: reconstruct,
        ..LoadOptions::default()
    };
    let spend = budget::Spend::start(
        limits.max_pdf_objects,
        limits.max_inflated,
        stream_limit(limits),
    );
    let loaded = catch_unwind(AssertUnwindSafe(|| {
        Document::load_mem_with_options(file, options)
    }));
    drop(spend);
    match loaded {
        Ok(Ok(doc)) => Ok(doc),
        Ok(Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded {
            ..
        }))) => Err(SanitizeError::Refused("a stream inflates too much")),
        Ok(Err(_)) => Err(SanitizeError::Malformed("unreadable PDF")),
        Err(payload) => Err(match payload.downcast_ref::<budget::Stop>() {
            Some(budget::Stop(overrun)) => SanitizeError::Refused(overrun),
            None => SanitizeError::Malformed("PDF the parser could not handle"),
        }),
    }
}

/// Whether the cross-reference table names an object lopdf did not load.
fn missing_objects(doc: &Document) -> bool {
    let loaded: HashSet<u32> = doc.objects.keys().map(|(id, _)| *id).collect();
    doc.reference_table.entries.iter().any(|(id, entry)| {
        matches!(
            entry,
            XrefEntry::Normal { .. } | XrefEntry::Compressed { .. }
        ) && !loaded.contains(id)
    })
}

fn rewrite<W: Write>(file: &[u8], out: &mut W, limits: &Limits) -> Result<Removals, SanitizeError> {
    let mut doc = load(file, limits)?;
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
    let mut trailer = Object::Dictionary(std::mem::take(&mut doc.trailer));
    scrub::scrub(&mut trailer, &mut removed, 0)?;
    if let Object::Dictionary(t) = trailer {
        doc.trailer = t;
    }
    // Every object loaded, reachable or not, those that came out of object streams included.
    for object in doc.objects.values_mut() {
        scrub::scrub(object, &mut removed, 0)?;
        if let Object::Stream(stream) = object
            && is_jpeg(stream)
        {
            clean_image(stream, &mut removed);
        }
    }
    // The old object and cross-reference streams hold the objects as they were before cleaning;
    // the writer rebuilds what it needs from the cleaned objects.
    doc.objects.retain(|_, o| {
        !matches!(o.type_name(), Ok(b"ObjStm" | b"XRef")) && !matches!(o, Object::Null)
    });
    // Drops what is no longer referenced: scripts and files reached only through removed keys,
    // and objects of earlier revisions.
    doc.prune_objects();
    let trailer = Object::Dictionary(doc.trailer.clone());
    if let Some(what) = std::iter::once(&trailer)
        .chain(doc.objects.values())
        .find_map(|o| scrub::leftover(o, 0))
    {
        return Err(SanitizeError::Unsupported(what));
    }
    doc.save_to(out)?;
    Ok(removed)
}

/// How many name objects in `file` spell one of `names` once `#xx` escapes are decoded, counted
/// everywhere in the raw bytes (inside streams too, which can only overcount).
fn name_count(file: &[u8], names: &[&[u8]]) -> usize {
    let regular = |c: u8| !matches!(c, 0 | 9 | 10 | 12 | 13 | 32) && !b"()<>[]{}/%".contains(&c);
    let hex = |c: u8| (c as char).to_digit(16);
    let longest = names.iter().map(|n| n.len()).max().unwrap_or(0);
    let mut count = 0;
    let mut i = 0;
    while i < file.len() {
        if file[i] != b'/' {
            i += 1;
            continue;
        }
        i += 1;
        let mut name = Vec::new();
        while i < file.len() && regular(file[i]) && name.len() <= longest {
            if file[i] == b'#'
                && let (Some(h), Some(l)) = (
                    file.get(i + 1).copied().and_then(hex),
                    file.get(i + 2).copied().and_then(hex),
                )
            {
                name.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
            if file[i] == b'#' {
                break;
            }
            name.push(file[i]);
            i += 1;
        }
        if names.contains(&name.as_slice()) {
            count += 1;
        }
    }
    count
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_names_are_counted_as_what_they_spell() {
        let file = b"<< /Prev 1 /Pr#65v 2 /P#72ev 3 /Previous 4 /XRefStm 5 /Prev#> >> /Prev";
        assert_eq!(name_count(file, &[b"Prev", b"XRefStm"]), 6);
    }
}
