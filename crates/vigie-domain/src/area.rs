//! Areas: the two levels of place a report may name (arrondissement, quartier). They are data, not code:
//! an instance loads its city's list (for Marseille, `data/areas/marseille/*.csv`), so that another city
//! configures its own. This module parses the text; reading the files is the caller's business.

use std::collections::BTreeMap;

use thiserror::Error;

/// An area of the first level (Marseille: an arrondissement, INSEE code `13201`..`13216`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct District {
    /// Stable code (INSEE), what reports store.
    pub code: String,
    /// Display name.
    pub name: String,
}

/// An area of the second level (Marseille: a quartier, code `1320101`...).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Neighbourhood {
    /// Stable code.
    pub code: String,
    /// Display name.
    pub name: String,
    /// The district it belongs to.
    pub district: String,
}

/// The instance's area list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AreaList {
    districts: Vec<District>,
    neighbourhoods: Vec<Neighbourhood>,
    by_code: BTreeMap<String, usize>,
}

/// Why an area file was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AreaError {
    /// A line has fewer columns than needed, or a column is missing from the header.
    #[error("area list, line {line}: {what}")]
    Malformed {
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        what: &'static str,
    },
    /// The same code twice.
    #[error("area list: code {0} appears twice")]
    Duplicate(String),
    /// A quartier names a district that is not in the list.
    #[error("area list: quartier {0} belongs to an unknown district")]
    UnknownDistrict(String),
    /// No district at all.
    #[error("area list: no district")]
    Empty,
}

/// Splits a simple CSV line (no quoting needed by our files; quoted fields are accepted without
/// embedded quotes or commas).
fn fields(line: &str) -> Vec<&str> {
    line.split(',')
        .map(|f| f.trim().trim_matches('"'))
        .collect()
}

fn column(header: &[&str], name: &'static str, line: usize) -> Result<usize, AreaError> {
    header
        .iter()
        .position(|h| *h == name)
        .ok_or(AreaError::Malformed { line, what: name })
}

impl AreaList {
    /// Parses the districts file (columns `code`, `nom`) and the neighbourhoods file (columns
    /// `code_qua`, `nom`, `arrondissement_code`).
    pub fn parse(districts_csv: &str, neighbourhoods_csv: &str) -> Result<AreaList, AreaError> {
        let mut list = AreaList::default();
        let mut lines = districts_csv
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty());
        let (_, header) = lines.next().ok_or(AreaError::Empty)?;
        let header = fields(header);
        let (code_col, name_col) = (column(&header, "code", 1)?, column(&header, "nom", 1)?);
        for (i, line) in lines {
            let f = fields(line);
            let (Some(code), Some(name)) = (f.get(code_col), f.get(name_col)) else {
                return Err(AreaError::Malformed {
                    line: i + 1,
                    what: "missing column",
                });
            };
            list.add_code(code)?;
            list.districts.push(District {
                code: (*code).to_owned(),
                name: (*name).to_owned(),
            });
        }
        if list.districts.is_empty() {
            return Err(AreaError::Empty);
        }
        let mut lines = neighbourhoods_csv
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty());
        if let Some((_, header)) = lines.next() {
            let header = fields(header);
            let code_col = column(&header, "code_qua", 1)?;
            let name_col = column(&header, "nom", 1)?;
            let district_col = column(&header, "arrondissement_code", 1)?;
            for (i, line) in lines {
                let f = fields(line);
                let (Some(code), Some(name), Some(district)) =
                    (f.get(code_col), f.get(name_col), f.get(district_col))
                else {
                    return Err(AreaError::Malformed {
                        line: i + 1,
                        what: "missing column",
                    });
                };
                if list.district(district).is_none() {
                    return Err(AreaError::UnknownDistrict((*code).to_owned()));
                }
                list.add_code(code)?;
                list.neighbourhoods.push(Neighbourhood {
                    code: (*code).to_owned(),
                    name: (*name).to_owned(),
                    district: (*district).to_owned(),
                });
            }
        }
        Ok(list)
    }

    fn add_code(&mut self, code: &str) -> Result<(), AreaError> {
        let index = self.by_code.len();
        if self.by_code.insert(code.to_owned(), index).is_some() {
            return Err(AreaError::Duplicate(code.to_owned()));
        }
        Ok(())
    }

    /// Marseille's 16 arrondissements and 111 quartiers, shipped with vigie: the default when the
    /// configuration names no area files.
    pub fn marseille() -> Result<AreaList, AreaError> {
        AreaList::parse(
            include_str!("../../../data/areas/marseille/arrondissements.csv"),
            include_str!("../../../data/areas/marseille/quartiers.csv"),
        )
    }

    /// Every district, in file order.
    pub fn districts(&self) -> &[District] {
        &self.districts
    }

    /// Every district's code, in file order.
    pub fn district_codes(&self) -> Vec<String> {
        self.districts.iter().map(|d| d.code.clone()).collect()
    }

    /// The district with this code.
    pub fn district(&self, code: &str) -> Option<&District> {
        self.districts.iter().find(|d| d.code == code)
    }

    /// The neighbourhoods of a district, in file order.
    pub fn neighbourhoods_of<'a>(
        &'a self,
        district: &'a str,
    ) -> impl Iterator<Item = &'a Neighbourhood> + 'a {
        self.neighbourhoods
            .iter()
            .filter(move |n| n.district == district)
    }

    /// The neighbourhood with this code.
    pub fn neighbourhood(&self, code: &str) -> Option<&Neighbourhood> {
        self.neighbourhoods.iter().find(|n| n.code == code)
    }
}

