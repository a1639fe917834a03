// Rust with +simd128: std::arch::wasm32 intrinsics (a vectorized sum of squares over i32 lanes
// widened to i64, a byte histogram of lowercase letters with i8x16 compares, an f64x2 polynomial)
// and plain iterator code the compiler vectorizes. Each result is printed, for engine comparison.
use std::arch::wasm32::*;

fn sum_of_squares(xs: &[i32]) -> i64 {
    let mut acc = i64x2_splat(0);
    for chunk in xs.chunks_exact(4) {
        let v = i32x4(chunk[0], chunk[1], chunk[2], chunk[3]);
        acc = i64x2_add(acc, i64x2_extmul_low_i32x4(v, v));
        acc = i64x2_add(acc, i64x2_extmul_high_i32x4(v, v));
    }
    let tail: i64 = xs.chunks_exact(4).remainder().iter().map(|&x| x as i64 * x as i64).sum();
    i64x2_extract_lane::<0>(acc) + i64x2_extract_lane::<1>(acc) + tail
}

fn count_lowercase(bytes: &[u8]) -> usize {
    let (a, z) = (u8x16_splat(b'a'), u8x16_splat(b'z'));
    let mut count = 0;
    for chunk in bytes.chunks_exact(16) {
        let v = unsafe { v128_load(chunk.as_ptr() as *const v128) };
        let lower = v128_and(u8x16_ge(v, a), u8x16_le(v, z));
        count += u8x16_bitmask(lower).count_ones() as usize;
    }
    count + bytes.chunks_exact(16).remainder().iter().filter(|b| b.is_ascii_lowercase()).count()
}

fn horner(xs: &[f64; 4], coefficients: &[f64]) -> [f64; 4] {
    let (mut lo, mut hi) = (f64x2_splat(0.0), f64x2_splat(0.0));
    let (x_lo, x_hi) = (f64x2(xs[0], xs[1]), f64x2(xs[2], xs[3]));
    for &c in coefficients {
        lo = f64x2_add(f64x2_mul(lo, x_lo), f64x2_splat(c));
        hi = f64x2_add(f64x2_mul(hi, x_hi), f64x2_splat(c));
    }
    [f64x2_extract_lane::<0>(lo), f64x2_extract_lane::<1>(lo), f64x2_extract_lane::<0>(hi), f64x2_extract_lane::<1>(hi)]
}

fn main() {
    let xs: Vec<i32> = (0..1003).map(|i: i32| i.wrapping_mul(2_654_435_761u32 as i32) >> 12).collect();
    println!("sum of squares {}", sum_of_squares(&xs));
    let plain: i64 = xs.iter().map(|&x| x as i64 * x as i64).sum();
    println!("plain sum of squares {}", plain);
    let text = b"SIMD in Rust: Sixteen Lanes Of Bytes, compared at once; the rest one by one.";
    println!("lowercase letters {}", count_lowercase(text));
    println!("polynomial {:?}", horner(&[0.5, -1.0, 2.0, 3.25], &[1.0, -2.0, 0.5, 3.0]));
    let scaled: Vec<u8> = text.iter().map(|&b| b.wrapping_mul(3).wrapping_add(1)).collect();
    println!("scaled checksum {}", scaled.iter().fold(0u32, |h, &b| h.wrapping_mul(31).wrapping_add(b as u32)));
}
