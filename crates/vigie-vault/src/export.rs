//! Exports to authorities and partners: one age file, encrypted for the recipient's age X25519 public
//! key (`age1...`), holding a tar archive. The recipient needs nothing from vigie:
//!
//! ```text
//! age -d -i key.txt export.age | tar x        # or rage
//! ```
//!
//! Everything streams: files go through the tar writer into age's STREAM writer (one 64 KiB chunk
//! held at a time) and out, so exporting a 100 MiB attachment needs no 100 MiB buffer.
//!
//! The archive: ustar headers only, regular files only, mode 0600, mtime 0, uid and gid 0, no user or
//! group names: nothing about the server, its users or the time of the export leaks through it. Names
//! are reduced to a safe flat name (see [`AgeExport::add_reader`]).
//!
//! On any error the export is broken and every later call fails: the caller must delete what was
//! written. A broken or unfinished export lacks age's final chunk, so age refuses it at the end, but
//! `age -d` will already have printed what came before: never hand out a partial export.

use std::collections::HashSet;
use std::io::{self, Read, Write};

use age::stream::StreamWriter;
use rand_core::OsRng;
use x25519_dalek::EphemeralSecret;

use crate::VaultError;

/// The longest name in the archive, in bytes (a ustar name field holds 100).
const MAX_NAME: usize = 100;
/// An extension longer than this is kept as part of the stem when a name is shortened.
const MAX_EXT: usize = 16;

/// An age-encrypted tar archive being written to `W`.
///
/// Call [`AgeExport::finish`]: without it the file is incomplete and does not decrypt.
pub struct AgeExport<W: Write> {
    tar: tar::Builder<StreamWriter<W>>,
    /// Names in the archive, lowercased: names differing only in case would overwrite one another
    /// when extracted on Windows or macOS.
    names: HashSet<String>,
    broken: bool,
}

impl<W: Write> AgeExport<W> {
    /// Starts an export for `recipient`, an age X25519 public key (`age1...`; surrounding whitespace
    /// is ignored), and writes the age header to `out`.
    ///
    /// Fails with [`VaultError::BadRecipient`] for anything else (an SSH key, a secret key, a typo:
    /// the message never repeats the input), [`VaultError::WeakPublicKey`] for a low-order key (for
    /// which every shared secret is known), and [`VaultError::StreamIo`] if `out` fails.
    pub fn new(recipient: &str, out: W) -> Result<Self, VaultError> {
        Self::for_recipients(&[recipient], out)
    }

    /// Starts an archive for one or more age X25519 recipients (a backup that any of several
    /// people can open); each is checked as in [`AgeExport::new`]. An empty list is
    /// [`VaultError::BadRecipient`].
    pub fn for_recipients(recipients: &[&str], out: W) -> Result<Self, VaultError> {
        let parsed = recipients
            .iter()
            .map(|r| parse_recipient(r))
            .collect::<Result<Vec<_>, _>>()?;
        let encryptor =
            age::Encryptor::with_recipients(parsed.iter().map(|r| r as &dyn age::Recipient))
                .map_err(|e| match e {
                    age::EncryptError::Io(e) => VaultError::StreamIo(e),
                    _ => VaultError::BadRecipient,
                })?;
        Self::start(encryptor, out)
    }

    /// Starts an archive for a passphrase (age's scrypt recipient, which age allows only alone): for
    /// a backup that holds the key files, opened by a person rather than by a key kept on a server.
    pub fn for_passphrase(
        passphrase: age::secrecy::SecretString,
        out: W,
    ) -> Result<Self, VaultError> {
        Self::start(age::Encryptor::with_user_passphrase(passphrase), out)
    }

    fn start(encryptor: age::Encryptor, out: W) -> Result<Self, VaultError> {
        let stream = encryptor.wrap_output(out).map_err(VaultError::StreamIo)?;
        Ok(AgeExport {
            tar: tar::Builder::new(stream),
            names: HashSet::new(),
            broken: false,
        })
    }

    /// Adds a file held in memory; returns its name in the archive (see [`AgeExport::add_reader`]).
    pub fn add_bytes(&mut self, name: &str, data: &[u8]) -> Result<String, VaultError> {
        self.add_reader(name, data.len() as u64, data)
    }

    /// Adds a file of exactly `size` bytes read from `r`, streaming it; returns its name in the
    /// archive.
    ///
    /// The name is made safe and flat: characters other than `A-Z a-z 0-9 . _ -` become `_` (so no
    /// `/`, `..`, control character or non-ASCII letter survives), a leading `.` or `-` becomes `_`
    /// (no hidden file, nothing a shell tool would take for an option), Windows device names (`CON`,
    /// `NUL`, `COM1`...) get a leading `_`, a trailing `.` becomes `_`, an empty name becomes `file`,
    /// and the result is at most 100 bytes. A name already in the archive, ignoring case, gets a
    /// suffix before its extension: `photo.jpg`, `photo-2.jpg`, `photo-3.jpg`...
    ///
    /// Fails, and breaks the export, if `r` yields fewer or more than `size` bytes, or on an I/O error.
    pub fn add_reader(
        &mut self,
        name: &str,
        size: u64,
        mut r: impl Read,
    ) -> Result<String, VaultError> {
        if self.broken {
            return Err(broken());
        }
        let name = self.unique_name(name);
        let result = self.append(&name, size, &mut r);
        if result.is_err() {
            self.broken = true;
        }
        result.map(|()| name)
    }

