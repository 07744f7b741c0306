//! Values read back from a database that an attacker may have written: KDF parameters (a hostile
//! value must not make the server allocate without bound), escrow keys, role lists, user names.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vigie_domain::RoleSet;
use vigie_vault::{EscrowSecret, KdfParams};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(p) = KdfParams::decode(text) {
            assert!(p.validate().is_ok());
            assert!(p.memory_kib <= 4 * 1024 * 1024);
        }
        let _ = EscrowSecret::parse_printable(text);
        let _ = RoleSet::from_names(text);
        let _ = vigie_domain::user::normalize_username(text);
    }
});
