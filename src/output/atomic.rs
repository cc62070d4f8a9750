//! Atomic file writes: the bytes go to a temporary file in the target's
//! folder, which is renamed over the target only once complete, so a
//! reader never sees half a file. A symlink is followed (the file it points
//! to is replaced and the link kept), a replaced file keeps its mode and
//! owner, and a target that is not a regular file (`/dev/null`, a FIFO, a
//! terminal) is written in place instead of replaced. A temp file is
//! removed on SIGINT, SIGTERM and SIGHUP; one left by a killed run
//! (SIGKILL) is removed by the next write of the same target.

use std::ffi::CString;
use std::io::{BufWriter, Write};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::{Path, PathBuf};
use std::sync::Once;
use std::sync::atomic::{AtomicPtr, Ordering};

fn temp_prefix(target: &Path) -> String {
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    format!(".{name}.")
}

fn temp_path(target: &Path) -> PathBuf {
    let tmp = format!("{}{}.tmp", temp_prefix(target), std::process::id());
    match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.join(tmp),
        _ => PathBuf::from(tmp),
    }
}

/// The file a path names once its symlinks are followed (the path itself
/// when it is not a link; a dangling link gives the missing file it names).
fn resolve_links(target: &Path) -> std::io::Result<PathBuf> {
    let mut p = target.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = std::fs::read_link(&p)?;
                p = match p.parent() {
                    Some(dir) if to.is_relative() => dir.join(to),
                    _ => to,
                };
            }
            _ => return Ok(p),
        }
    }
    Err(std::io::Error::other("too many levels of symbolic links"))
}

/// Temp files being written, for the signal handler (leaked C strings;
/// a slot is null when free).
static TEMPS: [AtomicPtr<libc::c_char>; 8] = [const { AtomicPtr::new(std::ptr::null_mut()) }; 8];
static HANDLERS: Once = Once::new();

extern "C" fn on_signal(sig: libc::c_int) {
    for slot in &TEMPS {
        let p = slot.load(Ordering::SeqCst);
        if !p.is_null() {
            // SAFETY: `p` is a leaked, never freed C string; unlink is async-signal-safe.
            unsafe { libc::unlink(p) };
        }
    }
    // SAFETY: restoring the default action and re-raising are async-signal-safe,
    // and end the process as the signal would have.
    unsafe {
        libc::signal(sig, libc::SIG_DFL);
        libc::raise(sig);
    }
}

fn install_handlers() {
    HANDLERS.call_once(|| {
        for sig in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
            // SAFETY: installing a handler that only calls async-signal-safe functions.
            unsafe {
                let mut sa: libc::sigaction = std::mem::zeroed();
                sa.sa_sigaction = on_signal as *const () as libc::sighandler_t;
                libc::sigemptyset(&mut sa.sa_mask);
                libc::sigaction(sig, &sa, std::ptr::null_mut());
            }
        }
    });
}

/// A temp file registered for removal on a signal; unregisters on drop.
struct Registered(Option<usize>);

impl Registered {
    fn new(tmp: &Path) -> Registered {
        install_handlers();
        let Ok(c) = CString::new(tmp.as_os_str().as_bytes()) else { return Registered(None) };
        let ptr = c.into_raw();
        for (i, slot) in TEMPS.iter().enumerate() {
            if slot.compare_exchange(std::ptr::null_mut(), ptr, Ordering::SeqCst, Ordering::SeqCst).is_ok() {
                return Registered(Some(i));
            }
        }
        Registered(None)
    }
}

impl Drop for Registered {
    fn drop(&mut self) {
        if let Some(i) = self.0 {
            // The string is left allocated: a handler may be reading it.
            TEMPS[i].store(std::ptr::null_mut(), Ordering::SeqCst);
        }
    }
}

