//! Accessibility: axe-core's automated WCAG 2.2 A/AA and best-practice rules find nothing on the public
//! pages and, signed in as the demonstration accounts that may open them, on the staff pages of an
//! instance filled like `vigie serve --demo`.
//!
//! The pages are read by Debian's headless Chromium with JavaScript disabled, as a reporter on Tor
//! Browser's "Safest" level reads them; axe is injected through WebDriver's "execute script", which
//! the profile's JavaScript switch and the pages' CSP (`script-src 'none'`) do not govern. Each page is
//! checked at a phone's width and at a desktop's, and in dark mode; then, what axe leaves out, at 320
//! CSS pixels wide nothing may scroll sideways but a table's own wrapper (WCAG 1.4.10, reflow).
//!
//! axe-core is not vendored: `.ci/run` installs the pinned version with npm into
//! `.ci/node_modules` (or point `VIGIE_TEST_AXE_JS` at an `axe.min.js`). Without it, or without
//! chromedriver, the test skips, unless `VIGIE_TEST_REQUIRE_BROWSER=1` (CI) makes that a failure.

use std::path::PathBuf;
use std::time::Duration;

use serde_json::json;
use vigie_app::DemoAccount;
use vigie_app::hub::{Federation, Member};
use vigie_testkit::ServerOptions;

use vigie_testkit::browser::browser_required;
use vigie_testkit::{Browser, Driver};

use crate::staff::{Server, test_settings};

/// The axe-core release these results are for (`.ci/package.json` pins the same).
const AXE_VERSION: &str = "4.14.1";

/// WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices.
const TAGS: [&str; 6] = [
    "wcag2a",
    "wcag2aa",
    "wcag21a",
    "wcag21aa",
    "wcag22aa",
    "best-practice",
];

/// Public pages, read without signing in (`/aide` with its quick exit and help lines); the observatory is also read at the neighbourhood level (another map) and with a bad parameter (its
/// 400 page).
const PUBLIC_PAGES: [&str; 28] = [
    "/",
    "/signaler",
    "/suivi",
    "/aide",
    "/observatoire",
    "/observatoire/methodologie",
    "/observatoire?level=quartier&category=deal_point",
    "/observatoire?month=13-2026",
    "/observatoire/editions",
    "/observatoire/donnees",
    "/observatoire/accompagnement",
    "/observatoire/prevention",
    "/en/observatoire/prevention",
    // The network's figures (issue 14, item 3).
    "/reseau",
    "/en/reseau?category=homicide",
    "/accessibilite",
    "/en/",
    "/en/signaler",
    "/en/aide",
    "/en/observatoire",
    "/en/accessibilite",
    "/ar/signaler",
    "/ar/suivi",
    "/ar/aide",
    "/espace/connexion",
    // Impact surveys (issue 12, item 4): the code's page, and a code that is not one (400).
    "/questionnaire",
    "/en/questionnaire",
    "/questionnaire?code=0",
];

/// Staff pages one demonstration account (that may open them) checks.
struct StaffPages {
    account: &'static str,
    pages: &'static [&'static str],
    /// (a list page, the CSS selector of its first item's link): each item's page is checked too.
    details: &'static [(&'static str, &'static str)],
}

