//! What petitioners do with an account: sign up and keep it, file online
//! from a draft, and follow their own cases.

pub mod filing;
pub mod signup;
