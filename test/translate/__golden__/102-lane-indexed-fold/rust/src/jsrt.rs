//! JavaScript semantics the translated code relies on, where Rust's std differs: number
//! formatting, half-up rounding, UTF-16 string indices, insertion-ordered maps, and a clock
//! and `Math.random` that the golden-vector replay pins.

use std::cell::Cell;
use std::time::{SystemTime, UNIX_EPOCH};

/// `Math.min(a, b)`: NaN wins, and -0 is below +0. Written so it compiles to selects, not
/// branches: which argument wins is usually data-dependent in the loops that call it.
#[inline]
pub fn min(a: f64, b: f64) -> f64 {
    let either_negative_zero = f64::from_bits(a.to_bits() | b.to_bits());
    let m = if a == b {
        either_negative_zero
    } else if a < b {
        a
    } else {
        b
    };
    if a.is_nan() {
        a
    } else {
        m
    }
}

/// `Math.max(a, b)`: NaN wins, and +0 is above -0. Selects, not branches, as in `min`.
#[inline]
pub fn max(a: f64, b: f64) -> f64 {
    let both_negative_zero = f64::from_bits(a.to_bits() & b.to_bits());
    let m = if a == b {
        both_negative_zero
    } else if a > b {
        a
    } else {
        b
    };
    if a.is_nan() {
        a
    } else {
        m
    }
}

thread_local! {
    static CLOCK_MS: Cell<Option<f64>> = const { Cell::new(None) };
    static RANDOM_STATE: Cell<Option<u32>> = const { Cell::new(None) };
}

/// Pins `Date.now()` / `new Date()` for this thread (the vector replay pins it per vector).
pub fn set_clock_ms(ms: f64) {
    CLOCK_MS.with(|c| c.set(Some(ms)));
}

/// Seeds this thread's `Math.random` (mulberry32, bit-for-bit the recorder's generator).
pub fn seed_random(seed: u32) {
    RANDOM_STATE.with(|s| s.set(Some(seed)));
}

/// `Date.now()`: the pinned clock, or the system clock when none is pinned.
pub fn now_ms() -> f64 {
    CLOCK_MS.with(Cell::get).unwrap_or_else(|| {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0.0, |d| d.as_millis() as f64)
    })
}

/// `Math.random()`: mulberry32 over the seeded (or clock-seeded) state.
pub fn random() -> f64 {
    RANDOM_STATE.with(|state| {
        let seed = state.get().unwrap_or_else(|| now_ms() as u32);
        let a = seed.wrapping_add(0x6D2B_79F5);
        state.set(Some(a));
        let mut t = (a ^ (a >> 15)).wrapping_mul(1 | a);
        t = t.wrapping_add((t ^ (t >> 7)).wrapping_mul(61 | t)) ^ t;
        f64::from(t ^ (t >> 14)) / 4_294_967_296.0
    })
}

