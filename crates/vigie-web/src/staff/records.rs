//! The add and edit forms of a directory's records (a partner entry, a structure, a programme, a
//! session), one flow for all: the form shown blank or filled with the record, then posted and
//! either saved (a redirect with the outcome) or shown again with each error beside its field
//! (422). A kind of record says only what differs: its use cases, where a saved form leads, its
//! outcomes and its form's page.
//!
//! ```ignore
//! routes.get("/structures/nouvelle", records::new_form::<StructureForm>)
//!     .post("/structures/nouvelle", records::add::<StructureForm>)
//! ```

use axum::http::StatusCode;
use vigie_app::{App, AppError};
use vigie_domain::Principal;

use super::kit::{
    FromPairs, Gate, ItemPage, OrPage, Outcome, PageResult, Post, View, done, record_error,
};
use crate::Lang;
use crate::session::Staff;
use crate::state::AppState;

/// A form as its page shows it: the values, the errors, the status of the answer.
pub(crate) type Filled<F, E> = (F, E, StatusCode);

/// What the kinds of record of one area share: the gate of their lists and "new" forms, their
/// outcomes, their forms' errors.
pub(crate) trait Directory: Send + Sync + 'static {
    /// The gate of the lists and of the "new" forms.
    type New: Gate<Id = ()>;
    /// What the forms did.
    type Done: Outcome + Sync;
    /// A form's errors, as the app refuses it.
    type Errors: Default + Send;

    /// The errors of a form the app refused, or the error as it is.
    fn refused(e: AppError) -> Result<Self::Errors, AppError>;
}

/// The outcome type of record `R`'s forms.
type DoneOf<R> = <<R as Record>::Directory as Directory>::Done;
/// The errors of record `R`'s form.
type ErrorsOf<R> = <<R as Record>::Directory as Directory>::Errors;

/// The form of a kind of record, that a "new" form adds.
pub(crate) trait Record: FromPairs + Default + Send + Sync + 'static {
    /// The area the record belongs to.
    type Directory: Directory;
    /// A record's id.
    type Id: Copy + Send + Sync;
    /// The outcome of the "new" form.
    const ADDED: DoneOf<Self>;

    /// The "new" form's values: empty, unless the record says otherwise.
    fn blank(_: &AppState, _: &Staff) -> Self {
        Self::default()
    }

    /// Adds a record (the use case).
    fn add(
        app: &App,
        who: &Principal,
        form: &Self,
    ) -> impl Future<Output = Result<Self::Id, AppError>> + Send;

    /// Where a saved form leads.
    fn saved(lang: Lang, id: Self::Id) -> String;

    /// The form's page: a new record's (`this` is `None`) or record `this`'s.
    fn page(
        state: &AppState,
        staff: &Staff,
        this: Option<Self::Id>,
        filled: Filled<Self, ErrorsOf<Self>>,
    ) -> impl Future<Output = PageResult> + Send;
}

/// The form of a kind of record that an edit form changes.
pub(crate) trait Editable: Record {
    /// The gate of a record's edit form (a token for one record opens no other).
    type Edit: Gate<Id = Self::Id>;
    /// The outcome of the edit form.
    const EDITED: DoneOf<Self>;
    /// The hint of the error page for a record altered outside vigie, if its pages give one
    /// ([`record_error`]).
    const ALTERED: Option<&'static str>;

    /// The record's form as stored (the use case audits an opening).
    fn load(
        app: &App,
        who: &Principal,
        id: Self::Id,
    ) -> impl Future<Output = Result<Self, AppError>> + Send;

    /// Saves the edited record (the use case).
    fn edit(
        app: &App,
        who: &Principal,
        id: Self::Id,
        form: &Self,
    ) -> impl Future<Output = Result<(), AppError>> + Send;
}

/// `GET …/nouveau`: the blank form.
pub(crate) async fn new_form<R: Record>(
    view: View<<R::Directory as Directory>::New>,
) -> PageResult {
    let (state, staff) = (&view.state, &view.staff);
    let blank = (
        R::blank(state, staff),
        ErrorsOf::<R>::default(),
        StatusCode::OK,
    );
    R::page(state, staff, None, blank).await
}

/// `POST …/nouveau`.
pub(crate) async fn add<R: Record>(post: Post<<R::Directory as Directory>::New, R>) -> PageResult {
    let (state, staff, (), form) = post.parts();
    let added = R::add(&state.app, &staff.principal, &form).await;
    let added = added.map(|id| (id, R::ADDED));
    answer::<R>((&state, &staff), (None, form), added, |e: AppError| {
        Err(e).or_page(&state, staff.lang)
    })
    .await
}

/// `GET …/{id}/modifier`: the form filled with the record.
pub(crate) async fn edit_form<R: Editable>(page: ItemPage<<R::Edit as Gate>::Id>) -> PageResult {
    let (state, staff, id, _) = page.parts();
    let form = R::load(&state.app, &staff.principal, id)
        .await
        .map_err(|e| record_error(&state, staff.lang, e, R::ALTERED))?;
    let filled = (form, ErrorsOf::<R>::default(), StatusCode::OK);
    R::page(&state, &staff, Some(id), filled).await
}

/// `POST …/{id}/modifier`.
pub(crate) async fn edit<R: Editable>(post: Post<R::Edit, R>) -> PageResult {
    let (state, staff, id, form) = post.parts();
    let edited = R::edit(&state.app, &staff.principal, id, &form).await;
    let edited = edited.map(|()| (id, R::EDITED));
    answer::<R>((&state, &staff), (Some(id), form), edited, |e: AppError| {
        Err(record_error(&state, staff.lang, e, R::ALTERED))
    })
    .await
}

/// What a posted form answers: once saved, the redirect with its outcome; refused by the app, the
/// form again with its errors (422); otherwise the page `error` gives.
async fn answer<R: Record>(
    (state, staff): (&AppState, &Staff),
    (this, form): (Option<R::Id>, R),
    result: Result<(R::Id, DoneOf<R>), AppError>,
    error: impl FnOnce(AppError) -> PageResult,
) -> PageResult {
    match result.map_err(R::Directory::refused) {
        Ok((id, what)) => Ok(done(&R::saved(staff.lang, id), what)),
        Err(Ok(errors)) => {
            let filled = (form, errors, StatusCode::UNPROCESSABLE_ENTITY);
            R::page(state, staff, this, filled).await
        }
        Err(Err(e)) => error(e),
    }
}
