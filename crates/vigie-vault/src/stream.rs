//! Sealing files as a stream: XChaCha20-Poly1305 in the STREAM construction (`aead::stream`,
//! big-endian 32-bit counter, "last chunk" flag), so that a 100 MiB upload never sits whole in memory.
//!
//! Layout:
//!
//! ```text
//! [STREAM_FORMAT_V1] || nonce prefix (19) || chunk 0 || chunk 1 || ... || last chunk
//! chunk = ciphertext of 64 KiB of plaintext || tag (16)
//! last chunk = ciphertext of 0..=64 KiB of plaintext || tag (16), sealed with the "last" flag
//! ```
//!
//! Every chunk but the last holds exactly [`CHUNK_SIZE`] bytes of plaintext; the last holds what is
//! left (0 bytes only for an empty file, whose stream is the header and one 16-byte chunk). Each
//! chunk's nonce is the random prefix, the chunk's position and the last-chunk flag, so reordered,
//! dropped or duplicated chunks fail, and so does a stream cut anywhere (its new last chunk was not
//! sealed as the last). The associated data of every chunk is `[STREAM_FORMAT_V1] || aad`: the
//! format byte is authenticated, and `aad` (callers pass the part id and kind) binds the blob to its
//! row, so two files cannot be swapped between rows.
//!
//! Memory: the sealer holds one chunk, the opener one chunk and one byte of look-ahead, whatever the
//! file's size. Plaintext buffers are zeroized when reused and on drop.
//!
//! What the opener cannot do: a stream is authenticated chunk by chunk, so plaintext is released
//! before the end of the file has been checked. A reader must treat what it got as unconfirmed until
//! `read` returns `Ok(0)` (end of stream); on an error it must discard everything it read (for
//! instance write to a temporary file and keep it only after a clean end).

use std::io::{self, Read, Write};

use chacha20poly1305::XChaCha20Poly1305;
use chacha20poly1305::aead::KeyInit;
use chacha20poly1305::aead::stream::{DecryptorBE32, EncryptorBE32};
use rand_core::{OsRng, RngCore};
use zeroize::{Zeroize, Zeroizing};

use crate::{SymmetricKey, VaultError};

/// The first byte of every sealed stream this build writes.
///
/// Distinct from the record format [`crate::FORMAT_V1`] (record formats count up from `0x01`, stream
/// formats from `0x10`), so a sealed record and a sealed file are never taken for one another: each
/// opener rejects the other's first byte as an unknown version.
pub const STREAM_FORMAT_V1: u8 = 0x10;

/// Plaintext bytes per chunk (64 KiB).
pub const CHUNK_SIZE: usize = 64 * 1024;

/// Bytes of the random nonce prefix in the header (XChaCha20's 24-byte nonce less STREAM's 5 bytes of
/// counter and flag).
const NONCE_PREFIX_LEN: usize = 19;
const TAG_LEN: usize = 16;
/// Bytes before the first chunk: the format byte and the nonce prefix.
pub const STREAM_HEADER_LEN: usize = 1 + NONCE_PREFIX_LEN;
/// A full chunk as stored.
const SEALED_CHUNK: usize = CHUNK_SIZE + TAG_LEN;

/// The error every authentication failure gives: one message, whatever the cause.
fn decrypt_error() -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        "sealed stream: decryption failed (wrong key or associated data, or a tampered or truncated file)",
    )
}

fn versioned_aad(aad: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(1 + aad.len());
    out.push(STREAM_FORMAT_V1);
    out.extend_from_slice(aad);
    out
}

/// The exact size of the sealed stream of a `plaintext_len`-byte file, header included.
///
/// Useful for quotas and to check a stored blob's length. Saturates at `u64::MAX` (no stream comes
/// close: the STREAM counter stops at 2^32 chunks, 256 TiB).
pub fn sealed_len(plaintext_len: u64) -> u64 {
    let chunk = CHUNK_SIZE as u64;
    let chunks = plaintext_len.div_ceil(chunk).max(1);
    (STREAM_HEADER_LEN as u64)
        .saturating_add(plaintext_len)
        .saturating_add(chunks.saturating_mul(TAG_LEN as u64))
}

/// The plaintext size of a sealed stream of `sealed_len` bytes (for a `Content-Length`), or `None` if
/// no stream [`StreamSealer`] writes has that length. The inverse of [`sealed_len`].
pub fn opened_len(sealed_len: u64) -> Option<u64> {
    let body = sealed_len.checked_sub(STREAM_HEADER_LEN as u64)?;
    let (full, rest) = (body / SEALED_CHUNK as u64, body % SEALED_CHUNK as u64);
    let (chunk, tag) = (CHUNK_SIZE as u64, TAG_LEN as u64);
    if rest == 0 {
        // The last chunk is a full one; there is at least one chunk.
        return (full > 0).then(|| full * chunk);
    }
    if rest < tag || (rest == tag && full > 0) {
        // Too short to be a chunk, or an empty last chunk after full ones (never written).
        return None;
    }
    Some(full * chunk + rest - tag)
}

