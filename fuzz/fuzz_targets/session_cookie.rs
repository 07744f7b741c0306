//! The session cookie comes from any browser: parsing must never panic, and whatever parses must open
//! nothing it was not sealed for.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vigie_vault::{SecretKey, SessionToken};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(token) = SessionToken::parse_cookie_value(text) {
            // A forged token cannot open a secret sealed by another session.
            let real = SessionToken::generate();
            let sealed = real.seal_secret(&SecretKey::generate());
            assert!(token.open_secret(&sealed).is_err());
            let _ = token.lookup_hash();
        }
    }
});
