//! Distinct index types for parties, nodes, outcomes, choices and reactions, so that a node
//! can never be passed where a party was meant, and vectors indexed by them.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::marker::PhantomData;
use std::ops::{Index, IndexMut};

/// An index into one kind of list of a [`crate::Story`].
pub trait Id: Copy + Eq + Ord + std::hash::Hash + fmt::Debug {
    /// The id of the `i`-th item.
    fn from_index(i: usize) -> Self;
    /// The position of the item in its list.
    fn index(self) -> usize;
}

macro_rules! id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(u32);

        impl Id for $name {
            fn from_index(i: usize) -> Self {
                $name(u32::try_from(i).expect("fewer than 2^32 items"))
            }
            fn index(self) -> usize {
                self.0 as usize
            }
        }

        impl $name {
            /// The position of the item in its list (as written in the file).
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.0)
            }
        }
    };
}

id!(
    /// A party of a story: a person or an organisation.
    PartyId
);
id!(
    /// A node of a story, in file order.
    NodeId
);
id!(
    /// An outcome of a story, in file order.
    OutcomeId
);
id!(
    /// A choice of a choice node, as written in the file (not its position among those
    /// offered at the moment).
    ChoiceId
);
id!(
    /// A reaction of a react node, as written in the file.
    ReactionId
);
id!(
    /// A flag of a story (the flags named anywhere in the file, in order of appearance).
    FlagId
);
id!(
    /// A kind of gift named in a story.
    KindId
);

/// A vector indexed by one kind of id.
#[derive(Clone, PartialEq, Eq, Hash)]
pub(crate) struct IdVec<I, T> {
    raw: Vec<T>,
    _id: PhantomData<fn(I) -> I>,
}

impl<I: Id, T> IdVec<I, T> {
    pub(crate) fn new() -> Self {
        IdVec {
            raw: Vec::new(),
            _id: PhantomData,
        }
    }
    pub(crate) fn len(&self) -> usize {
        self.raw.len()
    }
    pub(crate) fn is_empty(&self) -> bool {
        self.raw.is_empty()
    }
    pub(crate) fn iter(&self) -> std::slice::Iter<'_, T> {
        self.raw.iter()
    }
    /// Every id, in order.
    pub(crate) fn ids(&self) -> impl DoubleEndedIterator<Item = I> + ExactSizeIterator + use<I, T> {
        (0..self.raw.len()).map(I::from_index)
    }
    /// Every item with its id, in order.
    pub(crate) fn iter_enumerated(&self) -> impl DoubleEndedIterator<Item = (I, &T)> {
        self.raw
            .iter()
            .enumerate()
            .map(|(i, t)| (I::from_index(i), t))
    }
    pub(crate) fn get(&self, id: I) -> Option<&T> {
        self.raw.get(id.index())
    }
    pub(crate) fn push(&mut self, t: T) -> I {
        self.raw.push(t);
        I::from_index(self.raw.len() - 1)
    }
    /// The id of the first item that satisfies `f`.
    pub(crate) fn position(&self, f: impl FnMut(&T) -> bool) -> Option<I> {
        self.raw.iter().position(f).map(I::from_index)
    }
}

impl<I: Id, T> Default for IdVec<I, T> {
    fn default() -> Self {
        IdVec::new()
    }
}

impl<I: Id, T: fmt::Debug> fmt::Debug for IdVec<I, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.raw.fmt(f)
    }
}

impl<I: Id, T> Index<I> for IdVec<I, T> {
    type Output = T;
    fn index(&self, id: I) -> &T {
        &self.raw[id.index()]
    }
}

impl<I: Id, T> IndexMut<I> for IdVec<I, T> {
    fn index_mut(&mut self, id: I) -> &mut T {
        &mut self.raw[id.index()]
    }
}

impl<I: Id, T> FromIterator<T> for IdVec<I, T> {
    fn from_iter<It: IntoIterator<Item = T>>(iter: It) -> Self {
        IdVec {
            raw: iter.into_iter().collect(),
            _id: PhantomData,
        }
    }
}

impl<'a, I: Id, T> IntoIterator for &'a IdVec<I, T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.raw.iter()
    }
}