/// Seals a file as it is written: [`Write`] plaintext in, the sealed stream out to `W`.
///
/// At most one chunk (64 KiB) of plaintext is held at a time. [`StreamSealer::finish`] must be
/// called: it seals the last chunk. A sealer dropped without `finish` (say the upload was cut) leaves
/// an unfinished stream that [`StreamOpener`] rejects, so a partial file never passes as a whole
/// one; the caller should delete what was written.
///
/// Once a write to `W` has failed, the stream is broken (a chunk may be half written) and every
/// later call fails.
pub struct StreamSealer<W: Write> {
    /// `None` once the sealer broke.
    encryptor: Option<EncryptorBE32<XChaCha20Poly1305>>,
    aad: Vec<u8>,
    /// Plaintext of the current chunk; sealed in place (room for the tag is reserved, so the
    /// buffer never reallocates and leaves no copy of the plaintext behind).
    buf: Zeroizing<Vec<u8>>,
    out: W,
    bytes_in: u64,
}

impl<W: Write> StreamSealer<W> {
    /// Starts a sealed stream under `key` (a part key from
    /// [`AudienceKey::part_key`](crate::AudienceKey::part_key)) bound to `aad`, and writes its header
    /// to `out`.
    pub fn new(key: &SymmetricKey, aad: &[u8], mut out: W) -> io::Result<Self> {
        let mut prefix = [0u8; NONCE_PREFIX_LEN];
        OsRng.fill_bytes(&mut prefix);
        let cipher = XChaCha20Poly1305::new(key.as_bytes().into());
        let encryptor = EncryptorBE32::from_aead(cipher, (&prefix).into());
        let mut header = [0u8; STREAM_HEADER_LEN];
        header[0] = STREAM_FORMAT_V1;
        header[1..].copy_from_slice(&prefix);
        out.write_all(&header)?;
        Ok(StreamSealer {
            encryptor: Some(encryptor),
            aad: versioned_aad(aad),
            buf: Zeroizing::new(Vec::with_capacity(SEALED_CHUNK)),
            out,
            bytes_in: 0,
        })
    }

    /// Plaintext bytes accepted so far.
    pub fn bytes_in(&self) -> u64 {
        self.bytes_in
    }

    /// Seals the last chunk (possibly empty), flushes and returns the writer.
    pub fn finish(mut self) -> io::Result<W> {
        let encryptor = self.encryptor.take().ok_or_else(broken)?;
        encryptor
            .encrypt_last_in_place(&self.aad, &mut *self.buf)
            .map_err(|_| too_long())?;
        self.out.write_all(&self.buf)?;
        self.buf.clear();
        self.out.flush()?;
        Ok(self.out)
    }

    /// Seals the full buffered chunk as a non-last one and writes it.
    fn seal_chunk(&mut self) -> io::Result<()> {
        let encryptor = self.encryptor.as_mut().ok_or_else(broken)?;
        let sealed = encryptor.encrypt_next_in_place(&self.aad, &mut *self.buf);
        if sealed.is_err() {
            self.encryptor = None;
            self.buf.zeroize();
            return Err(too_long());
        }
        let written = self.out.write_all(&self.buf);
        self.buf.clear();
        if written.is_err() {
            self.encryptor = None;
        }
        written
    }
}

fn broken() -> io::Error {
    io::Error::other("sealed stream: an earlier write failed, the stream is unusable")
}

fn too_long() -> io::Error {
    io::Error::other("sealed stream: file too long for one stream")
}

impl<W: Write> Write for StreamSealer<W> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        if self.encryptor.is_none() {
            return Err(broken());
        }
        if data.is_empty() {
            return Ok(0);
        }
        // A full chunk is sealed only once more data comes: the last chunk must be sealed as such,
        // and until then any full chunk might be the last.
        if self.buf.len() == CHUNK_SIZE {
            self.seal_chunk()?;
        }
        let n = data.len().min(CHUNK_SIZE - self.buf.len());
        self.buf.extend_from_slice(&data[..n]);
        self.bytes_in += n as u64;
        Ok(n)
    }

    /// Flushes the underlying writer. The current chunk stays buffered: it can only be sealed once
    /// it is full and followed by more data, or by [`StreamSealer::finish`].
    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// Opens a sealed stream as it is read: the sealed stream in from `R`, [`Read`] plaintext out.
