//! Attaching `//` comments to the nodes they precede, so the formatter loses none.
//!
//! Commentable nodes are the header, each declaration, each field declaration (facts, params,
//! record fields) and each member of a violation item. A comment belongs to the first of them
//! that starts after it; a comment inside the header's braces belongs to the header; a comment
//! with nothing after it goes to [`Module::trailing_comments`].

use crate::ast::{Comments, Decl, DeclKind, Module};

use super::prescan::RawComment;

/// Moves every comment of `comments` (in source order) into `module`.
pub(crate) fn attach(module: &mut Module, comments: Vec<RawComment>) {
    let Module {
        header,
        decls,
        trailing_comments,
        ..
    } = module;
    let header_end = header.span.end as usize;
    let mut targets: Vec<(usize, &mut Comments)> =
        vec![(header.span.start as usize, &mut header.comments)];
    for decl in decls.iter_mut() {
        let Decl {
            comments,
            kind,
            span,
        } = decl;
        targets.push((span.start as usize, comments));
        match kind {
            DeclKind::Facts(fields) | DeclKind::Params(fields) => {
                for f in fields.iter_mut() {
                    targets.push((f.span.start as usize, &mut f.comments));
                }
            }
            DeclKind::Record(r) => {
                for f in r.fields.iter_mut() {
                    targets.push((f.span.start as usize, &mut f.comments));
                }
            }
            DeclKind::Violation(v) => {
                for m in v.members.iter_mut() {
                    targets.push((m.span.start as usize, &mut m.comments));
                }
            }
            _ => {}
        }
    }
    // Parents start before their children, so this is already in order; sorting keeps the
    // binary search below correct whatever the traversal order.
    targets.sort_by_key(|(start, _)| *start);
    for c in comments {
        let index = if c.start < header_end {
            0
        } else {
            targets.partition_point(|(start, _)| *start <= c.start)
        };
        match targets.get_mut(index) {
            Some((_, slot)) => slot.push(c.text),
            None => trailing_comments.push(c.text),
        }
    }
}
