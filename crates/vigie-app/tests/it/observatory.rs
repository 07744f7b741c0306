//! The observatory through the use cases, on SQLite and PostgreSQL: recording, qualifying and
//! reviewing incidents, publishing editions and corrections, what editions hold, who may do what.

use crate::common::{account, each_app};
use vigie_app::observatory::PublishError;
use vigie_app::{App, AppError};
use vigie_domain::observatory::{
    CellArea, IncidentCategory, IncidentField, IncidentForm, IncidentStatus, Month, SourceType,
};
use vigie_domain::report::{ReportForm, validate_report};
use vigie_domain::time::paris_day;
use vigie_domain::{AuditActor, Principal, Role};
use vigie_testkit::bulk_incidents;

async fn principal(app: &App, name: &str, role: Role) -> Principal {
    let (id, _) = account(app, name, &[role], None).await;
    app.principal(id).await.unwrap()
}

fn form(category: &str, district: &str, month: Month) -> IncidentForm {
    IncidentForm {
        category: category.into(),
        district: district.into(),
        neighbourhood: String::new(),
        month: month.to_string(),
        count: "1".into(),
        contributors: "1".into(),
        source: "press".into(),
        reference: "La Gazette imaginaire, p. 3".into(),
    }
}

fn now_month(app: &App) -> Month {
    Month::of_instant(app.clock().now())
}

// Long on purpose: one story per database, each step starting where the steps before left it.
#[tokio::test]
async fn editions_release_each_month_once_and_corrections_make_new_editions() {
    each_app(async |app| {
        let analyst = principal(app, "ana", Role::Analyst).await;
        let (m1, m2) = (
            now_month(app).previous().previous(),
            now_month(app).previous(),
        );

        // Nothing accepted yet: nothing to publish.
        assert!(matches!(
            app.publish_edition(&analyst, m1).await,
            Err(AppError::Publish(PublishError::NothingToPublish))
        ));
        for (district, n) in [("13203", 40), ("13213", 30), ("13214", 25), ("13201", 12)] {
            bulk_incidents(
                app,
                analyst.id,
                m1,
                IncidentCategory::DealPoint,
                district,
                n,
            )
            .await;
            bulk_incidents(
                app,
                analyst.id,
                m2,
                IncidentCategory::DealPoint,
                district,
                n + 3,
            )
            .await;
        }
        // Two homicides in the 15th: a small cell that must never be published.
        let mut f = form("homicide", "13215", m1);
        f.count = "2".into();
        app.record_incident(&analyst, &f).await.unwrap();

        let e1 = app.publish_edition(&analyst, m1).await.unwrap();
        assert_eq!(e1.id, format!("{m1}.1"));
        assert_eq!(e1.months.len(), 1);
        let release = e1.latest().unwrap();
        let small = release
            .cell(
                &CellArea::Arrondissement("13215".into()),
                Some(IncidentCategory::Homicide),
            )
            .unwrap();
        assert!(small.suppressed && small.count.is_none(), "{small:?}");
        // Published cells tell the truth (no noise configured).
        let big = release
            .cell(
                &CellArea::Arrondissement("13203".into()),
                Some(IncidentCategory::DealPoint),
            )
            .unwrap();
        assert!(big.suppressed || big.count == Some(40), "{big:?}");

        // A month is published once; the current month is not over.
        assert!(matches!(
            app.publish_edition(&analyst, m1).await,
            Err(AppError::Publish(PublishError::AlreadyPublished(..)))
        ));
        assert!(matches!(
            app.publish_edition(&analyst, now_month(app)).await,
            Err(AppError::Publish(PublishError::PeriodNotOver(_)))
        ));

        let e2 = app.publish_edition(&analyst, m2).await.unwrap();
        assert_eq!(e2.months.len(), 2);
        assert_eq!(
            e2.month(m1),
            e1.month(m1),
            "an earlier month is carried unchanged"
        );

        // A late fact for m1: only a correction with a changelog line republishes it.
        bulk_incidents(app, analyst.id, m1, IncidentCategory::Seizure, "13203", 9).await;
        assert!(matches!(
            app.publish_correction(&analyst, m1, "  ").await,
            Err(AppError::Publish(PublishError::ChangelogRequired))
        ));
        assert!(matches!(
            app.publish_correction(&analyst, m1, "two\nlines").await,
            Err(AppError::Publish(PublishError::ChangelogTooLong))
        ));
        let e3 = app
            .publish_correction(&analyst, m1, "Neuf saisies signalées en retard.")
            .await
            .unwrap();
        assert_eq!(e3.id, format!("{m2}.2"));
        assert_eq!(e3.supersedes.as_deref(), Some(e2.id.as_str()));
        assert_eq!(e3.month(m1).unwrap().version, 2);
        assert_eq!(e3.month(m2), e2.month(m2));
        // The city's total for m1 went up by nine (or is not published at all).
        let total = |e: &vigie_domain::observatory::EditionSnapshot| {
            e.month(m1)
                .unwrap()
                .cell(&CellArea::City, None)
                .unwrap()
                .count
        };
        assert!(total(&e3).is_none() || total(&e3) == total(&e2).map(|n| n + 9));

        // Every edition stays readable, newest first; the latest is the correction.
        let list = app.editions().await.unwrap();
        let ids: Vec<&str> = list.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, [e3.id.as_str(), e2.id.as_str(), e1.id.as_str()]);
        assert_eq!(app.edition(&e1.id).await.unwrap().as_deref(), Some(&*e1));
        assert_eq!(app.latest_edition().await.unwrap().unwrap().id, e3.id);
        assert!(app.edition("1999-01.1").await.unwrap().is_none());

        let audit = app.store().audit_chain().await.unwrap();
        assert_eq!(
            audit
                .iter()
                .filter(|e| e.kind == "edition_published")
                .count(),
            3
        );
        // The audit log never carries an incident's reference.
        assert!(!audit.iter().any(|e| e.detail.contains("Gazette")));
    })
    .await;
}

