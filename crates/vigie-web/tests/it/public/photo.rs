//! The test photo: a real JPEG carrying an EXIF block with GPS coordinates and a description, and
//! what its clean copy must no longer hold.

/// The GPS latitude written into test photos (43° 17' 42.13" as three little-endian rationals): a
/// byte pattern to look for in cleaned copies.
pub fn gps_latitude_bytes() -> Vec<u8> {
    [(43u32, 1u32), (17, 1), (4213, 100)]
        .iter()
        .flat_map(|(n, d)| [n.to_le_bytes(), d.to_le_bytes()].concat())
        .collect()
}

/// An EXIF block (`Exif\0\0` + little-endian TIFF): IFD0 with an ImageDescription holding
/// `description` and a pointer to a GPS IFD with latitude and longitude.
pub fn exif_block(description: &str) -> Vec<u8> {
    let desc = [description.as_bytes(), b"\0"].concat();
    let ifd0 = 8u32;
    let ifd0_len = 2 + 2 * 12 + 4;
    let gps = ifd0 + ifd0_len;
    let gps_len = 2 + 4 * 12 + 4;
    let lat = gps + gps_len;
    let lon = lat + 24;
    let desc_at = lon + 24;
    let mut t = Vec::new();
    t.extend_from_slice(b"II*\0");
    t.extend_from_slice(&ifd0.to_le_bytes());
    let entry = |t: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: [u8; 4]| {
        t.extend_from_slice(&tag.to_le_bytes());
        t.extend_from_slice(&kind.to_le_bytes());
        t.extend_from_slice(&count.to_le_bytes());
        t.extend_from_slice(&value);
    };
    // IFD0: ImageDescription (ASCII), GPS IFD pointer (LONG).
    t.extend_from_slice(&2u16.to_le_bytes());
    entry(&mut t, 0x010E, 2, desc.len() as u32, desc_at.to_le_bytes());
    entry(&mut t, 0x8825, 4, 1, gps.to_le_bytes());
    t.extend_from_slice(&0u32.to_le_bytes());
    assert_eq!(t.len() as u32, gps);
    // GPS IFD: latitude ref and value, longitude ref and value.
    t.extend_from_slice(&4u16.to_le_bytes());
    entry(&mut t, 0x0001, 2, 2, *b"N\0\0\0");
    entry(&mut t, 0x0002, 5, 3, lat.to_le_bytes());
    entry(&mut t, 0x0003, 2, 2, *b"E\0\0\0");
    entry(&mut t, 0x0004, 5, 3, lon.to_le_bytes());
    t.extend_from_slice(&0u32.to_le_bytes());
    assert_eq!(t.len() as u32, lat);
    t.extend_from_slice(&gps_latitude_bytes());
    for (n, d) in [(5u32, 1u32), (22, 1), (3377, 100)] {
        t.extend_from_slice(&n.to_le_bytes());
        t.extend_from_slice(&d.to_le_bytes());
    }
    assert_eq!(t.len() as u32, desc_at);
    t.extend_from_slice(&desc);
    [b"Exif\0\0".as_slice(), &t].concat()
}

/// A real 64x48 JPEG (encoded by `image`) with an APP1 EXIF segment spliced in after SOI, carrying
/// GPS coordinates and `description`.
pub fn jpeg_with_gps(description: &str) -> Vec<u8> {
    let img = image::RgbImage::from_fn(64, 48, |x, y| {
        image::Rgb([(x * 4) as u8, (y * 5) as u8, ((x + y) * 2) as u8])
    });
    let mut plain = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut plain, 85)
        .encode_image(&img)
        .unwrap();
    let out = vigie_testkit::jpeg::with_app1(&plain, &exif_block(description));
    // The photo decodes as it is.
    image::load_from_memory(&out).unwrap();
    out
}

/// Asserts that `clean`, the clean copy of [`jpeg_with_gps`]`(description)`, kept none of its
/// metadata (no EXIF block, no GPS coordinates, no description) and is still a picture; returns it
/// decoded.
pub fn assert_clean_photo(clean: &[u8], description: &str) -> image::DynamicImage {
    for (what, needle) in [
        ("EXIF", b"Exif\0\0".to_vec()),
        ("GPS", gps_latitude_bytes()),
        ("description", description.as_bytes().to_vec()),
    ] {
        assert!(
            !vigie_testkit::canary::contains(clean, &needle),
            "{what} left in the clean copy"
        );
    }
    image::load_from_memory(clean).unwrap()
}
