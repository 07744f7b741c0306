//! A PDF built to attack whoever opens it (a script run on opening, a program launched, an
//! executable attached, a beacon link, a form, actions on the page), plain and with every object
//! inside object streams: the clean copy keeps the page and none of the rest. Bombs (deep nesting,
//! a huge Flate stream, many object streams, millions of objects, endless cross-reference
//! sections) are refused without a crash and within bounded memory.

use crate::common::*;
use crate::hostile::*;
use lopdf::{Document, Object, Stream, dictionary};
use vigie_sanitize::{FileKind, Limits, MemoryBudget, Removed, SanitizeError, sanitize};

#[test]
fn a_hostile_pdf_loses_scripts_actions_links_files_forms_and_annotations() {
    for modern in [false, true] {
        let dirty = hostile_pdf(modern);
        if modern {
            // The hostile dictionaries sit inside an object stream, after its header.
            let at = dirty.windows(7).position(|w| w == b"/ObjStm").unwrap();
            assert!(contains(&dirty[at..], BEACON) && !contains(&dirty[..at], BEACON));
        } else {
            assert!(contains(&dirty, BEACON) && contains(&dirty, b"CANARY-EXECUTABLE"));
        }
        let (report, out) = clean_bytes(&dirty).unwrap_or_else(|e| panic!("modern={modern}: {e}"));
        assert_eq!(report.kind, FileKind::Pdf);
        assert_removed(
            &report,
            &[
                Removed::PdfActions,
                Removed::PdfEmbeddedFiles,
                Removed::PdfForms,
                Removed::PdfAnnotations,
            ],
        );
        assert_inert(&out);
        // Cleaning the clean copy again finds nothing active left.
        let (again, _) = clean_bytes(&out).unwrap();
        for r in [
            Removed::PdfActions,
            Removed::PdfEmbeddedFiles,
            Removed::PdfForms,
            Removed::PdfAnnotations,
        ] {
            assert!(!again.removed.contains(&r), "{r:?} left after cleaning");
        }
    }
}

/// A minimal valid document around `extra` objects, saved as is.
fn document_with(extra: impl FnOnce(&mut Document)) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let content_id = doc.add_object(Stream::new(dictionary! {}, PAGE_TEXT.to_vec()));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1 },
        ),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    extra(&mut doc);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

fn assert_refused(what: &str, file: &[u8]) {
    let budget = MemoryBudget::default();
    let result = sanitize(file, Vec::new(), &Limits::default(), &budget);
    assert!(
        matches!(result, Err(SanitizeError::Refused(_))),
        "{what}: {result:?}"
    );
    assert_eq!(budget.in_use(), 0, "{what}: the reservation is released");
}

#[test]
fn pdf_bombs_are_refused_without_a_crash() {
    // Arrays nested far deeper than any parser should follow.
    let deep = document_with(|doc| {
        let mut nested = Object::Null;
        for _ in 0..150 {
            nested = Object::Array(vec![nested]);
        }
        let id = doc.add_object(nested);
        let catalog = doc.trailer.get(b"Root").unwrap().as_reference().unwrap();
        doc.get_dictionary_mut(catalog).unwrap().set("Deep", id);
    });
    // lopdf stops parsing at 100 levels; the object goes missing and the file is refused as
    // malformed rather than served without it.
    let result = clean_bytes(&deep);
    assert!(
        matches!(result, Err(SanitizeError::Malformed(_))),
        "deep nesting: {result:?}"
    );

    // One object stream inflating to 12 MiB of zeros (a few kilobytes compressed).
    let huge = raw_pdf(&[object_stream(vec![0u8; 12 << 20], 1, 0)]);
    assert!(huge.len() < 1 << 20, "the bomb is small: {}", huge.len());
    assert_refused("a huge Flate stream", &huge);

    // Twelve object streams of 7 MiB each: each under the per-stream bound, together over the
    // budget.
    let many = raw_pdf(&vec![object_stream(vec![b' '; 7 << 20], 1, 0); 12]);
    assert_refused("many inflating streams", &many);

    // An object stream of 300,000 objects (900,000 tokens), and an array of 600,000 items.
    let n = 300_000;
    let mut header = String::new();
    for i in 0..n {
        header.push_str(&format!("{} {} ", 1_000 + i, 2 * i));
    }
    let mut content = header.clone().into_bytes();
    content.extend(std::iter::repeat_n(b"0 ".as_slice(), n).flatten());
    let objects = raw_pdf(&[object_stream(content, n, header.len())]);
    assert_refused("millions of objects in an object stream", &objects);
    // Two thousand objects that all start at one array of two thousand items: each would be
    // parsed whole, four million objects from a few kilobytes.
    let array = format!("[{}]", "0 ".repeat(2000));
    let header: String = (0..2000).map(|i| format!("{} 0 ", 1_000 + i)).collect();
    let content = format!("{header}{array}").into_bytes();
    let overlapping = raw_pdf(&[object_stream(content, 2000, header.len())]);
    assert_refused("overlapping objects in an object stream", &overlapping);
    let wide = document_with(|doc| {
        doc.add_object(Object::Array(vec![Object::Integer(0); 600_000]));
    });
    assert_refused("a huge array", &wide);

    // Cross-reference sections chained without end (each could be a stream to inflate).
    let mut chained = raw_pdf(&[]);
    for _ in 0..40 {
        chained.extend_from_slice(b"\ntrailer << /Pr#65v 9 >>");
    }
    assert_refused("an endless chain of sections", &chained);
}

