//! The team's side of reports over real HTTP: the inbox and its filters, a report's page and its
//! forms, downloads (clean by default, the original through an audited POST, a broken file as a
//! broken download), the policy at the edge, the custodian's identity forms, forwarding as an age
//! file, and the routing administration.

use std::io::Read;

use reqwest::StatusCode;
use reqwest::header::{
    CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_SECURITY_POLICY, CONTENT_TYPE, COOKIE,
    X_CONTENT_TYPE_OPTIONS,
};
use vigie_app::App;
use vigie_domain::report::{Category, ReportForm, ReportStatus, validate_report};
use vigie_domain::{AuditActor, AuditRecord, ReportId, Role, TeamId};

use crate::staff::{CookieClient, Server, form_token, location, servers};

const NORTH: &str = "Signalements nord";

/// The password [`signed_in`] chooses for `name` in place of the one-time password.
pub(crate) fn chosen_password(name: &str) -> String {
    format!("{name} a choisi une phrase assez longue")
}

/// A staff member fully logged in (second factor enrolled, one-time password replaced).
pub(crate) async fn signed_in(s: &Server, name: &str, password: &str) -> CookieClient {
    let mut b = CookieClient::new(&s.base);
    b.first_login(&s.app, name, password).await;
    let token = b.csrf("/espace/mot-de-passe").await;
    let new = chosen_password(name);
    let (status, _, _) = b
        .post(
            "/espace/mot-de-passe",
            &[
                ("csrf", &token),
                ("current", password),
                ("new", &new),
                ("confirm", &new),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "the password is changed");
    b
}

/// A handler in a new team that receives every report (the default team).
pub(crate) async fn handler_team(s: &Server, name: &str) -> (CookieClient, TeamId) {
    let pw = s.user(name, &[Role::Handler]).await;
    let team = s
        .app
        .create_team(AuditActor::Cli, NORTH, &[name.to_owned()])
        .await
        .unwrap();
    s.app.store().set_default_team(team).await.unwrap();
    (signed_in(s, name, &pw).await, team)
}

pub(crate) fn form(category: &str, district: &str, text: &str) -> ReportForm {
    ReportForm {
        category: category.into(),
        district: district.into(),
        neighbourhood: String::new(),
        place: "Hall du bâtiment B".into(),
        date: String::new(),
        ongoing: true,
        time_of_day: "vers 22 h".into(),
        text: text.into(),
        danger: false,
        consent_forward: false,
        identity: String::new(),
    }
}

/// Submits a report through the app, with files sealed as the public form would; returns its id.
pub(crate) async fn submit(app: &App, form: &ReportForm, files: &[(&str, Vec<u8>)]) -> ReportId {
    let mut draft = app.new_report_draft();
    for (name, bytes) in files {
        let sealer = app.file_sealer(&draft);
        let name = (*name).to_owned();
        let bytes = bytes.clone();
        let attached =
            tokio::task::spawn_blocking(move || sealer.attach(&name, std::io::Cursor::new(bytes)))
                .await
                .unwrap()
                .unwrap();
        draft.files.push(attached);
    }
    let today = vigie_domain::time::paris_day(app.clock().now());
    let report = validate_report(form, &app.settings().areas, today, app.clock().unix()).unwrap();
    app.submit_report(draft, report).await.unwrap();
    vigie_testkit::all_reports(app).await[0].id
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut c = u32::try_from(data.len()).unwrap().to_be_bytes().to_vec();
    c.extend_from_slice(kind);
    c.extend_from_slice(data);
    let crc = crc32(&c[4..]);
    c.extend_from_slice(&crc.to_be_bytes());
    c
}

/// A PNG with a text chunk, and what it is once cleaned (the text chunk gone). `image_bytes` of
/// image data make it as large as needed.
fn png_pair(image_bytes: usize) -> (Vec<u8>, Vec<u8>) {
    let signature = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&1u32.to_be_bytes());
    ihdr.extend_from_slice(&1u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
    let data: Vec<u8> = (0..image_bytes)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let head = [signature.to_vec(), chunk(b"IHDR", &ihdr)].concat();
    let tail = [chunk(b"IDAT", &data), chunk(b"IEND", &[])].concat();
    let dirty = [
        head.clone(),
        chunk(b"tEXt", b"Author\0Leila from the 3rd floor"),
        tail.clone(),
    ]
    .concat();
    (dirty, [head, tail].concat())
}

fn rows(page: &str) -> usize {
    page.split_once("<tbody>")
        .map_or(0, |(_, body)| body.matches("<th scope=\"row\">").count())
}

pub(crate) async fn audit(s: &Server) -> Vec<AuditRecord> {
    s.app.store().audit_chain().await.unwrap()
}

/// A request with the browser's session cookie, for bytes the `CookieClient` helpers would read as text.
pub(crate) async fn raw(
    b: &CookieClient,
    path: &str,
    form: Option<&[(&str, &str)]>,
) -> reqwest::Response {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let url = format!("{}{path}", b.base);
    let req = match form {
        Some(f) => client.post(url).form(f),
        None => client.get(url),
    };
    req.header(
        COOKIE,
        format!(
            "{}={}",
            vigie_web::SESSION_COOKIE,
            b.cookie.as_deref().unwrap()
        ),
    )
    .send()
    .await
    .unwrap()
}

#[tokio::test]
async fn the_inbox_lists_filters_and_pages_the_teams_reports() {
    for s in servers().await {
        let (mut amina, team) = handler_team(&s, "amina").await;
        let (_, _, home) = amina.get("/espace").await;
        assert!(home.contains("href=\"/espace/signalements\""), "{home}");
        let first = submit(&s.app, &form("deal_point", "13203", "Des guetteurs."), &[]).await;
        submit(&s.app, &form("threats", "13201", "Des menaces."), &[]).await;

        let (status, _, page) = amina.get("/espace/signalements").await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert_eq!(rows(&page), 2, "{page}");
        assert!(page.contains("2 signalements"), "{page}");
        assert!(page.contains("Point de deal") && page.contains("Menaces, intimidation"));
        assert!(page.contains(NORTH) && page.contains("<td>Nouveau</td>"));
        assert!(page.contains(&format!("href=\"/espace/signalements/{first}\"")));
        // Newest first.
        let threats_at = page.find("Menaces, intimidation</td>").unwrap();
        let deal_at = page.find("Point de deal</td>").unwrap();
        assert!(threats_at < deal_at);

        for (query, expected) in [
            ("?category=threats", 1),
            ("?district=13203", 1),
            ("?district=13203&category=threats", 0),
            ("?status=new", 2),
            ("?status=closed", 0),
            (&format!("?team={team}"), 2),
            (&format!("?team={}", TeamId::random()), 0),
            // What is not a valid code is ignored, never an error.
            ("?category=weather&status=%3Cscript%3E&page=-3&team=nope", 2),
        ] {
            let (status, _, page) = amina.get(&format!("/espace/signalements{query}")).await;
            assert_eq!(status, StatusCode::OK, "{query}");
            assert_eq!(rows(&page), expected, "{query}: {page}");
        }

        // A label and an assignee filter the list too.
        let label = s.app.store().add_label("quartier nord").await.unwrap();
        let principal = s
            .app
            .principal(
                s.app
                    .store()
                    .user_by_name("amina")
                    .await
                    .unwrap()
                    .unwrap()
                    .id,
            )
            .await
            .unwrap();
        s.app
            .set_report_labels(&principal, first, &[label])
            .await
            .unwrap();
        let (_, _, page) = amina
            .get(&format!("/espace/signalements?label={label}"))
            .await;
        assert_eq!(rows(&page), 1);
        let (_, _, page) = amina
            .get(&format!("/espace/signalements?assignee={}", principal.id))
            .await;
        assert_eq!(rows(&page), 0);

        // 25 a page, with links that keep the filters.
        for i in 0..24 {
            submit(&s.app, &form("other", "13201", &format!("Report {i}")), &[]).await;
        }
        let (_, _, page) = amina.get("/espace/signalements?category=other").await;
        assert_eq!(rows(&page), 24);
        let (_, _, page) = amina.get("/espace/signalements").await;
        assert_eq!(rows(&page), 25);
        assert!(page.contains("26 signalements"));
        assert!(
            page.contains("href=\"/espace/signalements?page=2\""),
            "{page}"
        );
        let (_, _, page) = amina.get("/espace/signalements?page=2").await;
        assert_eq!(rows(&page), 1);
        assert!(page.contains("page=1\" rel=\"prev\""));

        // In English.
        let (status, _, page) = amina.get("/en/espace/signalements?category=threats").await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            page.contains("lang=\"en\"") && page.contains("Threats, intimidation"),
            "{page}"
        );
        assert!(page.contains("1 report<"), "{page}");

        // A handler of another team sees none of them.
        let pw = s.user("bruno", &[Role::Handler]).await;
        s.app
            .create_team(AuditActor::Cli, "Signalements sud", &["bruno".to_owned()])
            .await
            .unwrap();
        let mut bruno = signed_in(&s, "bruno", &pw).await;
        let (status, _, page) = bruno.get("/espace/signalements").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(rows(&page), 0);
        s.stop().await;
    }
}

