//! The reports benchmark's results: Markdown tables, progress lines and the problems found.

use super::setup::ServerSetup;
use super::upload::Uploads;
use super::weight::{BROWSER_ENCODINGS, PageWeight};
use super::{LEVELS, MIB, ReportsArgs, RunResult, SUBMISSIONS_PER_MINUTE};
use crate::load::{Failures, Level};
use crate::markdown;
use crate::stats::{cell, mib, summarize, to_mib};

/// One line about a batch of uploads, for the progress log.
pub(super) fn describe_uploads(u: &Uploads) -> String {
    format!(
        "{} × {} MiB: {}/{} accepted ({} cleaned) in {:.1} s; RSS idle {} MiB, peak while streaming {} MiB, \
         peak with receipts {} MiB, after {} MiB; failures: {}",
        u.count,
        u.file_bytes / MIB,
        u.accepted,
        u.count,
        u.cleaned,
        u.wall.as_secs_f64(),
        mib(u.idle_kib),
        u.streaming_peak().map_or("?".into(), mib),
        u.peak().map_or("?".into(), mib),
        mib(u.after_kib),
        u.failures,
    )
}

/// What went wrong in any run, one line each (empty when the server behaved).
pub(super) fn problems(runs: &[RunResult]) -> Vec<String> {
    let mut out = Vec::new();
    for (i, r) in runs.iter().enumerate() {
        let run = i + 1;
        for level in &r.levels {
            if level.failures.total() > 0 {
                out.push(format!(
                    "run {run}, concurrency {}: {}",
                    level.concurrency, level.failures
                ));
            }
        }
        for u in [&r.many, &r.many_again, &r.big] {
            if !u.all_accepted() {
                out.push(format!(
                    "run {run}, {} × {} MiB uploads: {}/{} accepted; {}",
                    u.count,
                    u.file_bytes / MIB,
                    u.accepted,
                    u.count,
                    u.failures
                ));
            }
            if u.cleaned < u.accepted {
                out.push(format!(
                    "run {run}, {} × {} MiB uploads: {} of {} accepted files were not cleaned",
                    u.count,
                    u.file_bytes / MIB,
                    u.accepted - u.cleaned,
                    u.accepted
                ));
            }
        }
        if !r.weight.external.is_empty() {
            out.push(format!(
                "run {run}: /signaler references other origins: {}",
                r.weight.external.join(", ")
            ));
        }
    }
    out
}

/// The results as Markdown (without the date line and the command).
pub(super) fn results(runs: &[RunResult], args: &ReportsArgs, setup: &ServerSetup) -> String {
    [
        server_section(setup),
        submissions_section(runs, args),
        memory_section(runs, args),
        weight_section(runs),
    ]
    .concat()
}

/// How the servers were set up.
fn server_section(setup: &ServerSetup) -> String {
    format!(
        "Server: `vigie serve` on a fresh data directory (SQLite), with `VIGIE_POOLS_NEW_REPORT={pool}` \
         (one receipt derivation per core), `VIGIE_REPORTS_SUBMISSIONS_PER_MINUTE={rate}` (the limit out \
         of the way) and the production receipt KDF, set explicitly: Argon2id, {m} KiB, {t} passes, {p} \
         {lanes} (`VIGIE_KDF_MEMORY_KIB={m}`, `VIGIE_KDF_ITERATIONS={t}`, `VIGIE_KDF_PARALLELISM={p}`). \
         Every report derives its receipt's keys with it once.\n\n",
        lanes = if setup.kdf.parallelism == 1 {
            "lane"
        } else {
            "lanes"
        },
        pool = setup.new_report_pool,
        rate = SUBMISSIONS_PER_MINUTE,
        m = setup.kdf.memory_kib,
        t = setup.kdf.iterations,
        p = setup.kdf.parallelism,
    )
}

/// The text-only submissions, level by level.
fn submissions_section(runs: &[RunResult], args: &ReportsArgs) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "**Text-only submissions** (about 1 KB of text; at least {min} per level, then more until {secs} s \
         have passed; median over the runs, min–max in brackets; latency: `POST /signaler` from sending \
         to the whole receipt page; \"other processes\" is the CPU the rest of the machine used meanwhile, \
         which slows the figures down on a shared machine):\n\n",
        min = args.min_submissions,
        secs = args.level_secs,
    ));
    out.push_str(&submissions_table(runs));
    let mut failures = Failures::default();
    let mut total = 0;
    for r in runs {
        for l in &r.levels {
            failures.merge(&l.failures);
            total += l.ok + l.failures.total();
        }
    }
    if failures.total() == 0 {
        out.push_str(&format!(
            "\nAll {total} submissions were answered 200 with a receipt.\n\n"
        ));
    } else {
        out.push_str(&format!(
            "\n**{} of {total} submissions failed**: {failures}.\n\n",
            failures.total()
        ));
    }
    out
}

