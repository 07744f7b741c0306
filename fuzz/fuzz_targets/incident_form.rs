//! The incident form and month strings come from staff browsers and API query strings: whatever they
//! hold, validation never panics, and what it accepts respects the rules (known codes, a quartier of
//! the chosen arrondissement, counts within bounds, no month after the current one).
#![no_main]

use libfuzzer_sys::fuzz_target;
use vigie_domain::area::AreaList;
use vigie_domain::observatory::{
    IncidentForm, MAX_COUNT, MAX_REFERENCE_CHARS, Month, validate_incident,
};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(m) = text.parse::<Month>() {
        assert_eq!(m.to_string(), text, "a month prints back as it was parsed");
        assert_eq!(m.next().previous(), m);
    }
    let mut parts = text.split('\u{1f}');
    let mut next = || parts.next().unwrap_or("").to_owned();
    let form = IncidentForm {
        category: next(),
        district: next(),
        neighbourhood: next(),
        month: next(),
        count: next(),
        contributors: next(),
        source: next(),
        reference: next(),
    };
    let Ok(areas) = AreaList::marseille() else {
        return;
    };
    let Some(current) = Month::new(2026, 11) else {
        return;
    };
    if let Ok(i) = validate_incident(&form, &areas, current) {
        assert!(areas.district(&i.district).is_some());
        if let Some(q) = &i.neighbourhood {
            assert_eq!(
                areas.neighbourhood(q).map(|n| n.district.as_str()),
                Some(i.district.as_str())
            );
        }
        assert!(i.month <= current);
        assert!((1..=MAX_COUNT).contains(&i.count) && (1..=MAX_COUNT).contains(&i.contributors));
        assert!(i.reference.chars().count() <= MAX_REFERENCE_CHARS);
    }
});
