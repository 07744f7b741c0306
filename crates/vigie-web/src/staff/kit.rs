//! The shape of a staff action, shared by every area.
//!
//! A form handler takes a [`Post`]: by the time it runs, the poster is signed in ([`Staff`]), the id
//! in the path is typed (else 404), the form's token is valid for its purpose (else 403) and the
//! policy allows the form's action (else 403, the refusal audited by the app). The handler then
//! calls a use case and either redirects with a typed [`Outcome`] ([`done`]), shows its page again
//! with the error beside the field, or returns a [`PageError`] with `?` ([`OrPage`]: the one mapping
//! of an [`AppError`] to a page).
//!
//! ```ignore
//! gate!(
//!     /// The forms of a report's page, for its readers.
//!     ReportForm: ReportId, ListReports, |id| format!("report:{id}");
//! );
//!
//! pub async fn status(post: Post<ReportForm>) -> PageResult {
//!     let Post { state, staff, id, form, .. } = post;
//!     let status = field(&form, "status").parse().map_err(|_| invalid())?;
//!     state.app.set_report_status(&staff.principal, id, status).await.or_page(&state, staff.lang)?;
//!     Ok(done(report_path(staff.lang, id, ""), ReportDone::Status))
//! }
//! ```

use std::borrow::Cow;
use std::marker::PhantomData;

use axum::Form;
use axum::extract::{FromRequest, FromRequestParts, Query, RawPathParams, Request};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use vigie_app::{App, AppError};
use vigie_domain::{
    Action, CampaignId, FileId, IncidentId, PartnerId, Principal, ProgrammeId, ReferralId,
    ReportId, Resource, StructureId, SupportGroupId, WorkshopId,
};
use vigie_vault::SecretKey;

pub(crate) use super::showing::{Landed, Showing, landed};
use super::{check_post, require};
use crate::session::Staff;
use crate::state::AppState;
use crate::{Lang, PageError};

/// A posted form or a query string, as pairs (repeated keys for checkboxes; a duplicate never fails
/// the parse).
pub(crate) type Pairs = Vec<(String, String)>;

/// What a staff handler returns: its page (or a redirect), or an error page.
pub(crate) type PageResult = Result<Response, PageError>;

/// The value of the first field `name` of a form or query string, or `""`.
pub(crate) fn field<'a>(pairs: &'a [(String, String)], name: &str) -> &'a str {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

/// Every value of field `name` of a form (a group of checkboxes), in the order posted.
pub(crate) fn fields(pairs: &[(String, String)], name: &str) -> Vec<String> {
    pairs
        .iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .collect()
}

/// A form read from its posted pairs.
pub(crate) trait FromPairs: Sized {
    /// The form; a missing field is empty, a repeated one counts once (first wins).
    fn from_pairs(pairs: Pairs) -> Self;
}

impl FromPairs for Pairs {
    fn from_pairs(pairs: Pairs) -> Self {
        pairs
    }
}

/// Reads a form whose fields are named as its posted fields: text (the first value, else empty),
/// then after `ticks:` checkboxes (ticked when posted non-empty), after `lists:` groups of
/// checkboxes (every value, in the order posted).
///
/// ```ignore
/// from_pairs!(StructureForm { name, kind, district; ticks: qpv, active; lists: });
/// ```
macro_rules! from_pairs {
    ($form:ident { $($text:ident),* ; ticks: $($tick:ident),* ; lists: $($list:ident),* }) => {
        impl $crate::staff::kit::FromPairs for $form {
            fn from_pairs(pairs: $crate::staff::kit::Pairs) -> Self {
                use $crate::staff::kit::field;
                $form {
                    $($text: field(&pairs, stringify!($text)).to_owned(),)*
                    $($tick: !field(&pairs, stringify!($tick)).is_empty(),)*
                    $($list: $crate::staff::kit::fields(&pairs, stringify!($list)),)*
                }
            }
        }
    };
}
pub(crate) use from_pairs;

/// An id in the path (`{id}`), typed; `()` for the forms whose address has none.
pub(crate) trait PathId: Sized + Send {
    /// The id from the raw `{id}` parameter; `None` is a 404.
    fn from_path(raw: Option<&str>) -> Option<Self>;
}

impl PathId for () {
    fn from_path(_: Option<&str>) -> Option<Self> {
        Some(())
    }
}

/// The ids of the staff area's addresses: each reads as it prints (a UUID), anything else is none.
macro_rules! path_ids {
    ($($id:ty),+) => {$(
        impl PathId for $id {
            fn from_path(raw: Option<&str>) -> Option<Self> {
                raw?.parse().ok()
            }
        }
    )+};
}

