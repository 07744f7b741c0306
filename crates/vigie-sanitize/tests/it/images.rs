//! JPEG, PNG and WebP with real metadata: cleaned copies keep the picture and lose the rest.

use crate::common::*;
use vigie_sanitize::{FileKind, Removed, SanitizeError, sniff};

/// `input` is refused as malformed.
fn assert_malformed(input: &[u8]) {
    let result = clean_bytes(input);
    assert!(
        matches!(result, Err(SanitizeError::Malformed(_))),
        "{result:?}"
    );
}

fn decode(bytes: &[u8]) -> image::RgbaImage {
    image::load_from_memory(bytes).unwrap().to_rgba8()
}

#[test]
fn jpeg_loses_every_metadata_segment_and_keeps_its_pixels() {
    let dirty = dirty_jpeg();
    assert!(contains(&dirty, &GPS_BYTES));
    let (report, out) = clean_dirty(
        &dirty,
        FileKind::Jpeg,
        &[
            Removed::Exif,
            Removed::Location,
            Removed::Xmp,
            Removed::Iptc,
            Removed::IccProfile,
            Removed::Comment,
            Removed::Thumbnail,
            Removed::VendorData,
            Removed::TrailingData,
        ],
    );
    assert_eq!(report.input_bytes, dirty.len() as u64);
    assert_eq!(report.output_bytes, out.len() as u64);
    // Same scan data, same decoder: the very same pixels as the encoder's plain file.
    assert_eq!(decode(&out), decode(&plain_jpeg()));
    assert_eq!(decode(&out).dimensions(), (WIDTH, HEIGHT));
    // JFIF kept without its thumbnail, Adobe kept, and the file ends at EOI.
    assert!(contains(&out, b"JFIF\0\x01\x02\0\0\x48\0\x48\0\0"));
    assert!(contains(&out, b"Adobe"));
    assert_eq!(&out[out.len() - 2..], &[0xFF, 0xD9]);
}

/// A clean JPEG and a WebP in the simple format come out as they went in, and cleaning them twice
/// changes nothing more.
#[test]
fn clean_jpeg_and_simple_webp_are_left_as_they_were() {
    for plain in [plain_jpeg(), plain_webp()] {
        let (report, out) = clean_bytes(&plain).unwrap();
        assert!(report.removed.is_empty(), "{:?}", report.removed);
        assert_eq!(out, plain);
        let (again, out2) = clean_bytes(&out).unwrap();
        assert!(again.removed.is_empty());
        assert_eq!(out, out2);
    }
}

#[test]
fn jpeg_truncated_inside_the_scan_is_closed() {
    let dirty = dirty_jpeg();
    let eoi = dirty.windows(2).rposition(|w| w == [0xFF, 0xD9]).unwrap();
    let (report, out) = clean_bytes(&dirty[..eoi - 3]).unwrap();
    assert_clean(&out);
    assert!(report.removed.contains(&Removed::Location));
    assert_eq!(&out[out.len() - 2..], &[0xFF, 0xD9]);
}

#[test]
fn jpeg_restart_markers_and_stuffing_pass_through() {
    // SOI, a DRI segment, SOS, then scan data with a stuffed byte, a restart marker and fill
    // bytes before EOI: structure only, no decoder involved.
    let mut jpeg = vec![0xFF, 0xD8];
    jpeg.extend(segment(0xDD, &[0, 4]));
    jpeg.extend(segment(0xDA, &[1, 1, 0, 0, 63, 0]));
    jpeg.extend_from_slice(&[1, 2, 0xFF, 0x00, 3, 0xFF, 0xD3, 4, 0xFF, 0xFF, 0xD9]);
    let (_, out) = clean_bytes(&jpeg).unwrap();
    let mut expected = jpeg.clone();
    expected.remove(expected.len() - 3); // the fill byte
    assert_eq!(out, expected);
}

#[test]
fn malformed_jpeg_segments_are_errors() {
    for bad in [
        &b"\xFF\xD8\xFF\xE1\x00\x01"[..], // length below 2
        b"\xFF\xD8\xFF\xE1\x00\x10Exif",  // truncated segment
        b"\xFF\xD8\x00\xFF\xD9",          // no marker where one must be
        b"\xFF\xD8\xFF\xD8\xFF\xD9",      // nested SOI
        b"\xFF\xD8\xFF\x00",              // marker 0 outside a scan
        b"\xFF\xD8",                      // nothing after SOI
    ] {
        let result = clean_as(FileKind::Jpeg, bad);
        assert!(
            matches!(result, Err(SanitizeError::Malformed(_))),
            "{bad:?}: {result:?}"
        );
    }
}

