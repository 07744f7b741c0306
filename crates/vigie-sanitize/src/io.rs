//! Bounded reading and writing: the reason memory stays flat whatever the file size.

use std::io::{ErrorKind, Read, Write};

use crate::SanitizeError;

/// The largest piece read from the input or written to the output in one call.
///
/// Streamed formats (JPEG, PNG, copied types) hold one buffer of this size plus, for JPEG, one
/// segment (at most 64 KiB by the format): that is the whole memory cost of cleaning a file of
/// any size. The output is written in pieces no larger than this, so a streaming encrypter
/// downstream does not buffer more either.
pub const CHUNK_SIZE: usize = 64 * 1024;

const TRUNCATED: SanitizeError = SanitizeError::Malformed("truncated file");

/// Reads into `buf` until it is full or the input ends; returns how many bytes were read.
pub(crate) fn read_up_to<R: Read>(input: &mut R, buf: &mut [u8]) -> Result<usize, SanitizeError> {
    let mut got = 0;
    while got < buf.len() {
        match input.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n.min(buf.len() - got),
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(got)
}

/// The input, read through one fixed buffer and counted against the upload limit.
pub(crate) struct Source<R> {
    inner: R,
    buf: Box<[u8]>,
    pos: usize,
    end: usize,
    /// Bytes taken from `inner` so far.
    total: u64,
    max: u64,
    eof: bool,
}

impl<R: Read> Source<R> {
    pub(crate) fn new(inner: R, max: u64) -> Self {
        Self {
            inner,
            buf: vec![0u8; CHUNK_SIZE].into_boxed_slice(),
            pos: 0,
            end: 0,
            total: 0,
            max,
            eof: false,
        }
    }

    /// Bytes consumed so far (read and not left in the buffer).
    pub(crate) fn offset(&self) -> u64 {
        self.total - (self.end - self.pos) as u64
    }

    /// The buffered bytes, refilled with one read of at most [`CHUNK_SIZE`] if empty. Empty at
    /// the end of the input.
    pub(crate) fn fill(&mut self) -> Result<&[u8], SanitizeError> {
        while self.pos == self.end && !self.eof {
            self.pos = 0;
            self.end = 0;
            match self.inner.read(&mut self.buf) {
                Ok(0) => self.eof = true,
                Ok(n) => {
                    // A reader claiming more than the buffer holds is broken; do not trust it.
                    let n = n.min(self.buf.len());
                    self.total += n as u64;
                    if self.total > self.max {
                        return Err(SanitizeError::TooLarge);
                    }
                    self.end = n;
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(&self.buf[self.pos..self.end])
    }

    pub(crate) fn consume(&mut self, n: usize) {
        self.pos = (self.pos + n).min(self.end);
    }

    /// Fills `out` entirely; the input ending first is a truncated file.
    pub(crate) fn read_exact(&mut self, out: &mut [u8]) -> Result<(), SanitizeError> {
        let mut done = 0;
        while done < out.len() {
            let avail = self.fill()?;
            if avail.is_empty() {
                return Err(TRUNCATED);
            }
            let n = avail.len().min(out.len() - done);
            out[done..done + n].copy_from_slice(&avail[..n]);
            self.consume(n);
            done += n;
        }
        Ok(())
    }

    /// The next byte, or `None` at the end of the input.
    pub(crate) fn next_byte(&mut self) -> Result<Option<u8>, SanitizeError> {
        let byte = self.fill()?.first().copied();
        self.consume(1);
        Ok(byte)
    }

    /// The next byte; the input ending here is a truncated file.
    pub(crate) fn byte(&mut self) -> Result<u8, SanitizeError> {
        self.next_byte()?.ok_or(TRUNCATED)
    }

    /// Copies exactly `n` bytes to `out`, one buffer at a time.
    pub(crate) fn copy<W: Write>(&mut self, mut n: u64, out: &mut W) -> Result<(), SanitizeError> {
        while n > 0 {
            let avail = self.fill()?;
            if avail.is_empty() {
                return Err(TRUNCATED);
            }
            let take = avail.len().min(usize::try_from(n).unwrap_or(usize::MAX));
            out.write_all(&avail[..take])?;
            self.consume(take);
            n -= take as u64;
        }
        Ok(())
    }

    /// Skips exactly `n` bytes without keeping them.
    pub(crate) fn skip(&mut self, n: u64) -> Result<(), SanitizeError> {
        self.copy(n, &mut std::io::sink())
    }

    /// Copies everything left to `out`; returns how many bytes that was.
    pub(crate) fn copy_to_end<W: Write>(&mut self, out: &mut W) -> Result<u64, SanitizeError> {
        let mut copied = 0u64;
        loop {
            let avail = self.fill()?;
            if avail.is_empty() {
                return Ok(copied);
            }
            let take = avail.len();
            out.write_all(avail)?;
            self.consume(take);
            copied += take as u64;
        }
    }

    /// Reads and discards everything left; returns how many bytes that was.
    pub(crate) fn drain(&mut self) -> Result<u64, SanitizeError> {
        self.copy_to_end(&mut std::io::sink())
    }
}

/// The output, never handed more than [`CHUNK_SIZE`] bytes in one `write`, and counted.
pub(crate) struct Chunked<W> {
    inner: W,
    written: u64,
}

impl<W: Write> Chunked<W> {
    pub(crate) fn new(inner: W) -> Self {
        Self { inner, written: 0 }
    }

    pub(crate) fn written(&self) -> u64 {
        self.written
    }
}

impl<W: Write> Write for Chunked<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let take = buf.len().min(CHUNK_SIZE);
        let n = self.inner.write(&buf[..take])?;
        // A writer claiming more than it was given is broken; count what it could have taken.
        let n = n.min(take);
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}
