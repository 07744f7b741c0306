//! `vigie backup` and `vigie restore` as an operator runs them: a running demo instance backed up,
//! the file opened by the real `age` tool, restored into new instances on each backend (SQLite to
//! PostgreSQL and back when `VIGIE_TEST_POSTGRES_URL` is set), where every follow-up code opens the
//! same page as before and `vigie audit verify` passes; and the refusals.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use super::serve::{free_port, spawn_until_listening, terminate, wait_healthy};
use super::{Instance, code, expect, postgres_url, refusal, text};

/// An age identity made by the real `age-keygen`: its file and its public key.
pub(super) fn age_identity(dir: &Path, name: &str) -> (PathBuf, String) {
    let file = dir.join(name);
    let o = Command::new("age-keygen")
        .arg("-o")
        .arg(&file)
        .output()
        .expect("age-keygen (apt-get install age)");
    assert!(o.status.success(), "{}", text(&o));
    let public = std::fs::read_to_string(&file)
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("# public key: ").map(str::to_owned))
        .unwrap();
    (file, public)
}

/// The follow-up codes a demo printed (`dddd dddd dddd dddd dddd` at the end of a line).
fn printed_codes(printed: &str) -> Vec<String> {
    printed
        .lines()
        .filter_map(|l| {
            let words: Vec<&str> = l.split_whitespace().collect();
            let last = words.get(words.len().saturating_sub(5)..)?;
            (last.len() == 5
                && last
                    .iter()
                    .all(|g| g.len() == 4 && g.bytes().all(|b| b.is_ascii_digit())))
            .then(|| last.join(" "))
        })
        .collect()
}

/// A reporter's follow-up session at `base`, signed in with `receipt`.
pub(super) async fn signed_in(base: &str, receipt: &str) -> vigie_testkit::CookieClient {
    let mut c = vigie_testkit::CookieClient::keeping(base, "vigie_suivi");
    let login = c.get_ok("/suivi").await;
    let token = vigie_testkit::form_token(&login, "/suivi");
    c.post_see_other("/suivi", &[("csrf", &token), ("receipt", receipt)])
        .await;
    c
}

/// The reporter of `receipt` answers with a message and a file, as the follow-up form does.
pub(super) async fn attach_file(base: &str, receipt: &str) {
    let mut c = signed_in(base, receipt).await;
    let page = c.get_ok("/suivi").await;
    let token = vigie_testkit::form_token(&page, "/suivi/repondre");
    let file = reqwest::multipart::Part::bytes(b"plan du hall, porte de gauche".to_vec())
        .file_name("plan.txt")
        .mime_str("text/plain")
        .unwrap();
    let form = reqwest::multipart::Form::new()
        .text("csrf", token)
        .text("message", "Le plan du hall.")
        .part("files", file);
    let (status, _, body) = c.post_multipart("/suivi/repondre", form).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("plan.txt"), "{body}");
}

/// What the follow-up page of each code shows on the server at `base`.
pub(super) async fn follow_pages(base: &str, codes: &[String]) -> Vec<String> {
    let mut pages = Vec::new();
    for receipt in codes {
        let page = signed_in(base, receipt).await.get_ok("/suivi").await;
        // What was said and sent; the forms and notices below depend on the configuration.
        let main = vigie_testkit::between(&page, "<main", "<section aria-labelledby=\"repondre\">");
        assert!(main.contains("<h1>"), "{page}");
        pages.push(main);
    }
    pages
}

/// The pages read the same, line for line (the first difference shown).
pub(super) fn assert_same_pages(after: &[String], before: &[String]) {
    assert_eq!(after.len(), before.len());
    for (a, b) in after.iter().zip(before) {
        for (la, lb) in a.lines().zip(b.lines()) {
            assert_eq!(la, lb, "the follow-up pages differ");
        }
        assert_eq!(a.lines().count(), b.lines().count(), "{a}");
    }
}

