//! Uploaded files are the most direct attacker input we parse: sniffing and cleaning must never
//! panic or allocate without bound, and a cleaned JPEG, PNG or WebP is never longer than the
//! file it came from (plus the EOI that closes a truncated JPEG).
#![no_main]

use libfuzzer_sys::fuzz_target;
use vigie_sanitize::{FileKind, Limits, MemoryBudget, SNIFF_LEN, clean, sanitize, sniff};

fuzz_target!(|data: &[u8]| {
    let limits = Limits {
        max_bytes: 1 << 20,
        max_in_memory: 1 << 20,
        max_segment: 4096,
        ..Limits::default()
    };
    let budget = MemoryBudget::new(16 << 20);
    if let Ok(report) = sanitize(data, std::io::sink(), &limits, &budget) {
        assert_eq!(report.kind, sniff(&data[..data.len().min(SNIFF_LEN)]));
        assert_eq!(report.input_bytes, data.len() as u64);
        if matches!(report.kind, FileKind::Jpeg | FileKind::Png | FileKind::Webp) {
            assert!(
                report.output_bytes <= report.input_bytes + 2,
                "clean copy grew"
            );
        }
    }
    // The same bytes given as each streamed kind, as if sniffing had been fooled: the format
    // walkers must hold on input that does not start as they expect.
    for kind in [FileKind::Jpeg, FileKind::Png, FileKind::Webp] {
        if let Ok(report) = clean(kind, data, std::io::sink(), &limits, &budget) {
            assert!(
                report.output_bytes <= report.input_bytes + 2,
                "clean copy grew"
            );
        }
    }
    assert_eq!(budget.in_use(), 0, "a reservation leaked");
});
