//! Official context series: the SSMSI's yearly recorded-crime indicators by département (Licence
//! Ouverte 2.0), imported by an analyst from a CSV file and shown beside our figures.
//!
//! The format is the SSMSI's open-data export, one line per département, year and indicator:
//! `code_departement,annee,indicateur,unite_de_compte,nombre,taux_pour_mille,insee_pop` (columns in
//! any order, others ignored, a UTF-8 byte-order mark tolerated). The file comes from outside: it is
//! bounded ([`MAX_BYTES`], [`MAX_LINES`]) and every refusal names its line and column.

use std::collections::HashMap;

use thiserror::Error;
use vigie_domain::observatory::{ContextPoint, ContextSeries};

/// Largest file accepted.
pub const MAX_BYTES: usize = 5 * 1024 * 1024;
/// Most lines accepted, header included.
pub const MAX_LINES: usize = 100_000;
/// Years outside this range are typing errors.
pub const YEARS: std::ops::RangeInclusive<i32> = 1950..=2100;
/// The licence of SSMSI data.
pub const SSMSI_LICENCE: &str = "Licence Ouverte 2.0";
/// Longest indicator or unit name, in characters.
const MAX_NAME_CHARS: usize = 200;

const DEPARTEMENT: &str = "code_departement";
const YEAR: &str = "annee";
const INDICATOR: &str = "indicateur";
const UNIT: &str = "unite_de_compte";
const NUMBER: &str = "nombre";
const RATE: &str = "taux_pour_mille";
const POPULATION: &str = "insee_pop";
const REQUIRED: [&str; 5] = [DEPARTEMENT, YEAR, INDICATOR, UNIT, NUMBER];

/// Why a file was refused.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("line {line}{}: {message}", column.as_ref().map(|c| format!(", column {c}")).unwrap_or_default())]
pub struct ContextError {
    /// Line of the file (1 is the header); 0 for the file as a whole.
    pub line: u64,
    /// The column, when one is at fault.
    pub column: Option<String>,
    /// What is wrong, in English.
    pub message: String,
}

impl ContextError {
    fn new(line: u64, column: Option<&str>, message: impl Into<String>) -> ContextError {
        ContextError {
            line,
            column: column.map(str::to_owned),
            message: message.into(),
        }
    }
}

/// Parses an SSMSI file into one series per (indicator, unit of count), in the order they first
/// appear, points by year ascending. `territory` and `source` label every series (`Bouches-du-Rhône
/// (13)`, `SSMSI, base départementale, 2025`). Refuses a file over the limits, a missing column, a
/// field that is not what its column holds, a year outside [`YEARS`], two lines for the same series
/// and year, and a file mixing départements.
pub fn parse_ssmsi_csv(
    text: &str,
    territory: &str,
    source: &str,
) -> Result<Vec<ContextSeries>, ContextError> {
    check_limits(text)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines = LineNumbers::of(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| ContextError::new(1, None, csv_message(&e)))?;
    let columns = Columns::find(headers)?;

    let mut collected = Collected::new(territory, source);
    let mut departement: Option<String> = None;
    for record in reader.records() {
        let record = record
            .map_err(|e| ContextError::new(lines.line_of(e.position()), None, csv_message(&e)))?;
        let line = lines.line_of(record.position());
        let row = columns.row(&record, line, &mut departement)?;
        collected.add(row, line)?;
    }
    collected.finish()
}

/// Refuses a file over [`MAX_BYTES`] or [`MAX_LINES`] before reading it.
fn check_limits(text: &str) -> Result<(), ContextError> {
    if text.len() > MAX_BYTES {
        return Err(ContextError::new(
            0,
            None,
            format!("the file is larger than {} MB", MAX_BYTES / (1024 * 1024)),
        ));
    }
    let newlines = text.bytes().filter(|b| *b == b'\n').count();
    if newlines >= MAX_LINES && !(newlines == MAX_LINES && text.ends_with('\n')) {
        return Err(ContextError::new(
            0,
            None,
            format!("the file has more than {MAX_LINES} lines"),
        ));
    }
    Ok(())
}