// Long on purpose: one story per database, each step starting where the steps before left it.
#[tokio::test]
async fn roles_decide_who_records_qualifies_reviews_and_publishes() {
    each_app(async |app| {
        let analyst = principal(app, "ana", Role::Analyst).await;
        let caseworker = principal(app, "cas", Role::Caseworker).await;
        let month = now_month(app).previous();

        // A report from the public, routed to the default team, which an admin gave a handler.
        let handler = principal(app, "hugo", Role::Handler).await;
        let default = app.store().default_team().await.unwrap().unwrap();
        let default = app
            .list_teams()
            .await
            .unwrap()
            .into_iter()
            .find(|t| t.id == default)
            .unwrap();
        app.add_team_member(
            AuditActor::Cli,
            vigie_app::TeamKeySource::None,
            &default.name,
            "hugo",
        )
        .await
        .unwrap();
        let handler = app.principal(handler.id).await.unwrap();
        let now = app.clock().now();
        let report = validate_report(
            &ReportForm {
                category: "deal_point".into(),
                district: "13203".into(),
                text: "Un point de deal imaginaire.".into(),
                ..ReportForm::default()
            },
            &app.settings().areas,
            paris_day(now),
            now.timestamp(),
        )
        .unwrap();
        app.submit_report(app.new_report_draft(), report)
            .await
            .unwrap();
        let id = app
            .inbox(&handler, &Default::default())
            .await
            .unwrap()
            .items[0]
            .id;

        // Analysts never read reports, and cannot qualify them; others cannot record or publish.
        assert!(matches!(
            app.open_report(&analyst, &vigie_vault::SecretKey::generate(), id)
                .await,
            Err(AppError::Denied(_))
        ));
        let f = form("deal_point", "13203", month);
        assert!(matches!(
            app.qualify_report(&analyst, id, &f).await,
            Err(AppError::Denied(_))
        ));
        assert!(matches!(
            app.record_incident(&caseworker, &f).await,
            Err(AppError::Denied(_))
        ));
        assert!(matches!(
            app.publish_edition(&caseworker, month).await,
            Err(AppError::Denied(_))
        ));
        assert!(matches!(
            app.incidents(&handler, &Default::default()).await,
            Err(AppError::Denied(_))
        ));

        // The handler qualifies: proposed, once; the report becomes "qualifié".
        let inc = app.qualify_report(&handler, id, &f).await.unwrap();
        assert_eq!(
            (inc.status, inc.source, inc.report),
            (IncidentStatus::Proposed, SourceType::Report, Some(id))
        );
        assert!(matches!(
            app.qualify_report(&handler, id, &f).await,
            Err(AppError::Exists(_))
        ));
        assert_eq!(
            app.store().report(id).await.unwrap().unwrap().status,
            vigie_domain::report::ReportStatus::Qualified
        );
        assert_eq!(
            app.report_incident(&handler, id)
                .await
                .unwrap()
                .map(|i| i.id),
            Some(inc.id)
        );

        // The analyst sees it waiting, accepts it.
        assert_eq!(app.incidents_to_review(&analyst).await.unwrap(), 1);
        let waiting = app
            .incidents(
                &analyst,
                &vigie_app::observatory::IncidentQuery {
                    filter: vigie_app::observatory::IncidentFilter {
                        status: Some(vigie_domain::observatory::IncidentStatus::Proposed),
                        ..Default::default()
                    },
                    page: 1,
                },
            )
            .await
            .unwrap();
        assert_eq!(
            waiting.items.iter().map(|i| i.id).collect::<Vec<_>>(),
            [inc.id]
        );
        app.review_incident(&analyst, inc.id, true).await.unwrap();
        assert_eq!(app.incidents_to_review(&analyst).await.unwrap(), 0);
        assert_eq!(
            app.incident(&analyst, inc.id).await.unwrap().status,
            IncidentStatus::Accepted
        );

        // An analyst cannot record a "report" incident by hand, and every bad field is named.
        let mut by_hand = form("deal_point", "13203", month);
        by_hand.source = "report".into();
        assert!(matches!(
            app.record_incident(&analyst, &by_hand).await,
            Err(AppError::InvalidIncident(ref e)) if e.iter().any(|(f, _)| *f == IncidentField::Source)
        ));
        let bad = IncidentForm {
            count: "0".into(),
            month: now_month(app).next().to_string(),
            ..form("x", "13299", month)
        };
        match app.record_incident(&analyst, &bad).await {
            Err(AppError::InvalidIncident(e)) => assert_eq!(e.len(), 4, "{e:?}"),
            other => panic!("{other:?}"),
        }

        // A correction of an incident keeps its source report.
        let mut fix = form("lookouts_minors", "13203", month);
        fix.source = "press".into();
        let fixed = app.correct_incident(&analyst, inc.id, &fix).await.unwrap();
        assert_eq!(
            (fixed.source, fixed.category),
            (SourceType::Report, IncidentCategory::LookoutsMinors)
        );

        let denied = app.store().audit_chain().await.unwrap();
        assert!(
            denied
                .iter()
                .filter(|e| e.kind == "permission_denied")
                .count()
                >= 5
        );
    })
    .await;
}
