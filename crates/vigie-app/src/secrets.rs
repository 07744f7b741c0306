//! Human-facing secrets: one-time passwords and recovery codes.

use rand_core::{OsRng, RngCore};
use zeroize::Zeroizing;

/// Letters and digits that cannot be confused with each other (no 0/o, 1/l/i).
const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";

/// `groups` groups of `len` characters from [`ALPHABET`], joined by dashes, uniformly drawn.
fn grouped(groups: usize, len: usize) -> Zeroizing<String> {
    let mut out = Zeroizing::new(String::with_capacity(groups * (len + 1)));
    for g in 0..groups {
        if g > 0 {
            out.push('-');
        }
        for _ in 0..len {
            // Rejection sampling: no modulo bias.
            let limit = 256 - (256 % ALPHABET.len());
            loop {
                let mut b = [0u8; 1];
                OsRng.fill_bytes(&mut b);
                if usize::from(b[0]) < limit {
                    out.push(char::from(ALPHABET[usize::from(b[0]) % ALPHABET.len()]));
                    break;
                }
            }
        }
    }
    out
}

/// A one-time password for a new or reset account: 4 x 5 characters, about 99 bits.
pub fn one_time_password() -> Zeroizing<String> {
    grouped(4, 5)
}

/// A recovery code: 3 x 4 characters, about 59 bits (stored only as a MAC under the instance secret).
pub fn recovery_code() -> Zeroizing<String> {
    grouped(3, 4)
}

/// Normalises a typed recovery code: lower case, no spaces, dashes re-placed.
pub fn normalize_recovery_code(input: &str) -> String {
    let compact: String = input
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    compact
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        let p = one_time_password();
        assert_eq!(p.len(), 23);
        assert!(p.chars().all(|c| c == '-' || ALPHABET.contains(&(c as u8))));
        let r = recovery_code();
        assert_eq!(r.len(), 14);
        assert_eq!(
            normalize_recovery_code(&r.to_uppercase().replace('-', " ")),
            *r
        );
        assert_ne!(one_time_password(), one_time_password());
    }
}
