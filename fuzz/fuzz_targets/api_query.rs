//! The API's and the observatory pages' query strings come from anyone: whatever they hold, the
//! parameter checks and value parsers never panic and always explain a refusal.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(raw) = std::str::from_utf8(data) {
        vigie_web::fuzzing::api_query(raw);
    }
});