/// 2^(j/128) for j in 0..128, as the bits of the nearest f64 and of its relative error.
#[cfg(target_feature = "fma")]
static EXP_TABLE: [(u64, u64); 128] = [
    (0x3ff0000000000000, 0x0000000000000000),
    (0x3ff0163da9fb3335, 0x3c9b3b4f1a88bf6e),
    (0x3ff02c9a3e778061, 0xbc7160139cd8dc5d),
    (0x3ff04315e86e7f85, 0xbc905e7a108766d1),
    (0x3ff059b0d3158574, 0x3c8cd2523567f613),
    (0x3ff0706b29ddf6de, 0xbc8bce8023f98efa),
    (0x3ff0874518759bc8, 0x3c60f74e61e6c861),
    (0x3ff09e3ecac6f383, 0x3c90a3e45b33d399),
    (0x3ff0b5586cf9890f, 0x3c979aa65d837b6d),
    (0x3ff0cc922b7247f7, 0x3c8eb51a92fdeffc),
    (0x3ff0e3ec32d3d1a2, 0x3c3ebe3d702f9cd1),
    (0x3ff0fb66affed31b, 0xbc6a033489906e0b),
    (0x3ff11301d0125b51, 0xbc9556522a2fbd0e),
    (0x3ff12abdc06c31cc, 0xbc5080ef8c4eea55),
    (0x3ff1429aaea92de0, 0xbc91c923b9d5f416),
    (0x3ff15a98c8a58e51, 0x3c80d3e3e95c55af),
    (0x3ff172b83c7d517b, 0xbc801b15eaa59348),
    (0x3ff18af9388c8dea, 0xbc8f1ff055de323d),
    (0x3ff1a35beb6fcb75, 0x3c8b898c3f1353bf),
    (0x3ff1bbe084045cd4, 0xbc96d99c7611eb26),
    (0x3ff1d4873168b9aa, 0x3c9aecf73e3a2f60),
    (0x3ff1ed5022fcd91d, 0xbc8fe782cb86389d),
    (0x3ff2063b88628cd6, 0x3c8a6f4144a6c38d),
    (0x3ff21f49917ddc96, 0x3c807a05b0e4047d),
    (0x3ff2387a6e756238, 0x3c968efde3a8a894),
    (0x3ff251ce4fb2a63f, 0x3c875e18f274487d),
    (0x3ff26b4565e27cdd, 0x3c80472b981fe7f2),
    (0x3ff284dfe1f56381, 0xbc96b87b3f71085e),
    (0x3ff29e9df51fdee1, 0x3c82f7e16d09ab31),
    (0x3ff2b87fd0dad990, 0xbc3d219b1a6fbffa),
    (0x3ff2d285a6e4030b, 0x3c8b3782720c0ab4),
    (0x3ff2ecafa93e2f56, 0x3c6e149289cecb8f),
    (0x3ff306fe0a31b715, 0x3c834d754db0abb6),
    (0x3ff32170fc4cd831, 0x3c864201e2ac744c),
    (0x3ff33c08b26416ff, 0x3c8fdd395dd3f84a),
    (0x3ff356c55f929ff1, 0xbc86a3803b8e5b04),
    (0x3ff371a7373aa9cb, 0xbc924aedcc4b5068),
    (0x3ff38cae6d05d866, 0xbc9907f81b512d8e),
    (0x3ff3a7db34e59ff7, 0xbc71d1e83e9436d2),
    (0x3ff3c32dc313a8e5, 0xbc991919b3ce1b15),
    (0x3ff3dea64c123422, 0x3c859f48a72a4c6d),
    (0x3ff3fa4504ac801c, 0xbc9312607a28698a),
    (0x3ff4160a21f72e2a, 0xbc58a78f4817895b),
    (0x3ff431f5d950a897, 0xbc7c2c9b67499a1b),
    (0x3ff44e086061892d, 0x3c4363ed60c2ac11),
    (0x3ff46a41ed1d0057, 0x3c9666093b0664ef),
    (0x3ff486a2b5c13cd0, 0x3c6ecce1daa10379),
    (0x3ff4a32af0d7d3de, 0x3c93ff8e3f0f1230),
    (0x3ff4bfdad5362a27, 0x3c7690cebb7aafb0),
    (0x3ff4dcb299fddd0d, 0x3c931dbdeb54e077),
    (0x3ff4f9b2769d2ca7, 0xbc8f94340071a38e),
    (0x3ff516daa2cf6642, 0xbc87deccdc93a349),
    (0x3ff5342b569d4f82, 0xbc78dec6bd0f385f),
    (0x3ff551a4ca5d920f, 0xbc861246ec7b5cf6),
    (0x3ff56f4736b527da, 0x3c93350518fdd78e),
    (0x3ff58d12d497c7fd, 0x3c7b98b72f8a9b05),
    (0x3ff5ab07dd485429, 0x3c9063e1e21c5409),
    (0x3ff5c9268a5946b7, 0x3c34c7855019c6ea),
    (0x3ff5e76f15ad2148, 0x3c9432e62b64c035),
    (0x3ff605e1b976dc09, 0xbc8ce44a6199769f),
    (0x3ff6247eb03a5585, 0xbc8c33c53bef4da8),
    (0x3ff6434634ccc320, 0xbc845378892be9ae),
    (0x3ff6623882552225, 0xbc93cedd78565858),
    (0x3ff68155d44ca973, 0x3c5710aa807e1964),
    (0x3ff6a09e667f3bcd, 0xbc93b3efbf5e2228),
    (0x3ff6c012750bdabf, 0xbc6a12ad8734b982),
    (0x3ff6dfb23c651a2f, 0xbc6367efb86da9ee),
    (0x3ff6ff7df9519484, 0xbc80dc3d54e08851),
    (0x3ff71f75e8ec5f74, 0xbc781f647e5a3ecf),
    (0x3ff73f9a48a58174, 0xbc86ee4ac08b7db0),
    (0x3ff75feb564267c9, 0xbc8619321e55e68a),
    (0x3ff780694fde5d3f, 0x3c909ccb5e09d4d3),
    (0x3ff7a11473eb0187, 0xbc7b32dcb94da51d),
    (0x3ff7c1ed0130c132, 0x3c94ecfd5467c06b),
    (0x3ff7e2f336cf4e62, 0x3c65ebe1abd66c55),
    (0x3ff80427543e1a12, 0xbc88a1c52fb3cf42),
    (0x3ff82589994cce13, 0xbc9369b6f13b3734),
    (0x3ff8471a4623c7ad, 0xbc805e843a19ff1e),
    (0x3ff868d99b4492ed, 0xbc94d450d872576e),
    (0x3ff88ac7d98a6699, 0x3c90ad675b0e8a00),
    (0x3ff8ace5422aa0db, 0x3c8db72fc1f0eab4),
    (0x3ff8cf3216b5448c, 0xbc65b6609cc5e7ff),
    (0x3ff8f1ae99157736, 0x3c7bf68359f35f44),
    (0x3ff9145b0b91ffc6, 0xbc93091fa71e3d83),
    (0x3ff93737b0cdc5e5, 0xbc5da9b88b6c1e29),
    (0x3ff95a44cbc8520f, 0xbc6c23f97c90b959),
    (0x3ff97d829fde4e50, 0xbc92434322f4f9aa),
    (0x3ff9a0f170ca07ba, 0xbc85ca6cd7668e4b),
    (0x3ff9c49182a3f090, 0x3c71affc2b91ce27),
    (0x3ff9e86319e32323, 0x3c6dd235e10a73bb),
    (0x3ffa0c667b5de565, 0xbc87c50422622263),
    (0x3ffa309bec4a2d33, 0x3c8b1c86e3e231d5),
    (0x3ffa5503b23e255d, 0xbc91bbd1d3bcbb15),
    (0x3ffa799e1330b358, 0x3c90cc319cee31d2),
    (0x3ffa9e6b5579fdbf, 0x3c8469846e735ab3),
    (0x3ffac36bbfd3f37a, 0xbc82dfcd978e9db4),
    (0x3ffae89f995ad3ad, 0x3c8c1a7792cb3387),
    (0x3ffb0e07298db666, 0xbc907b8f4ad1d9fa),
    (0x3ffb33a2b84f15fb, 0xbc55c3d956dcaeba),
    (0x3ffb59728de5593a, 0xbc90a40e3da6f640),
    (0x3ffb7f76f2fb5e47, 0xbc68d6f438ad9334),
    (0x3ffba5b030a1064a, 0xbc91eee26b588a35),
    (0x3ffbcc1e904bc1d2, 0x3c74ffd70a5fddcd),
    (0x3ffbf2c25bd71e09, 0xbc91bdfbfa9298ac),
    (0x3ffc199bdd85529c, 0x3c736eae30af0cb3),
    (0x3ffc40ab5fffd07a, 0x3c8ee3325c9ffd94),
    (0x3ffc67f12e57d14b, 0x3c84e08fd10959ac),
    (0x3ffc8f6d9406e7b5, 0x3c63cdaf384e1a67),
    (0x3ffcb720dcef9069, 0x3c676b2c6c921968),
    (0x3ffcdf0b555dc3fa, 0xbc808a1883ccb5d2),
    (0x3ffd072d4a07897c, 0xbc8fad5d3ffffa6f),
    (0x3ffd2f87080d89f2, 0xbc900dae3875a949),
    (0x3ffd5818dcfba487, 0x3c74a385a63d07a7),
    (0x3ffd80e316c98398, 0xbc82919e2040220f),
    (0x3ffda9e603db3285, 0x3c8e5a50d5c192ac),
    (0x3ffdd321f301b460, 0x3c843a59ac016b4b),
    (0x3ffdfc97337b9b5f, 0xbc82d52107b43e1f),
    (0x3ffe264614f5a129, 0xbc892ab93b470dc9),
    (0x3ffe502ee78b3ff6, 0x3c74b604603a88d3),
    (0x3ffe7a51fbc74c83, 0x3c83c5ec519d7271),
    (0x3ffea4afa2a490da, 0xbc8ff7128fd391f0),
    (0x3ffecf482d8e67f1, 0xbc8dae98e223747d),
    (0x3ffefa1bee615a27, 0x3c8ec3bc41aa2008),
    (0x3fff252b376bba97, 0x3c842b94c3a9eb32),
    (0x3fff50765b6e4540, 0x3c8a64a931d185ee),
    (0x3fff7bfdad9cbe14, 0xbc8e37bae43be3ed),
    (0x3fffa7c1819e90d8, 0x3c77893b4d91cd9d),
    (0x3fffd3c22b8f71f1, 0x3c5305c14160cc89),
];

