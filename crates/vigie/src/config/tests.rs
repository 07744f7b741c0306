#![allow(clippy::unwrap_used)]

use super::*;

fn write(content: &str) -> tempfile::NamedTempFile {
    let f = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(f.path(), content).unwrap();
    f
}

/// `content` as a configuration file, loaded.
fn load(content: &str) -> Config {
    let f = write(content);
    Config::load(Some(f.path())).unwrap()
}

/// `content` as a configuration file, refused: the error's text.
fn refused(content: &str) -> String {
    let f = write(content);
    Config::load(Some(f.path())).unwrap_err().to_string()
}

/// `[section]` with the line `bad` is refused, naming a key of the section.
fn assert_section_refuses(section: &str, bad: &str) {
    let e = refused(&format!("[{section}]\n{bad}\n"));
    assert!(e.contains(&format!("{section}.")), "{bad}: {e}");
}

/// Each `(content, name)`: the file is refused, naming `name`.
fn assert_refused_naming(cases: &[(&str, &str)]) {
    for (content, name) in cases {
        let e = refused(content);
        assert!(e.contains(name), "{content}: {e}");
    }
}

#[test]
fn defaults_and_file() {
    let c = load("listen = \"127.0.0.1:9000\"\n[session]\nidle_minutes = 10\n");
    assert_eq!(c.listen.port(), 9000);
    assert_eq!(c.session.idle_minutes, 10);
    assert_eq!(c.session.absolute_hours, 12);
    assert_eq!(c.kdf.memory_kib, 65536);
    assert!(c.database_url().ends_with("vigie-data/vigie.sqlite"));
}

#[test]
fn unknown_key_is_named() {
    assert_refused_naming(&[
        ("listne = \"127.0.0.1:9000\"\n", "listne"),
        ("[kdf]\nmemory = 5\n", "memory"),
    ]);
}

#[test]
fn bad_values_are_named() {
    assert_refused_naming(&[
        ("listen = \"nowhere\"\n", "listen"),
        ("[pools]\nstaff_login = 0\n", "pools.staff_login"),
    ]);
    let e = refused("database_url = \"mysql://root:pw@db/x\"\n");
    assert!(e.contains("database_url") && !e.contains(":pw@"), "{e}");
}

#[test]
fn reports_and_mail_settings() {
    let c = load(
        "digest_schedule = \"daily 06:30\"\n[reports]\nmax_files = 3\nmax_file_mib = 5\n\
         [smtp]\nhost = \"smtp.exemple.invalid\"\nfrom = \"vigie@exemple.invalid\"\n",
    );
    let s = c.settings().unwrap();
    assert_eq!(s.reports.max_files, 3);
    assert_eq!(s.reports.max_file_bytes, 5 * 1024 * 1024);
    assert_eq!(s.reports.retention.after_closure_days, 90);
    assert_eq!(c.digest_schedule.to_string(), "daily 06:30");
    assert_eq!(
        c.key_paths().blobs,
        vigie_store::BlobLocation::Folder("./vigie-data/blobs".into())
    );
    assert_refused_naming(&[
        ("[reports]\nmax_files = 0\n", "reports.max_files"),
        (
            "[reports]\nmax_file_mib = 100\npending_files_quota_mib = 10\n",
            "pending_files_quota_mib",
        ),
    ]);
    let e = refused("digest_schedule = \"weekly\"\n");
    assert!(e.contains("digest_schedule") || e.contains("weekly"), "{e}");
    let e = refused("[smtp]\nhost = \"smtp.exemple.invalid\"\nfrom = \"pas une adresse\"\n");
    assert!(e.contains("smtp") && e.contains("from"), "{e}");
}

#[test]
fn a_kdf_below_the_floor_is_refused_naming_the_key() {
    let e = refused("[kdf]\nmemory_kib = 8\niterations = 1\n");
    assert!(e.contains("kdf.memory_kib") && e.contains("19456"), "{e}");
    let e = refused("[kdf]\nmemory_kib = 65536\niterations = 1\n");
    assert!(e.contains("kdf.iterations"), "{e}");
    let c = load("[kdf]\nmemory_kib = 19456\niterations = 2\n");
    assert_eq!(
        c.kdf_params().unwrap(),
        vigie_vault::KdfParams::operator_floor()
    );
}

