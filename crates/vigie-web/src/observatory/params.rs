//! Query parameters of the observatory's pages and of the open-data API, checked by hand so that a
//! refusal names the parameter and says what it accepts (the HTML 400 page, the API's error body).

use vigie_domain::observatory::{EditionSnapshot, IncidentCategory, Month};
use vigie_observatory::{CategoryFilter, MapLevel};

use crate::Lang;

/// What is wrong with a parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Problem {
    /// Not a parameter of this address.
    Unknown,
    /// Given more than once.
    Repeated,
    /// A value it does not accept.
    Invalid,
}

/// A refused query parameter: which, why, and what it accepts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ParamError {
    /// The parameter's name as sent (cut to [`MAX_NAME`] characters).
    pub parameter: String,
    /// Why.
    pub problem: Problem,
    /// What it accepts, language-neutral (codes, `YYYY-MM`, a range of months).
    pub allowed: String,
}

/// Longest parameter name echoed back.
const MAX_NAME: usize = 40;

impl ParamError {
    fn new(parameter: &str, problem: Problem, allowed: String) -> ParamError {
        ParamError {
            parameter: parameter.chars().take(MAX_NAME).collect(),
            problem,
            allowed,
        }
    }

    /// `parameter` does not accept the value sent.
    pub(crate) fn invalid(parameter: &str, allowed: String) -> ParamError {
        ParamError::new(parameter, Problem::Invalid, allowed)
    }

    /// The sentence of the 400 page, in `lang`.
    pub(crate) fn explain(&self, lang: Lang) -> String {
        let key = match self.problem {
            Problem::Unknown => "obs-bad-unknown",
            Problem::Repeated => "obs-bad-repeated",
            Problem::Invalid => "obs-bad-invalid",
        };
        lang.t_args(key, &[("parameter", self.parameter.clone())])
    }

    /// The API's message (English: the API's documentation is English).
    pub(crate) fn message(&self) -> String {
        match self.problem {
            Problem::Unknown => format!(
                "unknown parameter `{}`; accepted parameters: {}",
                self.parameter, self.allowed
            ),
            Problem::Repeated => format!("parameter `{}` is given more than once", self.parameter),
            Problem::Invalid => format!(
                "invalid value for parameter `{}`; accepted: {}",
                self.parameter, self.allowed
            ),
        }
    }
}

/// A request's query, as name and value pairs (decoded).
pub(crate) struct Query<'a>(pub &'a [(String, String)]);

impl<'a> Query<'a> {
    /// Refuses a repeated parameter among `accepted`, and, when `strict`, any other parameter
    /// (the API names typos; the pages ignore what they do not know, such as a tracker's tag).
    pub(crate) fn check(&self, accepted: &[&str], strict: bool) -> Result<(), ParamError> {
        for (i, (name, _)) in self.0.iter().enumerate() {
            if !accepted.contains(&name.as_str()) {
                if strict {
                    return Err(ParamError::new(name, Problem::Unknown, accepted.join(", ")));
                }
                continue;
            }
            if self.0[..i].iter().any(|(n, _)| n == name) {
                return Err(ParamError::new(name, Problem::Repeated, String::new()));
            }
        }
        Ok(())
    }

    /// The value of `name`, if sent.
    pub(crate) fn get(&self, name: &str) -> Option<&'a str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// What `category` accepts.
pub(crate) fn category_codes() -> String {
    std::iter::once("total")
        .chain(IncidentCategory::ALL.iter().map(|c| c.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `category`: `total` or a category code.
pub(crate) fn category(value: &str) -> Result<CategoryFilter, ParamError> {
    if value == "total" {
        return Ok(CategoryFilter::Total);
    }
    value
        .parse::<IncidentCategory>()
        .map(CategoryFilter::One)
        .map_err(|_| ParamError::invalid("category", category_codes()))
}

/// `level`: `arrondissement` or `quartier`.
pub(crate) fn level(value: &str) -> Result<MapLevel, ParamError> {
    match value {
        "arrondissement" => Ok(MapLevel::Arrondissement),
        "quartier" => Ok(MapLevel::Quartier),
        _ => Err(ParamError::invalid(
            "level",
            "arrondissement, quartier".into(),
        )),
    }
}

/// The months an edition covers, as the 400 page and the API say them.
fn coverage(snapshot: &EditionSnapshot) -> String {
    match (snapshot.months.first(), snapshot.months.last()) {
        (Some(first), Some(last)) => format!("YYYY-MM, {} – {}", first.month, last.month),
        _ => "YYYY-MM".into(),
    }
}

/// A month parameter (`from`, `to`): any month written `YYYY-MM`.
pub(crate) fn month(parameter: &str, value: &str) -> Result<Month, ParamError> {
    value
        .parse()
        .map_err(|_| ParamError::invalid(parameter, "YYYY-MM".into()))
}

/// The `month` parameter: a month that `snapshot` covers.
pub(crate) fn covered_month(value: &str, snapshot: &EditionSnapshot) -> Result<Month, ParamError> {
    value
        .parse::<Month>()
        .ok()
        .filter(|m| snapshot.month(*m).is_some())
        .ok_or_else(|| ParamError::invalid("month", coverage(snapshot)))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter().map(|(a, b)| ((*a).into(), (*b).into())).collect()
    }

    #[test]
    fn names_are_checked() {
        let q = pairs(&[("level", "quartier"), ("utm", "x")]);
        assert!(Query(&q).check(&["level"], false).is_ok());
        let e = Query(&q).check(&["level"], true).unwrap_err();
        assert_eq!((e.parameter.as_str(), e.problem), ("utm", Problem::Unknown));
        let q = pairs(&[("level", "quartier"), ("level", "arrondissement")]);
        let e = Query(&q).check(&["level"], false).unwrap_err();
        assert_eq!(e.problem, Problem::Repeated);
        assert!(e.message().contains("`level`"));
    }

    #[test]
    fn values_are_checked() {
        assert_eq!(category("total").unwrap(), CategoryFilter::Total);
        assert_eq!(
            category("homicide").unwrap(),
            CategoryFilter::One(IncidentCategory::Homicide)
        );
        let e = category("Homicide").unwrap_err();
        assert!(e.allowed.starts_with("total, deal_point"), "{}", e.allowed);
        assert_eq!(level("quartier").unwrap(), MapLevel::Quartier);
        assert_eq!(level("").unwrap_err().parameter, "level");
        assert_eq!(month("from", "2026-13").unwrap_err().parameter, "from");
        assert!(
            Lang::Fr
                .t_args("obs-bad-invalid", &[("parameter", "x".into())])
                .contains('x')
        );
    }
}
