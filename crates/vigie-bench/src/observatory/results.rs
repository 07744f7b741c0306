//! The observatory benchmark's results as Markdown.

use super::http::{LEVELS, RouteResult};
use super::publish::{self, PublishRun};
use super::seed::{self, Seeded};
use super::serving::Serving;
use super::{MIB, ObservatoryArgs, TARGET_P50_MS};
use crate::markdown;
use crate::stats::{cell, mib, millis, summarize};

/// How the table names what the client offered.
pub(super) fn offered_label(offered: &str) -> &'static str {
    if offered == "identity" {
        "none"
    } else {
        "browser"
    }
}

/// The routes over the target at concurrency 1, as `label (offered)`.
pub(super) fn over_target(routes: &[RouteResult]) -> Vec<String> {
    routes
        .iter()
        .filter(|r| {
            r.levels
                .first()
                .and_then(|l| l.latency_ms(50.0))
                .is_some_and(|p| p > TARGET_P50_MS)
        })
        .map(|r| format!("`{}` ({})", r.route.label, offered_label(&r.offered)))
        .collect()
}

/// A latency in ms: two decimals below 10, one above.
pub(super) fn ms(v: Option<f64>) -> String {
    match v {
        None => "-".into(),
        Some(v) if v < 10.0 => format!("{v:.2}"),
        Some(v) => format!("{v:.1}"),
    }
}

/// The results as Markdown (without the date line and the command).
pub(super) fn results(
    seeded: &Seeded,
    runs: &[PublishRun],
    serving: &Serving,
    args: &ObservatoryArgs,
) -> String {
    [
        instance_section(seeded),
        publishing_section(seeded, runs, args),
        serving_section(runs, serving, args),
        server_table(serving),
    ]
    .concat()
}

/// The seeded instance.
fn instance_section(seeded: &Seeded) -> String {
    let mut out = String::new();
    let cal = seeded.calendar;
    let seeding = match (seeded.total_time, seeded.insert_time) {
        (Some(total), Some(inserts)) => format!(
            "Seeding (not the target): {:.1} s in all, of which {:.1} s in `Store::insert_incidents` \
             ({} transactions of {} incidents, {:.0} incidents/s); the rest is the instance's creation \
             (two production Argon2id runs) and generating the incidents.",
            total.as_secs_f64(),
            inserts.as_secs_f64(),
            seeded.incidents.div_ceil(seeded.batch.max(1)),
            seeded.batch,
            seeded.incidents as f64 / inserts.as_secs_f64().max(1e-9),
        ),
        _ => "Seeding: an instance seeded by an earlier run was reused (`--seed-dir`).".into(),
    };
    let context = match seeded.context_series {
        0 => format!(
            "no official context series (`{}` was not found)",
            seed::CONTEXT_CSV
        ),
        n => format!(
            "the {n} official context series of `{}`, as `vigie serve --demo` shows them",
            seed::CONTEXT_CSV
        ),
    };
    out.push_str(&format!(
        "**Instance**: {incidents} accepted incidents over {months} months ({first} to {last}), \
         SQLite, database {db:.0} MiB; the editions carry {context}. {seeding}\n\n",
        incidents = seeded.incidents,
        months = cal.months,
        first = cal.first,
        last = cal.last,
        db = seeded.database_bytes as f64 / MIB,
    ));
    out
}

/// The publishing runs: what they did, then their timings.
fn publishing_section(seeded: &Seeded, runs: &[PublishRun], args: &ObservatoryArgs) -> String {
    let mut out = String::new();
    let cal = seeded.calendar;
    let (next_count, late_count) = publish::extra_counts(seeded.incidents, cal.months);
    let noise = match args.epsilon {
        Some(e) => format!("with discrete-Laplace noise, epsilon {e}"),
        None => "without noise (the default)".into(),
    };
    out.push_str(&format!(
        "**Publishing** (in-process `App::publish_edition` / `publish_correction`, k = 5, {noise}; \
         {runs} run(s), each on a fresh copy of the seeded instance; median, min–max in brackets). \
         Before the following month's edition, {next_count} incidents of {next} are added; before the \
         correction, {late_count} late incidents of {last} (neither timed). The aggregation and \
         disclosure rows time `App::month_input` (SQL) and `release_month` (CPU) of each of the \
         {months} months again, apart, after the publications (what is left of the first edition's \
         time is the snapshot's JSON, the store's transaction and the audit entry; apart timings \
         are as noisy as the machine, so they need not add up):\n\n",
        runs = runs.len(),
        next = cal.last.next(),
        last = cal.last,
        months = cal.months,
    ));
    out.push_str(&publishing_table(runs, cal.months));
    out
}

