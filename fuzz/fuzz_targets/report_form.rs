//! The report form is posted by anyone: whatever its fields hold, validation never panics, and what
//! it accepts respects the limits (known codes, text length, dates not in the future).
#![no_main]

use libfuzzer_sys::fuzz_target;
use vigie_domain::area::AreaList;
use vigie_domain::report::{MAX_TEXT_CHARS, ReportForm, validate_report};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut parts = text.split('\u{1f}');
    let mut next = || parts.next().unwrap_or("").to_owned();
    let form = ReportForm {
        category: next(),
        district: next(),
        neighbourhood: next(),
        place: next(),
        date: next(),
        ongoing: data.first().is_some_and(|b| b & 1 == 1),
        time_of_day: next(),
        text: next(),
        danger: data.first().is_some_and(|b| b & 2 == 2),
        consent_forward: false,
        identity: next(),
    };
    let Ok(areas) = AreaList::marseille() else {
        return;
    };
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 21).unwrap_or_default();
    if let Ok(report) = validate_report(&form, &areas, today, 0) {
        assert!(areas.district(&report.district).is_some());
        assert!(report.content.text.chars().count() <= MAX_TEXT_CHARS);
        assert!(report.content.date.is_none_or(|d| d <= today));
    }
});
