//! What a PDF may do or hide besides showing its pages, removed from every object of the file.
//!
//! A PDF can run JavaScript when opened (`/OpenAction`, `/AA`, the `/JavaScript` name tree),
//! launch a program (`/Launch`), call a server the moment it is opened or a link is followed
//! (`/URI`, `/SubmitForm`, `/GoToR`: a beacon that tells the network a handler opened the file),
//! carry files of any type (`/EmbeddedFiles`, file attachment annotations) and forms that do all
//! of this again (`/AcroForm`, `/XFA`). Staff open the clean copy in an ordinary viewer, so the
//! clean copy keeps only what is drawn: pages, their content streams, fonts and images.
//!
//! The walk covers every object lopdf loaded, those that came out of object streams included,
//! and every value nested in them, not only what the catalog reaches: an object nothing
//! references today may be referenced by a viewer's repair of a broken file.

use lopdf::{Dictionary, Object};

use super::budget::MAX_DEPTH;
use crate::report::Removals;
use crate::{Removed, SanitizeError};

/// Every PDF action type (ISO 32000-2, 12.6.4): links and scripts alike go, internal `GoTo`
/// included, so no action of any kind survives.
const ACTIONS: &[&[u8]] = &[
    b"GoTo",
    b"GoToR",
    b"GoToE",
    b"GoToDp",
    b"Launch",
    b"Thread",
    b"URI",
    b"Sound",
    b"Movie",
    b"Hide",
    b"Named",
    b"SubmitForm",
    b"ResetForm",
    b"ImportData",
    b"JavaScript",
    b"SetOCGState",
    b"Rendition",
    b"Trans",
    b"GoTo3DView",
    b"RichMediaExecute",
];

/// Annotation subtypes (ISO 32000-2, 12.5.6): every annotation goes, links, attachments, media
/// and form widgets first.
const ANNOTATIONS: &[&[u8]] = &[
    b"Text",
    b"Link",
    b"FreeText",
    b"Line",
    b"Square",
    b"Circle",
    b"Polygon",
    b"PolyLine",
    b"Highlight",
    b"Underline",
    b"Squiggly",
    b"StrikeOut",
    b"Caret",
    b"Stamp",
    b"Ink",
    b"Popup",
    b"FileAttachment",
    b"Sound",
    b"Movie",
    b"Screen",
    b"Widget",
    b"PrinterMark",
    b"TrapNet",
    b"Watermark",
    b"3D",
    b"Redact",
    b"Projection",
    b"RichMedia",
];

/// Keys removed from every dictionary, with what their removal is reported as.
const KEYS: &[(&[u8], Removed)] = &[
    (b"JS", Removed::PdfActions),
    (b"JavaScript", Removed::PdfActions),
    (b"OpenAction", Removed::PdfActions),
    (b"AA", Removed::PdfActions),
    // The catalog's base for relative links.
    (b"URI", Removed::PdfActions),
    (b"Launch", Removed::PdfActions),
    (b"AlternatePresentations", Removed::PdfActions),
    (b"Renditions", Removed::PdfActions),
    (b"EmbeddedFiles", Removed::PdfEmbeddedFiles),
    // A file specification's embedded and related files.
    (b"EF", Removed::PdfEmbeddedFiles),
    (b"RF", Removed::PdfEmbeddedFiles),
    // A portfolio: the document is a wrapper for its embedded files.
    (b"Collection", Removed::PdfEmbeddedFiles),
    (b"AcroForm", Removed::PdfForms),
    (b"XFA", Removed::PdfForms),
    (b"NeedsRendering", Removed::PdfForms),
    (b"Annots", Removed::PdfAnnotations),
    // Metadata: XMP streams and application data.
    (b"Metadata", Removed::PdfXmp),
    (b"PieceInfo", Removed::VendorData),
];

/// Keys that hold an action when their value is a dictionary (or a reference to one): `/A` of a
/// link, outline item or field, `/Next` of an action chain. Elsewhere `/A` may be an array (a
/// measure's number formats), which stays.
const ACTION_KEYS: &[&[u8]] = &[b"A", b"Next", b"PA"];

fn name_in(dict: &Dictionary, key: &[u8], set: &[&[u8]]) -> bool {
    dict.get(key)
        .and_then(Object::as_name)
        .is_ok_and(|n| set.contains(&n))
}

