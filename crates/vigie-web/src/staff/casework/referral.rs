//! A file's referrals on its page: the list, the form that proposes one (a partner account, the
//! kind of partner, the details of its template, the reason, and the override reason when the
//! person did not consent), and the button that revokes an open one.

use vigie_app::AppError;
use vigie_app::casework::{ExtractChoice, NewReferral};
use vigie_domain::casefile::{CaseInputError, DetailField, RecipientKind};
use vigie_domain::referral::ReferralStatus;
use vigie_domain::{FileId, ReferralId};

use super::code_name;
use crate::Lang;
use crate::PageError;
use crate::session::Staff;
use crate::staff::Opt;
use crate::staff::kit::{OrPage, ask, field};
use crate::staff::words::worded;
use crate::state::AppState;

/// One referral of the file, as listed (its page shows the extract's versions and the notes).
pub struct ReferralLine {
    pub id: String,
    pub href: String,
    pub partner: String,
    pub kind: String,
    pub status: String,
    pub proposed_day: String,
    pub open: bool,
}

/// An extract the file sent as an age file, as listed.
pub struct ExportLine {
    pub text: String,
    pub overridden: bool,
}

/// The file page's referrals section.
pub struct ReferralSection {
    pub rows: Vec<ReferralLine>,
    pub partners: Vec<Opt>,
    pub kinds: Vec<Opt>,
    pub fields: Vec<Opt>,
    pub exports: Vec<ExportLine>,
    pub age_action: String,
}

/// The section of file `id`'s page (clear rows only: nothing is decrypted for it).
pub async fn section(
    state: &AppState,
    staff: &Staff,
    id: FileId,
) -> Result<ReferralSection, PageError> {
    let lang = staff.lang;
    let referrals = ask(state, staff, async |app, who| {
        app.referrals_of_file(who, id).await
    })
    .await?;
    let partners: Vec<_> = state
        .app
        .partner_accounts(&staff.principal)
        .await
        .or_page(state, lang)?
        .into_iter()
        .map(|a| (a.id, a.username))
        .collect();
    let exports = ask(state, staff, async |app, who| {
        app.referral_exports_of_file(who, id).await
    })
    .await?;
    let name = |u| {
        partners
            .iter()
            .find(|(id, _)| *id == u)
            .map(|(_, n)| n.clone())
            .unwrap_or_default()
    };
    Ok(ReferralSection {
        rows: referrals
            .iter()
            .map(|r| ReferralLine {
                id: r.id.to_string(),
                href: lang.path(&format!("/espace/partenaire/orientations/{}", r.id)),
                partner: name(r.partner),
                kind: code_name(lang, "file-recipient", &r.partner_kind),
                status: code_name(lang, "referral-status", r.status.as_str()),
                proposed_day: r.proposed_day.clone(),
                open: r.status.is_open(),
            })
            .collect(),
        partners: partners
            .iter()
            .map(|(id, n)| Opt {
                value: id.to_string(),
                label: n.clone(),
                selected: false,
            })
            .collect(),
        kinds: Opt::codes(RecipientKind::ALL, None, RecipientKind::as_str, |k| {
            code_name(lang, "file-recipient", k.as_str())
        }),
        fields: detail_opts(lang, |f| {
            matches!(f, DetailField::Name | DetailField::Contact)
        }),
        exports: exports
            .iter()
            .map(|e| ExportLine {
                text: lang.t_args(
                    "referral-age-sent",
                    &[
                        ("day", e.day.clone()),
                        ("kind", code_name(lang, "file-recipient", &e.partner_kind)),
                        (
                            "fields",
                            e.fields
                                .iter()
                                .map(|f| code_name(lang, "file-detail", f))
                                .collect::<Vec<_>>()
                                .join(", "),
                        ),
                    ],
                ),
                overridden: e.overridden,
            })
            .collect(),
        age_action: lang.path(&format!("/espace/accompagnement/dossiers/{id}/extrait-age")),
    })
}

/// The details an extract may hold (never the flags), those `selected` checked.
pub(crate) fn detail_opts(lang: Lang, selected: impl Fn(DetailField) -> bool) -> Vec<Opt> {
    DetailField::ALL
        .iter()
        .filter(|f| **f != DetailField::Flags)
        .map(|f| Opt {
            value: f.as_str().to_owned(),
            label: code_name(lang, "file-detail", f.as_str()),
            selected: selected(*f),
        })
        .collect()
}

/// The extract a posted form chooses: the details (`name`, repeated), the reason (`motif`) and
/// the override's reason (`passer_outre`).
pub(crate) fn extract_choice(
    form: &[(String, String)],
    name: &str,
) -> Result<ExtractChoice, CaseInputError> {
    let mut fields = Vec::new();
    for (_, v) in form.iter().filter(|(k, _)| k == name) {
        fields.push(vigie_domain::casefile::code(v, "champs")?);
    }
    Ok(ExtractChoice {
        fields,
        reason: field(form, "motif").to_owned(),
        override_reason: Some(field(form, "passer_outre").to_owned()),
    })
}

/// The referral a posted form names.
fn referral_id(form: &[(String, String)]) -> Result<ReferralId, AppError> {
    field(form, "orientation")
        .parse()
        .map_err(|_| AppError::Invalid(CaseInputError::Unknown("orientation").to_string()))
}

/// Handles the file page's referral forms (`quoi=orientation`, `quoi=retirer-orientation`);
/// `None` for any other form.
pub async fn post(
    state: &AppState,
    staff: &Staff,
    id: FileId,
    form: &[(String, String)],
) -> Option<Result<(), AppError>> {
    let quoi = field(form, "quoi");
    if quoi != "orientation" && quoi != "retirer-orientation" {
        return None;
    }
    let secret = match staff.session.secret() {
        Ok(s) => s,
        Err(e) => return Some(Err(e)),
    };
    let who = &staff.principal;
    Some(if quoi == "retirer-orientation" {
        match referral_id(form) {
            Ok(r) => {
                state
                    .app
                    .move_referral(who, r, ReferralStatus::Revoked, None)
                    .await
            }
            Err(e) => Err(e),
        }
    } else {
        let parsed = (|| -> Result<NewReferral, CaseInputError> {
            let choice = extract_choice(form, "champ")?;
            Ok(NewReferral {
                partner: field(form, "partenaire")
                    .parse()
                    .map_err(|_| CaseInputError::Required("partenaire"))?,
                kind: vigie_domain::casefile::code(field(form, "type"), "type de partenaire")?,
                fields: choice.fields,
                reason: choice.reason,
                override_reason: choice.override_reason,
            })
        })();
        match parsed {
            Ok(new) => state
                .app
                .propose_referral(who, &secret, id, new)
                .await
                .map(|_| ()),
            Err(e) => Err(AppError::Invalid(e.to_string())),
        }
    })
}

// Each code enum of the area, in words (`crate::staff::words::word`).
worded!(ReferralStatus => "referral-status");
