//! SSMSI files are imported from outside: whatever they hold, parsing never panics, and what it accepts
//! is well formed (named series, known years, one point per year, oldest first).
#![no_main]

use libfuzzer_sys::fuzz_target;
use vigie_observatory::context::{YEARS, parse_ssmsi_csv};

const HEADER: &str =
    "code_departement,annee,indicateur,unite_de_compte,nombre,taux_pour_mille,insee_pop\n";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // As given, and after the real header so that most inputs reach the lines.
    for text in [text.to_owned(), format!("{HEADER}{text}")] {
        if let Ok(series) = parse_ssmsi_csv(&text, "Bouches-du-Rhône (13)", "SSMSI") {
            assert!(!series.is_empty());
            for s in &series {
                assert!(!s.indicator.is_empty() && !s.unit.is_empty());
                assert!(s.points.windows(2).all(|w| w[0].year < w[1].year));
                assert!(s.points.iter().all(|p| YEARS.contains(&p.year)));
                assert!(s.points.iter().all(|p| {
                    p.rate_per_thousand
                        .is_none_or(|r| r.is_finite() && r >= 0.0)
                }));
            }
        }
    }
});
