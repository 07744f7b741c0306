//! Reports through the use cases, on SQLite and PostgreSQL: submission and receipt, the reporter's
//! follow-up, the team's reading and replies, the policy, identity grants, files, withdrawal,
//! retention, deferred audit entries, concurrency.

mod help;
// The recovery drill (issue 13, item 7).
mod recover;
mod revoke;

use std::io::Read;

use crate::common::{Staff, account, each_app, new_team, refresh, staff};
use vigie_app::reports::{FileVariant, ReportDraft, Writing};
use vigie_app::{App, AppError};
use vigie_domain::report::{ReportForm, ReportStatus, validate_report};
use vigie_domain::time::paris_day;
use vigie_domain::{AuditActor, ReportId, Role, TeamId};

/// A team holding `members`, made the default team.
async fn team(app: &App, name: &str, members: &[&str]) -> TeamId {
    let id = new_team(app, name, members).await;
    app.store().set_default_team(id).await.unwrap();
    id
}

/// hana, a handler, alone in the default team "Nord" (where new reports go), signed in.
async fn nord_team(app: &App) -> (Staff, TeamId) {
    let mut hana = staff(app, "hana", Role::Handler).await;
    let nord = team(app, "Nord", &["hana"]).await;
    refresh(app, &mut hana).await;
    (hana, nord)
}

/// Report `id` as `s` opens it (which must work).
async fn open_as(app: &App, s: &Staff, id: ReportId) -> vigie_app::reports::ReportView {
    app.open_report(&s.principal, &s.secret, id).await.unwrap()
}

/// `from` grants `to` report `id`, and `to` (their principal read again) opens it.
async fn grant_and_open(app: &App, from: &Staff, to: &Staff, id: ReportId) {
    app.grant_user(&from.principal, &from.secret, id, to.principal.id)
        .await
        .unwrap();
    let principal = app.principal(to.principal.id).await.unwrap();
    app.open_report(&principal, &to.secret, id).await.unwrap();
}

/// Where several report tests start: hana alone in "Nord", ines a handler outside it, and one
/// report in Nord's inbox, with its follow-up code.
struct OneReport {
    hana: Staff,
    nord: TeamId,
    ines: Staff,
    receipt: vigie_vault::Receipt,
    id: ReportId,
}

/// [`OneReport`], the report saying `text`.
async fn one_report(app: &App, text: &str) -> OneReport {
    let (hana, nord) = nord_team(app).await;
    let ines = staff(app, "ines", Role::Handler).await;
    let receipt = submit(app, app.new_report_draft(), &form(text)).await;
    let id = report_id(app, &hana).await;
    OneReport {
        hana,
        nord,
        ines,
        receipt,
        id,
    }
}

fn form(text: &str) -> ReportForm {
    ReportForm {
        category: "deal_point".into(),
        district: "13203".into(),
        text: text.into(),
        ..ReportForm::default()
    }
}

async fn submit(app: &App, draft: ReportDraft, form: &ReportForm) -> vigie_vault::Receipt {
    let now = app.clock().now();
    let report = validate_report(form, &app.settings().areas, paris_day(now), now.timestamp())
        .expect("valid form");
    app.submit_report(draft, report).await.unwrap().receipt
}

/// A tiny real JPEG with an EXIF segment holding `marker`.
fn jpeg_with_exif(marker: &[u8]) -> Vec<u8> {
    let img = image::RgbImage::from_fn(8, 8, |x, y| {
        image::Rgb([(x * 30) as u8, (y * 30) as u8, 90])
    });
    let mut plain = Vec::new();
    image::codecs::jpeg::JpegEncoder::new(&mut plain)
        .encode_image(&img)
        .unwrap();
    let mut exif = b"Exif\0\0MM\0\x2a\0\0\0\x08\0\0".to_vec();
    exif.extend_from_slice(marker);
    vigie_testkit::jpeg::with_app1(&plain, &exif)
}

