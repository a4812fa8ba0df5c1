//! The contract's JSON of a parse (`zminy parse --format json`): the decision's header, its
//! instructions (item, op, document, targets, content, source line) and its diagnostics.

use crate::ir::{Decision, Diagnostic, Lang};
use serde_json::{Map, Value, json};

/// One diagnostic as the contract prints it.
pub fn diagnostic(d: &Diagnostic, lang: Lang) -> Value {
    let span = d.span.clone().unwrap_or_default();
    json!({
        "severity": d.severity,
        "code": d.code,
        "message": d.message.get(lang),
        "file": span.file,
        "line": span.line,
        "column": span.column,
        "item": d.item,
        "hints": d.hints.iter().map(|h| h.get(lang)).collect::<Vec<_>>(),
    })
}

/// The whole parse as pretty JSON with a trailing newline.
pub fn parse_json(decision: &Decision, diags: &[Diagnostic], lang: Lang) -> String {
    let instructions: Vec<Value> = decision
        .instructions
        .iter()
        .map(|ins| {
            let mut obj = Map::new();
            obj.insert("item".into(), json!(ins.item));
            obj.insert("op".into(), json!(ins.op.name()));
            obj.insert(
                "document".into(),
                json!({ "words": ins.document.words, "id": ins.document.id }),
            );
            obj.insert("line".into(), json!(ins.line));
            // The operation's own fields: targets, pairs, content, case …
            if let Ok(Value::Object(fields)) = serde_json::to_value(&ins.op) {
                for (k, v) in fields {
                    if k != "op" {
                        obj.insert(k, v);
                    }
                }
            }
            Value::Object(obj)
        })
        .collect();
    let out = json!({
        "decision": {
            "id": decision.id,
            "body": decision.body,
            "date": decision.date,
            "number": decision.number,
            "title": decision.title,
            "amends": decision.amends,
            "approves": decision.approves,
            "commencement": decision.commencement,
        },
        "instructions": instructions,
        "diagnostics": diags.iter().map(|d| diagnostic(d, lang)).collect::<Vec<_>>(),
    });
    let mut s = serde_json::to_string_pretty(&out).unwrap_or_default();
    s.push('\n');
    s
}