/// A row of the publishing table: its label, the figure of one run, the decimals shown.
type Figure<'a> = (&'a str, fn(&PublishRun) -> f64, usize);

/// The publishing runs' timings and sizes, one row each.
fn publishing_table(runs: &[PublishRun], months: u32) -> String {
    let first_months = runs.first().map_or(0, |r| r.first_months);
    let first = format!("**first edition** ({first_months} months released) (ms)");
    let aggregation = format!("aggregation, `month_input` × {months} (ms)");
    let disclosure = format!("disclosure control, `release_month` × {months} (ms)");
    let corrected = "correction: disclosure control, checked against earlier versions (ms)";
    let figures: [Figure; 13] = [
        (&first, |r| millis(r.first), 0),
        (
            "**following month's edition** (1 month released) (ms)",
            |r| millis(r.next),
            0,
        ),
        (
            "**correction** (1 month, version 2) (ms)",
            |r| millis(r.correction),
            0,
        ),
        (&aggregation, |r| millis(r.aggregation), 0),
        (
            "aggregation, slowest month (ms)",
            |r| millis(r.aggregation_max),
            1,
        ),
        (&disclosure, |r| millis(r.disclosure), 0),
        (
            "disclosure control, slowest month (ms)",
            |r| millis(r.disclosure_max),
            1,
        ),
        (
            "correction: aggregation of the month (ms)",
            |r| millis(r.correction_aggregation),
            1,
        ),
        (corrected, |r| millis(r.correction_disclosure), 1),
        (
            "snapshot JSON, first edition (KiB)",
            |r| kib(r.snapshot_bytes.0),
            0,
        ),
        (
            "snapshot JSON, after the correction (KiB)",
            |r| kib(r.snapshot_bytes.1),
            0,
        ),
        ("cells in the first edition", |r| r.cells.0 as f64, 0),
        ("of which suppressed", |r| r.cells.1 as f64, 0),
    ];
    let rows: Vec<Vec<String>> = figures
        .into_iter()
        .map(|(label, figure, decimals)| {
            let values: Vec<f64> = runs.iter().map(figure).collect();
            vec![label.to_owned(), cell(summarize(&values), decimals)]
        })
        .collect();
    markdown::table(&["figure", "median"], &rows)
}

fn kib(bytes: usize) -> f64 {
    bytes as f64 / 1024.0
}