#[test]
fn a_pdf_within_the_budget_still_cleans() {
    // A small object stream, as a real file has, is read.
    let n = 50;
    let header: String = (0..n).map(|i| format!("{} {} ", 100 + i, 2 * i)).collect();
    let mut content = header.clone().into_bytes();
    content.extend(std::iter::repeat_n(b"0 ".as_slice(), n).flatten());
    let file = raw_pdf(&[object_stream(content, n, header.len())]);
    let (report, out) = clean_bytes(&file).unwrap();
    assert!(!report.flagged);
    assert!(!contains(&out, b"/ObjStm"));

    let ok = document_with(|doc| {
        doc.add_object(Object::Array(vec![Object::Integer(0); 1000]));
    });
    let (report, out) = clean_bytes(&ok).unwrap();
    assert!(!report.flagged);
    Document::load_mem(&out).unwrap();
}

/// The hostile document with bytes flipped, cut or repeated, a few hundred times over: cleaning
/// never panics nor leaks its reservation, and whatever it lets through holds nothing active.
#[test]
fn damaged_hostile_pdfs_are_cleaned_inert_or_refused() {
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let budget = MemoryBudget::default();
    let (mut cleaned, mut refused) = (0, 0);
    for round in 0..300 {
        let mut file = hostile_pdf(round % 2 == 0);
        let len = file.len() as u64;
        match next() % 3 {
            0 => {
                for _ in 0..1 + next() % 8 {
                    let at = (next() % len) as usize;
                    file[at] = next() as u8;
                }
            }
            1 => file.truncate((next() % len) as usize),
            _ => {
                let at = (next() % len) as usize;
                let end = (at + (next() % 200) as usize).min(file.len());
                let piece = file[at..end].to_vec();
                let to = (next() % len) as usize;
                file.splice(to..to, piece);
            }
        }
        let mut out = Vec::new();
        match sanitize(file.as_slice(), &mut out, &Limits::default(), &budget) {
            // A damaged header is no longer a PDF: copied, flagged, never a clean copy.
            Ok(report) if report.kind != FileKind::Pdf => assert!(report.flagged),
            Ok(_) => {
                cleaned += 1;
                assert_inert_anywhere(&out);
            }
            Err(_) => refused += 1,
        }
        assert_eq!(budget.in_use(), 0, "round {round}: a reservation leaked");
    }
    // Most damage breaks an object, which refuses the file (its original is kept): both outcomes
    // must be exercised.
    assert!(
        cleaned > 20 && refused > 20,
        "{cleaned} cleaned, {refused} refused"
    );
}

/// Like [`assert_inert`], for a document that may have lost its page to the damage. The canaries'
/// bytes may survive as data: a stream whose length was damaged runs, as lopdf reads it, to the
/// next `endstream`, swallowing the objects between; written back with its true length, that is
/// page content a viewer draws (or ignores), never an object it acts on.
fn assert_inert_anywhere(clean: &[u8]) {
    let doc = Document::load_mem(clean).unwrap();
    assert!(forbidden_in(&doc.trailer).is_none());
    for object in doc.objects.values() {
        assert_eq!(forbidden(object), None, "{object:?}");
    }
}