/// 128 / ln 2, and ln 2 / 128 split in a high part whose multiples by k are exact and the rest.
#[cfg(target_feature = "fma")]
const EXP_INV_LN2_N: f64 = f64::from_bits(0x40671547652b82fe);
#[cfg(target_feature = "fma")]
const EXP_LN2_N_HI: f64 = f64::from_bits(0x3f762e42fef00000);
#[cfg(target_feature = "fma")]
const EXP_LN2_N_LO: f64 = f64::from_bits(0x3d6473de6af278ed);

/// Per subinterval of [0.6875, 1.375): 1/c for its centre c and -ln(1/c) as hi + lo; c = 1
/// for the two subintervals that touch 1.
#[cfg(target_feature = "fma")]
static LOG_TABLE: [(u64, u64, u64); 128] = [
    (0x3ff734f0c541fe8d, 0xbfd7cc7f7db46a0e, 0xbc7e3c7fdc323c2d),
    (0x3ff713786d9c7c09, 0xbfd76feecb947176, 0x3c7398d9eb4ea363),
    (0x3ff6f26016f26017, 0xbfd713e33a46a17c, 0x3c6f6cf40b5c71a6),
    (0x3ff6d1a62681c861, 0xbfd6b85b4cffa3fd, 0x3c61af2c8dafcb08),
    (0x3ff6b1490aa31a3d, 0xbfd65d558d4ce00b, 0x3c74e05a4748480a),
    (0x3ff691473a88d0c0, 0xbfd602d08af091ec, 0xbc7a45db7cfd9230),
    (0x3ff6719f3601671a, 0xbfd5a8cadbbedfa1, 0xbc364f5081307f22),
    (0x3ff6524f853b4aa3, 0xbfd54f431b7be1a8, 0x3c50b3f6ef6ae452),
    (0x3ff63356b88ac0de, 0xbfd4f637ebba9810, 0x3c768cb3124b9245),
    (0x3ff614b36831ae94, 0xbfd49da7f3bcc420, 0x3c6d964a168ccacb),
    (0x3ff5f66434292dfc, 0xbfd44591e0539f49, 0xbc4a76d6dc2782da),
    (0x3ff5d867c3ece2a5, 0xbfd3edf463c1683e, 0x3c6c852fe587def8),
    (0x3ff5babcc647fa91, 0xbfd396ce359bbf53, 0x3c45c5663663d163),
    (0x3ff59d61f123ccaa, 0xbfd3401e12aecba0, 0xbc6f95523adc5c9f),
    (0x3ff5805601580560, 0xbfd2e9e2bce12286, 0x3c6f3ed72e23e134),
    (0x3ff56397ba7c52e2, 0xbfd2941afb186b7c, 0xbc46a4678ebaa300),
    (0x3ff54725e6bb82fe, 0xbfd23ec5991eba49, 0xbc276eba35bbf0df),
    (0x3ff52aff56a8054b, 0xbfd1e9e1678899f5, 0xbc564b0dd2687939),
    (0x3ff50f22e111c4c5, 0xbfd1956d3b9bc2f9, 0xbc50e75a3542856f),
    (0x3ff4f38f62dd4c9b, 0xbfd14167ef367784, 0xbc7ef824daaf53e9),
    (0x3ff4d843bedc2c4c, 0xbfd0edd060b78082, 0xbc62d4b610d7d4f5),
    (0x3ff4bd3edda68fe1, 0xbfd09aa572e6c6d4, 0xbc7f9e17343426a9),
    (0x3ff4a27fad76014a, 0xbfd047e60cde83b7, 0xbc708869cbf9e344),
    (0x3ff4880522014880, 0xbfcfeb2233ea07cb, 0xbc28de00938b4c30),
    (0x3ff46dce34596066, 0xbfcf474b134df228, 0x3c39f1df7b5daab7),
    (0x3ff453d9e2c776ca, 0xbfcea4449f04aaf5, 0x3c6f33919ab94074),
    (0x3ff43a2730abee4d, 0xbfce020cc6235ab5, 0x3c6f0adb91423f18),
    (0x3ff420b5265e5951, 0xbfcd60a17f903514, 0x3c650df841a71b7a),
    (0x3ff40782d10e6566, 0xbfccc000c9db3c52, 0xbc567a2a8500729e),
    (0x3ff3ee8f42a5af07, 0xbfcc2028ab17f9b5, 0xbc6c11aa3853a5f0),
    (0x3ff3d5d991aa75c6, 0xbfcb811730b823d4, 0x3c5d7c46328983c6),
    (0x3ff3bd60d9232955, 0xbfcae2ca6f672bd8, 0x3c6a4a356155f779),
    (0x3ff3a524387ac822, 0xbfca454082e6ab03, 0x3c5e0df823a3cb3d),
    (0x3ff38d22d366088e, 0xbfc9a8778debaa3a, 0xbc528fbfb0e3f0fc),
    (0x3ff3755bd1c945ee, 0xbfc90c6db9fcbcdb, 0x3c5357718d7ca4cf),
    (0x3ff35dce5f9f2af8, 0xbfc871213750e994, 0x3c6a97a0ca115d60),
    (0x3ff34679ace01346, 0xbfc7d6903caf5acd, 0x3c60b17c301d6e14),
    (0x3ff32f5ced6a1dfa, 0xbfc73cb9074fd14d, 0x3c6721a000b4cf01),
    (0x3ff3187758e9ebb6, 0xbfc6a399dabbd383, 0xbc676332bd4b341f),
    (0x3ff301c82ac40260, 0xbfc60b3100b09474, 0xbc6526cee0fd7f4a),
    (0x3ff2eb4ea1fed14b, 0xbfc5737cc9018cdd, 0x3c600b28ef013c72),
    (0x3ff2d50a012d50a0, 0xbfc4dc7b897bc1c7, 0xbc4b60ae1ff0e82e),
    (0x3ff2bef98e5a3711, 0xbfc4462b9dc9b3dc, 0x3c485388d830c709),
    (0x3ff2a91c92f3c105, 0xbfc3b08b6757f2a7, 0xbc65e1ad9be0a4cd),
    (0x3ff293725bb804a5, 0xbfc31b994d3a4f86, 0x3c61238b5efe0665),
    (0x3ff27dfa38a1ce4d, 0xbfc28753bc11aba2, 0x3c67394d9fa33313),
    (0x3ff268b37cd60127, 0xbfc1f3b925f25d44, 0xbc608b27be4e6b15),
    (0x3ff2539d7e9177b2, 0xbfc160c8024b27b0, 0x3c4355bfd870afeb),
    (0x3ff23eb79717605b, 0xbfc0ce7ecdccc28b, 0xbc41b57fea88da98),
    (0x3ff22a0122a0122a, 0xbfc03cdc0a51ec0d, 0xbc619e2d3f8b7d10),
    (0x3ff21579804855e6, 0xbfbf57bc7d9005db, 0x3c5d361574fb24e2),
    (0x3ff2012012012012, 0xbfbe3707ee30487b, 0xbc49399d9aaf3b33),
    (0x3ff1ecf43c7fb84c, 0xbfbd179788219362, 0x3c5b12841044a96c),
    (0x3ff1d8f5672e4abd, 0xbfbbf968769fca18, 0x3c506e4fb7af9c69),
    (0x3ff1c522fc1ce059, 0xbfbadc77ee5aea8e, 0xbc5d7d8f39bee658),
    (0x3ff1b17c67f2bae3, 0xbfb9c0c32d4d254d, 0x3c5627a0e199f569),
    (0x3ff19e0119e0119e, 0xbfb8a6477a91dc29, 0x3c53d4190a482421),
    (0x3ff18ab083902bdb, 0xbfb78d02263d82d7, 0xbc5cbca5b4fdb87e),
    (0x3ff1778a191bd684, 0xbfb674f089365a78, 0xbc4ca64e9980e048),
    (0x3ff1648d50fc3201, 0xbfb55e10050e0382, 0xbc59a0629e3973e4),
    (0x3ff151b9a3fdd5c9, 0xbfb4485e03dbdfb0, 0xbc53ba349aadbc6d),
    (0x3ff13f0e8d344724, 0xbfb333d7f8183f4a, 0x3c4adaa06e211e9e),
    (0x3ff12c8b89edc0ac, 0xbfb2207b5c7854a1, 0xbc5b3f0431efb154),
    (0x3ff11a3019a74826, 0xbfb10e45b3cae829, 0xbc59b5ed72e6d974),
    (0x3ff107fbbe011080, 0xbfaffa6911ab9309, 0x3c4cd9f1f95c2ef1),
    (0x3ff0f5edfab325a2, 0xbfadda8adc67ee59, 0x3c431936790bb3b2),
    (0x3ff0e40655826011, 0xbfabbcebfc68f424, 0x3c4cd1862f854848),
    (0x3ff0d24456359e3a, 0xbfa9a187b573de81, 0xbbfb13b26f298a6a),
    (0x3ff0c0a7868b4171, 0xbfa788595a3577c8, 0xbc12f7c4c5b3c8bd),
    (0x3ff0af2f722eecb5, 0xbfa5715c4c03cee1, 0xbc45101dc4ebf91f),
    (0x3ff09ddba6af8360, 0xbfa35c8bfaa13069, 0x3c050830a65543a8),
    (0x3ff08cabb37565e2, 0xbfa149e3e4005a8d, 0x3c3a9a4168fcebeb),
    (0x3ff07b9f29b8eae2, 0xbf9e72bf2813ce6a, 0x3c38a4bba6a354fa),
    (0x3ff06ab59c7912fb, 0xbf9a55f548c5c427, 0xbc2f60d2fc36a0d9),
    (0x3ff059eea0727586, 0xbf963d6178690bbe, 0x3c318ed4d357c9dc),
    (0x3ff04949cc1664c5, 0xbf9228fb1fea2e0a, 0xbc23284991fe3d5c),
    (0x3ff038c6b78247fc, 0xbf8c317384c75f0d, 0xbc2806208c04c21f),
    (0x3ff02864fc7729e9, 0xbf841929f968330c, 0xbc23aae809b43dd0),
    (0x3ff0182436517a37, 0xbf78121214586b02, 0x3c1c7d68c0d910f2),
    (0x3ff0000000000000, 0x0000000000000000, 0x0000000000000000),
    (0x3ff0000000000000, 0x0000000000000000, 0x0000000000000000),
    (0x3fefa11caa01fa12, 0x3f87dc475f810a69, 0x3c274944bc161072),
    (0x3fef6310aca0dbb5, 0x3f93cea44346a584, 0xbc2865ad48159d00),
    (0x3fef25f644230ab5, 0x3f9b9fc027af919a, 0xbc390ae69229dc86),
    (0x3feee9c7f8458e02, 0x3fa1b0d98923d97f, 0xbc474d7444dd6241),
    (0x3feeae807aba01eb, 0x3fa58a5bafc8e4d3, 0xbbfcab8569c56e40),
    (0x3fee741aa59750e4, 0x3fa95c830ec8e3f2, 0x3c3eb41d00a417e9),
    (0x3fee3a9179dc1a73, 0x3fad276b8adb0b56, 0x3c4078f14c95ff53),
    (0x3fee01e01e01e01e, 0x3fb075983598e471, 0x3c5006d2999e22dc),
    (0x3fedca01dca01dca, 0x3fb253f62f0a1417, 0x3c21f6d34e01d981),
    (0x3fed92f2231e7f8a, 0x3fb42edcbea646ee, 0xbc5511583653349b),
    (0x3fed5cac807572b2, 0x3fb60658a93750c4, 0xbc4f108b1d8436d3),
    (0x3fed272ca3fc5b1a, 0x3fb7da766d7b12d0, 0x3c4a2240644d7da2),
    (0x3fecf26e5c44bfc6, 0x3fb9ab42462033ae, 0xbc4a099e1c184e8e),
    (0x3fecbe6d9601cbe7, 0x3fbb78c82bb0eda0, 0xbc53ef0e61f9b03c),
    (0x3fec8b265afb8a42, 0x3fbd4313d66cb35d, 0x3c5b90dd951d90fa),
    (0x3fec5894d10d4986, 0x3fbf0a30c01162a4, 0x3c48be64b8b7759b),
    (0x3fec26b5392ea01c, 0x3fc0671512ca596f, 0xbc52f39b81479b67),
    (0x3febf583ee868d8b, 0x3fc14785846742ac, 0x3c394409f1d3f83a),
    (0x3febc4fd65883e7b, 0x3fc2266f190a5acd, 0xbc6dab840e7f6177),
    (0x3feb951e2b18ff23, 0x3fc303d718e47fd5, 0xbc6b5ae71f658247),
    (0x3feb65e2e3beee05, 0x3fc3dfc2b0ecc62a, 0x3c6ba62b8c13f7f4),
    (0x3feb37484ad806ce, 0x3fc4ba36f39a55e5, 0xbc6f767e433c98aa),
    (0x3feb094b31d922a4, 0x3fc59338d9982085, 0x3c68d16eaaba9419),
    (0x3feadbe87f94905e, 0x3fc66acd4272ad51, 0xbc49201c9c3d5165),
    (0x3feaaf1d2f87ebfd, 0x3fc740f8f54037a3, 0x3c56d9bf9d57b326),
    (0x3fea82e65130e159, 0x3fc815c0a14357e9, 0x3c5141b7f8c5fa9e),
    (0x3fea574107688a4a, 0x3fc8e928de886d41, 0x3c42589eb96a6240),
    (0x3fea2c2a87c51ca0, 0x3fc9bb362e7dfb85, 0xbc551439c1ff83e7),
    (0x3fea01a01a01a01a, 0x3fca8becfc882f19, 0xbc5a8c37918c39eb),
    (0x3fe9d79f176b682d, 0x3fcb5b519e8fb5a6, 0xbc6d5d8023e61e5f),
    (0x3fe9ae24ea5510da, 0x3fcc2968558c18c2, 0x3c36108e3ae024ac),
    (0x3fe9852f0d8ec0ff, 0x3fccf6354e09c5dd, 0x3c6339a07d55b696),
    (0x3fe95cbb0be377ae, 0x3fcdc1bca0abec7b, 0x3c5c698a33316dfb),
    (0x3fe934c67f9b2ce6, 0x3fce8c0252aa5a60, 0xbc3dc074737f9135),
    (0x3fe90d4f120190d5, 0x3fcf550a564b7b37, 0xbc613a09202fe73d),
    (0x3fe8e6527af1373f, 0x3fd00e6c45ad501d, 0xbc63b9568ff6fead),
    (0x3fe8bfce8062ff3a, 0x3fd071b85fcd590d, 0x3c608b83fcbdef40),
    (0x3fe899c0f601899c, 0x3fd0d46b579ab74b, 0x3c721f640e1e5ec9),
    (0x3fe87427bcc092b9, 0x3fd136870293a8b0, 0x3c686cc531dba494),
    (0x3fe84f00c2780614, 0x3fd1980d2dd4236f, 0xbc702c2e4f1b2eb9),
    (0x3fe82a4a0182a4a0, 0x3fd1f8ff9e48a2f3, 0xbc693fbf3418960d),
    (0x3fe8060180601806, 0x3fd2596010df763a, 0xbc49eed8ae0ebd3c),
    (0x3fe7e225515a4f1d, 0x3fd2b9303ab89d25, 0xbc585ad7f614ab51),
    (0x3fe7beb3922e017c, 0x3fd31871c9544185, 0xbc6ea3598981366f),
    (0x3fe79baa6bb6398b, 0x3fd3772662bfd85c, 0x3c602a7589fba088),
    (0x3fe77908119ac60d, 0x3fd3d54fa5c1f710, 0x3c553668e578d9cd),
    (0x3fe756cac201756d, 0x3fd432ef2a04e813, 0xbc683262e2b59206),
];

