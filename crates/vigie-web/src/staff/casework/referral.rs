//! A file's referrals on its page: the list, the form that proposes one (a partner account, the
//! kind of partner, the details of its template, the reason, and the override reason when the
//! person did not consent), and the button that revokes an open one.

use vigie_app::AppError;
use vigie_app::casework::NewReferral;
use vigie_domain::casefile::{CaseInputError, DetailField, RecipientKind};
use vigie_domain::referral::ReferralStatus;
use vigie_domain::{FileId, ReferralId};

use super::code_name;
use crate::Lang;
use crate::PageError;
use crate::session::Staff;
use crate::staff::Opt;
use crate::staff::kit::{OrPage, field};
use crate::state::AppState;

/// One referral of the file, as listed.
pub struct ReferralLine {
    pub id: String,
    pub partner: String,
    pub kind: String,
    pub status: String,
    pub proposed_day: String,
    pub open: bool,
}

/// The file page's referrals section.
pub struct ReferralSection {
    pub rows: Vec<ReferralLine>,
    pub partners: Vec<Opt>,
    pub kinds: Vec<Opt>,
    pub fields: Vec<Opt>,
}

/// The section of file `id`'s page (clear rows only: nothing is decrypted for it).
pub async fn section(
    state: &AppState,
    staff: &Staff,
    id: FileId,
) -> Result<ReferralSection, PageError> {
    let lang = staff.lang;
    let referrals = state
        .app
        .referrals_of_file(&staff.principal, id)
        .await
        .or_page(state, lang)?;
    let partners: Vec<_> = state
        .app
        .partner_accounts(&staff.principal)
        .await
        .or_page(state, lang)?
        .into_iter()
        .map(|a| (a.id, a.username))
        .collect();
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
        fields: DetailField::ALL
            .iter()
            .filter(|f| **f != DetailField::Flags)
            .map(|f| Opt {
                value: f.as_str().to_owned(),
                label: code_name(lang, "file-detail", f.as_str()),
                selected: matches!(f, DetailField::Name | DetailField::Contact),
            })
            .collect(),
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
            let mut fields = Vec::new();
            for (_, v) in form.iter().filter(|(k, _)| k == "champ") {
                fields.push(vigie_domain::casefile::code(v, "champs")?);
            }
            Ok(NewReferral {
                partner: field(form, "partenaire")
                    .parse()
                    .map_err(|_| CaseInputError::Required("partenaire"))?,
                kind: vigie_domain::casefile::code(field(form, "type"), "type de partenaire")?,
                fields,
                reason: field(form, "motif").to_owned(),
                override_reason: Some(field(form, "passer_outre").to_owned()),
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

/// A referral status, translated.
pub(crate) fn status_name(lang: Lang, s: ReferralStatus) -> String {
    code_name(lang, "referral-status", s.as_str())
}