/// Line numbers from byte offsets: `csv` counts lines one short after CRLF line ends (the SSMSI's),
/// and its byte offsets then point at the previous line's `\n`, so a newline at the offset counts.
struct LineNumbers {
    /// Byte offsets of every `\n`.
    newlines: Vec<u64>,
}

impl LineNumbers {
    fn of(text: &str) -> LineNumbers {
        LineNumbers {
            newlines: text
                .bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i as u64)
                .collect(),
        }
    }

    /// The 1-based line of `position` (0 when `csv` gives none).
    fn line_of(&self, position: Option<&csv::Position>) -> u64 {
        position.map_or(0, |p| {
            self.newlines.partition_point(|&nl| nl <= p.byte()) as u64 + 1
        })
    }
}

/// Where the columns are, from the header.
struct Columns {
    /// The index of each [`REQUIRED`] column.
    at: HashMap<&'static str, usize>,
    rate: Option<usize>,
    population: Option<usize>,
}

/// One line's figure, checked.
struct Row<'r> {
    year: i32,
    indicator: &'r str,
    unit: &'r str,
    value: u64,
    rate: Option<f64>,
}

impl Columns {
    /// Refuses a header without one of the [`REQUIRED`] columns, hinting at semicolons when the
    /// whole header is one field that holds some.
    fn find(headers: &csv::StringRecord) -> Result<Columns, ContextError> {
        let column = |name: &str| headers.iter().position(|h| h.trim() == name);
        let mut at = HashMap::new();
        for name in REQUIRED {
            match column(name) {
                Some(i) => {
                    at.insert(name, i);
                }
                None => {
                    let hint = if headers.len() == 1 && headers.iter().any(|h| h.contains(';')) {
                        " (the file seems separated by semicolons; expected commas)"
                    } else {
                        ""
                    };
                    return Err(ContextError::new(
                        1,
                        Some(name),
                        format!("missing column {name}{hint}"),
                    ));
                }
            }
        }
        Ok(Columns {
            at,
            rate: column(RATE),
            population: column(POPULATION),
        })
    }

    /// Checks the fields of `record` (on `line`) in column order of the format, the first fault
    /// refused; `departement` is the file's, set by its first line.
    fn row<'r>(
        &self,
        record: &'r csv::StringRecord,
        line: u64,
        departement: &mut Option<String>,
    ) -> Result<Row<'r>, ContextError> {
        let field = |name: &'static str| {
            self.at
                .get(name)
                .and_then(|i| record.get(*i))
                .map_or("", str::trim)
        };
        let fail = |name: &str, message: String| ContextError::new(line, Some(name), message);

        check_departement(field(DEPARTEMENT), departement).map_err(|m| fail(DEPARTEMENT, m))?;
        let year: i32 = field(YEAR)
            .parse()
            .map_err(|_| fail(YEAR, format!("not a year: {}", shown(field(YEAR)))))?;
        if !YEARS.contains(&year) {
            return Err(fail(
                YEAR,
                format!("year {year} is outside {}-{}", YEARS.start(), YEARS.end()),
            ));
        }
        let indicator = name_field(field(INDICATOR)).map_err(|m| fail(INDICATOR, m))?;
        let unit = name_field(field(UNIT)).map_err(|m| fail(UNIT, m))?;
        let value: u64 = field(NUMBER).parse().map_err(|_| {
            fail(
                NUMBER,
                format!("not a whole number: {}", shown(field(NUMBER))),
            )
        })?;
        let rate = match self.rate.and_then(|i| record.get(i)).map(str::trim) {
            None | Some("" | "NA") => None,
            Some(r) => match r.parse::<f64>() {
                Ok(v) if v.is_finite() && v >= 0.0 => Some(v),
                _ => return Err(fail(RATE, format!("not a rate: {}", shown(r)))),
            },
        };
        // The population is checked, not kept (a point has no field for it).
        if let Some(p) = self.population.and_then(|i| record.get(i)).map(str::trim)
            && !matches!(p, "" | "NA")
            && p.parse::<u64>().is_err()
        {
            return Err(fail(POPULATION, format!("not a population: {}", shown(p))));
        }
        Ok(Row {
            year,
            indicator,
            unit,
            value,
            rate,
        })
    }
}

