//! Sealed records and key slots read from a database an attacker may have written: opening must never
//! panic, and nothing but the genuine ciphertext opens.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vigie_vault::{SecretKey, SymmetricKey, open, slot};

fuzz_target!(|data: &[u8]| {
    let key = SymmetricKey::from_bytes([9u8; 32]);
    assert!(open(&key, b"aad", data).is_err(), "a forgery opened");
    let secret = SecretKey::from_bytes([5u8; 32]);
    let _ = slot::unwrap_with(&secret, data, b"aad");
});
