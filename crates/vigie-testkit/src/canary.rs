//! The canary scanner: no plaintext at rest (DESIGN.md section 2, item 1) and no client data in the
//! logs (item 3).
//!
//! A test puts random canaries in through the real interfaces, names them in [`Canaries`], gathers
//! every byte the deployment wrote with [`Evidence::collect`] (the SQLite file, its WAL and SHM, or a
//! `pg_dump` of the schema; the blob directory and every other file beside them, key files excepted;
//! the process's log) and asks [`Canaries::leaks`] where any canary is found, in clear, in hex (both
//! cases), in base64 (standard and URL-safe, at every alignment) or in UTF-16 (both byte orders).

use std::path::Path;

use base64::Engine;

use crate::instance::Instance;

/// The encodings a careless program might write a secret in: (name, bytes). Base64 is given as the
/// middle of the encoding at each of the 3 alignments the secret could have inside a longer value:
/// that part is the same whatever surrounds it.
pub fn encodings(secret: &[u8]) -> Vec<(&'static str, Vec<u8>)> {
    let mut out = vec![
        ("clear", secret.to_vec()),
        ("hex", hex::encode(secret).into_bytes()),
        ("HEX", hex::encode_upper(secret).into_bytes()),
    ];
    for pad in 0..3 {
        let mut padded = vec![0u8; pad];
        padded.extend_from_slice(secret);
        for (name, engine) in [
            ("base64", &base64::engine::general_purpose::STANDARD),
            (
                "base64url",
                &base64::engine::general_purpose::URL_SAFE_NO_PAD,
            ),
        ] {
            let enc = engine.encode(&padded);
            let start = (pad * 4).div_ceil(3) + 2;
            let end = enc.len().saturating_sub(4);
            if end > start + 8 {
                out.push((name, enc.as_bytes()[start..end].to_vec()));
            }
        }
    }
    if let Ok(text) = std::str::from_utf8(secret) {
        out.push((
            "utf-16le",
            text.encode_utf16().flat_map(u16::to_le_bytes).collect(),
        ));
        out.push((
            "utf-16be",
            text.encode_utf16().flat_map(u16::to_be_bytes).collect(),
        ));
    }
    out
}

/// A random canary, `canari-{label}-{random}`: unique to the test, so that finding it anywhere means
/// this value leaked.
pub fn canary(label: &str) -> String {
    format!("canari-{label}-{}", uuid::Uuid::new_v4().simple())
}

/// Whether `needle` occurs in `hay` (an empty needle always does).
pub fn contains(hay: &[u8], needle: &[u8]) -> bool {
    if needle.is_empty() {
        return true;
    }
    if needle.len() < 8 {
        return hay.windows(needle.len()).any(|w| w == needle);
    }
    !find_any(hay, &[needle]).is_empty()
}

/// The needles (each at least 8 bytes) found in `hay`, in one pass over it: the search must stay
/// quick over megabytes of logs in a debug build.
pub fn find_any<'a>(hay: &[u8], needles: &[&'a [u8]]) -> Vec<&'a [u8]> {
    let mut bits = vec![0u64; 1024];
    let slot = |w: u64| ((w.wrapping_mul(0x9E37_79B9_7F4A_7C15)) >> 48) as usize;
    for n in needles {
        assert!(n.len() >= 8, "needle too short: {n:?}");
        let s = slot(u64::from_le_bytes(n[..8].try_into().unwrap()));
        bits[s >> 6] |= 1 << (s & 63);
    }
    let mut found: Vec<&[u8]> = Vec::new();
    if hay.len() < 8 {
        return found;
    }
    for i in 0..=hay.len() - 8 {
        let w = u64::from_le_bytes(hay[i..i + 8].try_into().unwrap());
        let s = slot(w);
        if bits[s >> 6] & (1 << (s & 63)) == 0 {
            continue;
        }
        for n in needles {
            if hay[i..].starts_with(n) && !found.contains(n) {
                found.push(n);
            }
        }
    }
    found
}

/// The secrets a test looks for, each in every [encoding](encodings).
#[derive(Debug, Default)]
pub struct Canaries {
    /// ("what (encoding)", bytes).
    needles: Vec<(String, Vec<u8>)>,
}

impl Canaries {
    /// No canary yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `secret`, named `what` in the report, in every encoding.
    pub fn add(&mut self, what: &str, secret: impl AsRef<[u8]>) -> &mut Self {
        for (form, bytes) in encodings(secret.as_ref()) {
            self.needles.push((format!("{what} ({form})"), bytes));
        }
        self
    }

    /// The canaries `(what, secret)`, each in every encoding.
    pub fn of(secrets: &[(&str, &str)]) -> Self {
        let mut canaries = Self::new();
        for (what, secret) in secrets {
            canaries.add(what, secret);
        }
        canaries
    }

    /// A new canary `canari-{label}-{random}`, added under `label`: the value a test types in.
    pub fn fresh(&mut self, label: &str) -> String {
        let secret = canary(label);
        self.add(label, &secret);
        secret
    }

    /// A new canary for each of `labels`, each added under its label.
    pub fn fresh_each<const N: usize>(&mut self, labels: [&str; N]) -> [String; N] {
        labels.map(|label| self.fresh(label))
    }

