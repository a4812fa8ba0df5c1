//! Render: editions, diffs and instruction accounts → text, Markdown, HTML, Akoma Ntoso, JSON.

pub mod akn;
pub mod diff;
pub mod docx;
pub mod html;
pub mod instructions;
pub mod json;
pub mod label;
pub mod markdown;
pub mod parse_json;
pub mod site;
pub mod table;
pub mod text;
pub mod timeline;
