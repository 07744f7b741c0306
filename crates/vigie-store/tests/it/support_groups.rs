//! Support groups at the store boundary, on both backends: a group takes participants up to its
//! capacity, then the waiting list, in order; one who leaves makes room for the first waiting;
//! a closed group takes no one; attendance replaces what was recorded; slips add up per score;
//! labels go in the team's index in the group's own transaction.

use vigie_domain::casefile::{AgeBand, FileStatus, PersonRole, Sex};
use vigie_domain::support::{SlipCounts, SupportKind};
use vigie_domain::{FileId, SessionId, SupportGroupId, TeamId};
use vigie_store::*;

use crate::reports::team;
use crate::store::each_store;

fn index(team: TeamId, read_version: Option<i64>) -> IndexWrite {
    IndexWrite {
        team,
        read_version,
        row: NameIndexRow {
            version: 0,
            team_generation: 0,
            wrapped: vec![1; 40],
            sealed: vec![2; 40],
            prune: false,
        },
    }
}

async fn file(s: &Store, team: TeamId, version: Option<i64>) -> FileId {
    let record = FileRecord {
        id: FileId::random(),
        number: 0,
        team,
        assignee: None,
        role: PersonRole::DirectVictim,
        status: FileStatus::Open,
        age_band: AgeBand::Unknown,
        sex: Sex::Unknown,
        household: None,
        affaire: None,
        help_request: None,
        next_due_day: None,
        opened_day: "2026-11-01".into(),
        last_contact_day: "2026-11-01".into(),
        closed_day: None,
        outcome: None,
        consent_statistics: false,
        consent_sharing: false,
        legal_basis: vigie_domain::casefile::LegalBasis::VictimMandate,
        hold_until_day: None,
        archived_day: None,
    };
    let new = NewFile {
        record: &record,
        slots: &[],
        parts: &[],
        groups: &[],
        index: &index(team, version),
    };
    s.insert_file(&new, &Audit::none()).await.unwrap();
    record.id
}

#[tokio::test]
async fn capacity_waiting_list_attendance_and_slips() {
    each_store(async |s| {
        let team = team(s).await;
        let a = file(s, team, None).await;
        let b = file(s, team, Some(1)).await;
        let c = file(s, team, Some(2)).await;
        let group = SupportGroupRecord {
            id: SupportGroupId::random(),
            team,
            kind: SupportKind::Workshop,
            capacity: 2,
            open: true,
            opened_day: "2026-11-02".into(),
        };
        // An index written by someone else since: nothing is stored.
        assert!(matches!(
            s.insert_support_group(&group, &index(team, Some(1)), &Audit::none())
                .await,
            Err(StoreError::Conflict("name index"))
        ));
        assert!(s.support_group(group.id).await.unwrap().is_none());
        s.insert_support_group(&group, &index(team, Some(3)), &Audit::none())
            .await
            .unwrap();
        assert_eq!(
            s.support_group(group.id).await.unwrap(),
            Some(group.clone())
        );

        let join = |f: FileId| async move {
            s.join_support_group((group.id, f, "2026-11-03"), &Audit::none())
                .await
        };
        assert!(!join(a).await.unwrap());
        assert!(!join(b).await.unwrap());
        assert!(join(c).await.unwrap(), "full: c waits");
        assert!(matches!(
            join(a).await,
            Err(StoreError::Conflict("support member"))
        ));
        let members = s.support_members(group.id).await.unwrap();
        let order: Vec<(FileId, bool)> = members.iter().map(|m| (m.file, m.waiting)).collect();
        assert_eq!(order, vec![(a, false), (b, false), (c, true)]);
        assert_eq!(members[0].consent_day, "2026-11-03");
        let summary = s.support_groups(team).await.unwrap();
        assert_eq!(
            (summary.len(), summary[0].participants, summary[0].waiting),
            (1, 2, 1)
        );
        assert_eq!(s.support_groups_of_file(c).await.unwrap(), vec![group.id]);

        // a leaves: c takes its place.
        assert_eq!(
            s.leave_support_group(group.id, a, &Audit::none())
                .await
                .unwrap(),
            Some(c)
        );
        assert!(
            s.support_members(group.id)
                .await
                .unwrap()
                .iter()
                .all(|m| !m.waiting)
        );
        assert!(matches!(
            s.leave_support_group(group.id, a, &Audit::none()).await,
            Err(StoreError::NotFound(_))
        ));

        let session = SessionId::random();
        s.insert_support_session(
            (group.id, session, "2026-11-10"),
            &index(team, Some(4)),
            &Audit::none(),
        )
        .await
        .unwrap();
        s.set_attendance(session, &[b, c], &Audit::none())
            .await
            .unwrap();
        s.set_attendance(session, &[b], &Audit::none())
            .await
            .unwrap();
        s.add_slips(session, SlipCounts([0, 1, 0, 2, 1]), &Audit::none())
            .await
            .unwrap();
        s.add_slips(session, SlipCounts([1, 0, 0, 1, 0]), &Audit::none())
            .await
            .unwrap();
        let sessions = s.support_sessions(group.id).await.unwrap();
        assert_eq!(sessions.len(), 1);
        assert_eq!(sessions[0].day, "2026-11-10");
        assert_eq!(sessions[0].present, vec![b]);
        assert_eq!(sessions[0].slips, SlipCounts([1, 1, 0, 3, 1]));

        // Closed: no one joins.
        s.set_support_group_open(group.id, false, &Audit::none())
            .await
            .unwrap();
        assert!(matches!(
            join(a).await,
            Err(StoreError::Conflict("support group closed"))
        ));
        assert_eq!(s.file_by_number(team, 2).await.unwrap(), Some(b));
        assert_eq!(s.file_by_number(TeamId::random(), 2).await.unwrap(), None);
    })
    .await;
}
