//! Summaries of repeated measurements: the median, which one slow run does not move, and the range.

use std::time::Duration;

/// A duration in milliseconds.
pub fn millis(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// KiB as MiB.
pub fn to_mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

/// KiB as MiB, for a table: one decimal.
pub fn mib(kib: u64) -> String {
    format!("{:.1}", to_mib(kib))
}

/// The median, minimum and maximum of a set of samples.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Summary {
    /// The middle sample (the mean of the two middle ones for an even count).
    pub median: f64,
    /// The smallest sample.
    pub min: f64,
    /// The largest sample.
    pub max: f64,
}

/// Summarises samples; `None` when there are none (or one is not a number).
pub fn summarize(samples: &[f64]) -> Option<Summary> {
    if samples.is_empty() || samples.iter().any(|s| s.is_nan()) {
        return None;
    }
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    let median = if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    };
    Some(Summary {
        median,
        min: sorted[0],
        max: sorted[n - 1],
    })
}

/// The `p`-th percentile (0 < p <= 100) by the nearest-rank method: the smallest sample with at
/// least `p` % of the samples at or below it (so the p99 of fewer than 100 samples is the largest).
/// `None` when there are no samples (or one is not a number).
pub fn percentile(samples: &[f64], p: f64) -> Option<f64> {
    if samples.is_empty() || samples.iter().any(|s| s.is_nan()) || !(p > 0.0 && p <= 100.0) {
        return None;
    }
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rank = (p / 100.0 * sorted.len() as f64).ceil() as usize;
    Some(sorted[rank.clamp(1, sorted.len()) - 1])
}

/// A table cell: `median (min–max)`, or just the median when all runs agree at this precision;
/// `-` when there was nothing to summarise.
pub fn cell(summary: Option<Summary>, decimals: usize) -> String {
    match summary {
        None => "-".into(),
        Some(s) => {
            let f = |v: f64| format!("{v:.decimals$}");
            if f(s.min) == f(s.max) {
                f(s.median)
            } else {
                format!("{} ({}–{})", f(s.median), f(s.min), f(s.max))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn odd_count_takes_the_middle() {
        let s = summarize(&[5.0, 1.0, 400.0, 3.0, 4.0]).unwrap();
        assert_eq!(
            s,
            Summary {
                median: 4.0,
                min: 1.0,
                max: 400.0
            }
        );
    }

    #[test]
    fn even_count_takes_the_mean_of_the_two_middle_ones() {
        let s = summarize(&[4.0, 1.0, 3.0, 2.0]).unwrap();
        assert_eq!(s.median, 2.5);
        assert_eq!((s.min, s.max), (1.0, 4.0));
    }

    #[test]
    fn one_sample_is_its_own_summary() {
        let s = summarize(&[7.5]).unwrap();
        assert_eq!((s.median, s.min, s.max), (7.5, 7.5, 7.5));
    }

    #[test]
    fn nearest_rank_percentiles() {
        let hundred: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&hundred, 50.0), Some(50.0));
        assert_eq!(percentile(&hundred, 99.0), Some(99.0));
        assert_eq!(percentile(&hundred, 100.0), Some(100.0));
        let sixty_four: Vec<f64> = (1..=64).rev().map(f64::from).collect();
        assert_eq!(percentile(&sixty_four, 50.0), Some(32.0));
        assert_eq!(percentile(&sixty_four, 99.0), Some(64.0));
        assert_eq!(percentile(&[7.0], 99.0), Some(7.0));
        assert_eq!(percentile(&[], 50.0), None);
        assert_eq!(percentile(&[1.0], 0.0), None);
        assert_eq!(percentile(&[1.0, f64::NAN], 50.0), None);
    }

    #[test]
    fn nothing_to_summarise() {
        assert_eq!(summarize(&[]), None);
        assert_eq!(summarize(&[1.0, f64::NAN]), None);
    }

    #[test]
    fn cells() {
        let s = summarize(&[1.0, 2.0, 3.0]);
        assert_eq!(cell(s, 1), "2.0 (1.0–3.0)");
        assert_eq!(cell(summarize(&[5.0, 5.0]), 0), "5");
        assert_eq!(cell(None, 0), "-");
    }
}
