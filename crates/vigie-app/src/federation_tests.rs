#![allow(clippy::unwrap_used)]

use vigie_vault::{PublicationKeys, public_jwk};

use super::*;

/// A member city as the hub sees it: its key file, and what it serves.
struct City {
    dir: tempfile::TempDir,
    insee: &'static str,
}

impl City {
    fn new(insee: &'static str) -> City {
        let dir = tempfile::tempdir().unwrap();
        PublicationKeys::create_file(&dir.path().join("publication.key"), "2026-01-01").unwrap();
        City { dir, insee }
    }

    fn keys(&self) -> PublicationKeys {
        PublicationKeys::load_file(&self.dir.path().join("publication.key")).unwrap()
    }

    fn rotate(&self) {
        PublicationKeys::rotate_file(&self.dir.path().join("publication.key"), "2026-06-01")
            .unwrap();
    }

    fn jwks(&self) -> Vec<u8> {
        let keys: Vec<_> = self
            .keys()
            .published()
            .iter()
            .map(|k| public_jwk(&k.public))
            .collect();
        serde_json::to_vec(&serde_json::json!({ "keys": keys })).unwrap()
    }

    fn description(&self) -> Vec<u8> {
        let keys = self.keys();
        let payload = serde_json::json!({
            "type": "vigie-city", "name": "X", "insee": self.insee, "next_key": keys.next_kid(),
        });
        keys.sign_flattened(payload.to_string().as_bytes())
            .into_bytes()
    }

    fn document(&self, period: &str, version: u32, file: &[u8]) -> Vec<u8> {
        serde_json::json!({
            "type": "vigie-edition", "id": format!("{period}.{version}"), "period": period,
            "version": version, "city": { "name": "X", "insee": self.insee },
            "files": [{ "name": "series.csv", "url": "/x", "bytes": file.len(),
                        "sha256": vigie_vault::sha256_hex(file) }],
        })
        .to_string()
        .into_bytes()
    }

    fn edition(&self, period: &str, version: u32, file: &[u8]) -> Vec<u8> {
        self.keys()
            .sign_compact(&self.document(period, version, file))
            .into_bytes()
    }

    /// What a hub configured with this city's fingerprint starts from.
    fn trust(&self) -> MemberTrust {
        MemberTrust {
            current: self.keys().current_kid(),
            ..MemberTrust::default()
        }
    }
}

/// A full pull: key set, description, edition, file.
fn pull(
    trust: &mut MemberTrust,
    city: &City,
    edition: &[u8],
    file: &[u8],
) -> Result<VerifiedEdition, Refusal> {
    let keys = read_key_set(&city.jwks())?;
    accept_description(trust, city.insee, &keys, &city.description())?;
    let e = verify_edition(trust, city.insee, &keys, edition)?;
    e.check_file("series.csv", file)?;
    trust.held = Some((e.period.clone(), e.version));
    Ok(e)
}

#[test]
fn a_correct_pull_is_accepted_then_a_replay_refused() {
    let city = City::new("13055");
    let mut trust = city.trust();
    let e = pull(
        &mut trust,
        &city,
        &city.edition("2026-03", 1, b"a,b\r\n"),
        b"a,b\r\n",
    )
    .unwrap();
    assert_eq!(e.id, "2026-03.1");
    assert_eq!(trust.announced, Some(city.keys().next_kid()));
    // The same edition again, and an older one: replays.
    for (period, version) in [("2026-03", 1), ("2026-02", 4)] {
        let r = pull(
            &mut trust,
            &city,
            &city.edition(period, version, b"x"),
            b"x",
        );
        assert!(matches!(r, Err(Refusal::Replayed { .. })), "{r:?}");
    }
    // A correction of the same month is newer.
    pull(&mut trust, &city, &city.edition("2026-03", 2, b"y"), b"y").unwrap();
}

