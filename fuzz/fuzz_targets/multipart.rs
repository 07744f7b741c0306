//! The report and follow-up forms are multipart bodies from anyone: whatever the body, reading it
//! never panics and no text field comes back longer than its cap.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first line is the boundary, the rest the body.
    let split = data.iter().position(|b| *b == b'\n').unwrap_or(data.len());
    let Ok(boundary) = std::str::from_utf8(&data[..split]) else {
        return;
    };
    let body = data.get(split + 1..).unwrap_or_default();
    vigie_web::fuzzing::multipart(boundary, body);
});
