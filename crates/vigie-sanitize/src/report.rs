//! What cleaning removed, in terms the web layer can put to the reporter.

use crate::FileKind;

/// One kind of thing removed from a file. The web layer translates [`Removed::key`] into a
/// sentence for the reporter ("the location where the photo was taken was removed").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Removed {
    /// A GPS position: a GPS IFD in EXIF, or GPS fields in XMP. Always comes with
    /// [`Removed::Exif`] or [`Removed::Xmp`].
    Location,
    /// EXIF (camera make and model, serial numbers, dates, settings, thumbnail).
    Exif,
    /// XMP (editing software, author, dates, sometimes a location).
    Xmp,
    /// IPTC / Photoshop resources (author, captions, keywords).
    Iptc,
    /// A text comment (JPEG COM).
    Comment,
    /// A thumbnail outside EXIF (JFIF or JFXX), which may show what was cropped out.
    Thumbnail,
    /// A colour profile. Dropped rather than kept: custom profiles can name a device, and ICC
    /// parsers in viewers are a known attack surface; colours change slightly at most.
    IccProfile,
    /// PNG text chunks (`tEXt`, `zTXt`, `iTXt`): software, author, free text.
    PngText,
    /// PNG last-modification time (`tIME`).
    PngTime,
    /// Maker, editor or unknown data (other JPEG APPn, unknown PNG or WebP chunks, PDF PieceInfo).
    VendorData,
    /// Data after the end of the image or document: a motion photo's video, extra images with
    /// their own EXIF, or a hidden payload.
    TrailingData,
    /// The PDF document information dictionary (author, creator, producer, dates).
    PdfInfo,
    /// XMP metadata streams in a PDF.
    PdfXmp,
    /// Metadata inside JPEG images embedded in a PDF (a scanned or photographed page keeps its
    /// camera's EXIF and GPS otherwise).
    PdfImageMetadata,
    /// PDF scripts, actions run on opening or on a page, and links of every kind (`/JS`,
    /// `/OpenAction`, `/AA`, `/Launch`, `/URI`, `/SubmitForm`...).
    PdfActions,
    /// Files embedded in a PDF (`/EmbeddedFiles`, file attachments).
    PdfEmbeddedFiles,
    /// PDF forms (`/AcroForm`, `/XFA`) and their fields.
    PdfForms,
    /// PDF annotations (comments, stamps, media, links).
    PdfAnnotations,
}

impl Removed {
    /// A stable identifier for translation keys and logs.
    pub fn key(self) -> &'static str {
        match self {
            Self::Location => "location",
            Self::Exif => "exif",
            Self::Xmp => "xmp",
            Self::Iptc => "iptc",
            Self::Comment => "comment",
            Self::Thumbnail => "thumbnail",
            Self::IccProfile => "icc-profile",
            Self::PngText => "png-text",
            Self::PngTime => "png-time",
            Self::VendorData => "vendor-data",
            Self::TrailingData => "trailing-data",
            Self::PdfInfo => "pdf-info",
            Self::PdfXmp => "pdf-xmp",
            Self::PdfImageMetadata => "pdf-image-metadata",
            Self::PdfActions => "pdf-actions",
            Self::PdfEmbeddedFiles => "pdf-embedded-files",
            Self::PdfForms => "pdf-forms",
            Self::PdfAnnotations => "pdf-annotations",
        }
    }
}

/// What [`crate::clean`] did with one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The sniffed (or given) type; serve the clean copy as [`FileKind::mime`].
    pub kind: FileKind,
    /// What was removed, each kind once, in the order first met.
    pub removed: Vec<Removed>,
    /// The file was copied as it is, not cleaned: tell the reporter (see
    /// [`FileKind::may_contain_location`]) and staff.
    pub flagged: bool,
    /// Bytes read from the input.
    pub input_bytes: u64,
    /// Bytes written to the output.
    pub output_bytes: u64,
}

/// A set of [`Removed`] that keeps the first-met order.
#[derive(Debug, Default)]
pub(crate) struct Removals(Vec<Removed>);

impl Removals {
    pub(crate) fn add(&mut self, removed: Removed) {
        if !self.0.contains(&removed) {
            self.0.push(removed);
        }
    }

    pub(crate) fn into_vec(self) -> Vec<Removed> {
        self.0
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_distinct_and_removals_deduplicate() {
        let all = [
            Removed::Location,
            Removed::Exif,
            Removed::Xmp,
            Removed::Iptc,
            Removed::Comment,
            Removed::Thumbnail,
            Removed::IccProfile,
            Removed::PngText,
            Removed::PngTime,
            Removed::VendorData,
            Removed::TrailingData,
            Removed::PdfInfo,
            Removed::PdfXmp,
            Removed::PdfImageMetadata,
            Removed::PdfActions,
            Removed::PdfEmbeddedFiles,
            Removed::PdfForms,
            Removed::PdfAnnotations,
        ];
        let mut keys: Vec<_> = all.iter().map(|r| r.key()).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), all.len());
        let mut set = Removals::default();
        for r in [Removed::Exif, Removed::Location, Removed::Exif] {
            set.add(r);
        }
        assert_eq!(set.into_vec(), vec![Removed::Exif, Removed::Location]);
    }
}
