//! Key files: one line `<label> <64 hex digits>\n`, mode 0600, never overwritten.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::Path;

use zeroize::Zeroizing;

use crate::VaultError;

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> VaultError + '_ {
    move |source| VaultError::Io {
        path: path.to_owned(),
        source,
    }
}

/// Writes a new key file, refusing to replace an existing one, and makes it durable (file and
/// directory entry fsynced) before returning: a key that was used must survive a power cut.
pub(crate) fn create(path: &Path, label: &str, key: &[u8; 32]) -> Result<(), VaultError> {
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
    if let Some(dir) = parent {
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(io(dir))?;
    }
    let mut file = match OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(VaultError::KeyFileExists(path.to_owned()));
        }
        Err(e) => return Err(io(path)(e)),
    };
    let mut line = Zeroizing::new(String::with_capacity(label.len() + 66));
    line.push_str(label);
    line.push(' ');
    line.push_str(&Zeroizing::new(hex::encode(key)));
    line.push('\n');
    let written = file
        .write_all(line.as_bytes())
        .and_then(|()| file.sync_all());
    if let Err(e) = written {
        // Leave no half-written key behind: a retry would otherwise hit KeyFileExists.
        drop(file);
        let _ = fs::remove_file(path);
        return Err(io(path)(e));
    }
    let dir = parent.unwrap_or(Path::new("."));
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io(dir))?;
    Ok(())
}

/// Reads a key file written by [`create`] with the same label.
pub(crate) fn load(path: &Path, label: &str) -> Result<Zeroizing<[u8; 32]>, VaultError> {
    let file = File::open(path).map_err(io(path))?;
    // Bounded read: a key file is under 100 bytes, whatever sits at the path.
    let mut text = Zeroizing::new(String::new());
    file.take(256).read_to_string(&mut text).map_err(io(path))?;
    let malformed = || VaultError::Malformed("key file is not `<label> <64 hex digits>`");
    let line = text.strip_suffix('\n').unwrap_or(&text);
    let Some((found, hex_key)) = line.split_once(' ') else {
        return Err(malformed());
    };
    if found != label {
        return Err(VaultError::Malformed(
            "key file has an unexpected label (wrong file?)",
        ));
    }
    let mut key = Zeroizing::new([0u8; 32]);
    hex::decode_to_slice(hex_key, key.as_mut_slice()).map_err(|_| malformed())?;
    Ok(key)
}
