//! Campaigns (`/espace/prevention/campagnes`): posters, events, social media, radio. The list, and
//! the form that adds or edits one (name, kind, period, arrondissements, reach and what it counts,
//! programme), shown again with each error beside its field.

use askama::Template;
use axum::http::StatusCode;
use vigie_app::{App, AppError};
use vigie_domain::prevention::{Campaign, CampaignForm, CampaignKind, FormErrors, ReachUnit};
use vigie_domain::time::day_string;
use vigie_domain::{CampaignId, Principal};

use super::errors::Shown;
use super::{CampaignGate, Prevention, PreventionDone, PreventionGate, area, area_path, form_head};
use crate::Lang;
use crate::session::Staff;
use crate::staff::casework::code_name;
use crate::staff::kit::{FromPairs, Landed, PageResult, Pairs, View, ask, field, fields};
pub(super) use crate::staff::partners::area_names;
use crate::staff::records::{Editable, Filled, Record};
use crate::staff::{Opt, StaffPage, render, staff_template};
use crate::state::AppState;

/// A campaign kind, translated.
pub(super) fn campaign_kind(lang: Lang, k: CampaignKind) -> String {
    code_name(lang, "staff-prev-campaign-kind", k.as_str())
}

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

/// One row of the list.
pub struct CampaignRow {
    href: String,
    name: String,
    kind: String,
    period: String,
    areas: String,
    reach: String,
    programme: String,
}

#[derive(Template)]
#[template(path = "staff/prevention/campaigns.html")]
struct ListPage {
    page: StaffPage,
    rows: Vec<CampaignRow>,
    new_href: String,
}

staff_template!(ListPage);

/// `GET /espace/prevention/campagnes`.
pub async fn list(view: View<PreventionGate>) -> PageResult {
    let at = view.showing::<PreventionDone>();
    let lang = at.lang();
    let campaigns = at.ask(async |app, who| app.campaigns(who).await).await?;
    let programmes = at.ask(async |app, who| app.programmes(who).await).await?;
    let rows = campaigns
        .iter()
        .map(|r| {
            let c = &r.campaign;
            CampaignRow {
                href: area_path(lang, &format!("/campagnes/{}/modifier", r.id)),
                name: c.name.clone(),
                kind: campaign_kind(lang, c.kind),
                period: lang.t_args(
                    "staff-prev-campaign-period-value",
                    &[("start", day_string(c.start)), ("end", day_string(c.end))],
                ),
                areas: area_names(at.state, &c.districts),
                reach: reach_text(lang, c.reach),
                programme: c
                    .programme
                    .and_then(|id| programmes.iter().find(|p| p.id == id))
                    .map(|p| p.programme.name.clone())
                    .unwrap_or_default(),
            }
        })
        .collect();
    let page = ListPage {
        page: at.staff_page("staff-prev-campaigns-title", &area("/campagnes")),
        rows,
        new_href: area_path(lang, "/campagnes/nouvelle"),
    };
    Ok(at.render(&page))
}

impl FromPairs for CampaignForm {
    fn from_pairs(pairs: Pairs) -> Self {
        let one = |name: &str| field(&pairs, name).to_owned();
        CampaignForm {
            name: one("name"),
            kind: one("kind"),
            start: one("start"),
            end: one("end"),
            districts: fields(&pairs, "districts"),
            reach: one("reach"),
            reach_unit: one("reach_unit"),
            programme: one("programme"),
        }
    }
}

/// The form of a campaign as stored, to edit it.
fn form_of(c: &Campaign) -> CampaignForm {
    CampaignForm {
        name: c.name.clone(),
        kind: c.kind.as_str().to_owned(),
        start: day_string(c.start),
        end: day_string(c.end),
        districts: c.districts.clone(),
        reach: c.reach.map(|(n, _)| n.to_string()).unwrap_or_default(),
        reach_unit: c
            .reach
            .map(|(_, u)| u.as_str().to_owned())
            .unwrap_or_default(),
        programme: c.programme.map(|p| p.to_string()).unwrap_or_default(),
    }
}

#[derive(Template)]
#[template(path = "staff/prevention/campaign_form.html")]
struct FormPage {
    page: StaffPage,
    action: String,
    back_href: String,
    submit: String,
    values: CampaignForm,
    kinds: Vec<Opt>,
    units: Vec<Opt>,
    districts: Vec<Opt>,
    programmes: Vec<Opt>,
    errors: Shown,
}

staff_template!(FormPage);

/// A field's label key and the id of its input.
fn label(field: &str) -> (String, String) {
    let key = format!("staff-prev-campaign-{}", field.replace('_', "-"));
    let anchor = match field {
        "districts" => "districts-error".to_owned(),
        other => format!("campaign-{other}"),
    };
    (key, anchor)
}

/// The form's page: a new campaign's (`this` is `None`) or campaign `this`'s.
async fn form_page(
    state: &AppState,
    staff: &Staff,
    this: Option<CampaignId>,
    (values, errors, status): (CampaignForm, FormErrors, StatusCode),
) -> PageResult {
    let lang = staff.lang;
    let (page, action, submit) = form_head::<CampaignGate>(
        state,
        staff,
        this,
        ("/campagnes", "nouvelle", "staff-prev-campaign"),
    );
    let programmes = ask(state, staff, async |app, who| app.programmes(who).await).await?;
    let named: Vec<_> = programmes
        .into_iter()
        .map(|p| (p.id, p.programme.name))
        .collect();
    let ticked = |code: &str| values.districts.iter().any(|d| d.trim() == code);
    let page = FormPage {
        page,
        action,
        back_href: area_path(lang, "/campagnes"),
        submit,
        kinds: Opt::codes(
            CampaignKind::ALL,
            values.kind.trim().parse().ok(),
            CampaignKind::as_str,
            |k| campaign_kind(lang, k),
        ),
        units: Opt::codes(
            ReachUnit::ALL,
            values.reach_unit.trim().parse().ok(),
            ReachUnit::as_str,
            |u| code_name(lang, "staff-prev-reach-unit", u.as_str()),
        ),
        districts: Opt::districts_where(state, ticked),
        programmes: Opt::named(&named, values.programme.trim().parse().ok()),
        errors: Shown::new(lang, &errors, label),
        values,
    };
    Ok(render(&page, status, lang))
}

/// A campaign's form, as the add and edit forms flow ([`records`](crate::staff::records)).
impl Record for CampaignForm {
    type Directory = Prevention;
    type Id = CampaignId;
    const ADDED: PreventionDone = PreventionDone::CampaignAdded;

    async fn add(app: &App, who: &Principal, form: &Self) -> Result<CampaignId, AppError> {
        app.add_campaign(who, form).await
    }

    /// The list: a campaign has no page of its own.
    fn saved(lang: Lang, _: CampaignId) -> String {
        area_path(lang, "/campagnes")
    }

    async fn page(
        state: &AppState,
        staff: &Staff,
        this: Option<CampaignId>,
        filled: Filled<Self, FormErrors>,
    ) -> PageResult {
        form_page(state, staff, this, filled).await
    }
}

/// Its errors: 404 for a campaign that is not there.
impl Editable for CampaignForm {
    type Edit = CampaignGate;
    const EDITED: PreventionDone = PreventionDone::CampaignEdited;
    const ALTERED: Option<&'static str> = None;

    async fn load(app: &App, who: &Principal, id: CampaignId) -> Result<Self, AppError> {
        app.campaign(who, id).await.map(|c| form_of(&c))
    }

    async fn edit(app: &App, who: &Principal, id: CampaignId, form: &Self) -> Result<(), AppError> {
        app.edit_campaign(who, id, form).await
    }
}
