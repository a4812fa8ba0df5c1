//! Render: editions, diffs and instruction accounts → text, Markdown, HTML, Akoma Ntoso, JSON.

pub mod instructions;
pub mod text;