    fn append(&mut self, name: &str, size: u64, r: &mut impl Read) -> Result<(), VaultError> {
        let mut header = tar::Header::new_ustar();
        header.set_path(name).map_err(VaultError::StreamIo)?;
        header.set_size(size);
        header.set_mode(0o600);
        header.set_mtime(0);
        header.set_uid(0);
        header.set_gid(0);
        header.set_entry_type(tar::EntryType::Regular);
        header.set_cksum();
        let exact = Exact {
            inner: &mut *r,
            left: size,
        };
        self.tar
            .append(&header, exact)
            .map_err(|e| match e.kind() {
                io::ErrorKind::UnexpectedEof => VaultError::Malformed(SIZE_MISMATCH),
                _ => VaultError::StreamIo(e),
            })?;
        // The reader must end where it said it would.
        let mut one = [0u8; 1];
        loop {
            match r.read(&mut one) {
                Ok(0) => return Ok(()),
                Ok(_) => return Err(VaultError::Malformed(SIZE_MISMATCH)),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(VaultError::StreamIo(e)),
            }
        }
    }

    /// Ends the archive and the age file, flushes and returns the writer.
    pub fn finish(self) -> Result<W, VaultError> {
        if self.broken {
            return Err(broken());
        }
        let stream = self.tar.into_inner().map_err(VaultError::StreamIo)?;
        let mut out = stream.finish().map_err(VaultError::StreamIo)?;
        out.flush().map_err(VaultError::StreamIo)?;
        Ok(out)
    }

    fn unique_name(&mut self, name: &str) -> String {
        let safe = sanitize(name);
        let (stem, ext) = split_ext(&safe);
        let mut n = 1u64;
        loop {
            let suffix = if n == 1 {
                String::new()
            } else {
                format!("-{n}")
            };
            let room = MAX_NAME - ext.len() - suffix.len();
            let candidate = format!("{}{suffix}{ext}", &stem[..stem.len().min(room)]);
            if self.names.insert(candidate.to_ascii_lowercase()) {
                return candidate;
            }
            n += 1;
        }
    }
}

const SIZE_MISMATCH: &str = "export: a file's reader yielded a size other than the one announced";

fn broken() -> VaultError {
    VaultError::StreamIo(io::Error::other(
        "export: an earlier error broke the archive; discard it",
    ))
}

/// Parses an age X25519 recipient and refuses low-order keys, for which age would panic.
pub fn parse_recipient(s: &str) -> Result<age::x25519::Recipient, VaultError> {
    let s = s.trim();
    let recipient: age::x25519::Recipient = s.parse().map_err(|_| VaultError::BadRecipient)?;
    let (_, bytes) = bech32::decode(s).map_err(|_| VaultError::BadRecipient)?;
    let bytes: [u8; 32] = bytes.try_into().map_err(|_| VaultError::BadRecipient)?;
    let shared = EphemeralSecret::random_from_rng(OsRng)
        .diffie_hellman(&x25519_dalek::PublicKey::from(bytes));
    if !shared.was_contributory() {
        return Err(VaultError::WeakPublicKey);
    }
    Ok(recipient)
}

/// A safe, flat, non-empty ASCII name of at most [`MAX_NAME`] bytes (before deduplication).
fn sanitize(name: &str) -> String {
    let mut s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() {
        s.push_str("file");
    }
    if s.starts_with(['.', '-']) {
        s.replace_range(..1, "_");
    }
    let device = s.split('.').next().unwrap_or_default().to_ascii_uppercase();
    let is_device = matches!(device.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((device.starts_with("COM") || device.starts_with("LPT"))
            && device.len() == 4
            && device.as_bytes()[3].is_ascii_digit());
    if is_device {
        s.insert(0, '_');
    }
    if s.len() > MAX_NAME {
        let (stem, ext) = split_ext(&s);
        s = format!("{}{ext}", &stem[..MAX_NAME - ext.len()]);
    }
    // Windows drops a trailing dot: `a.` would become `a`.
    if s.ends_with('.') {
        s.pop();
        s.push('_');
    }
    s
}

/// Splits `name` (ASCII) before its extension, if it has a short one after a non-empty stem.
fn split_ext(name: &str) -> (&str, &str) {
    match name.rfind('.') {
        Some(i) if i > 0 && name.len() - i <= MAX_EXT => name.split_at(i),
        _ => (name, ""),
    }
}

/// Passes on exactly `left` bytes and fails with `UnexpectedEof` if the reader ends before.
struct Exact<R> {
    inner: R,
    left: u64,
}

impl<R: Read> Read for Exact<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.left == 0 || buf.is_empty() {
            return Ok(0);
        }
        let want = buf
            .len()
            .min(usize::try_from(self.left).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..want])?;
        if n == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        self.left -= n as u64;
        Ok(n)
    }
}

#[cfg(test)]
#[path = "export_tests.rs"]
mod tests;
