//! No exact time tied to a reporter's action is stored in clear (DESIGN.md section 2, item 3): rows
//! about reporters carry the day only. A reporter submits (with a file), logs in, replies and logs
//! out, at a time far from when the instance was set up; once the follow-up sessions are idle and
//! housekeeping has run, every integer and text value of every table is read back, and none may
//! name that time to the minute.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use reqwest::StatusCode;
use sqlx::{Column, Row};
use vigie_testkit::logs::LogCapture;

use crate::public::{ReportInput, Server, form_token, get, login, post_form, servers, submit_ok};

/// Every value of every table as (table.column, integer or text).
async fn all_values(s: &Server) -> Vec<(String, Option<i64>, Option<String>)> {
    let mut out = Vec::new();
    match s.schema() {
        None => {
            let url = format!("sqlite://{}?mode=ro", s.dir().join("v.sqlite").display());
            let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
            let tables: Vec<(String,)> = sqlx::query_as(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
            )
            .fetch_all(&pool)
            .await
            .unwrap();
            for (table,) in tables {
                let rows = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT * FROM \"{table}\"")))
                    .fetch_all(&pool)
                    .await
                    .unwrap();
                for row in rows {
                    for (i, col) in row.columns().iter().enumerate() {
                        let name = format!("{table}.{}", col.name());
                        let int = row.try_get::<Option<i64>, _>(i).ok().flatten();
                        let text = row.try_get::<Option<String>, _>(i).ok().flatten();
                        out.push((name, int, text));
                    }
                }
            }
            pool.close().await;
        }
        Some(schema) => {
            let url = std::env::var("VIGIE_TEST_POSTGRES_URL").unwrap();
            let pool = sqlx::PgPool::connect(&url).await.unwrap();
            let columns: Vec<(String, String, String)> = sqlx::query_as(
                "SELECT table_name::text, column_name::text, data_type::text \
                 FROM information_schema.columns WHERE table_schema = $1",
            )
            .bind(schema)
            .fetch_all(&pool)
            .await
            .unwrap();
            for (table, column, kind) in columns {
                let name = format!("{table}.{column}");
                let from = format!("FROM \"{schema}\".\"{table}\"");
                // Numbers and texts, each read as text once; numbers parsed back.
                let numeric = matches!(kind.as_str(), "bigint" | "integer" | "smallint");
                if !numeric && !matches!(kind.as_str(), "text" | "character varying") {
                    continue;
                }
                let values: Vec<(Option<String>,)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "SELECT \"{column}\"::text {from}"
                )))
                .fetch_all(&pool)
                .await
                .unwrap();
                out.extend(values.into_iter().map(|(v,)| match numeric {
                    true => (name.clone(), v.map(|t| t.parse().unwrap()), None),
                    false => (name.clone(), None, v),
                }));
            }
            pool.close().await;
        }
    }
    out
}

/// The ways a time may be written: Unix seconds and milliseconds (as numbers or text), and the
/// hour and minute in UTC and in Paris.
fn time_marks(from: i64, to: i64) -> (Vec<(i64, i64)>, HashSet<String>) {
    let ranges = vec![(from, to), (from * 1000, to * 1000 + 999)];
    let mut texts = HashSet::new();
    for t in from..=to {
        texts.insert(t.to_string());
        let at: DateTime<Utc> = DateTime::from_timestamp(t, 0).unwrap();
        texts.insert(at.format("%H:%M").to_string());
        texts.insert(
            at.with_timezone(&chrono_tz::Europe::Paris)
                .format("%H:%M")
                .to_string(),
        );
    }
    (ranges, texts)
}

#[tokio::test]
async fn no_exact_time_of_a_reporter_action_is_stored() {
    for s in servers().await {
        let base = &s.base;
        // Far from the set-up (users, teams, keys: staff rows may carry times).
        s.app.clock().advance(7 * 3600 + 17 * 60);
        // The minute before counts: a time rounded down to the minute still dates the action.
        let from = s.app.clock().unix() - 60;

        let input = ReportInput::with_photo("Un signalement sans heure.", "heure");
        let receipt = submit_ok(base, &input).await;
        let cookie = login(base, &receipt).await;
        crate::public::reply_with_note(base, &cookie, "Une précision.").await;
        let view = get(base, "/suivi", Some(&cookie)).await;
        let t = form_token(&view.body, "/suivi/deconnexion");
        let r = crate::public::post_token(base, "/suivi/deconnexion", &cookie, &t).await;
        assert_eq!(r.status, StatusCode::OK);
        // A second session, left open: it ends by itself.
        let _ = login(base, &receipt).await;
        let to = s.app.clock().unix() + 1;

        // Rows that must date the present while it lasts (an open session's idle timer, the
        // current minute of a rate limit) may do so only while it lasts: once the session is idle
        // and the minute over, housekeeping has run, nothing may tell when the reporter acted.
        s.app.clock().advance(21 * 60);
        s.app.housekeep_reports().await.unwrap();
        assert_eq!(
            get(base, "/suivi", Some(&cookie)).await.status,
            StatusCode::OK
        );

        let (ranges, texts) = time_marks(from, to);
        let mut found = Vec::new();
        let values = all_values(&s).await;
        assert!(
            values.iter().any(|(n, _, _)| n == "reports.received_day"),
            "the scan reads the tables"
        );
        for (column, int, text) in &values {
            if let Some(v) = int
                && ranges.iter().any(|(a, b)| (a..=b).contains(&v))
            {
                found.push(format!("{column} = {v}"));
            }
            if let Some(t) = text
                && let Some(mark) = texts.iter().find(|m| t.contains(m.as_str()))
            {
                found.push(format!("{column} contains `{mark}`: {t}"));
            }
        }
        assert!(
            found.is_empty(),
            "times of the reporter's actions stored in clear ({}):\n{}",
            s.backend(),
            found.join("\n")
        );
    }
}

