//! Key files: one line `<label> <64 hex digits>\n`, mode 0600, never overwritten.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use crate::VaultError;

pub(crate) fn io(path: &Path) -> impl FnOnce(std::io::Error) -> VaultError + '_ {
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
    let mut line = Zeroizing::new(String::with_capacity(label.len() + 66));
    line.push_str(label);
    line.push(' ');
    line.push_str(&Zeroizing::new(hex::encode(key)));
    line.push('\n');
    write_text(path, &line, false)
}

/// Writes `text` to `path` with mode 0600 and makes it durable (file and directory entry fsynced):
/// a new file (`replace` false, refusing an existing one with [`VaultError::KeyFileExists`]), or a
/// file written beside it (`<path>.tmp`) and renamed over it (`replace` true), so that a crash
/// leaves the old file or the new one, never half of each.
pub(crate) fn write_text(path: &Path, text: &str, replace: bool) -> Result<(), VaultError> {
    let target: PathBuf = if replace {
        let mut name = path.as_os_str().to_owned();
        name.push(".tmp");
        let tmp = PathBuf::from(name);
        // A leftover of a crashed replacement holds nothing the real file lacks.
        let _ = fs::remove_file(&tmp);
        tmp
    } else {
        path.to_owned()
    };
    let mut file = match OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&target)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(VaultError::KeyFileExists(target));
        }
        Err(e) => return Err(io(&target)(e)),
    };
    let written = file
        .write_all(text.as_bytes())
        .and_then(|()| file.sync_all());
    if let Err(e) = written {
        // Leave no half-written key behind: a retry would otherwise hit KeyFileExists.
        drop(file);
        let _ = fs::remove_file(&target);
        return Err(io(&target)(e));
    }
    if replace {
        fs::rename(&target, path).map_err(io(path))?;
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    File::open(dir).and_then(|d| d.sync_all()).map_err(io(dir))
}

/// Reads at most `limit` bytes of the file at `path` as text (a key file is small, whatever sits at
/// the path).
pub(crate) fn read_text(path: &Path, limit: u64) -> Result<Zeroizing<String>, VaultError> {
    let file = File::open(path).map_err(io(path))?;
    let mut text = Zeroizing::new(String::new());
    file.take(limit)
        .read_to_string(&mut text)
        .map_err(io(path))?;
    Ok(text)
}

/// Reads a key file written by [`create`] with the same label.
pub(crate) fn load(path: &Path, label: &str) -> Result<Zeroizing<[u8; 32]>, VaultError> {
    // Bounded read: a key file is under 100 bytes.
    let text = read_text(path, 256)?;
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
