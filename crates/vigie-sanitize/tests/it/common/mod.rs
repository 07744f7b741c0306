//! Test files, assembled here: a real tiny image encoded by the `image` crate, with metadata
//! spliced in byte by byte the way cameras and editors write it. Every piece of metadata holds
//! the word CANARY, and the GPS position is [`GPS_BYTES`]: neither may survive cleaning.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use image::{ExtendedColorType, ImageEncoder, RgbaImage};

pub use crate::png::{chunk, crc32};
use vigie_sanitize::{
    FileKind, Limits, MemoryBudget, Removed, Report, SanitizeError, clean, sanitize,
};

pub const CANARY: &[u8] = b"CANARY";
pub const WIDTH: u32 = 13;
pub const HEIGHT: u32 = 7;

/// GPSLatitude 43 deg 17' 42.42" as three big-endian RATIONALs: the Vieux-Port.
pub const GPS_BYTES: [u8; 24] = [
    0, 0, 0, 43, 0, 0, 0, 1, 0, 0, 0, 17, 0, 0, 0, 1, 0, 0, 0x10, 0x92, 0, 0, 0, 100,
];

pub fn pixels() -> RgbaImage {
    RgbaImage::from_fn(WIDTH, HEIGHT, |x, y| {
        image::Rgba([(x * 19) as u8, (y * 31) as u8, ((x + y) * 7) as u8, 255])
    })
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Cleans with default limits and a roomy budget, which must be whole again afterwards, whatever
/// the outcome.
pub fn clean_bytes(input: &[u8]) -> Result<(Report, Vec<u8>), SanitizeError> {
    let budget = MemoryBudget::default();
    let mut out = Vec::new();
    let result = sanitize(input, &mut out, &Limits::default(), &budget);
    assert_eq!(budget.in_use(), 0, "the reservation is released");
    Ok((result?, out))
}

/// No canary and no GPS position in `out`.
pub fn assert_clean(out: &[u8]) {
    assert!(!contains(out, CANARY), "a canary survived");
    assert!(!contains(out, &GPS_BYTES), "the GPS position survived");
}

/// Each of `expected` is reported removed, and the file is not flagged.
pub fn assert_removed(report: &Report, expected: &[Removed]) {
    for r in expected {
        assert!(
            report.removed.contains(r),
            "{r:?} not reported in {:?}",
            report.removed
        );
    }
    assert!(!report.flagged);
}

/// Cleans `dirty`, which must be sniffed as `kind`: no canary and no GPS position survives, each of
/// `removed` is reported, and nothing is flagged. The report and the cleaned copy.
pub fn clean_dirty(dirty: &[u8], kind: FileKind, removed: &[Removed]) -> (Report, Vec<u8>) {
    let (report, out) = clean_bytes(dirty).unwrap();
    assert_eq!(report.kind, kind);
    assert_clean(&out);
    assert_removed(&report, removed);
    (report, out)
}

/// The test picture, written by `encoder`.
pub fn encode_pixels(encoder: impl ImageEncoder) {
    encoder
        .write_image(&pixels(), WIDTH, HEIGHT, ExtendedColorType::Rgba8)
        .unwrap();
}

/// The bytes `write` writes (an encoder of the test image, made on them).
pub fn encoded(write: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
    let mut out = Vec::new();
    write(&mut out);
    out
}

/// Cleans as `kind`, whatever the bytes say.
pub fn clean_as(kind: FileKind, input: &[u8]) -> Result<(Report, Vec<u8>), SanitizeError> {
    let mut out = Vec::new();
    let report = clean(
        kind,
        input,
        &mut out,
        &Limits::default(),
        &MemoryBudget::default(),
    )?;
    Ok((report, out))
}

/// An EXIF block (big-endian TIFF) whose IFD0 has Make = CANARY-MAKE and a GPS IFD with
/// GPSLatitudeRef and GPSLatitude.
pub fn exif_tiff() -> Vec<u8> {
    let mut t = b"MM\0*\0\0\0\x08".to_vec();
    // IFD0 at 8: 2 entries (2 + 24 + 4 = 30 bytes), then Make's string at 38, GPS IFD at 50.
    t.extend_from_slice(&[0, 2]);
    t.extend_from_slice(&[0x01, 0x0F, 0, 2, 0, 0, 0, 12, 0, 0, 0, 38]);
    t.extend_from_slice(&[0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 50]);
    t.extend_from_slice(&[0, 0, 0, 0]);
    t.extend_from_slice(b"CANARY-MAKE\0");
    assert_eq!(t.len(), 50);
    // GPS IFD: 2 entries, then the latitude's rationals at 50 + 30 = 80.
    t.extend_from_slice(&[0, 2]);
    t.extend_from_slice(&[0, 1, 0, 2, 0, 0, 0, 2, b'N', 0, 0, 0]);
    t.extend_from_slice(&[0, 2, 0, 5, 0, 0, 0, 3, 0, 0, 0, 80]);
    t.extend_from_slice(&[0, 0, 0, 0]);
    t.extend_from_slice(&GPS_BYTES);
    t
}

pub fn xmp_packet() -> Vec<u8> {
    b"<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF><rdf:Description \
      exif:GPSLatitude='43,17.707N' xmp:CreatorTool='CANARY-XMP'/></rdf:RDF></x:xmpmeta>"
        .to_vec()
}

// ---------------------------------------------------------------------------------------- JPEG

pub fn plain_jpeg() -> Vec<u8> {
    let rgb = image::DynamicImage::ImageRgba8(pixels()).to_rgb8();
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
        .write_image(&rgb, WIDTH, HEIGHT, ExtendedColorType::Rgb8)
        .unwrap();
    out
}

pub fn segment(marker: u8, body: &[u8]) -> Vec<u8> {
    let mut s = vec![0xFF, marker];
    s.extend_from_slice(&u16::try_from(body.len() + 2).unwrap().to_be_bytes());
    s.extend_from_slice(body);
    s
}

/// The encoder's JPEG with, after SOI: a JFIF header with a thumbnail, EXIF with GPS, XMP, IPTC,
/// an ICC profile, a maker segment and a comment (fill bytes before one marker); a comment
/// between tables; and a motion-photo-like trailer after EOI.
pub fn dirty_jpeg() -> Vec<u8> {
    let plain = plain_jpeg();
    assert_eq!(&plain[..2], &[0xFF, 0xD8]);
    // Skip the encoder's own APP0, if any, to put ours first.
    let mut rest = &plain[2..];
    if rest[1] == 0xE0 {
        let len = usize::from(u16::from_be_bytes([rest[2], rest[3]]));
        rest = &rest[2 + len..];
    }
    let mut jfif = b"JFIF\0\x01\x02\0\0\x48\0\x48\x01\x01".to_vec();
    jfif.extend_from_slice(b"CANARY-THUMB"); // 1x1 thumbnail would be 3 bytes; size is not checked
    let mut exif = b"Exif\0\0".to_vec();
    exif.extend_from_slice(&exif_tiff());
    let mut xmp = b"http://ns.adobe.com/xap/1.0/\0".to_vec();
    xmp.extend_from_slice(&xmp_packet());
    let mut iptc = b"Photoshop 3.0\08BIM\x04\x04\0\0\0\0\0\x10".to_vec();
    iptc.extend_from_slice(b"\x1c\x02\x50\0\x0bCANARY-IPTC");
    let mut icc = b"ICC_PROFILE\0\x01\x01".to_vec();
    icc.extend_from_slice(b"CANARY-ICC-DEVICE");

    let mut out = vec![0xFF, 0xD8];
    out.extend(segment(0xE0, &jfif));
    out.extend(segment(0xE1, &exif));
    out.extend(segment(0xE1, &xmp));
    out.extend(segment(0xED, &iptc));
    out.extend(segment(0xE2, &icc));
    out.extend(segment(0xEE, b"Adobe\0\x64\0\0\0\0\x01")); // kept: colour transform
    out.extend(segment(0xE5, b"CANARY-MAKER-NOTES"));
    out.extend_from_slice(&[0xFF, 0xFF]); // fill bytes
    out.extend(segment(0xFE, b"CANARY-COMMENT"));
    // The encoder's tables, with a comment slipped before its SOS.
    let sos = rest.windows(2).position(|w| w == [0xFF, 0xDA]).unwrap();
    out.extend_from_slice(&rest[..sos]);
    out.extend(segment(0xFE, b"CANARY-LATE-COMMENT"));
    out.extend_from_slice(&rest[sos..]);
    assert_eq!(&out[out.len() - 2..], &[0xFF, 0xD9]);
    out.extend_from_slice(b"\0\0\0\x18ftypmp42CANARY-MOTION-PHOTO");
    out
}

// ----------------------------------------------------------------------------------------- PNG

pub fn plain_png() -> Vec<u8> {
    encoded(|out| encode_pixels(image::codecs::png::PngEncoder::new(out)))
}

/// The encoder's PNG with, after IHDR: text chunks, tIME, eXIf with GPS, iCCP, a C2PA-like
/// unknown chunk, a kept gAMA; and data after IEND.
pub fn dirty_png() -> Vec<u8> {
    let plain = plain_png();
    let ihdr_end = 8 + 8 + 13 + 4;
    assert_eq!(&plain[12..16], b"IHDR");
    let mut out = plain[..ihdr_end].to_vec();
    out.extend(chunk(b"tEXt", b"Comment\0GPS 43.29,5.37 CANARY-TEXT"));
    out.extend(chunk(
        b"zTXt",
        b"Author\0\0CANARY-ZTXT-not-really-compressed",
    ));
    out.extend(chunk(b"iTXt", b"Author\0\0\0fr\0\0CANARY-ITXT"));
    out.extend(chunk(b"tIME", &[0x07, 0xE9, 6, 14, 22, 30, 5]));
    out.extend(chunk(b"eXIf", &exif_tiff()));
    out.extend(chunk(b"iCCP", b"CANARY-ICC\0\0not-a-profile"));
    out.extend(chunk(b"caBX", b"CANARY-C2PA-MANIFEST"));
    out.extend(chunk(b"gAMA", &45455u32.to_be_bytes()));
    out.extend_from_slice(&plain[ihdr_end..]);
    out.extend_from_slice(b"CANARY-AFTER-IEND");
    out
}

// ---------------------------------------------------------------------------------------- WebP

pub fn riff_chunk(fourcc: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut c = fourcc.to_vec();
    c.extend_from_slice(&u32::try_from(data.len()).unwrap().to_le_bytes());
    c.extend_from_slice(data);
    if !data.len().is_multiple_of(2) {
        c.push(0);
    }
    c
}

pub fn riff(chunks: &[u8]) -> Vec<u8> {
    let mut out = b"RIFF".to_vec();
    out.extend_from_slice(&u32::try_from(chunks.len() + 4).unwrap().to_le_bytes());
    out.extend_from_slice(b"WEBP");
    out.extend_from_slice(chunks);
    out
}

/// A lossless WebP in the simple format, as the encoder writes it.
pub fn plain_webp() -> Vec<u8> {
    encoded(|out| encode_pixels(image::codecs::webp::WebPEncoder::new_lossless(out)))
}

/// The encoder's image in the extended format: VP8X with ICC, alpha, EXIF and XMP flags;
/// ICCP; the VP8L chunk; EXIF with GPS; XMP (odd length, so padded); an unknown chunk; and
/// data after the RIFF end.
pub fn dirty_webp() -> Vec<u8> {
    let plain = plain_webp();
    assert_eq!(&plain[12..16], b"VP8L", "simple lossless format expected");
    let image_chunk = &plain[12..];
    let mut vp8x = vec![0x20 | 0x10 | 0x08 | 0x04, 0, 0, 0];
    vp8x.extend_from_slice(&(WIDTH - 1).to_le_bytes()[..3]);
    vp8x.extend_from_slice(&(HEIGHT - 1).to_le_bytes()[..3]);
    let mut exif = b"Exif\0\0".to_vec();
    exif.extend_from_slice(&exif_tiff());
    let mut xmp = xmp_packet();
    xmp.push(b' ');
    if xmp.len().is_multiple_of(2) {
        xmp.push(b' ');
    }
    let mut chunks = riff_chunk(b"VP8X", &vp8x);
    chunks.extend(riff_chunk(b"ICCP", b"CANARY-ICC"));
    chunks.extend_from_slice(image_chunk);
    chunks.extend(riff_chunk(b"EXIF", &exif));
    chunks.extend(riff_chunk(b"XMP ", &xmp));
    chunks.extend(riff_chunk(b"ZZZZ", b"CANARY-UNKNOWN"));
    let mut out = riff(&chunks);
    out.extend_from_slice(b"CANARY-AFTER-RIFF");
    out
}
