//! The plan cache (store/plan_cache.rs): a plan read from its cache is the plan read from
//! its RON, with the same warnings (kept in the cache: validation is not run again) at the
//! same places; a cache that is stale, truncated, corrupt, of another version, of another
//! build's rules, of other bytes, or whose findings this build cannot name is never trusted; a cache folder that
//! cannot be written changes nothing; `planmeet validate` reads the RON only.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

use std::path::{Path, PathBuf};

use planmeet::store::plan_cache::{self, CacheUse, load_plan_file_cached};
use planmeet::store::plan_file::{EMBEDDED_PLAN, locate_id};
use planmeet::store::{LoadedPlan, load_embedded, load_plan_file};
use planmeet::synthetic::{self, Shape};

fn synthetic_text(tasks: usize) -> String {
    let seed = load_embedded().unwrap().plan;
    synthetic::plan_text(&synthetic::plan(
        &seed,
        Shape {
            programmes: 3,
            tasks,
            targets: tasks / 5,
            ..Shape::LARGE
        },
    ))
}

/// Two loads are the same to the user: the plan, its index, its findings, and where each
/// finding's item is written.
fn assert_same(a: &LoadedPlan, b: &LoadedPlan) {
    assert_eq!(a.plan, b.plan);
    assert_eq!(a.index.entries, b.index.entries);
    assert_eq!(a.index.duplicates, b.index.duplicates);
    assert_eq!(a.report, b.report);
    assert_eq!(a.source, b.source);
    for finding in &a.report.findings {
        assert_eq!(a.locate(finding), b.locate(finding), "{finding:?}");
    }
}

fn cache_file(dir: &Path, plan: &Path) -> PathBuf {
    plan_cache::file_for(dir, &std::fs::canonicalize(plan).unwrap())
}

fn load(plan: &Path, dir: &Path) -> (LoadedPlan, CacheUse) {
    load_plan_file_cached(plan, Some(dir)).unwrap()
}

/// The bundled plan and synthetic plans (with warnings) read back from the cache equal
/// what ron reads, warnings and their places included.
#[test]
fn the_cached_plan_is_the_ron_plan() {
    let files = tempfile::tempdir().unwrap();
    let cache = files.path().join("cache");
    for (name, text) in [
        ("liuzhou.ron", EMBEDDED_PLAN.to_owned()),
        ("small.ron", synthetic_text(40)),
        ("larger.ron", synthetic_text(600)),
    ] {
        let plan = files.path().join(name);
        std::fs::write(&plan, &text).unwrap();
        let ron = load_plan_file(&plan).unwrap();
        let (first, used) = load(&plan, &cache);
        assert_eq!(used, CacheUse::Written, "{name}");
        assert_same(&first, &ron);
        let (second, used) = load(&plan, &cache);
        assert_eq!(used, CacheUse::Hit, "{name}");
        assert_same(&second, &ron);
        // The warnings are located where the RON writes their items.
        let warnings: Vec<_> = second.report.warnings().collect();
        assert!(!warnings.is_empty(), "{name} has warnings to compare");
        for warning in warnings {
            let id = warning.item.as_deref().unwrap();
            assert_eq!(second.locate(warning), locate_id(&text, id), "{name} {id}");
        }
    }
    // One cache file per plan file, no temporary files left.
    let names: Vec<String> = std::fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(names.iter().all(|n| n.ends_with(".plan.bin")), "{names:?}");
}