/// Every sealed file in the instance's blob folder, by name.
fn blob_files(inst: &Instance) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    let root = inst.data().join("blobs").join("blobs");
    for shard in std::fs::read_dir(root).unwrap() {
        for file in std::fs::read_dir(shard.unwrap().path()).unwrap() {
            let path = file.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            out.insert(name, std::fs::read(&path).unwrap());
        }
    }
    out
}

/// A demo of `inst` served until [`stop`]ped, once its first reporter has answered with a file:
/// the server, the follow-up codes it printed, and what each code's follow-up page shows.
async fn running_demo(inst: &Instance) -> (std::process::Child, Vec<String>, Vec<String>) {
    let listen = format!("127.0.0.1:{}", free_port());
    let (child, printed) =
        spawn_until_listening(inst.cmd(&["serve", "--demo", "--listen", &listen]));
    let base = format!("http://{listen}");
    wait_healthy(&base).await;
    let codes = printed_codes(&printed);
    assert!(codes.len() >= 3, "{printed}");
    attach_file(&base, &codes[0]).await;
    let before = follow_pages(&base, &codes).await;
    (child, codes, before)
}

/// Stops a server and checks it stopped cleanly.
fn stop(child: std::process::Child) {
    let stopped = terminate(child);
    assert!(stopped.status.success(), "{}", text(&stopped));
}

/// Serves `inst` (no demo) while `check` runs against its address, then stops it cleanly.
pub(super) async fn serving<T>(inst: &Instance, check: impl AsyncFnOnce(&str) -> T) -> T {
    let listen = format!("127.0.0.1:{}", free_port());
    let (child, _) = spawn_until_listening(inst.cmd(&["serve", "--listen", &listen]));
    let base = format!("http://{listen}");
    wait_healthy(&base).await;
    let out = check(&base).await;
    stop(child);
    out
}

/// A new empty instance holding `from`'s key files only.
pub(super) fn with_keys_of(to: &Instance, from: &Instance) {
    std::fs::create_dir_all(to.data()).unwrap();
    for key in ["instance.key", "audit.key"] {
        std::fs::copy(from.data().join(key), to.data().join(key)).unwrap();
    }
}

pub(super) fn restore(inst: &Instance, identity: &Path, input: &Path) -> Output {
    inst.run(&[
        "restore",
        "--identity",
        identity.to_str().unwrap(),
        "--input",
        input.to_str().unwrap(),
    ])
}

