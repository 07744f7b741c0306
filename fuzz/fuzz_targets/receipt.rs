//! Receipts are typed by reporters on any keyboard: parsing must never panic, and what parses is
//! exactly 20 ASCII digits.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vigie_vault::Receipt;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(r) = Receipt::parse(text) {
            assert_eq!(r.as_str().len(), 20);
            assert!(r.as_str().bytes().all(|b| b.is_ascii_digit()));
            assert_eq!(
                Receipt::parse(&r.display())
                    .map(|p| p.as_str().to_owned())
                    .ok()
                    .as_deref(),
                Some(r.as_str())
            );
        }
    }
});