/// ln 2 in a high part whose multiples by the exponent are exact, and the rest.
#[cfg(target_feature = "fma")]
const LOG_LN2_HI: f64 = f64::from_bits(0x3fe62e42fefa3800);
#[cfg(target_feature = "fma")]
const LOG_LN2_LO: f64 = f64::from_bits(0x3d2ef35793c76730);

/// `Math.exp`: inlinable and table-driven where the target has FMA (under 1 ulp), else libm.
#[cfg(target_feature = "fma")]
#[inline]
pub fn exp(x: f64) -> f64 {
    #[cold]
    #[inline(never)]
    fn outside(x: f64) -> f64 {
        x.exp()
    }
    // |x| >= 512, inf and NaN leave the scaling below; libm handles them.
    if (x.to_bits() >> 52) & 0x7ff >= 0x408 {
        return outside(x);
    }
    // x = k ln2/128 + r, |r| <= ln2/256; exp(x) = 2^(k/128) e^r, 2^(k/128) from the table.
    const SHIFT: f64 = 6_755_399_441_055_744.0; // 1.5 * 2^52: adding it rounds to an integer
    let kd = x.mul_add(EXP_INV_LN2_N, SHIFT);
    let k = kd.to_bits().wrapping_sub(SHIFT.to_bits()) as i64;
    let kd = kd - SHIFT;
    let r = kd.mul_add(-EXP_LN2_N_LO, kd.mul_add(-EXP_LN2_N_HI, x));
    let (scale, tail) = EXP_TABLE[(k & 127) as usize];
    let scale = f64::from_bits(scale.wrapping_add(((k >> 7) << 52) as u64));
    let r2 = r * r;
    let p = r2.mul_add(
        r2.mul_add(
            r.mul_add(1.0 / 120.0, 1.0 / 24.0),
            r.mul_add(1.0 / 6.0, 0.5),
        ),
        r,
    );
    scale.mul_add(f64::from_bits(tail) + p, scale)
}

