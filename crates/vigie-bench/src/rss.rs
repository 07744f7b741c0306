//! Sampling a process's resident memory on a thread of its own, so that a busy benchmark client
//! does not delay the samples.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::server::read_status_kib;

/// One reading of `VmRSS`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RssSample {
    /// When it was read.
    pub at: Instant,
    /// `VmRSS` in KiB.
    pub kib: u64,
}

/// A thread reading `/proc/PID/status` every `every` until stopped (or until the process is gone).
pub struct Sampler {
    stop: Arc<AtomicBool>,
    handle: JoinHandle<Vec<RssSample>>,
}

impl Sampler {
    /// Starts sampling `pid` now.
    pub fn start(pid: u32, every: Duration) -> Sampler {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let handle = std::thread::spawn(move || {
            let mut samples = Vec::new();
            let mut next = Instant::now();
            while !flag.load(Ordering::Relaxed) {
                match read_status_kib(pid, "VmRSS") {
                    Ok(kib) => samples.push(RssSample {
                        at: Instant::now(),
                        kib,
                    }),
                    Err(_) => break,
                }
                next += every;
                let now = Instant::now();
                if next > now {
                    std::thread::sleep(next - now);
                } else {
                    next = now;
                }
            }
            samples
        });
        Sampler { stop, handle }
    }

    /// Stops sampling and returns the samples, in order.
    pub fn stop(self) -> Vec<RssSample> {
        self.stop.store(true, Ordering::Relaxed);
        self.handle.join().unwrap_or_default()
    }
}

/// The largest sample taken at or before `until` (all of them when `None`).
pub fn peak(samples: &[RssSample], until: Option<Instant>) -> Option<u64> {
    samples
        .iter()
        .filter(|s| until.is_none_or(|u| s.at <= u))
        .map(|s| s.kib)
        .max()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn samples_this_process() {
        let sampler = Sampler::start(std::process::id(), Duration::from_millis(5));
        std::thread::sleep(Duration::from_millis(60));
        let samples = sampler.stop();
        assert!(samples.len() >= 3, "{}", samples.len());
        assert!(samples.windows(2).all(|w| w[0].at <= w[1].at));
        assert!(peak(&samples, None).unwrap() > 0);
    }

    #[test]
    fn peak_until() {
        let t0 = Instant::now();
        let s = |ms: u64, kib: u64| RssSample {
            at: t0 + Duration::from_millis(ms),
            kib,
        };
        let samples = [s(0, 10), s(50, 30), s(100, 20), s(150, 90)];
        assert_eq!(peak(&samples, None), Some(90));
        assert_eq!(
            peak(&samples, Some(t0 + Duration::from_millis(120))),
            Some(30)
        );
        assert_eq!(peak(&samples, Some(t0 - Duration::from_millis(1))), None);
        assert_eq!(peak(&[], None), None);
    }

    #[test]
    fn a_gone_process_ends_the_sampling() {
        // No process has this id (above the kernel's maximum).
        let samples = Sampler::start(u32::MAX, Duration::from_millis(5)).stop();
        assert!(samples.is_empty());
    }
}