/// Removes temp files of `target` left by runs that no longer exist.
fn remove_stale(target: &Path) {
    let prefix = temp_prefix(target);
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        let Some(pid) = name.strip_prefix(&prefix).and_then(|r| r.strip_suffix(".tmp")) else { continue };
        let Ok(pid) = pid.parse::<libc::pid_t>() else { continue };
        // SAFETY: signal 0 only asks whether the process exists.
        let gone = pid > 0
            && unsafe { libc::kill(pid, 0) } != 0
            && std::io::Error::last_os_error().raw_os_error() == Some(libc::ESRCH);
        if gone {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Writes `target` through `f`: atomically for a regular or new file (through
/// any symlink), in place for a device, FIFO or socket; a folder is refused.
pub fn write_with<F>(target: &Path, f: F) -> std::io::Result<()>
where
    F: FnOnce(&mut dyn Write) -> std::io::Result<()>,
{
    let real = resolve_links(target)?;
    let existing = match std::fs::metadata(&real) {
        Ok(m) => Some(m),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e),
    };
    if let Some(m) = &existing {
        let t = m.file_type();
        if t.is_dir() {
            return Err(std::io::Error::new(std::io::ErrorKind::IsADirectory, "it is a folder; name a file"));
        }
        if t.is_block_device() {
            return Err(std::io::Error::other(
                "it is a block device; callstat writes only files, pipes and terminals",
            ));
        }
        if t.is_char_device() || t.is_fifo() || t.is_socket() {
            let file = std::fs::OpenOptions::new().write(true).open(&real)?;
            let mut w = BufWriter::new(file);
            f(&mut w)?;
            return w.flush();
        }
    }
    remove_stale(&real);
    let tmp = temp_path(&real);
    let guard = Registered::new(&tmp);
    let result = (|| {
        let file = std::fs::File::create(&tmp)?;
        if let Some(m) = &existing {
            // The replaced file's mode and (where allowed) owner.
            file.set_permissions(m.permissions())?;
            let _ = std::os::unix::fs::fchown(&file, Some(m.uid()), Some(m.gid()));
        }
        let mut w = BufWriter::new(file);
        f(&mut w)?;
        let file = w.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        std::fs::rename(&tmp, &real)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    drop(guard);
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn dir(tag: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("callstat-atomic-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn writes_whole_file_and_leaves_no_temp() {
        let dir = dir("whole");
        let target = dir.join("out.csv");
        write_with(&target, |w| w.write_all(b"a,b\n")).unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"a,b\n");
        let err = write_with(&target, |_| Err(std::io::Error::other("boom")));
        assert!(err.is_err());
        assert_eq!(std::fs::read(&target).unwrap(), b"a,b\n", "old file kept on failure");
        let left: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
        assert_eq!(left.len(), 1, "no temp file left behind");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_symlink_is_kept_and_its_file_keeps_its_mode() {
        let dir = dir("link");
        let real = dir.join("real.csv");
        std::fs::write(&real, b"old").unwrap();
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o600)).unwrap();
        let link = dir.join("link.csv");
        std::os::unix::fs::symlink("real.csv", &link).unwrap();
        write_with(&link, |w| w.write_all(b"new")).unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read(&real).unwrap(), b"new");
        assert_eq!(std::fs::metadata(&real).unwrap().permissions().mode() & 0o777, 0o600);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn dev_null_is_written_in_place_and_a_folder_refused() {
        write_with(Path::new("/dev/null"), |w| w.write_all(b"x")).unwrap();
        assert!(std::fs::metadata("/dev/null").unwrap().file_type().is_char_device());
        let dir = dir("folder");
        assert!(write_with(&dir, |w| w.write_all(b"x")).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_temp_file_of_a_dead_run_is_removed() {
        let dir = dir("stale");
        let target = dir.join("r.csv");
        // No process has this id (above the kernel's pid_max).
        let stale = dir.join(".r.csv.2147483646.tmp");
        std::fs::write(&stale, b"half").unwrap();
        write_with(&target, |w| w.write_all(b"whole")).unwrap();
        assert!(!stale.exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