#[test]
fn unknown_vigie_variables_are_refused_and_foreign_ones_ignored() {
    check_env_names(["PATH", "VIGIE_DATABASE_URL", "VIGIE_KDF_MEMORY_KIB"]).unwrap();
    check_env_names(["VIGIE_CONFIG", "VIGIE_TEST_POSTGRES_URL", "VIGIE_CI_BENCH"]).unwrap();
    let e = check_env_names(["VIGIE_DATABSE_URL"])
        .unwrap_err()
        .to_string();
    assert!(e.contains("VIGIE_DATABSE_URL"), "{e}");
    assert!(check_env_names(["VIGIE_"]).is_err());
    assert!(check_env_names(["VIGIE_KDF"]).is_err());
}

#[test]
fn server_limits_have_safe_defaults_and_bounds() {
    let c = Config::load(None).unwrap();
    let o = c.serve_options();
    assert!(o.header_read_timeout <= Duration::from_secs(30));
    assert!(o.max_connections > 1000);
    assert!(o.min_body_rate > 0);
    let o =
        load("[server]\nmax_connections = 5000\nheader_read_timeout_secs = 10\n").serve_options();
    assert_eq!(o.max_connections, 5000);
    assert_eq!(o.header_read_timeout, Duration::from_secs(10));
    for bad in [
        "header_read_timeout_secs = 31",
        "header_read_timeout_secs = 0",
        "max_connections = 2",
        "min_body_bytes_per_sec = 0",
    ] {
        assert_section_refuses("server", bad);
    }
}

#[test]
fn observatory_rules() {
    let s = load("[observatory]\nk = 10\nepsilon = 0.5\n")
        .settings()
        .unwrap();
    assert_eq!((s.observatory.k, s.observatory.epsilon), (10, Some(0.5)));
    let d = Config::load(None).unwrap().settings().unwrap();
    assert_eq!((d.observatory.k, d.observatory.epsilon), (5, None));
    for bad in [
        "k = 1",
        "k = 101",
        "epsilon = 0.0",
        "epsilon = -1.0",
        "epsilon = 11.0",
    ] {
        assert_section_refuses("observatory", bad);
    }
}

#[test]
fn casework_retention_is_configured_and_checked() {
    let s = load("[casework]\narchive_after_days = 1095\narchive_min_days = 0\n")
        .settings()
        .unwrap();
    assert_eq!(
        s.casework.retention,
        vigie_domain::retention::FileRetention {
            archive_after_days: 1095,
            archive_min_days: 0
        }
    );
    let d = Config::load(None).unwrap().settings().unwrap();
    assert_eq!(
        d.casework.retention,
        vigie_domain::retention::FileRetention::default()
    );
    assert_eq!(d.casework.retention.archive_after_days, 730);
    for bad in [
        "archive_after_days = 0",
        "archive_after_days = 29",
        "archive_after_days = 3651",
        "archive_min_days = 3651",
        "archive_min_days = -1",
        "archive_after_days = \"two years\"",
    ] {
        assert_section_refuses("casework", bad);
    }
    assert_refused_naming(&[("[casework]\narchive_days = 5\n", "archive_days")]);
}

#[test]
fn the_privacy_notice_is_configured_and_checked() {
    let c = load(
        "[reports]\nretention_after_closure_days = 30\n[privacy]\n\
         controller_name = \"Association Marseille Solidarité\"\n\
         contact = \"dpo@asso.example.org\"\n[privacy.legal_basis]\nfr = \"Notre base légale.\"\n",
    );
    let n = c.privacy_notice(false);
    assert_eq!(
        n.controller_name.as_deref(),
        Some("Association Marseille Solidarité")
    );
    assert_eq!(n.retention.after_closure_days, 30);
    assert_eq!(n.unset(), Vec::<&str>::new());
    assert_eq!(
        n.legal_basis.get("fr").map(String::as_str),
        Some("Notre base légale.")
    );
    // Unconfigured: nothing invented, except the demonstration's fictional controller.
    let d = Config::load(None).unwrap();
    assert_eq!(
        d.privacy_notice(false).unset(),
        ["controller_name", "contact"]
    );
    let demo = d.privacy_notice(true);
    assert!(demo.controller_name.unwrap().contains("fictive"));
    assert_refused_naming(&[
        ("[privacy]\ncontact = \"dpo@\"\n", "privacy.contact"),
        (
            "[privacy]\ncontroller_name = \"\"\n",
            "privacy.controller_name",
        ),
        ("[privacy]\ncontroler_name = \"X\"\n", "controler_name"),
        (
            "[privacy.purposes]\nde = \"Zwecke\"\n",
            "privacy.purposes.de",
        ),
    ]);
    check_env_names(["VIGIE_PRIVACY_CONTROLLER_NAME", "VIGIE_PRIVACY_CONTACT"]).unwrap();
}