/// The routes served: how they were measured, their table, and what went wrong.
fn serving_section(runs: &[PublishRun], serving: &Serving, args: &ObservatoryArgs) -> String {
    let mut out = String::new();
    let ids = runs.last().map(|r| r.ids.join(", ")).unwrap_or_default();
    let id = runs.last().map(|r| r.ids[2].clone()).unwrap_or_default();
    out.push_str(&format!(
        "\n**Serving** (`vigie serve`, release binary, on the last run's copy: editions {ids}; \
         `{{id}}` = `{id}`, the latest). Each route: one first request (the edition is read from the \
         database and parsed on the way, once for all routes), {warmup} warm-up requests, then \
         {requests} requests by 1 worker, then {requests} by {c8} workers at once, over kept-alive \
         connections, from a client on the same machine. Each route is measured twice: offering no \
         encoding (`Accept-Encoding: identity`, as a script or `curl` without `--compressed`), then \
         offering a browser's (`{browser}`; the server gzips the observatory's routes at its fastest \
         level, afresh for each request); body bytes are as sent. Latency: from sending the request \
         to the last byte of the body; nearest-rank percentiles. Target: p50 ≤ \
         {TARGET_P50_MS} ms for one request at a time (the first p50 column); with {c8} at once the \
         requests wait for the machine's {cpus} core(s), shared with the client, and requests/s is the \
         figure that matters.\n\n",
        warmup = args.warmup,
        requests = args.requests,
        c8 = LEVELS[1],
        cpus = crate::machine::cores(),
        browser = crate::reports::weight::BROWSER_ENCODINGS,
    ));
    out.push_str(&routes_table(&serving.routes));
    let others: Vec<f64> = serving
        .routes
        .iter()
        .flat_map(|r| r.levels.iter())
        .filter_map(|l| l.other_cores())
        .collect();
    if let Some(s) = summarize(&others) {
        out.push_str(&format!(
            "\nMeanwhile other processes on the machine kept {:.2} CPU core(s) busy on average (median \
             over the routes and levels; {:.2} to {:.2}): they slow the figures down on a shared \
             machine.\n",
            s.median, s.min, s.max
        ));
    }
    let failures: usize = serving
        .routes
        .iter()
        .flat_map(|r| r.levels.iter())
        .map(|l| l.failures.total())
        .sum();
    let not_ok: Vec<String> = serving
        .routes
        .iter()
        .filter(|r| r.status != 200)
        .map(|r| {
            format!(
                "`{}` ({}: HTTP {})",
                r.route.label,
                offered_label(&r.offered),
                r.status
            )
        })
        .collect();
    out.push('\n');
    if !not_ok.is_empty() {
        out.push_str(&format!(
            "**Not measured** (no 200): {}.\n\n",
            not_ok.join(", ")
        ));
    }
    if failures > 0 {
        let mut all = crate::load::Failures::default();
        for l in serving.routes.iter().flat_map(|r| r.levels.iter()) {
            all.merge(&l.failures);
        }
        out.push_str(&format!("**{failures} requests failed**: {all}.\n\n"));
    }
    let over = over_target(&serving.routes);
    if over.is_empty() {
        out.push_str(&format!(
            "Every measured route meets the target (p50 ≤ {TARGET_P50_MS} ms at concurrency 1).\n\n"
        ));
    } else {
        out.push_str(&format!(
            "**Above the target** (p50 > {TARGET_P50_MS} ms at concurrency 1): {}.\n\n",
            over.join(", ")
        ));
    }
    out
}

/// The server's start and memory.
fn server_table(serving: &Serving) -> String {
    markdown::table(
        &["server", "value"],
        &[
            vec![
                "spawn to `/healthz` 200 (ms)".into(),
                format!("{:.0}", millis(serving.ready)),
            ],
            vec!["RSS 1 s after start (MiB)".into(), mib(serving.idle_kib)],
            vec![
                "**RSS after serving every route** (MiB)".into(),
                mib(serving.after_kib),
            ],
            vec!["peak RSS while serving (MiB)".into(), mib(serving.peak_kib)],
        ],
    )
}

