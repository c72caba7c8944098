use std::process::ExitCode;

use clap::Parser;
use planmeet::app::{self, AppOptions, RunOptions};
use planmeet::cli::{self, Cli};
use planmeet::keymap::Keymap;
use planmeet::store::{config, status_file};
use planmeet::text::sanitize::{for_terminal, for_terminal_multiline};
use planmeet::ui::theme::{ColorLevel, Theme};

fn main() -> ExitCode {
    let cli = Cli::parse();
    if cli.command.is_some() {
        return cli::run(&cli);
    }
    let settings = config::load_settings();
    for problem in &settings.problems {
        eprintln!("planmeet: {}", for_terminal(problem));
    }
    // The plan is loaded, and any error reported, before the terminal is taken over.
    let loaded = match cli::load_plan(&cli) {
        Ok(loaded) => loaded,
        Err(error) => {
            eprintln!("planmeet: {}", for_terminal_multiline(&error.to_string()));
            return ExitCode::from(cli::EXIT_INVALID);
        }
    };
    let keymap = match Keymap::load(settings.keys.as_deref()) {
        Ok(keymap) => keymap,
        Err(error) => {
            let file = settings
                .keys_path
                .as_ref()
                .map_or_else(String::new, |p| p.display().to_string());
            eprintln!(
                "planmeet: {}",
                for_terminal(&format!("{file}:{error} (using the default keys)"))
            );
            Keymap::default()
        }
    };
    let lang_setting = cli.lang.clone().or(settings.config.lang.clone());
    let lang = planmeet::i18n::Lang::detect(lang_setting.as_deref(), |key| std::env::var(key).ok());
    let colors = ColorLevel::detect(|key| std::env::var(key).ok());
    let ascii = cli.ascii || settings.config.ascii.unwrap_or(false);
    let mouse = !cli.no_mouse && settings.config.mouse.unwrap_or(true);
    let author = status_file::resolve_author(
        cli.author.as_deref(),
        settings.config.author.as_deref(),
        |key| std::env::var(key).ok(),
    )
    .unwrap_or_else(|| "planmeet".into());
    // Without a status file (no home directory and none named) the browser still opens;
    // changes are then kept in memory and the status bar says they are not saved.
    let status_file = match status_file::locate(cli.status_file.as_deref(), &loaded.plan.meta.id) {
        Ok(location) => Some(location),
        Err(message) => {
            eprintln!("planmeet: {}", for_terminal(&message));
            None
        }
    };
    let saved_filters = config::load_filters().unwrap_or_else(|problem| {
        eprintln!("planmeet: {}", for_terminal(&problem));
        Default::default()
    });
    if let Some(margin) = settings
        .config
        .light_margin
        .filter(|m| !(0.0..=1.0).contains(m))
    {
        eprintln!("planmeet: config.ron: light_margin {margin} is not between 0 and 1 (using 0.1)");
    }
    let options = RunOptions {
        app: AppOptions {
            lang,
            mouse,
            theme: Theme::new(colors, ascii),
            keymap,
            author,
            review_date: cli.as_of.unwrap_or_else(status_file::today),
            light_margin: settings
                .config
                .light_margin
                .filter(|m| (0.0..=1.0).contains(m))
                .unwrap_or(planmeet::model::progress::DEFAULT_MARGIN),
            saved_filters,
            as_of: cli.as_of,
        },
        status_file,
    };
    match app::run(loaded, options) {
        Ok(outcome) => {
            report_unsaved(&outcome);
            if outcome.rescued.count > 0 && !matches!(outcome.rescued.to, Some(Ok(_))) {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(error) => {
            eprintln!(
                "planmeet: terminal error: {}",
                for_terminal(&error.to_string())
            );
            ExitCode::FAILURE
        }
    }
}

/// After the terminal is back: where changes went that could not be written to the
/// status file, and how to bring them back.
fn report_unsaved(outcome: &app::RunOutcome) {
    if let Some(path) = &outcome.copied_to {
        eprintln!(
            "planmeet: unsaved changes written to {}; bring them back with `planmeet merge`",
            for_terminal(&path.display().to_string())
        );
    }
    let rescued = &outcome.rescued;
    match &rescued.to {
        Some(Ok(path)) => eprintln!(
            "planmeet: {} change(s) could not be written to the status file; they were \
             written to {} — bring them back with `planmeet merge`",
            rescued.count,
            for_terminal(&path.display().to_string())
        ),
        Some(Err(error)) => eprintln!(
            "planmeet: {} change(s) could not be written anywhere: {}",
            rescued.count,
            for_terminal(&error.to_string())
        ),
        None => {}
    }
}