async fn attach(app: &App, draft: &mut ReportDraft, name: &str, bytes: Vec<u8>) {
    let sealer = app.file_sealer(draft);
    let name = name.to_owned();
    let file = tokio::task::spawn_blocking(move || sealer.attach(&name, bytes.as_slice()))
        .await
        .unwrap()
        .unwrap();
    draft.files.push(file);
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    needle.len() <= hay.len() && hay.windows(needle.len()).any(|w| w == needle)
}

async fn report_id(app: &App, s: &Staff) -> ReportId {
    let page = app.inbox(&s.principal, &Default::default()).await.unwrap();
    page.items.first().expect("a report in the inbox").id
}

// Long on purpose: one story per database, each step starting where the steps before left it.
#[tokio::test]
async fn a_report_goes_from_reporter_to_team_and_back() {
    each_app(async |app| {
        let mut hana = staff(app, "hana", Role::Handler).await;
        let carla = staff(app, "carla", Role::Custodian).await;
        let cass = staff(app, "cass", Role::Caseworker).await;
        let mut other = staff(app, "otto", Role::Handler).await;
        team(app, "Autre équipe", &["otto"]).await;
        team(app, "Nord", &["hana"]).await;
        refresh(app, &mut hana).await;
        refresh(app, &mut other).await;

        let mut draft = app.new_report_draft();
        attach(
            app,
            &mut draft,
            "IMG_0001.jpg",
            jpeg_with_exif(b"GPS-CANARY"),
        )
        .await;
        let mut f = form("Un point de deal devant le bâtiment C.");
        f.identity = "Mme Test 06 00 00 00 00".into();
        f.consent_forward = true;
        let receipt = submit(app, draft, &f).await;

        // The reporter logs in (with spaces, as shown) and reads their report.
        let cookie = app.receipt_login(&receipt.display()).await.unwrap();
        let reporter = app.resume_reporter(&cookie).await.unwrap();
        let view = app.reporter_view(&reporter).await.unwrap();
        assert_eq!(
            view.content.text(),
            "Un point de deal devant le bâtiment C."
        );
        assert_eq!(view.status, ReportStatus::New);
        assert_eq!(view.files.len(), 1);
        assert!(
            view.files[0].removed.iter().any(|r| r == "exif"),
            "{:?}",
            view.files[0]
        );

        // The handler of the routed team reads it, the file's clean copy has no EXIF.
        let id = report_id(app, &hana).await;
        let opened = open_as(app, &hana, id).await;
        assert_eq!(opened.content.text, view.content.text());
        assert!(opened.has_identity);
        let (part, _) = opened.files[0].clone();
        let mut stream = app
            .open_file(&hana.principal, &hana.secret, id, part, FileVariant::Clean)
            .await
            .unwrap()
            .stream;
        let clean = tokio::task::spawn_blocking(move || {
            let mut v = Vec::new();
            stream.read_to_end(&mut v).unwrap();
            v
        })
        .await
        .unwrap();
        assert!(!contains(&clean, b"GPS-CANARY") && !contains(&clean, b"Exif"));
        image::load_from_memory(&clean).expect("the clean copy is still a picture");

        // Conversation both ways, notes for staff only.
        hana.write(
            app,
            id,
            "Merci, pouvez-vous préciser ?",
            Writing::ReplyToReporter,
        )
        .await;
        hana.write(app, id, "À recouper avec le signalement 12.", Writing::Note)
            .await;
        let view = app.reporter_view(&reporter).await.unwrap();
        assert_eq!(view.messages.len(), 1);
        assert!(!view.messages[0].from_reporter);
        app.reporter_reply(&reporter, "Oui, le soir surtout.", Vec::new())
            .await
            .unwrap();
        let record = app.store().report(id).await.unwrap().unwrap();
        assert_eq!(record.team_unread, 1, "the team has a message to read");
        let opened = open_as(app, &hana, id).await;
        assert_eq!(opened.messages.len(), 2);
        assert_eq!(opened.notes.len(), 1);
        assert_eq!(
            app.store().report(id).await.unwrap().unwrap().team_unread,
            0
        );

        // The policy: a caseworker, a handler of another team, cannot read it.
        assert!(matches!(
            app.open_report(&cass.principal, &cass.secret, id).await,
            Err(AppError::Denied(_))
        ));
        assert!(matches!(
            app.open_report(&other.principal, &other.secret, id).await,
            Err(AppError::Denied(_))
        ));
        // Granting otto access lets him read it.
        grant_and_open(app, &hana, &other, id).await;

        // The custodian lists the reports whose identity they hold (and only those).
        let listed = app
            .inbox(&carla.principal, &Default::default())
            .await
            .unwrap();
        assert_eq!(listed.total, 1);
        assert_eq!(listed.items[0].id, id);
        // Identity: the custodian reads it; a handler only after the custodian's grant.
        assert!(matches!(
            app.read_identity(&hana.principal, &hana.secret, id).await,
            Err(AppError::Denied(_))
        ));
        let who = app
            .read_identity(&carla.principal, &carla.secret, id)
            .await
            .unwrap();
        assert_eq!(who.as_deref(), Some("Mme Test 06 00 00 00 00"));
        app.grant_identity(&carla.principal, &carla.secret, id, hana.principal.id)
            .await
            .unwrap();
        let who = app
            .read_identity(&hana.principal, &hana.secret, id)
            .await
            .unwrap();
        assert_eq!(who.as_deref(), Some("Mme Test 06 00 00 00 00"));

        // Status and audit: each opening is a `decrypted` entry by a staff member.
        app.set_report_status(&hana.principal, id, ReportStatus::Closed)
            .await
            .unwrap();
        let chain = app.store().audit_chain().await.unwrap();
        assert!(
            chain
                .iter()
                .any(|e| e.kind == "decrypted" && e.object == format!("report:{id}"))
        );
        // A denial records the report that was probed.
        assert!(
            chain
                .iter()
                .any(|e| e.kind == "permission_denied" && e.object == format!("report:{id}")),
            "{chain:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn wrong_receipts_get_one_answer_and_withdrawal_erases_everything() {
    each_app(async |app| {
        nord_team(app).await;
        let mut draft = app.new_report_draft();
        attach(app, &mut draft, "photo.jpg", jpeg_with_exif(b"x")).await;
        let receipt = submit(app, draft, &form("Texte.")).await;
        for wrong in ["", "1234", "0000 0000 0000 0000 0000", "abcd"] {
            assert!(matches!(
                app.receipt_login(wrong).await,
                Err(AppError::WrongReceipt)
            ));
        }
        assert_eq!(blob_list(app).await.len(), 2, "clean copy and original");
        let cookie = app.receipt_login(receipt.as_str()).await.unwrap();
        let reporter = app.resume_reporter(&cookie).await.unwrap();
        let id = reporter.report;
        app.withdraw_report(&reporter).await.unwrap();
        assert!(app.store().report(id).await.unwrap().is_none());
        assert!(blob_list(app).await.is_empty(), "sealed files deleted");
        assert!(matches!(
            app.receipt_login(receipt.as_str()).await,
            Err(AppError::WrongReceipt)
        ));
        assert!(matches!(
            app.resume_reporter(&cookie).await,
            Err(AppError::SessionExpired)
        ));
    })
    .await;
}

#[tokio::test]
async fn reporters_audit_entries_wait_for_the_end_of_their_day() {
    each_app(async |app| {
        nord_team(app).await;
        submit(app, app.new_report_draft(), &form("Texte.")).await;
        let chain = app.store().audit_chain().await.unwrap();
        assert!(
            !chain.iter().any(|e| e.kind == "report_received"),
            "not yet in the chain"
        );
        app.housekeep_reports().await.unwrap();
        assert!(
            !app.store()
                .audit_chain()
                .await
                .unwrap()
                .iter()
                .any(|e| e.kind == "report_received")
        );
        // The next day, housekeeping moves it in, with the day only.
        app.clock().advance(86_400);
        let done = app.housekeep_reports().await.unwrap();
        assert_eq!(done.audit_flushed, 1);
        let entry = app
            .store()
            .audit_chain()
            .await
            .unwrap()
            .into_iter()
            .find(|e| e.kind == "report_received")
            .expect("moved into the chain");
        assert_eq!(entry.at, None);
        assert_eq!(entry.actor, "reporter");
        app.verify_audit().await.unwrap().unwrap();
    })
    .await;
}

#[tokio::test]
async fn retention_deletes_closed_and_forgotten_reports() {
    each_app(async |app| {
        let (hana, _) = nord_team(app).await;
        let mut draft = app.new_report_draft();
        attach(app, &mut draft, "a.jpg", jpeg_with_exif(b"x")).await;
        submit(app, draft, &form("Classé bientôt.")).await;
        submit(app, app.new_report_draft(), &form("Reste ouvert.")).await;
        let page = app
            .inbox(&hana.principal, &Default::default())
            .await
            .unwrap();
        assert_eq!(page.total, 2);
        let closed = page.items.iter().find(|r| r.number == 1).unwrap().id;
        app.set_report_status(&hana.principal, closed, ReportStatus::Closed)
            .await
            .unwrap();
        app.clock().advance(89 * 86_400);
        assert_eq!(app.apply_retention().await.unwrap(), 0);
        app.clock().advance(2 * 86_400);
        assert_eq!(
            app.apply_retention().await.unwrap(),
            1,
            "closed 91 days ago"
        );
        assert!(app.store().report(closed).await.unwrap().is_none());
        assert!(blob_list(app).await.is_empty());
        app.clock().advance(300 * 86_400);
        assert_eq!(
            app.apply_retention().await.unwrap(),
            1,
            "no activity for a year"
        );
        let chain = app.store().audit_chain().await.unwrap();
        assert_eq!(
            chain.iter().filter(|e| e.kind == "report_expired").count(),
            2
        );
    })
    .await;
}

#[tokio::test]
async fn sixty_four_concurrent_reporters_each_get_a_working_receipt() {
    each_app(async |app| {
        nord_team(app).await;
        let mut tasks = Vec::new();
        for i in 0..64 {
            let app = app.clone();
            tasks.push(tokio::spawn(async move {
                let text = format!("Signalement numéro {i}");
                let receipt = submit(&app, app.new_report_draft(), &form(&text)).await;
                (text, receipt)
            }));
        }
        let mut done = Vec::new();
        for t in tasks {
            done.push(t.await.unwrap());
        }
        let mut seen = std::collections::HashSet::new();
        for (text, receipt) in &done {
            assert!(
                seen.insert(receipt.as_str().to_owned()),
                "receipts are distinct"
            );
            let cookie = app.receipt_login(receipt.as_str()).await.unwrap();
            let reporter = app.resume_reporter(&cookie).await.unwrap();
            assert_eq!(
                app.reporter_view(&reporter).await.unwrap().content.text(),
                text
            );
        }
    })
    .await;
}

/// Keeps the mails the app queues.
#[derive(Default)]
pub struct Outbox(pub std::sync::Mutex<Vec<vigie_app::reports::Mail>>);

impl vigie_app::reports::Notifier for Outbox {
    fn send(&self, mail: vigie_app::reports::Mail) {
        self.0.lock().unwrap().push(mail);
    }
}

#[tokio::test]
async fn digests_and_urgent_alerts_carry_counts_only() {
    use vigie_app::reports::{Mail, TeamNotify};
    each_app(async |app| {
        let (_, nord) = nord_team(app).await;
        let outbox = std::sync::Arc::new(Outbox::default());
        app.set_notifier(outbox.clone());
        // A bad address is refused with a message naming it.
        let bad = TeamNotify {
            digest: Some("pas une adresse".into()),
            on_call: None,
        };
        assert!(
            app.set_team_notify(AuditActor::Cli, nord, &bad)
                .await
                .is_err()
        );
        let notify = TeamNotify {
            digest: Some("equipe-nord@exemple.invalid".into()),
            on_call: Some("astreinte@exemple.invalid".into()),
        };
        app.set_team_notify(AuditActor::Cli, nord, &notify)
            .await
            .unwrap();
        assert_eq!(app.team_notify(nord).await.unwrap(), notify);
        let sealed = app.store().team_notify(nord).await.unwrap().unwrap();
        assert!(!contains(&sealed, b"astreinte"), "addresses are sealed");

        // Sent even when nothing is new.
        assert_eq!(app.send_digests().await.unwrap(), 1);
        let mut f = form("CANARI-URGENT quelqu'un est menacé");
        f.danger = true;
        submit(app, app.new_report_draft(), &f).await;
        submit(app, app.new_report_draft(), &form("Autre")).await;
        app.send_digests().await.unwrap();
        // The alert is sent from a background task.
        for _ in 0..50 {
            if outbox.0.lock().unwrap().len() >= 3 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        let mails = outbox.0.lock().unwrap().clone();
        assert!(mails.contains(&Mail::Digest {
            to: "equipe-nord@exemple.invalid".into(),
            team: "Nord".into(),
            new_reports: 0,
            new_messages: 0,
        }));
        assert!(mails.contains(&Mail::Digest {
            to: "equipe-nord@exemple.invalid".into(),
            team: "Nord".into(),
            new_reports: 2,
            new_messages: 0,
        }));
        assert!(mails.contains(&Mail::DangerAlert {
            to: "astreinte@exemple.invalid".into(),
            team: "Nord".into(),
        }));
        assert_eq!(mails.len(), 3, "one alert, for the urgent report only");
        assert!(!format!("{mails:?}").contains("CANARI"));
    })
    .await;
}

#[tokio::test]
async fn admins_get_the_newest_checkpoint_with_the_digests() {
    use vigie_app::reports::Mail;
    each_app(async |app| {
        let contact = "Alice Martin, alice@exemple.invalid, 06 11 22 33 44";
        account(app, "alice", &[Role::Admin], Some(contact.into())).await;
        let outbox = std::sync::Arc::new(Outbox::default());
        app.set_notifier(outbox.clone());
        app.send_digests().await.unwrap();
        let newest = app.store().last_checkpoint_v2().await.unwrap().unwrap();
        let mails = outbox.0.lock().unwrap().clone();
        assert_eq!(
            mails,
            vec![Mail::Checkpoint {
                to: "alice@exemple.invalid".into(),
                number: newest.number,
                line: vigie_vault::checkpoint::to_line(&newest),
            }],
            "only the admin with an address, and only the checkpoint"
        );
    })
    .await;
}

#[tokio::test]
async fn a_flood_of_wrong_receipts_does_not_stop_reporters() {
    each_app(async |app| {
        nord_team(app).await;
        // 150 guesses at once: beyond the per-minute limit they are refused at once (429), and those
        // within it queue in the receipt pool, not in the one new reports use.
        let mut guesses = Vec::new();
        for i in 0..150u32 {
            let app = app.clone();
            guesses.push(tokio::spawn(async move {
                app.receipt_login(&format!("{:020}", u64::from(i) * 7919))
                    .await
            }));
        }
        let receipt = submit(app, app.new_report_draft(), &form("Pendant l'attaque.")).await;
        let mut limited = 0;
        for g in guesses {
            let r = g.await.unwrap();
            limited += usize::from(matches!(r, Err(AppError::RateLimited { .. })));
            assert!(
                matches!(
                    r,
                    Err(AppError::RateLimited { .. }
                        | AppError::WrongReceipt
                        | AppError::Busy { .. })
                ),
                "{r:?}"
            );
        }
        assert!(limited >= 30, "{limited} guesses limited");
        // The genuine reporter's receipt was drawn and stored; it works once the minute is over.
        app.clock().advance(60);
        let cookie = app.receipt_login(receipt.as_str()).await.unwrap();
        app.resume_reporter(&cookie).await.unwrap();
    })
    .await;
}

/// The blobs `app` holds, listed off the async threads (a bucket's calls block).
async fn blob_list(app: &vigie_app::App) -> Vec<vigie_store::BlobId> {
    let store = app.blobs().clone();
    tokio::task::spawn_blocking(move || store.list().unwrap())
        .await
        .unwrap()
}
