//! The printable slips of a cycle (`POST .../{id}/fiches`): each with one code a wave, its QR code
//! (SVG made on the server) leading to `/questionnaire/CODE`, the address where the code can be
//! typed instead, and the help numbers. The codes are shown this once: only their keyed hashes
//! are kept (see `vigie_app::prevention`), so the page is the answer to the post, never a page of
//! its own; a lost sheet is replaced by printing new slips.

use askama::Template;
use axum::http::{HeaderMap, StatusCode, header};
use vigie_domain::prevention::Problem;
use vigie_domain::survey::{display_code, parse_slips};

use super::cycles::cycle_page;
use super::{CycleGate, surveys, wave_name};
use crate::help::{HELP_LINES, HelpLine};
use crate::session::is_https;
use crate::staff::kit::{PageResult, Post, field, internal};
use crate::staff::showing::Showing;
use crate::staff::{StaffPage, item_page, render, staff_template};
use crate::survey::SURVEY_PATH;

/// One code of a slip as printed.
pub struct PrintedCode {
    wave: String,
    code: String,
    qr: String,
}

#[derive(Template)]
#[template(path = "staff/surveys/slips.html")]
struct SlipsPage {
    page: StaffPage,
    back_href: String,
    programme: String,
    address: String,
    slips: Vec<Vec<PrintedCode>>,
    lines: &'static [HelpLine],
}

staff_template!(SlipsPage);

/// The address the QR codes lead to: this server as the browser reached it (the public pages
/// live at the same address as the staff's).
fn base(state: &crate::state::AppState, headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-.:[]".contains(c))
        })
        .unwrap_or("localhost");
    let scheme = if is_https(state, headers) {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}")
}

/// `POST /espace/prevention/questionnaires/{id}/fiches`: `slips` new slips, printable.
pub async fn print(headers: HeaderMap, post: Post<CycleGate>) -> PageResult {
    let (state, staff, id, pairs) = post.parts();
    let lang = staff.lang;
    let Some(count) = parse_slips(field(&pairs, "slips")) else {
        let errors = vec![("slips".into(), Problem::BadNumber)];
        return cycle_page(Showing::invalid(&state, &staff), id, (&pairs, errors)).await;
    };
    let view = state
        .app
        .survey_cycle(&staff.principal, id)
        .await
        .map_err(|e| crate::staff::kit::record_error(&state, lang, e, None))?;
    let slips = state
        .app
        .print_survey_slips(&staff.principal, id, count)
        .await
        .map_err(|e| crate::staff::kit::record_error(&state, lang, e, None))?;
    let base = base(&state, &headers);
    let mut printed = Vec::new();
    for slip in slips {
        let mut codes = Vec::new();
        for (wave, code) in slip.codes {
            let shown = display_code(&code);
            let url = format!("{base}{SURVEY_PATH}/{code}");
            let label = lang.t_args("staff-survey-qr", &[("code", shown.clone())]);
            let qr = vigie_app::qr_svg(&url, &label, 120)
                .map_err(|e| internal(lang, "survey slip QR code", &e))?;
            codes.push(PrintedCode {
                wave: wave_name(lang, wave),
                code: shown,
                qr,
            });
        }
        printed.push(codes);
    }
    let path = surveys(&format!("/{id}"));
    let title = lang.t("staff-survey-slips-title");
    let page = SlipsPage {
        page: item_page::<CycleGate>(&state, &staff, (&id, &path), title),
        back_href: lang.path(&path),
        programme: view.listed.programme,
        address: format!("{base}{SURVEY_PATH}"),
        slips: printed,
        lines: &HELP_LINES,
    };
    Ok(render(&page, StatusCode::OK, lang))
}