/// `Math.exp`: the platform libm (this target has no FMA for the inlinable one).
#[cfg(not(target_feature = "fma"))]
#[inline]
pub fn exp(x: f64) -> f64 {
    x.exp()
}

/// `Math.log`: inlinable and table-driven where the target has FMA (under 1 ulp), else libm.
#[cfg(target_feature = "fma")]
#[inline]
pub fn log(x: f64) -> f64 {
    #[cold]
    #[inline(never)]
    fn outside(x: f64) -> f64 {
        x.ln()
    }
    const OFFSET: u64 = 0x3fe6000000000000;
    let bits = x.to_bits();
    // Zero, subnormals, negatives, inf and NaN: libm.
    if bits.wrapping_sub(0x0010_0000_0000_0000) >= 0x7fe0_0000_0000_0000 {
        return outside(x);
    }
    // x = 2^k z, z in [0.6875, 1.375); log x = k ln2 + log c + log1p(z/c - 1).
    let tmp = bits.wrapping_sub(OFFSET);
    let (invc, logc, logc_lo) = LOG_TABLE[((tmp >> 45) & 127) as usize];
    let (invc, logc, logc_lo) = (
        f64::from_bits(invc),
        f64::from_bits(logc),
        f64::from_bits(logc_lo),
    );
    let kd = ((tmp as i64) >> 52) as f64;
    let z = f64::from_bits(bits.wrapping_sub(tmp & (0xfff << 52)));
    let r = z.mul_add(invc, -1.0);
    // k ln2 + log c + r as hi + lo, keeping the rounding error of each sum.
    let a = kd * LOG_LN2_HI;
    let w = a + logc;
    let w_err = (a - w) + logc;
    let hi = w + r;
    let lo = ((w - hi) + r) + (w_err + kd.mul_add(LOG_LN2_LO, logc_lo));
    let r2 = r * r;
    let r4 = r2 * r2;
    let p = r2
        * r4.mul_add(
            r2.mul_add(
                r.mul_add(1.0 / 9.0, -0.125),
                r.mul_add(1.0 / 7.0, -1.0 / 6.0),
            ),
            r2.mul_add(r.mul_add(0.2, -0.25), r.mul_add(1.0 / 3.0, -0.5)),
        );
    hi + (lo + p)
}