#[test]
fn forged_altered_other_city_and_bad_files_are_refused() {
    let city = City::new("13055");
    let thief = City::new("13055");
    let keys = read_key_set(&city.jwks()).unwrap();
    let mut trust = city.trust();
    accept_description(&mut trust, "13055", &keys, &city.description()).unwrap();

    // Another key, even one that claims the city: not trusted, not announced.
    let forged = thief.edition("2026-03", 1, b"x");
    let mut both = keys.clone();
    both.extend(read_key_set(&thief.jwks()).unwrap());
    assert!(matches!(
        verify_edition(&trust, "13055", &both, &forged),
        Err(Refusal::UnannouncedKey(_))
    ));
    assert!(matches!(
        accept_description(&mut trust.clone(), "13055", &both, &thief.description()),
        Err(Refusal::UnannouncedKey(_))
    ));

    // The city's own signature over an altered payload.
    let good = String::from_utf8(city.edition("2026-03", 1, b"x")).unwrap();
    let mut parts: Vec<String> = good.split('.').map(str::to_owned).collect();
    parts[1] = URL_SAFE_NO_PAD.encode(city.document("2026-03", 9, b"x"));
    assert_eq!(
        verify_edition(&trust, "13055", &keys, parts.join(".").as_bytes()),
        Err(Refusal::BadSignature)
    );

    // Another city's edition, signed by a key the hub trusts for this member.
    let lyon = City {
        dir: tempfile::tempdir().unwrap(),
        insee: "69123",
    };
    std::fs::copy(
        city.dir.path().join("publication.key"),
        lyon.dir.path().join("publication.key"),
    )
    .unwrap();
    assert!(matches!(
        verify_edition(&trust, "13055", &keys, &lyon.edition("2026-03", 1, b"x")),
        Err(Refusal::OtherCity { .. })
    ));
    assert!(matches!(
        accept_description(&mut trust.clone(), "13055", &keys, &lyon.description()),
        Err(Refusal::OtherCity { .. })
    ));

    // A file that is not the one signed, or cut short.
    let e = verify_edition(&trust, "13055", &keys, good.as_bytes()).unwrap();
    assert_eq!(
        e.check_file("series.csv", b"y"),
        Err(Refusal::FileMismatch("series.csv".into()))
    );
    assert!(e.check_file("series.csv", b"x").is_ok());
    assert!(e.check_file("other.csv", b"x").is_err());

    // Oversized and malformed.
    let huge = vec![b'a'; MAX_SIGNED_BYTES + 1];
    assert_eq!(
        verify_edition(&trust, "13055", &keys, &huge),
        Err(Refusal::Oversized(MAX_SIGNED_BYTES))
    );
    for bad in [&b"not a jws"[..], b"{}", b"a.b.c", &[0xff, 0xfe]] {
        assert!(
            matches!(
                verify_edition(&trust, "13055", &keys, bad),
                Err(Refusal::Malformed(_))
            ),
            "{bad:?}"
        );
    }
    assert!(read_key_set(b"[]").is_err());
    // A key whose kid is not its thumbprint.
    let mut set: serde_json::Value = serde_json::from_slice(&city.jwks()).unwrap();
    set["keys"][0]["kid"] = "someone-else".into();
    assert!(read_key_set(set.to_string().as_bytes()).is_err());
}

#[test]
fn an_announced_rotation_is_accepted_and_the_retired_key_signs_nothing_new() {
    let city = City::new("13055");
    let mut trust = city.trust();
    pull(&mut trust, &city, &city.edition("2026-03", 1, b"x"), b"x").unwrap();
    let old = city.keys();
    city.rotate();
    // The description is now signed by the key the last one announced: accepted.
    pull(&mut trust, &city, &city.edition("2026-04", 1, b"x"), b"x").unwrap();
    assert_eq!(trust.current, city.keys().current_kid());
    // The retired key is still in the set, but signs nothing new.
    let keys = read_key_set(&city.jwks()).unwrap();
    let by_old = old
        .sign_compact(&city.document("2026-05", 1, b"x"))
        .into_bytes();
    assert_eq!(
        verify_edition(&trust, "13055", &keys, &by_old),
        Err(Refusal::NotCurrentKey(old.current_kid()))
    );
    // Two rotations at once: the second key was never announced to the hub.
    city.rotate();
    city.rotate();
    let r = pull(&mut trust, &city, &city.edition("2026-06", 1, b"x"), b"x");
    assert!(matches!(r, Err(Refusal::UnannouncedKey(_))), "{r:?}");
}
