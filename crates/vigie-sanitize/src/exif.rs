//! Just enough of EXIF and XMP to tell whether they held a location, so the reporter can be
//! told so. Reading never fails: anything unreadable is "no location found", and the block is
//! dropped either way.

/// The EXIF tag in IFD0 that points to the GPS IFD.
const GPS_IFD_POINTER: u16 = 0x8825;

/// Whether an EXIF block (a TIFF structure, optionally after the `Exif\0\0` header that JPEG and
/// some WebP writers put first) has a GPS IFD.
pub(crate) fn has_gps(exif: &[u8]) -> bool {
    let tiff = exif.strip_prefix(b"Exif\0\0").unwrap_or(exif);
    let little = match tiff.get(0..4) {
        Some(b"II*\0") => true,
        Some(b"MM\0*") => false,
        _ => return false,
    };
    let u16_at = |at: usize| {
        let b = tiff.get(at..at.checked_add(2)?)?;
        let b = [b[0], b[1]];
        Some(if little {
            u16::from_le_bytes(b)
        } else {
            u16::from_be_bytes(b)
        })
    };
    let u32_at = |at: usize| {
        let b = tiff.get(at..at.checked_add(4)?)?;
        let b = [b[0], b[1], b[2], b[3]];
        Some(if little {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        })
    };
    let find = || -> Option<bool> {
        let ifd0 = usize::try_from(u32_at(4)?).ok()?;
        let count = usize::from(u16_at(ifd0)?);
        for i in 0..count {
            let entry = ifd0.checked_add(2)?.checked_add(i.checked_mul(12)?)?;
            if u16_at(entry)? == GPS_IFD_POINTER {
                return Some(true);
            }
        }
        Some(false)
    };
    find().unwrap_or(false)
}

/// Whether an XMP packet has GPS properties (`exif:GPSLatitude`, `exif:GPSLongitude`).
pub(crate) fn xmp_has_gps(xmp: &[u8]) -> bool {
    xmp.windows(6).any(|w| w == b"GPSLat" || w == b"GPSLon")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_gps_pointer_in_either_byte_order() {
        // IFD0 at 8 with two entries: Make (0x010F), then the GPS pointer.
        let mut le = b"II*\0\x08\0\0\0\x02\0".to_vec();
        le.extend_from_slice(&[0x0F, 0x01, 2, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
        le.extend_from_slice(&[0x25, 0x88, 4, 0, 1, 0, 0, 0, 40, 0, 0, 0]);
        assert!(has_gps(&le));
        let mut exif = b"Exif\0\0".to_vec();
        exif.extend_from_slice(&le);
        assert!(has_gps(&exif));

        let mut be = b"MM\0*\0\0\0\x08\0\x01".to_vec();
        be.extend_from_slice(&[0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 40]);
        assert!(has_gps(&be));
        be[10] = 0x01; // now tag 0x0125
        assert!(!has_gps(&be));
    }

    #[test]
    fn garbage_is_no_location() {
        assert!(!has_gps(b""));
        assert!(!has_gps(b"II*\0\xff\xff\xff\xff"));
        assert!(!has_gps(b"MM\0*\0\0\0\x08\xff\xff"));
        assert!(!has_gps(b"not exif at all"));
        assert!(xmp_has_gps(
            b"<exif:GPSLatitude>43,17.4N</exif:GPSLatitude>"
        ));
        assert!(!xmp_has_gps(b"<xmp:CreatorTool>x</xmp:CreatorTool>"));
    }
}
