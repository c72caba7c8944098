//! The plan's own names in the interface language: with `--lang en` every name the plan
//! gives in English (units' `name_en`, titles, measures, the annex tables' titles, column
//! headers and row labels) is shown in English; a name the plan gives only in Chinese is
//! shown in Chinese. Nothing here is hard-wired to one plan.

use crate::app::App;
use crate::i18n::Lang;
use crate::model::numbering::bracketed;
use crate::model::{DistrictColumn, DistrictRow, DistrictTable, Node, Owner};

fn english(app: &App) -> bool {
    app.lang == Lang::En
}

/// A unit's name by its id (the id itself for a unit the registry lacks).
pub fn unit<'a>(app: &'a App, id: &'a str) -> &'a str {
    if english(app)
        && let Some(en) = app.owner(id).and_then(|o| o.name_en.as_deref())
    {
        return en;
    }
    app.owner_name(id)
}

/// A unit's name, shortened for narrow columns: in Chinese the shortest of its name and the
/// plan's aliases for it (组织部 for 市委组织部, 发改委 for 市发展改革委: the names people
/// use, where cutting a prefix would misname the unit), and in English without the words
/// every such unit's English name starts with (the city's "Liuzhou Municipal "), so the
/// part that tells them apart is what shows.
pub fn unit_short<'a>(app: &'a App, id: &'a str) -> &'a str {
    match app.owner(id) {
        Some(o) if english(app) => owner_short(app, o),
        Some(o) => o.shortest_name(),
        None => id,
    }
}

/// An owner's name in the interface language.
pub fn owner<'a>(app: &App, owner: &'a Owner) -> &'a str {
    owner.name_in(english(app))
}

/// An owner's name for a list of units: in English without the words all the city's
/// units share; in Chinese the full name.
pub fn owner_short<'a>(app: &App, owner: &'a Owner) -> &'a str {
    match english(app) {
        true => owner.short_name_en(city_prefix(app)).unwrap_or(&owner.name),
        false => &owner.name,
    }
}

/// The leading words most of the city's own units (named 市…) share in English
/// ("Liuzhou Municipal "): the longest of up to three words that at least half of them
/// start with. Empty when there is no such prefix.
fn city_prefix(app: &App) -> &str {
    &app.city_prefix
}

/// An item's title in the interface language, without its number.
pub fn title<'a>(app: &'a App, node: &Node<'a>) -> &'a str {
    crate::model::numbering::title_in(&app.loaded.plan, node, english(app))
}

/// An item's heading with the document's number: `（一）科技创新能力提升工程`, in English
/// `(1) Science and Technology …`, `2. Attract …`.
pub fn numbered_title(app: &App, node: &Node) -> String {
    match node {
        // The same words, with the separator --ascii allows.
        Node::DistrictCell(row, column, _) if english(app) => {
            crate::model::numbering::district_cell_title(
                &app.loaded.plan,
                row,
                column,
                true,
                crate::ui::glyph::dot(app),
            )
        }
        _ => crate::model::numbering::numbered_title_in(&app.loaded.plan, node, english(app)),
    }
}

/// An item's number as the document gives it, in the form the command line takes
/// (`一.2`, `（六）`, `附件2.4`; in English `1.2`, `(6)`, `Annex 2.4`): what the screens
/// show where an item is named, instead of its internal id. `None` for items the document
/// does not number (the overview, targets).
pub fn number(app: &App, path: crate::model::ItemPath) -> Option<String> {
    crate::model::numbering::document_number_in(&app.loaded.plan, path, english(app))
}

/// A programme's heading by its number and titles.
pub fn programme_heading(app: &App, number: u16, title: &str, title_en: Option<&str>) -> String {
    match (english(app), title_en) {
        (true, Some(en)) => format!("({number}) {en}"),
        _ => format!("{}{title}", bracketed(number)),
    }
}

/// The district table's title, with its year only where the title does not already say it.
pub fn district_table_title(app: &App, table: &DistrictTable) -> String {
    let title = match (&table.title_en, english(app)) {
        (Some(en), true) => en.as_str(),
        _ => table.title.as_str(),
    };
    if title.contains(&table.year.to_string()) {
        title.to_owned()
    } else {
        format!("{title} ({})", table.year)
    }
}

pub fn label_header<'a>(app: &App, table: &'a DistrictTable) -> &'a str {
    match (&table.label_header_en, english(app)) {
        (Some(en), true) => en,
        _ => &table.label_header,
    }
}

pub fn column<'a>(app: &App, column: &'a DistrictColumn) -> &'a str {
    crate::model::numbering::district_column_name(column, english(app))
}

pub fn column_group<'a>(app: &App, column: &'a DistrictColumn) -> Option<&'a str> {
    match (&column.group_en, english(app)) {
        (Some(en), true) => Some(en),
        _ => column.group.as_deref(),
    }
}

/// A district row's label: its own English label, else its unit's English name.
pub fn row_label<'a>(app: &'a App, row: &'a DistrictRow) -> &'a str {
    crate::model::numbering::district_row_label(&app.loaded.plan, row, english(app))
}

/// Between the names of a list: 、 in Chinese, a comma in English.
pub fn list_separator(app: &App) -> &'static str {
    match app.lang {
        crate::i18n::Lang::Zh => "、",
        crate::i18n::Lang::En => ", ",
    }
}

#[cfg(test)]
mod tests {
    use crate::i18n::Lang;
    use crate::model::ItemPath;
    use crate::ui::targets_view::testing::app;

    #[test]
    fn items_are_numbered_as_the_document_numbers_them_in_either_language() {
        let zh = app(Lang::Zh);
        let en = app(Lang::En);
        let cases = [
            (ItemPath::Task(0, 1), "一.2", "1.2"),
            (ItemPath::Programme(5), "（六）", "(6)"),
            (ItemPath::DepartmentRow(3), "附件2.4", "Annex 2.4"),
            (ItemPath::DistrictCell(2, 1), "附件1.3.2", "Annex 1.3.2"),
        ];
        for (path, chinese, english) in cases {
            assert_eq!(super::number(&zh, path).as_deref(), Some(chinese));
            assert_eq!(super::number(&en, path).as_deref(), Some(english));
        }
    }

    #[test]
    fn short_unit_names_are_the_plans_shortest_alias_never_a_cut_name() {
        let zh = app(Lang::Zh);
        // 市委组织部 is known as 组织部; cutting 市 would give 委组织部.
        assert_eq!(super::unit_short(&zh, "sw_zzb"), "组织部");
        // No alias shorter than the name: the name whole.
        assert_eq!(super::unit_short(&zh, "jyj"), "市教育局");
    }
}
