//! The coordinators' digest (issue 12, item 9), on both databases: with the teams' digests, each
//! active prevention coordinator whose contact details hold an address is told how many open
//! actions are due this week and how many are overdue (counts only, never an action's text), and
//! nobody is mailed when nothing is due.

use std::sync::Arc;

use vigie_app::App;
use vigie_app::reports::Mail;
use vigie_domain::coordination::{DecisionForm, MeetingForm};
use vigie_domain::time::{day_string, paris_day};
use vigie_domain::{MeetingId, Principal, Role};

use crate::common::{account, each_app};
use crate::reports::Outbox;

/// A coordinator with `contact`, who accepted the charter.
async fn coordinator(app: &App, name: &str, contact: Option<&str>) -> Principal {
    let roles = [Role::PreventionCoordinator];
    let (id, _) = account(app, name, &roles, contact.map(str::to_owned)).await;
    let who = app.principal(id).await.unwrap();
    app.accept_coordination_charter(&who).await.unwrap();
    who
}

/// A plenary meeting of today that `who` took part in.
async fn meeting(app: &App, who: &Principal) -> MeetingId {
    let form = MeetingForm {
        kind: "plenary".into(),
        day: day_string(paris_day(app.clock().now())),
        place: "Salle fictive".into(),
        organisations: "Ville fictive".into(),
        agenda: "Bilan".into(),
        participants: vec![who.id.to_string()],
        confirm_no_name: false,
    };
    app.add_meeting(who, &form).await.unwrap()
}

/// Adds an action of `meeting` due `days` from today.
async fn action(app: &App, who: &Principal, meeting: MeetingId, text: &str, days: i64) {
    let due = paris_day(app.clock().now()) + chrono::Duration::days(days);
    let form = DecisionForm {
        text: text.into(),
        owner: "Ville fictive".into(),
        due: day_string(due),
        sheet: String::new(),
        confirm_no_name: false,
    };
    app.add_decision(who, meeting, &form).await.unwrap();
}

/// The coordinators' digests among `mails`.
fn coordination(mails: &[Mail]) -> Vec<Mail> {
    mails
        .iter()
        .filter(|m| matches!(m, Mail::CoordinationDue { .. }))
        .cloned()
        .collect()
}

#[tokio::test]
async fn coordinators_are_told_how_many_actions_are_due_counts_only() {
    each_app(async |app| {
        let pierre = coordinator(app, "pierre", Some("Pierre, pierre@exemple.invalid")).await;
        // No address: no mail. A handler with one: not a coordinator.
        coordinator(app, "paula", None).await;
        let contact = Some("hana@exemple.invalid".to_owned());
        account(app, "hana", &[Role::Handler], contact).await;
        let outbox = Arc::new(Outbox::default());
        app.set_notifier(outbox.clone());

        // Nothing due: nobody is mailed about coordination.
        let id = meeting(app, &pierre).await;
        action(app, &pierre, id, "publier le bilan (canari-later)", 40).await;
        app.send_digests().await.unwrap();
        assert!(coordination(&outbox.0.lock().unwrap()).is_empty());

        // One overdue, two due this week.
        action(app, &pierre, id, "éclairer le square (canari-late)", -3).await;
        action(app, &pierre, id, "prévenir les familles (canari-soon)", 2).await;
        action(app, &pierre, id, "réunir les partenaires (canari-today)", 0).await;
        app.send_digests().await.unwrap();
        let mails = outbox.0.lock().unwrap().clone();
        assert_eq!(
            coordination(&mails),
            vec![Mail::CoordinationDue {
                to: "pierre@exemple.invalid".into(),
                due_soon: 2,
                overdue: 1,
            }],
            "{mails:?}"
        );
        assert!(!format!("{mails:?}").contains("canari"));
    })
    .await;
}
