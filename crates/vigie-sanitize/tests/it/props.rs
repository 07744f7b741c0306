//! Hostile inputs: garbage behind every magic number, every truncation and random corruption of
//! real files. Nothing panics; a JPEG or PNG clean copy is never longer than its input (plus the
//! EOI a truncated JPEG is closed with); and a truncated file either fails or is clean.

use crate::common::*;
use crate::hostile::pdf_file;
use proptest::prelude::*;
use vigie_sanitize::{FileKind, Limits, MemoryBudget, sanitize};

const MAGICS: &[&[u8]] = &[
    &[0xFF, 0xD8, 0xFF],
    &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A],
    b"RIFF\x40\0\0\0WEBP",
    b"RIFF\xff\xff\xff\x7fWEBPVP8X",
    b"%PDF-1.7\n",
    b"GIF89a",
    b"\0\0\0\x18ftypheic\0\0\0\0mif1heic",
    b"\0\0\0\x14ftypqt  \0\0\0\0qt  ",
];

fn check(input: &[u8]) {
    let limits = Limits {
        max_in_memory: 1 << 20,
        ..Limits::default()
    };
    let budget = MemoryBudget::new(8 << 20);
    let mut out = Vec::new();
    if let Ok(report) = sanitize(input, &mut out, &limits, &budget) {
        assert_eq!(report.output_bytes, out.len() as u64);
        assert_eq!(report.input_bytes, input.len() as u64);
        if matches!(report.kind, FileKind::Jpeg | FileKind::Png | FileKind::Webp) {
            assert!(
                out.len() <= input.len() + 2,
                "{} > {}",
                out.len(),
                input.len()
            );
        }
        if !report.kind.cleanable() {
            assert_eq!(out, input);
        }
    }
    assert_eq!(budget.in_use(), 0);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn garbage_after_any_magic_number(magic in 0..MAGICS.len(), tail in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let mut input = MAGICS[magic].to_vec();
        input.extend_from_slice(&tail);
        check(&input);
    }

    #[test]
    fn corrupted_real_files(
        which in 0..3usize,
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
    ) {
        let mut input = match which {
            0 => dirty_jpeg(),
            1 => dirty_png(),
            _ => dirty_webp(),
        };
        for (at, byte) in edits {
            let i = at.index(input.len());
            input[i] = byte;
        }
        check(&input);
    }
}

#[test]
fn every_truncation_fails_or_is_clean() {
    for (name, file, step) in [
        ("jpeg", dirty_jpeg(), 1),
        ("png", dirty_png(), 1),
        ("webp", dirty_webp(), 1),
        ("pdf", pdf_with_canaries(), 5),
    ] {
        for end in (0..file.len()).step_by(step) {
            let input = &file[..end];
            check(input);
            if let Ok((report, out)) = clean_bytes(input)
                && report.kind.cleanable()
            {
                assert!(!contains(&out, CANARY), "{name} cut at {end} kept a canary");
                assert!(
                    !contains(&out, &GPS_BYTES),
                    "{name} cut at {end} kept the GPS"
                );
            }
        }
    }
}

/// A small PDF with an Info dictionary and a catalog XMP stream, written by hand so that every
/// cut point falls somewhere meaningful.
fn pdf_with_canaries() -> Vec<u8> {
    let objects: [&[u8]; 5] = [
        b"<< /Type /Catalog /Pages 2 0 R /Metadata 4 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        b"<< /Type /Metadata /Subtype /XML /Length 20 >>\nstream\nCANARY-XMP-PACKET...\nendstream",
        b"<< /Author (CANARY-AUTHOR) /Producer (CANARY-PRODUCER) >>",
    ];
    pdf_file("1.4", &objects, "/Root 1 0 R /Info 5 0 R")
}

#[test]
fn the_hand_written_pdf_is_cleaned() {
    let (report, out) = clean_bytes(&pdf_with_canaries()).unwrap();
    assert_eq!(report.kind, FileKind::Pdf);
    assert!(!contains(&out, CANARY));
}

/// Writes the test files as a fuzzing seed corpus when `VIGIE_FUZZ_SEEDS` names a directory
/// (`cargo fuzz run sanitize "$VIGIE_FUZZ_SEEDS"`); does nothing otherwise.
#[test]
fn write_fuzz_seeds() {
    let Some(dir) = std::env::var_os("VIGIE_FUZZ_SEEDS") else {
        return;
    };
    let dir = std::path::PathBuf::from(dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (name, bytes) in [
        ("jpeg", dirty_jpeg()),
        ("png", dirty_png()),
        ("webp", dirty_webp()),
        ("pdf", pdf_with_canaries()),
    ] {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
}
