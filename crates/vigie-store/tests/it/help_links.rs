//! A reporter's request to be put in touch with the casework team, at the store boundary: asked
//! once, cancelled only while waiting (its sealed part going with it), transmitted once, in the help
//! request's own transaction, or nothing is stored.

use vigie_domain::help::{Asker, HelpMeta, Urgency};
use vigie_domain::help_link::HelpLink;
use vigie_domain::report::Category;
use vigie_domain::{PartId, ReportId};
use vigie_store::*;

use crate::reports::{report, team};
use crate::store::each_store;

fn request_part(day: &str) -> PartRow {
    PartRow {
        id: PartId::random(),
        kind: HELP_LINK_PART.into(),
        audience: "conversation".into(),
        key_generation: 0,
        author: None,
        day: day.into(),
        sealed: vec![9; 48],
    }
}

/// A help request answering `from`'s request, its code "wrapped" as `code`.
fn transmitted(team: vigie_domain::TeamId, lookup: u8, from: ReportId, code: u8) -> NewReportRow {
    let mut row = report(team, Category::Other, lookup);
    row.district = String::new();
    row.help = Some(HelpMeta {
        asker: Asker::Witness,
        urgency: Urgency::NoRush,
    });
    row.link = Some(LinkSent {
        report: from,
        sealed_code: vec![code; 60],
    });
    row
}

fn link_parts(parts: &[StoredPart]) -> usize {
    parts
        .iter()
        .filter(|p| p.part.kind == HELP_LINK_PART)
        .count()
}

#[tokio::test]
async fn a_request_is_asked_cancelled_and_transmitted_once() {
    each_store(async |s| {
        let team = team(s).await;
        let row = report(team, Category::Threats, 1);
        s.insert_report(&row, &Audit::none()).await.unwrap();
        let id = row.id;
        let state = || async move { s.report(id).await.unwrap().unwrap().help_link };
        assert_eq!(state().await, None);

        // Nothing to transmit yet: the help request is not stored either.
        let early = transmitted(team, 2, id, 1);
        assert!(matches!(
            s.insert_report(&early, &Audit::none()).await,
            Err(StoreError::Conflict("help link"))
        ));
        assert!(s.report(early.id).await.unwrap().is_none());

        s.ask_help_link(id, &request_part("2026-11-21"), &Audit::none())
            .await
            .unwrap();
        let read = s.report(id).await.unwrap().unwrap();
        assert_eq!(read.help_link, Some(HelpLink::Asked));
        assert_eq!(
            (read.team_unread, read.last_activity_day.as_str()),
            (1, "2026-11-21")
        );
        assert!(matches!(
            s.ask_help_link(id, &request_part("2026-11-21"), &Audit::none())
                .await,
            Err(StoreError::Conflict("help link"))
        ));
        assert_eq!(link_parts(&s.report_parts(id).await.unwrap()), 1);

        // Cancelled: the request's part goes; asked again, it comes back.
        s.cancel_help_link(id, "2026-11-22", &Audit::none())
            .await
            .unwrap();
        assert_eq!(state().await, None);
        assert_eq!(link_parts(&s.report_parts(id).await.unwrap()), 0);
        assert!(matches!(
            s.cancel_help_link(id, "2026-11-22", &Audit::none()).await,
            Err(StoreError::Conflict("help link"))
        ));
        s.ask_help_link(id, &request_part("2026-11-22"), &Audit::none())
            .await
            .unwrap();

        // Transmitted with the help request, once; the code waits for the reporter.
        let help = transmitted(team, 3, id, 7);
        s.insert_report(&help, &Audit::none()).await.unwrap();
        assert_eq!(state().await, Some(HelpLink::Sent));
        assert_eq!(s.help_link_code(id).await.unwrap(), Some(vec![7; 60]));
        assert_eq!(s.report(help.id).await.unwrap().unwrap().help_link, None);
        let again = transmitted(team, 4, id, 8);
        assert!(matches!(
            s.insert_report(&again, &Audit::none()).await,
            Err(StoreError::Conflict("help link"))
        ));
        assert!(s.report(again.id).await.unwrap().is_none());
        assert!(matches!(
            s.cancel_help_link(id, "2026-11-23", &Audit::none()).await,
            Err(StoreError::Conflict("help link"))
        ));
        assert_eq!(link_parts(&s.report_parts(id).await.unwrap()), 1);

        // The reporter noted the code: it is gone, the request stays sent.
        s.forget_help_link_code(id).await.unwrap();
        assert_eq!(s.help_link_code(id).await.unwrap(), None);
        assert_eq!(state().await, Some(HelpLink::Sent));

        // A help request cannot itself ask; a state outside the domain is a corrupt row.
        assert!(matches!(
            s.ask_help_link(help.id, &request_part("2026-11-23"), &Audit::none())
                .await,
            Err(StoreError::Conflict("help link"))
        ));
        s.raw_execute_for_tests("UPDATE reports SET help_link = 'lost' WHERE kind = 'report'")
            .await
            .unwrap();
        assert!(
            matches!(s.report(id).await, Err(StoreError::Corrupt(m)) if m.contains("help link"))
        );
    })
    .await;
}
