//! A row of `reports` that holds a help request (what `/aide` files, issue 11) belongs to the
//! caseworkers: no report action reaches it, not even for a handler who holds its keys.

use vigie_app::AppError;
use vigie_domain::Role;
use vigie_domain::report::ReportStatus;

use super::{form, refresh, report_id, staff, submit, team};
use crate::common::envs;

#[tokio::test]
async fn a_help_request_row_is_out_of_every_report_action() {
    for env in envs().await {
        let app = &env.app;
        let mut hana = staff(app, "hana", Role::Handler).await;
        team(app, "Nord", &["hana"]).await;
        refresh(app, &mut hana).await;
        submit(app, app.new_report_draft(), &form("Texte.")).await;
        let id = report_id(app, &hana).await;
        app.open_report(&hana.principal, &hana.secret, id)
            .await
            .unwrap();

        // The database writer's view of a help request: the same keys, another kind.
        app.store()
            .raw_execute_for_tests(
                "UPDATE reports SET kind = 'help', asker = 'victim', urgency = 'today'",
            )
            .await
            .unwrap();
        let page = app
            .inbox(&hana.principal, &Default::default())
            .await
            .unwrap();
        assert!(
            page.reports.is_empty(),
            "a handler's inbox lists reports only"
        );
        assert!(matches!(
            app.open_report(&hana.principal, &hana.secret, id).await,
            Err(AppError::NoReport)
        ));
        assert!(matches!(
            app.set_report_status(&hana.principal, id, ReportStatus::Closed)
                .await,
            Err(AppError::NoReport)
        ));
        env.cleanup().await;
    }
}
