//! Stored text decoded into the domain's types, so that records derive `FromRow` instead of
//! restating their fields in a row struct of strings.
//!
//! A record's typed field reads its column as [`Parsed`] (`#[sqlx(try_from = "Parsed<TeamId>")]`);
//! the parsers below say how each type is stored, and a value that does not parse is
//! [`StoreError::Corrupt`], carried through sqlx's decode error and unwrapped again by
//! `From<sqlx::Error> for StoreError`.

use sqlx::error::BoxDynError;
use sqlx::{Database, Decode, Type};
use vigie_domain::casefile::{AgeBand, FileStatus, LegalBasis, Outcome, PersonRole, Sex};
use vigie_domain::help_link::HelpLink;
use vigie_domain::keys::TeamKind;
use vigie_domain::referral::ReferralStatus;
use vigie_domain::report::{Category, ReportStatus};
use vigie_domain::support::SupportKind;
use vigie_domain::{
    FileId, GroupId, KeyHolder, PartId, ReferralId, ReportId, RoleSet, SupportGroupId, TeamId,
    UserId,
};

use crate::report_keys::parse_holder;
use crate::sessions::SessionStage;
use crate::{Result, StoreError, parse_code, parse_uuid};

/// A text column decoded into `T` by [`FromStored`]: a record's field names it in
/// `#[sqlx(try_from = "Parsed<T>")]`. The parsing happens while the column is decoded, so that a
/// bad value's [`StoreError`] travels inside sqlx's decode error (a conversion error of the
/// derive would be flattened to text).
pub(crate) struct Parsed<T>(T);

/// A value parsed from its stored text (`None`: SQL `NULL`).
pub(crate) trait FromStored: Sized {
    /// Parses `text`, or says why it is corrupt.
    fn from_stored(text: Option<String>) -> Result<Self>;
}

impl<'r, DB: Database, T: FromStored> Decode<'r, DB> for Parsed<T>
where
    Option<String>: Decode<'r, DB>,
{
    fn decode(value: DB::ValueRef<'r>) -> Result<Self, BoxDynError> {
        let text = <Option<String> as Decode<'r, DB>>::decode(value)?;
        Ok(Parsed(T::from_stored(text)?))
    }
}

impl<DB: Database, T> Type<DB> for Parsed<T>
where
    String: Type<DB>,
{
    fn type_info() -> DB::TypeInfo {
        <String as Type<DB>>::type_info()
    }

    fn compatible(ty: &DB::TypeInfo) -> bool {
        <String as Type<DB>>::compatible(ty)
    }
}

/// `$t` and `Option<$t>` parsed by `$parse` of the text `$s` (a `NULL` `$t` is corrupt), and
/// taken out of their [`Parsed`].
macro_rules! parse_stored {
    ($($t:ty => |$s:ident| $parse:expr;)*) => {
        $(
            impl FromStored for $t {
                fn from_stored(text: Option<String>) -> Result<Self> {
                    let text = text.ok_or_else(|| StoreError::Corrupt("missing value".into()))?;
                    let $s: &str = &text;
                    $parse
                }
            }

            impl FromStored for Option<$t> {
                fn from_stored(text: Option<String>) -> Result<Self> {
                    text.map(|text| {
                        let $s: &str = &text;
                        $parse
                    })
                    .transpose()
                }
            }

            impl From<Parsed<$t>> for $t {
                fn from(p: Parsed<$t>) -> Self {
                    p.0
                }
            }

            impl From<Parsed<Option<$t>>> for Option<$t> {
                fn from(p: Parsed<Option<$t>>) -> Self {
                    p.0
                }
            }
        )*
    };
}

/// Ids, stored as their hyphenated text.
macro_rules! stored_ids {
    ($($id:ident),*) => {
        parse_stored! { $($id => |s| parse_uuid(s).map($id);)* }
    };
}

/// Codes, stored as the domain's strings; `$what` names them in the error.
macro_rules! stored_codes {
    ($($code:ty: $what:literal),*) => {
        parse_stored! { $($code => |s| parse_code(s, $what);)* }
    };
}

stored_ids!(
    FileId,
    GroupId,
    PartId,
    ReferralId,
    ReportId,
    SupportGroupId,
    TeamId,
    UserId
);

stored_codes!(
    PersonRole: "person role",
    FileStatus: "file status",
    AgeBand: "age band",
    Sex: "sex",
    Outcome: "outcome",
    LegalBasis: "legal basis",
    Category: "category",
    ReportStatus: "status",
    HelpLink: "help link",
    TeamKind: "team kind",
    SupportKind: "support group kind",
    ReferralStatus: "referral status"
);

parse_stored! {
    KeyHolder => |s| parse_holder(s);
    RoleSet => |s| RoleSet::from_names(s).map_err(|e| StoreError::Corrupt(e.to_string()));
    SessionStage => |s| SessionStage::parse(s);
}

/// The store's own error inside a decode error (a corrupt value), or the driver's error.
pub(crate) fn unwrap_decode(e: sqlx::Error) -> StoreError {
    match e {
        sqlx::Error::ColumnDecode { index, source } => match source.downcast::<StoreError>() {
            Ok(inner) => *inner,
            Err(source) => StoreError::Database(sqlx::Error::ColumnDecode { index, source }),
        },
        e => StoreError::Database(e),
    }
}
