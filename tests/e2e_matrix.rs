//! The release binary across the terminals coordinators use: tmux at 80x24 and 200x50, with
//! TERM xterm-256color, screen-256color and linux, with and without NO_COLOR, in Chinese
//! (LANG=zh_CN.UTF-8) and English (C.UTF-8). One session per combination walks every view,
//! opens help, searches by characters and by pinyin, resizes, and quits; the checks read
//! the captured screen, with attributes where colour is the point.
//!
//! The six combinations cover every pair of (size, TERM, LANG) values, and NO_COLOR at
//! both sizes, without running the whole cross product.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test may panic: that is its failure

mod common;

use common::tmux::{self, Tmux, wrapped};

#[derive(Clone, Copy, PartialEq)]
enum Lang {
    Zh,
    En,
}

struct Combo {
    width: u16,
    height: u16,
    term: &'static str,
    lang: Lang,
    no_color: bool,
}

/// What the interface says, in the language of the session.
struct Words {
    tabs: [&'static str; 5],
    navigator: &'static str,
    detail: &'static str,
    owners_title: &'static str,
    targets_title: &'static str,
    district_sum: &'static str,
    total: &'static str,
    help_title: &'static str,
    /// The plan's own names, in English where the plan gives them.
    sub_task: &'static str,
    /// The detail's where-line of the second sub-task: its number as the document gives it.
    sub_task_where: &'static str,
    lead_line: &'static str,
    unit: &'static str,
    unit_items: [&'static str; 2],
    districts: [&'static str; 2],
    programme: &'static str,
    high_tech_zone: &'static str,
}

const ZH: Words = Words {
    tabs: ["1 计划", "2 责任单位", "3 指标", "4 县区分解", "5 总览"],
    navigator: "目录",
    detail: "详情",
    owners_title: "责任单位 ·",
    targets_title: "指标 · 42",
    district_sum: "各县区合计",
    total: "合计",
    help_title: "快捷键",
    sub_task: "2．引育高层次创新人才",
    sub_task_where: "一.2 · ",
    lead_line: "市委组织部（牵头）",
    unit: "市科技局",
    unit_items: ["┃▶ （一）科技创新能力提升工程", "市委政法委"],
    districts: ["柳东新区", "柳州市"],
    programme: "（六）创新功能区提升工程",
    high_tech_zone: "高新区",
};

const EN: Words = Words {
    tabs: [
        "1 Plan",
        "2 Owners",
        "3 Targets",
        "4 Districts",
        "5 Dashboard",
    ],
    navigator: "Navigator",
    detail: "Detail",
    owners_title: "Owners ·",
    targets_title: "Targets · 42",
    district_sum: "Sum of districts",
    total: "Total",
    help_title: "Keys",
    sub_task: "2. Attract and cultivate",
    sub_task_where: "1.2 · ",
    lead_line: "★ Organisation Department",
    unit: "Bureau of Science",
    unit_items: ["┃▶ (1) Science and Technology", "Political and Legal"],
    districts: ["Liudong New Area", "Liuzhou City"],
    programme: "(6) Innovation Zone",
    // The first match's targets include the high-tech zones' output (高新区工业总产值).
    high_tech_zone: "Gross industrial outp",
};

/// SGR parameters that set a colour (`39`/`49`, the defaults, are not colours).
fn colour_params(screen: &str) -> Vec<String> {
    let mut found = Vec::new();
    for sequence in screen.split("\x1b[").skip(1) {
        let Some(end) = sequence.find('m') else {
            continue;
        };
        let params: Vec<&str> = sequence[..end].split(';').collect();
        let mut i = 0;
        while i < params.len() {
            let p = params[i].parse::<u32>().unwrap_or(0);
            match p {
                38 | 48 => {
                    // 38;5;N or 38;2;R;G;B
                    let n = if params.get(i + 1) == Some(&"2") {
                        5
                    } else {
                        3
                    };
                    found.push(params[i..(i + n).min(params.len())].join(";"));
                    i += n;
                    continue;
                }
                30..=37 | 40..=47 | 90..=97 | 100..=107 => found.push(p.to_string()),
                _ => {}
            }
            i += 1;
        }
    }
    found
}

/// One of the 16 basic colours (tmux reports them as `38;5;N` with N < 16 too).
fn basic(colour: &str) -> bool {
    !colour.contains(';')
        || colour
            .rsplit(';')
            .next()
            .and_then(|n| n.parse::<u32>().ok())
            .is_some_and(|n| n < 16 && (colour.starts_with("38;5;") || colour.starts_with("48;5;")))
}

/// `selection`: the screen has a selected row (marker and bold without colour).
fn check_colours(t: &Tmux, combo: &Combo, selection: bool) {
    let screen = t.screen_with_attributes();
    let colours = colour_params(&screen);
    if combo.no_color {
        assert!(
            colours.is_empty(),
            "NO_COLOR: no colour at all, found {colours:?}"
        );
        // The selection stays visible without colour: marker and bold.
        assert!(!selection || screen.contains('▶'), "{screen}");
        assert!(screen.contains("\x1b[1m"), "bold is still used:\n{screen}");
    } else if combo.term.contains("256color") {
        assert!(
            colours
                .iter()
                .any(|c| c.starts_with("38;5;") || c.starts_with("48;5;")),
            "TERM={}: 256-colour palette in use, found {colours:?}",
            combo.term
        );
    } else {
        assert!(!colours.is_empty(), "TERM={}: some colour", combo.term);
        assert!(
            colours.iter().all(|c| basic(c)),
            "TERM={}: only the 16 basic colours, found {colours:?}",
            combo.term
        );
    }
}

/// The plan view's panes at the current size: navigator/items on the left when the
/// navigator has the focus; all three at 100 columns and more.
fn three_panes(width: u16) -> bool {
    width >= 100
}

fn run(combo: Combo) {
    if !tmux::available() {
        return;
    }
    let words = if combo.lang == Lang::Zh { &ZH } else { &EN };
    let mut env = vec![
        ("TERM", combo.term),
        (
            "LANG",
            if combo.lang == Lang::Zh {
                "zh_CN.UTF-8"
            } else {
                "C.UTF-8"
            },
        ),
    ];
    if combo.no_color {
        env.push(("NO_COLOR", "1"));
    }
    let t = Tmux::start(combo.width, combo.height, &env, &wrapped(""));

    // Plan view: the tab bar, the navigator and, at 200 columns, the detail. Where the
    // tabs' names do not all fit (English at 80), the others are numbers.
    let screen = t.wait_for(words.tabs[0]);
    let tab_bar = screen.lines().next().unwrap_or_default().to_owned();
    for (n, tab) in words.tabs.iter().enumerate() {
        assert!(
            tab_bar.contains(tab) || tab_bar.contains(&format!(" {} ", n + 1)),
            "tab {tab}:\n{screen}"
        );
    }
    assert!(screen.contains(words.navigator), "{screen}");
    assert_eq!(
        screen.contains(words.detail),
        three_panes(combo.width),
        "{screen}"
    );
    check_colours(&t, &combo, true);
    // Programme 一, its items, the second sub-task, then the detail to its end.
    t.keys(&["Down", "Enter", "Down"]);
    let screen = t.wait_for(words.sub_task_where);
    assert!(screen.contains(words.sub_task), "{screen}");
    // The id only on the detail's last line, where it is said to be the command line's.
    assert!(
        screen
            .lines()
            .filter(|l| l.contains("p1.t2"))
            .all(|l| l.contains("：p1.t2") || l.contains(": p1.t2")),
        "no internal id elsewhere on the screen:\n{screen}"
    );
    assert!(screen.contains(words.detail), "{screen}");
    t.keys(&["Tab", "End"]);
    let screen = t.wait_for(words.lead_line);
    assert!(screen.contains('★'), "the lead unit is marked:\n{screen}");

    // Owners: every unit with its counts; Enter moves into the unit's items.
    t.keys(&["2"]);
    let screen = t.wait_for(words.owners_title);
    assert!(screen.contains(words.unit), "{screen}");
    t.keys(&["Down", "Enter"]);
    t.wait_until("the unit's items focused", |s| {
        s.lines().any(|l| l.contains(words.unit_items[0]))
            || s.lines()
                .any(|l| l.contains("┏") && l.contains(words.unit_items[1]))
    });

    // Targets: all 42, the source line of the selected one below.
    t.keys(&["3"]);
    let screen = t.wait_for(words.targets_title);
    // Targets are named by their measures, never by their ids.
    assert!(!screen.contains("o.g1"), "{screen}");
    t.keys(&["Down", "Down"]);
    t.wait_for("高新技术企业数量达到750家");

    // Districts: 附件1 with the sum under the city row.
    t.keys(&["4"]);
    let screen = t.wait_for(words.district_sum);
    assert!(
        screen.contains(words.districts[0]) && screen.contains(words.districts[1]),
        "{screen}"
    );

    // Dashboard: a row per programme and the total.
    t.keys(&["5"]);
    let screen = t.wait_for(words.programme);
    assert!(screen.contains(words.total), "{screen}");
    check_colours(&t, &combo, false);

    // Help over the dashboard, closed again with Esc.
    t.keys(&["?"]);
    t.wait_for(words.help_title);
    t.keys(&["Escape"]);
    t.wait_until("help closed", |s| !s.contains(words.help_title));

    // Search by characters, then by pinyin initials, from the plan view.
    t.keys(&["1", "/"]);
    t.type_text("柳东");
    t.wait_until("the typed search", |s| {
        s.lines().last().is_some_and(|l| l.starts_with("/柳东"))
    });
    t.keys(&["Enter"]);
    let screen = t.wait_until("the search confirmed", |s| {
        s.lines().last().is_some_and(|l| l.starts_with("/柳东  1/"))
    });
    // In Chinese the match shows in the list too; in English the list shows the
    // English titles, and the search line says what was found.
    let lines = if combo.lang == Lang::Zh { 2 } else { 1 };
    assert!(
        screen.lines().filter(|l| l.contains("柳东")).count() >= lines,
        "a match is shown:\n{screen}"
    );
    t.keys(&["/"]);
    t.type_text("gxq");
    t.keys(&["Enter"]);
    let screen = t.wait_until("the pinyin search confirmed", |s| {
        s.lines().last().is_some_and(|l| l.starts_with("/gxq  1/"))
    });
    assert!(
        screen.contains("高新区") || screen.contains(words.high_tech_zone),
        "gxq finds 高新区:\n{screen}"
    );

    // Resize to the other size mid-session: the layout follows.
    let (width, height) = if combo.width >= 100 {
        (80, 24)
    } else {
        (200, 50)
    };
    t.keys(&["1"]);
    t.resize(width, height);
    let screen = t.wait_until("the new layout", |s| {
        s.lines().count() == usize::from(height)
            && s.lines().next().is_some_and(|l| {
                unicode_columns(l) <= usize::from(width) && l.contains(words.tabs[0])
            })
            && s.lines()
                .nth(1)
                .is_some_and(|l| unicode_columns(l) == usize::from(width))
    });
    if three_panes(width) {
        assert!(
            screen.contains(words.navigator) && screen.contains(words.detail),
            "three panes at {width}:\n{screen}"
        );
    } else {
        // Two panes: whichever two, never all three.
        assert!(
            !(screen.contains(words.navigator) && screen.contains(words.detail)),
            "two panes at {width}:\n{screen}"
        );
    }

    t.keys(&["q"]);
    t.wait_for("PLANMEET-EXITED");
    assert!(!t.alternate_screen(), "back to the main screen");
    assert_eq!(
        t.wait_for_file(&t.path("stty.before")),
        t.wait_for_file(&t.path("stty.after")),
        "terminal settings restored"
    );
    assert_eq!(t.wait_for_file(&t.path("exit.code")).trim(), "0");
}

/// Display columns of a captured line (CJK and full-width punctuation take two).
fn unicode_columns(line: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(line)
}

#[test]
fn xterm_256_80x24_chinese() {
    run(Combo {
        width: 80,
        height: 24,
        term: "xterm-256color",
        lang: Lang::Zh,
        no_color: false,
    });
}

#[test]
fn linux_console_80x24_english() {
    run(Combo {
        width: 80,
        height: 24,
        term: "linux",
        lang: Lang::En,
        no_color: false,
    });
}

#[test]
fn screen_256_80x24_english_no_color() {
    run(Combo {
        width: 80,
        height: 24,
        term: "screen-256color",
        lang: Lang::En,
        no_color: true,
    });
}

#[test]
fn screen_256_200x50_chinese_no_color() {
    run(Combo {
        width: 200,
        height: 50,
        term: "screen-256color",
        lang: Lang::Zh,
        no_color: true,
    });
}

#[test]
fn xterm_256_200x50_english() {
    run(Combo {
        width: 200,
        height: 50,
        term: "xterm-256color",
        lang: Lang::En,
        no_color: false,
    });
}

#[test]
fn linux_console_200x50_chinese() {
    run(Combo {
        width: 200,
        height: 50,
        term: "linux",
        lang: Lang::Zh,
        no_color: false,
    });
}
