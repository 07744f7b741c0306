//! Reports' clear codes: the database keeps the strings it always kept, the records carry the
//! domain's types, and a row holding a value outside them is a corrupt row, never a panic.

use vigie_domain::help::{Asker, HelpMeta, Urgency};
use vigie_domain::report::{Category, ReportKind, ReportStatus};
use vigie_domain::{KeyHolder, ReportId, TeamId};
use vigie_store::*;

use crate::store::each_store;

pub(crate) async fn team(s: &Store) -> TeamId {
    let id = TeamId::random();
    let team = NewTeam {
        id,
        kind: vigie_domain::keys::TeamKind::Report,
        name: "signalements sud".into(),
        public_key: vec![1; 32],
        key_mac: vec![1; 32],
        members: Vec::new(),
        slots: Vec::new(),
        created_at: 10,
    };
    s.create_team(&team, &Audit::none()).await.unwrap();
    id
}

pub(crate) fn report(team: TeamId, category: Category, lookup: u8) -> NewReportRow {
    NewReportRow {
        id: ReportId::random(),
        category,
        district: "13203".into(),
        day: "2026-11-20".into(),
        team,
        receipt_lookup: vec![lookup; 32],
        receipt_kdf: "argon2id$v=19$m=8,t=1,p=1".into(),
        reporter_public_key: vec![5; 32],
        reporter_key_mac: vec![6; 32],
        slots: vec![KeySlotRow {
            audience: "conversation".into(),
            key_generation: 0,
            holder: KeyHolder::Team(team),
            holder_generation: 0,
            wrapped: vec![7; 80],
        }],
        parts: Vec::new(),
        blobs: Vec::new(),
        help: None,
        link: None,
    }
}

fn filter(team: TeamId, only: InboxFilter) -> ReportFilter {
    ReportFilter {
        holders: vec![KeyHolder::Team(team)],
        identity_holder: None,
        kind: ReportKind::Report,
        only,
    }
}

#[tokio::test]
async fn categories_and_statuses_are_stored_as_codes_and_read_back_typed() {
    each_store(async |s| {
        let team = team(s).await;
        let threats = report(team, Category::Threats, 1);
        let deal = report(team, Category::DealPoint, 2);
        s.insert_report(&threats, &Audit::none()).await.unwrap();
        s.insert_report(&deal, &Audit::none()).await.unwrap();
        let read = s.report(threats.id).await.unwrap().unwrap();
        assert_eq!(
            (read.category, read.status, read.closed_day),
            (Category::Threats, ReportStatus::New, None)
        );

        s.set_report_status(deal.id, ReportStatus::Closed, "2026-11-22", &Audit::none())
            .await
            .unwrap();
        let read = s.report(deal.id).await.unwrap().unwrap();
        assert_eq!(read.status, ReportStatus::Closed);
        assert_eq!(read.closed_day.as_deref(), Some("2026-11-22"));

        let only = |f: ReportFilter| async move {
            let ten = Window {
                offset: 0,
                limit: 10,
            };
            let (rows, total) = s.list_reports(&f, ten).await.unwrap();
            (rows.into_iter().map(|r| r.id).collect::<Vec<_>>(), total)
        };
        let closed = filter(
            team,
            InboxFilter {
                status: Some(ReportStatus::Closed),
                ..InboxFilter::default()
            },
        );
        assert_eq!(only(closed).await, (vec![deal.id], 1));
        let threats_only = filter(
            team,
            InboxFilter {
                category: Some(Category::Threats),
                ..InboxFilter::default()
            },
        );
        assert_eq!(only(threats_only).await, (vec![threats.id], 1));

        // The columns still hold the codes themselves: no migration.
        let by_code = "UPDATE reports SET last_activity_day = last_activity_day \
                       WHERE status = 'closed' AND category = 'deal_point'";
        assert_eq!(s.raw_execute_for_tests(by_code).await.unwrap(), 1);
    })
    .await;
}

