//! The incident form, shared by the analysts' "new incident" and "correct" forms and the handler's
//! "qualify" form: the posted fields read into an [`IncidentForm`], and what the template needs to
//! show it again with each error beside its field and in a summary linked to the fields.

use vigie_domain::observatory::{
    IncidentCategory, IncidentField, IncidentForm, SourceType, normalize_month,
};

use super::current_month;
use crate::Lang;
use crate::staff::Opt;
use crate::staff::kit::field;
use crate::staff::words::word;
use crate::state::AppState;

/// Errors of the form as the app returns them (English, one per field).
pub(in crate::staff) type FieldErrors = Vec<(IncidentField, &'static str)>;

/// A group of options (`<optgroup>`).
pub struct OptGroup {
    /// Group label.
    pub label: String,
    /// Its options.
    pub options: Vec<Opt>,
}

/// One line of the error summary: a link to the field.
pub struct SummaryLine {
    /// The field's id.
    pub anchor: String,
    /// Field name and message.
    pub text: String,
}

/// What the fields template (`staff/observatory/fields.html`) shows.
pub struct IncidentFormView {
    /// Prefix of the field ids, so that two forms of a page never share one.
    pub prefix: &'static str,
    /// Categories, the current one selected.
    pub categories: Vec<Opt>,
    /// Arrondissements.
    pub districts: Vec<Opt>,
    /// Quartiers, by arrondissement.
    pub quartiers: Vec<OptGroup>,
    /// Source types the form offers; empty when the source is not asked.
    pub sources: Vec<Opt>,
    /// The source, shown as text when it cannot change.
    pub source_fixed: Option<String>,
    /// Month as typed (`YYYY-MM`).
    pub month: String,
    /// The latest month allowed.
    pub max_month: String,
    /// Count as typed.
    pub count: String,
    /// Contributors as typed.
    pub contributors: String,
    /// Reference as typed.
    pub reference: String,
    /// Errors beside the fields: (the field's id after the prefix, the message), in field order.
    pub errors: Vec<(&'static str, String)>,
    /// The error summary, in field order.
    pub summary: Vec<SummaryLine>,
}

/// Reads the incident fields of a posted form. A month typed `MM/YYYY` or `YYYY-M` (browsers
/// without a month picker) is rewritten `YYYY-MM`.
pub(in crate::staff) fn form_from(pairs: &[(String, String)]) -> IncidentForm {
    IncidentForm {
        category: field(pairs, "category").to_owned(),
        district: field(pairs, "district").to_owned(),
        neighbourhood: field(pairs, "neighbourhood").to_owned(),
        month: normalize_month(field(pairs, "month")),
        count: field(pairs, "count").to_owned(),
        contributors: field(pairs, "contributors").to_owned(),
        source: field(pairs, "source").to_owned(),
        reference: field(pairs, "reference").to_owned(),
    }
}

/// The Fluent key of an error the domain returned, by field (and by message where a field has two).
fn error_key(f: IncidentField, message: &str) -> &'static str {
    match f {
        IncidentField::Category => "staff-obs-error-category",
        IncidentField::District => "staff-obs-error-district",
        IncidentField::Neighbourhood if message.contains("not in") => {
            "staff-obs-error-neighbourhood-district"
        }
        IncidentField::Neighbourhood => "staff-obs-error-neighbourhood",
        IncidentField::Month if message.contains("not happened") => "staff-obs-error-month-future",
        IncidentField::Month => "staff-obs-error-month",
        IncidentField::Count | IncidentField::Contributors => "staff-obs-error-number",
        IncidentField::Source if message.contains("report") => "staff-obs-error-source-report",
        IncidentField::Source => "staff-obs-error-source",
        IncidentField::Reference => "staff-obs-error-reference",
    }
}

/// The field's id suffix and label key.
fn field_meta(f: IncidentField) -> (&'static str, &'static str) {
    match f {
        IncidentField::Category => ("category", "staff-obs-field-category"),
        IncidentField::District => ("district", "staff-obs-field-district"),
        IncidentField::Neighbourhood => ("neighbourhood", "staff-obs-field-neighbourhood"),
        IncidentField::Month => ("month", "staff-obs-field-month"),
        IncidentField::Count => ("count", "staff-obs-field-count"),
        IncidentField::Contributors => ("contributors", "staff-obs-field-contributors"),
        IncidentField::Source => ("source", "staff-obs-field-source"),
        IncidentField::Reference => ("reference", "staff-obs-field-reference"),
    }
}

const ORDER: [IncidentField; 8] = [
    IncidentField::Category,
    IncidentField::District,
    IncidentField::Neighbourhood,
    IncidentField::Month,
    IncidentField::Count,
    IncidentField::Contributors,
    IncidentField::Source,
    IncidentField::Reference,
];

/// The quartiers, grouped by arrondissement, the one whose code is `selected` marked.
pub(in crate::staff) fn quartiers(state: &AppState, selected: &str) -> Vec<OptGroup> {
    let areas = &state.app.settings().areas;
    areas
        .districts()
        .iter()
        .map(|d| OptGroup {
            label: d.name.clone(),
            options: areas
                .neighbourhoods_of(&d.code)
                .map(|q| Opt {
                    value: q.code.clone(),
                    label: q.name.clone(),
                    selected: q.code == selected,
                })
                .collect(),
        })
        .collect()
}

/// How the source type is asked.
pub(in crate::staff) enum SourceChoice {
    /// Not asked (a handler's qualification: the source is the report).
    Hidden,
    /// Shown as text: an incident qualified from a report keeps that source.
    Fixed,
    /// Chosen among the outside sources.
    Outside,
}

impl IncidentFormView {
    /// The error beside field `id` (its id after the prefix), if any.
    pub fn error(&self, id: &str) -> Option<String> {
        self.errors
            .iter()
            .find(|(f, _)| *f == id)
            .map(|(_, m)| m.clone())
    }
}

/// The view of `form` with `errors`, for a form whose ids start with `prefix`.
pub(in crate::staff) fn view(
    state: &AppState,
    lang: Lang,
    prefix: &'static str,
    form: &IncidentForm,
    errors: &FieldErrors,
    source: SourceChoice,
) -> IncidentFormView {
    let district = form.district.trim();
    let neighbourhood = form.neighbourhood.trim();
    let mut shown = Vec::new();
    let mut summary = Vec::new();
    for f in ORDER {
        let Some((_, message)) = errors.iter().find(|(g, _)| *g == f) else {
            continue;
        };
        let text = lang.t(error_key(f, message));
        let (id, label) = field_meta(f);
        summary.push(SummaryLine {
            anchor: format!("{prefix}-{id}"),
            text: format!("{}{}{text}", lang.t(label), lang_colon(lang)),
        });
        shown.push((id, text));
    }
    let outside = [
        SourceType::Press,
        SourceType::Police,
        SourceType::Association,
        SourceType::Court,
    ];
    let (sources, source_fixed) = match source {
        SourceChoice::Hidden => (Vec::new(), None),
        SourceChoice::Fixed => (Vec::new(), Some(word(lang, SourceType::Report))),
        SourceChoice::Outside => (
            Opt::worded(lang, &outside, form.source.trim().parse().ok()),
            None,
        ),
    };
    IncidentFormView {
        prefix,
        categories: Opt::worded(
            lang,
            IncidentCategory::ALL,
            form.category.trim().parse().ok(),
        ),
        districts: Opt::districts(state, Some(district)),
        quartiers: quartiers(state, neighbourhood),
        sources,
        source_fixed,
        month: form.month.clone(),
        max_month: current_month(state).to_string(),
        count: form.count.clone(),
        contributors: form.contributors.clone(),
        reference: form.reference.clone(),
        errors: shown,
        summary,
    }
}

/// The separator between a field's name and its message: French puts a space before the colon.
fn lang_colon(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => " : ",
        Lang::En | Lang::Ar => ": ",
    }
}