/// `Math.log`: the platform libm (this target has no FMA for the inlinable one).
#[cfg(not(target_feature = "fma"))]
#[inline]
pub fn log(x: f64) -> f64 {
    x.ln()
}

/// Four f64 lanes: what a loop printed four elements at a time computes with. Each operation
/// is the scalar one applied lane by lane, bit for bit (AVX2 + FMA registers where the target
/// has them, a plain array elsewhere).
pub use lanes::{exp_x4, log_x4, max_x4, min_x4, F64x4};

#[cfg(all(
    target_arch = "x86_64",
    target_feature = "avx2",
    target_feature = "fma"
))]
mod lanes {
    // Every `unsafe` below is an AVX2 / FMA intrinsic (or an unaligned store into a local
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

    /// `Math.min` per lane: NaN wins, and -0 is below +0.
    #[inline]
    pub fn min_x4(a: F64x4, b: F64x4) -> F64x4 {
        let (a, b) = (a.0, b.0);
        unsafe {
            let m = _mm256_blendv_pd(b, a, _mm256_cmp_pd::<_CMP_LT_OQ>(a, b));
            let m = _mm256_blendv_pd(m, _mm256_or_pd(a, b), _mm256_cmp_pd::<_CMP_EQ_OQ>(a, b));
            F64x4(_mm256_blendv_pd(m, a, _mm256_cmp_pd::<_CMP_UNORD_Q>(a, a)))
        }
    }