/// A département code (1 to 3 ASCII letters or digits), the same on every line: the first sets
/// `departement`.
fn check_departement(dep: &str, departement: &mut Option<String>) -> Result<(), String> {
    if dep.is_empty() || dep.len() > 3 || !dep.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(format!("not a département code: {}", shown(dep)));
    }
    match departement {
        None => *departement = Some(dep.to_owned()),
        Some(d) if d != dep => {
            return Err(format!(
                "the file mixes départements {d} and {}",
                shown(dep)
            ));
        }
        Some(_) => {}
    }
    Ok(())
}

/// The series read so far, in the order they first appear.
struct Collected<'a> {
    territory: &'a str,
    source: &'a str,
    series: Vec<ContextSeries>,
    /// Series index by (indicator, unit).
    index: HashMap<(String, String), usize>,
    /// The line that gave each (series index, year), to refuse a second one.
    seen: HashMap<(usize, i32), u64>,
}

impl<'a> Collected<'a> {
    fn new(territory: &'a str, source: &'a str) -> Collected<'a> {
        Collected {
            territory,
            source,
            series: Vec::new(),
            index: HashMap::new(),
            seen: HashMap::new(),
        }
    }

    /// Adds `row` (from `line`) to its series, started if new; refuses a year its series has.
    fn add(&mut self, row: Row<'_>, line: u64) -> Result<(), ContextError> {
        let Row {
            year,
            indicator,
            unit,
            value,
            rate,
        } = row;
        let key = (indicator.to_owned(), unit.to_owned());
        let s = match self.index.get(&key) {
            Some(&s) => s,
            None => {
                self.index.insert(key, self.series.len());
                self.series.push(ContextSeries {
                    indicator: indicator.to_owned(),
                    unit: unit.to_owned(),
                    territory: self.territory.to_owned(),
                    source: self.source.to_owned(),
                    licence: SSMSI_LICENCE.to_owned(),
                    points: Vec::new(),
                });
                self.series.len() - 1
            }
        };
        if let Some(first) = self.seen.insert((s, year), line) {
            return Err(ContextError::new(
                line,
                Some(YEAR),
                format!("{indicator} ({unit}) for {year} already given on line {first}"),
            ));
        }
        if let Some(target) = self.series.get_mut(s) {
            target.points.push(ContextPoint {
                year,
                value,
                rate_per_thousand: rate,
            });
        }
        Ok(())
    }

    /// The series, points by year ascending; refuses a file without any.
    fn finish(mut self) -> Result<Vec<ContextSeries>, ContextError> {
        if self.series.is_empty() {
            return Err(ContextError::new(0, None, "the file holds no figure"));
        }
        for s in &mut self.series {
            s.points.sort_by_key(|p| p.year);
        }
        Ok(self.series)
    }
}

/// An indicator or unit name: not empty, not too long, no control character.
fn name_field(value: &str) -> Result<&str, String> {
    if value.is_empty() {
        Err("empty".to_owned())
    } else if value.chars().count() > MAX_NAME_CHARS {
        Err(format!("longer than {MAX_NAME_CHARS} characters"))
    } else if value.chars().any(char::is_control) {
        Err("holds a control character".to_owned())
    } else {
        Ok(value)
    }
}

/// A field quoted in an error message, cut to 40 characters.
fn shown(value: &str) -> String {
    let cut: String = value.chars().take(40).collect();
    if cut.len() < value.len() {
        format!("{cut:?}…")
    } else {
        format!("{cut:?}")
    }
}