path_ids!(
    ReportId,
    IncidentId,
    FileId,
    SupportGroupId,
    ReferralId,
    PartnerId,
    StructureId,
    ProgrammeId,
    WorkshopId,
    CampaignId,
    // Impact surveys (issue 12, item 4).
    vigie_domain::CycleId
);

/// A family of forms: the id in their address, the purpose their token is signed for (a token for
/// one purpose opens no other form), and the action the policy must allow.
pub(crate) trait Gate: Send + 'static {
    /// The id in the address.
    type Id: PathId;
    /// What the policy is asked.
    const ACTION: Action;
    /// The purpose the token is signed for.
    fn purpose(id: &Self::Id) -> Cow<'static, str>;
}

/// Declares [`Gate`]s, one a line: `gate!(/// doc\n Name: IdType, PolicyAction, |id| purpose;)`.
macro_rules! gate {
    ($($(#[$meta:meta])* $name:ident: $id:ty, $action:ident, |$v:pat_param| $purpose:expr;)+) => {$(
        $(#[$meta])*
        pub(crate) struct $name;

        impl $crate::staff::kit::Gate for $name {
            type Id = $id;
            const ACTION: vigie_domain::Action = vigie_domain::Action::$action;
            fn purpose($v: &$id) -> std::borrow::Cow<'static, str> {
                ($purpose).into()
            }
        }
    )+};
}
pub(crate) use gate;

/// A staff form post that passed its gate `G`: signed in, id typed, token and policy checked.
pub(crate) struct Post<G: Gate, F = Pairs> {
    /// The application (what axum's `State` would give).
    pub state: AppState,
    /// Who posted.
    pub staff: Staff,
    /// The id in the address.
    pub id: G::Id,
    /// The form.
    pub form: F,
    gate: PhantomData<G>,
}

impl<G: Gate, F> Post<G, F> {
    /// The post's parts, in one line: the application, who posted, the id, the form.
    pub fn parts(self) -> (AppState, Staff, G::Id, F) {
        (self.state, self.staff, self.id, self.form)
    }
}

impl<G: Gate, F: FromPairs + Send> FromRequest<AppState> for Post<G, F> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Response> {
        let (mut parts, body) = req.into_parts();
        let staff = Staff::from_request_parts(&mut parts, state).await?;
        let raw_id = raw_id(&mut parts, state).await;
        let Form(pairs) = Form::<Pairs>::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(IntoResponse::into_response)?;
        let lang = staff.lang;
        let id = G::Id::from_path(raw_id.as_deref())
            .ok_or_else(|| not_found(state, lang).into_response())?;
        check_post(
            state,
            &staff,
            field(&pairs, crate::csrf::CSRF_FIELD),
            &G::purpose(&id),
            G::ACTION,
            &Resource::Instance,
        )
        .await
        .map_err(IntoResponse::into_response)?;
        Ok(Post {
            state: state.clone(),
            staff,
            id,
            form: F::from_pairs(pairs),
            gate: PhantomData,
        })
    }
}

/// The raw `{id}` parameter of the path, if the route has one.
async fn raw_id(parts: &mut Parts, state: &AppState) -> Option<String> {
    let params = RawPathParams::from_request_parts(parts, state).await.ok()?;
    params
        .iter()
        .find(|(k, _)| *k == "id")
        .map(|(_, v)| v.to_owned())
}

/// A staff member whom the policy lets see the pages of gate `G` (its action, on the instance): the
/// extractor of a page (a GET) that shows `G`'s forms, with its query string. A refusal is audited,
/// 403.
pub(crate) struct View<G: Gate> {
    /// The application (what axum's `State` would give).
    pub state: AppState,
    /// Who asked.
    pub staff: Staff,
    /// The query string, as pairs (an unreadable one is empty: a filter falls back to "all").
    pub query: Pairs,
    gate: PhantomData<G>,
}

impl<G: Gate> View<G> {
    /// The view's parts, in one line: the application, who asked, the query string.
    pub fn parts(self) -> (AppState, Staff, Pairs) {
        (self.state, self.staff, self.query)
    }

    /// Query parameter `name` read as a `T`, if it is one.
    pub fn param<T: std::str::FromStr>(&self, name: &str) -> Option<T> {
        field(&self.query, name).parse().ok()
    }
}

impl<G: Gate> FromRequestParts<AppState> for View<G> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let staff = Staff::from_request_parts(parts, state).await?;
        require(state, &staff, G::ACTION, &Resource::Instance)
            .await
            .map_err(IntoResponse::into_response)?;
        Ok(View {
            state: state.clone(),
            staff,
            query: query_pairs(parts),
            gate: PhantomData,
        })
    }
}

