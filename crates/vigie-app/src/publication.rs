//! What a city signs for the network (issue 14, item 1): its editions' documents as compact JWS, its
//! public keys as a JWK Set, and its description (name, INSEE code, population, contact, keys with
//! their validity, the next key's thumbprint) as a flattened JWS.
//!
//! The keys live in their own key file (`vigie_vault::PublicationKeys`), read at each use: the file is
//! small, and a rotation by `vigie keys rotate-publication` then takes effect without a restart. An
//! instance made before publication keys existed gets its file at the first need.

use std::path::Path;

use serde::{Deserialize, Serialize};
use vigie_domain::time::{day_string, paris_day};
use vigie_vault::{PublicationKeys, public_jwk};

use crate::{App, AppError, Result};

/// Who publishes: the city, as its description and every edition name it (and as the `[city]`
/// section of the configuration file gives it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct City {
    /// Its name, `Marseille`.
    pub name: String,
    /// Its INSEE commune code (code officiel géographique), `13055`.
    pub insee: String,
    /// Its population, when configured (INSEE's legal figures).
    pub population: Option<u64>,
    /// Where that population comes from (`INSEE, recensement 2017`).
    pub population_source: Option<String>,
    /// Whom to write to about its figures (an address or a URL), when configured.
    pub contact: Option<String>,
}

impl Default for City {
    /// Marseille, the city of the bundled areas: its population is the sum of the arrondissements'
    /// municipal populations of the bundled map (INSEE, 2017 census).
    fn default() -> Self {
        City {
            name: "Marseille".into(),
            insee: "13055".into(),
            population: Some(861_635),
            population_source: Some("INSEE, recensement 2017 (population municipale)".into()),
            contact: None,
        }
    }
}

/// Whether `code` has the shape of an INSEE commune code: five characters, digits, with `2A` or `2B`
/// as the département of Corsica.
pub fn is_insee_code(code: &str) -> bool {
    let b = code.as_bytes();
    b.len() == 5
        && b[0].is_ascii_digit()
        && (b[1].is_ascii_digit() || (b[0] == b'2' && matches!(b[1], b'A' | b'B')))
        && b[2..].iter().all(u8::is_ascii_digit)
}

/// A key as the description lists it.
#[derive(Clone, Debug, Serialize)]
struct KeyItem {
    kid: String,
    status: &'static str,
    valid_from: String,
    valid_until: Option<String>,
}

/// The signed description's payload.
#[derive(Clone, Debug, Serialize)]
struct Description<'a> {
    /// Tells this document from an edition.
    r#type: &'static str,
    name: &'a str,
    insee: &'a str,
    population: Option<u64>,
    population_source: Option<&'a str>,
    contact: Option<&'a str>,
    keys: Vec<KeyItem>,
    next_key: String,
    jwks: &'static str,
    editions: &'static str,
}

/// The file name of the publication keys in a data directory.
pub const PUBLICATION_KEY_FILE: &str = "publication.key";

fn key_error(path: &Path, e: impl std::fmt::Display) -> AppError {
    AppError::KeyFile(format!(
        "publication keys {}: {e} (see docs/network.md)",
        path.display()
    ))
}

/// Today as the key file writes it (Europe/Paris).
fn today(app: &App) -> String {
    day_string(paris_day(app.clock().now()))
}

/// Creates the publication keys at `vigie init` (keeping a file that is there: the keys are the
/// city's, not the database's), dated to the day.
pub(crate) fn create_at_init(path: &Path, today: &str) -> Result<()> {
    PublicationKeys::load_or_create(path, today).map_err(|e| key_error(path, e))?;
    vigie_store::day_files::stamp_with_parent(path).map_err(|e| key_error(path, e))
}

/// Rotates the publication keys in `path` (`vigie keys rotate-publication`): the announced next key
/// signs from `today`, the current one is retired, a new next key is announced.
pub fn rotate_publication_keys(path: &Path, today: &str) -> Result<PublicationKeys> {
    let keys = PublicationKeys::rotate_file(path, today).map_err(|e| key_error(path, e))?;
    vigie_store::day_files::stamp_with_parent(path).map_err(|e| key_error(path, e))?;
    Ok(keys)
}

impl App {
    /// The publication keys in `path`, created (dated `today`) when there are none: for
    /// `vigie keys publication`, which needs no database.
    pub fn publication_keys_file(path: &Path, today: &str) -> Result<PublicationKeys> {
        let created = !path.exists();
        let keys = PublicationKeys::load_or_create(path, today).map_err(|e| key_error(path, e))?;
        if created {
            vigie_store::day_files::stamp_with_parent(path).map_err(|e| key_error(path, e))?;
        }
        Ok(keys)
    }

    /// Who publishes.
    pub fn city(&self) -> &City {
        &self.inner.settings.city
    }

    /// The publication keys, read from their file (created at the first need).
    pub fn publication_keys(&self) -> Result<PublicationKeys> {
        let path = &self.inner.publication_key;
        PublicationKeys::load_or_create(path, &today(self)).map_err(|e| key_error(path, e))
    }

    /// `document` signed by the current publication key, as a compact JWS.
    pub fn sign_publication(&self, document: &[u8]) -> Result<String> {
        Ok(self.publication_keys()?.sign_compact(document))
    }

    /// The JWK Set (RFC 7517) of the current and retired public keys, current first.
    pub fn jwks_json(&self) -> Result<Vec<u8>> {
        let keys = self.publication_keys()?;
        let set: Vec<_> = keys
            .published()
            .iter()
            .map(|k| public_jwk(&k.public))
            .collect();
        serde_json::to_vec(&serde_json::json!({ "keys": set }))
            .map_err(|e| AppError::Invalid(e.to_string()))
    }

    /// The city's description, signed by the current key (flattened JSON JWS).
    pub fn city_description_jws(&self) -> Result<String> {
        let keys = self.publication_keys()?;
        let city = self.city();
        let description = Description {
            r#type: "vigie-city",
            name: &city.name,
            insee: &city.insee,
            population: city.population,
            population_source: city.population_source.as_deref(),
            contact: city.contact.as_deref(),
            keys: keys
                .published()
                .into_iter()
                .map(|k| KeyItem {
                    status: if k.until.is_none() {
                        "current"
                    } else {
                        "retired"
                    },
                    kid: k.kid,
                    valid_from: k.since,
                    valid_until: k.until,
                })
                .collect(),
            next_key: keys.next_kid(),
            jwks: "/.well-known/jwks.json",
            editions: "/api/v1/editions",
        };
        let payload =
            serde_json::to_vec(&description).map_err(|e| AppError::Invalid(e.to_string()))?;
        Ok(keys.sign_flattened(&payload))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insee_codes_are_recognised() {
        for good in ["13055", "75056", "2A004", "2B033", "97411"] {
            assert!(is_insee_code(good), "{good}");
        }
        for bad in ["", "1305", "130555", "3A004", "2C004", "13O55", "2a004"] {
            assert!(!is_insee_code(bad), "{bad}");
        }
    }
}
