//! Private files and directories, their day-only times, and durable directory entries.

use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::Path;

use super::BlobError;

/// Mode of the store's directories (owner only).
#[cfg(unix)]
const DIR_MODE: u32 = 0o700;
/// Mode of blob and temporary files (owner read/write only).
#[cfg(unix)]
const FILE_MODE: u32 = 0o600;

/// Creates `dir` with mode 0700 (parents too when `parents`); tightens its mode if it already
/// exists. Returns whether it was created.
pub(super) fn create_private_dir(dir: &Path, parents: bool) -> Result<bool, BlobError> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(parents);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(DIR_MODE);
    }
    let created = match builder.create(dir) {
        Ok(()) => true,
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => false,
        Err(e) => {
            return Err(BlobError::io(
                format!(
                    "cannot create directory {} (check that the data directory exists and is writable by this user)",
                    dir.display()
                ),
                e,
            ));
        }
    };
    // With `recursive`, an existing directory is not an error: check what is there.
    let meta = fs::metadata(dir)
        .map_err(|e| BlobError::io(format!("cannot read metadata of {}", dir.display()), e))?;
    if !meta.is_dir() {
        return Err(BlobError::io(
            format!(
                "{} exists and is not a directory (move it away)",
                dir.display()
            ),
            io::Error::from(io::ErrorKind::AlreadyExists),
        ));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if meta.permissions().mode() & 0o7777 != DIR_MODE {
            fs::set_permissions(dir, fs::Permissions::from_mode(DIR_MODE)).map_err(|e| {
                BlobError::io(
                    format!(
                        "cannot set mode 0700 on {} (check that this user owns it)",
                        dir.display()
                    ),
                    e,
                )
            })?;
        }
    }
    Ok(created)
}

/// Gives `path` the day's time ([`crate::day_files::stamp`]), as a blob store error.
pub(super) fn stamp(path: &Path) -> Result<(), BlobError> {
    crate::day_files::stamp(path).map_err(|e| {
        BlobError::io(
            format!(
                "cannot set the time of {} (check that this user owns it)",
                path.display()
            ),
            e,
        )
    })
}

/// Creates a new file (failing if it exists), mode 0600 on unix.
pub(super) fn create_private_file(path: &Path) -> io::Result<File> {
    let mut opts = OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(FILE_MODE);
    }
    opts.open(path)
}

/// Makes a directory's entries (created, renamed, removed files) durable. A no-op off unix, where
/// directories cannot be opened as files.
pub(super) fn sync_dir(dir: &Path) -> Result<(), BlobError> {
    #[cfg(unix)]
    {
        File::open(dir).and_then(|d| d.sync_all()).map_err(|e| {
            BlobError::io(
                format!("cannot sync directory {} (check the disk)", dir.display()),
                e,
            )
        })?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}
