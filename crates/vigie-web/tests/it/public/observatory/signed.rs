//! Signed editions (issue 14, item 1), through the real server on each backend: the compact JWS of an
//! edition verified by an independent implementation (Python's jwcrypto, as docs/network.md shows it)
//! with the JWK Set the server publishes; its payload equal, byte for byte, to the edition document;
//! the document's digests equal to the files served; the JWK Set's and the description's shapes; and a
//! rotation to the announced key, after which the old signature still verifies with the retired key.
//!
//! jwcrypto is looked for in `python3` (or `VIGIE_TEST_PYTHON`); without it the independent check is
//! skipped with a message, unless `VIGIE_TEST_REQUIRE_JWCRYPTO=1` (CI sets it, and installs Debian's
//! `python3-jwcrypto`).

use std::path::Path;
use std::process::Command;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;

use super::seed;
use crate::public::servers;

/// The bytes at `path`, with their status and content type.
pub(super) async fn fetch(base: &str, path: &str) -> (u16, String, Vec<u8>) {
    let r = reqwest::get(format!("{base}{path}")).await.unwrap();
    let status = r.status().as_u16();
    let ct = r
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, ct, r.bytes().await.unwrap().to_vec())
}

pub(super) fn python() -> String {
    std::env::var("VIGIE_TEST_PYTHON").unwrap_or_else(|_| "python3".into())
}

/// Whether Python's `module` can be used (Debian's `package`); panics when CI requires the
/// independent checks (`VIGIE_TEST_REQUIRE_JWCRYPTO=1`) and it is missing.
pub(super) fn python_has(module: &str, package: &str) -> bool {
    let ok = Command::new(python())
        .args(["-c", &format!("import {module}")])
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        assert!(
            std::env::var("VIGIE_TEST_REQUIRE_JWCRYPTO").as_deref() != Ok("1"),
            "{module} is required (VIGIE_TEST_REQUIRE_JWCRYPTO=1): install {package}"
        );
        eprintln!(
            "SKIPPED: an independent check needs Python's {module} (apt install {package}); CI runs it"
        );
    }
    ok
}

/// docs/network.md's one-liner: verifies the JWS in the second file (compact or flattened) with the
/// key of the JWK Set in the first that its `kid` names, and writes the payload. (Debian 12's
/// jwcrypto 1.1 takes one key, not a set: the kid picks it.)
const ONE_LINER: &str = "import sys;from jwcrypto import jwk,jws;s=jws.JWS();s.deserialize(open(sys.argv[2]).read());\
s.verify(jwk.JWKSet.from_json(open(sys.argv[1]).read()).get_key(s.jose_header['kid']));\
sys.stdout.buffer.write(s.payload)";

