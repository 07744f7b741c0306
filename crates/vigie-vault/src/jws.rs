//! JSON Web Signatures with Ed25519 (RFC 7515, EdDSA per RFC 8037), for what a city publishes.
//!
//! Only formatting is done here: `base64url(header) . base64url(payload) . base64url(signature)`, the
//! signature being ed25519-dalek's over the ASCII of the first two parts (RFC 7515, section 5.1). The
//! protected header is always `{"alg":"EdDSA","kid":"<kid>"}`, written by hand: the kid is base64url, so
//! nothing in it needs escaping. A key's id is its RFC 7638 thumbprint, so that anyone holding the
//! public key computes the same id.
//!
//! Verification takes a compact JWS and the public key a caller already trusts (found by the `kid`),
//! refuses any other algorithm, and returns the payload's bytes exactly as signed.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

/// Why a JWS is refused. One line each, naming what is wrong (never a key).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum JwsError {
    /// Not three base64url parts, or a part does not decode.
    #[error("not a compact JWS (three base64url parts)")]
    Malformed,
    /// The protected header is not JSON naming `alg` EdDSA and a `kid`.
    #[error("the protected header is not {{\"alg\":\"EdDSA\",\"kid\":...}}")]
    Header,
    /// The public key is not an Ed25519 point.
    #[error("not an Ed25519 public key")]
    BadKey,
    /// The signature does not verify under the key.
    #[error("the signature does not verify")]
    Signature,
}

/// The RFC 7638 thumbprint of an Ed25519 public key: SHA-256 of its JWK's required members in
/// lexicographic order, without whitespace, in base64url (43 characters).
pub fn thumbprint(public: &[u8; 32]) -> String {
    let canonical = format!(
        r#"{{"crv":"Ed25519","kty":"OKP","x":"{}"}}"#,
        URL_SAFE_NO_PAD.encode(public)
    );
    URL_SAFE_NO_PAD.encode(Sha256::digest(canonical.as_bytes()))
}

/// SHA-256 of `bytes` in lowercase hexadecimal: how a signed document names a file it covers.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The public JWK (RFC 8037) of `public`, with its `kid` (the thumbprint), `use` and `alg`.
pub fn public_jwk(public: &[u8; 32]) -> serde_json::Value {
    serde_json::json!({
        "kty": "OKP",
        "crv": "Ed25519",
        "x": URL_SAFE_NO_PAD.encode(public),
        "kid": thumbprint(public),
        "use": "sig",
        "alg": "EdDSA",
    })
}