/// An action dictionary, wherever it sits.
fn is_action(dict: &Dictionary) -> bool {
    dict.has_type(b"Action") || name_in(dict, b"S", ACTIONS)
}

/// An annotation dictionary: typed as one, or with a rectangle and an annotation subtype (the
/// type is optional in annotations; the rectangle is not, and fonts and images have none).
fn is_annotation(dict: &Dictionary) -> bool {
    dict.has_type(b"Annot") || (dict.has(b"Rect") && name_in(dict, b"Subtype", ANNOTATIONS))
}

/// What a whole object is dropped as, if it is dropped whole.
fn dropped_as(object: &Object) -> Option<Removed> {
    let dict = match object {
        Object::Dictionary(d) => d,
        Object::Stream(s) => {
            if s.dict.has_type(b"EmbeddedFile") {
                return Some(Removed::PdfEmbeddedFiles);
            }
            if s.dict.has_type(b"Metadata") {
                return Some(Removed::PdfXmp);
            }
            &s.dict
        }
        _ => return None,
    };
    if is_action(dict) {
        Some(Removed::PdfActions)
    } else if is_annotation(dict) {
        Some(if name_in(dict, b"Subtype", &[b"FileAttachment"]) {
            Removed::PdfEmbeddedFiles
        } else if name_in(dict, b"Subtype", &[b"Widget"]) {
            Removed::PdfForms
        } else {
            Removed::PdfAnnotations
        })
    } else if dict.has_type(b"Filespec") && (dict.has(b"EF") || dict.has(b"RF")) {
        Some(Removed::PdfEmbeddedFiles)
    } else {
        None
    }
}

/// Cleans one object in place: an action, annotation or embedded file becomes `null`; every
/// dictionary loses the keys above; everything nested is cleaned the same way.
pub(crate) fn scrub(
    object: &mut Object,
    removed: &mut Removals,
    depth: usize,
) -> Result<(), SanitizeError> {
    if depth > MAX_DEPTH {
        return Err(SanitizeError::Refused("PDF objects nested too deep"));
    }
    if let Some(what) = dropped_as(object) {
        removed.add(what);
        *object = Object::Null;
        return Ok(());
    }
    let dict = match object {
        Object::Dictionary(d) => d,
        Object::Stream(s) => &mut s.dict,
        Object::Array(items) => {
            for item in items {
                scrub(item, removed, depth + 1)?;
            }
            return Ok(());
        }
        _ => return Ok(()),
    };
    for (key, what) in KEYS {
        if dict.remove(key).is_some() {
            removed.add(*what);
        }
    }
    for key in ACTION_KEYS {
        if matches!(
            dict.get(key),
            Ok(Object::Dictionary(_) | Object::Reference(_))
        ) {
            dict.remove(key);
            removed.add(Removed::PdfActions);
        }
    }
    for (_, value) in dict.iter_mut() {
        scrub(value, removed, depth + 1)?;
    }
    Ok(())
}

/// Metadata is what the cleaner removes too, but not what [`leftover`] checks for.
fn is_metadata(removed: Removed) -> bool {
    matches!(removed, Removed::PdfXmp | Removed::VendorData)
}

/// The first active or hidden content left in `object`, if any: a check run on the result, so
/// that a gap in [`scrub`] makes the file refused rather than served.
pub(crate) fn leftover(object: &Object, depth: usize) -> Option<&'static str> {
    if depth > MAX_DEPTH {
        return Some("nesting");
    }
    if dropped_as(object).is_some_and(|r| !is_metadata(r)) {
        return Some("an action, annotation or embedded file");
    }
    let dict = match object {
        Object::Dictionary(d) => d,
        Object::Stream(s) => &s.dict,
        Object::Array(items) => return items.iter().find_map(|o| leftover(o, depth + 1)),
        _ => return None,
    };
    if let Some((key, _)) = KEYS
        .iter()
        .find(|(key, what)| !is_metadata(*what) && dict.has(key))
    {
        return Some(match *key {
            b"EmbeddedFiles" | b"EF" | b"RF" | b"Collection" => "an embedded file",
            b"AcroForm" | b"XFA" | b"NeedsRendering" => "a form",
            b"Annots" => "annotations",
            _ => "a script or an action",
        });
    }
    dict.iter().find_map(|(_, v)| leftover(v, depth + 1))
}
