//! The HTML ledger printed as an office prints it: headless Chromium's `--print-to-pdf`,
//! then the PDF's pages measured — A4 landscape, and a handful of pages for the bundled
//! plan (the portrait ledger before it took 58). Skipped, with a message, where Chromium is
//! not installed (`.ci/run` installs it).
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BINARY: &str = env!("CARGO_BIN_EXE_planmeet");

fn planmeet(dir: &Path, args: &[&str]) {
    let out = Command::new(BINARY)
        .args(args)
        .env("LANG", "zh_CN.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("PLANMEET_PLAN")
        .env("PLANMEET_AUTHOR", "王芳")
        .env("PLANMEET_NOW", "2026-11-30T09:00:00+08:00")
        .env("PLANMEET_CONFIG_DIR", "/nonexistent-planmeet-config")
        .env("PLANMEET_STATUS_FILE", dir.join("s.status.ron"))
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|name| {
            Command::new(name)
                .arg("--version")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        })
}

/// Prints `html` to `pdf`; false when Chromium did not finish within two minutes.
fn print(browser: &str, html: &Path, pdf: &Path, profile: &Path) -> bool {
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status.success();
        }
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            let _ = child.wait();
            return false;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The size of each page (`/MediaBox`) and the page count the PDF declares.
fn pages(pdf: &[u8]) -> (Vec<(f64, f64)>, usize) {
    let text = String::from_utf8_lossy(pdf);
    let boxes = text
        .match_indices("/MediaBox [")
        .map(|(at, m)| {
            let rest = &text[at + m.len()..];
            let numbers: Vec<f64> = rest[..rest.find(']').unwrap()]
                .split_whitespace()
                .map(|n| n.parse().unwrap())
                .collect();
            (numbers[2] - numbers[0], numbers[3] - numbers[1])
        })
        .collect();
    let count = text
        .match_indices("/Type /Pages")
        .filter_map(|(at, _)| {
            let rest = &text[at..];
            let count = rest.find("/Count ")?;
            let digits: String = rest[count + 7..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            digits.parse().ok()
        })
        .max()
        .unwrap_or(0);
    (boxes, count)
}

#[test]
fn the_ledger_prints_on_a_few_a4_landscape_pages() {
    let Some(browser) = chromium() else {
        eprintln!("skipped: chromium is not installed (.ci/run installs it)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    planmeet(
        d,
        &[
            "status",
            "set",
            "p1.t2",
            "--owner",
            "kjj",
            "--status",
            "at-risk",
            "--progress",
            "40",
            "--progress-text",
            "已引进高层次人才两名，第三名正在洽谈",
            "--problems",
            "人才公寓未按期交付",
            "--next",
            "月底前协调市住建局完成交付",
        ],
    );
    planmeet(
        d,
        &[
            "status",
            "set",
            "p1.t1.g2",
            "--actual",
            "96",
            "--as-of",
            "2022-12-31",
        ],
    );
    let html = d.join("台账.html");
    planmeet(
        d,
        &[
            "export",
            "ledger",
            "--format",
            "html",
            "-o",
            html.to_str().unwrap(),
        ],
    );
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("size: A4 landscape"));
    assert!(page.contains(r#"content: "第" counter(page) "页 共" counter(pages) "页""#));
    for heading in [
        "序号",
        "工作任务",
        "牵头单位",
        "配合单位",
        "目标及时限",
        "进展情况",
        "存在问题",
        "下一步计划",
        "状态/灯",
    ] {
        assert!(page.contains(&format!(">{heading}</th>")), "{heading}");
    }
    assert!(page.contains("人才公寓未按期交付"));
    let pdf = d.join("台账.pdf");
    assert!(
        print(browser, &html, &pdf, &d.join("profile")),
        "chromium failed"
    );
    let (boxes, count) = pages(&std::fs::read(&pdf).unwrap());
    assert_eq!(boxes.len(), count, "{boxes:?}");
    for (width, height) in &boxes {
        // A4 landscape: 297 × 210 mm is 841.9 × 595.3 points.
        assert!(
            (width - 841.9).abs() < 2.0 && (height - 595.3).abs() < 2.0,
            "{width} × {height}"
        );
    }
    assert!((3..=15).contains(&count), "{count} pages");
    eprintln!("the ledger prints on {count} A4 landscape pages");
}
