//! Small macros shared by the domain's modules.

/// An enum of stable string codes: `ALL`, `as_str`, `Display` and `FromStr`.
macro_rules! code_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident => $code:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize, ::serde::Deserialize)]
        pub enum $name { $($(#[$vdoc])* #[serde(rename = $code)] $variant),+ }

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
