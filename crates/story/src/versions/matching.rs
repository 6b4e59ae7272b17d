//! One way to find a choice or reaction of an old version of a scenario in a new one: the
//! saves' rebase on reload and `diff` both match them here, so they always agree.

use crate::format::scenario::{Choice, Reaction};
use crate::text::Lang;

/// The new index of each old choice: the choice with the same English text; the choices
/// whose text was rewritten pair up in order when as many went as came.
pub(crate) fn match_choices(old: &[Choice], new: &[Choice]) -> Vec<Option<usize>> {
    let en = |c: &Choice| c.text.get(Lang::En).trim().to_string();
    let mut taken = vec![false; new.len()];
    let mut map = vec![None; old.len()];
    for (i, c) in old.iter().enumerate() {
        if let Some(j) = (0..new.len()).find(|&j| !taken[j] && en(&new[j]) == en(c)) {
            taken[j] = true;
            map[i] = Some(j);
        }
    }
    let left_old: Vec<usize> = (0..old.len()).filter(|&i| map[i].is_none()).collect();
    let left_new: Vec<usize> = (0..new.len()).filter(|&j| !taken[j]).collect();
    if left_old.len() == left_new.len() {
        for (i, j) in left_old.into_iter().zip(left_new) {
            map[i] = Some(j);
        }
    }
    map
}

/// The new index of each old reaction (reactions have no text): the same position while
/// their number is unchanged, else the one reaction leading to the same node.
pub(crate) fn match_reactions(old: &[Reaction], new: &[Reaction]) -> Vec<Option<usize>> {
    if old.len() == new.len() {
        return (0..old.len()).map(Some).collect();
    }
    old.iter()
        .map(|r| {
            let to = |rs: &[Reaction]| -> Vec<usize> {
                (0..rs.len()).filter(|&j| rs[j].next == r.next).collect()
            };
            match (to(old).len(), to(new).as_slice()) {
                (1, &[j]) => Some(j),
                _ => None,
            }
        })
        .collect()
}
