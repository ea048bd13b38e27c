//! The `rajat` command: a thin shell over the library.

use std::process::ExitCode;

use clap::Parser;

mod cmd;

// A build allocates and frees millions of small strings from two threads at
// once; mimalloc does that markedly faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    #[cfg(not(target_os = "linux"))]
    tune_allocator();
    let cli = cmd::Cli::parse();
    match cmd::run(cli) {
        Ok(code) => code,
        Err(err) => {
            err.eprint();
            let n = err.diagnostics.iter().filter(|d| d.level == rajat::error::Level::Error).count();
            if n > 1 {
                eprintln!("error: {n} problems; nothing was written");
            }
            ExitCode::from(1)
        }
    }
}

/// On Linux the allocator is tuned before anything allocates: mimalloc
/// reserves its first arena at the first allocation, which the Rust runtime
/// makes before `main`, so an option set in `main` came too late for it (the
/// arena was committed eagerly: 113 MiB peak at 10,000 pages instead of
/// 98 MiB). A function in `.init_array` runs before the runtime starts.
#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static TUNE_ALLOCATOR_FIRST: extern "C" fn() = {
    extern "C" fn tune() {
        tune_allocator();
    }
    tune
};

/// mimalloc keeps freed memory for a while before giving it back, and
/// commits whole arenas at once; a build frees most of its memory from
/// another thread than the one that allocated it (a page's text, read on one
/// thread, is let go once another has rendered it). Giving memory back at
/// once keeps the peak to what is in use. These two options have no named
/// constant in libmimalloc-sys; their numbers are checked by their defaults
/// first, and left alone if mimalloc ever moves them (or the environment
/// sets them: `MIMALLOC_PURGE_DELAY=10` and the like are for measuring).
fn tune_allocator() {
    use libmimalloc_sys::{mi_option_get, mi_option_set};
    const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: reading and setting mimalloc options is thread-safe and has no other effect.
    unsafe {
        if mi_option_get(ARENA_EAGER_COMMIT) == 2 && mi_option_get(PURGE_DELAY) == 1000 {
            mi_option_set(ARENA_EAGER_COMMIT, 0);
            mi_option_set(PURGE_DELAY, 0);
        }
    }
}
