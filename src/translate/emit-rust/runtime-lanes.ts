/**
 * Rust source of `jsrt::F64x4` and its math (see runtime.ts for how snippets are assembled):
 * four f64 lanes for the loops the lane printer (lanes.ts) runs four elements at a time.
 *
 * Every lane operation is the scalar one applied to each lane, bit for bit, so a loop printed
 * in lanes computes exactly what it computes one element at a time: + - * / and sqrt are IEEE
 * in both, `exp_x4` / `log_x4` run the same operations as the table-driven `jsrt::exp` /
 * `jsrt::log` (and hand a lane outside their range to those, as the scalar ones hand it to
 * libm), `min_x4` / `max_x4` keep Math.min/max's NaN and ±0 rules. Where the build target has
 * AVX2 and FMA (the aggressive profile's target-cpu=native) a value is one 256-bit register;
 * elsewhere it is a plain array and each operation calls the scalar function per lane.
 */
import type { RuntimeSnippet } from './runtime.js';

const LANES = `/// Four f64 lanes: what a loop printed four elements at a time computes with. Each operation
/// is the scalar one applied lane by lane, bit for bit (AVX2 + FMA registers where the target
/// has them, a plain array elsewhere).
pub use lanes::{exp_x4, log_x4, max_x4, min_x4, F64x4};

#[cfg(all(
    target_arch = "x86_64",
    target_feature = "avx2",
    target_feature = "fma"
))]
mod lanes {
    // Every \`unsafe\` below is an AVX2 / FMA intrinsic (or an unaligned store into a local
    // array): this module is only compiled for targets that have both.
    use std::arch::x86_64::*;
    use std::ops::{Add, Div, Mul, Neg, Sub};

    #[derive(Clone, Copy)]
    pub struct F64x4(__m256d);

    impl F64x4 {
        #[inline]
        pub fn splat(x: f64) -> Self {
            F64x4(splat(x))
        }

        #[inline]
        pub fn new(v: [f64; 4]) -> Self {
            F64x4(unsafe { _mm256_setr_pd(v[0], v[1], v[2], v[3]) })
        }

        #[inline]
        pub fn to_array(self) -> [f64; 4] {
            let mut out = [0.0; 4];
            unsafe { _mm256_storeu_pd(out.as_mut_ptr(), self.0) };
            out
        }

        #[inline]
        pub fn sqrt(self) -> Self {
            F64x4(unsafe { _mm256_sqrt_pd(self.0) })
        }

        #[inline]
        pub fn abs(self) -> Self {
            F64x4(unsafe { _mm256_andnot_pd(splat(-0.0), self.0) })
        }

        #[inline]
        fn bits(self) -> __m256i {
            unsafe { _mm256_castpd_si256(self.0) }
        }
    }

    macro_rules! lane_op {
        ($trait:ident, $method:ident, $intrinsic:ident) => {
            impl $trait for F64x4 {
                type Output = F64x4;
                #[inline]
                fn $method(self, other: F64x4) -> F64x4 {
                    F64x4(unsafe { $intrinsic(self.0, other.0) })
                }
            }
        };
    }
    lane_op!(Add, add, _mm256_add_pd);
    lane_op!(Sub, sub, _mm256_sub_pd);
    lane_op!(Mul, mul, _mm256_mul_pd);
    lane_op!(Div, div, _mm256_div_pd);

    impl Neg for F64x4 {
        type Output = F64x4;
        #[inline]
        fn neg(self) -> F64x4 {
            F64x4(unsafe { _mm256_xor_pd(self.0, splat(-0.0)) })
        }
    }

    #[inline]
    fn splat(x: f64) -> __m256d {
        unsafe { _mm256_set1_pd(x) }
    }

    #[inline]
    fn int(x: i64) -> __m256i {
        unsafe { _mm256_set1_epi64x(x) }
    }

    /// Whether any lane of a comparison result is set.
    #[inline]
    fn any(mask: __m256i) -> bool {
        unsafe { _mm256_movemask_pd(_mm256_castsi256_pd(mask)) != 0 }
    }

    /// \`Math.min\` per lane: NaN wins, and -0 is below +0.
    #[inline]
    pub fn min_x4(a: F64x4, b: F64x4) -> F64x4 {
        let (a, b) = (a.0, b.0);
        unsafe {
            let m = _mm256_blendv_pd(b, a, _mm256_cmp_pd::<_CMP_LT_OQ>(a, b));
            let m = _mm256_blendv_pd(m, _mm256_or_pd(a, b), _mm256_cmp_pd::<_CMP_EQ_OQ>(a, b));
            F64x4(_mm256_blendv_pd(m, a, _mm256_cmp_pd::<_CMP_UNORD_Q>(a, a)))
        }
    }

    /// \`Math.max\` per lane: NaN wins, and +0 is above -0.
    #[inline]
    pub fn max_x4(a: F64x4, b: F64x4) -> F64x4 {
        let (a, b) = (a.0, b.0);
        unsafe {
            let m = _mm256_blendv_pd(b, a, _mm256_cmp_pd::<_CMP_GT_OQ>(a, b));
            let m = _mm256_blendv_pd(m, _mm256_and_pd(a, b), _mm256_cmp_pd::<_CMP_EQ_OQ>(a, b));
            F64x4(_mm256_blendv_pd(m, a, _mm256_cmp_pd::<_CMP_UNORD_Q>(a, a)))
        }
    }

    /// \`Math.exp\` per lane: \`jsrt::exp\`'s operations on four lanes at once.
    #[inline]
    pub fn exp_x4(x: F64x4) -> F64x4 {
        const SHIFT: f64 = 6_755_399_441_055_744.0; // 1.5 * 2^52: adding it rounds to an integer
        unsafe {
            // |x| >= 512, inf and NaN: the scalar function (and through it libm) for every lane.
            let top = _mm256_and_si256(_mm256_srli_epi64::<52>(x.bits()), int(0x7ff));
            if any(_mm256_cmpgt_epi64(top, int(0x407))) {
                return F64x4::new(x.to_array().map(super::exp));
            }
            let kd = _mm256_fmadd_pd(x.0, splat(super::EXP_INV_LN2_N), splat(SHIFT));
            let k = _mm256_sub_epi64(_mm256_castpd_si256(kd), int(SHIFT.to_bits() as i64));
            let kd = _mm256_sub_pd(kd, splat(SHIFT));
            let r = _mm256_fmadd_pd(kd, splat(-super::EXP_LN2_N_HI), x.0);
            let r = _mm256_fmadd_pd(kd, splat(-super::EXP_LN2_N_LO), r);
            let mut ks = [0i64; 4];
            _mm256_storeu_si256(ks.as_mut_ptr().cast(), k);
            let entries = ks.map(|k| super::EXP_TABLE[(k & 127) as usize]);
            let [s0, s1, s2, s3] = entries.map(|(scale, _)| scale as i64);
            let [t0, t1, t2, t3] = entries.map(|(_, tail)| f64::from_bits(tail));
            // (k >> 7) << 52 keeps only bits 7..19 of k, so a logical shift serves.
            let exponent = _mm256_slli_epi64::<52>(_mm256_srli_epi64::<7>(k));
            let scale = _mm256_castsi256_pd(_mm256_add_epi64(
                _mm256_setr_epi64x(s0, s1, s2, s3),
                exponent,
            ));
            let r2 = _mm256_mul_pd(r, r);
            let odd = _mm256_fmadd_pd(r, splat(1.0 / 120.0), splat(1.0 / 24.0));
            let even = _mm256_fmadd_pd(r, splat(1.0 / 6.0), splat(0.5));
            let p = _mm256_fmadd_pd(r2, _mm256_fmadd_pd(r2, odd, even), r);
            let tail = _mm256_add_pd(_mm256_setr_pd(t0, t1, t2, t3), p);
            F64x4(_mm256_fmadd_pd(scale, tail, scale))
        }
    }

    /// \`Math.log\` per lane: \`jsrt::log\`'s operations on four lanes at once.
    #[inline]
    pub fn log_x4(x: F64x4) -> F64x4 {
        const OFFSET: i64 = 0x3fe6_0000_0000_0000;
        unsafe {
            // Zero, subnormals, negatives, inf and NaN: the scalar function for every lane. The
            // unsigned test bits - 2^52 >= 0x7fe0... is a signed one with the sign bits flipped.
            let shifted = _mm256_sub_epi64(x.bits(), int(0x0010_0000_0000_0000));
            let flipped = _mm256_xor_si256(shifted, int(i64::MIN));
            if any(_mm256_cmpgt_epi64(
                flipped,
                int((0x7fe0_0000_0000_0000 - 1) ^ i64::MIN),
            )) {
                return F64x4::new(x.to_array().map(super::log));
            }
            let tmp = _mm256_sub_epi64(x.bits(), int(OFFSET));
            let mut ts = [0u64; 4];
            _mm256_storeu_si256(ts.as_mut_ptr().cast(), tmp);
            let entries = ts.map(|t| super::LOG_TABLE[((t >> 45) & 127) as usize]);
            let [i0, i1, i2, i3] = entries.map(|e| f64::from_bits(e.0));
            let [c0, c1, c2, c3] = entries.map(|e| f64::from_bits(e.1));
            let [l0, l1, l2, l3] = entries.map(|e| f64::from_bits(e.2));
            let (invc, logc, logc_lo) = (
                _mm256_setr_pd(i0, i1, i2, i3),
                _mm256_setr_pd(c0, c1, c2, c3),
                _mm256_setr_pd(l0, l1, l2, l3),
            );
            // k = tmp >> 52 (arithmetic) as f64, exactly: bias the 12-bit field to unsigned, put
            // it in the low mantissa bits of 2^52 and subtract 2^52 + the bias.
            let biased = _mm256_and_si256(
                _mm256_add_epi64(_mm256_srli_epi64::<52>(tmp), int(2048)),
                int(4095),
            );
            let magic = _mm256_castsi256_pd(_mm256_or_si256(biased, int(0x4330_0000_0000_0000)));
            let kd = _mm256_sub_pd(magic, splat(4_503_599_627_370_496.0 + 2048.0));
            let z = _mm256_castsi256_pd(_mm256_sub_epi64(
                x.bits(),
                _mm256_and_si256(tmp, int(0xfff << 52)),
            ));
            let r = _mm256_fmadd_pd(z, invc, splat(-1.0));
            let a = _mm256_mul_pd(kd, splat(super::LOG_LN2_HI));
            let w = _mm256_add_pd(a, logc);
            let w_err = _mm256_add_pd(_mm256_sub_pd(a, w), logc);
            let hi = _mm256_add_pd(w, r);
            let lo_sum = _mm256_add_pd(
                w_err,
                _mm256_fmadd_pd(kd, splat(super::LOG_LN2_LO), logc_lo),
            );
            let lo = _mm256_add_pd(_mm256_add_pd(_mm256_sub_pd(w, hi), r), lo_sum);
            let r2 = _mm256_mul_pd(r, r);
            let r4 = _mm256_mul_pd(r2, r2);
            let high = _mm256_fmadd_pd(r, splat(1.0 / 9.0), splat(-0.125));
            let high = _mm256_fmadd_pd(
                r2,
                high,
                _mm256_fmadd_pd(r, splat(1.0 / 7.0), splat(-1.0 / 6.0)),
            );
            let low = _mm256_fmadd_pd(r, splat(0.2), splat(-0.25));
            let low = _mm256_fmadd_pd(r2, low, _mm256_fmadd_pd(r, splat(1.0 / 3.0), splat(-0.5)));
            let p = _mm256_mul_pd(r2, _mm256_fmadd_pd(r4, high, low));
            F64x4(_mm256_add_pd(hi, _mm256_add_pd(lo, p)))
        }
    }
}

#[cfg(not(all(
    target_arch = "x86_64",
    target_feature = "avx2",
    target_feature = "fma"
)))]
mod lanes {
    use std::ops::{Add, Div, Mul, Neg, Sub};

    #[derive(Clone, Copy)]
    pub struct F64x4([f64; 4]);

    impl F64x4 {
        #[inline]
        pub fn splat(x: f64) -> Self {
            F64x4([x; 4])
        }

        #[inline]
        pub fn new(v: [f64; 4]) -> Self {
            F64x4(v)
        }

        #[inline]
        pub fn to_array(self) -> [f64; 4] {
            self.0
        }

        #[inline]
        pub fn sqrt(self) -> Self {
            F64x4(self.0.map(f64::sqrt))
        }

        #[inline]
        pub fn abs(self) -> Self {
            F64x4(self.0.map(f64::abs))
        }

        #[inline]
        fn zip(self, other: F64x4, f: impl Fn(f64, f64) -> f64) -> F64x4 {
            F64x4(std::array::from_fn(|i| f(self.0[i], other.0[i])))
        }
    }

    macro_rules! lane_op {
        ($trait:ident, $method:ident, $op:tt) => {
            impl $trait for F64x4 {
                type Output = F64x4;
                #[inline]
                fn $method(self, other: F64x4) -> F64x4 {
                    self.zip(other, |a, b| a $op b)
                }
            }
        };
    }
    lane_op!(Add, add, +);
    lane_op!(Sub, sub, -);
    lane_op!(Mul, mul, *);
    lane_op!(Div, div, /);

    impl Neg for F64x4 {
        type Output = F64x4;
        #[inline]
        fn neg(self) -> F64x4 {
            F64x4(self.0.map(|x| -x))
        }
    }

    /// \`Math.min\` per lane.
    #[inline]
    pub fn min_x4(a: F64x4, b: F64x4) -> F64x4 {
        a.zip(b, super::min)
    }

    /// \`Math.max\` per lane.
    #[inline]
    pub fn max_x4(a: F64x4, b: F64x4) -> F64x4 {
        a.zip(b, super::max)
    }

    /// \`Math.exp\` per lane.
    #[inline]
    pub fn exp_x4(x: F64x4) -> F64x4 {
        F64x4(x.0.map(super::exp))
    }

    /// \`Math.log\` per lane.
    #[inline]
    pub fn log_x4(x: F64x4) -> F64x4 {
        F64x4(x.0.map(super::log))
    }
}`;

export const LANE_SNIPPETS: RuntimeSnippet[] = [{ name: 'lanes', deps: ['exp', 'log', 'min', 'max'], code: LANES }];