/// Staff pages, each with the demonstration account that may open it.
const STAFF_PAGES: [StaffPages; 6] = [
    StaffPages {
        account: "demo.admin",
        pages: &[
            "/espace",
            "/en/espace",
            "/espace/admin/journal",
            "/espace/admin/utilisateurs",
            "/espace/admin/equipes",
            "/espace/admin/routage",
            // The hub's members (issue 14, item 2), one of them refused (the English page before a
            // French one: the sign-out below is the French page's form).
            "/en/espace/reseau",
            "/espace/reseau",
            "/espace/mot-de-passe",
        ],
        details: &[],
    },
    StaffPages {
        account: "demo.signalements",
        pages: &["/espace/signalements"],
        details: &[(
            "/espace/signalements",
            "table a[href^='/espace/signalements/']",
        )],
    },
    StaffPages {
        account: "demo.accompagnement",
        pages: &[
            "/espace/accompagnement",
            "/espace/accompagnement/dossiers",
            "/espace/accompagnement/dossiers/nouveau",
            "/espace/accompagnement/partenaires",
            "/espace/accompagnement/partenaires?kind=psychologist&no_police=1&inactive=1",
            "/espace/accompagnement/partenaires/nouveau",
            "/espace/accompagnement/echeances",
            "/espace/accompagnement/groupes",
            "/espace/accompagnement/rapport",
        ],
        details: &[
            (
                "/espace/accompagnement",
                "table a[href^='/espace/accompagnement/demandes/']",
            ),
            (
                "/espace/accompagnement/dossiers",
                "table a[href^='/espace/accompagnement/dossiers/']",
            ),
            (
                "/espace/accompagnement/partenaires",
                "table a[href^='/espace/accompagnement/partenaires/']",
            ),
            (
                "/espace/accompagnement/groupes",
                "table a[href^='/espace/accompagnement/groupes/']",
            ),
        ],
    },
    StaffPages {
        account: "demo.psychologue",
        pages: &[
            "/espace/partenaire",
            "/espace/partenaire/charte",
            "/espace/partenaire/orientations",
        ],
        // The demo's open referral (CONTRACT.md: demo.psychologue has one).
        details: &[(
            "/espace/partenaire/orientations",
            "a[href^='/espace/partenaire/orientations/']",
        )],
    },
    StaffPages {
        account: "demo.analyste",
        pages: &[
            "/espace/observatoire",
            "/espace/observatoire/incidents",
            "/espace/observatoire/incidents/nouveau",
            "/espace/observatoire/publier",
            "/espace/observatoire/contexte",
        ],
        details: &[(
            "/espace/observatoire/incidents",
            "table a[href^='/espace/observatoire/incidents/']",
        )],
    },
    StaffPages {
        account: "demo.prevention",
        pages: &[
            "/espace/prevention",
            "/espace/prevention/seances",
            "/espace/prevention/seances/nouvelle",
            "/espace/prevention/structures",
            "/espace/prevention/structures/nouvelle",
            "/espace/prevention/programmes",
            "/espace/prevention/programmes/nouveau",
            "/espace/prevention/campagnes",
            "/espace/prevention/campagnes/nouvelle",
            "/espace/prevention/rapport",
            "/espace/prevention/chiffres",
            // Impact surveys (issue 12, item 4).
            "/espace/prevention/questionnaires",
            "/espace/prevention/questionnaires/nouveau",
            // Coordination (issue 12).
            "/espace/coordination",
            "/espace/coordination/reunions/nouvelle",
            "/espace/coordination/actions",
            "/espace/coordination/carte",
        ],
        details: &[
            (
                "/espace/prevention/structures",
                "table a[href^='/espace/prevention/structures/']",
            ),
            (
                "/espace/prevention/seances",
                "table a[href^='/espace/prevention/seances/']",
            ),
            (
                "/espace/prevention/campagnes",
                "table a[href^='/espace/prevention/campagnes/']",
            ),
            (
                "/espace/prevention/questionnaires",
                "table a[href^='/espace/prevention/questionnaires/']",
            ),
            (
                "/espace/prevention/questionnaires",
                "section[aria-labelledby='enonces'] a",
            ),
            (
                "/espace/coordination",
                "#meetings-caption ~ tbody a[href^='/espace/coordination/reunions/']",
            ),
        ],
    },
];

/// How each page is looked at: (width, height, colour scheme) of a phone and of a desktop window, and
/// of a phone in dark mode (the stylesheet has a dark palette whose contrasts need checking too).
const VIEWS: [(u32, u32, &str); 3] = [
    (412, 915, "light"),
    (1280, 900, "light"),
    (412, 915, "dark"),
];

/// Official figures `serve --demo` shows beside the invented ones.
const DEMO_CONTEXT_CSV: &str =
    include_str!("../../../../../data/context/ssmsi-bouches-du-rhone-2016-2025.csv");

/// JavaScript is off in this profile, so the page's task queue never runs timer callbacks, yet axe
/// defers the end of each rule with `setTimeout(fn, 0)`. Zero-delay callbacks run as microtasks
/// instead; longer ones (axe's time limits on frames and preloads, unused here) never fire.
const TIMER_SHIM: &str = "window.setTimeout = function (fn, ms) {
  var args = Array.prototype.slice.call(arguments, 2);
  if (!ms) { Promise.resolve().then(function () { fn.apply(null, args); }); }
  return 0;
};
window.clearTimeout = function () {};
";

/// Runs axe on the current document and returns its violations, trimmed to what a report needs.
const RUN_AXE: &str = "var done = arguments[arguments.length - 1];
axe.run(document, { runOnly: { type: 'tag', values: arguments[0] }, resultTypes: ['violations'] })
  .then(function (r) {
    done(r.violations.map(function (v) {
      return { id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
               nodes: v.nodes.map(function (n) {
                 return { target: n.target, summary: n.failureSummary, html: n.html };
               }) };
    }));
  })
  .catch(function (e) { done({ error: String(e) }); });";