/// The token of `G`'s forms for `staff`'s session, for the page that shows them: signed for the
/// purpose the gate checks.
pub(crate) fn token<G: Gate>(state: &AppState, staff: &Staff, id: &G::Id) -> String {
    crate::csrf::issue(state, &G::purpose(id), &staff.session.csrf_binding())
}

/// A typed id from the path of a page (a GET): anything that is not one is a 404.
pub(crate) struct IdPath<T>(pub T);

impl<T: PathId> FromRequestParts<AppState> for IdPath<T> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let raw = raw_id(parts, state).await;
        let lang = Lang::from_path(
            parts
                .extensions
                .get::<axum::extract::OriginalUri>()
                .map_or_else(|| parts.uri.path(), |o| o.0.path()),
        );
        T::from_path(raw.as_deref())
            .map(IdPath)
            .ok_or_else(|| not_found(state, lang).into_response())
    }
}

/// The page of one item (a report, an incident) for a signed-in staff member: the policy is the
/// app's to check with the item itself (a report's readers are its own), so the extractor asks
/// nothing of it. An id that is not one is a 404.
pub(crate) struct ItemPage<T> {
    /// The application (what axum's `State` would give).
    pub state: AppState,
    /// Who asked.
    pub staff: Staff,
    /// The item's id, from the path.
    pub id: T,
    /// The query string, as pairs.
    pub query: Pairs,
}

impl<T> ItemPage<T> {
    /// The page's parts, in one line: the application, who asked, the id, the query string.
    pub fn parts(self) -> (AppState, Staff, T, Pairs) {
        (self.state, self.staff, self.id, self.query)
    }
}

impl<T: PathId> FromRequestParts<AppState> for ItemPage<T> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let staff = Staff::from_request_parts(parts, state).await?;
        let IdPath(id) = IdPath::<T>::from_request_parts(parts, state).await?;
        Ok(ItemPage {
            state: state.clone(),
            staff,
            id,
            query: query_pairs(parts),
        })
    }
}

/// What a form did, named in the redirect's query (`?fait=…`) and shown as a message by the page it
/// lands on. Declare one with [`outcomes!`].
pub(crate) trait Outcome: Copy + Send + 'static {
    /// Every outcome.
    const ALL: &'static [Self];
    /// The query value (`fait=<query>`).
    fn query(self) -> &'static str;
    /// The Fluent key of the message.
    fn message_key(self) -> &'static str;
}

/// Declares [`Outcome`] enums: each variant with its query value and its message key.
macro_rules! outcomes {
    ($($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $query:literal => $key:literal,)+ })+) => {$(
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub(crate) enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl $crate::staff::kit::Outcome for $name {
            const ALL: &'static [Self] = &[$(Self::$variant,)+];
            fn query(self) -> &'static str {
                match self {
                    $(Self::$variant => $query,)+
                }
            }
            fn message_key(self) -> &'static str {
                match self {
                    $(Self::$variant => $key,)+
                }
            }
        }
    )+};
}
pub(crate) use outcomes;

/// The redirect (303) after a form did `what`: to `to`, with `?fait=<query>`.
pub(crate) fn done(to: &str, what: impl Outcome) -> Response {
    Redirect::to(&format!("{to}?fait={}", what.query())).into_response()
}

/// The outcome a page was redirected to with (`?fait=…`), if it names one
/// ([`Landed::notice`](super::showing::Landed::notice)).
pub(crate) struct Notice<O>(Option<O>);

impl<O: Outcome> Notice<O> {
    /// The outcome named by `fait=` in a query string.
    pub(crate) fn from_pairs(pairs: &[(String, String)]) -> Self {
        let fait = field(pairs, "fait");
        Notice(O::ALL.iter().copied().find(|o| o.query() == fait))
    }

    /// The message to show, translated.
    pub(crate) fn message(&self, lang: Lang) -> Option<String> {
        self.0.map(|o| lang.t(o.message_key()))
    }
}

/// The query string of a request as pairs; an unreadable one is empty.
fn query_pairs(parts: &Parts) -> Pairs {
    Query::try_from_uri(&parts.uri)
        .map(|Query(p)| p)
        .unwrap_or_default()
}

/// A 404 page (with the demo banner when configured).
pub(crate) fn not_found(state: &AppState, lang: Lang) -> PageError {
    PageError::not_found(lang).with_config(&state.web)
}

/// The one mapping of an error of the app to a page: 403, 404, 400 (a file without a clean copy),
/// 429, 503, or 500 (logged, without detail).
pub(crate) fn app_page(state: &AppState, lang: Lang, e: &AppError) -> PageError {
    match e {
        AppError::Denied(_) => PageError::forbidden(lang).with_config(&state.web),
        AppError::NoReport | AppError::NoIncident | AppError::NoFile => not_found(state, lang),
        AppError::NoCleanCopy => {
            PageError::bad_request(lang, "staff-report-file-no-clean-copy").with_config(&state.web)
        }
        AppError::Busy { retry_after_secs } => PageError::unavailable(lang, *retry_after_secs),
        AppError::RateLimited { retry_after_secs } => {
            PageError::too_many_requests(lang, *retry_after_secs)
        }
        other => {
            tracing::error!(error = %other, "staff action failed");
            PageError::internal(lang)
        }
    }
}

