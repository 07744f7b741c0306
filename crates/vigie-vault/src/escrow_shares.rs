//! The escrow secret split k-of-n with Shamir's scheme (`vigie init --escrow --escrow-shares N
//! --escrow-threshold K`), so that no single person holds the master key.
//!
//! The arithmetic is the `blahaj` crate's (GF(256), one polynomial per byte of the secret); this module
//! only prints, reads and checks shares. Any K shares rebuild the secret; fewer reveal nothing about it.
//! A rebuilt secret is only used once its public key is the escrow public key of the MAC-checked key
//! directory ([`EscrowShare::combine`]): a mistyped or foreign share yields another key, refused.

use std::fmt;

use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::{EscrowSecret, PublicKey, SecretKey, VaultError};

const PREFIX: &str = "VIGIE-SHARE-1-";

/// Fewest shares that may rebuild the secret: one share alone would be the secret itself.
pub const MIN_THRESHOLD: u8 = 2;

/// One share of the escrow secret. Zeroized on drop (the crate's share is); Debug shows only its index
/// and threshold.
#[derive(Clone)]
pub struct EscrowShare {
    threshold: u8,
    share: blahaj::Share,
}

/// Why shares did not rebuild the escrow secret. No variant carries share material.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShareError {
    /// The threshold or the number of shares asked for is out of range.
    #[error("a split takes a threshold of 2 to 255 and at least as many shares (at most 255)")]
    BadSplit,
    /// Shares of different splits (their thresholds differ).
    #[error("the shares do not come from one split (their thresholds differ)")]
    MixedSplits,
    /// Two different shares carry the same index.
    #[error("two different shares carry index {0}")]
    DuplicateIndex(u8),
    /// Fewer distinct shares than the threshold.
    #[error("{have} distinct share(s) given, {need} needed")]
    TooFew {
        /// Distinct shares given.
        have: usize,
        /// The threshold.
        need: u8,
    },
    /// The rebuilt secret is not the instance's escrow key: a wrong or mistyped share.
    #[error(
        "the shares rebuild a key that is not this instance's escrow key: one of them is wrong"
    )]
    WrongKey,
}

/// A share's check group: the first two bytes of SHA-256 over a label, the threshold and the share,
/// so that a share copied by hand with a mistake is named before anything is rebuilt.
fn check_group(threshold: u8, bytes: &[u8]) -> [u8; 2] {
    let mut h = Sha256::new();
    h.update(b"vigie/escrow-share/v1");
    h.update([threshold]);
    h.update(bytes);
    let d = h.finalize();
    [d[0], d[1]]
}

impl EscrowShare {
    /// Splits `secret` into `shares` shares, any `threshold` of which rebuild it.
    pub fn split(
        secret: &EscrowSecret,
        threshold: u8,
        shares: u8,
    ) -> Result<Vec<EscrowShare>, ShareError> {
        if threshold < MIN_THRESHOLD || shares < threshold {
            return Err(ShareError::BadSplit);
        }
        let bytes = secret.secret_key().to_bytes();
        let dealer = blahaj::Sharks(threshold).dealer(bytes.as_slice());
        Ok(dealer
            .take(usize::from(shares))
            .map(|share| EscrowShare { threshold, share })
            .collect())
    }

