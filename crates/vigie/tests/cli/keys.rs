//! `vigie keys recover` and the escrow shares, as an operator runs them: the recovery drill (a handler
//! forgets their password and reads their team's report again), the refusals and their exit codes.

use std::path::PathBuf;

use super::{Instance, expect, line_starting, password, refusal};

impl Instance {
    /// `vigie keys recover USER` with these escrow files: what it printed, if it exited `exit`.
    fn recover(&self, user: &str, files: &[&PathBuf], exit: i32, says: &[&str]) -> String {
        let mut args = vec!["keys", "recover", user];
        for f in files {
            args.extend(["--escrow-secret-file", f.to_str().unwrap()]);
        }
        self.check(&args, exit, says)
    }
}

/// A report in team "Nord" (made the default team), submitted through the use case as `/signaler`
/// does; then what `name` (signed in with `password`) reads of it.
async fn report_read_by(inst: &Instance, name: &str, password: &str, submit: bool) -> String {
    let app = inst.app().await;
    if submit {
        super::submit_to_nord(&app).await;
    }
    let (who, secret) = vigie_testkit::staff::principal_and_key(&app, name, password).await;
    let inbox = app.inbox(&who, &Default::default()).await.unwrap();
    let id = inbox.items.first().expect("a report in the inbox").id;
    let view = app.open_report(&who, &secret, id).await.unwrap();
    app.store().close().await;
    format!("{:?}", view.content)
}

// Long on purpose: one drill per database, each step starting where the steps before left it.
#[tokio::test]
async fn the_recovery_drill_gives_a_forgotten_password_back_with_the_same_reports() {
    for inst in Instance::all().await {
        let escrow = inst.init_with_escrow();
        let first = inst.add_user("hana", "handler");
        inst.check(&["team", "add", "Nord", "--member", "hana"], 0, &[]);
        let before = report_read_by(&inst, "hana", &first, true).await;
        assert!(before.contains("Guetteurs"), "{before}");

        // hana forgot her password. Mistakes first: each refused with one line, exit 2.
        let garbage = inst.file("garbage.txt", "VIGIE-ESCROW-1-nope");
        let garbage = [
            "keys",
            "recover",
            "hana",
            "--escrow-secret-file",
            garbage.to_str().unwrap(),
        ];
        let err = refusal(&inst.run(&garbage));
        assert!(err.contains("not an escrow secret"), "{err}");
        let (other, _) = vigie_vault::EscrowSecret::generate();
        let foreign = inst.file("foreign.txt", &other.to_printable());
        inst.recover(
            "hana",
            &[&foreign],
            2,
            &["not the escrow key of this instance"],
        );
        inst.recover("nobody", &[&escrow], 2, &["no user named `nobody`"]);
        let missing = inst.dir.path().join("nowhere.txt");
        inst.recover("hana", &[&missing], 2, &["--escrow-secret-file"]);

        let out = inst.recover("hana", &[&escrow], 0, &["second factor stays the same"]);
        let new_password = password(&out);
        assert_ne!(new_password, first);
        let after = report_read_by(&inst, "hana", &new_password, false).await;
        assert_eq!(after, before, "the same key opens the same report");
        let list = inst.check(&["user", "list"], 0, &[]);
        let hana = line_starting(&list, "hana");
        assert!(hana.contains("new"), "a one-time password: {hana}");

        // Audited, naming the account, and signed: verify passes.
        let app = inst.app().await;
        let hana_id = app.user_named("hana").await.unwrap().id;
        let chain = app.store().audit_chain().await.unwrap();
        assert!(chain.iter().any(|e| e.kind == "account_recovered"
            && e.object == format!("user:{hana_id}")
            && e.actor == "cli"));
        app.store().close().await;
        inst.assert_verified();
        inst.drop_db().await;
    }
}

