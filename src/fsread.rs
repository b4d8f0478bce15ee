//! Reading the files that users and configurations name, safely.
//!
//! A glossary that is a symlink to `/dev/zero`, a named pipe nobody writes to, or a
//! configuration of several gigabytes must not stall or exhaust the server or the checker.
//! Files found on their own (glossaries, configurations, documents found by a walk) are read
//! only when they are regular files and within a size limit; a file the user named on the
//! command line may also be a stream (a named pipe, `/dev/stdin`, a process substitution),
//! read up to the same limit.

use std::fmt;
use std::io::Read;
use std::path::Path;

/// The largest glossary file read: a 100,000-entry TOML glossary is about 20 MB.
pub const MAX_GLOSSARY_BYTES: u64 = 256 << 20;
/// The largest `glossary-ls.toml` read.
pub const MAX_CONFIG_BYTES: u64 = 4 << 20;
/// The largest document `check` reads (the server's own limit is its message size).
pub const MAX_DOCUMENT_BYTES: u64 = 1 << 30;

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadError {
    /// Not a regular file; says what it is instead ("a named pipe", "a folder", …).
    NotRegular(&'static str),
    /// More than `limit` bytes.
    TooLarge {
        limit: u64,
    },
    Io(std::io::Error),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::NotRegular(kind) => write!(f, "not a regular file ({kind})"),
            ReadError::TooLarge { limit } => {
                write!(f, "larger than the limit of {}", human_size(*limit))
            }
            ReadError::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for ReadError {}

impl From<std::io::Error> for ReadError {
    fn from(e: std::io::Error) -> Self {
        ReadError::Io(e)
    }
}

/// Reads a regular file (symlinks followed) of at most `limit` bytes. Anything else is
/// refused before it is opened, so a named pipe cannot block and a device cannot flood.
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(kind_of(&meta.file_type())));
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge { limit });
    }
    let file = std::fs::File::open(path)?;
    // The file may have changed since `metadata`: check what was opened, and read no more
    // than the limit whatever it holds now.
    let opened = file.metadata()?;
    if !opened.is_file() {
        return Err(ReadError::NotRegular(kind_of(&opened.file_type())));
    }
    read_bounded(file, opened.len().min(limit), limit)
}

/// Reads a file the user named on purpose: a regular file, or a stream (a named pipe, a
/// character device such as `/dev/stdin`, a process substitution) up to `limit` bytes.
/// Folders, sockets and block devices are refused.
pub fn read_named(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let meta = std::fs::metadata(path)?;
    if meta.is_file() {
        return read_regular(path, limit);
    }
    if !is_stream(&meta.file_type()) {
        return Err(ReadError::NotRegular(kind_of(&meta.file_type())));
    }
    read_bounded(std::fs::File::open(path)?, 0, limit)
}

/// Reads standard input up to `limit` bytes (`check -`).
pub fn read_stdin(limit: u64) -> Result<Vec<u8>, ReadError> {
    read_bounded(std::io::stdin().lock(), 0, limit)
}

/// Whether a file of this type is read as a stream when the user names it.
pub fn is_stream(file_type: &std::fs::FileType) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        file_type.is_fifo() || file_type.is_char_device()
    }
    #[cfg(not(unix))]
    {
        let _ = file_type;
        false
    }
}

/// What a file that is not a regular file is, for messages.
pub fn kind_of(file_type: &std::fs::FileType) -> &'static str {
    if file_type.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    "a special file"
}

/// Reads at most `limit` bytes; one byte more means the source is too large.
fn read_bounded(source: impl Read, expected: u64, limit: u64) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::with_capacity(usize::try_from(expected).unwrap_or(0));
    source
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { limit });
    }
    Ok(bytes)
}

fn human_size(bytes: u64) -> String {
    const UNITS: [(&str, u64); 3] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)];
    for (name, size) in UNITS {
        if bytes >= size && bytes.is_multiple_of(size) {
            return format!("{} {name}", bytes / size);
        }
    }
    format!("{bytes} bytes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regular_files_are_read_within_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.toml");
        std::fs::write(&path, "abc").unwrap();
        assert_eq!(read_regular(&path, 3).unwrap(), b"abc");
        let err = read_regular(&path, 2).unwrap_err();
        assert_eq!(err.to_string(), "larger than the limit of 2 bytes");
        assert_eq!(read_named(&path, 3).unwrap(), b"abc");
    }

    #[test]
    fn folders_are_refused_with_what_they_are() {
        let dir = tempfile::tempdir().unwrap();
        let err = read_regular(dir.path(), 10).unwrap_err();
        assert_eq!(err.to_string(), "not a regular file (a folder)");
        let err = read_named(dir.path(), 10).unwrap_err();
        assert_eq!(err.to_string(), "not a regular file (a folder)");
    }

    #[cfg(unix)]
    #[test]
    fn devices_are_refused_unless_named_and_then_bounded() {
        let zero = Path::new("/dev/zero");
        let err = read_regular(zero, 1 << 20).unwrap_err();
        assert_eq!(err.to_string(), "not a regular file (a character device)");
        let err = read_named(zero, 1 << 20).unwrap_err();
        assert_eq!(err.to_string(), "larger than the limit of 1 MiB");
        // A symlink is followed to what it points at.
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("glossary.toml");
        std::os::unix::fs::symlink(zero, &link).unwrap();
        assert!(matches!(
            read_regular(&link, 1 << 20),
            Err(ReadError::NotRegular("a character device"))
        ));
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(human_size(MAX_GLOSSARY_BYTES), "256 MiB");
        assert_eq!(human_size(MAX_DOCUMENT_BYTES), "1 GiB");
        assert_eq!(human_size(1500), "1500 bytes");
    }
}