/// Two arrondissements and a quartier in each, for the domain's tests.
#[cfg(test)]
#[allow(clippy::unwrap_used)]
pub(crate) fn test_areas() -> AreaList {
    AreaList::parse(
        "code,nom\n13201,Marseille 1er\n13203,Marseille 3e\n",
        "code_qua,nom,arrondissement_code\n1320101,Belsunce,13201\n1320301,Saint-Mauront,13203\n",
    )
    .unwrap()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const D: &str = "code,nom,secteur\n13201,Marseille 1er Arrondissement,1\n13202,Marseille 2e Arrondissement,2\n";
    const Q: &str =
        "code_qua,nom,arrondissement_code\n1320101,Belsunce,13201\n1320201,Arenc,13202\n";

    #[test]
    fn parses_two_levels() {
        let a = AreaList::parse(D, Q).unwrap();
        assert_eq!(a.districts().len(), 2);
        assert_eq!(
            a.district("13202").map(|d| d.name.as_str()),
            Some("Marseille 2e Arrondissement")
        );
        assert_eq!(
            a.neighbourhoods_of("13201")
                .map(|n| n.name.as_str())
                .collect::<Vec<_>>(),
            ["Belsunce"]
        );
        assert_eq!(
            a.neighbourhood("1320201").map(|n| n.district.as_str()),
            Some("13202")
        );
        assert!(a.district("13299").is_none());
    }

    #[test]
    fn refuses_bad_lists() {
        assert_eq!(AreaList::parse("", Q), Err(AreaError::Empty));
        assert!(matches!(
            AreaList::parse("nom\nx\n", ""),
            Err(AreaError::Malformed { .. })
        ));
        assert!(matches!(
            AreaList::parse("code,nom\n1,a\n1,b\n", ""),
            Err(AreaError::Duplicate(_))
        ));
        assert!(matches!(
            AreaList::parse(D, "code_qua,nom,arrondissement_code\n9,x,99999\n"),
            Err(AreaError::UnknownDistrict(_))
        ));
    }

    #[test]
    fn marseille_ships_sixteen_arrondissements_and_their_quartiers() {
        let a = AreaList::parse(
            include_str!("../../../data/areas/marseille/arrondissements.csv"),
            include_str!("../../../data/areas/marseille/quartiers.csv"),
        )
        .unwrap();
        let codes: Vec<&str> = a.districts().iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes.len(), 16);
        assert_eq!((codes[0], codes[15]), ("13201", "13216"));
        let quartiers: usize = codes.iter().map(|c| a.neighbourhoods_of(c).count()).sum();
        assert_eq!(quartiers, 111);
    }
}
