//! Spawning and stopping a real `vigie serve` for a benchmark.
//!
//! The child gets a free port on 127.0.0.1, its own data directory, no `VIGIE_*` variable from the
//! caller's environment (so the figures are those of the defaults: SQLite, production Argon2id), and
//! its output in a log file. It is killed if the benchmark fails half-way (`kill_on_drop`).

use std::ffi::OsString;
use std::fs::File;
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{ExitStatus, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};
use tokio::process::{Child, Command};

use crate::UsageError;

/// How often `/healthz` is polled while waiting for the server.
pub const POLL_EVERY: Duration = Duration::from_millis(10);
/// How long a server may take to answer `/healthz` before the benchmark gives up.
pub const READY_TIMEOUT: Duration = Duration::from_secs(120);
/// How long a server may take to stop after SIGTERM before it is killed.
const STOP_GRACE: Duration = Duration::from_secs(10);

/// The default binary: `$CARGO_TARGET_DIR/release/vigie` if that variable is set, else
/// `target/release/vigie` in the workspace this benchmark was built from.
pub fn default_binary() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir).join("release").join("vigie"),
        _ => workspace_root()
            .join("target")
            .join("release")
            .join("vigie"),
    }
}

/// The workspace root (two levels above this crate's manifest).
pub fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest
        .parent()
        .and_then(Path::parent)
        .unwrap_or(manifest)
        .to_path_buf()
}

/// Checks that `binary` exists, with the one-line advice to build it when it does not.
pub fn check_binary(binary: &Path) -> Result<(), UsageError> {
    if binary.is_file() {
        Ok(())
    } else {
        Err(UsageError(format!(
            "no vigie binary at {}: run `cargo build --release -p vigie` first (or pass --vigie PATH)",
            binary.display()
        )))
    }
}

/// What `vigie --version` prints (e.g. `vigie 0.1.0`), or `vigie (unknown version)`.
pub async fn binary_version(binary: &Path) -> String {
    let out = Command::new(binary)
        .arg("--version")
        .env_clear()
        .stdin(Stdio::null())
        .output()
        .await;
    match out {
        Ok(out) if out.status.success() => {
            let v = String::from_utf8_lossy(&out.stdout).trim().to_string();
            if v.is_empty() {
                "vigie (unknown version)".into()
            } else {
                v
            }
        }
        _ => "vigie (unknown version)".into(),
    }
}

/// A free TCP port on 127.0.0.1: bound, read, released. Another process could take it before the
/// server binds; on a bench machine that does not happen in practice.
pub fn free_port() -> Result<u16> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).context("finding a free port")?;
    Ok(listener.local_addr()?.port())
}

/// A temporary directory for one run, named `prefix...` and deleted on drop: the data directories in
/// it hold keys and one-time passwords, and nothing of a run is left behind.
pub fn temp_root(prefix: &str) -> Result<tempfile::TempDir> {
    tempfile::Builder::new()
        .prefix(prefix)
        .tempdir()
        .context("creating a temporary directory")
}

/// A new, empty data directory `root/name` for a server.
pub fn new_data_dir(root: &Path, name: &str) -> Result<PathBuf> {
    let dir = root.join(name);
    std::fs::create_dir(&dir).context("creating the data directory")?;
    Ok(dir)
}

/// An HTTP client for a benchmark: no proxy (the server is local), five seconds to connect, and
/// `timeout` for a whole request. It keeps its connections open, as a browser or a reverse proxy does.
pub fn http_client(timeout: Duration) -> Result<reqwest::Client> {
    reqwest::Client::builder()
        .no_proxy()
        .connect_timeout(Duration::from_secs(5))
        .timeout(timeout)
        .build()
        .context("building the HTTP client")
}

/// A `vigie serve` child process.
pub struct Server {
    child: Child,
    pid: u32,
    addr: SocketAddr,
    log_file: PathBuf,
    spawned: Instant,
    client: reqwest::Client,
}

