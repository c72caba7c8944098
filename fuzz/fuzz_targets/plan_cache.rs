//! The plan cache's decoder must never panic or hang, whatever bytes a cache file's body
//! holds: they decode to a plan (which, encoded again, decodes to the same) or to an
//! error, and the plan is read from its RON. (`tests/fuzz_short.rs` runs the same check on
//! every `cargo test`, on mutations of a real cache's body.)
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = planmeet::store::plan_cache::check_fuzz_input(data);
});
