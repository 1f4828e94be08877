//! The rules of the dispute process, as pure code: no I/O here.

pub mod access;
pub mod calendar;
pub mod consequence;
pub mod deadlines;
pub mod delivery;
pub mod filing;
pub mod items;
pub mod kinds;
pub mod limits;
pub mod register_number;
pub mod status;

/// Declares an enum stored and shown by a stable text code.
macro_rules! code_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn from_code(code: &str) -> Option<$name> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }
    };
}
pub(crate) use code_enum;
