//! Campaigns (`/espace/prevention/campagnes`): posters, events, social media, radio. The list, and
//! the form that adds or edits one (name, kind, period, arrondissements, reach and what it counts,
//! programme), shown again with each error beside its field.

use askama::Template;
use vigie_domain::prevention::{CampaignForm, CampaignKind, ReachUnit};
use vigie_domain::time::day_string;

use super::errors::field_errors;
use super::lists::{ListText, RecordRow, records_page};
use super::{PreventionDone, PreventionGate, area_path};
use crate::Lang;
use crate::staff::kit::from_pairs;
use crate::staff::kit::{Landed, PageResult, View, ask};
pub(super) use crate::staff::partners::area_names;
use crate::staff::records::{FormAt, FormFrame};
use crate::staff::showing::FieldErrors;
use crate::staff::words::word;
use crate::staff::{Opt, render, staff_template};

/// A reach and what it counts, in words ("1 200 views"), or a dash.
pub(super) fn reach_text(lang: Lang, reach: Option<(u64, ReachUnit)>) -> String {
    match reach {
        Some((n, unit)) => lang.t_args(
            &format!("staff-prev-reach-{}", unit.as_str()),
            &[("count", n.to_string())],
        ),
        None => "—".to_owned(),
    }
}

/// What the list says around its rows.
const LIST: ListText = ListText {
    id: "campaigns",
    intro: "staff-prev-campaigns-intro",
    new: "staff-prev-campaign-new",
    columns: &[
        "staff-prev-campaign-name",
        "staff-prev-campaign-kind",
        "staff-prev-campaign-period",
        "staff-prev-campaign-districts",
        "staff-prev-campaign-reach",
        "staff-prev-campaign-programme",
    ],
    empty: "staff-prev-campaigns-empty",
    count: None,
};

/// `GET /espace/prevention/campagnes`.
pub async fn list(view: View<PreventionGate>) -> PageResult {
    let at = view.showing::<PreventionDone>();
    let lang = at.lang();
    let campaigns = at.ask(async |app, who| app.campaigns(who).await).await?;
    let programmes = at.ask(async |app, who| app.programmes(who).await).await?;
    let programme = |id| programmes.iter().find(|p| Some(p.id) == id);
    let rows = campaigns.iter().map(|r| {
        let c = &r.campaign;
        let period = [("start", day_string(c.start)), ("end", day_string(c.end))];
        RecordRow {
            href: area_path(lang, &format!("/campagnes/{}/modifier", r.id)),
            name: c.name.clone(),
            cells: vec![
                word(lang, c.kind),
                lang.t_args("staff-prev-campaign-period-value", &period),
                area_names(at.state, &c.districts),
                reach_text(lang, c.reach),
                programme(c.programme)
                    .map(|p| p.programme.name.clone())
                    .unwrap_or_default(),
            ],
        }
    });
    records_page::<CampaignForm>(&at, ("staff-prev-campaigns-title", &LIST), rows.collect())
}

from_pairs!(CampaignForm {
    name, kind, start, end, reach, reach_unit, programme; ticks: ; lists: districts
});

#[derive(Template)]
#[template(path = "staff/prevention/campaign_form.html")]
struct FormPage {
    page: FormFrame,
    values: CampaignForm,
    kinds: Vec<Opt>,
    units: Vec<Opt>,
    districts: Vec<Opt>,
    programmes: Vec<Opt>,
    errors: FieldErrors,
}

staff_template!(form FormPage);

/// A field's label key and the id of its input.
fn label(field: &str) -> (String, String) {
    let key = format!("staff-prev-campaign-{}", field.replace('_', "-"));
    let anchor = match field {
        "districts" => "districts-error".to_owned(),
        other => format!("campaign-{other}"),
    };
    (key, anchor)
}

/// The form's page: a new campaign's or a campaign's.
pub(in crate::staff) async fn form_page(at: FormAt<'_, CampaignForm>) -> PageResult {
    let (state, staff, values, lang) = (at.state, at.staff, &at.values, at.staff.lang);
    let programmes = ask(state, staff, async |app, who| app.programmes(who).await).await?;
    let named: Vec<_> = programmes
        .into_iter()
        .map(|p| (p.id, p.programme.name))
        .collect();
    let ticked = |code: &str| values.districts.iter().any(|d| d.trim() == code);
    let page = FormPage {
        page: at.frame(),
        kinds: Opt::worded(lang, CampaignKind::ALL, values.kind.trim().parse().ok()),
        units: Opt::worded(lang, ReachUnit::ALL, values.reach_unit.trim().parse().ok()),
        districts: Opt::districts_where(state, ticked),
        programmes: Opt::named(&named, values.programme.trim().parse().ok()),
        errors: field_errors(lang, &at.errors, label),
        values: at.values,
    };
    Ok(render(&page, at.status, lang))
}
