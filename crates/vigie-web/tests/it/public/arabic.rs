//! The reporter's and victim's pages in Arabic (`/ar/…`, right to left): each page with its
//! translation notice, its language switch and its links to the pages that exist in French only;
//! a report filed from `/ar/signaler`, followed up and withdrawn at `/ar/suivi`.

use reqwest::StatusCode;

use crate::public::{
    ReportInput, Resp, client, form_token, get, is_receipt, location, login_at, post_form,
    post_raw, receipt_of, servers, token_at, try_login_at,
};

/// The Arabic half of the translation notice, and its French half.
const NOTICE_AR: &str = "هذه الصفحة مترجمة إلى العربية";
const NOTICE_FR: &str = "Cette page est une traduction en arabe";

/// What a text left untranslated everywhere looks like: the message's key (`report-title`).
fn looks_like_a_key(word: &str) -> bool {
    word.contains('-')
        && word.starts_with(|c: char| c.is_ascii_lowercase())
        && word
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// The text a reader sees or hears: the page without its tags, and its `aria-label`s.
fn readable_text(page: &str) -> String {
    page.split('<')
        .map(|piece| {
            let (tag, text) = piece.split_once('>').unwrap_or(("", piece));
            let label = tag
                .split_once("aria-label=\"")
                .and_then(|(_, l)| l.split('"').next())
                .unwrap_or_default();
            format!("{label} {text} ")
        })
        .collect()
}

/// An HTML page in Arabic, right to left, with the translation notice in both languages at its top
/// and no message key in place of a text.
fn assert_arabic_page(r: &Resp, what: &str) {
    assert_ne!(r.status, StatusCode::INTERNAL_SERVER_ERROR, "{what}");
    assert!(
        r.body.contains(r#"<html lang="ar" dir="rtl">"#),
        "{what}: not Arabic: {}",
        r.body
    );
    let notice = r
        .body
        .find(NOTICE_AR)
        .unwrap_or_else(|| panic!("{what}: no notice"));
    assert!(
        notice < r.body.find("<header").unwrap(),
        "{what}: notice first"
    );
    assert!(r.body.contains(NOTICE_FR), "{what}: no French notice");
    assert!(
        r.body.contains(r#"<p lang="fr" dir="ltr">Cette page"#),
        "{what}"
    );
    let keys: Vec<_> = readable_text(&r.body)
        .split(|c: char| c.is_whitespace() || ",.:;()«»\"'".contains(c))
        .filter(|w| looks_like_a_key(w))
        .map(str::to_owned)
        .collect();
    assert!(keys.is_empty(), "{what}: untranslated keys {keys:?}");
}

#[tokio::test]
async fn the_arabic_pages_read_right_to_left_and_link_to_french_for_the_rest() {
    for s in servers().await {
        pages(&s.base).await;
    }
}

async fn pages(base: &str) {
    for (path, title) in [
        ("/ar/aide", "<h1>طلب المساعدة</h1>"),
        ("/ar/signaler", "<h1>تقديم بلاغ دون ذكر الاسم</h1>"),
        ("/ar/signaler/suite", "<h1>وماذا بعد؟</h1>"),
        ("/ar/suivi", "<h1>متابعة بلاغي</h1>"),
    ] {
        let r = get(base, path, None).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert_arabic_page(&r, path);
        assert!(r.body.contains(title), "{path}: {}", r.body);
        // The switch offers the page in French and English, each named in itself.
        let fr = path.trim_start_matches("/ar");
        for (href, code, name) in [
            (fr.to_owned(), "fr", "Français"),
            (format!("/en{fr}"), "en", "English"),
        ] {
            let link = format!(r#"href="{href}" hreflang="{code}" lang="{code}">{name}</a>"#);
            assert!(r.body.contains(&link), "{path}: {link}");
            let alternate = format!(r#"<link rel="alternate" hreflang="{code}" href="{href}">"#);
            assert!(r.body.contains(&alternate), "{path}: {alternate}");
        }
        // Links stay in Arabic where the page exists in Arabic, and go to French elsewhere.
        for link in [
            r#"href="/ar/signaler""#,
            r#"href="/ar/aide""#,
            r#"href="/ar/suivi""#,
            r#"href="/observatoire" hreflang="fr">المرصد (بالفرنسية)"#,
            r#"href="/espace/connexion" hreflang="fr">"#,
            r#"href="/accessibilite" hreflang="fr">"#,
        ] {
            assert!(r.body.contains(link), "{path}: {link}");
        }
        assert!(
            r.body.contains("اتصلوا بالرقم 17 أو 112"),
            "{path}: emergency line"
        );
    }

    // The Arabic root leads to the help page; other addresses are an Arabic 404.
    for root in ["/ar", "/ar/"] {
        let r = get(base, root, None).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{root}");
        assert_eq!(location(&r), "/ar/aide");
    }
    for missing in ["/ar/observatoire", "/ar/espace/connexion", "/ar/nulle-part"] {
        let r = get(base, missing, None).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{missing}");
        assert_arabic_page(&r, missing);
        assert!(r.body.contains("الصفحة غير موجودة"), "{missing}");
    }
    // A form posted without its token: the 403 page, in Arabic.
    let r = post_form(base, "/ar/suivi", None, &[("receipt", "1234")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_arabic_page(&r, "403");

    // The French and English pages offer Arabic where it exists (`/ar/` being the help page),
    // and only there.
    for (path, arabic) in [
        ("/aide", Some("/ar/aide")),
        ("/en/signaler", Some("/ar/signaler")),
        ("/", Some("/ar/")),
        ("/en/", Some("/ar/")),
        ("/observatoire", None),
        ("/accessibilite", None),
        ("/espace/connexion", None),
    ] {
        let body = get(base, path, None).await.body;
        let offered =
            arabic.map(|href| format!(r#"href="{href}" hreflang="ar" lang="ar">العربية</a>"#));
        match offered {
            Some(link) => assert!(body.contains(&link), "{path}: {body}"),
            None => assert!(!body.contains("hreflang=\"ar\""), "{path} offers Arabic"),
        }
    }
}

#[tokio::test]
async fn a_report_from_the_arabic_form_to_its_withdrawal() {
    for s in servers().await {
        let base = &s.base;
        let c = client();
        let tag = uuid::Uuid::new_v4().simple().to_string();

        // A field missing: the form again, in Arabic, with the error beside the field.
        let token = token_at(&c, base, "/ar/signaler").await;
        let (ct, body) = ReportInput::simple("").body(Some(&token)).finish();
        let r = post_raw(base, "/ar/signaler", None, &ct, body).await;
        r.assert_status(StatusCode::BAD_REQUEST);
        assert_arabic_page(&r, "form with an error");
        r.assert_shows(&["هذا الحقل إلزامي."]);

        let token = token_at(&c, base, "/ar/signaler").await;
        let text = format!("بيع أمام المدرسة كل مساء {tag}");
        let (ct, body) = ReportInput::simple(&text).body(Some(&token)).finish();
        let done = post_raw(base, "/ar/signaler", None, &ct, body).await;
        done.assert_status(StatusCode::OK);
        assert_arabic_page(&done, "receipt page");
        done.assert_shows(&["رمز المتابعة الخاص بكم"]);
        assert!(
            done.body.contains("«نقطة بيع مخدرات»"),
            "category in Arabic"
        );
        assert!(done.body.contains(r#"href="/ar/signaler/suite""#));
        let receipt = receipt_of(&done.body);
        assert!(is_receipt(&receipt), "{receipt}");

        // The code opens the follow-up in Arabic.
        let cookie = login_at(base, "/ar/suivi", &receipt).await;
        let view = get(base, "/ar/suivi", Some(&cookie)).await;
        assert_eq!(view.status, StatusCode::OK);
        assert_arabic_page(&view, "conversation");
        assert!(view.body.contains(&text), "the report's text");
        view.assert_shows(&[
            r#"<dd id="status">جديد</dd>"#,
            "لا توجد رسائل بعد",
            r#"action="/ar/suivi/repondre""#,
        ]);

        // A wrong code: the Arabic message.
        let r = try_login_at(&c, base, "/ar/suivi", "0000").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        r.assert_shows(&["هذا الرمز لا يطابق أي بلاغ."]);

        // Withdrawn from the Arabic page.
        let page = get(base, "/ar/suivi/retirer", Some(&cookie)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert_arabic_page(&page, "withdraw page");
        let t = form_token(&page.body, "/ar/suivi/retirer");
        let r = crate::public::post_token(base, "/ar/suivi/retirer", &cookie, &t).await;
        r.assert_status(StatusCode::OK);
        assert_arabic_page(&r, "withdrawn");
        r.assert_shows(&["مُحي بلاغكم نهائيًا."]);
        assert!(crate::public::all_reports(&s.app).await.is_empty());
    }
}
