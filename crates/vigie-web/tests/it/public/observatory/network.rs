//! Three instances on loopback per backend (issue 14, item 2): two member cities (Marseille and
//! Lyon, each with its own keys and editions) and a hub whose `[federation]` names them and a third
//! member that never answers. Each city is reached through a proxy of the test's own that can tamper
//! with its feed. The hub stores a correct pull, refuses each forgery (another key, a forged
//! signature under the member's key id, an altered payload, a replayed edition, an oversized or a
//! malformed one) keeping what it held, shows the silent member as stale on its admin's status page,
//! follows an announced rotation, refuses an unannounced key until its admin confirms it there, and
//! keeps refusing a key the member retired.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};
use vigie_app::hub::{Federation, Member, PullReport, held_editions};
use vigie_app::{App, City, Settings};
use vigie_domain::Role;
use vigie_testkit::instance::{Backend, Instance, TestDb};
use vigie_testkit::{TestServer, postgres_url, web_config};

use super::seed;
use super::signed::fetch;
use crate::public::{servers, test_settings};
use crate::staff::{CookieClient, audit_of_kind, member};

/// How the proxy in front of a member changes its feed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tamper {
    /// As the member serves it.
    Off,
    /// A new edition signed by a key that is not the member's (its own key id).
    OtherKey,
    /// A new edition under the member's key id, signed by another key.
    Forged,
    /// The member's newest edition with one byte of its payload changed.
    Altered,
    /// The member's oldest edition offered as a new one.
    Replayed,
    /// A new edition of 2 MiB.
    Oversize,
    /// A new edition that is no JWS.
    Malformed,
}

/// The id the proxy lists as a new edition.
const FAKE: &str = "2999-12.1";

#[derive(Clone)]
struct Proxy {
    upstream: String,
    mode: Arc<Mutex<Tamper>>,
}

impl Proxy {
    async fn fetch(&self, path: &str) -> (StatusCode, String, Vec<u8>) {
        let (status, ct, body) = fetch(&self.upstream, path).await;
        (StatusCode::from_u16(status).unwrap(), ct, body)
    }

    /// The member's editions, newest first.
    async fn ids(&self) -> Vec<String> {
        let list: Vec<Value> =
            serde_json::from_slice(&self.fetch("/api/v1/editions").await.2).unwrap();
        list.iter()
            .map(|e| e["id"].as_str().unwrap().to_owned())
            .collect()
    }

    async fn jws(&self, id: &str) -> String {
        String::from_utf8(self.fetch(&format!("/api/v1/editions/{id}.jws")).await.2).unwrap()
    }
}

/// A JWS's payload bytes.
fn payload(jws: &str) -> Vec<u8> {
    URL_SAFE_NO_PAD
        .decode(jws.trim().split('.').nth(1).unwrap())
        .unwrap()
}

/// The tampered body of the fake edition's JWS.
async fn tampered(p: &Proxy, mode: Tamper) -> Vec<u8> {
    let ids = p.ids().await;
    let newest = p.jws(&ids[0]).await;
    let stranger = vigie_vault::PublicationKeys::generate("2026-01-01").unwrap();
    match mode {
        Tamper::Off => unreachable!(),
        Tamper::OtherKey => stranger.sign_compact(&payload(&newest)).into_bytes(),
        Tamper::Forged => {
            // The member's protected header (its key id), another key's signature.
            let other = stranger.sign_compact(&payload(&newest));
            let head = newest.split('.').next().unwrap();
            let rest = other.split_once('.').unwrap().1;
            format!("{head}.{rest}").into_bytes()
        }
        Tamper::Altered => {
            let mut body = payload(&newest);
            let at = body.iter().position(|b| b.is_ascii_digit()).unwrap();
            body[at] = if body[at] == b'9' { b'8' } else { body[at] + 1 };
            let mut parts: Vec<String> = newest.trim().split('.').map(str::to_owned).collect();
            parts[1] = URL_SAFE_NO_PAD.encode(&body);
            parts.join(".").into_bytes()
        }
        Tamper::Replayed => p.jws(ids.last().unwrap()).await.into_bytes(),
        Tamper::Oversize => vec![b'a'; 2 * 1024 * 1024],
        Tamper::Malformed => b"not a JWS".to_vec(),
    }
}

