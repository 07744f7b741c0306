//! Files that carry the day, not the minute.
//!
//! A file's modification time would date what caused it: a blob written for a report says when the
//! report arrived, to the second, undoing every other care taken to keep only the day
//! (DESIGN.md section 2, item 3). So every file and folder vigie writes under its data directory
//! (the database's own files aside) has its modification and access times set to midnight, Europe/Paris,
//! of the day it was written, and its parent folder too when an entry was added, renamed or removed.
//!
//! What this cannot hide is listed in `docs/architecture.md`: inode change times (`ctime`, which no
//! unprivileged call sets), the database's own files, and whatever the operating system logs.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;

use filetime::FileTime;

/// Midnight (Europe/Paris) of today, as a file time.
pub fn today() -> FileTime {
    let midnight = vigie_domain::time::paris_midnight_unix(chrono::Utc::now());
    FileTime::from_unix_time(midnight, 0)
}

/// Sets `path`'s modification and access times to today's midnight (Europe/Paris). Works on files
/// and directories; follows no symbolic link (the store creates none).
pub fn stamp(path: &Path) -> io::Result<()> {
    let t = today();
    filetime::set_symlink_file_times(path, t, t)
}

/// [`stamp`] on `path` and on its parent folder (whose time the new entry just changed).
pub fn stamp_with_parent(path: &Path) -> io::Result<()> {
    stamp(path)?;
    match path.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(parent) => stamp(parent),
        None => Ok(()),
    }
}

/// Writes a new file readable by its owner only (mode 0600; an existing file is an error), syncs it,
/// and gives it and its folder the day's time.
pub fn write_private_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut opts = OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut file = opts.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    drop(file);
    stamp_with_parent(path)?;
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        File::open(parent)?.sync_all()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_private_file_and_its_folder_carry_todays_midnight() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.txt");
        write_private_file(&path, b"hello").unwrap();
        for p in [path.as_path(), dir.path()] {
            let meta = std::fs::metadata(p).unwrap();
            assert_eq!(FileTime::from_last_modification_time(&meta), today());
            assert_eq!(FileTime::from_last_access_time(&meta), today());
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert!(
            write_private_file(&path, b"again").is_err(),
            "never replaced"
        );
    }
}
