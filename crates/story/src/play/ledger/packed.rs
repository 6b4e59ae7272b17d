//! A state packed into a few bytes, for the analysis, which keeps millions of them.
//!
//! Most balances of a scenario stay zero, so a packed state lists only the non-zero cells of
//! the ledger's tables, as variable-length integers, then who knows what and the flags. Two
//! states are equal exactly when their packed bytes are (every part is written in one fixed
//! order), so the analysis can hash and compare the bytes without unpacking.

use super::State;

impl State {
    /// Appends this state, packed, to `out`.
    pub(crate) fn pack(&self, out: &mut Vec<u8>) {
        let l = &self.ledger;
        // The number of non-zero cells comes first: one byte, rewritten at the end (and
        // widened in the rare case of 128 or more).
        let count_at = out.len();
        out.push(0);
        let mut count = 0u64;
        let mut next = 0;
        let mut cell = |i: usize, out: &mut Vec<u8>| {
            let (credit, view, felt) = (l.credit[i], l.view[i], l.felt[i]);
            if credit == [0, 0] && view == [0, 0] && felt == 0 {
                return;
            }
            count += 1;
            // The gap to the cell before keeps indexes small however many parties there are.
            put(out, (i - next) as u64);
            next = i + 1;
            // The mask of the non-zero parts, then those parts.
            let parts = [credit[0], credit[1], view[0], view[1], felt];
            let mask = parts
                .iter()
                .enumerate()
                .fold(0u8, |m, (k, &x)| m | (u8::from(x != 0) << k));
            out.push(mask);
            for x in parts {
                if x != 0 {
                    put(out, zigzag(x) as u64);
                }
            }
        };
        if l.touched.unknown {
            for i in 0..l.n * l.n {
                cell(i, out);
            }
        } else {
            for &i in &l.touched.cells {
                cell(i as usize, out);
            }
        }
        if count < 0x80 {
            out[count_at] = count as u8;
        } else {
            let mut head = Vec::new();
            put(&mut head, count);
            out.splice(count_at..count_at + 1, head);
        }
        put(out, l.knows.len() as u64);
        for &(w, h, t) in &l.knows {
            for p in [w, h, t] {
                put(out, p as u64);
            }
        }
        for bits in [&self.flags, &self.visited] {
            put(out, bits.0.len() as u64);
            for &word in &bits.0 {
                put(out, word);
            }
        }
    }

    /// Overwrites `into` (a state of the same story) with the state `bytes` packed.
    pub(crate) fn unpack_into(bytes: &[u8], into: &mut State) {
        let mut r = Reader { bytes, at: 0 };
        let l = &mut into.ledger;
        // Clear what the state held before: the cells it touched, or all of them.
        if l.touched.unknown {
            l.credit.fill([0, 0]);
            l.view.fill([0, 0]);
            l.felt.fill(0);
        } else {
            for &i in &l.touched.cells {
                let i = i as usize;
                (l.credit[i], l.view[i], l.felt[i]) = ([0, 0], [0, 0], 0);
            }
        }
        l.touched.cells.clear();
        l.touched.unknown = false;
        let mut next = 0;
        for _ in 0..r.get() {
            let i = next + r.get() as usize;
            next = i + 1;
            l.touched.cells.push(i as u32);
            let mask = r.byte();
            let mut part = |k: u8| {
                if mask & (1 << k) != 0 {
                    r.get_signed()
                } else {
                    0
                }
            };
            l.credit[i] = [part(0), part(1)];
            l.view[i] = [part(2), part(3)];
            l.felt[i] = part(4);
        }
        l.knows.clear();
        for _ in 0..r.get() {
            let (w, h, t) = (r.get(), r.get(), r.get());
            l.knows.push((w as u16, h as u16, t as u16));
        }
        for bits in [&mut into.flags, &mut into.visited] {
            bits.0.clear();
            for _ in 0..r.get() {
                bits.0.push(r.get());
            }
        }
        debug_assert_eq!(r.at, bytes.len(), "a packed state is read to its end");
    }