/// Where axe-core is, or `None` (a skip) when it is not installed and not required.
fn axe_source() -> Option<String> {
    let path = std::env::var_os("VIGIE_TEST_AXE_JS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../../.ci/node_modules/axe-core/axe.min.js")
        });
    match std::fs::read_to_string(&path) {
        Ok(js) => Some(js),
        Err(e) => {
            assert!(
                !browser_required(),
                "VIGIE_TEST_REQUIRE_BROWSER=1 but axe-core is missing at {} ({e}): \
                 npm ci --prefix .ci (as .ci/run does), or set VIGIE_TEST_AXE_JS",
                path.display()
            );
            eprintln!(
                "skipping the accessibility test: no axe-core at {} (npm ci --prefix .ci)",
                path.display()
            );
            None
        }
    }
}

/// Checks the page at `url` in every view; adds what axe finds to `found`, one line each.
async fn check(c: &Browser, axe: &str, url: &str, found: &mut Vec<String>) {
    c.goto(url).await;
    let page = url
        .split_once("//")
        .map_or(url, |(_, rest)| rest.find('/').map_or(rest, |i| &rest[i..]));
    check_current(c, axe, page, found).await;
}

/// Checks the page the browser shows (called `page` in the report) in every view.
async fn check_current(c: &Browser, axe: &str, page: &str, found: &mut Vec<String>) {
    let version = c
        .execute(&format!("{TIMER_SHIM}{axe}\n;return axe.version;"), vec![])
        .await;
    assert_eq!(version, AXE_VERSION, "the pinned axe-core");
    for (width, height, scheme) in VIEWS {
        c.set_window_size(width, height).await;
        // Chromium's DevTools protocol, through chromedriver: the media query `prefers-color-scheme`.
        c.set_color_scheme(scheme).await;
        let dark = c
            .execute(
                "return matchMedia('(prefers-color-scheme: dark)').matches;",
                vec![],
            )
            .await;
        assert_eq!(
            dark,
            scheme == "dark",
            "{page}: the {scheme} scheme is in force"
        );
        let violations = c.execute_async(RUN_AXE, vec![json!(TAGS)]).await;
        let name = format!(
            "a11y{}-{width}-{scheme}",
            page.replace(['/', '?', '=', '&', ' ', '(', ')'], "_")
        );
        c.screenshot(&name).await;
        let Some(violations) = violations.as_array() else {
            panic!("axe failed on {page}: {violations}");
        };
        for v in violations {
            let mut line = format!(
                "{page} ({width} px, {scheme}): {} [{}] {} <{}>",
                v["id"].as_str().unwrap_or("?"),
                v["impact"].as_str().unwrap_or("?"),
                v["help"].as_str().unwrap_or("?"),
                v["helpUrl"].as_str().unwrap_or("?"),
            );
            for n in v["nodes"].as_array().into_iter().flatten() {
                line.push_str(&format!(
                    "\n    at {}: {}\n       {}",
                    n["target"],
                    n["summary"].as_str().unwrap_or("").replace('\n', " "),
                    n["html"].as_str().unwrap_or(""),
                ));
            }
            found.push(line);
        }
    }
    reflow(c, page, found).await;
}

/// WCAG 1.4.10 (reflow), which axe does not check: at 320 CSS pixels wide (1280 px zoomed to 400 %)
/// nothing but a table's own scrolling wrapper scrolls sideways.
async fn reflow(c: &Browser, page: &str, found: &mut Vec<String>) {
    c.set_window_size(320, 640).await;
    // The window manager applies a resize when it can: on a loaded machine the page may still be
    // laid out at the old width for a moment.
    let mut r = c.execute(REFLOW, vec![]).await;
    for _ in 0..30 {
        if r["width"].as_f64().is_some_and(|w| w <= 320.0) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        r = c.execute(REFLOW, vec![]).await;
    }
    let width = r["width"].as_f64().unwrap_or(f64::MAX);
    assert!(
        width <= 320.0,
        "{page}: the window is {width} px wide, not 320"
    );
    if r["overflow"].as_f64().unwrap_or(0.0) > 0.0 {
        found.push(format!(
            "{page} (320 px): reflow: the page scrolls sideways by {} px; too wide: {}",
            r["overflow"], r["culprits"]
        ));
    }
}

