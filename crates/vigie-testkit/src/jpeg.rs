//! JPEG files carrying what the cleaner must remove.

/// `plain` (a JPEG) with an APP1 segment holding `payload` (an EXIF block: `Exif\0\0` and a TIFF
/// header first) spliced in right after SOI, where cameras put it.
pub fn with_app1(plain: &[u8], payload: &[u8]) -> Vec<u8> {
    assert_eq!(&plain[..2], &[0xFF, 0xD8], "a JPEG starts with SOI");
    // The segment's length counts its own two bytes.
    let len = u16::try_from(payload.len() + 2).unwrap();
    let mut out = plain[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(payload);
    out.extend_from_slice(&plain[2..]);
    out
}
