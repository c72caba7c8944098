//! Every form the input readers (`planmeet::input`) accept or refuse, as data, so the same
//! table runs through the command line (`tests/input_cli.rs`), the library
//! (`tests/input_forms.rs`) and the browser's dialogs.
//!
//! An accepted form gives the value as the commands write it in JSON: a date
//! `2022-06-30`, a number `1.5`, a percentage `40`, a status `at-risk`, unit ids
//! `kjj,czj`, an item id `p6.t1`. A refused one gives words its message holds in each
//! language.

/// What a form is typed for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A day: a meeting's date, a due date, an effective date.
    Date,
    /// A day, or a month meaning its last day: as-of dates.
    AsOf,
    /// A target's actual value, the target counted in `unit`.
    Actual { unit: &'static str },
    /// Progress, in percent.
    Progress,
    /// An item's status.
    Status,
    /// One responsible unit.
    Unit,
    /// A list of units (one flag's value; flags also repeat).
    Units,
    /// A plan item.
    Item,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    Accepted(&'static str),
    Refused { en: &'static str, zh: &'static str },
}

#[derive(Debug, Clone, Copy)]
pub struct Form {
    pub kind: Kind,
    pub input: &'static str,
    pub expect: Expect,
}

const fn ok(kind: Kind, input: &'static str, value: &'static str) -> Form {
    Form {
        kind,
        input,
        expect: Expect::Accepted(value),
    }
}

const fn no(kind: Kind, input: &'static str, en: &'static str, zh: &'static str) -> Form {
    Form {
        kind,
        input,
        expect: Expect::Refused { en, zh },
    }
}

use Kind::*;

const FAMILIES: Kind = Actual { unit: "家" };
const COUNT: Kind = Actual { unit: "个" };
const YUAN: Kind = Actual { unit: "亿元" };
const SHARE: Kind = Actual { unit: "%" };

pub const FORMS: &[Form] = &[
    // Dates
    ok(Date, "2022-06-30", "2022-06-30"),
    ok(Date, "2022/6/30", "2022-06-30"),
    ok(Date, "2022.6.30", "2022-06-30"),
    ok(Date, "2022年6月30日", "2022-06-30"),
    ok(Date, "２０２２年６月３０日", "2022-06-30"),
    ok(Date, "2022年06月30号", "2022-06-30"),
    ok(Date, "20220630", "2022-06-30"),
    ok(Date, " 2022-6-30 ", "2022-06-30"),
    ok(Date, "2024-02-29", "2024-02-29"),
    no(Date, "2022-02-30", "February has no 30th", "2月没有30日"),
    no(Date, "2022年4月31日", "April has no 31st", "4月没有31日"),
    no(
        Date,
        "2023-02-29",
        "2023 is not a leap year",
        "2023年不是闰年",
    ),
    no(Date, "2022-13-01", "there is no month 13", "没有13月"),
    no(Date, "2022年6月", "give the day too", "请写到日"),
    no(Date, "30/6/2022", "is not a date", "不是日期"),
    no(Date, "27/11", "is not a date", "不是日期"),
    no(Date, "22-6-30", "is not a date", "不是日期"),
    no(Date, "tomorrow", "is not a date", "不是日期"),
    // As-of dates: a month is its last day
    ok(AsOf, "2022年6月", "2022-06-30"),
    ok(AsOf, "2022-06", "2022-06-30"),
    ok(AsOf, "2024年2月", "2024-02-29"),
    ok(AsOf, "2022年6月15日", "2022-06-15"),
    no(AsOf, "2022年2月30日", "February has no 30th", "2月没有30日"),
    no(AsOf, "2022年13月", "there is no month 13", "没有13月"),
    // Actual values
    ok(FAMILIES, "750", "750"),
    ok(FAMILIES, "７５０", "750"),
    ok(FAMILIES, "１２３．５", "123.5"),
    ok(FAMILIES, "1,234", "1234"),
    ok(FAMILIES, "1，234", "1234"),
    ok(FAMILIES, "1 234 567.5", "1234567.5"),
    ok(FAMILIES, "750家", "750"),
    ok(FAMILIES, "1.5e3", "1500"),
    ok(FAMILIES, "－2", "-2"),
    ok(COUNT, "96个", "96"),
    ok(COUNT, "96 个", "96"),
    ok(YUAN, "1.5亿元", "1.5"),
    ok(YUAN, "１．５亿元", "1.5"),
    ok(SHARE, "40%", "40"),
    ok(SHARE, "40％", "40"),
    no(
        YUAN,
        "15000万元",
        "counted in 亿元, not 万元",
        "计量单位是“亿元”，不是“万元”",
    ),
    no(
        FAMILIES,
        "96个",
        "counted in 家, not 个",
        "计量单位是“家”，不是“个”",
    ),
    no(
        FAMILIES,
        "40%",
        "counted in 家, not %",
        "计量单位是“家”，不是“%”",
    ),
    no(FAMILIES, "NaN", "not a finite number", "不是有限的数"),
    no(FAMILIES, "inf", "not a finite number", "不是有限的数"),
    no(FAMILIES, "1e400", "not a finite number", "不是有限的数"),
    no(
        FAMILIES,
        "9007199254740993",
        "more digits than can be kept",
        "位数太多",
    ),
    no(
        FAMILIES,
        "0.1000000000000000000001",
        "more digits than can be kept",
        "位数太多",
    ),
    no(FAMILIES, "1,5", "separate thousands", "千位分隔"),
    no(FAMILIES, "12,34", "separate thousands", "千位分隔"),
    no(FAMILIES, "abc", "is not a number", "不是数字"),
    no(FAMILIES, "1.2.3", "is not a number", "不是数字"),
    // Progress
    ok(Progress, "40", "40"),
    ok(Progress, "40%", "40"),
    ok(Progress, "４０％", "40"),
    ok(Progress, "40.4", "40"),
    ok(Progress, "0", "0"),
    ok(Progress, "100 %", "100"),
    no(Progress, "101", "from 0 to 100", "0 到 100"),
    no(Progress, "-5", "from 0 to 100", "0 到 100"),
    no(
        Progress,
        "40个",
        "counted in %, not 个",
        "计量单位是“%”，不是“个”",
    ),
    no(Progress, "forty", "is not a number", "不是数字"),
    // Statuses
    ok(Status, "at-risk", "at-risk"),
    ok(Status, "AT_RISK", "at-risk"),
    ok(Status, "存在风险", "at-risk"),
    ok(Status, "czfx", "at-risk"),
    ok(Status, "未启动", "not-started"),
    ok(Status, "wqd", "not-started"),
    ok(Status, "正常推进", "on-track"),
    ok(Status, "zctj", "on-track"),
    ok(Status, "On track", "on-track"),
    ok(Status, "进度滞后", "behind"),
    ok(Status, "jdzh", "behind"),
    ok(Status, "已完成", "done"),
    ok(Status, "ywc", "done"),
    ok(Status, "暂缓", "deferred"),
    ok(Status, "zh", "deferred"),
    no(
        Status,
        "fine",
        "unknown status \"fine\"",
        "没有“fine”这个状态",
    ),
    // Units
    ok(Unit, "kjj", "kjj"),
    ok(Unit, "KJJ", "kjj"),
    ok(Unit, "市科技局", "kjj"),
    ok(Unit, "科技局", "kjj"),
    ok(Unit, "skjj", "kjj"),
    ok(Unit, "shikejiju", "kjj"),
    ok(Unit, "工信局", "gxj"),
    ok(Unit, "gongxinju", "gxj"),
    ok(Unit, "发改委", "fgw"),
    ok(Unit, "人社局", "rsj"),
    ok(Unit, "住建局", "zjj"),
    ok(Unit, "自然资源局", "zrzyj"),
    ok(Unit, "市委组织部", "sw_zzb"),
    ok(Unit, "组织部", "sw_zzb"),
    ok(Unit, "Liuzhou Municipal Bureau of Finance", "czj"),
    no(
        Unit,
        "sswj",
        "is the name of more than one unit",
        "可以指多个单位",
    ),
    no(
        Unit,
        "nosuch",
        "unknown unit \"nosuch\"",
        "没有名为“nosuch”的单位",
    ),
    ok(Units, "kjj, czj", "kjj,czj"),
    ok(Units, "kjj，czj", "kjj,czj"),
    ok(Units, "市科技局、工信局、人社局", "kjj,gxj,rsj"),
    ok(Units, "kjj,KJJ,市科技局", "kjj"),
    no(
        Units,
        "kjj,nosuch",
        "unknown unit \"nosuch\"",
        "没有名为“nosuch”的单位",
    ),
    // Items
    ok(Item, "p6.t1", "p6.t1"),
    ok(Item, "P6.T1", "p6.t1"),
    ok(Item, "六.1", "p6.t1"),
    ok(Item, "6.1", "p6.t1"),
    ok(Item, "（六）1", "p6.t1"),
    ok(Item, "(六)1", "p6.t1"),
    ok(Item, "六、1", "p6.t1"),
    ok(Item, "一.2", "p1.t2"),
    ok(Item, "（六）", "p6"),
    ok(Item, "六.1.(2)", "p6.t1.s2"),
    ok(Item, "（六）1（2）", "p6.t1.s2"),
    ok(Item, "附件2.4", "a2.r4"),
    ok(Item, "附件1.柳南区", "a1.liunan"),
    ok(Item, "保障措施五", "s5"),
    ok(Item, "s5", "s5"),
    ok(Item, "总体要求", "o"),
    no(Item, "六.9", "has no such part", "中没有这一项"),
    no(Item, "七.1", "has no such part", "中没有这一项"),
    no(Item, "附件2.9", "has no such part", "中没有这一项"),
    no(
        Item,
        "p1.t99",
        "unknown id \"p1.t99\"",
        "没有编号为“p1.t99”的事项",
    ),
];
