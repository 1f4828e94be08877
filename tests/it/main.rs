//! The integration suite, one binary: each module starts the real app on a
//! random port with a fresh database (see `common`). The browser journeys
//! are a binary of their own (`tests/browser.rs`).

mod common;

mod abuse;
mod access;
mod caching;
mod cli;
mod database;
mod follow;
mod hostile_input;
mod input_and_privacy;
mod mail;
mod open_data;
mod petitioner;
mod public_pages;
mod reliability;
mod staff;
