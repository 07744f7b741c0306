//! Why a file could not be cleaned.

/// Why a file could not be cleaned. In every case but [`SanitizeError::Io`] and
/// [`SanitizeError::TooLarge`] the caller keeps the sealed original only and flags it as not
/// checked.
#[derive(Debug, thiserror::Error)]
pub enum SanitizeError {
    /// Reading the input or writing the output failed.
    #[error("i/o error while cleaning a file: {0}")]
    Io(#[from] std::io::Error),
    /// The input is longer than [`crate::Limits::max_bytes`]: the upload must be refused.
    #[error("the file is larger than the upload limit")]
    TooLarge,
    /// The input is of a type cleaned in memory (WebP, PDF) and larger than
    /// [`crate::Limits::max_in_memory`].
    #[error("the file is too large to be cleaned")]
    TooLargeToClean,
    /// The input is not a well-formed file of its sniffed type.
    #[error("the file is malformed: {0}")]
    Malformed(&'static str),
    /// The input is well formed but uses a feature we cannot clean (encrypted PDF, unknown
    /// critical PNG chunk).
    #[error("the file cannot be cleaned: {0}")]
    Unsupported(&'static str),
    /// Decoding the input would go over its budget (objects, inflated bytes, nesting, sections):
    /// a decompression or parser bomb, or a file far larger inside than any genuine one.
    #[error("the file is refused: {0}")]
    Refused(&'static str),
    /// The shared [`crate::MemoryBudget`] is exhausted by other uploads: try again later.
    #[error("too many files are being cleaned at once")]
    Busy,
}