#[tokio::test]
async fn a_stored_code_outside_the_domain_is_a_corrupt_row() {
    each_store(async |s| {
        let team = team(s).await;
        let r = report(team, Category::Online, 3);
        s.insert_report(&r, &Audit::none()).await.unwrap();
        s.raw_execute_for_tests("UPDATE reports SET status = 'archived'")
            .await
            .unwrap();
        assert!(matches!(
            s.report(r.id).await,
            Err(StoreError::Corrupt(m)) if m.contains("status") && m.contains("archived")
        ));
        assert!(matches!(
            s.list_reports(
                &filter(team, InboxFilter::default()),
                Window {
                    offset: 0,
                    limit: 10
                }
            )
            .await,
            Err(StoreError::Corrupt(_))
        ));
        s.raw_execute_for_tests("UPDATE reports SET status = 'new', category = 'weather'")
            .await
            .unwrap();
        assert!(
            matches!(s.report(r.id).await, Err(StoreError::Corrupt(m)) if m.contains("category"))
        );

        s.add_routing_rule(Some(Category::Threats), None, team)
            .await
            .unwrap();
        let rules = s.routing_rules().await.unwrap();
        assert_eq!(rules[0].category, Some(Category::Threats));
        s.raw_execute_for_tests("UPDATE routing_rules SET category = 'weather'")
            .await
            .unwrap();
        assert!(matches!(
            s.routing_rules().await,
            Err(StoreError::Corrupt(_))
        ));
        // The one read of a new report decodes the rule the same way.
        assert!(matches!(
            s.directory_and_routing().await,
            Err(StoreError::Corrupt(m)) if m.contains("routing category")
        ));
    })
    .await;
}

#[tokio::test]
async fn help_requests_share_the_table_but_never_a_list_with_reports() {
    each_store(async |s| {
        let team = team(s).await;
        let report_row = report(team, Category::Other, 4);
        let mut help_row = report(team, Category::Other, 5);
        help_row.district = String::new();
        help_row.help = Some(HelpMeta {
            asker: Asker::Family,
            urgency: Urgency::Today,
        });
        s.insert_report(&report_row, &Audit::none()).await.unwrap();
        s.insert_report(&help_row, &Audit::none()).await.unwrap();

        let read = s.report(help_row.id).await.unwrap().unwrap();
        assert_eq!(read.kind(), ReportKind::HelpRequest);
        assert_eq!(read.help, help_row.help);
        assert_eq!(read.district, "");
        let read = s.report(report_row.id).await.unwrap().unwrap();
        assert_eq!((read.kind(), read.help), (ReportKind::Report, None));

        // The same holder sees both rows' keys, yet each list holds one kind only.
        let ten = Window {
            offset: 0,
            limit: 10,
        };
        let mut f = filter(team, InboxFilter::default());
        let (rows, total) = s.list_reports(&f, ten).await.unwrap();
        assert_eq!((rows.len(), total), (1, 1));
        assert_eq!(rows[0].id, report_row.id);
        f.kind = ReportKind::HelpRequest;
        let (rows, total) = s.list_reports(&f, ten).await.unwrap();
        assert_eq!((rows.len(), total), (1, 1));
        assert_eq!(rows[0].id, help_row.id);

        // A help row without its asker is corrupt, never read as a report.
        s.raw_execute_for_tests("UPDATE reports SET asker = NULL WHERE kind = 'help'")
            .await
            .unwrap();
        assert!(
            matches!(s.report(help_row.id).await, Err(StoreError::Corrupt(m)) if m.contains("asker"))
        );
        s.raw_execute_for_tests("UPDATE reports SET kind = 'leaflet' WHERE kind = 'help'")
            .await
            .unwrap();
        assert!(
            matches!(s.report(help_row.id).await, Err(StoreError::Corrupt(m)) if m.contains("kind"))
        );
    })
    .await;
}

fn part(day: &str) -> PartRow {
    PartRow {
        id: vigie_domain::PartId::random(),
        kind: "text".into(),
        audience: "conversation".into(),
        key_generation: 0,
        author: None,
        day: day.into(),
        sealed: vec![9; 48],
    }
}

