//! A hub pulling a member city's feed over real HTTP (issue 14, item 2), on each backend: a correct
//! pull of every edition with its files, nothing more the second time, an announced rotation followed,
//! and the refusals: another city, a key that is not the member's, a member down, a plain-HTTP address.

use std::time::Duration;

use vigie_app::federation::{MemberTrust, Refusal};
use vigie_app::hub::{Member, PullError, client, pull_member};

use super::seed;
use crate::public::servers;

fn member(base: &str, insee: &str, fingerprint: &str) -> Member {
    Member {
        name: "Marseille".into(),
        insee: insee.into(),
        url: base.into(),
        fingerprint: fingerprint.into(),
    }
}

fn trust_from(m: &Member) -> MemberTrust {
    MemberTrust {
        current: m.fingerprint.clone(),
        ..MemberTrust::default()
    }
}

#[tokio::test]
async fn a_hub_pulls_verifies_and_refuses_member_feeds() {
    let http = client(Duration::from_secs(10)).unwrap();
    for s in servers().await {
        let seeded = seed(&s.app).await;
        let kid = s.app.publication_keys().unwrap().current_kid();
        let m = member(&s.base, "13055", &kid);

        let first = pull_member(&http, &m, &trust_from(&m)).await;
        assert!(first.stopped.is_none(), "{:?}", first.stopped);
        let ids: Vec<&str> = first.pulled.iter().map(|p| p.edition.id.as_str()).collect();
        let want: Vec<&str> = seeded.editions.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, want, "every edition, oldest first");
        for p in &first.pulled {
            assert_eq!(p.files.len(), 5);
            let served = reqwest::get(format!("{}/api/v1/editions/{}", s.base, p.edition.id))
                .await
                .unwrap()
                .bytes()
                .await
                .unwrap();
            assert_eq!(p.edition.document, served.to_vec());
        }
        // Nothing new: nothing pulled, nothing refused.
        let again = pull_member(&http, &m, &first.trust).await;
        assert!(
            again.stopped.is_none() && again.pulled.is_empty(),
            "{again:?}"
        );

        // The city rotates to its announced key: the hub follows on its own.
        let day =
            vigie_domain::time::day_string(vigie_domain::time::paris_day(s.app.clock().now()));
        vigie_app::rotate_publication_keys(&s.paths.publication_key, &day).unwrap();
        let rotated = pull_member(&http, &m, &first.trust).await;
        assert!(rotated.stopped.is_none(), "{:?}", rotated.stopped);
        assert_eq!(
            rotated.trust.current,
            s.app.publication_keys().unwrap().current_kid()
        );
        // A hub that never saw the announcement (configured with the old key, nothing held):
        // the new key is not one it knows.
        let late = pull_member(&http, &m, &trust_from(&m)).await;
        assert!(
            matches!(
                late.stopped,
                Some(PullError::Refused(Refusal::UnannouncedKey(_)))
            ),
            "{:?}",
            late.stopped
        );

        // Another city's feed at the member's address.
        let lyon = member(&s.base, "69123", &rotated.trust.current);
        let other = pull_member(&http, &lyon, &trust_from(&lyon)).await;
        assert!(
            matches!(
                other.stopped,
                Some(PullError::Refused(Refusal::OtherCity { .. }))
            ),
            "{:?}",
            other.stopped
        );
        assert!(other.pulled.is_empty());
        // A fingerprint that is not the member's key.
        let stranger = vigie_vault::PublicationKeys::generate("2026-01-01")
            .unwrap()
            .current_kid();
        let forged = member(&s.base, "13055", &stranger);
        let r = pull_member(&http, &forged, &trust_from(&forged)).await;
        assert!(
            matches!(
                r.stopped,
                Some(PullError::Refused(Refusal::UnannouncedKey(_)))
            ),
            "{:?}",
            r.stopped
        );
        // A member that does not answer, and an address the hub may not use.
        let down = member("http://127.0.0.1:1", "13055", &kid);
        let r = pull_member(&http, &down, &trust_from(&down)).await;
        assert!(
            matches!(r.stopped, Some(PullError::Unreachable(_))),
            "{:?}",
            r.stopped
        );
        let plain = member("http://vigie.example.org", "13055", &kid);
        let r = pull_member(&http, &plain, &trust_from(&plain)).await;
        assert!(
            matches!(r.stopped, Some(PullError::Address(_))),
            "{:?}",
            r.stopped
        );
    }
}
