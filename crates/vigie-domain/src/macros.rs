//! Small macros shared by the domain's modules.

/// An enum of stable string codes: `ALL`, `as_str`, `Display` and `FromStr`.
macro_rules! code_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident => $code:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize, ::serde::Deserialize)]
        pub enum $name { $($(#[$vdoc])* #[serde(rename = $code)] $variant),+ }

        // Two values sharing a code would make `FromStr` return the first for both: refused when
        // the crate compiles, for every enum declared here (no list of enums to keep up to date).
        const _: () = assert!(
            $crate::macros::distinct(&[$($code),+]),
            concat!(stringify!($name), ": two values share a code")
        );

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code stored and posted by forms.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }
        }

        // Posted codes are echoed in the error: cut to 64 characters.
        code_text!($name, $crate::report::UnknownCode, |s: &str| {
            $crate::report::UnknownCode(s.chars().take(64).collect())
        });
    };
}

/// `Display` as `as_str()`, and `FromStr` back: the value of `ALL` with that code, or `$unknown(s)`.
/// For `code_enum!` and for the enums that it cannot declare (their serde names are not their codes).
macro_rules! code_text {
    ($name:ident, $error:ty, $unknown:expr) => {
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $name::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str() == s)
                    .ok_or_else(|| ($unknown)(s))
            }
        }
    };
}

/// Implements the shared form helpers' traits (`crate::form`) for a form's problem enum, whose
/// variants `Required`, `Unknown` and `TooLong` (and, with `contact`, `BadPhone` and `BadEmail`)
/// say the same thing for every form.
macro_rules! field_problem {
    ($name:ident) => {
        impl $crate::form::FieldProblem for $name {
            const REQUIRED: Self = $name::Required;
            const UNKNOWN: Self = $name::Unknown;
            const TOO_LONG: Self = $name::TooLong;
        }
    };
    ($name:ident, contact) => {
        field_problem!($name);

        impl $crate::form::ContactProblem for $name {
            fn malformed(kind: $crate::form::Contact) -> Self {
                match kind {
                    $crate::form::Contact::Phone => $name::BadPhone,
                    $crate::form::Contact::Email => $name::BadEmail,
                }
            }
        }
    };
}

/// Whether no two of `codes` are equal (a `const fn`, so that `code_enum!` checks it at compile
/// time).
pub(crate) const fn distinct(codes: &[&str]) -> bool {
    let mut i = 0;
    while i < codes.len() {
        let mut j = i + 1;
        while j < codes.len() {
            if same(codes[i].as_bytes(), codes[j].as_bytes()) {
                return false;
            }
            j += 1;
        }
        i += 1;
    }
    true
}

/// Byte-wise equality, usable in a `const fn` (`==` on slices is not, yet).
const fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Asserts that every value of `all` parses back from its code (a code shared by two values, or one
/// that `FromStr` does not know, fails).
#[cfg(test)]
pub(crate) fn assert_codes_round_trip<T>(all: &[T], code: fn(T) -> &'static str)
where
    T: Copy + std::fmt::Debug + PartialEq + std::str::FromStr,
{
    for &v in all {
        assert_eq!(code(v).parse::<T>().ok(), Some(v), "{}", code(v));
    }
}

/// Declares a form's problem enum: the variants every form shares (`Required`, `Unknown`,
/// `TooLong`), then the form's own, with the shared form helpers' traits (`field_problem!`;
/// `contact` when its own variants include `BadPhone` and `BadEmail`).
macro_rules! form_problem {
    (
        $(#[$meta:meta])*
        pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident,)* }
        $($contact:ident)?
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
        pub enum $name {
            /// Required and empty.
            #[error("required")]
            Required,
            /// Not one of the allowed values.
            #[error("not one of the choices offered")]
            Unknown,
            /// Longer than allowed.
            #[error("too long")]
            TooLong,
            $($(#[$vmeta])* $variant,)*
        }

        field_problem!($name $(, $contact)?);
    };
}

#[cfg(test)]
mod tests {
    use super::{assert_codes_round_trip, distinct};

    code_enum!(
        /// A code enum to test the macro with.
        Sample {
            /// One.
            One => "one",
            /// Two, whose code starts like one's.
            OneMore => "one_more",
            /// Three.
            Three => "3",
        }
    );

    #[test]
    fn a_code_shared_by_two_values_is_found() {
        assert!(distinct(&["a", "ab", "b"]));
        assert!(distinct(&[]));
        assert!(!distinct(&["a", "b", "a"]));
        assert!(!distinct(&["same", "same"]));
    }

    #[test]
    fn a_code_enum_round_trips_through_its_codes_and_serde() {
        assert_codes_round_trip(Sample::ALL, Sample::as_str);
        assert_eq!("one_more".parse::<Sample>(), Ok(Sample::OneMore));
        assert!("two".parse::<Sample>().is_err());
        assert_eq!(Sample::Three.to_string(), "3");
        let json = serde_json::to_string(&Sample::OneMore).ok();
        assert_eq!(json.as_deref(), Some("\"one_more\""));
    }
}
