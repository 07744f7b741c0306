//! PDF with an Info dictionary, XMP, editor data, an orphaned older Info and a photographed
//! page (JPEG with EXIF and GPS): the clean copy keeps the page and loses the rest.

use crate::common::*;
use lopdf::{Document, Object, Stream, dictionary};
use vigie_sanitize::{FileKind, Limits, MemoryBudget, Removed, SanitizeError, sanitize};

const PAGE_TEXT: &[u8] =
    b"BT /F1 24 Tf 72 700 Td (Signalement) Tj ET q 13 0 0 7 72 600 cm /Im1 Do Q";

fn dirty_pdf() -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Courier",
    });
    let image_id = doc.add_object(Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => WIDTH as i64,
            "Height" => HEIGHT as i64, "ColorSpace" => "DeviceRGB", "BitsPerComponent" => 8,
            "Filter" => "DCTDecode",
        },
        dirty_jpeg(),
    ));
    let content_id = doc.add_object(Stream::new(dictionary! {}, PAGE_TEXT.to_vec()));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "Contents" => content_id,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Resources" => dictionary! {
            "Font" => dictionary! { "F1" => font_id },
            "XObject" => dictionary! { "Im1" => image_id },
        },
        "PieceInfo" => dictionary! {
            "Illustrator" => dictionary! { "Private" => Object::string_literal("CANARY-PIECE") },
        },
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1 },
        ),
    );
    let xmp_id = doc.add_object(Stream::new(
        dictionary! { "Type" => "Metadata", "Subtype" => "XML" },
        xmp_packet(),
    ));
    let catalog_id = doc.add_object(dictionary! {
        "Type" => "Catalog", "Pages" => pages_id, "Metadata" => xmp_id,
    });
    doc.trailer.set("Root", catalog_id);
    let info_id = doc.add_object(dictionary! {
        "Author" => Object::string_literal("CANARY-AUTHOR"),
        "Producer" => Object::string_literal("CANARY-PRODUCER"),
    });
    doc.trailer.set("Info", info_id);
    // What an earlier revision's Info looks like once superseded: present, unreferenced.
    doc.add_object(dictionary! { "Author" => Object::string_literal("CANARY-OLD-AUTHOR") });
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

#[test]
fn pdf_loses_info_xmp_editor_data_and_image_exif() {
    let dirty = dirty_pdf();
    assert!(contains(&dirty, b"CANARY-OLD-AUTHOR") && contains(&dirty, &GPS_BYTES));
    let (_, out) = clean_dirty(
        &dirty,
        FileKind::Pdf,
        &[
            Removed::PdfInfo,
            Removed::PdfXmp,
            Removed::VendorData,
            Removed::PdfImageMetadata,
        ],
    );

    let doc = Document::load_mem(&out).unwrap();
    assert!(doc.trailer.get(b"Info").is_err());
    assert!(doc.catalog().unwrap().get(b"Metadata").is_err());
    let pages = doc.get_pages();
    assert_eq!(pages.len(), 1);
    let page_id = *pages.values().next().unwrap();
    assert!(doc.get_page_content(page_id).starts_with(PAGE_TEXT));
    // The photographed page still shows the same picture.
    let image = doc
        .objects
        .values()
        .find_map(|o| match o {
            Object::Stream(s)
                if s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image") =>
            {
                Some(s)
            }
            _ => None,
        })
        .unwrap();
    let decoded = image::load_from_memory(&image.content).unwrap().to_rgba8();
    let plain = image::load_from_memory(&plain_jpeg()).unwrap().to_rgba8();
    assert_eq!(decoded, plain);
}

#[test]
fn malformed_and_encrypted_pdfs_are_refused() {
    for bad in [
        &b"%PDF-1.4\nnot a pdf at all"[..],
        b"%PDF-",
        b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R /Encrypt << /Filter /Standard /V 9 >> >>\n%%EOF",
    ] {
        let result = clean_bytes(bad);
        assert!(
            matches!(result, Err(SanitizeError::Malformed(_) | SanitizeError::Unsupported(_))),
            "{result:?}"
        );
    }
}

#[test]
fn pdf_over_the_in_memory_cap_or_budget_is_not_cleaned() {
    let dirty = dirty_pdf();
    let small = Limits {
        max_in_memory: dirty.len() - 1,
        ..Limits::default()
    };
    let budget = MemoryBudget::default();
    let result = sanitize(dirty.as_slice(), Vec::new(), &small, &budget);
    assert!(
        matches!(result, Err(SanitizeError::TooLargeToClean)),
        "{result:?}"
    );

    let tight = MemoryBudget::new(dirty.len() * 2);
    let result = sanitize(dirty.as_slice(), Vec::new(), &Limits::default(), &tight);
    assert!(matches!(result, Err(SanitizeError::Busy)), "{result:?}");
    assert_eq!((budget.in_use(), tight.in_use()), (0, 0));

    // Another upload holding the budget makes this one wait its turn.
    let shared = MemoryBudget::new(64 * 1024 * 1024);
    let held = shared.reserve(shared.limit() - 1000).unwrap();
    assert!(matches!(
        sanitize(dirty.as_slice(), Vec::new(), &Limits::default(), &shared),
        Err(SanitizeError::Busy)
    ));
    drop(held);
    sanitize(dirty.as_slice(), Vec::new(), &Limits::default(), &shared).unwrap();
}
