//! A short run of the fuzz targets (`fuzz/fuzz_targets/`) on every `cargo test`: the
//! same checks, on inputs proptest makes, so that a regression shows in CI without a
//! fuzzer. The status-line check is differential: the fast path must read what ron reads.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

use planmeet::store::plan_file::{EMBEDDED_PLAN, check_fuzz_input};
use planmeet::store::status::format::differential::{check_line, mutate, sample_lines};
use proptest::prelude::*;

/// Text that is likely to matter inside a line: the format's own words and punctuation,
/// escapes, numbers written other ways, and anything at all.
fn splice() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[\\\\\"(),: \\[\\]{}0-9a-fA-FeE.+\\-_xuTZ]{0,4}",
        2 => prop::sample::select(vec![
            "\\u{41}", "\\u{d800}", "\\x41", "\\n", "\\\"", "\\'", "1e3", "-0.0", "NaN",
            "inf", "060", "Some(", ", private: true", ", clear: [Status]", "// x",
            "/* x */", "r\"raw\"", "9999-12-30T22:00:00.999999999Z", "+25:00", "\u{feff}",
            "Change(", "Header(", "\r",
        ])
        .prop_map(str::to_owned),
        1 => any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    /// Lines near the ones planmeet writes: a few characters replaced by others.
    #[test]
    fn status_lines_near_real_ones(
        which in any::<prop::sample::Index>(),
        at in 0usize..400,
        remove in 0usize..6,
        insert in splice(),
    ) {
        let lines = sample_lines();
        let base = &lines[which.index(lines.len())];
        check_line(&mutate(base, at, remove, &insert));
    }

    /// Two edits at once.
    #[test]
    fn status_lines_edited_twice(
        which in any::<prop::sample::Index>(),
        edits in prop::collection::vec((0usize..400, 0usize..4, splice()), 2),
    ) {
        let lines = sample_lines();
        let mut line = lines[which.index(lines.len())].clone();
        for (at, remove, insert) in &edits {
            line = mutate(&line, *at, *remove, insert);
        }
        check_line(&line);
    }

    /// Anything at all.
    #[test]
    fn status_lines_of_any_text(text in any::<String>()) {
        check_line(&text);
    }
}

proptest! {
    // A plan takes a few milliseconds to load: fewer cases.
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// The bundled plan with a few characters replaced, or cut short.
    #[test]
    fn plans_near_the_real_one(
        at in 0usize..EMBEDDED_PLAN.chars().count(),
        remove in 0usize..6,
        insert in splice(),
        cut in any::<bool>(),
    ) {
        let mut text = mutate(EMBEDDED_PLAN, at, remove, &insert);
        if cut {
            text = text.chars().take(at + insert.chars().count()).collect();
        }
        check_fuzz_input(&text);
    }

    /// Anything at all.
    #[test]
    fn plans_of_any_text(text in any::<String>()) {
        check_fuzz_input(&text);
    }
}

#[test]
fn the_sample_lines_are_read_by_the_fast_path() {
    use planmeet::store::status::format::differential::fast_record;
    let lines = sample_lines();
    assert!(lines.len() >= 5);
    // Every record but the private one (left to ron by design) takes the fast path.
    let fast = lines.iter().filter(|l| fast_record(l).is_some()).count();
    assert_eq!(fast, 3, "{lines:#?}");
    for line in &lines {
        check_line(line);
    }
}

/// A real cache body (the bundled plan's, with its warnings) for the plan cache's target.
fn cache_body() -> &'static [u8] {
    static BODY: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    BODY.get_or_init(|| {
        let loaded = planmeet::store::load_embedded().unwrap();
        planmeet::store::plan_cache::fuzz_seed(&loaded)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// The plan cache's fuzz target (`fuzz/fuzz_targets/plan_cache.rs`): a real body with
    /// a few bytes replaced, some inserted or taken out, or cut short.
    #[test]
    fn cache_bodies_near_a_real_one(
        at in 0usize..1 << 20,
        remove in 0usize..4,
        insert in prop::collection::vec(any::<u8>(), 0..4),
        cut in any::<bool>(),
    ) {
        let real = cache_body();
        assert!(!real.is_empty());
        let at = at % real.len();
        let end = (at + remove).min(real.len());
        let mut body = [&real[..at], &insert[..], &real[end..]].concat();
        if cut {
            body.truncate(at + insert.len());
        }
        planmeet::store::plan_cache::check_fuzz_input(&body);
    }

    /// Anything at all.
    #[test]
    fn cache_bodies_of_any_bytes(body in prop::collection::vec(any::<u8>(), 0..256)) {
        planmeet::store::plan_cache::check_fuzz_input(&body);
    }
}

#[test]
fn the_real_cache_body_reads_back() {
    // The check is not vacuous: the real body decodes (and so is compared on its way
    // back); one byte short, it does not.
    assert!(planmeet::store::plan_cache::check_fuzz_input(cache_body()));
    let mut cut = cache_body().to_vec();
    cut.pop();
    assert!(!planmeet::store::plan_cache::check_fuzz_input(&cut));
}