impl Server {
    /// Spawns `binary serve --data-dir DATA_DIR --listen 127.0.0.1:PORT [extra...]` on a free port,
    /// with its stdout and stderr appended to `log_file`. The clock for [`Server::wait_ready`]
    /// starts here.
    pub fn spawn(
        binary: &Path,
        data_dir: &Path,
        log_file: &Path,
        extra: &[&str],
    ) -> Result<Server> {
        Server::spawn_with_env(binary, data_dir, log_file, extra, &[])
    }

    /// [`Server::spawn`], with `env` (`VIGIE_*` settings chosen by the benchmark) set on the child
    /// after the caller's own `VIGIE_*` variables were removed.
    pub fn spawn_with_env(
        binary: &Path,
        data_dir: &Path,
        log_file: &Path,
        extra: &[&str],
        env: &[(String, String)],
    ) -> Result<Server> {
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, free_port()?));
        let log = File::options()
            .create(true)
            .append(true)
            .open(log_file)
            .with_context(|| format!("opening {}", log_file.display()))?;
        let mut cmd = Command::new(binary);
        cmd.arg("serve")
            .arg("--data-dir")
            .arg(data_dir)
            .arg("--listen")
            .arg(addr.to_string())
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::from(log.try_clone()?))
            .stderr(Stdio::from(log))
            .kill_on_drop(true);
        for (key, _) in std::env::vars_os() {
            if key.to_string_lossy().starts_with("VIGIE_") {
                cmd.env_remove(&key);
            }
        }
        cmd.envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let client = reqwest::Client::builder()
            .no_proxy()
            .pool_max_idle_per_host(0)
            .connect_timeout(Duration::from_secs(1))
            .timeout(Duration::from_secs(10))
            .build()
            .context("building the HTTP client")?;
        let spawned = Instant::now();
        let child = cmd
            .spawn()
            .with_context(|| format!("spawning {}", binary.display()))?;
        let pid = child
            .id()
            .ok_or_else(|| anyhow!("the server exited at once"))?;
        Ok(Server {
            child,
            pid,
            addr,
            log_file: log_file.to_path_buf(),
            spawned,
            client,
        })
    }

    /// The server's base URL, `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Polls `GET /healthz` every [`POLL_EVERY`] until it answers 200 and returns the time since
    /// the spawn. Fails if the server exits first (quoting the end of its log) or takes longer
    /// than `timeout`.
    pub async fn wait_ready(&mut self, timeout: Duration) -> Result<Duration> {
        let url = format!("{}/healthz", self.base_url());
        loop {
            if let Some(status) = self.child.try_wait()? {
                bail!(
                    "vigie exited before it was ready ({status}); the end of its log:\n{}",
                    log_tail(&self.log_file, 10)
                );
            }
            if let Ok(resp) = self.client.get(&url).send().await
                && resp.status() == reqwest::StatusCode::OK
            {
                return Ok(self.spawned.elapsed());
            }
            if self.spawned.elapsed() > timeout {
                bail!(
                    "vigie did not answer 200 on /healthz within {} s; the end of its log:\n{}",
                    timeout.as_secs(),
                    log_tail(&self.log_file, 10)
                );
            }
            tokio::time::sleep(POLL_EVERY).await;
        }
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// The end of the server's log, indented (to quote when it misbehaves).
    pub fn log_tail(&self, n: usize) -> String {
        log_tail(&self.log_file, n)
    }

    /// The server's resident set size in KiB (`VmRSS` in `/proc/PID/status`).
    pub fn rss_kib(&self) -> Result<u64> {
        read_status_kib(self.pid, "VmRSS")
    }

    /// The CPU time the server has used so far, user and system (`/proc/PID/stat`).
    pub fn cpu_time(&self) -> Result<Duration> {
        let path = format!("/proc/{}/stat", self.pid);
        let stat = std::fs::read_to_string(&path).with_context(|| format!("reading {path}"))?;
        let ticks =
            parse_stat_cpu_ticks(&stat).ok_or_else(|| anyhow!("no utime and stime in {path}"))?;
        Ok(crate::machine::ticks(ticks))
    }

    /// The CPU time used so far by the server's threads whose name starts with `prefix`
    /// (`/proc/PID/task/*/comm` and `stat`): `vigie-kdf-` for the KDF pools, whose threads live as
    /// long as the server, so that nothing they did is lost when a thread ends.
    pub fn threads_cpu_time(&self, prefix: &str) -> Result<Duration> {
        let tasks = format!("/proc/{}/task", self.pid);
        let mut total = 0;
        for task in std::fs::read_dir(&tasks).with_context(|| format!("reading {tasks}"))? {
            let dir = task?.path();
            // A thread may end between the listing and the reads: it is skipped.
            let (Ok(comm), Ok(stat)) = (
                std::fs::read_to_string(dir.join("comm")),
                std::fs::read_to_string(dir.join("stat")),
            ) else {
                continue;
            };
            if comm.starts_with(prefix) {
                total += parse_stat_cpu_ticks(&stat)
                    .ok_or_else(|| anyhow!("no utime and stime in {}", dir.display()))?;
            }
        }
        Ok(crate::machine::ticks(total))
    }

    /// The server's peak resident set size in KiB since it started or since the last
    /// [`Server::reset_peak_rss`] (`VmHWM` in `/proc/PID/status`).
    pub fn peak_rss_kib(&self) -> Result<u64> {
        read_status_kib(self.pid, "VmHWM")
    }

    /// Resets the server's peak resident set size (`VmHWM`) to its current one, by writing `5` to
    /// `/proc/PID/clear_refs` (Linux 4.0 and later; the benchmark owns the process).
    pub fn reset_peak_rss(&self) -> Result<()> {
        let path = format!("/proc/{}/clear_refs", self.pid);
        std::fs::write(&path, "5").with_context(|| format!("writing 5 to {path}"))
    }

    /// Stops the server: SIGTERM (a graceful shutdown, as systemd does), then SIGKILL if it is
    /// still running after a grace period. Returns its exit status.
    pub async fn stop(self) -> Result<ExitStatus> {
        let Server {
            mut child,
            pid,
            client,
            ..
        } = self;
        drop(client);
        if child.try_wait()?.is_none() {
            let term = i32::try_from(pid)
                .ok()
                .and_then(rustix::process::Pid::from_raw)
                .map(|p| rustix::process::kill_process(p, rustix::process::Signal::TERM));
            if let Some(Ok(())) = term
                && let Ok(status) = tokio::time::timeout(STOP_GRACE, child.wait()).await
            {
                return Ok(status?);
            }
            child.kill().await.context("killing the server")?;
        }
        Ok(child.wait().await?)
    }
}

