//! stub
use crate::ast::Lang;
use crate::decision::DecisionDto;
/// stub
pub fn explain(d: &DecisionDto, lang: Lang) -> String {
    let _ = (d, lang);
    String::new()
}