/// The page for an error of the app about a record of a directory (a partner entry, a structure, a
/// programme): 404 when there is none; a row altered outside vigie logged and said with the hint
/// `altered`, when the record's pages give one; the one mapping otherwise.
pub(crate) fn record_error(
    state: &AppState,
    lang: Lang,
    e: AppError,
    altered: Option<&'static str>,
) -> PageError {
    match (e, altered) {
        (AppError::NoPartner | AppError::NoPreventionItem, _) => not_found(state, lang),
        (AppError::Integrity(what), Some(hint)) => {
            tracing::error!(error = %what, hint, "record refused");
            PageError::internal(lang)
                .with_hint(hint)
                .with_config(&state.web)
        }
        (other, _) => app_page(state, lang, &other),
    }
}

/// `?` for the results of the app (and of anything that converts into its error) in a handler.
pub(crate) trait OrPage<T> {
    /// The value, or the page for the error ([`app_page`]).
    fn or_page(self, state: &AppState, lang: Lang) -> Result<T, PageError>;
}

impl<T, E: Into<AppError>> OrPage<T> for Result<T, E> {
    fn or_page(self, state: &AppState, lang: Lang) -> Result<T, PageError> {
        self.map_err(|e| app_page(state, lang, &e.into()))
    }
}

/// What the app answers to `ask` (given the app and who asks), or the page for its error.
pub(crate) async fn ask<T>(
    state: &AppState,
    staff: &Staff,
    ask: impl AsyncFnOnce(&App, &Principal) -> Result<T, AppError>,
) -> Result<T, PageError> {
    let answer = ask(&state.app, &staff.principal).await;
    answer.or_page(state, staff.lang)
}

/// What the app answers to `ask`, given who asks and their own secret key (which opens what is
/// sealed for them), or the page for its error, the key's included.
pub(crate) async fn with_secret<T>(
    state: &AppState,
    staff: &Staff,
    ask: impl AsyncFnOnce(&App, &Principal, &SecretKey) -> Result<T, AppError>,
) -> Result<T, PageError> {
    let secret = staff.session.secret().or_page(state, staff.lang)?;
    let answer = ask(&state.app, &staff.principal, &secret).await;
    answer.or_page(state, staff.lang)
}

/// What the app answers to `ask` with the poster's secret key, for the `input` read from their
/// form. An input that does not read is kept as the answer (the use case's refusal, shown beside
/// the form); a key that does not open is the error page.
pub(crate) async fn submit<I, T>(
    (state, staff): (&AppState, &Staff),
    input: Result<I, AppError>,
    ask: impl AsyncFnOnce(&App, &Principal, &SecretKey, I) -> Result<T, AppError>,
) -> Result<Result<T, AppError>, PageError> {
    let input = match input {
        Ok(input) => input,
        Err(refused) => return Ok(Err(refused)),
    };
    let secret = staff.session.secret().or_page(state, staff.lang)?;
    Ok(ask(&state.app, &staff.principal, &secret, input).await)
}

/// A form's input that does not read, as the use case's refusal (its message shown beside the
/// form).
pub(crate) fn unread(e: impl std::fmt::Display) -> AppError {
    AppError::Invalid(e.to_string())
}

/// What a form of an item's page answers: a redirect to `to` with the outcome when the use case
/// worked, the item's page again (`show`, 422) with the use case's message when it refused the
/// input, the error page otherwise.
pub(crate) async fn answer<O: Outcome, I>(
    (state, staff): (&AppState, &Staff),
    (id, result, to): (I, Result<O, AppError>, &str),
    show: impl AsyncFnOnce(Showing<'_>, I) -> PageResult,
) -> PageResult {
    match result {
        Ok(outcome) => Ok(done(to, outcome)),
        Err(AppError::Invalid(msg)) => show(Showing::refused(state, staff, msg), id).await,
        Err(e) => Err(e).or_page(state, staff.lang),
    }
}

/// A bad input, for the use cases' validation path (shown beside its field, never as a page).
pub(crate) fn invalid() -> AppError {
    AppError::Invalid("bad input".into())
}

/// Logs `what` failed and gives the 500 page.
pub(crate) fn internal(lang: Lang, what: &str, e: &dyn std::fmt::Display) -> PageError {
    tracing::error!(error = %e, "{what}");
    PageError::internal(lang)
}
