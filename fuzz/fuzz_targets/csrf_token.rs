//! Form tokens come from any browser: checking must never panic and never accept a forgery.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vigie_vault::CsrfKey;

fuzz_target!(|data: &[u8]| {
    let key = CsrfKey::from_bytes([7u8; 32]);
    if let Ok(token) = std::str::from_utf8(data) {
        let honest = key.issue("login", b"", 2_000_000_000);
        if token != honest {
            assert!(key.check(token, "login", b"", 1_000_000_000).is_err());
        }
        let _ = key.check(token, "password", &[1u8; 32], 0);
    }
});
