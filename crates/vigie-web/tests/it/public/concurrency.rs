//! Many reporters at once: each gets its own receipt, and each receipt opens its own report. A
//! correctness test under contention (the database's write lock, the KDF pools), not a timing.

use std::collections::HashSet;
use std::time::Duration;

use reqwest::StatusCode;

use crate::public::{ReportInput, get, login, servers_with, submit, test_settings};

const REPORTERS: usize = 64;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sixty_four_reporters_at_once() {
    let mut settings = test_settings();
    settings.pool_sizes = vigie_app::PoolSizes {
        staff_login: 2,
        receipt_login: 4,
        new_report: 4,
        ..vigie_app::PoolSizes::default()
    };
    settings.pool_wait = Duration::from_secs(300);
    for s in servers_with(settings).await {
        let mut tasks = Vec::new();
        for i in 0..REPORTERS {
            let base = s.base.clone();
            tasks.push(tokio::spawn(async move {
                let text = format!(
                    "Signalement simultané n° {i} — {}",
                    uuid::Uuid::new_v4().simple()
                );
                let mut input = ReportInput::simple(&text);
                if i % 4 == 0 {
                    input.files = vec![crate::public::photo(&format!("photo {i}"))];
                }
                let r = submit(&base, &input).await;
                assert_eq!(r.status, StatusCode::OK, "reporter {i}: {}", r.body);
                (crate::public::receipt_of(&r.body), text)
            }));
        }
        let mut done = Vec::new();
        for t in tasks {
            done.push(t.await.unwrap());
        }
        let receipts: HashSet<&str> = done.iter().map(|(r, _)| r.as_str()).collect();
        assert_eq!(receipts.len(), REPORTERS, "every receipt is distinct");
        assert!(done.iter().all(|(r, _)| crate::public::is_receipt(r)));
        let reports = crate::public::all_reports(&s.app).await;
        assert_eq!(reports.len(), REPORTERS);
        let numbers: HashSet<i64> = reports.iter().map(|r| r.number).collect();
        assert_eq!(numbers.len(), REPORTERS, "display numbers are distinct");

        // Every receipt opens its own report, all at once too.
        let mut tasks = Vec::new();
        for (receipt, text) in done {
            let base = s.base.clone();
            tasks.push(tokio::spawn(async move {
                let cookie = login(&base, &receipt).await;
                let view = get(&base, "/suivi", Some(&cookie)).await;
                assert_eq!(view.status, StatusCode::OK);
                assert!(view.body.contains(&text), "{receipt} opens another report");
                let count = view.body.matches("Signalement simultané n°").count();
                assert_eq!(count, 1, "{receipt} shows one report");
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        let blobs = crate::public::stored_blobs(&s).await;
        assert_eq!(
            blobs.len(),
            2 * REPORTERS / 4,
            "every photo kept, nothing stray"
        );
    }
}