    /// Rebuilds the escrow secret from `shares` and checks it against `expected`, the escrow public
    /// key of the checked key directory. Repeating a share is harmless; it counts once.
    pub fn combine(
        shares: &[EscrowShare],
        expected: &PublicKey,
    ) -> Result<EscrowSecret, ShareError> {
        let Some(first) = shares.first() else {
            return Err(ShareError::TooFew { have: 0, need: 0 });
        };
        let threshold = first.threshold;
        let mut distinct: Vec<&EscrowShare> = Vec::with_capacity(shares.len());
        for s in shares {
            if s.threshold != threshold {
                return Err(ShareError::MixedSplits);
            }
            match distinct.iter().find(|d| d.index() == s.index()) {
                Some(d) if d.bytes() == s.bytes() => {}
                Some(_) => return Err(ShareError::DuplicateIndex(s.index())),
                None => distinct.push(s),
            }
        }
        if distinct.len() < usize::from(threshold) {
            return Err(ShareError::TooFew {
                have: distinct.len(),
                need: threshold,
            });
        }
        let rebuilt = Zeroizing::new(
            blahaj::Sharks(threshold)
                .recover(distinct.iter().map(|s| &s.share))
                .map_err(|_| ShareError::WrongKey)?,
        );
        let mut key = Zeroizing::new([0u8; 32]);
        if rebuilt.len() != key.len() {
            return Err(ShareError::WrongKey);
        }
        key.copy_from_slice(&rebuilt);
        let secret = EscrowSecret::from_secret_key(SecretKey::from_bytes(*key));
        if secret.public() != *expected {
            return Err(ShareError::WrongKey);
        }
        Ok(secret)
    }

    /// The share's index (1 to 255), printed on it.
    pub fn index(&self) -> u8 {
        self.share.x.0
    }

    /// How many shares rebuild the secret, printed on each.
    pub fn threshold(&self) -> u8 {
        self.threshold
    }

    fn bytes(&self) -> Zeroizing<Vec<u8>> {
        Zeroizing::new(Vec::from(&self.share))
    }

    /// The printed form: `VIGIE-SHARE-1-K<threshold>-I<index>-`, the 32 bytes of the share as
    /// uppercase hex in eight groups of eight, then a check group of four.
    pub fn to_printable(&self) -> Zeroizing<String> {
        let bytes = self.bytes();
        let hex = Zeroizing::new(hex::encode_upper(&bytes[1..]));
        let mut out = Zeroizing::new(format!("{PREFIX}K{}-I{}-", self.threshold, self.index()));
        for group in hex.as_bytes().chunks(8) {
            out.extend(group.iter().map(|&b| char::from(b)));
            out.push('-');
        }
        out.push_str(&hex::encode_upper(check_group(self.threshold, &bytes)));
        out
    }

    /// Whether `text` looks like a share rather than a whole secret (its prefix, any case).
    pub fn is_share_text(text: &str) -> bool {
        text.trim_start()
            .get(..PREFIX.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(PREFIX))
    }

    /// Reads a printed share back, ignoring case and whitespace; refuses a wrong check group.
    pub fn parse_printable(text: &str) -> Result<EscrowShare, VaultError> {
        let body = crate::escrow::printed_body(text, PREFIX)?;
        let mut parts = body.splitn(3, '-');
        let number = |part: Option<&str>, tag: char| -> Result<u8, VaultError> {
            part.and_then(|p| p.strip_prefix(tag))
                .and_then(|n| n.parse::<u8>().ok())
                .ok_or(VaultError::BadEscrowKey)
        };
        let threshold = number(parts.next(), 'K')?;
        let index = number(parts.next(), 'I')?;
        if threshold < MIN_THRESHOLD || index == 0 {
            return Err(VaultError::BadEscrowKey);
        }
        let hex_text: Zeroizing<String> = Zeroizing::new(
            parts
                .next()
                .unwrap_or("")
                .chars()
                .filter(|&c| c != '-')
                .collect(),
        );
        let mut raw = Zeroizing::new([0u8; 34]);
        hex::decode_to_slice(hex_text.as_bytes(), raw.as_mut_slice())
            .map_err(|_| VaultError::BadEscrowKey)?;
        let mut bytes = Zeroizing::new(Vec::with_capacity(33));
        bytes.push(index);
        bytes.extend_from_slice(&raw[..32]);
        if check_group(threshold, &bytes) != raw[32..] {
            return Err(VaultError::BadShareCheck(index));
        }
        let share =
            blahaj::Share::try_from(bytes.as_slice()).map_err(|_| VaultError::BadEscrowKey)?;
        Ok(EscrowShare { threshold, share })
    }
}

impl fmt::Debug for EscrowShare {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EscrowShare(K{}, I{}, ..)", self.threshold, self.index())
    }
}

#[cfg(test)]
#[path = "escrow_shares_tests.rs"]
mod tests;
