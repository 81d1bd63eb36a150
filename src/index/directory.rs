//! tantivy's memory-mapped directory, readable without write access.
//!
//! A reader takes tantivy's meta lock while it opens an index's files, and taking it creates a
//! file: in a folder the user cannot write (another user's index, a read-only mount) that fails,
//! and the search with it. Nothing can change such a folder under the reader (no writer can run
//! there either), so the lock is not needed: this directory goes without it when the folder
//! refuses the lock file, and behaves exactly as tantivy's otherwise.

use std::io;
use std::path::Path;
use std::sync::Arc;

use tantivy::directory::error::{
    DeleteError, LockError, OpenDirectoryError, OpenReadError, OpenWriteError,
};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, WatchCallback, WatchHandle,
    WritePtr, META_LOCK,
};

/// [`MmapDirectory`], going without a lock a read-only folder refuses.
#[derive(Debug, Clone)]
pub struct LockTolerant(MmapDirectory);

impl LockTolerant {
    pub fn open(dir: &Path) -> Result<LockTolerant, OpenDirectoryError> {
        MmapDirectory::open(dir).map(LockTolerant)
    }
}

impl Directory for LockTolerant {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.0.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.0.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.0.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.0.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.0.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.0.atomic_write(path, data)
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.0.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        match self.0.acquire_lock(lock) {
            Err(LockError::IoError(e))
                if matches!(
                    e.kind(),
                    io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem
                ) && lock.filepath == META_LOCK.filepath =>
            {
                // The writer's lock is never waived: a writer needs the folder writable.
                Ok(DirectoryLock::from(Box::new(())))
            }
            other => other,
        }
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.0.watch(watch_callback)
    }
}