fn routes_table(routes: &[RouteResult]) -> String {
    let rows: Vec<Vec<String>> = routes
        .iter()
        .map(|r| {
            let mut row = vec![
                format!("`{}`", r.route.label),
                offered_label(&r.offered).to_owned(),
                r.status.to_string(),
                format!("`{}`", r.content_type.split(';').next().unwrap_or("")),
                r.content_encoding.clone().unwrap_or_else(|| "-".into()),
                r.body_bytes.to_string(),
                ms(Some(r.first_ms)),
            ];
            for i in 0..LEVELS.len() {
                match r.levels.get(i) {
                    Some(l) => {
                        let p50 = ms(l.latency_ms(50.0));
                        // The target is for one request at a time; with 8 at once on a small
                        // machine, latency is mostly waiting for a core.
                        let over = i == 0 && l.latency_ms(50.0).is_some_and(|p| p > TARGET_P50_MS);
                        row.push(if over { format!("**{p50}**") } else { p50 });
                        row.push(ms(l.latency_ms(90.0)));
                        row.push(ms(l.latency_ms(99.0)));
                        row.push(l.per_second().map_or("-".into(), |v| format!("{v:.0}")));
                    }
                    None => row.extend(std::iter::repeat_n("-".to_owned(), 4)),
                }
            }
            row.push(ms(r.levels.first().and_then(|l| l.cpu_ms_per_attempt())));
            row
        })
        .collect();
    let c8 = LEVELS[1];
    markdown::table(
        &[
            "route",
            "encodings offered",
            "status",
            "type",
            "`Content-Encoding`",
            "body bytes",
            "first (ms)",
            "p50 (ms)",
            "p90 (ms)",
            "p99 (ms)",
            "req/s",
            &format!("p50 ×{c8} (ms)"),
            &format!("p90 ×{c8} (ms)"),
            &format!("p99 ×{c8} (ms)"),
            &format!("req/s ×{c8}"),
            "server CPU per request (ms)",
        ],
        &rows,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::Failures;
    use crate::load::Level;
    use crate::observatory::http::Route;
    use crate::observatory::seed::Calendar;
    use std::time::Duration;
    use vigie_domain::observatory::Month;

    fn args() -> ObservatoryArgs {
        ObservatoryArgs {
            vigie: None,
            runs: 2,
            write: None,
            incidents: 1_000_000,
            months: 24,
            batch: 10_000,
            requests: 400,
            warmup: 20,
            seed_dir: None,
            epsilon: None,
        }
    }

    fn publish_run(first_ms: u64) -> PublishRun {
        let d = Duration::from_millis;
        PublishRun {
            first: d(first_ms),
            first_months: 24,
            next: d(300),
            correction: d(350),
            ids: ["2026-09.1".into(), "2026-10.1".into(), "2026-10.2".into()],
            snapshot_bytes: (2048 * 1024, 2200 * 1024),
            aggregation: d(4000),
            aggregation_max: d(200),
            disclosure: d(1000),
            disclosure_max: d(60),
            correction_aggregation: d(180),
            correction_disclosure: d(70),
            cells: (60_000, 9_000),
        }
    }

    fn route(label: &str, p50: f64, status: u16, offered: &str) -> RouteResult {
        let level = |c| Level {
            concurrency: c,
            ok: 4,
            failures: Failures::default(),
            wall: Duration::from_secs(1),
            latencies_ms: vec![p50; 4],
            server_cpu: Some(Duration::from_millis(8)),
            other_cpu: Some(Duration::from_millis(250)),
        };
        RouteResult {
            route: Route {
                label: label.into(),
                path: label.into(),
            },
            offered: offered.into(),
            status,
            content_type: "text/html; charset=utf-8".into(),
            content_encoding: (offered != "identity").then(|| "gzip".into()),
            body_bytes: 12345,
            first_ms: 30.0,
            levels: if status == 200 {
                vec![level(1), level(8)]
            } else {
                Vec::new()
            },
        }
    }

    #[test]
    #[allow(clippy::unwrap_used)]
    fn results_have_every_table() {
        let seeded = Seeded {
            calendar: Calendar::ending_before(Month::new(2026, 11).unwrap(), 24),
            incidents: 1_000_000,
            batch: 10_000,
            insert_time: Some(Duration::from_secs(20)),
            total_time: Some(Duration::from_secs(25)),
            database_bytes: 300 * 1024 * 1024,
            context_series: 2,
        };
        let serving = Serving {
            routes: vec![
                route("/observatoire", 4.0, 200, "identity"),
                route("/observatoire", 5.0, 200, "gzip, br"),
                route("/api/v1/editions/{id}/areas.geojson", 12.5, 200, "gzip, br"),
                route("/api/v1/editions", 0.0, 404, "identity"),
            ],
            idle_kib: 20 * 1024,
            after_kib: 60 * 1024,
            peak_kib: 70 * 1024,
            ready: Duration::from_millis(120),
        };
        let out = results(
            &seeded,
            &[publish_run(5000), publish_run(6000)],
            &serving,
            &args(),
        );
        crate::markdown::assert_contains_all(
            &out,
            &[
                "1000000 accepted incidents over 24 months (2024-10 to 2026-09)",
                "100 transactions of 10000 incidents, 50000 incidents/s",
                "| **first edition** (24 months released) (ms) | 5500 (5000–6000) |",
                "| **correction** (1 month, version 2) (ms) | 350 |",
                "| `/observatoire` | none | 200 | `text/html` | - | 12345 | 30.0 | 4.00 | 4.00 | 4.00 | 4 |",
                "| `/observatoire` | browser | 200 | `text/html` | gzip | 12345 |",
                "| **12.5** |",
                "**Not measured** (no 200): `/api/v1/editions` (none: HTTP 404).",
                "**Above the target** (p50 > 10 ms at concurrency 1): \
                 `/api/v1/editions/{id}/areas.geojson` (browser).",
                "| **RSS after serving every route** (MiB) | 60.0 |",
                "`{id}` = `2026-10.2`",
                "kept 0.25 CPU core(s) busy",
            ],
        );
    }

    #[test]
    fn latencies_keep_their_precision() {
        assert_eq!(ms(Some(0.4567)), "0.46");
        assert_eq!(ms(Some(12.34)), "12.3");
        assert_eq!(ms(None), "-");
    }
}