/// Forwards every GET to the member; while tampering, lists a fake new edition and answers for it.
async fn forward(State(p): State<Proxy>, uri: Uri) -> Response {
    let mode = *p.mode.lock().unwrap();
    let path = uri.path();
    if mode != Tamper::Off && path == "/api/v1/editions" {
        let mut list: Vec<Value> = serde_json::from_slice(&p.fetch(path).await.2).unwrap();
        list.insert(0, json!({"id": FAKE, "period": "2999-12", "version": 1}));
        return serde_json::to_vec(&list).unwrap().into_response();
    }
    if mode != Tamper::Off && path == format!("/api/v1/editions/{FAKE}.jws") {
        return tampered(&p, mode).await.into_response();
    }
    let (status, ct, body) = p.fetch(path).await;
    (status, [(header::CONTENT_TYPE, ct)], body).into_response()
}

/// A proxy in front of `upstream`: its address and its switch.
async fn proxy(upstream: &str) -> (String, Arc<Mutex<Tamper>>) {
    let mode = Arc::new(Mutex::new(Tamper::Off));
    let p = Proxy {
        upstream: upstream.to_owned(),
        mode: mode.clone(),
    };
    let router = axum::Router::new().fallback(forward).with_state(p);
    let base = vigie_testkit::server::serve(router, vigie_web::ServeOptions::default()).await;
    (base, mode)
}

/// Another instance on `like`'s backend, served.
pub(super) async fn another(like: &TestServer, settings: Settings) -> TestServer {
    let db = match like.backend() {
        Backend::Sqlite => TestDb::sqlite().await,
        Backend::Postgres => TestDb::postgres(&postgres_url().unwrap()).await,
    };
    let instance = Instance::init(db, settings, false).await;
    TestServer::start(instance, web_config(), vigie_web::ServeOptions::default()).await
}

fn kid(app: &App) -> String {
    app.publication_keys().unwrap().current_kid()
}

fn today(app: &App) -> String {
    vigie_domain::time::day_string(vigie_domain::time::paris_day(app.clock().now()))
}

/// Pulls every member; the report of member `insee`.
async fn pull(hub: &App, insee: &str) -> PullReport {
    let reports = hub.pull_network().await.unwrap();
    reports.into_iter().find(|r| r.insee == insee).unwrap()
}

/// The id of the newest edition the hub holds of `insee`.
async fn newest_held(hub: &App, insee: &str) -> Option<String> {
    held_editions(hub)
        .await
        .unwrap()
        .into_iter()
        .find(|(m, _)| m.insee == insee)
        .unwrap()
        .1
        .map(|p| p.edition.id)
}

/// The admin's confirmation of `fingerprint` for `insee`, refused with the page again saying `why`.
async fn refused(admin: &mut CookieClient, insee: &str, fingerprint: &str, why: &str) {
    let form = [("member", insee), ("fingerprint", fingerprint)];
    let (status, _, page) = admin
        .submit_on("/espace/reseau", "/espace/reseau/cle", &form)
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
    assert!(page.contains(why), "{why}: {page}");
}

/// What the hub trusts of member `insee`.
async fn trust_of(hub: &App, insee: &str) -> vigie_app::federation::MemberTrust {
    let status = hub.hub_status().await.unwrap();
    status
        .into_iter()
        .find(|s| s.member.insee == insee)
        .unwrap()
        .trust
}

/// How the pulls of member `insee` went.
async fn held_status(hub: &App, insee: &str) -> vigie_store::PullStatus {
    hub.store().hub_member(insee).await.unwrap().unwrap().status
}

