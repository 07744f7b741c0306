//! `/aide`: the numbers first and a quick exit, then the help request's form in French, English and
//! Arabic; its errors beside their fields (the code word never shown again); its token (missing,
//! forged, for another form, too young, reused); without a caseworkers' team, a 503 that sends to
//! the numbers; and a request whose follow-up code opens `/suivi` with the needs and the message.

use std::time::Duration;

use reqwest::StatusCode;
use vigie_app::NewAccount;
use vigie_domain::report::ReportKind;
use vigie_domain::{AuditActor, Role, RoleSet};
use vigie_testkit::logs::LogCapture;

use crate::public::{
    Body, Resp, Server, all_reports, client, form_token, get, is_receipt, login, login_at,
    post_raw, receipt_of, servers, token_at,
};

/// The help requests stored, whichever team holds them (`all_reports` lists reports only).
async fn help_requests(s: &Server) -> usize {
    vigie_testkit::instance::all_of_kind(&s.app, ReportKind::HelpRequest)
        .await
        .len()
}

/// Where the form posts (its fragment brings the page back to the form).
const ACTION: &str = "/aide#demande";

/// A valid request: a relative asking for psychological and legal help, reached only through the
/// code, and a message carrying `tag`.
fn good(tag: &str) -> Vec<(&'static str, String)> {
    vec![
        ("asker", "family".into()),
        ("needs", "psychological".into()),
        ("needs", "legal".into()),
        ("urgency", "this_week".into()),
        ("district", "13203".into()),
        (
            "message",
            format!("Mon fils a été blessé, je ne dors plus. {tag}"),
        ),
        ("channel", "follow_up_only".into()),
        ("contact", String::new()),
        ("safe_times", String::new()),
        ("code_word", String::new()),
    ]
}

/// `fields` after the token (when given), as the browser sends the form.
fn body(token: Option<&str>, fields: &[(&str, String)]) -> (String, Vec<u8>) {
    let mut b = Body::new();
    if let Some(t) = token {
        b = b.text("csrf", t);
    }
    for (name, value) in fields {
        b = b.text(name, value);
    }
    b.finish()
}

/// Posts `fields` to the form at `path` (`/aide`, `/en/aide`, `/ar/aide`) with `token`.
async fn post(base: &str, path: &str, token: Option<&str>, fields: &[(&str, String)]) -> Resp {
    let (ct, bytes) = body(token, fields);
    post_raw(base, path, None, &ct, bytes).await
}

/// Gets the form at `path` and posts `fields` with its token.
async fn send(base: &str, path: &str, fields: &[(&str, String)]) -> Resp {
    let page = get(base, path, None).await;
    assert_eq!(page.status, StatusCode::OK, "{path}");
    let token = form_token(&page.body, &format!("{path}#demande"));
    post(base, path, Some(&token), fields).await
}