    /// `Math.max` per lane: NaN wins, and +0 is above -0.
    #[inline]
    pub fn max_x4(a: F64x4, b: F64x4) -> F64x4 {
        let (a, b) = (a.0, b.0);
        unsafe {
            let m = _mm256_blendv_pd(b, a, _mm256_cmp_pd::<_CMP_GT_OQ>(a, b));
            let m = _mm256_blendv_pd(m, _mm256_and_pd(a, b), _mm256_cmp_pd::<_CMP_EQ_OQ>(a, b));
            F64x4(_mm256_blendv_pd(m, a, _mm256_cmp_pd::<_CMP_UNORD_Q>(a, a)))
        }
    }

    /// `Math.exp` per lane: `jsrt::exp`'s operations on four lanes at once.
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

    /// `Math.log` per lane: `jsrt::log`'s operations on four lanes at once.
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

    /// `Math.min` per lane.
    #[inline]
    pub fn min_x4(a: F64x4, b: F64x4) -> F64x4 {
        a.zip(b, super::min)
    }

    /// `Math.max` per lane.
    #[inline]
    pub fn max_x4(a: F64x4, b: F64x4) -> F64x4 {
        a.zip(b, super::max)
    }

    /// `Math.exp` per lane.
    #[inline]
    pub fn exp_x4(x: F64x4) -> F64x4 {
        F64x4(x.0.map(super::exp))
    }

    /// `Math.log` per lane.
    #[inline]
    pub fn log_x4(x: F64x4) -> F64x4 {
        F64x4(x.0.map(super::log))
    }
}