const MARSEILLE: &str = "13055";
const LYON: &str = "69123";
const SILENT: &str = "75056";

#[tokio::test]
async fn a_hub_stores_its_members_editions_and_refuses_forgeries() {
    for marseille in servers().await {
        let lyon = another(
            &marseille,
            Settings {
                city: City {
                    name: "Lyon".into(),
                    insee: LYON.into(),
                    ..City::default()
                },
                ..test_settings()
            },
        )
        .await;
        let seeded = seed(&marseille.app).await;
        seed(&lyon.app).await;
        let (to_marseille, tamper) = proxy(&marseille.base).await;
        let (to_lyon, _) = proxy(&lyon.base).await;
        let members = vec![
            Member {
                name: "Marseille".into(),
                insee: MARSEILLE.into(),
                url: to_marseille,
                fingerprint: kid(&marseille.app),
            },
            Member {
                name: "Lyon".into(),
                insee: LYON.into(),
                url: to_lyon,
                fingerprint: kid(&lyon.app),
            },
            Member {
                name: "Paris".into(),
                insee: SILENT.into(),
                url: "http://127.0.0.1:1".into(),
                fingerprint: kid(&lyon.app),
            },
        ];
        let hub = another(
            &marseille,
            Settings {
                federation: Some(Federation {
                    members,
                    every: Duration::from_secs(60),
                    stale_after: Duration::from_secs(180),
                    timeout: Duration::from_secs(10),
                }),
                ..test_settings()
            },
        )
        .await;
        let app = &hub.app;

        // A correct pull: every edition of both cities, each document as served, its files.
        let reports = app.pull_network().await.unwrap();
        let want: Vec<String> = seeded.editions.iter().map(|e| e.id.clone()).collect();
        assert_eq!(reports[0].stored, want, "{reports:?}");
        assert!(reports[0].stopped.is_none() && reports[1].stopped.is_none());
        assert_eq!(reports[1].stored.len(), 4, "{reports:?}");
        assert!(
            reports[2]
                .stopped
                .as_deref()
                .unwrap()
                .contains("unreachable")
        );
        let held = held_editions(app).await.unwrap();
        assert_eq!(held.len(), 3);
        let (m, newest) = &held[0];
        assert_eq!(m.insee, MARSEILLE);
        let newest = newest.as_ref().unwrap();
        let path = format!("/api/v1/editions/{}", newest.edition.id);
        assert_eq!(
            newest.edition.document,
            fetch(&marseille.base, &path).await.2
        );
        let names: Vec<&str> = newest.files.iter().map(|(n, _)| n.as_str()).collect();
        let signed: Vec<&str> = newest
            .edition
            .files
            .iter()
            .map(|f| f.name.as_str())
            .collect();
        assert_eq!(names, signed, "every file, in the document's order");
        for (name, bytes) in &newest.files {
            newest.edition.check_file(name, bytes).unwrap();
        }
        assert!(held[1].1.is_some() && held[2].1.is_none());
        let good = newest_held(app, MARSEILLE).await;
        // Nothing new: nothing stored, nothing refused.
        let again = pull(app, MARSEILLE).await;
        assert!(
            again.stored.is_empty() && again.stopped.is_none(),
            "{again:?}"
        );

        // Each forgery refused, with its reason; what was held stays.
        let cases = [
            (Tamper::OtherKey, "neither trusted nor announced"),
            (Tamper::Forged, "does not verify"),
            (Tamper::Altered, "does not verify"),
            (Tamper::Replayed, "replayed"),
            (Tamper::Oversize, "oversized"),
            (Tamper::Malformed, "malformed"),
        ];
        for (n, (mode, why)) in cases.into_iter().enumerate() {
            *tamper.lock().unwrap() = mode;
            let r = pull(app, MARSEILLE).await;
            assert!(r.stored.is_empty(), "{mode:?}: {r:?}");
            let stopped = r.stopped.unwrap_or_default();
            assert!(stopped.contains(why), "{mode:?}: {stopped}");
            assert_eq!(newest_held(app, MARSEILLE).await, good, "{mode:?}");
            let status = held_status(app, MARSEILLE).await;
            assert_eq!(status.last_refusal.unwrap(), stopped);
            assert_eq!(status.failures, n as i64 + 1);
        }
        *tamper.lock().unwrap() = Tamper::Off;
        assert!(pull(app, MARSEILLE).await.stopped.is_none());
        assert_eq!(held_status(app, MARSEILLE).await.failures, 0);

        // The status page, for the hub's admin: every member; the silent one goes stale.
        let mut admin = member(&hub, "adel", &[Role::Admin]).await;
        let page = admin.get_ok("/espace/reseau").await;
        for shown in ["Marseille", MARSEILLE, "Lyon", LYON, "Paris", "unreachable"] {
            assert!(page.contains(shown), "{shown}: {page}");
        }
        assert!(!page.contains("périmé"), "{page}");
        app.clock().advance(181);
        app.pull_network().await.unwrap();
        let page = admin.get_ok("/espace/reseau").await;
        let row =
            |insee: &str| crate::staff::between(&page, &format!("id=\"member-{insee}\""), "</tr>");
        assert!(row(SILENT).contains("périmé"), "{page}");
        assert!(!row(MARSEILLE).contains("périmé") && !row(LYON).contains("périmé"));
        let en = admin.get_ok("/en/espace/reseau").await;
        assert!(en.contains("Not answering (stale)"), "{en}");

        // Marseille rotates to its announced key: the hub follows on its own.
        let old_file = std::fs::read(&marseille.paths.publication_key).unwrap();
        let old = kid(&marseille.app);
        vigie_app::rotate_publication_keys(&marseille.paths.publication_key, &today(app)).unwrap();
        let r = pull(app, MARSEILLE).await;
        assert!(r.stopped.is_none(), "{r:?}");
        let trust = trust_of(app, MARSEILLE).await;
        assert_eq!(trust.current, kid(&marseille.app));
        assert_eq!(trust.retired, vec![old.clone()]);

        // Lyon loses its key file and makes a new one: refused until the admin confirms it.
        std::fs::remove_file(&lyon.paths.publication_key).unwrap();
        let new =
            vigie_vault::PublicationKeys::create_file(&lyon.paths.publication_key, "2026-01-01")
                .unwrap()
                .current_kid();
        let r = pull(app, LYON).await;
        assert!(
            r.stopped.as_deref().unwrap_or_default().contains(&new),
            "{r:?}"
        );
        refused(&mut admin, LYON, "not-a-key", "not a key fingerprint").await;
        let to = admin
            .submit_on(
                "/espace/reseau",
                "/espace/reseau/cle",
                &[("member", LYON), ("fingerprint", new.as_str())],
            )
            .await;
        assert_eq!(to.0, StatusCode::SEE_OTHER, "{}", to.2);
        let entries = audit_of_kind(&hub, "member_key_confirmed").await;
        assert_eq!(entries.len(), 1);
        assert!(entries[0].detail.contains(&new), "{:?}", entries[0]);
        let r = pull(app, LYON).await;
        assert!(r.stopped.is_none(), "{r:?}");
        assert_eq!(trust_of(app, LYON).await.current, new);

        // Marseille's retired key (say, stolen) signs again: refused, and no admin can confirm it.
        std::fs::write(&marseille.paths.publication_key, &old_file).unwrap();
        let r = pull(app, MARSEILLE).await;
        assert!(
            r.stopped.as_deref().unwrap_or_default().contains(&old),
            "{r:?}"
        );
        refused(&mut admin, MARSEILLE, &old, "retired").await;
        let r = pull(app, MARSEILLE).await;
        assert!(r.stopped.is_some(), "{r:?}");
        assert_eq!(audit_of_kind(&hub, "member_key_confirmed").await.len(), 1);
    }
}
