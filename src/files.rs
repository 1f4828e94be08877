//! Documents on disk: the folder kept files live in, one file per
//! attachment named by its id, and the files a form brings, each waiting in
//! a file of its own under `incoming/` until it is kept or dropped.

use std::path::{Path, PathBuf};

/// An accepted file of a form, waiting until it is kept.
pub struct Upload {
    /// The form field it came in.
    pub field: String,
    /// The name it was sent under, cleaned; shown to staff, never used to
    /// store or offer it.
    pub filename: String,
    /// The type its content was checked as.
    pub content_type: &'static str,
    pub size: u64,
    pub(crate) incoming: Incoming,
}

/// A file being received; removed when dropped unless it was kept.
pub struct Incoming {
    pub(crate) path: PathBuf,
    pub(crate) kept: bool,
}

impl Incoming {
    /// A new waiting file under `dir/incoming`.
    pub fn create(dir: &Path) -> crate::Result<(Incoming, std::fs::File)> {
        let incoming_dir = dir.join("incoming");
        std::fs::create_dir_all(&incoming_dir).map_err(file_error)?;
        let incoming = Incoming {
            path: incoming_dir.join(uuid::Uuid::new_v4().simple().to_string()),
            kept: false,
        };
        let file = std::fs::File::create(&incoming.path).map_err(file_error)?;
        Ok((incoming, file))
    }
}

impl Drop for Incoming {
    fn drop(&mut self) {
        if !self.kept {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Where the bytes of attachment `id` are kept.
pub fn stored_path(dir: &Path, id: &str) -> PathBuf {
    dir.join(id.replace(['/', '\\', '.'], ""))
}

/// Keeps an accepted file under its attachment id.
pub fn keep(dir: &Path, id: &str, upload: &mut Upload) -> crate::Result<()> {
    let path = stored_path(dir, id);
    std::fs::rename(&upload.incoming.path, &path).map_err(file_error)?;
    upload.incoming.kept = true;
    Ok(())
}

/// Removes the bytes of attachment `id`, if they are there.
pub fn remove(dir: &Path, id: &str) {
    let _ = std::fs::remove_file(stored_path(dir, id));
}

/// A failure of the disk: full or read-only disks refuse the write.
pub fn file_error(e: std::io::Error) -> crate::Error {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::StorageFull
        | ErrorKind::FileTooLarge
        | ErrorKind::ReadOnlyFilesystem
        | ErrorKind::QuotaExceeded => crate::Error::Unwritable(format!("files: {e}")),
        _ => crate::Error::Internal(format!("files: {e}")),
    }
}
