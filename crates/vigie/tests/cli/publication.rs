//! The city's publication keys as an operator handles them (issue 14): made at `vigie init`, shown
//! by `vigie keys publication`, rotated to the announced key by `vigie keys rotate-publication`; a
//! bad `[city]` refused with the key named.

use super::{Instance, refusal};

/// The value after `prefix` on the line that starts with it, up to the first space.
fn after<'a>(out: &'a str, prefix: &str) -> &'a str {
    let line = out
        .lines()
        .find(|l| l.starts_with(prefix))
        .unwrap_or_else(|| panic!("{prefix} in {out}"));
    line[prefix.len()..].split(' ').next().unwrap_or_default()
}

#[tokio::test]
async fn publication_keys_are_made_at_init_and_rotate_to_the_announced_key() {
    for inst in Instance::all().await {
        inst.check(&["init"], 0, &[]);
        let key_file = inst.data().join("publication.key");
        assert!(key_file.is_file(), "made at init");
        let shown = inst.check(&["keys", "publication"], 0, &["current key: "]);
        let current = after(&shown, "current key: ").to_owned();
        let next = after(&shown, "next key (announced in /.well-known/vigie.json): ").to_owned();
        assert_eq!((current.len(), next.len()), (43, 43), "{shown}");
        assert_ne!(current, next);

        let rotated = inst.check(&["keys", "rotate-publication"], 0, &["rotated"]);
        assert_eq!(after(&rotated, "current key: "), next, "the announced key");
        assert_eq!(after(&rotated, "retired key: "), current);
        assert_ne!(
            after(
                &rotated,
                "next key (announced in /.well-known/vigie.json): "
            ),
            next
        );
        // The file stays the operator's only: mode 0600.
        let mode = std::os::unix::fs::PermissionsExt::mode(
            &std::fs::metadata(&key_file).unwrap().permissions(),
        );
        assert_eq!(mode & 0o777, 0o600);

        // An instance made before publication keys existed: the file comes at the first need.
        std::fs::remove_file(&key_file).unwrap();
        inst.check(&["keys", "publication"], 0, &["current key: "]);
        assert!(key_file.is_file());

        let err = refusal(&inst.run_env(&["migrate"], &[("VIGIE_CITY_INSEE", "13-55")]));
        assert!(err.contains("city.insee"), "{err}");
        inst.drop_db().await;
    }
}
