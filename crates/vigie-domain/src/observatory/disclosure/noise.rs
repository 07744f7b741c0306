//! Discrete-Laplace noise (the two-sided geometric distribution): `P(X = n)` proportional to
//! `exp(-epsilon * |n|)`, the integer mechanism of epsilon-differential privacy for a count of
//! sensitivity 1.
//!
//! `X = G1 - G2` with `G1`, `G2` independent geometric variables (failures before the first success,
//! success probability `p = 1 - exp(-epsilon)`). Each geometric variable is drawn by inversion,
//! `G = floor(-ln(U) / epsilon)` with `U` uniform on (0, 1]: `P(G >= n) = P(U <= exp(-n epsilon)) =
//! exp(-n epsilon)`, exactly the geometric tail.
//!
//! `U` is built from the top 53 bits of one `next_u64`: `U = (m + 1) / 2^53` with `m` uniform on
//! `0..2^53`. Every value is equally likely, there is no modulo, and `U` is never 0 (so `ln U` is
//! finite). The only departure from the exact distribution is the 2^-53 granularity of `U`: the tail
//! beyond `n = 36.7 / epsilon` is cut, an event of probability 2^-53 per draw.

use rand_core::RngCore;

/// 2^-53.
const UNIT: f64 = 1.0 / 9_007_199_254_740_992.0;

/// A uniform float on (0, 1], from the top 53 bits of one `u64`.
pub(super) fn uniform_open_closed(rng: &mut impl RngCore) -> f64 {
    let m = rng.next_u64() >> 11;
    // `m + 1` is at most 2^53: exact in f64.
    (m + 1) as f64 * UNIT
}

/// A geometric variable: failures before the first success, success probability `1 - exp(-epsilon)`.
fn geometric(rng: &mut impl RngCore, epsilon: f64) -> i64 {
    let g = (-uniform_open_closed(rng).ln() / epsilon).floor();
    // A float-to-int `as` saturates (and maps NaN to 0); 2^52 keeps the difference of two far from
    // overflow.
    if g.is_finite() {
        g.min(4_503_599_627_370_496.0) as i64
    } else {
        0
    }
}

/// One discrete-Laplace draw of parameter `epsilon` (> 0, finite; checked by the caller).
pub(super) fn discrete_laplace(rng: &mut impl RngCore, epsilon: f64) -> i64 {
    let a = geometric(rng, epsilon);
    let b = geometric(rng, epsilon);
    a.saturating_sub(b)
}

/// A count plus its noise, clamped at zero.
pub(super) fn noisy(count: u64, noise: i64) -> u64 {
    if noise >= 0 {
        count.saturating_add(noise.unsigned_abs())
    } else {
        count.saturating_sub(noise.unsigned_abs())
    }
}

/// The integration tests' generator, shared rather than copied (its `below` serves only them).
#[cfg(test)]
#[allow(dead_code)]
#[path = "../../../tests/it/disclosure_common/split_mix.rs"]
mod split_mix;

#[cfg(test)]
mod tests {
    use super::split_mix::SplitMix;
    use super::*;

    /// A generator that always returns the same word.
    struct Constant(u64);

    impl RngCore for Constant {
        fn next_u32(&mut self) -> u32 {
            self.0 as u32
        }
        fn next_u64(&mut self) -> u64 {
            self.0
        }
        fn fill_bytes(&mut self, dest: &mut [u8]) {
            dest.fill(0);
        }
        fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
            dest.fill(0);
            Ok(())
        }
    }

    #[test]
    fn uniform_stays_in_the_half_open_interval() {
        assert_eq!(uniform_open_closed(&mut Constant(0)), UNIT);
        assert_eq!(uniform_open_closed(&mut Constant(u64::MAX)), 1.0);
        // Extreme words give finite, bounded noise.
        for w in [0, u64::MAX] {
            let n = discrete_laplace(&mut Constant(w), 1e-300);
            assert!(n.unsigned_abs() <= 1 << 52, "{n}");
        }
    }

    #[test]
    fn matches_the_two_sided_geometric_distribution() {
        let mut rng = SplitMix(7);
        for epsilon in [0.1_f64, 0.5, 1.0, 2.0] {
            let q = (-epsilon).exp();
            let draws = 200_000;
            let (mut sum, mut squares, mut zeros) = (0.0, 0.0, 0usize);
            for _ in 0..draws {
                let x = discrete_laplace(&mut rng, epsilon) as f64;
                sum += x;
                squares += x * x;
                zeros += usize::from(x == 0.0);
            }
            let n = draws as f64;
            let variance = 2.0 * q / ((1.0 - q) * (1.0 - q));
            let p0 = (1.0 - q) / (1.0 + q);
            let mean = sum / n;
            assert!(
                mean.abs() < 5.0 * (variance / n).sqrt(),
                "epsilon {epsilon}: mean {mean}"
            );
            let var = squares / n - mean * mean;
            assert!(
                (var / variance - 1.0).abs() < 0.05,
                "epsilon {epsilon}: variance {var}, expected {variance}"
            );
            let f0 = zeros as f64 / n;
            assert!(
                (f0 - p0).abs() < 5.0 * (p0 * (1.0 - p0) / n).sqrt(),
                "epsilon {epsilon}: P(0) {f0}, expected {p0}"
            );
        }
    }

    #[test]
    fn noisy_counts_are_clamped_at_zero() {
        assert_eq!(noisy(5, -7), 0);
        assert_eq!(noisy(5, -2), 3);
        assert_eq!(noisy(5, 4), 9);
        assert_eq!(noisy(u64::MAX, 4), u64::MAX);
    }
}
