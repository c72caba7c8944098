//! `export --format json`: the plan's complete structure. The keys are the plan file's
//! field names (documented in the README), so they are as stable as the file format.

use crate::model::Plan;

pub fn render(plan: &Plan) -> Result<String, serde_json::Error> {
    let mut text = serde_json::to_string_pretty(plan)?;
    text.push('\n');
    Ok(text)
}
