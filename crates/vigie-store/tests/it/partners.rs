//! The partner directory and the charter's acceptances on both databases: entries round-trip with
//! their clear columns and sealed bytes, one entry per partner account, an update replaces every
//! column, and a charter version is accepted once per account (its audit entry with it).

use vigie_domain::partner::{Agreement, Language, PartnerClear, PartnerKind};
use vigie_domain::{PartnerId, Role, UserId};
use vigie_store::*;

use crate::store::{each_store, entry, fake_hash, inserted_user};

fn partner(account: Option<UserId>, tag: u8) -> PartnerRecord {
    PartnerRecord {
        id: PartnerId::random(),
        clear: PartnerClear {
            kind: PartnerKind::Psychologist,
            areas: vec!["13203".into(), "13214".into()],
            languages: vec![Language::French, Language::Comorian],
            capacity: Some(2),
            agreement: Agreement::Convention,
            police_funded: false,
            active: true,
            account,
        },
        sealed: vec![tag; 90],
    }
}

#[tokio::test]
async fn partner_entries_round_trip_one_per_account() {
    each_store(async |s| {
        let paul = inserted_user(s, "paul", &[Role::Partner]).await;
        let linked = partner(Some(paul.id), 1);
        let mut other = partner(None, 2);
        other.clear.kind = PartnerKind::Housing;
        other.clear.areas = vec!["13201".into()];
        other.clear.languages = vec![Language::FrenchSignLanguage];
        other.clear.capacity = None;
        other.clear.police_funded = true;
        let entries = [entry("partner_changed", "cli", "2026-03-01")];
        s.insert_partner(&linked, &Audit::new(&entries, fake_hash))
            .await
            .unwrap();
        s.insert_partner(&other, &Audit::none()).await.unwrap();
        assert_eq!(
            s.audit_head().await.unwrap().unwrap().kind,
            "partner_changed"
        );
        assert_eq!(s.partner(linked.id).await.unwrap(), Some(linked.clone()));
        assert_eq!(s.partner(other.id).await.unwrap(), Some(other.clone()));
        assert_eq!(s.partner(PartnerId::random()).await.unwrap(), None);
        let mut all = s.partners().await.unwrap();
        all.sort_by_key(|p| p.sealed[0]);
        assert_eq!(all, vec![linked.clone(), other.clone()]);
        assert_eq!(
            s.partner_of_account(paul.id).await.unwrap(),
            Some(linked.clone())
        );
        assert_eq!(s.partner_of_account(UserId::random()).await.unwrap(), None);

        // One entry per account, whether added or edited to name it.
        let dup = s
            .insert_partner(&partner(Some(paul.id), 3), &Audit::none())
            .await;
        assert!(
            matches!(dup, Err(StoreError::Conflict("partner account"))),
            "{dup:?}"
        );
        let mut pointed = other.clone();
        pointed.clear.account = Some(paul.id);
        let dup = s.update_partner(&pointed, &Audit::none()).await;
        assert!(
            matches!(dup, Err(StoreError::Conflict("partner account"))),
            "{dup:?}"
        );

        // An update replaces every column; an entry that is not there is NotFound.
        let mut changed = linked.clone();
        changed.clear.active = false;
        changed.clear.account = None;
        changed.clear.languages = vec![Language::Arabic];
        changed.sealed = vec![9; 120];
        s.update_partner(&changed, &Audit::none()).await.unwrap();
        assert_eq!(s.partner(linked.id).await.unwrap(), Some(changed));
        assert_eq!(s.partner_of_account(paul.id).await.unwrap(), None);
        let missing = s.update_partner(&partner(None, 4), &Audit::none()).await;
        assert!(
            matches!(missing, Err(StoreError::NotFound("partner"))),
            "{missing:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn a_charter_version_is_accepted_once_per_account_with_its_day() {
    each_store(async |s| {
        let paul = inserted_user(s, "paul", &[Role::Partner]).await;
        assert_eq!(s.charter_accepted(paul.id).await.unwrap(), None);
        let accepted = [entry("charter_accepted", "staff", "2026-03-01")];
        s.accept_charter(paul.id, 1, "2026-03-01", &Audit::new(&accepted, fake_hash))
            .await
            .unwrap();
        let seq = s.audit_head().await.unwrap().unwrap().seq;
        // Accepting the same version again keeps the first day and writes no entry.
        let again = [entry("charter_accepted", "staff", "2026-03-02")];
        s.accept_charter(paul.id, 1, "2026-03-02", &Audit::new(&again, fake_hash))
            .await
            .unwrap();
        assert_eq!(s.audit_head().await.unwrap().unwrap().seq, seq);
        assert_eq!(
            s.charter_accepted(paul.id).await.unwrap(),
            Some((1, "2026-03-01".to_owned()))
        );
        s.accept_charter(paul.id, 2, "2026-09-10", &Audit::none())
            .await
            .unwrap();
        assert_eq!(
            s.charter_accepted(paul.id).await.unwrap(),
            Some((2, "2026-09-10".to_owned()))
        );
    })
    .await;
}