/// The page's sideways overflow at the current width, and the elements that stick out (outside any
/// `.table-wrap`, whose scrolling is intended).
const REFLOW: &str = "var root = document.documentElement, w = root.clientWidth, out = [];
document.querySelectorAll('body *').forEach(function (e) {
  if (e.parentElement && e.parentElement.closest('.table-wrap')) { return; }
  var r = e.getBoundingClientRect();
  if (r.right > w + 1 && out.length < 5) {
    out.push(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
      (e.className && e.className.baseVal === undefined ? '.' + e.className.split(' ').join('.') : '') +
      ' (' + Math.round(r.width) + ' px)');
  }
});
return { width: w, overflow: root.scrollWidth - w, culprits: out };";

/// One server per backend, showing the demonstration banner, the hub of a member that never answers
/// (as `serve --demo` is the hub of its fictional cities).
async fn demo_hubs() -> Vec<Server> {
    let mut opts = ServerOptions::new(test_settings());
    opts.web.demo = true;
    let fingerprint = vigie_vault::PublicationKeys::generate("2026-01-01")
        .unwrap()
        .current_kid();
    opts.settings.federation = Some(Federation {
        members: vec![Member {
            name: "Fictiville".into(),
            insee: "00101".into(),
            url: "http://127.0.0.1:1".into(),
            fingerprint,
        }],
        every: Duration::from_secs(3600),
        stale_after: Duration::from_secs(3 * 3600),
        timeout: Duration::from_secs(5),
    });
    Server::all(&opts).await
}

/// Fills the instance as `serve --demo` does; returns the demonstration accounts and one report's
/// follow-up code.
async fn fill_demo(s: &Server) -> (Vec<DemoAccount>, String, String) {
    let accounts = s.app.provision_demo().await.unwrap();
    let receipts = s.app.provision_demo_reports().await.unwrap();
    let receipt = receipts.first().expect("a demo report").1.display();
    s.app.provision_demo_help_team().await.unwrap();
    assert!(s.app.provision_demo_partners().await.unwrap() > 0);
    assert!(s.app.provision_demo_prevention().await.unwrap() > 0);
    // Impact surveys (issue 12, item 4): an unused code, whose survey is checked too.
    let survey = s.app.provision_demo_surveys().await.unwrap();
    let survey = survey.first().expect("an unused survey code").clone();
    assert!(s.app.provision_demo_coordination().await.unwrap() > 0);
    assert!(
        !s.app
            .provision_demo_help_requests()
            .await
            .unwrap()
            .is_empty()
    );
    assert!(s.app.provision_demo_casework().await.unwrap() > 0);
    let context = vigie_observatory::context::parse_ssmsi_csv(
        DEMO_CONTEXT_CSV,
        "Bouches-du-Rhône (13)",
        "SSMSI",
    )
    .unwrap();
    assert!(s.app.provision_demo_observatory(&context).await.unwrap() > 0);
    (accounts, receipt.to_string(), survey)
}

/// The `href` of the first element matching `css` on the page at `url`.
async fn first_link(c: &Browser, url: &str, css: &str) -> String {
    c.goto(url).await;
    c.attribute(css, "href")
        .await
        .unwrap_or_else(|| panic!("{css} on {url}: no href"))
}

/// A report sent through the form: the page with the follow-up code, then "what happens next".
async fn send_report(c: &Browser, s: &Server, axe: &str, found: &mut Vec<String>) {
    c.goto(&format!("{}/signaler", s.base)).await;
    c.click("#category option[value='lookouts_minors']").await;
    c.click("#district option[value='13203']").await;
    c.fill(
        "#text",
        "Des enfants font le guet devant le 12 (test d'accessibilité).",
    )
    .await;
    c.submit("/signaler").await;
    c.wait_for_element("p#receipt").await;
    check_current(c, axe, "/signaler (sent)", found).await;
    check(c, axe, &format!("{}/signaler/suite", s.base), found).await;
}

/// The help request's form in its error state: sent with a way to be reached but nothing else, it
/// comes back with the summary and each error beside its field (the demonstration instance's
/// caseworkers never see it). In Arabic too, right to left.
async fn help_errors(c: &Browser, s: &Server, axe: &str, found: &mut Vec<String>) {
    for path in ["/aide", "/ar/aide"] {
        c.goto(&format!("{}{path}", s.base)).await;
        c.click("#channel-phone").await;
        c.fill("#code_word", "mimosa").await;
        c.submit(&format!("{path}#demande")).await;
        c.wait_for_element("#contact[aria-invalid='true']").await;
        check_current(c, axe, &format!("{path} (errors)"), found).await;
    }
}