/// `fields` with `name` set to `value` (every occurrence removed first; an empty value removes it).
fn with(
    mut fields: Vec<(&'static str, String)>,
    name: &'static str,
    value: &str,
) -> Vec<(&'static str, String)> {
    fields.retain(|(n, _)| *n != name);
    if !value.is_empty() {
        fields.push((name, value.into()));
    }
    fields
}

/// Asserts that `r` shows each `(field, message)` error beside its field: the paragraph the field
/// is described by, starting with the message.
fn assert_field_errors(r: &Resp, errors: &[(&str, &str)]) {
    for (name, message) in errors {
        r.assert_shows(&[&format!(
            r#"<p class="field-error" id="{name}-error">{message}"#
        )]);
    }
}

#[tokio::test]
async fn the_help_page_gives_the_numbers_first_then_the_form() {
    let captured = LogCapture::this_thread_filtered("debug,hyper=warn,hyper_util=warn,reqwest=off");
    for s in servers().await {
        let base = &s.base;
        for (path, lang) in [("/aide", "fr"), ("/en/aide", "en"), ("/ar/aide", "ar")] {
            let before = captured.len();
            let r = get(base, path, None).await;
            assert_eq!(r.status, StatusCode::OK, "{path}");
            assert!(r.body.contains(&format!("<html lang=\"{lang}\"")), "{path}");
            assert_eq!(r.header("cache-control"), Some("no-store"));
            assert!(!r.sets_cookie(), "{path}: no cookie");
            assert!(!r.body.contains("<script"), "{path}: no script");
            let main = &r.body[r.body.find(r#"<main id="contenu""#).unwrap()..];
            // The quick exit, the emergency line and the numbers come before the form.
            let at = |needle: &str| {
                main.find(needle)
                    .unwrap_or_else(|| panic!("{path}: no `{needle}`: {main}"))
            };
            let exit =
                at(r#"<p class="quick-exit"><a href="https://meteofrance.com/" rel="noreferrer">"#);
            assert!(exit < at(r#"class="emergency""#), "{path}");
            assert!(exit < at("<h1>"), "{path}");
            for (tel, shown) in [
                ("116006", "116 006"),
                ("119", "119"),
                ("3919", "3919"),
                ("114", "114"),
            ] {
                let line =
                    format!(r#"<a class="help-number" href="tel:{tel}" dir="ltr">{shown}</a>"#);
                assert!(at(&line) < at("<form"), "{path}: {tel} before the form");
            }
            let form = &main[at("<form")..at("</form>")];
            assert!(
                form.starts_with(&format!(
                    r#"<form method="post" action="{path}#demande" enctype="multipart/form-data">"#
                )),
                "{path}: {form}"
            );
            // Every input has its label; the groups are fieldsets with legends.
            for id in [
                "asker-victim",
                "asker-family",
                "asker-witness",
                "asker-professional",
                "needs-psychological",
                "needs-legal",
                "needs-medical",
                "needs-social",
                "needs-housing",
                "needs-administrative",
                "urgency-today",
                "urgency-this_week",
                "urgency-no_rush",
                "district",
                "message",
                "channel-follow_up_only",
                "channel-phone",
                "channel-sms",
                "channel-email",
                "contact",
                "safe_times",
                "code_word",
            ] {
                assert!(form.contains(&format!("id=\"{id}\"")), "{path}: #{id}");
                assert!(
                    form.contains(&format!("<label for=\"{id}\">")),
                    "{path}: label of #{id}"
                );
            }
            assert_eq!(form.matches("<fieldset").count(), 5, "{path}");
            assert_eq!(form.matches("<legend>").count(), 5, "{path}");
            assert!(
                form.contains(r#"type="checkbox" value="housing""#),
                "{path}"
            );
            // "Only through my code" comes first among the ways to be reached, and is chosen.
            let channels = &form[form.find(r#"name="channel""#).unwrap()..];
            assert!(
                channels
                    .starts_with(r#"name="channel" type="radio" value="follow_up_only" checked>"#),
                "{path}: {channels}"
            );
            assert_eq!(
                form.matches(" checked").count(),
                1,
                "{path}: only the channel is chosen"
            );
            // The urgency's hint says that danger now is 17 or 112.
            let hint = crate::public::between(form, r#"id="urgency-hint">"#, "</p>");
            assert!(
                hint.contains("17") && hint.contains("112"),
                "{path}: {hint}"
            );
            // The instance's arrondissements.
            assert!(form.contains(r#"<option value="13203">"#), "{path}");
            assert_eq!(
                captured.len(),
                before,
                "{path} was logged: {}",
                captured.text_from(before)
            );
        }
    }
}

#[tokio::test]
async fn a_request_with_errors_comes_back_with_them_beside_their_fields() {
    for s in servers().await {
        // A team that would receive a request: so that one stored by mistake is found.
        help_team(&s).await;
        let base = &s.base;
        let tag = uuid::Uuid::new_v4().simple().to_string();
        let word = format!("mimosa{tag}");
        let fields = with(good(&tag), "asker", "");
        let fields = with(fields, "needs", "");
        let fields = with(fields, "channel", "phone");
        let fields = with(fields, "safe_times", &format!("après 18 h {tag}"));
        let fields = with(fields, "code_word", &word);
        let r = send(base, "/aide", &fields).await;
        r.assert_status(StatusCode::BAD_REQUEST);
        r.assert_french_page("errors");
        // The summary at the top of the form, a link to each field in error, in the form's order.
        let summary = crate::public::between(&r.body, r#"id="form-errors">"#, "</div>");
        let links: Vec<&str> = summary
            .split("<a href=\"#")
            .skip(1)
            .map(|l| l.split('"').next().unwrap())
            .collect();
        assert_eq!(
            links,
            ["asker-victim", "needs-psychological", "contact"],
            "{summary}"
        );
        assert!(
            summary.contains("Qui fait la demande ? : Choisissez une réponse."),
            "{summary}"
        );
        // Each error beside its field: the group's fieldset described by it, its inputs invalid.
        assert_field_errors(
            &r,
            &[
                ("asker", "Choisissez une réponse."),
                ("needs", "Cochez au moins une aide."),
                ("contact", "Indiquez le numéro ou l&#39;adresse"),
            ],
        );
        r.assert_shows(&[
            r#"<fieldset class="choices" aria-describedby="asker-error">"#,
            r#"aria-describedby="needs-hint needs-error">"#,
            r#"id="asker-victim" name="asker" type="radio" value="victim" aria-invalid="true">"#,
            r#"id="contact" name="contact" type="text" maxlength="300" autocomplete="off" value="" aria-describedby="contact-hint contact-error" aria-invalid="true">"#,
        ]);
        // What was written comes back, the choices too; the code word never does, and its hint
        // says to type it again.
        r.assert_shows(&[
            &format!("je ne dors plus. {tag}</textarea>"),
            &format!(r#"value="après 18 h {tag}""#),
            r#"value="this_week" checked"#,
            r#"value="phone" checked"#,
            r#"<option value="13203" selected>"#,
        ]);
        assert!(!r.body.contains(&word), "the code word is shown again");
        let hint = crate::public::between(&r.body, r#"id="code_word-hint">"#, "</p>");
        assert!(hint.contains("tapez-le de nouveau"), "{hint}");
        // A new token, which works.
        assert!(form_token(&r.body, ACTION).len() > 20);
        assert_eq!(help_requests(&s).await, 0, "nothing stored");

        // Unknown codes, a message too long: beside their fields, in English and in Arabic.
        let fields = with(good(&tag), "urgency", "yesterday");
        let fields = with(fields, "district", "13299");
        let fields = with(fields, "message", &"é".repeat(20_001));
        let r = send(base, "/en/aide", &fields).await;
        r.assert_status(StatusCode::BAD_REQUEST);
        assert!(r.body.contains("<html lang=\"en\""));
        assert_field_errors(
            &r,
            &[
                ("urgency", "Choose an answer from the list.</p>"),
                ("district", "Choose an answer from the list.</p>"),
                ("message", "This text is too long.</p>"),
            ],
        );
        let r = send(base, "/ar/aide", &with(good(&tag), "needs", "")).await;
        r.assert_status(StatusCode::BAD_REQUEST);
        r.assert_shows(&[
            r#"<html lang="ar" dir="rtl">"#,
            "اختاروا نوعًا واحدًا من المساعدة على الأقل.",
        ]);
        assert_eq!(help_requests(&s).await, 0, "nothing stored");
    }
}

#[tokio::test]
async fn a_missing_forged_foreign_or_young_token_is_refused() {
    for s in crate::public::servers_where(|settings| {
        settings.reports.form_min_age = Duration::from_secs(10)
    })
    .await
    {
        // A team that would receive a request: so that one stored by mistake is found.
        help_team(&s).await;
        let base = &s.base;
        let c = client();
        let tag = uuid::Uuid::new_v4().simple().to_string();
        let fields = good(&tag);
        // No token, a forged one, the token of the report form: the 403 page, nothing read.
        let report_token = token_at(&c, base, "/signaler").await;
        for (what, token) in [
            ("missing", None),
            ("forged", Some("forged")),
            ("the report form's", Some(report_token.as_str())),
        ] {
            let r = post(base, "/aide", token, &fields).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{what}: {}", r.body);
            r.assert_french_page(what);
            assert!(!r.body.contains(&tag), "{what}: the form was read");
        }
        // The token after another field: refused the same way.
        let (ct, bytes) = Body::new()
            .text("asker", "victim")
            .text(
                "csrf",
                &form_token(&get(base, "/aide", None).await.body, ACTION),
            )
            .finish();
        let r = post_raw(base, "/aide", None, &ct, bytes).await;
        r.assert_status(StatusCode::FORBIDDEN);

        // Too young: the form again with what was written (not the code word), and when to resend.
        let word = format!("mimosa{tag}");
        let fields = with(
            with(good(&tag), "channel", "sms"),
            "contact",
            "06 00 00 00 00",
        );
        let fields = with(fields, "code_word", &word);
        let token = form_token(&get(base, "/aide", None).await.body, ACTION);
        let r = post(base, "/aide", Some(&token), &fields).await;
        r.assert_status(StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(r.header("retry-after"), Some("10"));
        assert!(
            r.body
                .contains("Votre demande n&#39;a pas encore été envoyée"),
            "{}",
            r.body
        );
        r.assert_shows(&[
            "Attendez 10 secondes",
            &format!("je ne dors plus. {tag}</textarea>"),
            r#"value="06 00 00 00 00""#,
            r#"value="sms" checked"#,
        ]);
        assert!(!r.body.contains(&word), "the code word is shown again");
        r.assert_shows(&["le mot de code n&#39;est jamais réaffiché"]);
        assert_eq!(help_requests(&s).await, 0, "nothing stored");
    }
}

#[tokio::test]
async fn without_a_help_team_the_page_says_so_and_points_to_the_numbers() {
    for s in servers().await {
        let base = &s.base;
        let tag = uuid::Uuid::new_v4().simple().to_string();
        for (path, text) in [
            (
                "/aide",
                "La demande en ligne n&#39;est pas disponible pour le moment.",
            ),
            (
                "/en/aide",
                "The online request is not available at the moment.",
            ),
            ("/ar/aide", "الطلب عبر الإنترنت غير متاح في الوقت الحالي."),
        ] {
            let r = send(base, path, &good(&tag)).await;
            assert_eq!(
                r.status,
                StatusCode::SERVICE_UNAVAILABLE,
                "{path}: {}",
                r.body
            );
            assert!(r.body.contains(text), "{path}: {}", r.body);
            assert!(r.body.contains(r##"<a href="#numeros">"##), "{path}");
            assert!(
                r.body.contains(r#"href="tel:116006""#),
                "{path}: the numbers"
            );
            assert!(!r.body.contains("<form method=\"post\""), "{path}: no form");
            assert!(!r.body.contains(&tag), "{path}: nothing echoed");
        }
        assert_eq!(help_requests(&s).await, 0, "nothing stored");
    }
}

/// A caseworker, `cora`, in a team set as the caseworkers' team that receives help requests.
async fn help_team(s: &Server) {
    let new = NewAccount {
        username: "cora".into(),
        roles: RoleSet::of(&[Role::Caseworker]),
        contact: None,
    };
    s.app.create_user(AuditActor::Cli, &new).await.unwrap();
    s.app
        .create_help_team(AuditActor::Cli, "Accompagnement test", &["cora".into()])
        .await
        .unwrap();
}

#[tokio::test]
async fn a_request_returns_a_code_that_opens_it_at_suivi() {
    let captured = LogCapture::this_thread_filtered("debug,hyper=warn,hyper_util=warn,reqwest=off");
    for s in servers().await {
        help_team(&s).await;
        let base = &s.base;
        let tag = uuid::Uuid::new_v4().simple().to_string();
        let (number, word) = (format!("06 {tag}"), format!("mimosa{tag}"));
        let fields = with(good(&tag), "channel", "phone");
        let fields = with(fields, "contact", &number);
        let fields = with(fields, "safe_times", "après 18 h");
        let fields = with(fields, "code_word", &word);
        let before = captured.len();
        let token = form_token(&get(base, "/aide", None).await.body, ACTION);
        let done = post(base, "/aide", Some(&token), &fields).await;
        assert_eq!(
            done.status,
            StatusCode::OK,
            "{}: {}",
            s.backend(),
            done.body
        );
        done.assert_french_page("the code");
        assert_eq!(done.header("cache-control"), Some("no-store"));
        assert!(!done.sets_cookie());
        // The code, left to right, shown once; what comes next; nothing typed is echoed.
        let receipt = receipt_of(&done.body);
        assert!(is_receipt(&receipt), "{receipt}");
        done.assert_shows(&[
            "<h1>Demande envoyée</h1>",
            r#"<a href="/suivi">suivre ma demande</a>"#,
            "pourra aussi vous appeler",
            "Elle dira d&#39;abord votre mot de code",
            "appelez le 17 (police) ou le 112",
        ]);
        assert!(!done.body.contains(&tag), "something typed is echoed");
        assert_eq!(
            captured.len(),
            before,
            "logged: {}",
            captured.text_from(before)
        );

        // The same token again: refused, the form back with what was written.
        let again = post(base, "/aide", Some(&token), &fields).await;
        again.assert_status(StatusCode::CONFLICT);
        again.assert_shows(&["votre demande est bien enregistrée"]);
        assert!(!again.body.contains(&word));

        // The code opens the request: its needs, translated, and its message; never the number or
        // the word (sealed for the team only).
        let cookie = login(base, &receipt).await;
        let view = get(base, "/suivi", Some(&cookie)).await;
        assert_eq!(view.status, StatusCode::OK);
        view.assert_shows(&[
            "Demande n° ",
            "<li>Soutien psychologique</li><li>Aide juridique</li>",
            &format!("je ne dors plus. {tag}"),
        ]);
        assert!(!view.body.contains(&number) && !view.body.contains(&word));

        // From the Arabic form, reached only through the code, followed up in Arabic.
        let done = send(base, "/ar/aide", &good(&tag)).await;
        done.assert_status(StatusCode::OK);
        assert!(done.body.contains(r#"<html lang="ar" dir="rtl">"#));
        let receipt = receipt_of(&done.body);
        assert!(is_receipt(&receipt), "{receipt}");
        assert!(done.body.contains("لن يتصل بكم أحد ولن يكتب إليكم أحد"));
        let cookie = login_at(base, "/ar/suivi", &receipt).await;
        let view = get(base, "/ar/suivi", Some(&cookie)).await;
        assert!(
            view.body
                .contains("<li>دعم نفسي</li><li>مساعدة قانونية</li>"),
            "{}",
            view.body
        );
        assert!(view.body.contains(&tag));
        assert_eq!(help_requests(&s).await, 2, "two requests stored");
        assert!(all_reports(&s.app).await.is_empty(), "no report");
    }
}