/// The value in KiB of the line `FIELD:` of the text of `/proc/PID/status` (`VmRSS`, `VmHWM`...;
/// a line like `VmRSS:\t  81234 kB`).
pub fn parse_status_kib(status: &str, field: &str) -> Option<u64> {
    let line = status
        .lines()
        .find(|l| l.strip_prefix(field).is_some_and(|r| r.starts_with(':')))?;
    let mut words = line[field.len() + 1..].split_whitespace();
    let value = words.next()?.parse::<u64>().ok()?;
    match words.next() {
        Some("kB") | None => Some(value),
        Some(_) => None,
    }
}

/// `utime + stime` in clock ticks from the text of `/proc/PID/stat` (fields 14 and 15, counted
/// after the command name, which may hold spaces and parentheses).
pub fn parse_stat_cpu_ticks(stat: &str) -> Option<u64> {
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // `fields[0]` is field 3 (the state).
    let utime = fields.get(11)?.parse::<u64>().ok()?;
    let stime = fields.get(12)?.parse::<u64>().ok()?;
    Some(utime + stime)
}

/// Reads the line `FIELD:` (in KiB) of `/proc/PID/status`.
pub fn read_status_kib(pid: u32, field: &str) -> Result<u64> {
    let path = format!("/proc/{pid}/status");
    let status = std::fs::read_to_string(&path).with_context(|| format!("reading {path}"))?;
    parse_status_kib(&status, field).ok_or_else(|| anyhow!("no {field} line in {path}"))
}