#[test]
fn png_loses_text_time_exif_and_unknown_chunks_and_keeps_its_pixels() {
    let dirty = dirty_png();
    let (_, out) = clean_dirty(
        &dirty,
        FileKind::Png,
        &[
            Removed::PngText,
            Removed::PngTime,
            Removed::Exif,
            Removed::Location,
            Removed::IccProfile,
            Removed::VendorData,
            Removed::TrailingData,
        ],
    );
    assert!(!contains(&out, b"GPS 43.29"));
    for gone in [
        &b"tEXt"[..],
        b"zTXt",
        b"iTXt",
        b"tIME",
        b"eXIf",
        b"iCCP",
        b"caBX",
    ] {
        assert!(!contains(&out, gone));
    }
    assert!(contains(&out, b"gAMA"), "display chunks are kept");
    assert_eq!(decode(&out), pixels());
    assert_eq!(&out[out.len() - 8..out.len() - 4], b"IEND");
}

#[test]
fn png_with_unknown_critical_chunk_or_bad_length_is_refused() {
    let plain = plain_png();
    let mut odd = plain[..33].to_vec();
    odd.extend(chunk(b"ABCD", b"?"));
    odd.extend_from_slice(&plain[33..]);
    assert!(matches!(
        clean_bytes(&odd),
        Err(SanitizeError::Unsupported(_))
    ));
    let mut long = plain[..33].to_vec();
    long.extend_from_slice(&[0x80, 0, 0, 0, b'I', b'D', b'A', b'T']);
    assert_malformed(&long);
    let mut digits = plain[..33].to_vec();
    digits.extend_from_slice(&[0, 0, 0, 0, b'1', b'2', b'3', b'4', 0, 0, 0, 0]);
    assert_malformed(&digits);
    // No IEND: truncated.
    assert_malformed(&plain[..plain.len() - 12]);
}

#[test]
fn webp_loses_exif_xmp_icc_and_its_flags_and_keeps_its_pixels() {
    let dirty = dirty_webp();
    assert_eq!(decode(&dirty), pixels(), "the test file itself decodes");
    let (_, out) = clean_dirty(
        &dirty,
        FileKind::Webp,
        &[
            Removed::Exif,
            Removed::Location,
            Removed::Xmp,
            Removed::IccProfile,
            Removed::VendorData,
            Removed::TrailingData,
        ],
    );
    // RIFF size rewritten, VP8X flags for the dropped chunks cleared, alpha kept.
    let riff_size = u32::from_le_bytes([out[4], out[5], out[6], out[7]]) as usize;
    assert_eq!(riff_size + 8, out.len());
    assert_eq!(&out[12..16], b"VP8X");
    assert_eq!(out[20], 0x10);
    assert_eq!(decode(&out), pixels());
}

#[test]
fn malformed_webp_is_an_error() {
    let plain = plain_webp();
    let mut overrun = plain.clone();
    overrun[16] = 0xFF; // VP8L chunk size past the RIFF end
    overrun[17] = 0xFF;
    assert_malformed(&overrun);
    assert_malformed(&plain[..plain.len() - 1]);
    let mut short = riff(&riff_chunk(b"VP8X", &[0; 4]));
    assert_malformed(&short);
    short[4] = 2; // RIFF size below 4
    assert_malformed(&short);
}

#[test]
fn sniffing_ignores_names_and_claimed_types() {
    // The API takes no name and no content type: only bytes decide, and anything unknown is
    // served as an opaque download, never as HTML.
    assert_eq!(sniff(&dirty_png()), FileKind::Png);
    assert_eq!(sniff(&dirty_jpeg()), FileKind::Jpeg);
    assert_eq!(sniff(&dirty_webp()), FileKind::Webp);
    let html = b"<html><script>alert(1)</script></html>";
    let (report, out) = clean_bytes(html).unwrap();
    assert_eq!(report.kind, FileKind::Other);
    assert_eq!(report.kind.mime(), "application/octet-stream");
    assert!(report.flagged && report.removed.is_empty());
    assert_eq!(out, html);
}

#[test]
fn location_carrying_types_are_copied_and_flagged() {
    let mut heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic".to_vec();
    heic.extend_from_slice(b"...exif with GPS...");
    let (report, out) = clean_bytes(&heic).unwrap();
    assert_eq!(report.kind, FileKind::Heic);
    assert!(report.flagged && report.kind.may_contain_location());
    assert_eq!(out, heic);
    let mov = b"\0\0\0\x14ftypqt  \0\0\0\0qt  \0\0\0\x08wide".to_vec();
    let (report, _) = clean_bytes(&mov).unwrap();
    assert_eq!((report.kind, report.flagged), (FileKind::Mov, true));
    let (report, _) = clean_bytes(b"GIF89a....").unwrap();
    assert!(report.flagged && !report.kind.may_contain_location());
}
