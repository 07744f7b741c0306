//! The hub admin's confirmation of a member's key made while the hub pulls that member (issue 14,
//! item 2), on each backend, interleaved deterministically: the pull reads the member's trust, the
//! confirmation is made while the member answers the pull, then the pull saves. The store refuses
//! the pull's save (the trust is no longer what it read), the pull is made again from the confirmed
//! trust; a confirmation in each try drops the pull with the refusal recorded. No confirmation is
//! ever overwritten, and the store's own compare-and-set refuses a save made from a stale read.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use vigie_app::App;
use vigie_app::hub::{Federation, Member, PullReport};
use vigie_domain::AuditActor;
use vigie_store::{MemberWrite, StoreError};

use crate::public::servers_where;
use crate::staff::audit_of_kind;

const LYON: &str = "69123";

/// A member that answers every request with 503, after confirming on the hub, during the pull, the
/// next key queued (last first).
#[derive(Default)]
struct Stub {
    hub: Mutex<Option<App>>,
    confirm: Mutex<Vec<String>>,
}

async fn answer(State(stub): State<Arc<Stub>>) -> StatusCode {
    let next = stub.confirm.lock().unwrap().pop();
    let hub = stub.hub.lock().unwrap().clone();
    if let (Some(kid), Some(hub)) = (next, hub) {
        hub.confirm_member_key(AuditActor::Cli, LYON, &kid)
            .await
            .unwrap();
    }
    StatusCode::SERVICE_UNAVAILABLE
}

fn new_kid() -> String {
    vigie_vault::PublicationKeys::generate("2026-01-01")
        .unwrap()
        .current_kid()
}

/// Pulls the member, with `keys` confirmed during the pull, in this order: its report, and the key
/// the hub holds as announced.
async fn pull_while_confirming(
    hub: &App,
    stub: &Stub,
    keys: &[&String],
) -> (PullReport, Option<String>) {
    *stub.confirm.lock().unwrap() = keys.iter().rev().map(|k| (*k).clone()).collect();
    let mut reports = hub.pull_network().await.unwrap();
    assert!(stub.confirm.lock().unwrap().is_empty());
    let status = hub.hub_status().await.unwrap();
    (reports.remove(0), status[0].trust.announced.clone())
}

#[tokio::test]
async fn a_confirmation_made_during_a_pull_is_never_overwritten() {
    let stub = Arc::new(Stub::default());
    let router = axum::Router::new()
        .fallback(answer)
        .with_state(stub.clone());
    let url = vigie_testkit::server::serve(router, vigie_web::ServeOptions::default()).await;
    let member = Member {
        name: "Lyon".into(),
        insee: LYON.into(),
        url,
        fingerprint: new_kid(),
    };
    let servers = servers_where(|s| {
        s.federation = Some(Federation {
            members: vec![member],
            every: Duration::from_secs(60),
            stale_after: Duration::from_secs(180),
            timeout: Duration::from_secs(10),
        })
    })
    .await;
    for s in servers {
        let hub = &s.app;
        *stub.hub.lock().unwrap() = Some(hub.clone());
        let status = || async move { hub.store().hub_member(LYON).await.unwrap().unwrap().status };

        // The first pull: the confirmation made first stores the member's row, the pull's insert
        // is refused and made again from it.
        let k1 = new_kid();
        let (r, announced) = pull_while_confirming(hub, &stub, &[&k1]).await;
        assert_eq!(announced.as_ref(), Some(&k1));
        assert!(r.stopped.unwrap_or_default().contains("503"));
        assert_eq!(status().await.failures, 1);

        // A stored row: the pull's update is refused, the pull made again, the confirmation kept.
        let k2 = new_kid();
        let (r, announced) = pull_while_confirming(hub, &stub, &[&k2]).await;
        assert_eq!(announced.as_ref(), Some(&k2));
        assert!(r.stopped.unwrap_or_default().contains("503"));
        assert_eq!(status().await.failures, 2);

        // A confirmation in each try: the pull is dropped, its refusal recorded, the last key kept.
        let (k3, k4) = (new_kid(), new_kid());
        let (r, announced) = pull_while_confirming(hub, &stub, &[&k3, &k4]).await;
        assert_eq!(announced.as_ref(), Some(&k4));
        let why = r.stopped.unwrap_or_default();
        assert!(why.contains("changed during the pull"), "{why}");
        let st = status().await;
        assert_eq!((st.last_refusal.as_deref(), st.failures), (Some(&*why), 3));
        assert_eq!(audit_of_kind(&s, "member_key_confirmed").await.len(), 4);

        // The store itself: load, confirm, then save what was loaded; refused, nothing written.
        let loaded = hub.store().hub_member(LYON).await.unwrap().unwrap();
        let k5 = new_kid();
        hub.confirm_member_key(AuditActor::Cli, LYON, &k5)
            .await
            .unwrap();
        let confirmed = hub.store().hub_member(LYON).await.unwrap().unwrap();
        for status in [true, false] {
            let write = MemberWrite {
                row: &loaded,
                read: Some(&loaded.trust),
                status,
            };
            let audit = vigie_store::Audit::new(&[], vigie_vault::audit::record_hash);
            let saved = hub.store().save_hub_member((write, &audit), &[]).await;
            assert!(matches!(saved, Err(StoreError::Changed(_))), "{saved:?}");
            assert_eq!(
                hub.store().hub_member(LYON).await.unwrap(),
                Some(confirmed.clone())
            );
        }
        // A row another writer stored first is no insert either.
        let write = MemberWrite {
            row: &loaded,
            read: None,
            status: true,
        };
        let audit = vigie_store::Audit::new(&[], vigie_vault::audit::record_hash);
        let saved = hub.store().save_hub_member((write, &audit), &[]).await;
        assert!(matches!(saved, Err(StoreError::Changed(_))), "{saved:?}");
        assert!(confirmed.trust.contains(&k5));
    }
}