    /// A new canary of `n` random digits (a phone number's), added under `label`.
    pub fn digits(&mut self, label: &str, n: usize) -> String {
        let secret: String = uuid::Uuid::new_v4()
            .as_u128()
            .to_string()
            .chars()
            .take(n)
            .collect();
        self.add(label, &secret);
        secret
    }

    /// Fails the test if any canary is in what `instance` wrote (its database and every file beside
    /// it, see [`Instance::evidence`]) or in the process's log.
    pub fn assert_absent_from(&self, instance: &Instance) {
        self.assert_absent(&instance.evidence().with_log());
    }

    /// [`Canaries::assert_absent_from`], after checking that the scan sees `in_clear`, which the
    /// database holds in clear by design: a scan must be able to fail.
    pub fn assert_absent_seeing(&self, instance: &Instance, in_clear: &[u8]) {
        let evidence = instance.evidence();
        assert!(
            Evidence::any_contains(&evidence.database(), in_clear),
            "the scan sees what is in clear"
        );
        self.assert_absent(&evidence.with_log());
    }

    /// Where the canaries are found in `evidence`: one line `what (encoding) in file` each.
    pub fn leaks(&self, evidence: &Evidence) -> Vec<String> {
        let (long, short): (Vec<_>, Vec<_>) = self.needles.iter().partition(|(_, b)| b.len() >= 8);
        let long_refs: Vec<&[u8]> = long.iter().map(|(_, b)| b.as_slice()).collect();
        let mut leaks = Vec::new();
        for (file, bytes) in &evidence.files {
            for found in find_any(bytes, &long_refs) {
                let (what, _) = long.iter().find(|(_, b)| b.as_slice() == found).unwrap();
                leaks.push(format!("{what} in {file}"));
            }
            for (what, needle) in &short {
                if contains(bytes, needle) {
                    leaks.push(format!("{what} in {file}"));
                }
            }
        }
        leaks
    }

    /// Fails the test, listing every leak, if any canary is found in `evidence`.
    pub fn assert_absent(&self, evidence: &Evidence) {
        let leaks = self.leaks(evidence);
        assert!(leaks.is_empty(), "found in clear:\n{}", leaks.join("\n"));
    }
}

/// Every byte a deployment wrote: (name, contents) of each file searched.
#[derive(Debug, Default)]
pub struct Evidence {
    /// The files, by name: a path, `pg_dump` or `log`.
    pub files: Vec<(String, Vec<u8>)>,
}

impl Evidence {
    /// Everything under `dir` (recursively, the key files excepted: they are secrets by design,
    /// outside the database and the backups) and, when the database is on PostgreSQL (`pg` is the
    /// server's URL and the schema), a `pg_dump` of the schema: what a backup holds. On SQLite it
    /// checks that the database runs in WAL mode (a `v.sqlite-wal` file is there).
    pub fn collect(dir: &Path, pg: Option<(&str, &str)>) -> Evidence {
        let mut files = Vec::new();
        if let Some((url, schema)) = pg {
            let dump = std::process::Command::new("pg_dump")
                .args(["--no-owner", "--schema", schema, "--dbname", url])
                .output()
                .unwrap();
            assert!(
                dump.status.success(),
                "{}",
                String::from_utf8_lossy(&dump.stderr)
            );
            files.push(("pg_dump".to_owned(), dump.stdout));
        }
        files_under(dir, &mut files);
        if pg.is_none() {
            let wal = format!("{}-wal", crate::instance::SQLITE_FILE);
            assert!(
                files.iter().any(|(n, _)| n.ends_with(&wal)),
                "WAL mode: {:?}",
                files.iter().map(|f| &f.0).collect::<Vec<_>>()
            );
        }
        Evidence { files }
    }

    /// Adds every object of a bucket location (nothing for a folder, whose files are there already).
    pub fn with_objects(mut self, location: &vigie_store::BlobLocation) -> Evidence {
        self.files.extend(crate::s3::objects(location));
        self
    }

    /// Adds the process's log so far (see [`crate::logs::global`]) as the file `log`, after checking
    /// that the capture works (the log is not empty).
    pub fn with_log(mut self) -> Evidence {
        let log = crate::logs::global();
        assert!(!log.is_empty(), "the log capture works");
        self.files.push(("log".to_owned(), log));
        self
    }

    /// The files whose name `keep` accepts.
    pub fn only(&self, keep: impl Fn(&str) -> bool) -> Vec<&(String, Vec<u8>)> {
        self.files.iter().filter(|(n, _)| keep(n)).collect()
    }

    /// The database's files: the `pg_dump`, or the SQLite file with its WAL and SHM.
    pub fn database(&self) -> Vec<&(String, Vec<u8>)> {
        self.only(|n| n == "pg_dump" || n.contains(crate::instance::SQLITE_FILE))
    }

    /// Whether `needle` is in any of `files`: a scan must be able to fail, so each test checks that
    /// it sees what is stored in clear by design.
    pub fn any_contains(files: &[&(String, Vec<u8>)], needle: &[u8]) -> bool {
        files.iter().any(|(_, bytes)| contains(bytes, needle))
    }
}

/// Every file under `dir`, recursively, with its contents, the key files excepted.
fn files_under(dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_under(&path, out);
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if name == "instance.key" || name == "audit.key" {
            continue;
        }
        // A file may vanish between listing and reading (a SQLite journal): skip it.
        if let Ok(bytes) = std::fs::read(&path) {
            out.push((path.display().to_string(), bytes));
        }
    }
}
