//! `vigie-bench observatory`: the observatory with a million incidents.
//!
//! 1. **Seeding** (not the target, timed apart): a fresh instance, created in-process with the files
//!    `vigie serve --data-dir DIR` opens, and `--incidents` accepted incidents over `--months` months
//!    written through `Store::insert_incidents` by batches of `--batch` ([`seed`]).
//! 2. **Publishing**, `--runs` times, each on a fresh copy of the seeded instance: the first edition
//!    (every month released), the following month's edition, a correction; then the SQL aggregation
//!    and the disclosure control of every month timed apart ([`publish`]).
//! 3. **Serving**: a real `vigie serve` (the release binary) on the last run's copy, each public route
//!    of the observatory asked `--requests` times by 1, then by 8 workers, after `--warmup` requests
//!    ([`http`]); the server's resident memory before and after.

mod http;
mod publish;
mod seed;

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result};
use clap::Args;
use vigie_domain::observatory::Month;

use crate::UsageError;
use crate::machine::{cpu_model, nproc};
use crate::markdown;
use crate::server::{self, READY_TIMEOUT, Server};
use crate::stats::{Summary, summarize};
use http::{LEVELS, RouteResult};
use publish::PublishRun;
use seed::{Calendar, Seeded};

/// The section of the documentation file this benchmark rewrites.
const SECTION: &str = "observatory";
/// The target for a page or a file read from a published edition.
const TARGET_P50_MS: f64 = 10.0;

/// Options of `vigie-bench observatory`.
#[derive(Debug, Args)]
pub struct ObservatoryArgs {
    /// The vigie binary [default: $CARGO_TARGET_DIR/release/vigie, else target/release/vigie]
    #[arg(long, value_name = "PATH")]
    vigie: Option<PathBuf>,
    /// Publishing runs, each on a fresh copy of the seeded instance
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=20))]
    runs: u32,
    /// Replace the section between `<!-- bench:observatory -->` and `<!-- /bench:observatory -->`
    /// of FILE with the results
    #[arg(long, value_name = "FILE")]
    write: Option<PathBuf>,
    /// Accepted incidents to seed
    #[arg(long, default_value_t = 1_000_000, value_parser = clap::value_parser!(u64).range(1..=100_000_000))]
    incidents: u64,
    /// Months they are spread over (the first edition releases them all)
    #[arg(long, default_value_t = 24, value_parser = clap::value_parser!(u32).range(2..=60))]
    months: u32,
    /// Incidents per insert transaction while seeding
    #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    batch: u64,
    /// Requests per route at each concurrency level
    #[arg(long, default_value_t = 400, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    requests: u64,
    /// Warm-up requests per route, not counted
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u64).range(0..=10_000))]
    warmup: u64,
    /// Seed into DIR, or reuse DIR if an earlier run seeded it with the same incidents and months
    /// (the copies for the runs are made next to it) [default: a temporary directory]
    #[arg(long, value_name = "DIR")]
    seed_dir: Option<PathBuf>,
    /// Publish with discrete-Laplace noise of this epsilon per cell (`observatory.epsilon`)
    /// [default: none, as the server's default]
    #[arg(long)]
    epsilon: Option<f64>,
}

/// The server part.
#[derive(Clone, Debug)]
struct Serving {
    routes: Vec<RouteResult>,
    /// `VmRSS` 1 s after `/healthz` answered, in KiB.
    idle_kib: u64,
    /// `VmRSS` after every route, in KiB.
    after_kib: u64,
    /// `VmHWM` over the route tests, in KiB.
    peak_kib: u64,
    /// Spawn to `/healthz` 200.
    ready: Duration,
}