///
/// Reads fail with [`io::ErrorKind::InvalidData`] on a wrong key, wrong associated data, any changed,
/// reordered, missing or added chunk, a truncated stream or bytes after the last chunk; the message
/// names no cause and no secret. After any error, every later read fails too. See the module
/// documentation: plaintext read before an error must be discarded.
pub struct StreamOpener<R: Read> {
    /// `None` once the last chunk was opened, or after an error.
    decryptor: Option<DecryptorBE32<XChaCha20Poly1305>>,
    aad: Vec<u8>,
    /// The current chunk: sealed while it is being filled, then its plaintext.
    buf: Zeroizing<Vec<u8>>,
    /// Read position in the plaintext of `buf`.
    pos: usize,
    /// The byte read after a full chunk to learn whether that chunk was the last.
    peeked: Option<u8>,
    input: R,
    state: OpenerState,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum OpenerState {
    Reading,
    Done,
    Failed,
}

impl<R: Read> StreamOpener<R> {
    /// Reads and checks the header of a stream sealed under `key` and bound to `aad`.
    ///
    /// Fails with [`VaultError::UnsupportedVersion`] for an unknown format byte,
    /// [`VaultError::Decrypt`] for a stream shorter than its header, and [`VaultError::StreamIo`] if
    /// `input` fails. A wrong key or `aad` shows only when reading.
    pub fn new(key: &SymmetricKey, aad: &[u8], mut input: R) -> Result<Self, VaultError> {
        let mut header = [0u8; STREAM_HEADER_LEN];
        let got = read_full(&mut input, &mut header).map_err(VaultError::StreamIo)?;
        if got >= 1 && header[0] != STREAM_FORMAT_V1 {
            return Err(VaultError::UnsupportedVersion(header[0]));
        }
        if got < STREAM_HEADER_LEN {
            return Err(VaultError::Decrypt);
        }
        let mut prefix = [0u8; NONCE_PREFIX_LEN];
        prefix.copy_from_slice(&header[1..]);
        let cipher = XChaCha20Poly1305::new(key.as_bytes().into());
        Ok(StreamOpener {
            decryptor: Some(DecryptorBE32::from_aead(cipher, (&prefix).into())),
            aad: versioned_aad(aad),
            buf: Zeroizing::new(Vec::with_capacity(SEALED_CHUNK)),
            pos: 0,
            peeked: None,
            input,
            state: OpenerState::Reading,
        })
    }

    /// Reads and opens the next chunk into `buf`.
    fn next_chunk(&mut self) -> io::Result<()> {
        self.buf.zeroize();
        self.pos = 0;
        if let Some(b) = self.peeked.take() {
            self.buf.push(b);
        }
        // Fill up to one sealed chunk. `buf` has that capacity, so this never reallocates.
        let mut chunk = [0u8; 8 * 1024];
        while self.buf.len() < SEALED_CHUNK {
            let want = (SEALED_CHUNK - self.buf.len()).min(chunk.len());
            match self.input.read(&mut chunk[..want]) {
                Ok(0) => break,
                Ok(n) => self.buf.extend_from_slice(&chunk[..n]),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        // A full chunk is the last only if nothing follows it.
        if self.buf.len() == SEALED_CHUNK {
            let mut one = [0u8; 1];
            if read_full(&mut self.input, &mut one)? == 1 {
                self.peeked = Some(one[0]);
            }
        }
        let opened = if self.peeked.is_some() {
            match self.decryptor.as_mut() {
                Some(d) => d.decrypt_next_in_place(&self.aad, &mut *self.buf),
                None => return Err(decrypt_error()),
            }
        } else {
            self.state = OpenerState::Done;
            match self.decryptor.take() {
                Some(d) => d.decrypt_last_in_place(&self.aad, &mut *self.buf),
                None => return Err(decrypt_error()),
            }
        };
        opened.map_err(|_| decrypt_error())
    }
}

/// Reads until `buf` is full or the input ends; returns the bytes read.
fn read_full(input: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match input.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(got)
}

impl<R: Read> Read for StreamOpener<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        loop {
            if self.state == OpenerState::Failed {
                return Err(decrypt_error());
            }
            if self.pos < self.buf.len() {
                let n = out.len().min(self.buf.len() - self.pos);
                out[..n].copy_from_slice(&self.buf[self.pos..self.pos + n]);
                self.pos += n;
                return Ok(n);
            }
            if self.state == OpenerState::Done || out.is_empty() {
                return Ok(0);
            }
            if let Err(e) = self.next_chunk() {
                self.state = OpenerState::Failed;
                self.decryptor = None;
                self.buf.zeroize();
                return Err(e);
            }
        }
    }
}

#[cfg(test)]
#[path = "stream_tests.rs"]
mod tests;
