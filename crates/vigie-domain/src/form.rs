//! What every posted form's checks share: trimmed texts with a length limit, required codes,
//! groups of checkboxes, phone numbers and e-mail addresses, and the limits the directories' forms
//! (partners, prevention structures and programmes) have in common.
//!
//! Each form keeps its own field and problem types (its messages differ); the helpers push an error
//! beside the field they are given, so that every error of a form is returned at once.

/// Longest name (a partner's, a structure's, a programme's, a contact's), in characters.
pub const MAX_NAME_CHARS: usize = 120;
/// Longest line of free text (a speciality, an address, a role, a funder).
pub const MAX_LINE_CHARS: usize = 300;
/// Longest phone number (as typed, with spaces).
pub const MAX_PHONE_CHARS: usize = 40;
/// Longest e-mail address (RFC 5321).
pub const MAX_EMAIL_CHARS: usize = 254;
/// Longest notes.
pub const MAX_NOTES_CHARS: usize = 2000;

/// The problems that every form's problem type can say.
pub(crate) trait FieldProblem {
    /// Required and empty.
    const REQUIRED: Self;
    /// Not one of the allowed values.
    const UNKNOWN: Self;
    /// Longer than allowed.
    const TOO_LONG: Self;
}

/// A way to reach someone that a form may hold: its length limit and what it must look like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Contact {
    /// A phone number.
    Phone,
    /// An e-mail address.
    Email,
}

impl Contact {
    fn max_chars(self) -> usize {
        match self {
            Contact::Phone => MAX_PHONE_CHARS,
            Contact::Email => MAX_EMAIL_CHARS,
        }
    }

    fn looks_right(self, s: &str) -> bool {
        match self {
            Contact::Phone => looks_like_phone(s),
            Contact::Email => looks_like_email(s),
        }
    }
}

/// What a form with a phone number or an e-mail address can say about them.
pub(crate) trait ContactProblem: FieldProblem {
    /// Not a phone number, or not an e-mail address.
    fn malformed(kind: Contact) -> Self;
}

/// A trimmed field, or `None` when empty.
pub(crate) fn optional(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

/// A trimmed optional text of at most `max` characters (a longer one is kept, and refused).
pub(crate) fn text<F, P: FieldProblem>(
    raw: &str,
    max: usize,
    field: impl Into<F>,
    errors: &mut Vec<(F, P)>,
) -> Option<String> {
    let value = optional(raw)?;
    if value.chars().count() > max {
        errors.push((field.into(), P::TOO_LONG));
    }
    Some(value)
}

/// A required text of at most `max` characters.
pub(crate) fn required_text<F: Clone, P: FieldProblem>(
    raw: &str,
    max: usize,
    field: impl Into<F>,
    errors: &mut Vec<(F, P)>,
) -> Option<String> {
    let field = field.into();
    let value = text(raw, max, field.clone(), errors);
    if value.is_none() {
        errors.push((field, P::REQUIRED));
    }
    value
}

/// A required code field: the value, or its error pushed beside `field`.
pub(crate) fn code<T: std::str::FromStr, F, P: FieldProblem>(
    raw: &str,
    field: impl Into<F>,
    errors: &mut Vec<(F, P)>,
) -> Option<T> {
    match raw.trim() {
        "" => {
            errors.push((field.into(), P::REQUIRED));
            None
        }
        c => c
            .parse()
            .map_err(|_| errors.push((field.into(), P::UNKNOWN)))
            .ok(),
    }
}

/// The values of a group of checkboxes (parsed by `parse`), sorted, each once; one that does not
/// parse is an error (and the group is empty).
pub(crate) fn picks<T: Ord, F, P: FieldProblem>(
    raw: &[String],
    field: impl Into<F>,
    parse: impl Fn(&str) -> Option<T>,
    errors: &mut Vec<(F, P)>,
) -> Vec<T> {
    let mut out = Vec::new();
    for r in raw.iter().map(|r| r.trim()).filter(|r| !r.is_empty()) {
        match parse(r) {
            Some(v) => out.push(v),
            None => {
                errors.push((field.into(), P::UNKNOWN));
                return Vec::new();
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// [`picks`], at least one: an empty group is `Required` (unless a value was refused already).
pub(crate) fn required_picks<T: Ord, F: Clone, P: FieldProblem>(
    raw: &[String],
    field: impl Into<F>,
    parse: impl Fn(&str) -> Option<T>,
    errors: &mut Vec<(F, P)>,
) -> Vec<T> {
    let field = field.into();
    let before = errors.len();
    let out = picks(raw, field.clone(), parse, errors);
    if out.is_empty() && errors.len() == before {
        errors.push((field, P::REQUIRED));
    }
    out
}

/// An optional phone number or e-mail address: within its length, and looking like one.
pub(crate) fn contact<F: Clone, P: ContactProblem>(
    raw: &str,
    kind: Contact,
    field: impl Into<F>,
    errors: &mut Vec<(F, P)>,
) -> Option<String> {
    let field = field.into();
    let value = text(raw, kind.max_chars(), field.clone(), errors);
    if value.as_deref().is_some_and(|v| !kind.looks_right(v)) {
        errors.push((field, P::malformed(kind)));
    }
    value
}

/// Whether `s` looks like an e-mail address: one `@`, something on each side, a dot in the domain,
/// no space.
pub(crate) fn looks_like_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && !s.chars().any(char::is_whitespace)
}

/// Whether `s` looks like a phone number: digits with spaces, dots, dashes, brackets or a leading
/// `+`, and at least four digits (a short number like 3919 is one).
pub(crate) fn looks_like_phone(s: &str) -> bool {
    let digits = s.chars().filter(char::is_ascii_digit).count();
    digits >= 4
        && s.char_indices().all(|(i, c)| {
            c.is_ascii_digit() || matches!(c, ' ' | '.' | '-' | '(' | ')') || (c == '+' && i == 0)
        })
}