/// [`ONE_LINER`] run in `dir` on `jwks.json` and `file`: the verified payload, or what jwcrypto
/// printed.
fn jwcrypto_verify(dir: &Path, file: &str) -> Result<Vec<u8>, String> {
    let out = Command::new(python())
        .current_dir(dir)
        .args(["-c", ONE_LINER, "jwks.json", file])
        .output()
        .unwrap();
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

/// jwcrypto's own RFC 7638 thumbprint of each key of the set, in order.
fn jwcrypto_thumbprints(dir: &Path) -> Vec<String> {
    let out = Command::new(python())
        .current_dir(dir)
        .args([
            "-c",
            "from jwcrypto import jwk;[print(k.thumbprint()) for k in \
             jwk.JWKSet.from_json(open('jwks.json').read())['keys']]",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

fn protected_header(jws: &str) -> Value {
    let header = jws.split('.').next().unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(header).unwrap()).unwrap()
}

fn payload_of_flattened(body: &[u8]) -> Value {
    let flat: Value = serde_json::from_slice(body).unwrap();
    let payload = URL_SAFE_NO_PAD
        .decode(flat["payload"].as_str().unwrap())
        .unwrap();
    serde_json::from_slice(&payload).unwrap()
}

#[tokio::test]
async fn an_edition_signed_by_the_city_verifies_with_a_standard_jose_library() {
    let independent = python_has("jwcrypto", "python3-jwcrypto");
    for s in servers().await {
        let b = &s.base;
        let seeded = seed(&s.app).await;
        let id = &seeded.latest().id;

        let (status, ct, doc) = fetch(b, &format!("/api/v1/editions/{id}")).await;
        assert_eq!(status, 200);
        assert_eq!(ct, "application/json");
        let (status, ct, jws) = fetch(b, &format!("/api/v1/editions/{id}.jws")).await;
        assert_eq!(status, 200, "{}", String::from_utf8_lossy(&jws));
        assert_eq!(ct, "application/jose");
        let jws = String::from_utf8(jws).unwrap();
        let (status, ct, jwks) = fetch(b, "/.well-known/jwks.json").await;
        assert_eq!((status, ct.as_str()), (200, "application/jwk-set+json"));
        let (status, ct, description) = fetch(b, "/.well-known/vigie.json").await;
        assert_eq!((status, ct.as_str()), (200, "application/jose+json"));

        // The JWS: EdDSA, its kid the current key's; its payload the document, byte for byte.
        let header = protected_header(&jws);
        assert_eq!(header["alg"], "EdDSA");
        let set: Value = serde_json::from_slice(&jwks).unwrap();
        let keys = set["keys"].as_array().unwrap();
        assert_eq!(keys.len(), 1);
        let key = &keys[0];
        assert_eq!(
            (
                key["kty"].as_str(),
                key["crv"].as_str(),
                key["alg"].as_str()
            ),
            (Some("OKP"), Some("Ed25519"), Some("EdDSA"))
        );
        assert!(key.get("d").is_none(), "no private part: {key}");
        assert_eq!(header["kid"], key["kid"]);
        let payload = URL_SAFE_NO_PAD
            .decode(jws.split('.').nth(1).unwrap())
            .unwrap();
        assert_eq!(payload, doc, "the payload is the document as served");
        let x: [u8; 32] = URL_SAFE_NO_PAD
            .decode(key["x"].as_str().unwrap())
            .unwrap()
            .try_into()
            .unwrap();
        let verified = vigie_vault::Unverified::parse(&jws)
            .unwrap()
            .verify(&x)
            .unwrap();
        assert_eq!(verified, doc);

        // The document names the city and signs each file by its digest.
        let d: Value = serde_json::from_slice(&doc).unwrap();
        assert_eq!(d["type"], "vigie-edition");
        assert_eq!(d["city"]["insee"], "13055");
        assert_eq!(d["city"]["name"], "Marseille");
        let files = d["files"].as_array().unwrap();
        let names: Vec<&str> = files.iter().map(|f| f["name"].as_str().unwrap()).collect();
        assert_eq!(
            names,
            [
                "series.json",
                "series.csv",
                "areas.json",
                "areas.csv",
                "areas.geojson"
            ]
        );
        for f in files {
            let (status, ct, bytes) = fetch(b, f["url"].as_str().unwrap()).await;
            assert_eq!(status, 200);
            assert_eq!(ct, f["media_type"].as_str().unwrap());
            assert_eq!(f["bytes"].as_u64(), Some(bytes.len() as u64));
            assert_eq!(
                f["sha256"].as_str().unwrap(),
                vigie_vault::sha256_hex(&bytes),
                "{f}"
            );
        }

        // The description: signed, naming the city, its key with its validity, the next key.
        let desc = payload_of_flattened(&description);
        assert_eq!(desc["type"], "vigie-city");
        assert_eq!(desc["insee"], "13055");
        assert!(desc["population"].as_u64().unwrap() > 800_000);
        assert_eq!(desc["keys"][0]["kid"], key["kid"]);
        assert_eq!(desc["keys"][0]["status"], "current");
        assert!(desc["keys"][0]["valid_until"].is_null());
        let next = desc["next_key"].as_str().unwrap().to_owned();
        assert_eq!(next.len(), 43);
        assert_ne!(next, key["kid"].as_str().unwrap());

        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("jwks.json"), &jwks).unwrap();
        std::fs::write(dir.path().join("edition.jws"), &jws).unwrap();
        std::fs::write(dir.path().join("vigie.json"), &description).unwrap();
        if independent {
            assert_eq!(jwcrypto_verify(dir.path(), "edition.jws").unwrap(), doc);
            let desc_bytes = jwcrypto_verify(dir.path(), "vigie.json").unwrap();
            assert_eq!(serde_json::from_slice::<Value>(&desc_bytes).unwrap(), desc);
            assert_eq!(
                jwcrypto_thumbprints(dir.path()),
                [key["kid"].as_str().unwrap()]
            );
            // One altered byte of the payload: jwcrypto refuses it.
            let mut parts: Vec<String> = jws.split('.').map(str::to_owned).collect();
            let mut altered = doc.clone();
            let at = altered.iter().position(|c| *c == b'5').unwrap();
            altered[at] = b'6';
            parts[1] = URL_SAFE_NO_PAD.encode(&altered);
            std::fs::write(dir.path().join("forged.jws"), parts.join(".")).unwrap();
            let refused = jwcrypto_verify(dir.path(), "forged.jws").unwrap_err();
            assert!(refused.contains("InvalidJWSSignature"), "{refused}");
        }

        // A hub's checks (vigie_app::federation) accept the feed as served, from the fingerprint.
        use vigie_app::federation::{
            MemberTrust, accept_description, read_key_set, verify_edition,
        };
        let keyset = read_key_set(&jwks).unwrap();
        let mut trust = MemberTrust {
            current: key["kid"].as_str().unwrap().to_owned(),
            ..MemberTrust::default()
        };
        accept_description(&mut trust, "13055", &keyset, &description).unwrap();
        let pulled = verify_edition(&trust, "13055", &keyset, jws.as_bytes()).unwrap();
        assert_eq!(pulled.document, doc);
        for f in files {
            let (_, _, bytes) = fetch(b, f["url"].as_str().unwrap()).await;
            pulled
                .check_file(f["name"].as_str().unwrap(), &bytes)
                .unwrap();
        }

        // Rotation: the announced key signs from now on; the old signature still verifies with
        // the retired key, which the set keeps.
        let day =
            vigie_domain::time::day_string(vigie_domain::time::paris_day(s.app.clock().now()));
        vigie_app::rotate_publication_keys(&s.paths.publication_key, &day).unwrap();
        let (_, _, jws2) = fetch(b, &format!("/api/v1/editions/{id}.jws")).await;
        let jws2 = String::from_utf8(jws2).unwrap();
        assert_eq!(protected_header(&jws2)["kid"], next.as_str());
        let (_, _, jwks2) = fetch(b, "/.well-known/jwks.json").await;
        let set2: Value = serde_json::from_slice(&jwks2).unwrap();
        let kids: Vec<&str> = set2["keys"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k["kid"].as_str().unwrap())
            .collect();
        assert_eq!(kids, [next.as_str(), key["kid"].as_str().unwrap()]);
        let (_, _, description2) = fetch(b, "/.well-known/vigie.json").await;
        let desc2 = payload_of_flattened(&description2);
        assert_eq!(desc2["keys"][1]["status"], "retired");
        assert_eq!(desc2["keys"][1]["valid_until"], day.as_str());
        assert_ne!(desc2["next_key"], next.as_str());
        // The hub follows the announced rotation on its own.
        let keyset2 = read_key_set(&jwks2).unwrap();
        accept_description(&mut trust, "13055", &keyset2, &description2).unwrap();
        assert_eq!(trust.current, next);
        let pulled2 = verify_edition(&trust, "13055", &keyset2, jws2.as_bytes()).unwrap();
        assert_eq!(pulled2.document, doc);
        if independent {
            std::fs::write(dir.path().join("jwks.json"), &jwks2).unwrap();
            std::fs::write(dir.path().join("edition2.jws"), &jws2).unwrap();
            assert_eq!(jwcrypto_verify(dir.path(), "edition2.jws").unwrap(), doc);
            assert_eq!(jwcrypto_verify(dir.path(), "edition.jws").unwrap(), doc);
        }

        // Unknown editions: the same 404 as the document's.
        let (status, ct, _) = fetch(b, "/api/v1/editions/1999-01.1.jws").await;
        assert_eq!((status, ct.as_str()), (404, "application/json"));
    }
}
