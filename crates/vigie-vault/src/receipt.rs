//! Receipts (DESIGN.md section 3, "Receipts"): 20 random digits, the only thing a reporter keeps.
//!
//! Peppered Argon2id over the digits and the instance salt gives both the lookup id (its SHA-256 is
//! stored and indexed) and the holder's X25519 secret. The receipt itself is never stored.

use std::fmt;

use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::derive::hkdf;
use crate::kdf::argon2id;
use crate::{InstanceSalt, InstanceSecret, KdfParams, SecretKey, VaultError};

const DIGITS: usize = 20;
/// Longer input than this is not a receipt, however it is spaced: refuse before scanning it.
const MAX_INPUT_BYTES: usize = 200;

/// A receipt: 20 ASCII digits. Zeroized on drop; Debug prints nothing of it.
#[derive(Clone)]
pub struct Receipt(Zeroizing<[u8; DIGITS]>);

impl Receipt {
    /// A fresh receipt: each digit uniform from the OS RNG (bytes of 250 and above are rejected, so
    /// `byte % 10` has no bias). About 66 bits.
    pub fn generate() -> Self {
        let mut digits = Zeroizing::new([0u8; DIGITS]);
        let mut pool = Zeroizing::new([0u8; 32]);
        let mut filled = 0;
        while filled < DIGITS {
            OsRng.fill_bytes(pool.as_mut_slice());
            for &b in pool.iter() {
                if b < 250 && filled < DIGITS {
                    digits[filled] = b'0' + b % 10;
                    filled += 1;
                }
            }
        }
        Receipt(digits)
    }

    /// Reads what a person typed or pasted: exactly 20 digits, with any spaces (including no-break and
    /// thin spaces) or dashes around and between them. Arabic-Indic, Persian and full-width digits are
    /// read as the same digits, since phones with those keyboards type them.
    pub fn parse(input: &str) -> Result<Receipt, VaultError> {
        if input.len() > MAX_INPUT_BYTES {
            return Err(VaultError::BadReceipt);
        }
        let mut digits = Zeroizing::new([0u8; DIGITS]);
        let mut n = 0;
        for c in input.chars() {
            if let Some(d) = digit_value(c) {
                let slot = digits.get_mut(n).ok_or(VaultError::BadReceipt)?;
                *slot = b'0' + d;
                n += 1;
            } else if !is_separator(c) {
                return Err(VaultError::BadReceipt);
            }
        }
        if n != DIGITS {
            return Err(VaultError::BadReceipt);
        }
        Ok(Receipt(digits))
    }

    /// The digits alone, as used for derivation.
    pub fn as_str(&self) -> &str {
        // Always ASCII digits by construction; the fallback is unreachable and reveals nothing.
        std::str::from_utf8(self.0.as_slice()).unwrap_or_default()
    }

    /// The form shown to the reporter: `1234 5678 9012 3456 7890`.
    pub fn display(&self) -> String {
        let mut out = String::with_capacity(DIGITS + DIGITS / 4);
        for (i, chunk) in self.0.chunks(4).enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.extend(chunk.iter().map(|&b| char::from(b)));
        }
        out
    }
}

fn digit_value(c: char) -> Option<u8> {
    let zero = match c {
        '0'..='9' => '0',
        '\u{0660}'..='\u{0669}' => '\u{0660}', // Arabic-Indic
        '\u{06F0}'..='\u{06F9}' => '\u{06F0}', // Extended Arabic-Indic (Persian, Urdu)
        '\u{FF10}'..='\u{FF19}' => '\u{FF10}', // Full-width
        _ => return None,
    };
    u8::try_from(u32::from(c) - u32::from(zero)).ok()
}

fn is_separator(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\n' | '\r' | '-'
            | '\u{00A0}' // no-break space
            | '\u{2007}' // figure space
            | '\u{2009}' // thin space
            | '\u{202F}' // narrow no-break space (French typography)
            | '\u{2010}'
            ..='\u{2015}' // hyphens and dashes
            | '\u{2212}' // minus sign
    )
}

impl fmt::Debug for Receipt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Receipt(..)")
    }
}

/// What a receipt yields: the lookup hash (stored, indexed) and the holder's secret key (never stored).
pub struct ReceiptKeys {
    /// SHA-256 of the lookup id: the indexed column that finds the report.
    pub lookup_hash: [u8; 32],
    /// The receipt holder's X25519 secret: audience keys are wrapped for its public key.
    pub secret: SecretKey,
}

impl fmt::Debug for ReceiptKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ReceiptKeys(..)")
    }
}

/// Derives a receipt's keys: Argon2id(params, pepper, digits, instance salt) split by HKDF into the
/// lookup id ("vigie/receipt/lookup/v1") and the holder's secret ("vigie/receipt/secret/v1").
///
/// Slow by design (one Argon2id run): call it through a [`crate::KdfPool`].
pub fn derive_receipt_keys(
    receipt: &Receipt,
    salt: &InstanceSalt,
    instance: &InstanceSecret,
    params: KdfParams,
) -> Result<ReceiptKeys, VaultError> {
    let stretched = argon2id(
        params,
        instance.pepper().as_slice(),
        &receipt.0[..],
        salt.as_bytes(),
    )?;
    let lookup_id = hkdf::<32>(None, stretched.as_slice(), &[b"vigie/receipt/lookup/v1"]);
    let secret = hkdf::<32>(None, stretched.as_slice(), &[b"vigie/receipt/secret/v1"]);
    Ok(ReceiptKeys {
        lookup_hash: Sha256::digest(lookup_id.as_slice()).into(),
        secret: SecretKey::from_bytes(*secret),
    })
}

#[cfg(test)]
#[path = "receipt_tests.rs"]
mod tests;
