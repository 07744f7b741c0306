//! The hub's side of the network (issue 14, item 2): what it checks in a member city's feed before
//! storing anything. Pure: the caller fetches (over HTTPS, with timeouts and size limits) and stores;
//! these functions only decide, so that every refusal case is tested without a network.
//!
//! Trust starts from the member's key fingerprint, exchanged out of band and written in the hub's
//! configuration. A pull then goes:
//! 1. the JWK Set: each key's `kid` must be its RFC 7638 thumbprint (so a key cannot borrow another's id);
//! 2. the signed description: signed by a trusted key, or by the key the last verified description
//!    announced as next (an announced rotation, accepted on its own); any other key is refused until the
//!    hub's admin confirms it (`vigie hub confirm-key`, which makes it the announced key unless the
//!    member retired it). It must name the member's
//!    INSEE code. Its current key becomes the trusted one, its `next_key` the announced one;
//! 3. each edition: signed by that current key (a retired key signs nothing new), a `vigie-edition` of the
//!    member's INSEE code, newer than what the hub holds (period, then version), each file's SHA-256
//!    and length as its document states.

use std::collections::BTreeMap;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use vigie_vault::{Unverified, thumbprint};

/// Most bytes of a JWK Set, a description or an edition's JWS the hub reads.
pub const MAX_SIGNED_BYTES: usize = 1024 * 1024;

/// Why a member's feed is refused. Shown on the hub's status page; never stored as trusted.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// Larger than the hub accepts.
    #[error("oversized: more than {0} bytes")]
    Oversized(usize),
    /// Not the expected shape.
    #[error("malformed: {0}")]
    Malformed(&'static str),
    /// Signed by a key the hub neither trusts nor was told about in advance.
    #[error(
        "signed by key {0}, which is neither trusted nor announced: the hub's admin must confirm it"
    )]
    UnannouncedKey(String),
    /// Signed by a key the member has retired, or not its current one.
    #[error("signed by key {0}, which is not the member's current key")]
    NotCurrentKey(String),
    /// The signature does not verify: altered on the way, or forged.
    #[error("the signature does not verify (altered or forged)")]
    BadSignature,
    /// Another city's document.
    #[error("names city {found}, not the member's {expected}")]
    OtherCity {
        /// The member's INSEE code.
        expected: String,
        /// The one the document names.
        found: String,
    },
    /// Not newer than what the hub holds.
    #[error("replayed: edition {offered} is not newer than {held}, which the hub holds")]
    Replayed {
        /// The edition held.
        held: String,
        /// The edition offered.
        offered: String,
    },
    /// A file does not match the digest its signed document states.
    #[error("file {0} does not match its signed digest")]
    FileMismatch(String),
}

/// What the hub trusts of one member, kept between pulls (stored as JSON).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberTrust {
    /// The member's current key id (initially the configured fingerprint).
    pub current: String,
    /// The next key its last verified description announced.
    pub announced: Option<String>,
    /// Keys it used before (trusted once, retired by an announced rotation): they sign nothing new.
    pub retired: Vec<String>,
    /// The newest edition held: `(period, version)`.
    pub held: Option<(String, u32)>,
}

/// A JWK Set checked key by key: `kid` to the public key.
pub type KeySet = BTreeMap<String, [u8; 32]>;

fn bounded(bytes: &[u8]) -> Result<(), Refusal> {
    if bytes.len() > MAX_SIGNED_BYTES {
        return Err(Refusal::Oversized(MAX_SIGNED_BYTES));
    }
    Ok(())
}

/// Reads a JWK Set: OKP Ed25519 keys whose `kid` is their thumbprint (others are skipped).
pub fn read_key_set(bytes: &[u8]) -> Result<KeySet, Refusal> {
    bounded(bytes)?;
    #[derive(Deserialize)]
    struct Set {
        keys: Vec<serde_json::Value>,
    }
    let set: Set =
        serde_json::from_slice(bytes).map_err(|_| Refusal::Malformed("the JWK Set is not JSON"))?;
    let mut out = KeySet::new();
    for k in &set.keys {
        if k["kty"] != "OKP" || k["crv"] != "Ed25519" {
            continue;
        }
        let x = k["x"]
            .as_str()
            .and_then(|x| URL_SAFE_NO_PAD.decode(x).ok())
            .and_then(|x| <[u8; 32]>::try_from(x).ok())
            .ok_or(Refusal::Malformed("a key of the set has no 32-byte x"))?;
        let kid = thumbprint(&x);
        if k["kid"].as_str() != Some(kid.as_str()) {
            return Err(Refusal::Malformed("a key's kid is not its thumbprint"));
        }
        out.insert(kid, x);
    }
    Ok(out)
}

/// The verified payload of a compact JWS, and the kid that signed it, if `allowed` accepts the kid.
fn verify_with(
    compact: &str,
    keys: &KeySet,
    allowed: impl FnOnce(&str) -> Result<(), Refusal>,
) -> Result<(String, Vec<u8>), Refusal> {
    let u = Unverified::parse(compact).map_err(|_| Refusal::Malformed("not an EdDSA JWS"))?;
    let kid = u.kid.clone();
    allowed(&kid)?;
    let public = keys.get(&kid).ok_or(Refusal::Malformed(
        "the signing key is not in the member's JWK Set",
    ))?;
    let payload = u.verify(public).map_err(|_| Refusal::BadSignature)?;
    Ok((kid, payload))
}

/// The description's fields the hub uses.
#[derive(Deserialize)]
struct Description {
    r#type: String,
    insee: String,
    next_key: String,
}

