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

/// A directory (tantivy's [`MmapDirectory`] in use), going without a meta lock a read-only
/// folder refuses.
#[derive(Debug, Clone)]
pub struct LockTolerant<D = MmapDirectory>(D);

impl LockTolerant {
    pub fn open(dir: &Path) -> Result<LockTolerant, OpenDirectoryError> {
        MmapDirectory::open(dir).map(LockTolerant)
    }
}

impl<D: Directory + Clone> Directory for LockTolerant<D> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::directory::RamDirectory;
    use tantivy::schema::{Schema, STORED, TEXT};

    /// A directory whose lock files cannot be created, as in a folder the user cannot write.
    #[derive(Debug, Clone)]
    struct ReadOnlyLocks(RamDirectory);

    impl Directory for ReadOnlyLocks {
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
            if path.to_string_lossy().ends_with(".lock") {
                return Err(OpenWriteError::wrap_io_error(
                    io::Error::from(io::ErrorKind::PermissionDenied),
                    path.to_path_buf(),
                ));
            }
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
        fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
            self.0.watch(watch_callback)
        }
    }

    #[test]
    fn an_index_whose_folder_refuses_lock_files_can_still_be_read() {
        let ram = RamDirectory::create();
        let mut builder = Schema::builder();
        let title = builder.add_text_field("title", TEXT | STORED);
        let index =
            tantivy::Index::create(ram.clone(), builder.build(), Default::default()).unwrap();
        let mut writer: tantivy::IndexWriter = index.writer(15_000_000).unwrap();
        writer
            .add_document(tantivy::doc!(title => "harbour"))
            .unwrap();
        writer.commit().unwrap();
        drop(writer);
        // As tantivy itself opens it: the reader's meta lock cannot be taken.
        let plain = tantivy::Index::open(ReadOnlyLocks(ram.clone())).unwrap();
        assert!(plain.reader().is_err());
        // Through LockTolerant it reads, and a writer is still refused its lock.
        let tolerant = tantivy::Index::open(LockTolerant(ReadOnlyLocks(ram))).unwrap();
        let reader = tolerant.reader().unwrap();
        assert_eq!(reader.searcher().num_docs(), 1);
        assert!(tolerant
            .writer::<tantivy::TantivyDocument>(15_000_000)
            .is_err());
    }
}
