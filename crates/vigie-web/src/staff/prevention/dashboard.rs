//! The prevention dashboard (`/espace/prevention`, `?annee=` for another year): sessions delivered
//! and planned, people reached by age band and sex, structures covered and the share in priority
//! neighbourhoods (QPV).

use askama::Template;
use axum::http::StatusCode;
use vigie_domain::prevention::{Band, Sex};

use super::{PreventionGate, area, area_path};
use crate::staff::kit::{PageResult, View, ask};
use crate::staff::words::word;
use crate::staff::{StaffPage, render, staff_page, staff_template};

/// A row of the participants' table: an age band, its counts by sex, its total.
pub struct ReachedRow {
    band: String,
    counts: Vec<u32>,
    total: u32,
}

#[derive(Template)]
#[template(path = "staff/prevention/dashboard.html")]
struct DashboardPage {
    page: StaffPage,
    year: i32,
    delivered: u32,
    planned: u32,
    young: u32,
    adults: u32,
    covered: u32,
    covered_qpv: u32,
    qpv_share: Option<u32>,
    active_structures: usize,
    active_programmes: usize,
    sexes: Vec<String>,
    rows: Vec<ReachedRow>,
    by_sex: Vec<u32>,
    total: u32,
    previous_href: String,
    next_href: String,
}

staff_template!(DashboardPage);

/// `GET /espace/prevention`.
pub async fn page(view: View<PreventionGate>) -> PageResult {
    let year = view
        .param::<i32>("annee")
        .filter(|y| (2000..=2100).contains(y));
    let (state, staff, _) = view.parts();
    let lang = staff.lang;
    let d = ask(&state, &staff, async |app, who| {
        app.prevention_dashboard(who, year).await
    })
    .await?;
    let s = &d.summary;
    let year_href = |y: i32| format!("{}?annee={y}", area_path(lang, ""));
    let page = DashboardPage {
        page: staff_page(&state, &staff, "staff-prev-dashboard-title", &area("")),
        year: d.year,
        delivered: s.delivered,
        planned: s.planned,
        young: s.reached.young(),
        adults: s.reached.band(Band::Adults),
        covered: s.structures_covered,
        covered_qpv: s.qpv_structures_covered,
        qpv_share: s.qpv_share_percent(),
        active_structures: d.active_structures,
        active_programmes: d.active_programmes,
        sexes: Sex::ALL.iter().map(|x| word(lang, *x)).collect(),
        rows: Band::ALL
            .iter()
            .map(|&b| ReachedRow {
                band: word(lang, b),
                counts: Sex::ALL.iter().map(|&x| s.reached.get(b, x)).collect(),
                total: s.reached.band(b),
            })
            .collect(),
        by_sex: Sex::ALL.iter().map(|&x| s.reached.sex(x)).collect(),
        total: s.reached.total(),
        previous_href: year_href(d.year - 1),
        next_href: year_href(d.year + 1),
    };
    Ok(render(&page, StatusCode::OK, lang))
}
