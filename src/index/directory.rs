//! tantivy's memory-mapped directory, readable without write access, and read without maps
//! where the indexer reads a file through.
//!
//! A reader takes tantivy's meta lock while it opens an index's files, and taking it creates a
//! file: in a folder the user cannot write (another user's index, a read-only mount) that fails,
//! and the search with it. Nothing can change such a folder under the reader (no writer can run
//! there either), so the lock is not needed: this directory goes without it when the folder
//! refuses the lock file, and behaves exactly as tantivy's otherwise.
//!
//! A search reads a few pages of each file, here and there: memory maps suit it. The indexer's
//! merges read their parts' postings, positions and stored articles from end to end, and a map
//! keeps every page it has read in the process's memory until the merge ends (up to 206 MB at a
//! million articles with merges of 50,000 articles at most: BENCHMARKS.md). Opened for writing,
//! the directory reads those three files with `pread` instead: the pages stay in the system's
//! file cache, which gives them back under pressure, and the process holds only the window being
//! read, or a part's stored articles while a merge copies them.

use std::fs::File;
use std::io;
use std::ops::Range;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use tantivy::directory::error::{
    DeleteError, LockError, OpenDirectoryError, OpenReadError, OpenWriteError,
};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, OwnedBytes, WatchCallback,
    WatchHandle, WritePtr, META_LOCK,
};
use tantivy::HasLen;

/// A directory (tantivy's [`MmapDirectory`] in use), going without a meta lock a read-only
/// folder refuses; opened for writing, it reads the files merges read through without maps.
#[derive(Debug, Clone)]
pub struct LockTolerant<D = MmapDirectory> {
    inner: D,
    /// The folder whose postings, positions and stored articles are read with `pread` (the
    /// indexer's); `None` maps every file (a search's).
    read_through: Option<PathBuf>,
}

/// The files a merge reads from end to end: postings, positions, stored articles. The term
/// dictionaries and fast columns stay mapped: tantivy asks for each whole when it opens a part
/// and keeps it while the part is open, so read with `pread` each would be a copy in the
/// indexer's memory, where a map holds only the pages looked at.
const READ_THROUGH: [&str; 3] = ["idx", "pos", "store"];

/// How much of a file one `pread` brings in: a merge reads postings term by term, a few bytes
/// each, in the file's order.
const WINDOW: usize = 256 << 10;

impl LockTolerant {
    /// The index folder `dir`, every file mapped: for searching.
    pub fn open(dir: &Path) -> Result<LockTolerant, OpenDirectoryError> {
        MmapDirectory::open(dir).map(|inner| LockTolerant {
            inner,
            read_through: None,
        })
    }

    /// The index folder `dir`, the files merges read through read without maps: for writing.
    pub fn open_for_writing(dir: &Path) -> Result<LockTolerant, OpenDirectoryError> {
        MmapDirectory::open(dir).map(|inner| LockTolerant {
            inner,
            read_through: Some(dir.to_path_buf()),
        })
    }
}

impl<D> LockTolerant<D> {
    #[cfg(test)]
    fn mapped(inner: D) -> Self {
        LockTolerant {
            inner,
            read_through: None,
        }
    }
}

impl<D: Directory + Clone> Directory for LockTolerant<D> {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        let read_through = path
            .extension()
            .is_some_and(|ext| READ_THROUGH.iter().any(|r| ext == *r));
        match &self.read_through {
            Some(dir) if read_through => Ok(Arc::new(ReadAhead::open(dir, path)?)),
            _ => self.inner.get_file_handle(path),
        }
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.inner.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.inner.atomic_write(path, data)
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.inner.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        match self.inner.acquire_lock(lock) {
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
        self.inner.watch(watch_callback)
    }
}

/// A file read with `pread`, a window at a time; the last window is kept for the reads that
/// follow it.
#[derive(Debug)]
struct ReadAhead {
    file: File,
    len: usize,
    /// The window last read, and where in the file it starts.
    window: Mutex<(usize, OwnedBytes)>,
}

impl ReadAhead {
    fn open(dir: &Path, path: &Path) -> Result<ReadAhead, OpenReadError> {
        let opened = File::open(dir.join(path)).and_then(|file| {
            let len = usize::try_from(file.metadata()?.len()).map_err(io::Error::other)?;
            Ok((file, len))
        });
        match opened {
            Ok((file, len)) => Ok(ReadAhead {
                file,
                len,
                window: Mutex::new((0, OwnedBytes::empty())),
            }),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                Err(OpenReadError::FileDoesNotExist(path.to_path_buf()))
            }
            Err(e) => Err(OpenReadError::wrap_io_error(e, path.to_path_buf())),
        }
    }

    fn read_at(&self, range: Range<usize>) -> io::Result<OwnedBytes> {
        let mut bytes = vec![0; range.len()];
        self.file.read_exact_at(&mut bytes, range.start as u64)?;
        Ok(OwnedBytes::new(bytes))
    }
}

