//! Apply: a resolved plan + the edition in force → the new edition (values in, values out).

pub mod inflect;
