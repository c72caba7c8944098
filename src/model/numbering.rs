//! How the document numbers things: （一）, 1．, 附件1.

const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/// 1 → 一, 10 → 十, 12 → 十二, 21 → 二十一; up to 99, beyond which digits are used.
pub fn chinese_numeral(n: u16) -> String {
    match n {
        0..=9 => DIGITS[n as usize].to_owned(),
        10..=19 => format!(
            "十{}",
            if n == 10 {
                ""
            } else {
                DIGITS[(n - 10) as usize]
            }
        ),
        20..=99 => {
            let (tens, ones) = (n / 10, n % 10);
            let ones = if ones == 0 { "" } else { DIGITS[ones as usize] };
            format!("{}十{ones}", DIGITS[tens as usize])
        }
        _ => n.to_string(),
    }
}

/// A programme's or safeguard's heading number: （一）.
pub fn bracketed(n: u16) -> String {
    format!("（{}）", chinese_numeral(n))
}

/// An item's own heading with the document's number: `（一）科技创新能力提升工程`,
/// `2．引育高层次创新人才`, `（三）加大科技投入`; other items have no number of their own.
pub fn numbered_title(node: &super::Node) -> String {
    use super::Node;
    match node {
        Node::Programme(p) => format!("{}{}", bracketed(p.number), p.title),
        Node::Task(t) => format!("{}．{}", t.number, t.title),
        Node::Safeguard(t) => format!("{}{}", bracketed(t.number), t.title),
        other => other.title().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals() {
        assert_eq!(chinese_numeral(1), "一");
        assert_eq!(chinese_numeral(6), "六");
        assert_eq!(chinese_numeral(10), "十");
        assert_eq!(chinese_numeral(12), "十二");
        assert_eq!(chinese_numeral(40), "四十");
        assert_eq!(chinese_numeral(99), "九十九");
        assert_eq!(chinese_numeral(100), "100");
        assert_eq!(bracketed(3), "（三）");
    }
}