impl FileHandle for ReadAhead {
    fn read_bytes(&self, range: Range<usize>) -> io::Result<OwnedBytes> {
        if range.end > self.len || range.start > range.end {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!("bytes {range:?} of a file of {} bytes", self.len),
            ));
        }
        if range.is_empty() {
            return Ok(OwnedBytes::empty());
        }
        // A read as large as a window (a part's stored articles, copied whole by a merge) is
        // not kept: nothing else reads near it.
        if range.len() >= WINDOW {
            return self.read_at(range);
        }
        let mut window = self.window.lock().unwrap_or_else(|e| e.into_inner());
        let (start, bytes) = &*window;
        if range.start < *start || range.end > start + bytes.len() {
            let end = (range.start + WINDOW).min(self.len);
            *window = (range.start, self.read_at(range.start..end)?);
        }
        let (start, bytes) = &*window;
        Ok(bytes.slice(range.start - start..range.end - start))
    }
}

impl HasLen for ReadAhead {
    fn len(&self) -> usize {
        self.len
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
        let tolerant = tantivy::Index::open(LockTolerant::mapped(ReadOnlyLocks(ram))).unwrap();
        let reader = tolerant.reader().unwrap();
        assert_eq!(reader.searcher().num_docs(), 1);
        assert!(tolerant
            .writer::<tantivy::TantivyDocument>(15_000_000)
            .is_err());
    }

    /// A file of `len` bytes that are not all alike, so a read from the wrong place shows.
    fn patterned_file(len: usize) -> (tempfile::TempDir, Vec<u8>) {
        let dir = tempfile::tempdir().unwrap();
        let bytes: Vec<u8> = (0..len).map(|i| (i * 7 + i / 251) as u8).collect();
        std::fs::write(dir.path().join("part.idx"), &bytes).unwrap();
        (dir, bytes)
    }

    #[test]
    fn reads_through_a_window_give_the_files_bytes_wherever_they_fall() {
        let len = 3 * WINDOW + 1234;
        let (dir, bytes) = patterned_file(len);
        let file = ReadAhead::open(dir.path(), Path::new("part.idx")).unwrap();
        assert_eq!(file.len(), len);
        let ranges = [
            0..10,
            10..20,                 // inside the window just read
            WINDOW - 5..WINDOW + 5, // across the window's end
            5..15,                  // back before the window
            WINDOW..3 * WINDOW,     // larger than a window, read whole
            len - 3..len,           // the file's last bytes
            len - WINDOW / 2..len,  // a window cut short by the file's end
            0..len,                 // all of it
        ];
        for range in ranges {
            let read = file.read_bytes(range.clone()).unwrap();
            assert_eq!(read.as_slice(), &bytes[range.clone()], "{range:?}");
        }
        assert!(file.read_bytes(7..7).unwrap().is_empty());
        let past_end = file.read_bytes(len - 1..len + 1).unwrap_err();
        assert_eq!(past_end.kind(), io::ErrorKind::UnexpectedEof);
    }

    #[test]
    fn only_postings_positions_and_stored_articles_are_read_without_maps() {
        let (dir, bytes) = patterned_file(100);
        std::fs::write(dir.path().join("part.term"), &bytes).unwrap();
        let writing = LockTolerant::open_for_writing(dir.path()).unwrap();
        for name in ["part.idx", "part.term"] {
            let handle = writing.get_file_handle(Path::new(name)).unwrap();
            assert_eq!(handle.read_bytes(0..100).unwrap().as_slice(), &bytes[..]);
        }
        let idx = writing.get_file_handle(Path::new("part.idx")).unwrap();
        assert!(format!("{idx:?}").starts_with("ReadAhead"));
        let term = writing.get_file_handle(Path::new("part.term")).unwrap();
        assert!(!format!("{term:?}").starts_with("ReadAhead"));
        let searching = LockTolerant::open(dir.path()).unwrap();
        let idx = searching.get_file_handle(Path::new("part.idx")).unwrap();
        assert!(!format!("{idx:?}").starts_with("ReadAhead"));
        assert!(matches!(
            writing.get_file_handle(Path::new("gone.idx")),
            Err(OpenReadError::FileDoesNotExist(_))
        ));
    }
}
