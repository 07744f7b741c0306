//! File types, told from their first bytes only.

/// How many leading bytes [`sniff`] looks at; fewer is fine for a shorter file.
pub const SNIFF_LEN: usize = 64;

/// The type of an uploaded file, as its content says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileKind {
    /// JPEG (JFIF, EXIF): cleaned as a stream.
    Jpeg,
    /// PNG, APNG included: cleaned as a stream.
    Png,
    /// WebP (simple or extended): cleaned in memory.
    Webp,
    /// GIF: copied as it is, flagged (not checked).
    Gif,
    /// PDF: cleaned in memory.
    Pdf,
    /// HEIC / HEIF (iPhone photos): copied as it is, flagged (may contain a location).
    Heic,
    /// AVIF: copied as it is, flagged (may contain a location).
    Avif,
    /// QuickTime movie (iPhone videos): copied as it is, flagged (may contain a location).
    Mov,
    /// MP4, 3GP, M4A: copied as it is, flagged (may contain a location).
    Mp4,
    /// Anything else: copied as it is, flagged (not checked).
    Other,
}

/// Every kind, in declaration order.
const ALL: [FileKind; 10] = [
    FileKind::Jpeg,
    FileKind::Png,
    FileKind::Webp,
    FileKind::Gif,
    FileKind::Pdf,
    FileKind::Heic,
    FileKind::Avif,
    FileKind::Mov,
    FileKind::Mp4,
    FileKind::Other,
];

impl FileKind {
    /// The content type to serve the file with: derived from the sniffed kind, so a file whose
    /// client claimed `text/html` is never served as HTML.
    pub fn mime(self) -> &'static str {
        match self {
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
            Self::Webp => "image/webp",
            Self::Gif => "image/gif",
            Self::Pdf => "application/pdf",
            Self::Heic => "image/heic",
            Self::Avif => "image/avif",
            Self::Mov => "video/quicktime",
            Self::Mp4 => "video/mp4",
            Self::Other => "application/octet-stream",
        }
    }

    /// The kind whose [`FileKind::mime`] is `mime`; anything else is [`FileKind::Other`].
    pub fn from_mime(mime: &str) -> Self {
        ALL.into_iter()
            .find(|k| k.mime() == mime)
            .unwrap_or(Self::Other)
    }

    /// The file name extension to offer on download, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Jpeg => "jpg",
            Self::Png => "png",
            Self::Webp => "webp",
            Self::Gif => "gif",
            Self::Pdf => "pdf",
            Self::Heic => "heic",
            Self::Avif => "avif",
            Self::Mov => "mov",
            Self::Mp4 => "mp4",
            Self::Other => "bin",
        }
    }

    /// Whether [`crate::clean`] removes this type's metadata (otherwise it copies the file as it
    /// is and the report is flagged).
    pub fn cleanable(self) -> bool {
        matches!(self, Self::Jpeg | Self::Png | Self::Webp | Self::Pdf)
    }

    /// Whether an uncleaned file of this type commonly carries where it was made: phones write
    /// GPS into HEIC/AVIF EXIF and into MOV/MP4 `udta` boxes. The web layer tells the reporter
    /// "may contain your location" for these, and "could not be checked" for other flagged
    /// types (GIF, unknown).
    pub fn may_contain_location(self) -> bool {
        matches!(self, Self::Heic | Self::Avif | Self::Mov | Self::Mp4)
    }
}

/// Tells a file's type from its first bytes (up to [`SNIFF_LEN`]); the name and the client's
/// content type play no part.
pub fn sniff(head: &[u8]) -> FileKind {
    if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        FileKind::Jpeg
    } else if head.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        FileKind::Png
    } else if head.starts_with(b"RIFF") && head.get(8..12) == Some(b"WEBP") {
        FileKind::Webp
    } else if head.starts_with(b"GIF87a") || head.starts_with(b"GIF89a") {
        FileKind::Gif
    } else if head.starts_with(b"%PDF-") {
        FileKind::Pdf
    } else {
        iso_bmff(head)
    }
}

