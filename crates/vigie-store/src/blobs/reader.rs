//! Reading a committed blob, from a file or a bucket's object.

use std::fs::File;
use std::io::{self, Read};

use super::remote::RemoteReader;

/// A committed blob opened for reading: blocking reads, as the blob store's other calls.
#[derive(Debug)]
pub struct BlobReader(Source);

#[derive(Debug)]
enum Source {
    File(File),
    Remote(RemoteReader),
}

impl BlobReader {
    pub(super) fn file(f: File) -> Self {
        BlobReader(Source::File(f))
    }

    pub(super) fn remote(r: RemoteReader) -> Self {
        BlobReader(Source::Remote(r))
    }
}

impl Read for BlobReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match &mut self.0 {
            Source::File(f) => f.read(buf),
            Source::Remote(r) => r.read(buf),
        }
    }
}
