//! A form with mistakes comes back with the values kept and each error beside its field; nothing of
//! it (rows or sealed files) is kept.

use reqwest::StatusCode;
use vigie_domain::report::ReportForm;
use vigie_domain::time::paris_day;

use crate::public::{ReportInput, assert_nothing_stored, jpeg_with_gps, servers, submit};

/// The `<select>` (or other element) with this id, up to its closing tag.
fn element<'a>(page: &'a str, open: &str, close: &str) -> &'a str {
    let start = page
        .find(open)
        .unwrap_or_else(|| panic!("no `{open}` in {page}"));
    let rest = &page[start..];
    &rest[..rest.find(close).unwrap() + close.len()]
}

fn select<'a>(page: &'a str, id: &str) -> &'a str {
    element(page, &format!("<select id=\"{id}\""), "</select>")
}

fn input_el<'a>(page: &'a str, id: &str) -> &'a str {
    element(page, &format!("<input id=\"{id}\""), ">")
}

fn textarea<'a>(page: &'a str, id: &str) -> &'a str {
    element(page, &format!("<textarea id=\"{id}\""), "</textarea>")
}

/// Asserts that the field `id` is marked invalid and its error message is beside it.
fn assert_invalid(page: &str, id: &str, tag: &str, message: &str) {
    let field = element(page, &format!("<{tag} id=\"{id}\""), ">");
    assert!(
        field.contains("aria-invalid=\"true\""),
        "{id} not marked invalid: {field}"
    );
    // The message comes right before the field, inside the same `.field` block.
    let at = page.find(&format!("<{tag} id=\"{id}\"")).unwrap();
    let block_start = page[..at].rfind("<div class=\"field\">").unwrap();
    let block = &page[block_start..at];
    assert!(
        block.contains("class=\"field-error\"") && block.contains(message),
        "{id}: no `{message}` beside it in {block}"
    );
    // Screen readers announce the message with the field.
    let error_id = block
        .split_once("class=\"field-error\" id=\"")
        .unwrap()
        .1
        .split_once('"')
        .unwrap()
        .0;
    let described = field
        .split_once("aria-describedby=\"")
        .map(|(_, rest)| rest.split_once('"').unwrap().0)
        .unwrap_or_default();
    assert!(
        described.split(' ').any(|d| d == error_id),
        "{id}: aria-describedby `{described}` does not name `{error_id}`"
    );
}

fn assert_valid(page: &str, id: &str, tag: &str) {
    let field = element(page, &format!("<{tag} id=\"{id}\""), ">");
    assert!(
        !field.contains("aria-invalid"),
        "{id} marked invalid: {field}"
    );
}

const REQUIRED: &str = "Ce champ est obligatoire.";
const UNKNOWN: &str = "Choisissez une valeur de la liste";
const BAD_DATE: &str = "Indiquez une date valide, qui n&#39;est pas dans le futur.";
const TOO_LONG: &str = "Ce texte est trop long.";
const FILES_AGAIN: &str =
    "les fichiers joints n&#39;ont pas été conservés : choisissez-les à nouveau.";

