//! Teams on both databases: a member who leaves takes the team key's rotation with them (the
//! remaining members and the escrow get the new generation, the leaver none).

use vigie_domain::{Role, TeamId, UserId};
use vigie_store::*;

use crate::store::{each_store, session, user};

fn rotation_for(members: &[(UserId, Vec<u8>)], tag: u8) -> TeamRotation {
    TeamRotation {
        public_key: vec![tag; 32],
        directory_mac: vec![tag; 32],
        slots: members
            .iter()
            .map(|(id, _)| TeamSlot {
                holder: TeamSlot::user_holder(*id),
                wrapped: vec![tag; 80],
            })
            .collect(),
    }
}

// Long on purpose: one story per database, each step starting where the steps before left it.
#[tokio::test]
async fn teams_rotate_when_a_member_leaves() {
    each_store(async |s| {
        let (a, b, c) = (
            user("amina", &[Role::Handler]),
            user("bruno", &[Role::Handler]),
            user("chloe", &[Role::Handler]),
        );
        for u in [&a, &b, &c] {
            s.insert_user(u, &Audit::none()).await.unwrap();
        }
        let team = NewTeam {
            id: TeamId::random(),
            kind: vigie_domain::keys::TeamKind::Report,
            name: "signalements nord".into(),
            public_key: vec![1; 32],
            key_mac: vec![1; 32],
            members: vec![(a.id, vec![1; 32]), (b.id, vec![2; 32])],
            slots: vec![
                TeamSlot {
                    holder: TeamSlot::user_holder(a.id),
                    wrapped: vec![1; 80],
                },
                TeamSlot {
                    holder: TeamSlot::user_holder(b.id),
                    wrapped: vec![1; 80],
                },
                TeamSlot {
                    holder: TeamSlot::ESCROW,
                    wrapped: vec![1; 80],
                },
            ],
            created_at: 10,
        };
        s.create_team(&team, &Audit::none()).await.unwrap();
        let dup = s
            .create_team(
                &NewTeam {
                    id: TeamId::random(),
                    ..team.clone()
                },
                &Audit::none(),
            )
            .await;
        assert!(
            matches!(dup, Err(StoreError::Conflict("team name"))),
            "{dup:?}"
        );
        s.add_team_member(team.id, c.id, &[(1, vec![1; 80])], &[3; 32], &Audit::none())
            .await
            .unwrap();
        assert_eq!(s.teams_of(c.id).await.unwrap(), vec![team.id]);

        // Disabling bruno: sessions gone, out of the team, new generation for amina and chloe only.
        s.create_session(&session(b.id, 5, 100)).await.unwrap();
        let mut seen = Vec::new();
        let rotated = s
            .disable_user(
                b.id,
                &[5; 32],
                &mut |t, _generation, remaining| {
                    seen = remaining.iter().map(|(id, _)| *id).collect();
                    assert_eq!(t, team.id);
                    rotation_for(remaining, 2)
                },
                20,
                &Audit::none(),
            )
            .await
            .unwrap();
        assert_eq!(rotated, vec![team.id]);
        let mut expected = vec![a.id, c.id];
        expected.sort();
        assert_eq!(seen, expected);
        assert!(s.user_by_id(b.id).await.unwrap().unwrap().disabled);
        assert!(s.session(&[5; 32]).await.unwrap().is_none());
        assert!(s.teams_of(b.id).await.unwrap().is_empty());
        assert!(
            s.team_slots(team.id, TeamSlot::user_holder(b.id))
                .await
                .unwrap()
                .is_empty()
        );
        let t = s.team_by_name("signalements nord").await.unwrap().unwrap();
        assert_eq!((t.generation, t.public_key), (2, vec![2; 32]));
        let a_slots = s
            .team_slots(team.id, TeamSlot::user_holder(a.id))
            .await
            .unwrap();
        assert_eq!(
            a_slots.iter().map(|(g, _)| *g).collect::<Vec<_>>(),
            [1, 2],
            "keeps the past"
        );

        // Removing chloe explicitly rotates again.
        s.remove_team_member(
            team.id,
            c.id,
            &mut |_, _, rem| rotation_for(rem, 3),
            30,
            &Audit::none(),
        )
        .await
        .unwrap();
        assert_eq!(s.team_members(team.id).await.unwrap(), vec![a.id]);
        assert_eq!(
            s.team_by_name("signalements nord")
                .await
                .unwrap()
                .unwrap()
                .generation,
            3
        );
        let missing = s
            .remove_team_member(
                team.id,
                c.id,
                &mut |_, _, rem| rotation_for(rem, 4),
                40,
                &Audit::none(),
            )
            .await;
        assert!(matches!(missing, Err(StoreError::NotFound(_))));
    })
    .await;
}
