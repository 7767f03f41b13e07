//! The allocator `klarefi` runs on, and the one call into it that needs `unsafe`: kept in a
//! crate of its own so that `klarefi` itself forbids unsafe code (STYLE.md).
//!
//! glibc's allocator spent over a quarter of a case read's CPU in malloc, free and arena locks
//! (blocks move between the runtime's threads and the database's); mimalloc keeps per-thread
//! heaps (BENCHMARKS.md, HTTP section).

use std::cell::Cell;
use std::time::{Duration, Instant};

/// The allocator, for `#[global_allocator]`.
pub use mimalloc::MiMalloc;

/// A thread collects at most this often.
const EVERY: Duration = Duration::from_secs(1);

/// Tidies the calling thread's heap, at most once a second per thread; for a runtime's
/// threads to call when they go idle (tokio's `on_thread_park`).
///
/// Memory freed by another thread than the one that allocated it (a connection's buffers,
/// when its task moved between the runtime's threads) waits in the allocating thread's lists
/// until that thread next allocates, and freed pages go back to the system only when some
/// thread next asks mimalloc to collect. After a burst the threads go idle and neither
/// happens: the peak stayed resident (BENCHMARKS.md, "Slow clients").
pub fn collect_when_idle() {
    thread_local! {
        static LAST: Cell<Option<Instant>> = const { Cell::new(None) };
    }
    let now = Instant::now();
    let due = LAST.with(|last| {
        let due = last.get().is_none_or(|at| now.duration_since(at) >= EVERY);
        if due {
            last.set(Some(now));
        }
        due
    });
    if due {
        // SAFETY: `mi_collect` takes no pointers and has no preconditions: it walks the calling
        // thread's own heap and the shared arenas under mimalloc's own locks, and frees only
        // what no block is using.
        #[expect(unsafe_code, reason = "the crate's one FFI call, sound as said above")]
        unsafe {
            libmimalloc_sys::mi_collect(false);
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn collecting_leaves_live_memory_alone() {
        let kept: Vec<Vec<u8>> = (0..1000)
            .map(|i| vec![u8::try_from(i % 251).unwrap_or(0); 4096])
            .collect();
        drop((0..1000).map(|_| vec![0u8; 4096]).collect::<Vec<_>>());
        super::collect_when_idle();
        super::collect_when_idle(); // within the second: nothing to do
        assert!(
            kept.iter()
                .enumerate()
                .all(|(i, v)| v.iter().all(|b| usize::from(*b) == i % 251))
        );
    }
}