fn protected_header(kid: &str) -> String {
    URL_SAFE_NO_PAD.encode(format!(r#"{{"alg":"EdDSA","kid":"{kid}"}}"#))
}

/// The three parts of a JWS of `payload` signed by `key`: protected header, payload, signature.
fn sign_parts(key: &SigningKey, payload: &[u8]) -> [String; 3] {
    let kid = thumbprint(&key.verifying_key().to_bytes());
    let header = protected_header(&kid);
    let body = URL_SAFE_NO_PAD.encode(payload);
    let signature = key.sign(format!("{header}.{body}").as_bytes());
    [header, body, URL_SAFE_NO_PAD.encode(signature.to_bytes())]
}

/// The compact serialization (RFC 7515, section 7.1) of `payload` signed by `key`.
pub(crate) fn sign_compact(key: &SigningKey, payload: &[u8]) -> String {
    sign_parts(key, payload).join(".")
}

/// The flattened JSON serialization (RFC 7515, section 7.2.2) of `payload` signed by `key`.
pub(crate) fn sign_flattened(key: &SigningKey, payload: &[u8]) -> String {
    let [protected, payload, signature] = sign_parts(key, payload);
    serde_json::json!({
        "payload": payload,
        "protected": protected,
        "signature": signature,
    })
    .to_string()
}

/// A compact JWS taken apart, not yet verified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unverified<'a> {
    /// The `kid` of its protected header: which key to verify with.
    pub kid: String,
    signing_input: &'a str,
    payload: Vec<u8>,
    signature: [u8; 64],
}

impl<'a> Unverified<'a> {
    /// Takes `jws` apart; refuses anything but `alg` EdDSA with a `kid`, and any `crit` member.
    pub fn parse(jws: &'a str) -> Result<Unverified<'a>, JwsError> {
        let mut parts = jws.split('.');
        let (Some(header), Some(payload), Some(signature), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(JwsError::Malformed);
        };
        let decode = |s: &str| URL_SAFE_NO_PAD.decode(s).map_err(|_| JwsError::Malformed);
        let header_json: serde_json::Value =
            serde_json::from_slice(&decode(header)?).map_err(|_| JwsError::Header)?;
        let obj = header_json.as_object().ok_or(JwsError::Header)?;
        if obj.get("alg").and_then(|a| a.as_str()) != Some("EdDSA") || obj.contains_key("crit") {
            return Err(JwsError::Header);
        }
        let kid = obj
            .get("kid")
            .and_then(|k| k.as_str())
            .ok_or(JwsError::Header)?
            .to_owned();
        let signature: [u8; 64] = decode(signature)?
            .try_into()
            .map_err(|_| JwsError::Malformed)?;
        Ok(Unverified {
            kid,
            signing_input: &jws[..header.len() + 1 + payload.len()],
            payload: decode(payload)?,
            signature,
        })
    }

    /// The payload, once the signature verifies under `public` (strict Ed25519 verification).
    pub fn verify(self, public: &[u8; 32]) -> Result<Vec<u8>, JwsError> {
        let key = VerifyingKey::from_bytes(public).map_err(|_| JwsError::BadKey)?;
        key.verify_strict(
            self.signing_input.as_bytes(),
            &Signature::from_bytes(&self.signature),
        )
        .map_err(|_| JwsError::Signature)?;
        Ok(self.payload)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// RFC 8037, appendix A: the key, its thumbprint and the JWS of "Example of Ed25519 signing".
    #[test]
    fn matches_rfc_8037_appendix_a() {
        let d = URL_SAFE_NO_PAD
            .decode("nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A")
            .unwrap();
        let key = SigningKey::from_bytes(&d.try_into().unwrap());
        let public = key.verifying_key().to_bytes();
        assert_eq!(
            URL_SAFE_NO_PAD.encode(public),
            "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"
        );
        assert_eq!(
            thumbprint(&public),
            "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"
        );
        // The appendix's header has no kid; the signing itself is checked on its exact input.
        let input = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc";
        assert_eq!(
            URL_SAFE_NO_PAD.encode(key.sign(input.as_bytes()).to_bytes()),
            "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg"
        );
    }

    #[test]
    fn round_trips_and_refuses_tampering() {
        let key = SigningKey::from_bytes(&[7; 32]);
        let public = key.verifying_key().to_bytes();
        let jws = sign_compact(&key, b"{\"a\":1}");
        let parsed = Unverified::parse(&jws).unwrap();
        assert_eq!(parsed.kid, thumbprint(&public));
        assert_eq!(parsed.verify(&public).unwrap(), b"{\"a\":1}");
        let other = SigningKey::from_bytes(&[8; 32]).verifying_key().to_bytes();
        assert_eq!(
            Unverified::parse(&jws).unwrap().verify(&other),
            Err(JwsError::Signature)
        );
        let mut parts: Vec<&str> = jws.split('.').collect();
        let altered = URL_SAFE_NO_PAD.encode(b"{\"a\":2}");
        parts[1] = &altered;
        let forged = parts.join(".");
        assert_eq!(
            Unverified::parse(&forged).unwrap().verify(&public),
            Err(JwsError::Signature)
        );
        for bad in ["", "a.b", "a.b.c.d", "!!.e30.AA"] {
            assert!(Unverified::parse(bad).is_err(), "{bad}");
        }
        let none = format!(
            "{}.{}.{}",
            URL_SAFE_NO_PAD.encode(r#"{"alg":"none","kid":"x"}"#),
            parts[1],
            parts[2]
        );
        assert_eq!(Unverified::parse(&none), Err(JwsError::Header));
    }

    #[test]
    fn the_flattened_form_carries_the_same_parts() {
        let key = SigningKey::from_bytes(&[9; 32]);
        let compact = sign_compact(&key, b"hello");
        let flat: serde_json::Value =
            serde_json::from_str(&sign_flattened(&key, b"hello")).unwrap();
        let joined = format!(
            "{}.{}.{}",
            flat["protected"].as_str().unwrap(),
            flat["payload"].as_str().unwrap(),
            flat["signature"].as_str().unwrap()
        );
        assert_eq!(joined, compact);
    }
}