fn csv_message(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("{len} fields where the header has {expected_len}"),
        csv::ErrorKind::Utf8 { .. } => "not UTF-8".to_owned(),
        _ => "not readable as CSV".to_owned(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    const HEADER: &str =
        "code_departement,annee,indicateur,unite_de_compte,nombre,taux_pour_mille,insee_pop\n";

    #[test]
    fn lines_are_counted_right_whatever_the_line_ends() {
        for end in ["\n", "\r\n"] {
            let text = [HEADER.trim_end(), "13,2016,H,V,1,,", "13,2017,H,V,x,,", ""].join(end);
            let e = parse_ssmsi_csv(&text, "t", "s").unwrap_err();
            assert_eq!(e.line, 3, "{end:?}");
        }
    }

    fn parse(body: &str) -> Result<Vec<ContextSeries>, ContextError> {
        parse_ssmsi_csv(&format!("{HEADER}{body}"), "Bouches-du-Rhône (13)", "SSMSI")
    }

    #[test]
    fn groups_by_indicator_and_unit_and_sorts_years() {
        let series = parse(
            "13,2017,Homicides,Victime,80,0.04,2000000\n\
             13,2016,Homicides,Victime,70,,\n\
             13,2016,Trafic de stupéfiants,Mis en cause,1200,0.6,2000000\n",
        );
        let Ok(series) = series else {
            panic!("refused: {series:?}");
        };
        assert_eq!(series.len(), 2);
        assert_eq!(series[0].indicator, "Homicides");
        let years: Vec<i32> = series[0].points.iter().map(|p| p.year).collect();
        assert_eq!(years, [2016, 2017]);
        assert_eq!(series[0].points[0].rate_per_thousand, None);
        assert_eq!(series[1].licence, SSMSI_LICENCE);
    }

    #[test]
    fn errors_name_the_line_and_column() {
        let cases = [
            ("13,2016,Homicides,Victime,seventy,,\n", 2, Some(NUMBER)),
            (
                "13,2016,Homicides,Victime,70,,\n13,20x6,Homicides,Victime,70,,\n",
                3,
                Some(YEAR),
            ),
            ("13,1850,Homicides,Victime,70,,\n", 2, Some(YEAR)),
            (
                "13,2016,Homicides,Victime,70,,\n13,2016,Homicides,Victime,71,,\n",
                3,
                Some(YEAR),
            ),
            (
                "13,2016,Homicides,Victime,70,,\n83,2017,Homicides,Victime,71,,\n",
                3,
                Some(DEPARTEMENT),
            ),
            ("13,2016,Homicides,Victime,70,abc,\n", 2, Some(RATE)),
            ("13,2016,Homicides,Victime,-70,,\n", 2, Some(NUMBER)),
            ("13,2016,,Victime,70,,\n", 2, Some(INDICATOR)),
            ("13,2016,Homicides,Victime,70\n", 2, None),
        ];
        for (body, line, column) in cases {
            match parse(body) {
                Err(e) => {
                    assert_eq!((e.line, e.column.as_deref()), (line, column), "{body}: {e}");
                }
                Ok(_) => panic!("accepted {body}"),
            }
        }
    }

    #[test]
    fn refuses_missing_columns_and_oversized_files() {
        let no_unit = parse_ssmsi_csv(
            "code_departement,annee,indicateur,nombre\n13,2016,H,1\n",
            "t",
            "s",
        );
        assert!(
            matches!(no_unit, Err(ContextError { line: 1, .. })),
            "{no_unit:?}"
        );
        let semicolons = parse_ssmsi_csv("code_departement;annee\n13;2016\n", "t", "s");
        assert!(format!("{semicolons:?}").contains("semicolons"));
        let big = "x".repeat(MAX_BYTES + 1);
        assert!(matches!(
            parse_ssmsi_csv(&big, "t", "s"),
            Err(ContextError { line: 0, .. })
        ));
        let long = format!("{HEADER}{}", "\n".repeat(MAX_LINES));
        assert!(matches!(
            parse_ssmsi_csv(&long, "t", "s"),
            Err(ContextError { line: 0, .. })
        ));
        assert!(parse("").is_err());
    }

    #[test]
    fn errors_read_well() {
        let e = ContextError::new(3, Some(YEAR), "not a year");
        assert_eq!(e.to_string(), "line 3, column annee: not a year");
    }
}