/// Runs the benchmark.
pub async fn run(args: ObservatoryArgs) -> Result<()> {
    let binary = args.vigie.clone().unwrap_or_else(server::default_binary);
    server::check_binary(&binary)?;
    if let Some(e) = args.epsilon
        && !(e > 0.0 && e <= 10.0)
    {
        return Err(UsageError("--epsilon must be above 0 and at most 10".into()).into());
    }
    let doc = match &args.write {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| UsageError(format!("cannot read {}: {e}", path.display())))?;
            markdown::find_section(&text, SECTION)
                .map_err(|e| UsageError(format!("{}: {e}", path.display())))?;
            Some((path, text))
        }
        None => None,
    };
    let version = server::binary_version(&binary).await;
    let calendar = Calendar::ending_before(Month::of_instant(chrono::Utc::now()), args.months);
    eprintln!(
        "vigie-bench observatory: {} ({version}), {} incidents over {} to {}, {} run(s)",
        binary.display(),
        args.incidents,
        calendar.first,
        calendar.last,
        args.runs
    );

    let temp = tempfile::Builder::new()
        .prefix("vigie-bench-observatory-")
        .tempdir()
        .context("creating a temporary directory")?;
    let seed_dir = args
        .seed_dir
        .clone()
        .unwrap_or_else(|| temp.path().join("seed"));
    let seeded = seed::prepare(&seed_dir, calendar, args.incidents, args.batch).await?;
    if let (Some(total), Some(inserts)) = (seeded.total_time, seeded.insert_time) {
        eprintln!(
            "seeded {} incidents in {:.1} s ({:.1} s in insert_incidents), database {:.0} MiB",
            seeded.incidents,
            total.as_secs_f64(),
            inserts.as_secs_f64(),
            seeded.database_bytes as f64 / MIB
        );
    }

    let batch = usize::try_from(args.batch).unwrap_or(usize::MAX);
    let mut runs = Vec::new();
    let mut last_dir = None;
    for i in 1..=args.runs {
        let dir = temp.path().join(format!("run-{i}"));
        seed::copy_instance(&seed_dir, &dir)?;
        let r = publish::run(&dir, calendar, args.incidents, batch, args.epsilon, i)
            .await
            .with_context(|| format!("run {i}"))?;
        runs.push(r);
        if let Some(previous) = last_dir.replace(dir) {
            std::fs::remove_dir_all(&previous)
                .with_context(|| format!("removing {}", Path::new(&previous).display()))?;
        }
    }
    let last_dir = last_dir.context("no run")?;
    let latest_id = runs
        .last()
        .map(|r| r.ids[2].clone())
        .context("no edition")?;

    let serving = serve(
        &binary,
        &last_dir,
        &temp.path().join("serve.log"),
        &latest_id,
        &args,
    )
    .await?;

    let body = results(&seeded, &runs, &serving, &args);
    println!("{body}");
    let slow = over_target(&serving.routes);
    if let Some((path, text)) = doc {
        let body = format!(
            "Measured on {date} (UTC) with {version}, on a machine where `nproc` = {cpus} ({cpu}).\n\n\
             {body}\nCommand: `{command}`",
            date = chrono::Utc::now().format("%Y-%m-%d"),
            cpus = nproc(),
            cpu = cpu_model(),
            command = server::own_command_line(),
        );
        let updated = markdown::replace_section(&text, SECTION, &body)
            .map_err(|e| UsageError(format!("{}: {e}", path.display())))?;
        std::fs::write(path, updated).with_context(|| format!("writing {}", path.display()))?;
        eprintln!("results written to {}", path.display());
    }
    if !slow.is_empty() {
        eprintln!(
            "ABOVE THE TARGET (p50 > {TARGET_P50_MS} ms at concurrency 1): {}",
            slow.join(", ")
        );
    }
    Ok(())
}

const MIB: f64 = 1024.0 * 1024.0;

