//! Generated data: the demo case a new install shows (`demo`), and
//! registers in bulk for measuring speed at volume (`bulk`).

pub mod bulk;
pub mod demo;
