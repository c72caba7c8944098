//! How the C allocator (glibc's malloc, which Rust's global allocator calls) is set up for
//! this process: memory is the resource a large history runs short of.
//!
//! Measured on the release binary with the 10,000 sub-task plan and a 100,000-record
//! history (`VmHWM`, tests/e2e_memory.rs): 173–174 MB with glibc's defaults, 153–158 MB
//! with one arena, 146–147 MB with one arena and a fixed mmap threshold. The status file is
//! read and its state computed on several threads; each thread's strings went to an arena
//! of its own, and what one arena freed the others could not reuse. glibc also raises its
//! mmap threshold each time a large block is freed (up to 32 MB), after which the large
//! buffers of a load (a 4 MB read block, growing lists) come from the heap and stay as
//! holes in it; fixed at its starting value (128 KiB), they are mapped and given back
//! whole. Loading the same history took as long either way (`status show`, 100,000
//! records: 0.72–0.80 s of CPU against 0.77–0.86 s).

/// Called once, first thing in `main`, before any other thread exists.
pub fn tune() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `mallopt` only sets the allocator's parameters; it is called before any
    // other thread is started, and a value it refuses leaves the default in place.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
}