/// The last `n` lines of a log file (or why it could not be read), indented.
fn log_tail(path: &Path, n: usize) -> String {
    match std::fs::read_to_string(path) {
        Ok(text) => {
            let lines: Vec<&str> = text.lines().collect();
            let tail = &lines[lines.len().saturating_sub(n)..];
            if tail.is_empty() {
                "  (empty)".into()
            } else {
                tail.iter().map(|l| format!("  {l}\n")).collect::<String>()
            }
        }
        Err(e) => format!("  (cannot read {}: {e})", path.display()),
    }
}

/// The command line of this process as it could be typed again: `cargo run --release -p
/// vigie-bench -- ARGS` when Cargo started it, else the program and its arguments.
pub fn own_command_line() -> String {
    let args: Vec<OsString> = std::env::args_os().collect();
    let rest: Vec<String> = args
        .iter()
        .skip(1)
        .map(|a| crate::markdown::shell_quote(&a.to_string_lossy()))
        .collect();
    let via_cargo = std::env::var_os("CARGO_PKG_NAME").is_some_and(|n| n == "vigie-bench");
    let program = if via_cargo {
        let profile = if cfg!(debug_assertions) {
            ""
        } else {
            " --release"
        };
        format!("cargo run{profile} -p vigie-bench --")
    } else {
        args.first()
            .map(|a| crate::markdown::shell_quote(&a.to_string_lossy()))
            .unwrap_or_else(|| "vigie-bench".into())
    };
    std::iter::once(program)
        .chain(rest)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const STATUS: &str = "Name:\tvigie\nUmask:\t0022\nState:\tS (sleeping)\nVmPeak:\t  312000 kB\nVmSize:\t  300000 kB\nVmHWM:\t   90000 kB\nVmRSS:\t   81234 kB\nRssAnon:\t   70000 kB\nThreads:\t3\n";

    #[test]
    fn reads_vm_rss() {
        assert_eq!(parse_status_kib(STATUS, "VmRSS"), Some(81234));
    }

    #[test]
    fn vm_rss_missing_or_malformed() {
        assert_eq!(
            parse_status_kib("Name:\tvigie\nVmHWM:\t 9 kB\n", "VmRSS"),
            None
        );
        assert_eq!(parse_status_kib("VmRSS:\t lots kB\n", "VmRSS"), None);
        assert_eq!(parse_status_kib("VmRSS:\t 12 MB\n", "VmRSS"), None);
        assert_eq!(parse_status_kib("VmRSS:\n", "VmRSS"), None);
    }

    #[test]
    fn reads_other_fields() {
        assert_eq!(parse_status_kib(STATUS, "VmHWM"), Some(90000));
        assert_eq!(parse_status_kib(STATUS, "VmPeak"), Some(312000));
        // `Vm` alone is no field: the name must be followed by its colon.
        assert_eq!(parse_status_kib(STATUS, "Vm"), None);
        assert_eq!(parse_status_kib(STATUS, "VmSwap"), None);
    }

    #[test]
    fn cpu_ticks_from_stat() {
        let stat = "4242 (vigie (serve) x) S 1 4242 4242 0 -1 4194560 1200 0 3 0 250 75 0 0 20 0 7 0 100 300000000 5000 18446744073709551615\n";
        assert_eq!(parse_stat_cpu_ticks(stat), Some(325));
        assert_eq!(parse_stat_cpu_ticks("4242 (vigie) S 1 2 3"), None);
        assert_eq!(parse_stat_cpu_ticks("no parenthesis"), None);
        let own = std::fs::read_to_string("/proc/self/stat").unwrap();
        assert!(parse_stat_cpu_ticks(&own).is_some());
    }

    #[test]
    fn rss_of_this_process() {
        let status = std::fs::read_to_string("/proc/self/status").unwrap();
        assert!(parse_status_kib(&status, "VmRSS").unwrap() > 0);
    }

    #[test]
    fn missing_binary_says_how_to_build_it() {
        let e = check_binary(Path::new("/nonexistent/vigie")).unwrap_err();
        assert!(e.0.contains("cargo build --release -p vigie"), "{e}");
        assert!(!e.0.contains('\n'));
    }

    #[test]
    fn free_ports_are_nonzero() {
        assert_ne!(free_port().unwrap(), 0);
    }
}
