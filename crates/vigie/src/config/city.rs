//! `[city]`: who publishes (issue 14). The city's name and INSEE code are in every signed edition and in
//! its signed description (`/.well-known/vigie.json`), with the population and a contact.

use super::{Config, ConfigError};

/// `[city]`: the application's [`vigie_app::City`], read as it is; the defaults are Marseille's, the
/// city of the bundled areas.
pub type CityConfig = vigie_app::City;

/// One line of text, not empty, at most `max` characters.
pub(super) fn one_line(key: &str, value: &str, max: usize) -> Result<(), ConfigError> {
    if value.trim().is_empty() || value.chars().count() > max || value.chars().any(char::is_control)
    {
        return Err(ConfigError(format!(
            "`{key}`: one line of 1 to {max} characters"
        )));
    }
    Ok(())
}

impl Config {
    /// `[city]`: a name, an INSEE commune code, a plausible population.
    pub(super) fn validate_city(&self) -> Result<(), ConfigError> {
        let c = &self.city;
        one_line("city.name", &c.name, 100)?;
        if !vigie_app::is_insee_code(&c.insee) {
            return Err(ConfigError(format!(
                "`city.insee` = {:?} is not an INSEE commune code (five characters, like 13055 or 2A004)",
                c.insee
            )));
        }
        if c.population.is_some_and(|p| p == 0 || p > 100_000_000) {
            return Err(ConfigError(
                "`city.population`: between 1 and 100000000".into(),
            ));
        }
        if let Some(s) = &c.population_source {
            one_line("city.population_source", s, 200)?;
        }
        if let Some(s) = &c.contact {
            one_line("city.contact", s, 200)?;
        }
        Ok(())
    }

    /// The city as the application signs it.
    pub fn city(&self) -> vigie_app::City {
        self.city.clone()
    }
}
