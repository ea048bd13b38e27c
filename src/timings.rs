//! Phase timings on stderr when `RAJAT_TIMINGS` is set: for finding where a
//! build's time goes without a profiler.

use std::time::Instant;

/// Phase timings on stderr when `RAJAT_TIMINGS` is set: for finding where a
/// build's time goes without a profiler.
pub struct Phases(Option<std::cell::Cell<Instant>>);

impl Phases {
    pub fn start() -> Phases {
        Phases(std::env::var_os("RAJAT_TIMINGS").map(|_| std::cell::Cell::new(Instant::now())))
    }

    pub fn lap(&self, what: &str) {
        if let Some(last) = &self.0 {
            // Resident and peak memory, where the system reports them (Linux).
            let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
            let field = |name: &str| {
                status.lines().find_map(|l| l.strip_prefix(name)).map_or(String::new(), |v| v.trim().to_string())
            };
            eprintln!(
                "{:>8.1} ms  {what:<40} RSS {:>10}  peak {:>10}",
                last.get().elapsed().as_secs_f64() * 1000.0,
                field("VmRSS:"),
                field("VmHWM:")
            );
            last.set(Instant::now());
        }
    }
}
