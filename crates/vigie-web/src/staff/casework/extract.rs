//! Two forms of a person's file that answer with something to take away rather than a redirect:
//! the extract as an age file for a partner without an account (downloaded at once, built in
//! memory: nothing in clear is written to disk), and a new follow-up code for a person who lost
//! theirs (shown once, on a page of its own, to pass on).

use askama::Template;
use axum::body::Body;
use axum::http::StatusCode;
use vigie_app::AppError;
use vigie_app::casework::AgeExtract;
use vigie_domain::FileId;
use vigie_domain::casefile::CaseInputError;

use super::referral::extract_choice;
use super::{FileDone, FileForm, file_path};
use crate::session::Staff;
use crate::staff::kit::{OrPage, PageResult, Post, answer, field};
use crate::staff::reports::attachment;
use crate::staff::{StaffPage, item_page, render, staff_template};
use crate::state::AppState;

/// The file's page again with the use case's message (422), or the error page.
async fn refused(state: &AppState, staff: &Staff, id: FileId, e: AppError) -> PageResult {
    let to = file_path(staff.lang, id);
    answer::<FileDone, _>((state, staff), (id, Err(e), &to), super::file::show).await
}

/// `POST /espace/accompagnement/dossiers/{id}/extrait-age`: the extract as an age file for the
/// typed key (`destinataire`), the kind (`type`) and name (`nom`) of the partner, the details
/// (`detail`), the reason (`motif`) and the override (`passer_outre`); the file's page again
/// (422) with what to fix when the key, the consent or the choice is refused.
pub async fn age_extract(post: Post<FileForm>) -> PageResult {
    let (state, staff, id, form) = post.parts();
    let lang = staff.lang;
    let parsed = (|| -> Result<AgeExtract, CaseInputError> {
        Ok(AgeExtract {
            recipient: field(&form, "destinataire").trim().to_owned(),
            kind: vigie_domain::casefile::code(field(&form, "type"), "type de partenaire")?,
            name: field(&form, "nom").to_owned(),
            choice: extract_choice(&form, "detail")?,
        })
    })();
    let req = match parsed {
        Ok(r) => r,
        Err(e) => return refused(&state, &staff, id, AppError::Invalid(e.to_string())).await,
    };
    let secret = staff.session.secret().or_page(&state, lang)?;
    match state
        .app
        .export_referral_extract(&staff.principal, &secret, id, &req)
        .await
    {
        Ok(bytes) => Ok(attachment(Body::from(bytes), "orientation.age")),
        Err(e) => refused(&state, &staff, id, e).await,
    }
}

#[derive(Template)]
#[template(path = "staff/casework/receipt.html")]
struct ReceiptPage {
    page: StaffPage,
    receipt: String,
    back: String,
}

staff_template!(ReceiptPage);

/// `POST /espace/accompagnement/dossiers/{id}/code-de-suivi`: a new follow-up code for the help
/// request the file was opened from, shown once; the old one stops working.
pub async fn new_receipt(post: Post<FileForm>) -> PageResult {
    let (state, staff, id, _) = post.parts();
    let lang = staff.lang;
    let secret = staff.session.secret().or_page(&state, lang)?;
    match state
        .app
        .reissue_receipt(&staff.principal, &secret, id)
        .await
    {
        Ok(receipt) => {
            let path = format!("/espace/accompagnement/dossiers/{id}/code-de-suivi");
            let page = ReceiptPage {
                page: item_page::<FileForm>(
                    &state,
                    &staff,
                    (&id, &path),
                    lang.t("file-receipt-title"),
                ),
                receipt: receipt.display(),
                back: file_path(lang, id),
            };
            Ok(render(&page, StatusCode::OK, lang))
        }
        Err(e) => refused(&state, &staff, id, e).await,
    }
}
