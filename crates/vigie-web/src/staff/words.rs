//! The codes staff pages show in words: each code enum names the prefix of its messages once
//! (`worded!`), and [`word`] gives any value's name, the Fluent key `{prefix}-{code}` with `_` as
//! `-` (as [`code_name`] does).

use super::casework::code_name;
use crate::Lang;

/// A code enum whose values pages show in words.
pub(crate) trait Worded: Copy {
    /// The prefix of its messages' keys.
    const PREFIX: &'static str;
    /// A value's stable code.
    fn code(self) -> &'static str;
}

/// Names the message prefix of each code enum given (`Type => "prefix"`).
macro_rules! worded {
    ($($ty:ty => $prefix:literal),+ $(,)?) => {$(
        impl $crate::staff::words::Worded for $ty {
            const PREFIX: &'static str = $prefix;
            fn code(self) -> &'static str {
                self.as_str()
            }
        }
    )+};
}
pub(crate) use worded;

/// Value `v`'s name, translated.
pub(crate) fn word<T: Worded>(lang: Lang, v: T) -> String {
    code_name(lang, T::PREFIX, v.code())
}
