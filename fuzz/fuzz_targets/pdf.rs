//! The PDF cleaner on arbitrary bytes after a PDF header: it must never panic, leak its memory
//! reservation, or write a copy that still holds active content (cleaning the copy again finds
//! nothing more to remove).
#![no_main]

use libfuzzer_sys::fuzz_target;
use vigie_sanitize::{FileKind, Limits, MemoryBudget, Removed, clean};

fuzz_target!(|data: &[u8]| {
    let limits = Limits {
        max_bytes: 1 << 20,
        max_in_memory: 1 << 20,
        max_pdf_objects: 20_000,
        max_inflated: 4 << 20,
        ..Limits::default()
    };
    let budget = MemoryBudget::new(64 << 20);
    let mut input = b"%PDF-1.7\n".to_vec();
    input.extend_from_slice(data);
    let mut out = Vec::new();
    if clean(FileKind::Pdf, input.as_slice(), &mut out, &limits, &budget).is_ok() {
        let mut again = Vec::new();
        let report = clean(FileKind::Pdf, out.as_slice(), &mut again, &limits, &budget)
            .expect("a clean copy cleans again");
        for active in [
            Removed::PdfActions,
            Removed::PdfEmbeddedFiles,
            Removed::PdfForms,
            Removed::PdfAnnotations,
        ] {
            assert!(
                !report.removed.contains(&active),
                "{active:?} survived cleaning"
            );
        }
    }
    assert_eq!(budget.in_use(), 0, "a reservation leaked");
});