#[test]
fn casework_settings_have_defaults_bounds_and_variables() {
    let d = Config::load(None).unwrap().settings().unwrap();
    assert_eq!(d.casework.referral_expiry_days, 30);
    assert!(!d.casework.health_notes);
    let s = load("[casework]\nreferral_expiry_days = 14\nhealth_notes = true\n")
        .settings()
        .unwrap();
    assert_eq!(s.casework.referral_expiry_days, 14);
    assert!(s.casework.health_notes);
    for bad in [
        "referral_expiry_days = 0",
        "referral_expiry_days = 366",
        "health_notes = \"yes\"",
        "expiry = 3",
    ] {
        let e = refused(&format!("[casework]\n{bad}\n"));
        assert!(e.contains("casework") || e.contains("expiry"), "{bad}: {e}");
    }
    check_env_names([
        "VIGIE_CASEWORK_REFERRAL_EXPIRY_DAYS",
        "VIGIE_CASEWORK_HEALTH_NOTES",
    ])
    .unwrap();
}

#[test]
fn the_backup_section_is_read_and_checked_naming_its_keys() {
    let key = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p";
    let c = load(&format!(
        "[backup]\nat = \"03:30\"\nrecipients = [\"{key}\"]\nfolder = \"/var/backups/vigie\"\n"
    ));
    let b = c.backup.unwrap();
    assert_eq!(b.keep, 14);
    assert_eq!(b.schedule().unwrap().to_string(), "daily 03:30");
    assert!(load("").backup.is_none(), "no section, no scheduled backup");
    let folder = "folder = \"/tmp/b\"";
    assert_refused_naming(&[
        (
            &format!("[backup]\nat = \"25:00\"\nrecipients = [\"{key}\"]\n{folder}\n"),
            "backup.at",
        ),
        (
            &format!("[backup]\nat = \"03:30\"\nrecipients = []\n{folder}\n"),
            "backup.recipients",
        ),
        (
            &format!("[backup]\nat = \"03:30\"\nrecipients = [\"age1typo\"]\n{folder}\n"),
            "backup.recipients",
        ),
        (
            &format!("[backup]\nat = \"03:30\"\nrecipients = [\"{key}\"]\n{folder}\nkeep = 0\n"),
            "backup.keep",
        ),
    ]);
}

#[test]
fn the_scheduled_backups_beyond_keep_are_deleted_oldest_first() {
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "vigie-2026-12-01.age",
        "vigie-2026-12-03.age",
        "vigie-2026-12-02.age",
        "notes.txt",
    ] {
        std::fs::write(dir.path().join(name), b"x").unwrap();
    }
    let deleted = vigie_app::backup::prune(dir.path(), 2).unwrap();
    assert_eq!(deleted, vec![dir.path().join("vigie-2026-12-01.age")]);
    let mut left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(
        left,
        ["notes.txt", "vigie-2026-12-02.age", "vigie-2026-12-03.age"]
    );
}

#[test]
fn blobs_go_to_a_folder_or_a_bucket_named_by_blob_url() {
    let c = load("blob_url = \"s3://vigie-pieces/marseille\"\n");
    assert_eq!(
        c.key_paths().blobs,
        vigie_store::BlobLocation::S3 {
            bucket: "vigie-pieces".into(),
            prefix: "marseille".into()
        }
    );
    let c = load("blob_url = \"file:///srv/vigie/blobs\"\n");
    assert_eq!(
        c.key_paths().blobs,
        vigie_store::BlobLocation::Folder("/srv/vigie/blobs".into())
    );
    let c = load("blob_dir = \"/srv/pieces\"\n");
    assert_eq!(
        c.key_paths().blobs,
        vigie_store::BlobLocation::Folder("/srv/pieces".into())
    );
    assert_refused_naming(&[
        ("blob_url = \"ftp://pieces\"\n", "blob_url"),
        ("blob_url = \"s3://Pieces\"\n", "blob_url"),
        (
            "blob_url = \"s3://vigie-pieces\"\nblob_dir = \"/srv/pieces\"\n",
            "blob_dir",
        ),
    ]);
    let e = refused("blob_url = \"s3://AKIAKEY:hunter2@vigie-pieces\"\n");
    assert!(e.contains("blob_url") && !e.contains("hunter2"), "{e}");
}