/// Every kind of damage to the cache sends the load back to the RON, with the same
/// result, and the cache is written again.
#[test]
fn a_damaged_or_foreign_cache_is_never_trusted() {
    let files = tempfile::tempdir().unwrap();
    let cache = files.path().join("cache");
    let plan = files.path().join("plan.ron");
    let other = files.path().join("other.ron");
    let text = synthetic_text(60);
    std::fs::write(&plan, &text).unwrap();
    std::fs::write(&other, EMBEDDED_PLAN).unwrap();
    let ron = load_plan_file(&plan).unwrap();
    load(&plan, &cache);
    load(&other, &cache);
    let file = cache_file(&cache, &plan);
    let good = std::fs::read(&file).unwrap();
    let foreign = std::fs::read(cache_file(&cache, &other)).unwrap();
    let flip = |at: usize| {
        let mut bytes = good.clone();
        bytes[at] ^= 0x20;
        bytes
    };
    let version_at = 8 + 4 + 1;
    let rules_at = version_at + env!("CARGO_PKG_VERSION").len();
    let hash_at = rules_at + 8;
    let header_length = hash_at + 16 + 8 + 8 + 8;
    // The body changed at `at` by `change`, its own hash made again: only what the body
    // says can tell it from a good one.
    let rehashed = |change: &dyn Fn(&mut [u8])| {
        let mut bytes = good.clone();
        change(&mut bytes[header_length..]);
        let hash = xxhash_rust::xxh3::xxh3_64(&bytes[header_length..]);
        bytes[header_length - 8..header_length].copy_from_slice(&hash.to_le_bytes());
        bytes
    };
    let find = |bytes: &[u8], what: &[u8]| {
        bytes
            .windows(what.len())
            .position(|w| w == what)
            .expect("found in the body")
    };
    // A body whose own hash is right but which holds a string that is not UTF-8: the
    // first programme's title, its first byte made invalid, the body's hash made again.
    let invalid_utf8 = rehashed(&|body| {
        let at = find(body, ron.plan.programmes[0].title.as_bytes());
        body[at] = 0xFF;
    });
    // A warning's message key this build does not have (its text in the body changed,
    // same length, still UTF-8): the findings cannot be mapped back.
    assert!(!ron.report.findings.is_empty());
    let unknown_key = rehashed(&|body| {
        let at = find(body, b"finding.");
        body[at + "finding.".len()] = b'X';
    });
    // The body's text one byte shorter than it says (its length field kept).
    let text_cut = rehashed(&|body| {
        let length = u64::from_le_bytes(body[..8].try_into().unwrap());
        body[..8].copy_from_slice(&(length - 1).to_le_bytes());
    });
    let damaged: Vec<(&str, Vec<u8>)> = vec![
        ("a string of the body not UTF-8", invalid_utf8),
        ("a finding's message key unknown", unknown_key),
        ("the text's length off by one", text_cut),
        (
            "the rules' hash (another build's validation)",
            flip(rules_at + 2),
        ),
        ("plan length", flip(hash_at + 16)),
        ("empty", Vec::new()),
        ("garbage", b"not a cache at all".repeat(100)),
        ("truncated to half", good[..good.len() / 2].to_vec()),
        ("missing its last byte", good[..good.len() - 1].to_vec()),
        ("a byte more", [good.as_slice(), b"x"].concat()),
        ("body corrupt", flip(good.len() - 10)),
        ("magic", flip(0)),
        ("format version", flip(8)),
        ("planmeet version", flip(version_at)),
        ("plan hash", flip(hash_at + 3)),
        ("another plan's cache", foreign),
    ];
    for (what, bytes) in damaged {
        std::fs::write(&file, &bytes).unwrap();
        let (loaded, used) = load(&plan, &cache);
        assert_eq!(used, CacheUse::Written, "{what}: read from the RON");
        assert_same(&loaded, &ron);
        assert_eq!(std::fs::read(&file).unwrap(), good, "{what}: rewritten");
        assert_eq!(load(&plan, &cache).1, CacheUse::Hit, "{what}");
    }
    // Any byte of the body changed, its hash made again (damage no accident makes): the
    // load never panics and always gives a plan, the cache's if it still reads as one.
    let body_length = good.len() - header_length;
    for at in (0..body_length).step_by(body_length / 300 + 1) {
        for value in [0x00, 0x01, 0x80, 0xFF] {
            std::fs::write(&file, rehashed(&|body| body[at] = value)).unwrap();
            let (loaded, _) = load(&plan, &cache);
            assert_eq!(loaded.source, ron.source);
        }
    }
}

/// A plan edited after its cache was written is read from its RON, even when the edit
/// keeps its length.
#[test]
fn an_edited_plan_is_read_again() {
    let files = tempfile::tempdir().unwrap();
    let cache = files.path().join("cache");
    let plan = files.path().join("plan.ron");
    std::fs::write(&plan, EMBEDDED_PLAN).unwrap();
    load(&plan, &cache);
    let title = &load_embedded().unwrap().plan.programmes[0].title;
    let mut changed: Vec<char> = title.chars().collect();
    changed.swap(0, 1);
    let changed: String = changed.into_iter().collect();
    assert_ne!(&changed, title);
    assert_eq!(changed.len(), title.len());
    let edited = EMBEDDED_PLAN.replacen(title.as_str(), &changed, 1);
    std::fs::write(&plan, &edited).unwrap();
    let (loaded, used) = load(&plan, &cache);
    assert_eq!(used, CacheUse::Written);
    assert_eq!(loaded.plan.programmes[0].title, changed);
    assert_same(&loaded, &load_plan_file(&plan).unwrap());
    assert_eq!(load(&plan, &cache).1, CacheUse::Hit);
}

