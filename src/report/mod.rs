//! From accepted calls to a `Report`: `compute` aggregates them in one pass,
//! `model` turns its sums into typed, sorted rows, `format` holds all human
//! formatting of those values, `select` applies `--columns`.

pub mod callback;
pub mod calls;
pub mod check;
pub mod compare;
pub mod compute;
pub mod facts;
pub mod fcr;
pub mod fill;
pub mod format;
pub mod model;
pub mod order;
pub mod partial;
pub mod select;

pub use model::{Cell, Column, Report};