/// The reporter's side beyond the forms: a wrong follow-up code (the error state of the form), then
/// the follow-up page of a demonstration report, its request to be put in touch with the casework
/// team (the form, its errors, the request waiting) and its withdrawal page.
async fn follow_up(c: &Browser, s: &Server, receipt: &str, axe: &str, found: &mut Vec<String>) {
    c.goto(&format!("{}/suivi", s.base)).await;
    c.fill("#receipt", "1234 5678").await;
    c.submit("/suivi").await;
    c.wait_for_element("#receipt[aria-invalid='true']").await;
    check_current(c, axe, "/suivi (wrong code)", found).await;
    c.fill("#receipt", receipt).await;
    c.submit("/suivi").await;
    c.wait_for_element("form[action='/suivi/repondre']").await;
    check_current(c, axe, "/suivi (signed in)", found).await;
    // Being put in touch with the casework team: the form (in Arabic too), its error state, then
    // the follow-up page with the request waiting.
    check(
        c,
        axe,
        &format!("{}/ar/suivi/accompagnement", s.base),
        found,
    )
    .await;
    check(c, axe, &format!("{}/suivi/accompagnement", s.base), found).await;
    c.submit("/suivi/accompagnement").await;
    c.wait_for_element("#consent-oui[aria-invalid='true']")
        .await;
    check_current(c, axe, "/suivi/accompagnement (errors)", found).await;
    for choice in [
        "input[name='chosen']",
        "#asker-victim",
        "#needs-psychological",
        "#urgency-this_week",
        "#consent-oui",
    ] {
        c.click(choice).await;
    }
    c.submit("/suivi/accompagnement").await;
    c.wait_for_element("form[action='/suivi/accompagnement/annuler']")
        .await;
    check_current(c, axe, "/suivi (asked to be put in touch)", found).await;
    check(c, axe, &format!("{}/suivi/retirer", s.base), found).await;
}

/// Signs `account` in through the browser's forms, checking the second-factor page on the way.
async fn sign_in(
    c: &Browser,
    s: &Server,
    account: &DemoAccount,
    axe: &str,
    found: &mut Vec<String>,
) {
    c.goto(&format!("{}/espace/connexion", s.base)).await;
    c.fill("#username", &account.username).await;
    c.fill("#password", &account.password).await;
    c.submit("/espace/connexion").await;
    c.wait_for_url("/espace/2fa").await;
    check(c, axe, &format!("{}/espace/2fa", s.base), found).await;
    let code = vigie_app::totp_code(&account.totp_secret, s.app.clock().unix()).unwrap();
    c.fill("#code", &code).await;
    c.submit("/espace/2fa").await;
    c.wait_for_url("/espace").await;
}

#[tokio::test]
async fn axe_finds_no_accessibility_violation_on_public_and_staff_pages() {
    let Some(axe) = axe_source() else { return };
    let Some(d) = Driver::start().await else {
        return;
    };
    let mut found = Vec::new();
    for s in demo_hubs().await {
        let (accounts, receipt, survey) = fill_demo(&s).await;
        // A member that never answers: its row shows a refusal.
        s.app.pull_network().await.unwrap();
        let c = Browser::start(&d).await;
        for page in PUBLIC_PAGES {
            check(&c, &axe, &format!("{}{page}", s.base), &mut found).await;
        }
        check(
            &c,
            &axe,
            &format!("{}/questionnaire/{survey}", s.base),
            &mut found,
        )
        .await;
        send_report(&c, &s, &axe, &mut found).await;
        help_errors(&c, &s, &axe, &mut found).await;
        follow_up(&c, &s, &receipt, &axe, &mut found).await;
        for StaffPages {
            account: name,
            pages,
            details,
        } in STAFF_PAGES
        {
            let account = accounts
                .iter()
                .find(|a| a.username == name)
                .unwrap_or_else(|| panic!("no demo account {name}"));
            sign_in(&c, &s, account, &axe, &mut found).await;
            for page in pages {
                check(&c, &axe, &format!("{}{page}", s.base), &mut found).await;
            }
            for (list, css) in details {
                let href = first_link(&c, &format!("{}{list}", s.base), css).await;
                check(&c, &axe, &format!("{}{href}", s.base), &mut found).await;
            }
            c.submit("/espace/deconnexion").await;
            c.wait_for_url("/espace/connexion?sortie=1").await;
        }
        c.close().await;
    }
    assert!(
        found.is_empty(),
        "{} accessibility violation(s) (axe-core {AXE_VERSION}, and reflow at 320 px):\n{}",
        found.len(),
        found.join("\n")
    );
}