async fn serve(
    binary: &Path,
    dir: &Path,
    log: &Path,
    latest_id: &str,
    args: &ObservatoryArgs,
) -> Result<Serving> {
    let mut server = Server::spawn(binary, dir, log, &[])?;
    let ready = server.wait_ready(READY_TIMEOUT).await?;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let idle_kib = server.rss_kib()?;
    server.reset_peak_rss()?;
    let client = http::client()?;
    let warmup = usize::try_from(args.warmup).unwrap_or(usize::MAX);
    let requests = usize::try_from(args.requests).unwrap_or(usize::MAX);
    let mut routes = Vec::new();
    for route in http::routes(latest_id) {
        for encodings in http::ENCODINGS {
            let r = http::measure(&server, &client, &route, encodings, warmup, requests)
                .await
                .with_context(|| format!("measuring {}", route.path))?;
            eprintln!("{}", describe_route(&r));
            if r.levels.iter().any(|l| l.failures.total() > 0) || r.status != 200 {
                eprintln!("the end of the server's log:\n{}", server.log_tail(10));
            }
            routes.push(r);
        }
    }
    let after_kib = server.rss_kib()?;
    let peak_kib = server.peak_rss_kib()?;
    let status = server.stop().await?;
    if !status.success() {
        eprintln!("warning: the server exited with {status}");
    }
    Ok(Serving {
        routes,
        idle_kib,
        after_kib,
        peak_kib,
        ready,
    })
}

fn describe_route(r: &RouteResult) -> String {
    let mut out = format!(
        "{} ({}): HTTP {}, {} bytes{}, first {:.1} ms",
        r.route.path,
        offered_label(&r.offered),
        r.status,
        r.body_bytes,
        r.content_encoding
            .as_deref()
            .map_or(String::new(), |e| format!(" {e}")),
        r.first_ms
    );
    for l in &r.levels {
        out.push_str(&format!(
            "; c={}: p50 {} p99 {} ms, {} req/s, failures: {}",
            l.concurrency,
            ms(l.latency_ms(50.0)),
            ms(l.latency_ms(99.0)),
            l.per_second().map_or("-".into(), |v| format!("{v:.0}")),
            l.failures
        ));
    }
    out
}

/// How the table names what the client offered.
fn offered_label(offered: &str) -> &'static str {
    if offered == "identity" {
        "none"
    } else {
        "browser"
    }
}

