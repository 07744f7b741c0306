//! How the observatory's pages write months, dates, counts and names in the reader's language.

use chrono::{DateTime, Datelike, Utc};
use vigie_domain::area::AreaList;
use vigie_domain::observatory::{IncidentCategory, Month};
use vigie_domain::time::paris_day;
use vigie_observatory::{CategoryFilter, MapLevel};

use crate::Lang;

fn month_name(lang: Lang, month: u32) -> String {
    lang.t(&format!("obs-month-{month}"))
}

/// `mars 2026`, `March 2026`.
pub(crate) fn month_label(lang: Lang, m: Month) -> String {
    lang.t_args(
        "obs-month-label",
        &[
            ("name", month_name(lang, m.month())),
            ("year", m.year().to_string()),
        ],
    )
}

/// The day of `at` in Marseille: `2 avril 2026`, `2 April 2026`.
pub(crate) fn date_label(lang: Lang, at: DateTime<Utc>) -> String {
    let day = paris_day(at);
    lang.t_args(
        "obs-date",
        &[
            ("day", day.day().to_string()),
            ("name", month_name(lang, day.month())),
            ("year", day.year().to_string()),
        ],
    )
}

/// A count with the language's digit grouping: `12 345` (narrow no-break space) or `12,345`.
pub(crate) fn count(lang: Lang, n: u64) -> String {
    let digits = n.to_string();
    let sep = match lang {
        Lang::Fr => "\u{202f}",
        // Arabic pages show no observatory figures; Western digits, grouped as in English.
        Lang::En | Lang::Ar => ",",
    };
    let mut out = String::with_capacity(digits.len() + 8);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(c);
    }
    out
}

/// A published value: the count, or `< k` when suppressed.
pub(crate) fn value(lang: Lang, v: Option<u64>, k: u32) -> String {
    v.map_or_else(|| format!("< {k}"), |n| count(lang, n))
}

/// A change between two months: `+5`, `-3`, `0`, or "not computable" when either is suppressed.
pub(crate) fn change(lang: Lang, c: Option<i64>) -> String {
    match c {
        Some(c) if c > 0 => format!("+{}", count(lang, c.unsigned_abs())),
        Some(c) if c < 0 => format!("-{}", count(lang, c.unsigned_abs())),
        Some(_) => "0".into(),
        None => lang.t("obs-change-none"),
    }
}

/// A category's name; `None` is every category together.
pub(crate) fn category_label(lang: Lang, c: Option<IncidentCategory>) -> String {
    match c {
        Some(c) => lang.t(&format!("obs-category-{}", c.as_str().replace('_', "-"))),
        None => lang.t("obs-category-total"),
    }
}

/// The name of a category filter.
pub(crate) fn filter_label(lang: Lang, f: CategoryFilter) -> String {
    match f {
        CategoryFilter::Total => category_label(lang, None),
        CategoryFilter::One(c) => category_label(lang, Some(c)),
    }
}

/// The code of a category filter, as the query and the open data write it.
pub(crate) fn filter_code(f: CategoryFilter) -> &'static str {
    match f {
        CategoryFilter::Total => "total",
        CategoryFilter::One(c) => c.as_str(),
    }
}

/// The category a filter keeps (`None`: the total).
pub(crate) fn filter_category(f: CategoryFilter) -> Option<IncidentCategory> {
    match f {
        CategoryFilter::Total => None,
        CategoryFilter::One(c) => Some(c),
    }
}

/// An area's name from the instance's area list; its code when unknown.
pub(crate) fn area_name(areas: &AreaList, code: &str) -> String {
    areas
        .district(code)
        .map(|d| d.name.clone())
        .or_else(|| areas.neighbourhood(code).map(|n| n.name.clone()))
        .unwrap_or_else(|| code.to_owned())
}

/// `arrondissements` or `quartiers`, in a sentence.
pub(crate) fn level_plural(lang: Lang, level: MapLevel) -> String {
    lang.t(&format!("obs-level-{}-plural", level.as_str()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn months_dates_and_counts() {
        let m = Month::new(2026, 3).unwrap();
        assert_eq!(month_label(Lang::Fr, m), "mars 2026");
        assert_eq!(month_label(Lang::En, m), "March 2026");
        // 23:30 UTC on 31 March is 1 April in Marseille.
        let at = Utc.with_ymd_and_hms(2026, 3, 31, 23, 30, 0).unwrap();
        assert_eq!(date_label(Lang::Fr, at), "1 avril 2026");
        assert_eq!(date_label(Lang::En, at), "1 April 2026");
        assert_eq!(count(Lang::Fr, 1_234_567), "1\u{202f}234\u{202f}567");
        assert_eq!(count(Lang::En, 12_345), "12,345");
        assert_eq!(count(Lang::En, 999), "999");
        assert_eq!(value(Lang::Fr, None, 5), "< 5");
        assert_eq!(change(Lang::En, Some(-3)), "-3");
        assert_eq!(change(Lang::En, Some(4)), "+4");
        for c in IncidentCategory::ALL {
            for lang in Lang::ALL {
                assert!(!category_label(lang, Some(*c)).starts_with("obs-"), "{c}");
            }
        }
    }
}