    /// Calls `f` with every non-zero cell of the ledger packed in `bytes`, in increasing
    /// order of cell (`a * parties + b` for the pair `(a, b)`): its credit on both layers
    /// and its felt deficit. Reads only the ledger's cells, unpacking nothing.
    pub(crate) fn packed_cells(bytes: &[u8], mut f: impl FnMut(usize, [i32; 3])) {
        let mut r = Reader { bytes, at: 0 };
        let mut next = 0;
        for _ in 0..r.get() {
            let i = next + r.get() as usize;
            next = i + 1;
            let mask = r.byte();
            let mut part = |k: u8| {
                if mask & (1 << k) != 0 {
                    r.get_signed()
                } else {
                    0
                }
            };
            let (d, s) = (part(0), part(1));
            let _view = (part(2), part(3));
            f(i, [d, s, part(4)]);
        }
    }

    /// A state of `parties` parties unpacked from `bytes`.
    #[cfg(test)]
    pub(crate) fn unpack(bytes: &[u8], parties: usize) -> State {
        use super::{Bits, Ledger};
        let mut s = State {
            ledger: Ledger::new(parties),
            flags: Bits::default(),
            visited: Bits::default(),
        };
        State::unpack_into(bytes, &mut s);
        s
    }
}

/// LEB128: seven bits a byte, small numbers in one byte.
fn put(out: &mut Vec<u8>, mut x: u64) {
    while x >= 0x80 {
        out.push((x as u8) | 0x80);
        x >>= 7;
    }
    out.push(x as u8);
}

/// Zigzag, so that small negative numbers are small too.
fn zigzag(x: i32) -> u32 {
    ((x << 1) ^ (x >> 31)) as u32
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> u8 {
        let b = self.bytes[self.at];
        self.at += 1;
        b
    }

    fn get(&mut self) -> u64 {
        let mut x = 0u64;
        let mut shift = 0;
        loop {
            let b = self.byte();
            x |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return x;
            }
            shift += 7;
        }
    }

    fn get_signed(&mut self) -> i32 {
        let z = self.get() as u32;
        ((z >> 1) as i32) ^ -((z & 1) as i32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::scenario::Layer;
    use crate::ids::{FlagId, Id, PartyId};
    use crate::play::ledger::LedgerChange;

    fn p(i: usize) -> PartyId {
        PartyId::from_index(i)
    }

    #[test]
    fn a_state_unpacks_to_itself_and_equal_states_pack_alike() {
        let mut s = State::new(4);
        let changes = [
            LedgerChange::Transfer {
                from: p(0),
                to: p(3),
                layer: Layer::Seen,
                amount: -7,
                giver_counts: 0,
                receiver_counts: -7,
            },
            LedgerChange::Transfer {
                from: p(2),
                to: p(1),
                layer: Layer::Deal,
                amount: i32::MAX,
                giver_counts: i32::MIN,
                receiver_counts: 300,
            },
            LedgerChange::Felt {
                who: p(3),
                toward: p(0),
                delta: 5,
            },
            LedgerChange::Learn {
                who: p(1),
                holder: p(2),
                with: p(3),
            },
            LedgerChange::Flag {
                flag: FlagId::from_index(70),
                on: true,
            },
        ];
        let mut scratch = State::new(4);
        for change in &changes {
            s.apply(change);
            let mut bytes = Vec::new();
            s.pack(&mut bytes);
            State::unpack_into(&bytes, &mut scratch);
            assert_eq!(scratch, s);
            assert_eq!(State::unpack(&bytes, 4), s);
        }
        // Built in another order, equal states pack to equal bytes.
        let mut t = State::new(4);
        for change in changes.iter().rev() {
            t.apply(change);
        }
        assert_eq!(t, s);
        let (mut a, mut b) = (Vec::new(), Vec::new());
        s.pack(&mut a);
        t.pack(&mut b);
        assert_eq!(a, b);
        // Read back from JSON, the ledger no longer knows which cells it touched, and still
        // packs, lists its pairs and unpacks the same.
        let back: State = serde_json::from_str(&serde_json::to_string(&s).unwrap()).unwrap();
        assert!(back.ledger.touched.unknown);
        let mut c = Vec::new();
        back.pack(&mut c);
        assert_eq!(c, a);
        assert!(back.ledger.pairs().eq(s.ledger.pairs()));
        let mut into = back.clone();
        State::unpack_into(&a, &mut into);
        assert_eq!(into, s);
        // The empty state is a handful of bytes, not tables.
        let mut empty = Vec::new();
        State::new(1000).pack(&mut empty);
        assert_eq!(empty.len(), 4);
    }
}
