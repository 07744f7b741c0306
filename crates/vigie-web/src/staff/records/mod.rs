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

mod kinds;

use axum::http::StatusCode;
use vigie_app::{App, AppError};
use vigie_domain::Principal;

use super::kit::{
    FromPairs, Gate, ItemPage, OrPage, Outcome, PageResult, Post, View, done, record_error,
};
use super::showing::Showing;
use super::{StaffPage, item_page, staff_page};
use crate::Lang;
use crate::session::Staff;
use crate::state::AppState;

/// Where a kind of record's forms are, and what their pages say.
pub(crate) struct Place {
    /// The list's address (French, unprefixed); a record's edit form is at `{list}/{id}/modifier`.
    pub list: &'static str,
    /// The "new" form's address, after the list's (`/nouveau`, `/nouvelle`).
    pub new: &'static str,
    /// The title keys of the "new" and the edit pages.
    pub titles: [&'static str; 2],
    /// The button keys of the "new" and the edit forms.
    pub buttons: [&'static str; 2],
}

/// What every record form page shows around its fields ([`staff/form.html`]): the layout with the
/// form's token, where the form posts, the link back, the button. A page struct holds it in its
/// `page` field (`staff_template!(form ThePage)`).
pub(crate) struct FormFrame {
    page: StaffPage,
    /// Where the form posts.
    pub action: String,
    /// The link back.
    pub back_href: String,
    /// The button's text.
    pub submit: String,
}

impl std::ops::Deref for FormFrame {
    type Target = StaffPage;
    fn deref(&self) -> &StaffPage {
        &self.page
    }
}

/// What a list of records shows: the layout, the rows, the link to the "new" form (the prevention
/// area's lists keep one in their page, `prevention::lists`).
pub(crate) struct RecordList<Row> {
    page: StaffPage,
    /// The rows of the table.
    pub rows: Vec<Row>,
    /// The link to the "new" form.
    pub new_href: String,
}

impl<Row> std::ops::Deref for RecordList<Row> {
    type Target = StaffPage;
    fn deref(&self) -> &StaffPage {
        &self.page
    }
}

impl<Row> RecordList<Row> {
    /// The list of records of kind `R` titled `title_key`, at `R`'s list address.
    pub(crate) fn of<R: Record>(at: &Showing<'_>, title_key: &str, rows: Vec<Row>) -> Self {
        let place = R::PLACE;
        let new = format!("{}{}", place.list, place.new);
        Self {
            page: at.staff_page(title_key, place.list),
            rows,
            new_href: at.lang().path(&new),
        }
    }
}

/// The frame of record `R`'s "new" form.
pub(crate) fn new_frame<R: Record>(state: &AppState, staff: &Staff) -> FormFrame {
    let (p, lang) = (&R::PLACE, staff.lang);
    let path = format!("{}{}", p.list, p.new);
    let page = staff_page(state, staff, p.titles[0], &path);
    FormFrame {
        page: page.with_form::<<R::Directory as Directory>::New>(state, staff, &()),
        action: lang.path(&path),
        back_href: lang.path(p.list),
        submit: lang.t(p.buttons[0]),
    }
}

/// The frame of record `R`'s form: the "new" one (`this` is `None`) or record `this`'s edit form,
/// whose link back leads where a saved form does.
pub(crate) fn frame<R: Editable>(state: &AppState, staff: &Staff, this: Option<R::Id>) -> FormFrame
where
    R::Id: std::fmt::Display,
{
    let Some(id) = this else {
        return new_frame::<R>(state, staff);
    };
    let (p, lang) = (&R::PLACE, staff.lang);
    let path = format!("{}/{id}/modifier", p.list);
    FormFrame {
        page: item_page::<R::Edit>(state, staff, (&id, &path), lang.t(p.titles[1])),
        action: lang.path(&path),
        back_href: R::saved(lang, id),
        submit: lang.t(p.buttons[1]),
    }
}

/// A record's form page to show: to whom, which record (`None`: a new one), the values and the
/// errors beside them, and the status of the answer.
pub(crate) struct FormAt<'a, R: Record> {
    /// The application.
    pub state: &'a AppState,
    /// Who asks.
    pub staff: &'a Staff,
    /// The record edited, or `None` for a new one.
    pub this: Option<R::Id>,
    /// The values, as stored or as typed.
    pub values: R,
    /// The errors the app found in them.
    pub errors: ErrorsOf<R>,
    /// The answer's status (422 when the form is shown again with its errors).
    pub status: StatusCode,
}

impl<'a, R: Record> FormAt<'a, R> {
    /// The page of `values`, with no errors.
    fn new(
        (state, staff): (&'a AppState, &'a Staff),
        this: Option<R::Id>,
        values: R,
        status: StatusCode,
    ) -> Self {
        let errors = ErrorsOf::<R>::default();
        FormAt {
            state,
            staff,
            this,
            values,
            errors,
            status,
        }
    }

    /// The frame of the form: "new" or edit ([`frame`]).
    pub fn frame(&self) -> FormFrame
    where
        R: Editable,
        R::Id: std::fmt::Display,
    {
        frame::<R>(self.state, self.staff, self.this)
    }
}

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
pub(crate) type DoneOf<R> = <<R as Record>::Directory as Directory>::Done;
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
    /// Where its forms are and what their pages say.
    const PLACE: Place;

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

    /// The form's page.
    fn page(at: FormAt<'_, Self>) -> impl Future<Output = PageResult> + Send;
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
    let values = R::blank(state, staff);
    R::page(FormAt::new((state, staff), None, values, StatusCode::OK)).await
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
    R::page(FormAt::new(
        (&state, &staff),
        Some(id),
        form,
        StatusCode::OK,
    ))
    .await
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
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            let at = FormAt::new((state, staff), this, form, status);
            R::page(FormAt { errors, ..at }).await
        }
        Err(Err(e)) => error(e),
    }
}
