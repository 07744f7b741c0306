//! Survey codes are typed by pupils on any keyboard or read from a QR code (issue 12, item 4), and
//! the answers posted by anyone: parsing must never panic; what parses as a code is 12 characters of
//! the alphabet and reads back from its printed form; what parses as answers is points from 1 to 5.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vigie_domain::survey::{
    Answers, CODE_ALPHABET, CODE_CHARS, display_code, normalize_code, read_answers,
};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Some(code) = normalize_code(text) {
        assert_eq!(code.len(), CODE_CHARS);
        assert!(code.bytes().all(|b| CODE_ALPHABET.contains(&b)));
        assert_eq!(normalize_code(&display_code(&code)).as_deref(), Some(code.as_str()));
    }
    let fields: Vec<&str> = text.split('&').collect();
    let value = |f: &str| {
        fields
            .iter()
            .find_map(|kv| kv.strip_prefix(f)?.strip_prefix('='))
            .unwrap_or_default()
            .to_owned()
    };
    if let Ok(answers) = read_answers(fields.len().min(16), value) {
        assert!(answers.0.iter().flatten().all(|p| (1..=5).contains(p)));
        assert_eq!(Answers::from_stored(&answers.to_stored()), Some(answers));
    }
    let _ = Answers::from_stored(text);
});