/// HEIF, AVIF, QuickTime and MP4 are all ISO base media files: a `ftyp` box at offset 4 whose
/// brands say which. Old QuickTime files start with another atom and no `ftyp`.
fn iso_bmff(head: &[u8]) -> FileKind {
    const HEIC: &[&[u8; 4]] = &[
        b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs",
    ];
    const MP4: &[&[u8; 4]] = &[
        b"isom", b"iso2", b"iso3", b"iso4", b"iso5", b"iso6", b"iso7", b"iso8", b"iso9", b"mp41",
        b"mp42", b"mp71", b"avc1", b"dash", b"M4V ", b"M4VH", b"M4VP", b"M4A ", b"M4B ", b"M4P ",
        b"3gp4", b"3gp5", b"3gp6", b"3gp7", b"3g2a", b"3g2b", b"3g2c", b"mmp4", b"MSNV", b"f4v ",
    ];
    let Some(box_type) = head.get(4..8) else {
        return FileKind::Other;
    };
    if box_type != b"ftyp" {
        let classic_quicktime: &[&[u8]] = &[b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"];
        return if classic_quicktime.contains(&box_type) {
            FileKind::Mov
        } else {
            FileKind::Other
        };
    }
    let size = head
        .get(0..4)
        .map_or(0, |b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize);
    let end = size.clamp(12, head.len().max(12));
    // The major brand, then the compatible brands after the minor version.
    let brands: Vec<&[u8]> = head
        .get(8..12)
        .into_iter()
        .chain(
            head.get(16..end.min(head.len()))
                .unwrap_or(&[])
                .chunks_exact(4),
        )
        .collect();
    let any = |set: &[&[u8; 4]]| brands.iter().any(|b| set.iter().any(|s| s[..] == **b));
    let major = brands.first().copied().unwrap_or(&[]);
    if any(&[b"avif", b"avis"]) {
        FileKind::Avif
    } else if any(HEIC) || major == b"mif1" || major == b"msf1" {
        FileKind::Heic
    } else if major == b"qt  " {
        FileKind::Mov
    } else if any(MP4) {
        FileKind::Mp4
    } else {
        FileKind::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ftyp(major: &[u8; 4], compatible: &[&[u8; 4]]) -> Vec<u8> {
        let size = 16 + 4 * compatible.len() as u32;
        let mut v = size.to_be_bytes().to_vec();
        v.extend_from_slice(b"ftyp");
        v.extend_from_slice(major);
        v.extend_from_slice(&[0, 0, 0, 0]);
        for b in compatible {
            v.extend_from_slice(*b);
        }
        v
    }

    #[test]
    fn magic_numbers() {
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), FileKind::Jpeg);
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), FileKind::Png);
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), FileKind::Webp);
        assert_eq!(sniff(b"RIFF\0\0\0\0WAVEfmt "), FileKind::Other);
        assert_eq!(sniff(b"GIF89a"), FileKind::Gif);
        assert_eq!(sniff(b"%PDF-1.7\n"), FileKind::Pdf);
        assert_eq!(sniff(b""), FileKind::Other);
        assert_eq!(sniff(b"<html>"), FileKind::Other);
        assert_eq!(sniff(&[0xFF, 0xD8]), FileKind::Other);
    }

    #[test]
    fn iso_brands() {
        assert_eq!(sniff(&ftyp(b"heic", &[b"mif1", b"heic"])), FileKind::Heic);
        assert_eq!(sniff(&ftyp(b"mif1", &[b"mif1", b"miaf"])), FileKind::Heic);
        assert_eq!(sniff(&ftyp(b"avif", &[b"avif", b"mif1"])), FileKind::Avif);
        assert_eq!(sniff(&ftyp(b"mif1", &[b"avif"])), FileKind::Avif);
        assert_eq!(sniff(&ftyp(b"qt  ", &[b"qt  "])), FileKind::Mov);
        assert_eq!(sniff(&ftyp(b"isom", &[b"isom", b"avc1"])), FileKind::Mp4);
        assert_eq!(sniff(&ftyp(b"mp42", &[])), FileKind::Mp4);
        assert_eq!(sniff(&ftyp(b"xxxx", &[b"mp41"])), FileKind::Mp4);
        assert_eq!(sniff(&ftyp(b"crx ", &[])), FileKind::Other);
        assert_eq!(sniff(b"\0\0\0\x08wide\0\0\0\0mdat"), FileKind::Mov);
        // A brand past the declared box size is not a brand.
        let mut short = ftyp(b"xxxx", &[b"mp41"]);
        short[3] = 16;
        assert_eq!(sniff(&short), FileKind::Other);
    }

    #[test]
    fn unknown_types_are_other() {
        assert_eq!(FileKind::from_mime("text/html"), FileKind::Other);
        assert_eq!(FileKind::from_mime(""), FileKind::Other);
    }

    #[test]
    fn serving_types() {
        for kind in ALL {
            assert!(!kind.mime().contains("html") && !kind.mime().contains("svg"));
            assert!(!kind.extension().is_empty());
            assert!(!(kind.cleanable() && kind.may_contain_location()));
            assert_eq!(FileKind::from_mime(kind.mime()), kind);
        }
    }
}