#[tokio::test]
async fn an_instance_without_escrow_cannot_recover_and_says_why() {
    for inst in Instance::all_initialised().await {
        inst.add_user("hana", "handler");
        let (any, _) = vigie_vault::EscrowSecret::generate();
        let file = inst.file("escrow.txt", &any.to_printable());
        let recover = [
            "keys",
            "recover",
            "hana",
            "--escrow-secret-file",
            file.to_str().unwrap(),
        ];
        let err = refusal(&inst.run(&recover));
        assert!(err.contains("no escrow key"), "{err}");
        inst.drop_db().await;
    }
}

// Long on purpose: one story per database.
#[tokio::test]
async fn escrow_shares_k_of_n_recover_and_pass_a_team_history_on() {
    for inst in Instance::all().await {
        for (bad, says) in [
            (
                vec!["--escrow-shares", "3", "--escrow-threshold", "4"],
                "--escrow-threshold 4",
            ),
            (
                vec!["--escrow-shares", "3", "--escrow-threshold", "1"],
                "--escrow-threshold 1",
            ),
            (
                vec!["--escrow-shares", "300", "--escrow-threshold", "2"],
                "300",
            ),
        ] {
            let mut args = vec!["init", "--escrow"];
            args.extend(bad);
            // Refused before anything is created (clap's own refusals take a few lines).
            expect(&inst.run(&args), 2, &[says]);
            assert!(
                !inst.data().join("instance.key").exists(),
                "nothing created"
            );
        }
        let o = inst.run(&["init", "--escrow-shares", "3", "--escrow-threshold", "2"]);
        expect(&o, 2, &["--escrow"]);

        let init = [
            "init",
            "--escrow",
            "--escrow-shares",
            "5",
            "--escrow-threshold",
            "3",
        ];
        let out = inst.check(&init, 0, &["5 shares, any 3 of which rebuild it"]);
        assert!(
            !out.contains("VIGIE-ESCROW-1-"),
            "only the shares are shown: {out}"
        );
        let shares: Vec<&str> = out
            .lines()
            .filter(|l| l.starts_with("VIGIE-SHARE-1-K3-I"))
            .collect();
        assert_eq!(shares.len(), 5, "{out}");
        let files: Vec<PathBuf> = shares
            .iter()
            .enumerate()
            .map(|(i, s)| inst.file(&format!("share-{i}.txt"), s))
            .collect();

        inst.check(&["user", "add", "hana", "--role", "handler"], 0, &[]);
        inst.recover(
            "hana",
            &[&files[0], &files[3]],
            2,
            &["2 distinct share(s) given, 3 needed"],
        );
        inst.recover("hana", &[&files[0], &files[0], &files[3]], 2, &["3 needed"]);
        // A share copied with a mistake is named by its check group.
        let typo = shares[2].replacen("-K3-I3-", "-K3-I3-0", 1);
        let typo = inst.file("typo.txt", &typo[..typo.len() - 1]);
        inst.recover(
            "hana",
            &[&files[0], &files[1], &typo],
            2,
            &["share 3", "check group"],
        );
        // Three shares, one flag each, in any order.
        inst.recover(
            "hana",
            &[&files[4], &files[1], &files[2]],
            0,
            &["one-time password: "],
        );
        // Or three shares in one file.
        let three = inst.file(
            "three.txt",
            &format!("{}\n\n{}\n{}\n", shares[0], shares[2], shares[3]),
        );
        inst.recover("hana", &[&three], 0, &["one-time password: "]);

        // The shares pass a team's history on as the whole secret does.
        inst.check(&["user", "add", "ines", "--role", "handler"], 0, &[]);
        inst.check(&["team", "add", "Nord", "--member", "hana"], 0, &[]);
        let args = [
            "team",
            "add-member",
            "Nord",
            "ines",
            "--escrow-secret-file",
            three.to_str().unwrap(),
        ];
        inst.check(&args, 0, &["with the team's history"]);
        expect(&inst.run(&["audit", "verify"]), 0, &["ok, "]);
        inst.drop_db().await;
    }
}