#[tokio::test]
async fn mistakes_come_back_beside_their_fields_and_nothing_is_kept() {
    for s in servers().await {
        let base = &s.base;
        let photo = jpeg_with_gps("validation");

        // Nothing chosen, nothing written; a place, a time and a photo given.
        let input = ReportInput {
            form: ReportForm {
                place: "parking derrière l'école".into(),
                time_of_day: "le soir".into(),
                identity: "Karim".into(),
                ongoing: true,
                ..ReportForm::default()
            },
            files: vec![("photo.jpg".into(), "image/jpeg".into(), photo.clone())],
        };
        let r = submit(base, &input).await;
        r.assert_status(StatusCode::BAD_REQUEST);
        r.assert_french_page("missing fields");
        assert!(!r.sets_cookie());
        let p = &r.body;
        assert!(p.contains("Le signalement n&#39;a pas été envoyé"), "{p}");
        assert_invalid(p, "category", "select", REQUIRED);
        assert_invalid(p, "district", "select", REQUIRED);
        assert_invalid(p, "text", "textarea", REQUIRED);
        assert_valid(p, "date", "input");
        assert!(p.contains(FILES_AGAIN), "files must be chosen again: {p}");
        assert!(
            input_el(p, "place").contains("value=\"parking derrière l&#39;école\""),
            "{}",
            input_el(p, "place")
        );
        assert!(input_el(p, "time_of_day").contains("value=\"le soir\""));
        assert!(input_el(p, "identity").contains("value=\"Karim\""));
        assert!(input_el(p, "ongoing").contains("checked"));
        // A fresh token, so that the corrected form can be sent.
        assert!(p.contains("name=\"csrf\" value=\""));

        // A quartier of another arrondissement: only that field is wrong, the rest is kept.
        let mut input = ReportInput::simple("Des guetteurs à l'angle de la rue.");
        input.category = "lookouts_minors".into();
        input.district = "13201".into();
        input.neighbourhood = "1320201".into(); // Arenc, in the 2nd
        let r = submit(base, &input).await;
        r.assert_status(StatusCode::BAD_REQUEST);
        let p = &r.body;
        assert_invalid(p, "neighbourhood", "select", UNKNOWN);
        assert_valid(p, "category", "select");
        assert_valid(p, "district", "select");
        assert!(select(p, "category").contains("<option value=\"lookouts_minors\" selected>"));
        assert!(select(p, "district").contains("<option value=\"13201\" selected>"));
        assert!(select(p, "neighbourhood").contains("<option value=\"1320201\" selected>"));
        assert!(textarea(p, "text").contains("Des guetteurs à l&#39;angle de la rue."));
        assert!(!p.contains(FILES_AGAIN), "no file was sent");

        // A date in the future, and one that is not a date.
        for date in [
            paris_day(s.app.clock().now())
                .checked_add_days(chrono::Days::new(1))
                .unwrap()
                .format("%Y-%m-%d")
                .to_string(),
            "2024-02-30".to_owned(),
            "demain".to_owned(),
        ] {
            let mut input = ReportInput::simple("Un texte valide.");
            input.date = date.clone();
            let r = submit(base, &input).await;
            assert_eq!(r.status, StatusCode::BAD_REQUEST, "{date}: {}", r.body);
            assert_invalid(&r.body, "date", "input", BAD_DATE);
            assert_valid(&r.body, "text", "textarea");
        }

        // 20,001 characters (multi-byte ones: the limit counts characters, not bytes).
        let long = "é".repeat(20_001);
        let input = ReportInput {
            files: vec![("photo.jpg".into(), "image/jpeg".into(), photo.clone())],
            ..ReportInput::simple(&long)
        };
        let r = submit(base, &input).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", &r.body[..500]);
        assert_invalid(&r.body, "text", "textarea", TOO_LONG);
        assert!(
            textarea(&r.body, "text").contains(&long),
            "the text is kept"
        );
        assert!(r.body.contains(FILES_AGAIN));
        // 20,000 is still fine (checked below by the report count: this one is stored).
        assert_nothing_stored(&s, "invalid forms").await;

        let ok = submit(base, &ReportInput::simple(&"é".repeat(20_000))).await;
        assert_eq!(ok.status, StatusCode::OK, "20,000 characters are accepted");
        assert_eq!(crate::public::all_reports(&s.app).await.len(), 1);
    }
}

#[tokio::test]
async fn too_long_short_fields_are_marked_beside_their_inputs() {
    for s in servers().await {
        let long = "x".repeat(301);
        let input = ReportInput::typed(ReportForm {
            place: long.clone(),
            time_of_day: long.clone(),
            identity: long.clone(),
            ..ReportInput::simple("Un texte valide.").form
        });
        let r = submit(&s.base, &input).await;
        r.assert_status(StatusCode::BAD_REQUEST);
        for id in ["place", "time_of_day", "identity"] {
            assert!(input_el(&r.body, id).contains(&long), "{id}: value kept");
            assert_invalid(&r.body, id, "input", TOO_LONG);
        }
        assert_nothing_stored(&s, "too long short fields").await;
    }
}