/// The routes over the target at concurrency 1, as `label (offered)`.
fn over_target(routes: &[RouteResult]) -> Vec<String> {
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
fn ms(v: Option<f64>) -> String {
    match v {
        None => "-".into(),
        Some(v) if v < 10.0 => format!("{v:.2}"),
        Some(v) => format!("{v:.1}"),
    }
}

/// `median (min–max)`, or just the median when all runs agree at this precision.
fn cell(summary: Option<Summary>, decimals: usize) -> String {
    match summary {
        None => "-".into(),
        Some(s) => {
            let f = |v: f64| format!("{v:.decimals$}");
            if f(s.min) == f(s.max) {
                f(s.median)
            } else {
                format!("{} ({}–{})", f(s.median), f(s.min), f(s.max))
            }
        }
    }
}

fn millis(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn results(
    seeded: &Seeded,
    runs: &[PublishRun],
    serving: &Serving,
    args: &ObservatoryArgs,
) -> String {
    let mut out = String::new();
    let cal = seeded.calendar;
    let (next_count, late_count) = publish::extra_counts(seeded.incidents, cal.months);
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
    let series = |f: &dyn Fn(&PublishRun) -> f64| -> Vec<f64> { runs.iter().map(f).collect() };
    let mut rows = Vec::new();
    let mut add = |label: String, values: Vec<f64>, decimals: usize| {
        rows.push(vec![label, cell(summarize(&values), decimals)]);
    };
    let first_months = runs.first().map_or(0, |r| r.first_months);
    add(
        format!("**first edition** ({first_months} months released) (ms)"),
        series(&|r| millis(r.first)),
        0,
    );
    add(
        "**following month's edition** (1 month released) (ms)".into(),
        series(&|r| millis(r.next)),
        0,
    );
    add(
        "**correction** (1 month, version 2) (ms)".into(),
        series(&|r| millis(r.correction)),
        0,
    );
    add(
        format!("aggregation, `month_input` × {} (ms)", cal.months),
        series(&|r| millis(r.aggregation)),
        0,
    );
    add(
        "aggregation, slowest month (ms)".into(),
        series(&|r| millis(r.aggregation_max)),
        1,
    );
    add(
        format!("disclosure control, `release_month` × {} (ms)", cal.months),
        series(&|r| millis(r.disclosure)),
        0,
    );
    add(
        "disclosure control, slowest month (ms)".into(),
        series(&|r| millis(r.disclosure_max)),
        1,
    );
    add(
        "correction: aggregation of the month (ms)".into(),
        series(&|r| millis(r.correction_aggregation)),
        1,
    );
    add(
        "correction: disclosure control, checked against earlier versions (ms)".into(),
        series(&|r| millis(r.correction_disclosure)),
        1,
    );
    add(
        "snapshot JSON, first edition (KiB)".into(),
        series(&|r| r.snapshot_bytes.0 as f64 / 1024.0),
        0,
    );
    add(
        "snapshot JSON, after the correction (KiB)".into(),
        series(&|r| r.snapshot_bytes.1 as f64 / 1024.0),
        0,
    );
    add(
        "cells in the first edition".into(),
        series(&|r| r.cells.0 as f64),
        0,
    );
    add(
        "of which suppressed".into(),
        series(&|r| r.cells.1 as f64),
        0,
    );
    out.push_str(&markdown::table(&["figure", "median"], &rows));

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
        let mut all = crate::reports::submit::Failures::default();
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
    let mib = |kib: u64| kib as f64 / 1024.0;
    out.push_str(&markdown::table(
        &["server", "value"],
        &[
            vec![
                "spawn to `/healthz` 200 (ms)".into(),
                format!("{:.0}", millis(serving.ready)),
            ],
            vec![
                "RSS 1 s after start (MiB)".into(),
                format!("{:.1}", mib(serving.idle_kib)),
            ],
            vec![
                "**RSS after serving every route** (MiB)".into(),
                format!("{:.1}", mib(serving.after_kib)),
            ],
            vec![
                "peak RSS while serving (MiB)".into(),
                format!("{:.1}", mib(serving.peak_kib)),
            ],
        ],
    ));
    out
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
            row.push(ms(r.levels.first().and_then(|l| l.cpu_ms_per_request())));
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
    use crate::reports::submit::Failures;
    use http::{Route, RouteLevel};

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
        let level = |c| RouteLevel {
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
        assert!(out.contains("1000000 accepted incidents over 24 months (2024-10 to 2026-09)"));
        assert!(
            out.contains("100 transactions of 10000 incidents, 50000 incidents/s"),
            "{out}"
        );
        assert!(
            out.contains("| **first edition** (24 months released) (ms) | 5500 (5000–6000) |"),
            "{out}"
        );
        assert!(out.contains("| **correction** (1 month, version 2) (ms) | 350 |"));
        assert!(
            out.contains(
                "| `/observatoire` | none | 200 | `text/html` | - | 12345 | 30.0 | 4.00 | 4.00 | 4.00 | 4 |"
            ),
            "{out}"
        );
        assert!(
            out.contains("| `/observatoire` | browser | 200 | `text/html` | gzip | 12345 |"),
            "{out}"
        );
        assert!(out.contains("| **12.5** |"), "{out}");
        assert!(
            out.contains("**Not measured** (no 200): `/api/v1/editions` (none: HTTP 404)."),
            "{out}"
        );
        assert!(
            out.contains(
                "**Above the target** (p50 > 10 ms at concurrency 1): \
                 `/api/v1/editions/{id}/areas.geojson` (browser)."
            ),
            "{out}"
        );
        assert!(out.contains("| **RSS after serving every route** (MiB) | 60.0 |"));
        assert!(out.contains("`{id}` = `2026-10.2`"));
        assert!(out.contains("kept 0.25 CPU core(s) busy"), "{out}");
    }

    #[test]
    fn latencies_keep_their_precision() {
        assert_eq!(ms(Some(0.4567)), "0.46");
        assert_eq!(ms(Some(12.34)), "12.3");
        assert_eq!(ms(None), "-");
    }
}
