//! Metadata stripping of untrusted files (in progress).