/// A cache folder that cannot be made, or a cache file that cannot be replaced, leaves the
/// plan as the RON has it, with no error.
#[test]
fn a_cache_that_cannot_be_written_changes_nothing() {
    let files = tempfile::tempdir().unwrap();
    let plan = files.path().join("plan.ron");
    std::fs::write(&plan, EMBEDDED_PLAN).unwrap();
    let ron = load_plan_file(&plan).unwrap();
    // Below a regular file: the folder cannot be made.
    let blocker = files.path().join("a file");
    std::fs::write(&blocker, "x").unwrap();
    let below = blocker.join("cache");
    let (loaded, used) = load(&plan, &below);
    assert_eq!(used, CacheUse::Skipped);
    assert_same(&loaded, &ron);
    // A folder where the cache file would be: nothing can be renamed over it.
    let cache = files.path().join("cache");
    std::fs::create_dir_all(cache_file(&cache, &plan)).unwrap();
    for _ in 0..2 {
        let (loaded, used) = load(&plan, &cache);
        assert_eq!(used, CacheUse::Skipped);
        assert_same(&loaded, &ron);
    }
    assert_eq!(
        std::fs::read_dir(&cache).unwrap().count(),
        1,
        "no file left behind"
    );
    // No cache at all.
    let (loaded, used) = load_plan_file_cached(&plan, None).unwrap();
    assert_eq!(used, CacheUse::Skipped);
    assert_same(&loaded, &ron);
}

/// A plan with errors is reported as ron reads it and never cached.
#[test]
fn an_invalid_plan_is_not_cached() {
    let files = tempfile::tempdir().unwrap();
    let cache = files.path().join("cache");
    let plan = files.path().join("plan.ron");
    std::fs::write(
        &plan,
        EMBEDDED_PLAN.replacen("format_version: 1", "format_version: 99", 1),
    )
    .unwrap();
    let error = load_plan_file_cached(&plan, Some(&cache)).unwrap_err();
    assert_eq!(error, load_plan_file(&plan).unwrap_err());
    assert!(!cache_file(&cache, &plan).exists());
}

/// `planmeet validate` reads the RON, never the cache: its places are the RON's and it
/// writes no cache; a command that loads the plan (`owners`) does.
#[test]
fn validate_reads_the_ron() {
    let files = tempfile::tempdir().unwrap();
    let cache = files.path().join("cache");
    let plan = files.path().join("plan.ron");
    let text = synthetic_text(60);
    std::fs::write(&plan, &text).unwrap();
    let run = |args: &[&str]| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_planmeet"))
            .args(args)
            .env("PLANMEET_CACHE_DIR", &cache)
            .env("PLANMEET_CONFIG_DIR", files.path().join("config"))
            .env("PLANMEET_DATA_DIR", files.path().join("data"))
            .env("LANG", "en_US.UTF-8")
            .output()
            .unwrap();
        String::from_utf8(output.stdout).unwrap() + &String::from_utf8(output.stderr).unwrap()
    };
    let plan_arg = plan.to_str().unwrap();
    let expected: Vec<String> = load_plan_file(&plan)
        .unwrap()
        .report
        .warnings()
        .map(|w| {
            let (line, column) = locate_id(&text, w.item.as_deref().unwrap()).unwrap();
            format!("{plan_arg}:{line}:{column}:")
        })
        .collect();
    assert!(!expected.is_empty());
    for args in [
        vec!["validate", plan_arg],
        vec!["--plan", plan_arg, "validate"],
    ] {
        let shown = run(&args);
        for place in &expected {
            assert!(shown.contains(place), "{args:?}: {place} in\n{shown}");
        }
        assert!(!cache.exists(), "{args:?} wrote a cache");
    }
    run(&["--plan", plan_arg, "owners"]);
    assert!(
        cache_file(&cache, &plan).exists(),
        "owners loads through the cache"
    );
    // With the cache there, validate still says the same.
    let shown = run(&["validate", plan_arg]);
    for place in &expected {
        assert!(shown.contains(place), "{place} in\n{shown}");
    }
}