fn zero_hash(_: &vigie_domain::AuditRecord) -> [u8; 32] {
    [0; 32]
}

/// A new report's inserts go to the database together (one text on SQLite): everything of it is
/// stored, numbered from the counter, or nothing is, and the counter does not move.
#[tokio::test]
async fn a_new_report_is_stored_whole_or_not_at_all() {
    each_store(async |s| {
        let team = team(s).await;
        let entry = NewAuditEntry {
            day: "2026-11-20".into(),
            at: None,
            actor: "reporter".into(),
            kind: "report_received".into(),
            object: "report:x".into(),
            detail: String::new(),
        };
        let deferred = [entry];
        let audit = Audit::none().and_deferred(&deferred);
        let mut first = report(team, Category::Threats, 11);
        first.parts = vec![part("2026-11-20"), part("2026-11-20")];
        first.slots.push(KeySlotRow {
            holder: KeyHolder::Escrow,
            ..first.slots[0].clone()
        });
        first.blobs = vec![BlobRef {
            blob_id: "blob-1".into(),
            part: first.parts[1].id,
            variant: "clean".into(),
            size: 12,
        }];
        s.insert_report(&first, &audit).await.unwrap();
        let read = s.report(first.id).await.unwrap().unwrap();
        assert_eq!(read.number, 1);
        let parts = s.report_parts(first.id).await.unwrap();
        let seqs: Vec<_> = parts.iter().map(|p| (p.seq, p.part.id)).collect();
        assert_eq!(seqs, [(1, first.parts[0].id), (2, first.parts[1].id)]);
        assert_eq!(
            s.report_slots(first.id, "conversation")
                .await
                .unwrap()
                .len(),
            2
        );
        assert_eq!(s.report_blobs(first.id).await.unwrap(), first.blobs);

        // The same receipt: refused as a receipt conflict, nothing of it stored.
        let mut same_receipt = report(team, Category::Threats, 11);
        same_receipt.parts = vec![part("2026-11-20")];
        assert!(matches!(
            s.insert_report(&same_receipt, &audit).await,
            Err(StoreError::Conflict("receipt"))
        ));
        // Another constraint broken (the same slot twice): an error, not a receipt to draw again.
        let mut broken = report(team, Category::Threats, 12);
        broken.parts = vec![part("2026-11-20")];
        broken.slots.push(broken.slots[0].clone());
        assert!(matches!(
            s.insert_report(&broken, &audit).await,
            Err(StoreError::Database(_))
        ));
        for gone in [&same_receipt, &broken] {
            assert!(s.report(gone.id).await.unwrap().is_none());
            assert!(s.report_parts(gone.id).await.unwrap().is_empty());
            assert!(
                s.report_slots(gone.id, "conversation")
                    .await
                    .unwrap()
                    .is_empty()
            );
        }
        // Only the stored report's entry waits in the deferred log.
        assert_eq!(
            s.flush_deferred_audit("2026-11-21", zero_hash)
                .await
                .unwrap(),
            1
        );
        // The refused reports took no number.
        let next = report(team, Category::Threats, 13);
        s.insert_report(&next, &Audit::none()).await.unwrap();
        assert_eq!(s.report(next.id).await.unwrap().unwrap().number, 2);
    })
    .await;
}

/// New reports run on a SQLite connection of their own (`Store::intake`): closing the store closes
/// it too, so that the last connection out checkpoints and deletes the write-ahead log (a WAL left
/// behind would keep the last report's time on the data directory).
#[tokio::test]
async fn closing_the_store_closes_the_new_reports_connection_too() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("v.sqlite");
    let s = Store::connect(&StoreOptions::new(format!("sqlite://{}", db.display())))
        .await
        .unwrap();
    s.migrate().await.unwrap();
    let team = team(&s).await;
    let r = report(team, Category::Threats, 21);
    s.insert_report(&r, &Audit::none()).await.unwrap();
    let wal = dir.path().join("v.sqlite-wal");
    assert!(wal.exists());
    s.close().await;
    assert!(!wal.exists(), "a connection is still open after close");
}
