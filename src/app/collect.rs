//! Collecting filled report forms from the browser (the last row of `x`): a prompt for a
//! form or a folder of forms, the runtime reads the files ([`Effect::ReadForms`]), and a
//! preview lists per unit and item what would change, before → after, with what cannot be
//! taken (`市科技局.xlsx!L7`). Enter or `y` records all of it — authored by the unit
//! (`市科技局（报送表）`) and tagged with the form, through
//! [`crate::export::collect::gather`], the same path as `planmeet collect --yes` — and Esc
//! records nothing.

use std::path::PathBuf;

use super::annotate::Committed;
use super::dialog::{Dialog, DialogInput, Prompt, Reaction};
use super::{Action, App, Effect};
use crate::export::collect::{self, Collected};
use crate::store::form_file::FormFile;

/// The forms read, what recording them would change, and how far the list is scrolled.
#[derive(Debug, Clone)]
pub struct CollectPreview {
    pub collected: Collected,
    /// The first line shown (see `ui::collect_dialog`, which words the lines).
    pub scroll: usize,
}

impl CollectPreview {
    /// How many lines the preview has: per form a heading, per item its name and a line
    /// a field; a heading and a line per problem; an empty line and the question.
    pub fn line_count(&self) -> usize {
        let forms: usize = self
            .collected
            .forms
            .iter()
            .map(|f| 1 + f.planned.iter().map(|p| 1 + p.fields.len()).sum::<usize>())
            .sum();
        let problems = match self.collected.problems.len() {
            0 => 0,
            n => n + 2,
        };
        forms + problems + 2
    }

    /// Up and down scroll; Enter (or `y`) records, Esc (or `n`) does not.
    pub fn handle(&mut self, input: &DialogInput, page: usize) -> Reaction {
        let last = self.line_count().saturating_sub(1);
        match input.action {
            Some(Action::Confirm) => return Reaction::Submit,
            Some(Action::Cancel) => return Reaction::Close,
            Some(Action::MoveUp) => self.scroll = self.scroll.saturating_sub(1),
            Some(Action::MoveDown) => self.scroll = (self.scroll + 1).min(last),
            Some(Action::PageUp) => self.scroll = self.scroll.saturating_sub(page),
            Some(Action::PageDown) => self.scroll = (self.scroll + page).min(last),
            Some(Action::Home) => self.scroll = 0,
            Some(Action::End) => self.scroll = last,
            _ => {}
        }
        Reaction::Stay
    }
}

impl App {
    /// The prompt for where the forms are.
    pub(super) fn open_collect_prompt(&mut self) -> Option<Dialog> {
        if let Some(reason) = self.cannot_change() {
            self.notice = Some(reason);
            return None;
        }
        Some(Dialog::CollectPath(Prompt::new("")))
    }

    pub(super) fn collect_path_key(
        &mut self,
        mut prompt: Prompt,
        input: &DialogInput,
    ) -> Option<Dialog> {
        match prompt.handle(input) {
            Reaction::Submit => {
                let text = prompt.text();
                if text.is_empty() {
                    prompt.error = Some(self.strings.get("collect.ui.no_path").to_owned());
                    return Some(Dialog::CollectPath(prompt));
                }
                self.notice = Some(self.strings.get("collect.ui.reading").to_owned());
                self.emit(Effect::ReadForms(vec![PathBuf::from(text)]));
                None
            }
            Reaction::Close => None,
            Reaction::Stay | Reaction::Warn(_) => Some(Dialog::CollectPath(prompt)),
        }
    }

    /// The runtime read the forms: what they would record, shown before anything is.
    pub(super) fn forms_read(&mut self, files: Vec<FormFile>) {
        let collected = collect::gather(
            &files,
            &self.loaded.plan,
            &self.loaded.index,
            &self.annotations.log,
            &self.strings,
        );
        self.annotations.dialog = Some(Dialog::CollectPreview(Box::new(CollectPreview {
            collected,
            scroll: 0,
        })));
    }

    pub(super) fn collect_preview_key(
        &mut self,
        mut preview: Box<CollectPreview>,
        input: &DialogInput,
    ) -> Option<Dialog> {
        let page = self.page().max(1) as usize;
        match preview.handle(input, page) {
            Reaction::Submit => {
                self.record_collected(preview.collected);
                None
            }
            Reaction::Close => {
                self.notice = Some(self.strings.get("collect.ui.cancelled").to_owned());
                None
            }
            Reaction::Stay | Reaction::Warn(_) => Some(Dialog::CollectPreview(preview)),
        }
    }

    /// Records every change of the forms, each by its unit and tagged with its form.
    fn record_collected(&mut self, collected: Collected) {
        if let Some(reason) = self.cannot_change() {
            self.notice = Some(reason);
            return;
        }
        let mut recorded = 0usize;
        for form in collected.forms {
            for planned in form.planned {
                if self.commit_as(planned.change, Committed::Change, form.author.clone()) {
                    recorded += 1;
                }
            }
        }
        self.notice = Some(if recorded == 0 {
            self.strings.get("collect.nothing").to_owned()
        } else {
            self.strings
                .format("collect.recorded", &[("count", &recorded)])
        });
    }
}
