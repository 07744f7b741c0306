//! The SSMSI import, on the real file.

use vigie_observatory::parse_ssmsi_csv;

const SSMSI: &str = include_str!("../data/ssmsi-bouches-du-rhone-2016-2025.csv");

fn parse(
    text: &str,
) -> Result<Vec<vigie_domain::observatory::ContextSeries>, vigie_observatory::ContextError> {
    parse_ssmsi_csv(text, "Bouches-du-Rhône (13)", "SSMSI, base départementale")
}

#[test]
fn the_real_file_gives_eighteen_ten_year_series() {
    let series = parse(SSMSI).unwrap();
    assert_eq!(series.len(), 18);
    assert!(series.iter().all(|s| s.points.len() == 10));
    assert!(
        series
            .iter()
            .all(|s| s.points.windows(2).all(|w| w[0].year < w[1].year))
    );
    // The first line: 13,2016,Cambriolages de logement,Infraction,11275,11.1680502,2019717
    let first = &series[0];
    assert_eq!(
        (first.indicator.as_str(), first.unit.as_str()),
        ("Cambriolages de logement", "Infraction")
    );
    assert_eq!((first.points[0].year, first.points[0].value), (2016, 11275));
    assert_eq!(first.points[0].rate_per_thousand, Some(11.1680502));
    assert_eq!(first.territory, "Bouches-du-Rhône (13)");
    assert_eq!(first.source, "SSMSI, base départementale");
    assert_eq!(first.licence, "Licence Ouverte 2.0");
    let trafficking = series
        .iter()
        .find(|s| s.indicator == "Trafic de stupéfiants")
        .unwrap();
    assert_eq!(trafficking.unit, "Mis en cause");
    assert_eq!(trafficking.points.last().map(|p| p.year), Some(2025));
    // With a byte-order mark, LF line ends, lines shuffled: the same series.
    let mut lines: Vec<&str> = SSMSI.lines().collect();
    lines[1..].reverse();
    let shuffled = format!("\u{feff}{}\n", lines.join("\n"));
    let again = parse(&shuffled).unwrap();
    assert_eq!(again.len(), 18);
    assert_eq!(
        again.iter().find(|s| s.indicator == first.indicator),
        Some(first)
    );
}

#[test]
fn a_damaged_file_is_refused_at_its_line() {
    let lines: Vec<&str> = SSMSI.lines().collect();
    let with = |n: usize, replacement: &str| {
        let mut l = lines.clone();
        l[n - 1] = replacement;
        l.join("\r\n")
    };
    // Line 50 of the file (1-based, the header is line 1).
    let fields: Vec<&str> = lines[49].split(',').collect();
    let cases = [
        (
            with(
                50,
                &format!(
                    "{},{},{},{},douze,,",
                    fields[0], fields[1], fields[2], fields[3]
                ),
            ),
            "nombre",
        ),
        (
            with(
                50,
                &format!("{},3000,{},{},12,,", fields[0], fields[2], fields[3]),
            ),
            "annee",
        ),
        (with(50, lines[49 - 1]), "annee"),
        (with(50, "13,2016,Homicides"), ""),
    ];
    for (text, column) in cases {
        let e = parse(&text).unwrap_err();
        assert_eq!(e.line, 50, "{e}");
        assert_eq!(e.column.as_deref().unwrap_or(""), column, "{e}");
        assert!(e.to_string().starts_with("line 50"), "{e}");
    }
    let e = parse(&SSMSI.replacen("nombre", "number", 1)).unwrap_err();
    assert_eq!((e.line, e.column.as_deref()), (1, Some("nombre")));
    assert!(parse("").is_err());
    assert!(parse("\u{feff}").is_err());
}