/// The server's memory during uploads.
fn memory_section(runs: &[RunResult], args: &ReportsArgs) -> String {
    let mut out = String::new();
    let many = runs.first().map(|r| &r.many);
    let big = runs.first().map(|r| &r.big);
    let label_many = many.map_or_else(String::new, |u| {
        format!("{} × {} MiB", u.count, u.file_bytes / MIB)
    });
    let label_big = big.map_or_else(String::new, |u| format!("1 × {} MiB", u.file_bytes / MIB));
    out.push_str(&format!(
        "**Server memory during uploads** (resident set size; each upload is one report with one PNG \
         streamed by the client, the reports sent at once; \"while streaming\" is the peak until the \
         first upload has sent its last byte, before any receipt is derived, and \"with receipts\" the \
         peak until the last receipt page, Argon2id runs included; \"again\" is the same batch sent a \
         second time to the same server, 2 s after the first; the {label_big} upload runs with \
         `VIGIE_REPORTS_MAX_FILE_MIB={big_limit}`):\n\n",
        big_limit = args.big_upload_mib + 20,
    ));
    out.push_str(&memory_table(runs, &label_many, &label_big));
    let accepted = |f: fn(&RunResult) -> &Uploads| {
        let (mut ok, mut cleaned, mut sent) = (0, 0, 0);
        for r in runs {
            let u = f(r);
            ok += u.accepted;
            cleaned += u.cleaned;
            sent += u.count;
        }
        (ok, cleaned, sent)
    };
    let (ok_first, cleaned_first, sent_first) = accepted(|r| &r.many);
    let (ok_again, cleaned_again, sent_again) = accepted(|r| &r.many_again);
    let (ok_many, cleaned_many, sent_many) = (
        ok_first + ok_again,
        cleaned_first + cleaned_again,
        sent_first + sent_again,
    );
    let (ok_big, cleaned_big, sent_big) = accepted(|r| &r.big);
    out.push_str(&format!(
        "\nUploads answered 200 with a receipt: {ok_many}/{sent_many} of {label_many} ({cleaned_many} \
         cleaned: the PNG went through the cleaner), {ok_big}/{sent_big} of {label_big} ({cleaned_big} \
         cleaned).\n\n"
    ));
    out
}

/// What a browser downloads for `/signaler`.
fn weight_section(runs: &[RunResult]) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "**What a browser downloads for `/signaler`** (the page, then every same-origin subresource it \
         references, each once; \"offered\" is with `Accept-Encoding: {BROWSER_ENCODINGS}`; headers are \
         the HTTP/1.1 status line and response headers):\n\n"
    ));
    if let Some(first) = runs.first() {
        out.push_str(&weight_table(&first.weight));
        let same = runs.iter().all(|r| r.weight == first.weight);
        let external = if first.weight.external.is_empty() {
            "It references nothing on another origin.".to_owned()
        } else {
            format!(
                "**It references other origins** (not loaded): {}.",
                first.weight.external.join(", ")
            )
        };
        out.push_str(&format!(
            "\n{external}{}\n",
            if same || runs.len() == 1 {
                ""
            } else {
                " (The sizes varied between runs; the first run's are shown.)"
            }
        ));
    }
    out
}

fn submissions_table(runs: &[RunResult]) -> String {
    let mut rows = Vec::new();
    for (i, concurrency) in LEVELS.iter().enumerate() {
        let levels: Vec<&Level> = runs.iter().filter_map(|r| r.levels.get(i)).collect();
        let count: Vec<f64> = levels.iter().map(|l| l.ok as f64).collect();
        let rate: Vec<f64> = levels
            .iter()
            .map(|l| l.per_second().unwrap_or(0.0))
            .collect();
        let cpu: Vec<f64> = levels
            .iter()
            .filter_map(|l| l.cpu_ms_per_attempt())
            .collect();
        let p50: Vec<f64> = levels.iter().filter_map(|l| l.latency_ms(50.0)).collect();
        let p99: Vec<f64> = levels.iter().filter_map(|l| l.latency_ms(99.0)).collect();
        let others: Vec<f64> = levels.iter().filter_map(|l| l.other_cores()).collect();
        let failed: Vec<f64> = levels.iter().map(|l| l.failures.total() as f64).collect();
        rows.push(vec![
            concurrency.to_string(),
            cell(summarize(&count), 0),
            cell(summarize(&rate), 2),
            cell(summarize(&cpu), 0),
            cell(summarize(&p50), 0),
            cell(summarize(&p99), 0),
            cell(summarize(&failed), 0),
            cell(summarize(&others), 2),
        ]);
    }
    markdown::table(
        &[
            "concurrency",
            "submissions per run",
            "submissions/s",
            "server CPU per submission (ms)",
            "`POST` p50 (ms)",
            "`POST` p99 (ms)",
            "failed per run",
            "other processes (CPU cores)",
        ],
        &rows,
    )
}

