//! [`Few`]: a short list kept inline, for the lists of a decision (sanctions, adjustments,
//! reviews) that hold a handful of items. Deciding a case then allocates nothing for them; a
//! longer list moves to the heap once, so nothing is ever lost.

use std::ops::Deref;

/// Up to `N` items inline, any number beyond on the heap. Reads as a slice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Few<T: Copy + Default, const N: usize> {
    len: usize,
    inline: [T; N],
    /// Every item, once more than `N` were pushed (then `inline` is unused).
    heap: Vec<T>,
}

impl<T: Copy + Default, const N: usize> Default for Few<T, N> {
    fn default() -> Self {
        Few {
            len: 0,
            inline: [T::default(); N],
            heap: Vec::new(),
        }
    }
}

impl<T: Copy + Default, const N: usize> Few<T, N> {
    /// Appends `x`.
    #[inline]
    pub(crate) fn push(&mut self, x: T) {
        if self.heap.is_empty() {
            if let Some(slot) = self.inline.get_mut(self.len) {
                *slot = x;
                self.len += 1;
                return;
            }
            self.heap.extend_from_slice(&self.inline);
        }
        self.heap.push(x);
        self.len += 1;
    }

    /// Keeps the items for which `keep` holds, in order.
    pub(crate) fn retain(&mut self, mut keep: impl FnMut(&T) -> bool) {
        let mut out = Few::default();
        for x in self.iter().filter(|x| keep(x)) {
            out.push(*x);
        }
        *self = out;
    }

    /// Removes every item.
    pub(crate) fn clear(&mut self) {
        *self = Few::default();
    }
}

impl<T: Copy + Default, const N: usize> Deref for Few<T, N> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        if self.heap.is_empty() {
            self.inline.get(..self.len).unwrap_or(&[])
        } else {
            &self.heap
        }
    }
}

impl<'s, T: Copy + Default, const N: usize> IntoIterator for &'s Few<T, N> {
    type Item = &'s T;
    type IntoIter = std::slice::Iter<'s, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::Few;

    #[test]
    fn spills_past_the_inline_items_and_keeps_order() {
        let mut f: Few<u32, 2> = Few::default();
        assert!(f.is_empty());
        for i in 1..=5 {
            f.push(i);
        }
        assert_eq!(&f[..], &[1, 2, 3, 4, 5]);
        f.retain(|x| x % 2 == 1);
        assert_eq!(&f[..], &[1, 3, 5]);
        f.clear();
        f.push(7);
        assert_eq!(f.iter().copied().collect::<Vec<_>>(), vec![7]);
    }
}
