//! Word frequencies in Rust with std collections: generates a text of n words (a Zipf-like draw
//! from a vocabulary of made-up words), splits it, counts the words in a HashMap keyed by byte
//! slices, sorts the counts, and returns a CRC-32 of the "count word" report. Vec and HashMap
//! growth, slice hashing, sort_by and a table-driven CRC: allocator-heavy, bounds-checked code.
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a: deterministic (std's default hasher would be seeded per process on other targets).
#[derive(Default)]
struct Fnv(u64);
impl Hasher for Fnv {
    fn finish(&self) -> u64 { self.0 }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf29ce484222325 } else { self.0 };
        for &b in bytes { h = (h ^ b as u64).wrapping_mul(0x100000001b3); }
        self.0 = h;
    }
}

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn crc32_table() -> [u32; 256] {
    let mut table = [0u32; 256];
    for i in 0..256u32 {
        let mut c = i;
        for _ in 0..8 { c = if c & 1 != 0 { 0xedb88320 ^ (c >> 1) } else { c >> 1 }; }
        table[i as usize] = c;
    }
    table
}

fn crc32(table: &[u32; 256], data: &[u8]) -> u32 {
    let mut c = !0u32;
    for &b in data { c = table[((c ^ b as u32) & 0xff) as usize] ^ (c >> 8); }
    !c
}

fn make_vocabulary(rng: &mut Rng, size: usize) -> Vec<Vec<u8>> {
    const SYLLABLES: [&str; 16] = ["ka", "lo", "mi", "ren", "tu", "sha", "po", "gri", "ve", "an", "dor", "ix", "ul", "e", "brak", "sen"];
    (0..size)
        .map(|_| {
            let parts = 1 + (rng.next() % 4) as usize;
            (0..parts).flat_map(|_| SYLLABLES[(rng.next() % 16) as usize].bytes()).collect()
        })
        .collect()
}

#[no_mangle]
pub extern "C" fn run(words: i32) -> i32 {
    let mut rng = Rng(0x9e3779b97f4a7c15);
    let vocabulary = make_vocabulary(&mut rng, 4096);
    let mut text = Vec::with_capacity(words as usize * 8);
    for _ in 0..words {
        // Zipf-like: small indices are far more frequent.
        let r = rng.next();
        let index = ((r % 4096) * ((r >> 12) % 4096) / 4096) as usize;
        text.extend_from_slice(&vocabulary[index]);
        text.push(if r >> 60 == 0 { b'\n' } else { b' ' });
    }
    let mut counts: HashMap<&[u8], u32, BuildHasherDefault<Fnv>> = HashMap::default();
    for word in text.split(|&b| b == b' ' || b == b'\n').filter(|w| !w.is_empty()) {
        *counts.entry(word).or_insert(0) += 1;
    }
    let mut sorted: Vec<(&[u8], u32)> = counts.into_iter().collect();
    sorted.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    let mut report = Vec::new();
    for (word, count) in &sorted {
        report.extend_from_slice(count.to_string().as_bytes());
        report.push(b' ');
        report.extend_from_slice(word);
        report.push(b'\n');
    }
    let table = crc32_table();
    (crc32(&table, &report) ^ crc32(&table, &text) ^ sorted.len() as u32) as i32
}