#[tokio::test]
async fn a_handler_opens_replies_notes_and_changes_a_report() {
    for s in servers().await {
        let (mut amina, _) = handler_team(&s, "amina").await;
        let label = s.app.store().add_label("guetteurs").await.unwrap();
        let id = submit(
            &s.app,
            &ReportForm {
                neighbourhood: "1320301".into(),
                ..form(
                    "deal_point",
                    "13203",
                    "Des guetteurs au pied du bâtiment B.",
                )
            },
            &[],
        )
        .await;
        let path = format!("/espace/signalements/{id}");
        let before = audit(&s).await.len();
        let (status, headers, page) = amina.get(&path).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert_eq!(headers[CACHE_CONTROL], "no-store");
        for expected in [
            "Des guetteurs au pied du bâtiment B.",
            "Hall du bâtiment B",
            "Belle de Mai",
            "vers 22 h",
            "<h2 id=\"conversation-title\">",
            "<main",
        ] {
            assert!(page.contains(expected), "{expected}: {page}");
        }
        let entries = audit(&s).await;
        let opened = &entries[before];
        assert_eq!(
            (opened.kind.as_str(), opened.detail.as_str()),
            ("decrypted", "report")
        );
        assert_eq!(opened.object, format!("report:{id}"));

        let token = form_token(&page, &format!("{path}/reponse"));
        let (status, headers, _) = amina
            .post(
                &format!("{path}/reponse"),
                &[("csrf", &token), ("text", "Merci, êtes-vous en sécurité ?")],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(location(&headers), format!("{path}?fait=reponse"));
        let (status, _, _) = amina
            .post(
                &format!("{path}/note"),
                &[("csrf", &token), ("text", "Vu avec la mairie de secteur.")],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (status, _, _) = amina
            .post(
                &format!("{path}/statut"),
                &[("csrf", &token), ("status", "in_progress")],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let label_s = label.to_string();
        let (status, _, _) = amina
            .post(
                &format!("{path}/etiquettes"),
                &[("csrf", &token), ("label", &label_s)],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let me = s
            .app
            .store()
            .user_by_name("amina")
            .await
            .unwrap()
            .unwrap()
            .id;
        let me_s = me.to_string();
        let (status, _, _) = amina
            .post(
                &format!("{path}/attribution"),
                &[("csrf", &token), ("assignee", &me_s)],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);

        let (_, _, page) = amina.get(&format!("{path}?fait=attribution")).await;
        assert!(page.contains("Attribution enregistrée."));
        assert!(page.contains("Merci, êtes-vous en sécurité ?"), "{page}");
        assert!(page.contains("Vu avec la mairie de secteur."));
        assert!(
            page.contains("<dd id=\"report-status\">En cours</dd>"),
            "{page}"
        );
        assert!(page.contains(&format!("value=\"{label}\" checked")));
        let record = s.app.store().report(id).await.unwrap().unwrap();
        assert_eq!(
            (record.status.as_str(), record.assignee),
            ("in_progress", Some(me))
        );
        assert_eq!(s.app.store().report_labels(id).await.unwrap(), vec![label]);
        let kinds: Vec<String> = audit(&s)
            .await
            .into_iter()
            .filter(|e| e.kind == "report_updated")
            .map(|e| e.detail)
            .collect();
        assert_eq!(
            kinds,
            vec![
                "status=in_progress".to_owned(),
                "labels".to_owned(),
                format!("assignee={me}")
            ]
        );

        // Bad input: the page again, the error beside its form, what was typed kept.
        let (status, _, page) = amina
            .post(
                &format!("{path}/reponse"),
                &[("csrf", &token), ("text", "   ")],
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(page.contains("id=\"reply-error\""), "{page}");
        assert!(page.contains("aria-invalid=\"true\""));
        let long = "x".repeat(20_001);
        let (status, _, page) = amina
            .post(
                &format!("{path}/note"),
                &[("csrf", &token), ("text", &long)],
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(page.contains("id=\"note-error\"") && page.contains(&long));
        for (suffix, form) in [
            ("statut", vec![("status", "archived")]),
            ("etiquettes", vec![("label", "not-a-uuid")]),
            (
                "etiquettes",
                vec![("label", "6b1f6a1e-1111-4111-8111-111111111111")],
            ),
            ("attribution", vec![("assignee", "nobody")]),
            ("acces/personne", vec![("user", "nobody")]),
            ("acces/retrait", vec![("reader", "nobody")]),
            (
                "acces/retrait",
                vec![("reader", "user:6b1f6a1e-1111-4111-8111-111111111111")],
            ),
            ("acces/equipe", vec![("team", "nobody")]),
            (
                "acces/equipe",
                vec![("team", "6b1f6a1e-1111-4111-8111-111111111111")],
            ),
        ] {
            let mut f = vec![("csrf", token.as_str())];
            f.extend(form);
            let (status, _, page) = amina.post(&format!("{path}/{suffix}"), &f).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{suffix}: {page}");
            assert!(page.contains("class=\"field-error\""), "{suffix}: {page}");
        }

        // Unknown and malformed ids are 404 pages.
        for p in [
            format!("/espace/signalements/{}", ReportId::random()),
            "/espace/signalements/pas-un-uuid".to_owned(),
            format!("/espace/signalements/{id}/fichiers/pas-un-uuid"),
            format!("/espace/signalements/{id}/fichiers/{}", ReportId::random()),
        ] {
            let (status, _, page) = amina.get(&p).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{p}");
            assert!(page.contains("<html"), "{p}: a page");
        }
        let (status, _, _) = amina
            .post(
                "/espace/signalements/pas-un-uuid/reponse",
                &[("csrf", &token), ("text", "x")],
            )
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        // Every form needs this report's token: missing, forged, or another form's, 403.
        let other = submit(&s.app, &form("threats", "13201", "Autre."), &[]).await;
        let (_, _, other_page) = amina.get(&format!("/espace/signalements/{other}")).await;
        let other_token = form_token(
            &other_page,
            &format!("/espace/signalements/{other}/reponse"),
        );
        let logout = crate::staff::hidden(&amina.get("/espace").await.2, "csrf");
        let count = audit(&s).await.len();
        for suffix in [
            "reponse",
            "note",
            "statut",
            "etiquettes",
            "attribution",
            "acces/personne",
            "acces/retrait",
            "acces/equipe",
            "identite",
            "identite/acces",
            "transmettre",
        ] {
            for bad in ["", "forged", other_token.as_str(), logout.as_str()] {
                let (status, _, page) = amina
                    .post(
                        &format!("{path}/{suffix}"),
                        &[
                            ("csrf", bad),
                            ("text", "x"),
                            ("status", "closed"),
                            ("recipient", "age1x"),
                        ],
                    )
                    .await;
                assert_eq!(status, StatusCode::FORBIDDEN, "{suffix} with `{bad}`");
                assert!(page.contains("<html"), "{suffix}: a page");
            }
        }
        assert_eq!(audit(&s).await.len(), count, "nothing happened");
        assert_eq!(
            s.app.store().report(id).await.unwrap().unwrap().status,
            ReportStatus::InProgress
        );
        s.stop().await;
    }
}

#[tokio::test]
async fn files_download_clean_by_default_and_the_original_through_an_audited_post() {
    for s in servers().await {
        let (mut amina, _) = handler_team(&s, "amina").await;
        let (dirty, clean) = png_pair(1000);
        let id = submit(
            &s.app,
            &form("deal_point", "13203", "Photo jointe."),
            &[("entrée du bâtiment.png", dirty.clone())],
        )
        .await;
        let path = format!("/espace/signalements/{id}");
        let (_, _, page) = amina.get(&path).await;
        assert!(page.contains("entrée_du_bâtiment.png"), "{page}");
        assert!(page.contains("texte PNG"), "what was removed: {page}");
        assert!(
            page.contains("Afficher l&#39;original (action journalisée)")
                || page.contains("Afficher l'original (action journalisée)")
        );
        let part = page
            .split_once(&format!("href=\"{path}/fichiers/"))
            .unwrap()
            .1
            .split('"')
            .next()
            .unwrap()
            .to_owned();

        let before = audit(&s).await.len();
        let r = raw(&amina, &format!("{path}/fichiers/{part}"), None).await;
        assert_eq!(r.status(), StatusCode::OK);
        let h = r.headers().clone();
        // Named from the sniffed type, never from the reporter's name for it.
        assert_eq!(h[CONTENT_TYPE], "application/octet-stream");
        assert_eq!(
            h[CONTENT_DISPOSITION],
            "attachment; filename=\"piece-1.png\""
        );
        assert_eq!(h[X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(h[CONTENT_SECURITY_POLICY], "sandbox; default-src 'none'");
        assert_eq!(h[CACHE_CONTROL], "no-store");
        assert_eq!(r.bytes().await.unwrap().to_vec(), clean);
        let entries = audit(&s).await;
        assert_eq!(entries.len(), before + 1);
        assert_eq!(
            (
                entries[before].kind.as_str(),
                entries[before].detail.clone()
            ),
            ("decrypted", format!("file:{part} clean"))
        );

        // The original: only by POST with the report's token, audited as an export.
        let token = form_token(&page, &format!("{path}/fichiers/{part}/original"));
        let r = raw(
            &amina,
            &format!("{path}/fichiers/{part}/original"),
            Some(&[("csrf", "")]),
        )
        .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        let r = raw(
            &amina,
            &format!("{path}/fichiers/{part}/original"),
            Some(&[("csrf", &token)]),
        )
        .await;
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(
            r.headers()[CONTENT_DISPOSITION],
            "attachment; filename=\"piece-1.png\""
        );
        assert_eq!(
            r.headers()[CONTENT_SECURITY_POLICY],
            "sandbox; default-src 'none'"
        );
        assert_eq!(r.bytes().await.unwrap().to_vec(), dirty);
        let head = s.app.store().audit_head().await.unwrap().unwrap();
        assert_eq!(
            (head.kind.as_str(), head.detail.clone()),
            ("exported", format!("file:{part} original"))
        );
        let (status, _, _) = amina.get(&format!("{path}/fichiers/{part}/original")).await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "never by a link");
        s.stop().await;
    }
}

/// The blob file of a report's file copy.
fn blob_file(s: &Server, blob_id: &str) -> std::path::PathBuf {
    let mut dirs = vec![s.dir().join("blobs")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = entry.path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.file_name().unwrap().to_string_lossy() == blob_id {
                return p;
            }
        }
    }
    panic!("no blob {blob_id}");
}

#[tokio::test]
async fn a_damaged_file_is_a_broken_download_not_a_short_one() {
    for s in servers().await {
        let (amina, _) = handler_team(&s, "amina").await;
        let (dirty, clean) = png_pair(300 * 1024);
        let id = submit(
            &s.app,
            &form("deal_point", "13203", "Grande photo."),
            &[("grande.png", dirty)],
        )
        .await;
        let blob = s
            .app
            .store()
            .report_blobs(id)
            .await
            .unwrap()
            .into_iter()
            .find(|b| b.variant == "clean")
            .unwrap();
        let url = format!("/espace/signalements/{id}/fichiers/{}", blob.part);
        let r = raw(&amina, &url, None).await;
        assert_eq!(
            r.bytes().await.unwrap().len(),
            clean.len(),
            "intact, it streams whole"
        );

        // Flip one byte in the third sealed chunk: the first chunks go out, then the body breaks.
        let file = blob_file(&s, &blob.blob_id);
        let mut bytes = std::fs::read(&file).unwrap();
        bytes[150 * 1024] ^= 0x40;
        std::fs::write(&file, bytes).unwrap();
        let r = raw(&amina, &url, None).await;
        assert_eq!(
            r.status(),
            StatusCode::OK,
            "the headers left before the damage"
        );
        assert!(
            r.bytes().await.is_err(),
            "the client sees a broken download, not a shorter file"
        );
        s.stop().await;
    }
}

#[tokio::test]
async fn access_is_refused_outside_the_audience_audited_and_granted_on_purpose() {
    for s in servers().await {
        let (mut amina, _) = handler_team(&s, "amina").await;
        let id = submit(&s.app, &form("threats", "13201", "Menaces."), &[]).await;
        let path = format!("/espace/signalements/{id}");

        // A caseworker reads no report, and has no inbox.
        let pw = s.user("chloe", &[Role::Caseworker]).await;
        let mut chloe = signed_in(&s, "chloe", &pw).await;
        let (_, _, home) = chloe.get("/espace").await;
        assert!(!home.contains("/espace/signalements"), "no link to it");
        let (status, _, page) = chloe.get(&path).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{page}");
        assert!(!page.contains("Menaces."));
        let (status, _, _) = chloe.get("/espace/signalements").await;
        assert_eq!(status, StatusCode::FORBIDDEN);

        // A handler of another team neither; the refusal is audited.
        let pw = s.user("bruno", &[Role::Handler]).await;
        let south = s
            .app
            .create_team(AuditActor::Cli, "Signalements sud", &["bruno".to_owned()])
            .await
            .unwrap();
        let mut bruno = signed_in(&s, "bruno", &pw).await;
        let before = audit(&s).await.len();
        let (status, _, page) = bruno.get(&path).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{page}");
        assert!(!page.contains("Menaces."));
        let entries = audit(&s).await;
        assert_eq!(entries.len(), before + 1);
        assert_eq!(entries[before].kind, "permission_denied");
        assert!(
            entries[before].detail.starts_with("read_report"),
            "{:?}",
            entries[before]
        );
        let bruno_id = s
            .app
            .store()
            .user_by_name("bruno")
            .await
            .unwrap()
            .unwrap()
            .id;
        assert_eq!(entries[before].actor, format!("staff:{bruno_id}"));
        let (status, _, _) = bruno
            .get(&format!("{path}/fichiers/{}", ReportId::random()))
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);

        // Amina grants bruno: he reads it; the grant is audited.
        let (_, _, page) = amina.get(&path).await;
        let token = form_token(&page, &format!("{path}/acces/personne"));
        let (status, _, _) = amina
            .post(
                &format!("{path}/acces/personne"),
                &[("csrf", &token), ("user", &bruno_id.to_string())],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let head = s.app.store().audit_head().await.unwrap().unwrap();
        assert_eq!(
            (head.kind.as_str(), head.detail.clone()),
            ("access_granted", format!("user:{bruno_id}"))
        );
        let (status, _, page) = bruno.get(&path).await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("Menaces."));
        let (_, _, inbox) = bruno.get("/espace/signalements").await;
        assert_eq!(rows(&inbox), 1, "in his inbox now");

        // Amina revokes bruno beside the grant: he reads it no more; the keys were renewed.
        let (_, _, page) = amina.get(&path).await;
        assert!(page.contains("Retirer l&#39;accès"), "{page}");
        let token = form_token(&page, &format!("{path}/acces/retrait"));
        let (status, headers, _) = amina
            .post(
                &format!("{path}/acces/retrait"),
                &[("csrf", &token), ("reader", &format!("user:{bruno_id}"))],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let head = s.app.store().audit_head().await.unwrap().unwrap();
        assert_eq!(
            (head.kind.as_str(), head.detail.clone()),
            ("access_revoked", format!("user:{bruno_id}"))
        );
        let (_, _, page) = amina.get(&location(&headers)).await;
        assert!(page.contains("Accès retiré"), "{page}");
        let (status, _, page) = bruno.get(&path).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(!page.contains("Menaces."));
        let (_, _, inbox) = bruno.get("/espace/signalements").await;
        assert_eq!(rows(&inbox), 0, "out of his inbox");
        // Granted again for what follows.
        let (_, _, page) = amina.get(&path).await;
        let token = form_token(&page, &format!("{path}/acces/personne"));
        amina
            .post(
                &format!("{path}/acces/personne"),
                &[("csrf", &token), ("user", &bruno_id.to_string())],
            )
            .await;

        // Granting a whole team.
        let second = submit(&s.app, &form("violence", "13201", "Violences."), &[]).await;
        let second_path = format!("/espace/signalements/{second}");
        let (status, _, _) = bruno.get(&second_path).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (_, _, page) = amina.get(&second_path).await;
        let token = form_token(&page, &format!("{second_path}/acces/equipe"));
        let (status, _, _) = amina
            .post(
                &format!("{second_path}/acces/equipe"),
                &[("csrf", &token), ("team", &south.to_string())],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (status, _, page) = bruno.get(&second_path).await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("Violences."));

        // Granting a caseworker is refused (400), nothing is wrapped for her.
        let chloe_id = s
            .app
            .store()
            .user_by_name("chloe")
            .await
            .unwrap()
            .unwrap()
            .id;
        let (status, _, page) = amina
            .post(
                &format!("{second_path}/acces/personne"),
                &[("csrf", &token), ("user", &chloe_id.to_string())],
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{page}");
        assert!(page.contains("id=\"grant-error\""));
        s.stop().await;
    }
}

#[tokio::test]
async fn the_custodian_opens_only_reports_with_an_identity_then_reveals_and_grants_it() {
    for s in servers().await {
        let (mut amina, _) = handler_team(&s, "amina").await;
        let identity = "Leïla B., 06 00 00 00 02";
        let id = submit(
            &s.app,
            &ReportForm {
                identity: identity.into(),
                ..form("corruption", "13201", "Un agent est payé.")
            },
            &[],
        )
        .await;
        let path = format!("/espace/signalements/{id}");
        let (_, _, page) = amina.get(&path).await;
        assert!(page.contains("demandez-le à la personne garante"), "{page}");
        assert!(!page.contains(&format!("action=\"{path}/identite\"")));
        assert!(!page.contains("06 00 00 00 02"));
        // Her forged attempt is refused by the policy, and audited.
        let token = form_token(&page, &format!("{path}/reponse"));
        let (status, _, _) = amina
            .post(&format!("{path}/identite"), &[("csrf", &token)])
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let head = s.app.store().audit_head().await.unwrap().unwrap();
        assert!(
            head.detail.starts_with("read_reporter_identity"),
            "{head:?}"
        );

        // The admin is the custodian (not a handler): the identity forms, never the content; the
        // opening is audited.
        let mut admin = signed_in(&s, "admin", &s.admin_password).await;
        let (status, _, page) = admin.get(&path).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert!(!page.contains("Un agent est payé."));
        assert!(page.contains("Corruption"));
        let head = s.app.store().audit_head().await.unwrap().unwrap();
        assert_eq!(
            (head.kind.as_str(), head.object.clone()),
            ("report_viewed", format!("report:{id}"))
        );
        // A report without an identity (no slot for the custodian): refused, and audited.
        let anonymous = submit(&s.app, &form("corruption", "13201", "Sans nom."), &[]).await;
        let (status, _, _) = admin
            .get(&format!("/espace/signalements/{anonymous}"))
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let head = s.app.store().audit_head().await.unwrap().unwrap();
        assert_eq!(
            (head.kind.as_str(), head.object.clone()),
            ("permission_denied", format!("report:{anonymous}"))
        );
        let token = form_token(&page, &format!("{path}/identite"));
        let (status, _, page) = admin
            .post(&format!("{path}/identite"), &[("csrf", &token)])
            .await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("Leïla B., 06 00 00 00 02"), "{page}");
        // The reveal, then the page it is shown on.
        let chain = s.app.store().audit_chain().await.unwrap();
        let tail: Vec<(&str, &str)> = chain
            .iter()
            .rev()
            .take(2)
            .map(|e| (e.kind.as_str(), e.detail.as_str()))
            .collect();
        assert_eq!(
            tail,
            vec![("report_viewed", "custodian"), ("decrypted", "identity")]
        );
        // Reloading does not show it again: only the POST does.
        let (_, _, page) = admin.get(&path).await;
        assert!(!page.contains("06 00 00 00 02"));

        let amina_id = s
            .app
            .store()
            .user_by_name("amina")
            .await
            .unwrap()
            .unwrap()
            .id;
        let (status, headers, _) = admin
            .post(
                &format!("{path}/identite/acces"),
                &[("csrf", &token), ("user", &amina_id.to_string())],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(location(&headers), format!("{path}?fait=identite"));
        let head = s.app.store().audit_head().await.unwrap().unwrap();
        assert_eq!(
            (head.kind.as_str(), head.detail.clone()),
            ("access_granted", format!("identity user:{amina_id}"))
        );

        // Now amina sees the button, and what it shows.
        let (_, _, page) = amina.get(&path).await;
        let token = form_token(&page, &format!("{path}/identite"));
        let (status, _, page) = amina
            .post(&format!("{path}/identite"), &[("csrf", &token)])
            .await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("Leïla B., 06 00 00 00 02"));
        s.stop().await;
    }
}

fn decrypt_tar(identity: &age::x25519::Identity, file: &[u8]) -> Vec<(String, Vec<u8>)> {
    let reader = age::Decryptor::new(file)
        .unwrap()
        .decrypt(std::iter::once(identity as &dyn age::Identity))
        .unwrap();
    let mut archive = tar::Archive::new(reader);
    let mut out = Vec::new();
    for entry in archive.entries().unwrap() {
        let mut entry = entry.unwrap();
        let name = entry.path().unwrap().to_string_lossy().into_owned();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        out.push((name, data));
    }
    out
}

#[tokio::test]
async fn forwarding_needs_consent_and_yields_an_age_file_for_the_recipient() {
    for s in servers().await {
        let (mut amina, _) = handler_team(&s, "amina").await;
        let key = age::x25519::Identity::generate();
        let recipient = key.to_public().to_string();

        // Without the reporter's consent: no form, and a forged post is refused.
        let refused = submit(&s.app, &form("threats", "13201", "Sans accord."), &[]).await;
        let path = format!("/espace/signalements/{refused}");
        let (_, _, page) = amina.get(&path).await;
        assert!(page.contains("id=\"forward-no-consent\""), "{page}");
        assert!(!page.contains(&format!("action=\"{path}/transmettre\"")));
        let token = form_token(&page, &format!("{path}/reponse"));
        let (status, _, page) = amina
            .post(
                &format!("{path}/transmettre"),
                &[("csrf", &token), ("recipient", &recipient)],
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(page.contains("Transmission refusée"), "{page}");
        let entries = audit(&s).await;
        assert!(!entries.iter().any(|e| e.kind == "exported"));

        // With consent.
        let (dirty, clean) = png_pair(2000);
        let id = submit(
            &s.app,
            &ReportForm {
                consent_forward: true,
                identity: "Jamais dans l'export".into(),
                ..form("deal_point", "13203", "Des guetteurs, transmettez.")
            },
            &[("photo.png", dirty.clone())],
        )
        .await;
        let path = format!("/espace/signalements/{id}");
        let (_, _, page) = amina.get(&path).await;
        let token = form_token(&page, &format!("{path}/transmettre"));
        let note_token = form_token(&page, &format!("{path}/note"));
        amina
            .post(
                &format!("{path}/note"),
                &[("csrf", &note_token), ("text", "Note interne secrète.")],
            )
            .await;
        for bad in ["", "age1nope", "ssh-ed25519 AAAA", "AGE-SECRET-KEY-1XYZ"] {
            let (status, _, page) = amina
                .post(
                    &format!("{path}/transmettre"),
                    &[("csrf", &token), ("recipient", bad)],
                )
                .await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
            assert!(page.contains("id=\"forward-error\""), "{page}");
            assert!(
                page.contains("n&#39;est pas une clé publique age")
                    || page.contains("n'est pas une clé publique age")
            );
        }
        assert!(!audit(&s).await.iter().any(|e| e.kind == "exported"));

        let r = raw(
            &amina,
            &format!("{path}/transmettre"),
            Some(&[("csrf", &token), ("recipient", &recipient)]),
        )
        .await;
        assert_eq!(r.status(), StatusCode::OK);
        let number = s.app.store().report(id).await.unwrap().unwrap().number;
        assert_eq!(
            r.headers()[CONTENT_DISPOSITION],
            format!("attachment; filename=\"signalement-{number}.age\"").as_str()
        );
        assert_eq!(r.headers()[CACHE_CONTROL], "no-store");
        let file = r.bytes().await.unwrap();
        let entries = decrypt_tar(&key, &file);
        let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, vec!["piece-1.png", "signalement.txt"]);
        assert_eq!(entries[0].1, clean);
        let text = String::from_utf8(entries[1].1.clone()).unwrap();
        assert!(text.contains("Des guetteurs, transmettez."), "{text}");
        assert!(text.contains("Catégorie : Point de deal"));
        assert!(!text.contains("Note interne") && !text.contains("Jamais dans l'export"));
        let exported: Vec<_> = audit(&s)
            .await
            .into_iter()
            .filter(|e| e.kind == "exported")
            .collect();
        assert_eq!(exported.len(), 1);
        assert_eq!(exported[0].detail, "age export");
        assert_eq!(exported[0].object, format!("report:{id}"));
        assert_eq!(
            s.app.store().report(id).await.unwrap().unwrap().status,
            ReportStatus::Forwarded
        );

        // With the originals, on request.
        let r = raw(
            &amina,
            &format!("{path}/transmettre"),
            Some(&[
                ("csrf", &token),
                ("recipient", &recipient),
                ("originals", "1"),
            ]),
        )
        .await;
        let entries = decrypt_tar(&key, &r.bytes().await.unwrap());
        let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            vec!["piece-1.png", "original-piece-1.png", "signalement.txt"]
        );
        assert_eq!(entries[1].1, dirty);

        // Another key cannot open it.
        let other = age::x25519::Identity::generate();
        assert!(
            age::Decryptor::new(&file[..])
                .unwrap()
                .decrypt(std::iter::once(&other as &dyn age::Identity))
                .is_err()
        );
        s.stop().await;
    }
}

#[tokio::test]
async fn admins_manage_routing_the_default_team_labels_and_addresses() {
    for s in servers().await {
        s.user("amina", &[Role::Handler]).await;
        let north = s
            .app
            .create_team(AuditActor::Cli, NORTH, &["amina".to_owned()])
            .await
            .unwrap();
        let mut admin = signed_in(&s, "admin", &s.admin_password).await;
        let (_, _, home) = admin.get("/espace").await;
        assert!(home.contains("href=\"/espace/admin/routage\""));
        let (status, _, page) = admin.get("/espace/admin/routage").await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert!(page.contains("Aucune règle"));
        let token = form_token(&page, "/espace/admin/routage/regles");
        let north_s = north.to_string();

        // A rule, used by the next report, then deleted.
        let (status, headers, _) = admin
            .post(
                "/espace/admin/routage/regles",
                &[
                    ("csrf", &token),
                    ("category", "lookouts_minors"),
                    ("district", ""),
                    ("team", &north_s),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(location(&headers), "/espace/admin/routage?fait=regle");
        let rules = s.app.store().routing_rules().await.unwrap();
        assert_eq!(rules.len(), 1);
        assert_eq!(
            (
                rules[0].category,
                rules[0].district.as_deref(),
                rules[0].team
            ),
            (Some(Category::LookoutsMinors), None, north)
        );
        let (_, _, page) = admin.get("/espace/admin/routage").await;
        assert!(
            page.contains("<td>Guetteurs, recrutement de mineurs</td>")
                && page.contains("<td>Tous les arrondissements</td>")
                && page.contains(&format!("<td>{NORTH}</td>")),
            "{page}"
        );
        let routed = s
            .app
            .route_report(vigie_domain::report::Category::LookoutsMinors, "13201")
            .await
            .unwrap();
        assert_eq!(routed.id, north);
        for form in [
            vec![
                ("category", "weather"),
                ("district", ""),
                ("team", north_s.as_str()),
            ],
            vec![
                ("category", ""),
                ("district", "99999"),
                ("team", north_s.as_str()),
            ],
            vec![("category", ""), ("district", ""), ("team", "nope")],
        ] {
            let mut f = vec![("csrf", token.as_str())];
            f.extend(form);
            let (status, _, page) = admin.post("/espace/admin/routage/regles", &f).await;
            assert_eq!(status, StatusCode::BAD_REQUEST);
            assert!(page.contains("id=\"rule-error\""), "{page}");
        }
        let (status, _, _) = admin
            .post(
                "/espace/admin/routage/regles/suppression",
                &[("csrf", &token), ("rule", &rules[0].id)],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(s.app.store().routing_rules().await.unwrap().is_empty());
        let (status, _, _) = admin
            .post(
                "/espace/admin/routage/regles/suppression",
                &[("csrf", &token), ("rule", &rules[0].id)],
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "already gone");

        // The default team.
        let (status, _, _) = admin
            .post(
                "/espace/admin/routage/defaut",
                &[("csrf", &token), ("team", &north_s)],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(s.app.store().default_team().await.unwrap(), Some(north));
        let (status, _, _) = admin
            .post(
                "/espace/admin/routage/defaut",
                &[("csrf", &token), ("team", &TeamId::random().to_string())],
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);

        // Labels.
        let (status, _, _) = admin
            .post(
                "/espace/admin/routage/etiquettes",
                &[("csrf", &token), ("name", "mineurs")],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        for bad in ["mineurs", "  ", &"x".repeat(61)] {
            let (status, _, page) = admin
                .post(
                    "/espace/admin/routage/etiquettes",
                    &[("csrf", &token), ("name", bad)],
                )
                .await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
            assert!(page.contains("id=\"label-error\""));
        }
        let labels = s.app.store().labels().await.unwrap();
        assert_eq!(labels.len(), 1);
        let (status, _, _) = admin
            .post(
                "/espace/admin/routage/etiquettes/suppression",
                &[("csrf", &token), ("label", &labels[0].0.to_string())],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(s.app.store().labels().await.unwrap().is_empty());

        // A team's addresses: a bad one is refused beside its field; good ones are sealed.
        let (status, _, page) = admin
            .post(
                "/espace/admin/routage/alertes",
                &[
                    ("csrf", &token),
                    ("team", &north_s),
                    ("digest", "nord@association.example"),
                    ("on_call", "pas une adresse"),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(
            page.contains("class=\"field-error\" id=\"on-call-error-"),
            "{page}"
        );
        assert!(!page.contains("id=\"digest-error-"));
        assert!(
            page.contains("value=\"pas une adresse\""),
            "typed value kept"
        );
        let (status, _, _) = admin
            .post(
                "/espace/admin/routage/alertes",
                &[
                    ("csrf", &token),
                    ("team", &north_s),
                    ("digest", "nord@association.example"),
                    ("on_call", "astreinte@association.example"),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let notify = s.app.team_notify(north).await.unwrap();
        assert_eq!(
            notify.on_call.as_deref(),
            Some("astreinte@association.example")
        );
        let (_, _, page) = admin.get("/espace/admin/routage").await;
        assert!(page.contains("value=\"astreinte@association.example\""));

        // Every change is in the audit log.
        let changes: Vec<_> = audit(&s)
            .await
            .into_iter()
            .filter(|e| e.kind == "settings_changed")
            .collect();
        assert_eq!(changes.len(), 6, "{changes:?}");

        // Missing or forged tokens: 403 on every form, nothing changes.
        for p in [
            "/espace/admin/routage/regles",
            "/espace/admin/routage/regles/suppression",
            "/espace/admin/routage/defaut",
            "/espace/admin/routage/etiquettes",
            "/espace/admin/routage/etiquettes/suppression",
            "/espace/admin/routage/alertes",
        ] {
            for bad in ["", "forged"] {
                let (status, _, _) = admin
                    .post(
                        p,
                        &[
                            ("csrf", bad),
                            ("team", &north_s),
                            ("name", "x"),
                            ("category", ""),
                            ("district", ""),
                        ],
                    )
                    .await;
                assert_eq!(status, StatusCode::FORBIDDEN, "{p}");
            }
        }
        assert!(s.app.store().labels().await.unwrap().is_empty());
        assert!(s.app.store().routing_rules().await.unwrap().is_empty());

        // In English; and a handler is refused the page.
        let (status, _, page) = admin.get("/en/espace/admin/routage").await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("Routing of reports"));
        let pw = s.user("bruno", &[Role::Handler]).await;
        let mut bruno = signed_in(&s, "bruno", &pw).await;
        let (status, _, _) = bruno.get("/espace/admin/routage").await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        s.stop().await;
    }
}