/// Checks the member's signed description (a flattened JSON JWS) and moves `trust` forward: the key
/// that signed it becomes current (if it was the announced one: a rotation), its `next_key` announced.
pub fn accept_description(
    trust: &mut MemberTrust,
    insee: &str,
    keys: &KeySet,
    flattened: &[u8],
) -> Result<(), Refusal> {
    bounded(flattened)?;
    #[derive(Deserialize)]
    struct Flat {
        protected: String,
        payload: String,
        signature: String,
    }
    let flat: Flat = serde_json::from_slice(flattened)
        .map_err(|_| Refusal::Malformed("the description is not a flattened JWS"))?;
    let compact = format!("{}.{}.{}", flat.protected, flat.payload, flat.signature);
    let (kid, payload) = verify_with(&compact, keys, |kid| {
        if kid == trust.current || trust.announced.as_deref() == Some(kid) {
            Ok(())
        } else {
            Err(Refusal::UnannouncedKey(kid.to_owned()))
        }
    })?;
    let d: Description = serde_json::from_slice(&payload)
        .map_err(|_| Refusal::Malformed("the description's payload"))?;
    if d.r#type != "vigie-city" {
        return Err(Refusal::Malformed("not a vigie-city description"));
    }
    if d.insee != insee {
        return Err(Refusal::OtherCity {
            expected: insee.to_owned(),
            found: d.insee,
        });
    }
    if kid != trust.current {
        let old = std::mem::replace(&mut trust.current, kid);
        trust.retired.push(old);
    }
    trust.announced = Some(d.next_key).filter(|n| n.len() == 43);
    Ok(())
}

/// A file an edition's signed document names.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct SignedFile {
    /// `series.csv`...
    pub name: String,
    /// Its address on the member's server.
    pub url: String,
    /// Its SHA-256, lowercase hex.
    pub sha256: String,
    /// Its length.
    pub bytes: u64,
}

/// An edition whose signature, city and freshness were checked (its files are checked one by one
/// with [`VerifiedEdition::check_file`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifiedEdition {
    /// `2026-03.1`.
    pub id: String,
    /// `2026-03`.
    pub period: String,
    /// Its version.
    pub version: u32,
    /// The document, exactly as signed.
    pub document: Vec<u8>,
    /// The key that signed it.
    pub kid: String,
    /// Its files.
    pub files: Vec<SignedFile>,
}

/// The edition document's fields the hub checks.
#[derive(Deserialize)]
struct EditionDoc {
    r#type: String,
    id: String,
    period: String,
    version: u32,
    city: CityRef,
    files: Vec<SignedFile>,
}

#[derive(Deserialize)]
struct CityRef {
    insee: String,
}

/// Checks an edition's compact JWS: signed by the member's current key, a `vigie-edition` of its
/// city, newer than what the hub holds.
pub fn verify_edition(
    trust: &MemberTrust,
    insee: &str,
    keys: &KeySet,
    jws: &[u8],
) -> Result<VerifiedEdition, Refusal> {
    bounded(jws)?;
    let text = std::str::from_utf8(jws).map_err(|_| Refusal::Malformed("not text"))?;
    let (kid, document) = verify_with(text.trim_end(), keys, |kid| {
        if kid == trust.current {
            Ok(())
        } else if trust.announced.as_deref() == Some(kid) || trust.retired.iter().any(|r| r == kid)
        {
            // Announced but its description not read yet, or retired.
            Err(Refusal::NotCurrentKey(kid.to_owned()))
        } else {
            Err(Refusal::UnannouncedKey(kid.to_owned()))
        }
    })?;
    let d: EditionDoc = serde_json::from_slice(&document)
        .map_err(|_| Refusal::Malformed("the edition document"))?;
    if d.r#type != "vigie-edition" {
        return Err(Refusal::Malformed("not a vigie-edition document"));
    }
    if d.city.insee != insee {
        return Err(Refusal::OtherCity {
            expected: insee.to_owned(),
            found: d.city.insee,
        });
    }
    if let Some((period, version)) = &trust.held
        && (d.period.as_str(), d.version) <= (period.as_str(), *version)
    {
        return Err(Refusal::Replayed {
            held: format!("{period}.{version}"),
            offered: d.id,
        });
    }
    Ok(d.verified(document, kid))
}

impl EditionDoc {
    /// The edition this document describes, as signed by `kid`.
    fn verified(self, document: Vec<u8>, kid: String) -> VerifiedEdition {
        VerifiedEdition {
            id: self.id,
            period: self.period,
            version: self.version,
            document,
            kid,
            files: self.files,
        }
    }
}

impl VerifiedEdition {
    /// An edition the hub verified at its pull, read back from its store: the document exactly as
    /// signed and the key that signed it (nothing is checked again but its shape).
    pub fn held(document: Vec<u8>, kid: String) -> Result<VerifiedEdition, Refusal> {
        let d: EditionDoc = serde_json::from_slice(&document)
            .map_err(|_| Refusal::Malformed("the edition document"))?;
        Ok(d.verified(document, kid))
    }

    /// Checks the bytes fetched for file `name` against the signed document.
    pub fn check_file(&self, name: &str, bytes: &[u8]) -> Result<(), Refusal> {
        let f = self
            .files
            .iter()
            .find(|f| f.name == name)
            .ok_or(Refusal::Malformed("a file the document does not name"))?;
        if f.bytes != bytes.len() as u64 || f.sha256 != vigie_vault::sha256_hex(bytes) {
            return Err(Refusal::FileMismatch(name.to_owned()));
        }
        Ok(())
    }
}

#[cfg(test)]
#[path = "federation_tests.rs"]
mod tests;