/// Every file and folder under `dir` (not `dir` itself) but the database's own files.
fn written_entries(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if name.starts_with("v.sqlite") {
            continue;
        }
        if path.is_dir() {
            written_entries(&path, out);
        }
        out.push(path);
    }
}

/// Every file and folder vigie wrote carries midnight (Europe/Paris) of today as its time.
fn assert_files_carry_the_day(dir: &std::path::Path, when: &str) {
    let now = Utc::now();
    let midnight = vigie_domain::time::paris_midnight_unix(now);
    let mut entries = Vec::new();
    written_entries(dir, &mut entries);
    assert!(
        entries.iter().any(|p| p.ends_with("instance.key")),
        "the scan sees the data directory: {entries:?}"
    );
    for p in entries {
        let modified = std::fs::symlink_metadata(&p)
            .unwrap()
            .modified()
            .unwrap()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap();
        assert_eq!(
            (modified.as_secs() as i64, modified.subsec_nanos()),
            (midnight, 0),
            "{when}: {} carries a time other than today's midnight",
            p.display()
        );
    }
}

#[tokio::test]
async fn a_reporter_leaves_no_log_line_and_no_file_with_the_minute() {
    // This thread's own capture, at debug level as an operator debugging would run it: the servers
    // below run on this thread, so everything they log lands here.
    let captured = LogCapture::this_thread_filtered("debug,hyper=warn,hyper_util=warn,reqwest=off");
    for s in servers().await {
        let base = &s.base;
        let hugo = crate::public::handler(&s).await;

        // The log capture works: a staff-side request writes its line.
        let before = captured.len();
        assert_eq!(get(base, "/healthz", None).await.status, StatusCode::OK);
        let log = captured.text_from(before);
        assert!(log.contains("route=/healthz"), "{log}");

        // A report with a file, a receipt login, a look at the answer, a reply with a file.
        let before = captured.len();
        let input = ReportInput::with_photo("Un signalement sans trace.", "trace");
        let receipt = submit_ok(base, &input).await;
        assert_eq!(captured.len(), before, "the report left a log line");
        let id = crate::public::report_of(&s.app, &receipt).await;
        hugo.reply(&s.app, id, "Merci, pouvez-vous préciser ?")
            .await;

        let before = captured.len();
        let cookie = login(base, &receipt).await;
        let view = get(base, "/en/suivi", Some(&cookie)).await;
        assert_eq!(view.status, StatusCode::OK);
        crate::public::reply_with_note(base, &cookie, "Voici une précision.").await;
        // A bad request and an unknown page below /suivi: no line either.
        let r = post_form(base, "/suivi/repondre", Some(&cookie), &[("csrf", "faux")]).await;
        assert!(r.status.is_client_error(), "{}", r.status);
        assert_eq!(
            get(base, "/suivi/inconnu", None).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            captured.len(),
            before,
            "the follow-up left a log line: {}",
            captured.text_from(before)
        );
        assert_files_carry_the_day(s.dir(), "after a report and a reply with files");

        // The withdrawal deletes the report and its files: nothing logged, folders keep the day.
        let before = captured.len();
        let confirm = get(base, "/suivi/retirer", Some(&cookie)).await;
        let token = form_token(&confirm.body, "/suivi/retirer");
        let r = crate::public::post_token(base, "/suivi/retirer", &cookie, &token).await;
        r.assert_status(StatusCode::OK);
        assert_eq!(
            captured.len(),
            before,
            "the withdrawal left a log line: {}",
            captured.text_from(before)
        );
        assert!(s.app.store().report(id).await.unwrap().is_none());
        assert_files_carry_the_day(s.dir(), "after the withdrawal");
    }
    // What is counted instead: a number, written once a day with the day only.
    let (requests, _warnings) = vigie_web::TALLY.take();
    assert!(requests >= 9, "reporter requests counted: {requests}");
}