/// A figure of a batch of uploads: what it is, and its value for one batch (if it could be read).
type UploadFigure = (&'static str, fn(&Uploads) -> Option<f64>);

fn memory_table(runs: &[RunResult], many: &str, big: &str) -> String {
    let mut rows = Vec::new();
    let mut add = |label: String, values: Vec<f64>| {
        let cells = match summarize(&values) {
            Some(s) => vec![
                label,
                format!("{:.1}", s.median),
                format!("{:.1}", s.min),
                format!("{:.1}", s.max),
            ],
            None => vec![label, "-".into(), "-".into(), "-".into()],
        };
        rows.push(cells);
    };
    // Each figure of a batch of uploads, shown after the batch's label.
    let figures: [UploadFigure; 8] = [
        ("idle before (MiB)", |u| Some(to_mib(u.idle_kib))),
        ("peak while streaming (MiB)", |u| {
            u.streaming_peak().map(to_mib)
        }),
        ("**increase while streaming** (MiB)", |u| {
            u.streaming_peak().map(|p| to_mib(p) - to_mib(u.idle_kib))
        }),
        ("peak with receipts (MiB)", |u| u.peak().map(to_mib)),
        ("increase with receipts (MiB)", |u| {
            u.peak().map(|p| to_mib(p) - to_mib(u.idle_kib))
        }),
        ("highest 50 ms `VmRSS` sample (MiB)", |u| {
            u.sampled_peak_kib.map(to_mib)
        }),
        ("2 s after the last receipt (MiB)", |u| {
            Some(to_mib(u.after_kib))
        }),
        ("first byte to last receipt (s)", |u| {
            Some(u.wall.as_secs_f64())
        }),
    ];
    for (label, pick) in [
        (
            many,
            (|r: &RunResult| &r.many) as fn(&RunResult) -> &Uploads,
        ),
        (big, |r: &RunResult| &r.big),
    ] {
        let all: Vec<&Uploads> = runs.iter().map(pick).collect();
        for (what, figure) in figures {
            add(
                format!("{label}: {what}"),
                all.iter().filter_map(|u| figure(u)).collect(),
            );
        }
        if label == many {
            let again: Vec<&Uploads> = runs.iter().map(|r| &r.many_again).collect();
            add(
                format!("{label} again: peak with receipts (MiB)"),
                again.iter().filter_map(|u| u.peak().map(to_mib)).collect(),
            );
            add(
                format!("{label} again: 2 s after the last receipt (MiB)"),
                again.iter().map(|u| to_mib(u.after_kib)).collect(),
            );
        }
    }
    add(
        "one text-only submission: increase (one Argon2id run) (MiB)".into(),
        runs.iter()
            .map(|r| to_mib(r.one_submission.1) - to_mib(r.one_submission.0))
            .collect(),
    );
    markdown::table(&["figure", "median", "min", "max"], &rows)
}

fn weight_table(w: &PageWeight) -> String {
    let mut rows: Vec<Vec<String>> = w
        .resources
        .iter()
        .map(|r| {
            vec![
                format!("`{}` ({})", r.path, r.role),
                r.status.to_string(),
                format!("`{}`", r.content_type),
                r.identity_bytes.to_string(),
                r.offered_bytes.to_string(),
                r.encoding.clone().unwrap_or_else(|| "none".into()),
                r.header_bytes.to_string(),
            ]
        })
        .collect();
    rows.push(vec![
        "**total**".into(),
        String::new(),
        String::new(),
        format!("**{}**", w.identity_total()),
        format!("**{}**", w.offered_total()),
        String::new(),
        format!("**{}**", w.header_total()),
    ]);
    markdown::table(
        &[
            "resource",
            "status",
            "type",
            "body bytes",
            "body bytes offered",
            "`Content-Encoding`",
            "header bytes",
        ],
        &rows,
    )
}

pub(super) fn opt_ms(v: Option<f64>) -> String {
    v.map_or("-".into(), |v| format!("{v:.0}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reports::weight;
    use std::time::Duration;

    fn level(concurrency: usize, ok: usize, secs: u64, failed: usize) -> Level {
        let mut failures = Failures::default();
        for _ in 0..failed {
            failures.add("POST: HTTP 503");
        }
        Level {
            concurrency,
            ok,
            failures,
            wall: Duration::from_secs(secs),
            latencies_ms: (1..=ok).map(|v| v as f64).collect(),
            server_cpu: Some(Duration::from_millis(200 * (ok + failed) as u64)),
            other_cpu: Some(Duration::from_millis(100 * secs)),
        }
    }

    fn uploads(count: usize, mib_each: u64, idle: u64, streaming: u64, peak: u64) -> Uploads {
        Uploads {
            count,
            file_bytes: mib_each * MIB,
            accepted: count,
            cleaned: count,
            failures: Failures::default(),
            idle_kib: idle * 1024,
            streaming_peak_kib: Some(streaming * 1024),
            peak_kib: Some(peak * 1024),
            sampled_streaming_peak_kib: Some(streaming * 1024),
            sampled_peak_kib: Some(peak * 1024),
            after_kib: idle * 1024,
            wall: Duration::from_secs(10),
        }
    }

    fn run(failed: usize) -> RunResult {
        RunResult {
            levels: vec![
                level(1, 64, 16, 0),
                level(8, 100, 20, 0),
                level(64, 64, 8, failed),
            ],
            weight: PageWeight {
                resources: vec![weight::Resource {
                    path: "/signaler".into(),
                    role: "page".into(),
                    status: 200,
                    content_type: "text/html".into(),
                    identity_bytes: 9000,
                    offered_bytes: 9000,
                    encoding: None,
                    header_bytes: 500,
                }],
                external: vec![],
            },
            many: uploads(20, 50, 14, 30, 160),
            many_again: uploads(20, 50, 40, 60, 170),
            big: uploads(1, 100, 14, 16, 90),
            one_submission: (14 * 1024, 80 * 1024),
        }
    }

    fn args() -> ReportsArgs {
        ReportsArgs {
            vigie: None,
            runs: 2,
            write: None,
            level_secs: 20,
            min_submissions: 64,
            uploads: 20,
            upload_mib: 50,
            big_upload_mib: 100,
        }
    }

    fn setup() -> ServerSetup {
        ServerSetup {
            new_report_pool: 2,
            kdf: vigie_vault::KdfParams::production(),
        }
    }

    #[test]
    fn results_have_every_table() {
        let out = results(&[run(0), run(0)], &args(), &setup());
        crate::markdown::assert_contains_all(
            &out,
            &[
                "| 1 | 64 | 4.00 | 200 | 32 | 64 | 0 | 0.10 |",
                "| 8 | 100 | 5.00 | 200 | 50 | 99 | 0 | 0.10 |",
                "All 456 submissions were answered 200 with a receipt.",
                "| 20 × 50 MiB: **increase while streaming** (MiB) | 16.0 | 16.0 | 16.0 |",
                "| 1 × 100 MiB: increase with receipts (MiB) | 76.0 |",
                "| one text-only submission: increase (one Argon2id run) (MiB) | 66.0 |",
                "80/80 of 20 × 50 MiB (80 cleaned",
                "| `/signaler` (page) | 200 | `text/html` | 9000 | 9000 | none | 500 |",
                "| **total** |  |  | **9000** | **9000** |  | **500** |",
                "It references nothing on another origin.",
                "VIGIE_KDF_MEMORY_KIB=65536",
            ],
        );
        assert!(problems(&[run(0)]).is_empty());
    }

    #[test]
    fn failures_are_shown_not_hidden() {
        let out = results(&[run(3), run(0)], &args(), &setup());
        crate::markdown::assert_contains_all(
            &out,
            &[
                "**3 of 459 submissions failed**: 3 × POST: HTTP 503.",
                "| 64 | 64 | 8.00 | 200 | 32 | 64 | 2 (0–3) | 0.10 |",
            ],
        );
        let mut bad = run(0);
        bad.many.accepted = 18;
        bad.many.cleaned = 18;
        bad.many.failures.add("POST: HTTP 500");
        bad.many.failures.add("POST: HTTP 500");
        let p = problems(&[bad]);
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(
            p[0].contains("18/20 accepted; 2 × POST: HTTP 500"),
            "{}",
            p[0]
        );
    }
}