/// The entries of an age file holding a tar, as the real `age` and `tar` list them.
fn listed_by_age(identity: &Path, file: &Path) -> Vec<String> {
    let o = Command::new("sh")
        .arg("-c")
        .arg("age -d -i \"$1\" \"$2\" | tar -tvf -")
        .arg("sh")
        .arg(identity)
        .arg(file)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

/// Whether the instance's database holds no row (a refused restore left nothing).
async fn is_empty(inst: &Instance) -> bool {
    let store = inst.store().await;
    let empty = store.is_empty().await.unwrap();
    store.close().await;
    empty
}

// Long on purpose: one story, each step starting where the steps before left it.
#[tokio::test]
async fn a_running_demo_is_backed_up_and_restored_on_every_backend() {
    let work = tempfile::tempdir().unwrap();
    let (identity, public) = age_identity(work.path(), "identity.txt");
    let (_, second) = age_identity(work.path(), "second.txt");

    // The source: a demo instance on SQLite, backed up while it runs, for two recipients.
    let source = Instance::sqlite();
    let (child, codes, before) = running_demo(&source).await;
    let file = work.path().join("demo.age");
    let file_s = file.to_str().unwrap();
    let args = [
        "backup",
        "--recipient",
        &public,
        "--recipient",
        &second,
        "--output",
        file_s,
    ];
    let written = expect(&source.run(&args), 0, &["backup written: "]);
    // Not a terminal: no progress bar, no escape code.
    assert!(!written.contains('\x1b'), "{written}");
    stop(child);
    assert_eq!(blob_files(&source).len(), 1, "the sealed file");
    // A recipient that is no age public key: one line naming the flag, and no file.
    let typo = work.path().join("typo.age");
    let o = source.run(&[
        "backup",
        "--recipient",
        "age1typo",
        "--output",
        typo.to_str().unwrap(),
    ]);
    assert!(refusal(&o).contains("--recipient"));
    assert!(!typo.exists() && !work.path().join("typo.age.partial").exists());
    // Never over an existing file.
    let again = refusal(&source.run(&args));
    assert!(again.contains("--output"), "{again}");

    // The real age opens it: the manifest first, rows, the sealed files; no key file; no time.
    let entries = listed_by_age(&identity, &file);
    assert!(entries[0].ends_with(" manifest.json"), "{entries:?}");
    assert!(
        entries
            .iter()
            .any(|e| e.contains(" table-reports-000001.jsonl"))
    );
    assert!(entries.iter().any(|e| e.contains(" blob-")), "{entries:?}");
    assert!(!entries.iter().any(|e| e.contains(".key")), "{entries:?}");
    assert!(
        entries.iter().all(|e| e.contains(" 1970-01-01 ")),
        "{entries:?}"
    );

    // SQLite to SQLite, SQLite to PostgreSQL (and back), each restore into keys only.
    let mut restored = Vec::new();
    for target in Instance::all().await {
        with_keys_of(&target, &source);
        let out = expect(
            &restore(&target, &identity, &file),
            0,
            &["restored at entry ", "audit verify: ok"],
        );
        assert!(out.contains("from a sqlite backup of "), "{out}");
        assert!(
            !out.contains('\x1b'),
            "no progress bar off a terminal: {out}"
        );
        expect(&target.run(&["audit", "verify"]), 0, &["ok, "]);
        let after = serving(&target, async |base| follow_pages(base, &codes).await).await;
        assert_same_pages(&after, &before);
        assert_eq!(
            blob_files(&target),
            blob_files(&source),
            "the same sealed files"
        );
        // A second restore into it is refused: it is not empty any more.
        let refused = refusal(&restore(&target, &identity, &file));
        assert!(refused.contains("not empty"), "{refused}");
        restored.push(target);
    }
    if let Some(pg) = restored.iter().find(|i| i.db_url.is_some()) {
        let back = work.path().join("from-postgres.age");
        let back_s = back.to_str().unwrap();
        expect(
            &pg.run(&["backup", "--recipient", &public, "--output", back_s]),
            0,
            &[],
        );
        let sqlite = Instance::sqlite();
        with_keys_of(&sqlite, &source);
        let out = expect(
            &restore(&sqlite, &identity, &back),
            0,
            &["audit verify: ok"],
        );
        assert!(out.contains("from a postgres backup of "), "{out}");
        let after = serving(&sqlite, async |base| follow_pages(base, &codes).await).await;
        assert_same_pages(&after, &before);
    }
    for inst in restored {
        inst.drop_db().await;
    }

    refusals(&source, &file, &identity, work.path()).await;
    with_keys(&source, work.path()).await;
}

/// The sealed objects under a bucket instance's prefix, by blob id.
fn bucket_files(inst: &Instance) -> std::collections::BTreeMap<String, Vec<u8>> {
    vigie_testkit::s3::objects(&inst.blob_location())
        .into_iter()
        .map(|(name, bytes)| (name.rsplit('/').next().unwrap().to_owned(), bytes))
        .collect()
}

// Issue 13, item 4: the same story with the files in a bucket, on a real S3 protocol server.
#[tokio::test]
async fn an_instance_with_its_files_in_a_bucket_is_backed_up_and_restored_into_another() {
    let Some(source) = Instance::sqlite().in_bucket() else {
        eprintln!("{} not set: skipped", vigie_testkit::s3::S3_URL_VAR);
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let (identity, public) = age_identity(work.path(), "identity.txt");
    let (child, codes, before) = running_demo(&source).await;
    let file = work.path().join("bucket.age");
    let file_s = file.to_str().unwrap();
    expect(
        &source.run(&["backup", "--recipient", &public, "--output", file_s]),
        0,
        &["backup written: ", " 1 files"],
    );
    stop(child);
    // The reporter's file is in the bucket, sealed; nothing of it in a local folder.
    let sealed = bucket_files(&source);
    assert_eq!(sealed.len(), 1, "{:?}", sealed.keys());
    let plain: &[u8] = b"plan du hall, porte de gauche";
    for bytes in sealed.values() {
        assert!(!vigie_testkit::canary::contains(bytes, plain), "sealed");
    }
    assert!(
        !source.data().join("blobs").exists(),
        "no local blob folder"
    );

    // Restored into another bucket prefix, on PostgreSQL when there is one.
    let target = match postgres_url() {
        Some(url) => Instance::postgres(&url).await,
        None => Instance::sqlite(),
    }
    .in_bucket()
    .unwrap();
    with_keys_of(&target, &source);
    expect(
        &restore(&target, &identity, &file),
        0,
        &["restored at entry ", "audit verify: ok"],
    );
    assert_eq!(bucket_files(&target), sealed, "the same sealed objects");
    let after = serving(&target, async |base| follow_pages(base, &codes).await).await;
    assert_same_pages(&after, &before);
    // Not twice: the bucket prefix is not empty any more.
    let again = Instance::sqlite().in_bucket().unwrap();
    let again = Instance {
        env: target.env.clone(),
        ..again
    };
    with_keys_of(&again, &source);
    let refused = refusal(&restore(&again, &identity, &file));
    assert!(refused.contains("not empty"), "{refused}");
    target.drop_db().await;
}

/// A wrong identity, an altered or cut file, key files of another instance: refused, nothing kept.
async fn refusals(source: &Instance, file: &Path, identity: &Path, work: &Path) {
    let target = Instance::sqlite();
    with_keys_of(&target, source);
    let (stranger, _) = age_identity(work, "stranger.txt");
    let o = restore(&target, &stranger, file);
    assert_eq!(code(&o), 1, "{}", text(&o));
    assert!(
        text(&o).contains("does not open this backup"),
        "{}",
        text(&o)
    );

    let bytes = std::fs::read(file).unwrap();
    let mut altered = bytes.clone();
    let middle = altered.len() / 2;
    altered[middle] ^= 0x01;
    let cut = &bytes[..bytes.len() - 100];
    for (name, content) in [("altered.age", altered.as_slice()), ("cut.age", cut)] {
        let path = work.join(name);
        std::fs::write(&path, content).unwrap();
        let o = restore(&target, identity, &path);
        assert_eq!(code(&o), 1, "{name}: {}", text(&o));
        assert!(
            text(&o).contains("altered or truncated"),
            "{name}: {}",
            text(&o)
        );
        assert!(is_empty(&target).await, "{name}: nothing restored");
        let blobs = std::fs::read_dir(target.data().join("blobs").join("blobs")).unwrap();
        assert_eq!(blobs.count(), 0, "{name}: the files written were removed");
    }

    // Key files of another instance: refused before anything is written.
    let other = Instance::sqlite();
    expect(&other.run(&["init"]), 0, &[]);
    let wrong = Instance::sqlite();
    with_keys_of(&wrong, &other);
    let refused = refusal(&restore(&wrong, identity, file));
    assert!(
        refused.contains("do not belong to this backup"),
        "{refused}"
    );
    assert!(is_empty(&wrong).await);
}

/// `--with-keys`: a passphrase only, and the restore into an empty directory brings the keys back.
async fn with_keys(source: &Instance, work: &Path) {
    let pass = work.join("passphrase.txt");
    std::fs::write(&pass, "correct horse battery staple\n").unwrap();
    let pass_s = pass.to_str().unwrap();
    let file = work.join("with-keys.age");
    let file_s = file.to_str().unwrap();
    let o = source.run(&[
        "backup",
        "--with-keys",
        "--recipient",
        "age1x",
        "--output",
        file_s,
    ]);
    assert!(refusal(&o).contains("--recipient"));
    let o = source.run(&["backup", "--with-keys", "--output", file_s]);
    assert!(refusal(&o).contains("--passphrase-file"));
    let args = [
        "backup",
        "--with-keys",
        "--passphrase-file",
        pass_s,
        "--output",
        file_s,
    ];
    expect(&source.run(&args), 0, &["backup written: "]);

    let empty = Instance::sqlite();
    let args = ["restore", "--passphrase-file", pass_s, "--input", file_s];
    expect(&empty.run(&args), 0, &["audit verify: ok"]);
    for key in ["instance.key", "audit.key"] {
        let restored = std::fs::read(empty.data().join(key)).unwrap();
        assert_eq!(
            restored,
            std::fs::read(source.data().join(key)).unwrap(),
            "{key}"
        );
    }
    expect(&empty.run(&["audit", "verify"]), 0, &["ok, "]);
}

/// `HH:MM` (Europe/Paris) of a minute that starts 15 to 75 seconds from now.
fn coming_minute() -> String {
    let now = chrono::Utc::now();
    let since_midnight = now.timestamp() - vigie_domain::time::paris_midnight_unix(now);
    let minute = ((since_midnight + 15) / 60 + 1) % 1440;
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

/// The scheduled backups in `folder`, sorted.
fn backups_in(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

// Waits for a minute of the real clock: every backend's server runs at once.
#[tokio::test]
async fn the_scheduled_backup_runs_inside_serve_and_keeps_the_newest() {
    let mut instances = Instance::all_initialised().await;
    let mut running = Vec::new();
    for inst in &mut instances {
        let (identity, public) = age_identity(inst.dir.path(), "backup-identity.txt");
        let folder = inst.dir.path().join("backups");
        std::fs::create_dir_all(&folder).unwrap();
        // Older backups and a file of the operator's own: the first two beyond `keep` go.
        for old in [
            "vigie-2020-01-01.age",
            "vigie-2020-01-02.age",
            "vigie-2020-01-03.age",
        ] {
            std::fs::write(folder.join(old), b"old").unwrap();
        }
        std::fs::write(folder.join("notes.txt"), b"mine").unwrap();
        let config = inst.file(
            "vigie.toml",
            &format!(
                "[backup]\nat = \"{}\"\nrecipients = [\"{public}\"]\nfolder = \"{}\"\nkeep = 2\n",
                coming_minute(),
                folder.display()
            ),
        );
        inst.env
            .push(("VIGIE_CONFIG".into(), config.display().to_string()));
        running.push((inst.start().await, folder, identity));
    }
    for (server, folder, identity) in running {
        let start = std::time::Instant::now();
        while !server.output().contains("backup written") {
            assert!(
                start.elapsed() < std::time::Duration::from_secs(180),
                "no scheduled backup: {}",
                server.output()
            );
            tokio::time::sleep(std::time::Duration::from_millis(250)).await;
        }
        let logs = server.stop();
        assert!(!logs.contains("scheduled backup failed"), "{logs}");
        let names = backups_in(&folder);
        assert_eq!(names.len(), 3, "{names:?}");
        assert_eq!(names[0], "notes.txt");
        assert_eq!(names[1], "vigie-2020-01-03.age");
        let today = folder.join(&names[2]);
        assert!(names[2].starts_with("vigie-20") && !names[2].starts_with("vigie-2020"));
        // The real `age` opens it with the recipient's identity.
        let o = Command::new("age")
            .arg("-d")
            .arg("-i")
            .arg(&identity)
            .arg(&today)
            .output()
            .unwrap();
        assert!(o.status.success() && !o.stdout.is_empty(), "{}", text(&o));
    }
    for inst in instances {
        inst.drop_db().await;
    }
}
