//! Sealed file streams read from storage an attacker may have written: opening must never panic, and
//! nothing but the genuine stream opens to its end.
#![no_main]

use std::io::Read;

use libfuzzer_sys::fuzz_target;
use vigie_vault::{StreamOpener, SymmetricKey};

fuzz_target!(|data: &[u8]| {
    let key = SymmetricKey::from_bytes([9u8; 32]);
    // Read in small pieces as well as whole, so the look-ahead and chunk paths are all exercised.
    for piece in [7usize, 64 * 1024 + 17] {
        let Ok(mut opener) = StreamOpener::new(&key, b"aad", data) else {
            continue;
        };
        let mut buf = vec![0u8; piece];
        let outcome = loop {
            match opener.read(&mut buf) {
                Ok(0) => break Ok(()),
                Ok(_) => {}
                Err(e) => break Err(e),
            }
        };
        assert!(outcome.is_err(), "a forged stream opened to its end");
    }
});
