use std::process::ExitCode;

use planmeet::app::AppOptions;
use planmeet::cli;
use planmeet::i18n::Strings;
use planmeet::keymap::Keymap;
use planmeet::runtime::probe::{self, ProbeRequest};
use planmeet::runtime::{self, RunOptions};
use planmeet::store::config::{AmbiguousSetting, ThemeSetting};
use planmeet::store::{config, status_file};
use planmeet::text::sanitize::{for_terminal, for_terminal_multiline};
use planmeet::ui::theme::{Background, ColorLevel, Theme};

fn main() -> ExitCode {
    planmeet::store::allocator::tune();
    let cli = cli::parse();
    if cli.command.is_some() {
        return cli::run(&cli);
    }
    let settings = config::load_settings();
    let lang_setting = cli.lang.clone().or(settings.config.lang.clone());
    let lang = planmeet::i18n::Lang::detect(lang_setting.as_deref(), |key| std::env::var(key).ok());
    let strings = Strings::shared(lang);
    for problem in &settings.problems {
        eprintln!("planmeet: {}", for_terminal(problem));
    }
    // The plan is loaded, and any error reported, before the terminal is taken over.
    let loaded = match cli::load_plan(&cli) {
        Ok(loaded) => loaded,
        Err(error) => {
            eprintln!(
                "planmeet: {}",
                for_terminal_multiline(&cli::plan_error(&error, strings))
            );
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
            let message =
                strings.format("cli.main.bad_keys", &[("file", &file), ("error", &error)]);
            eprintln!("planmeet: {}", for_terminal(&message));
            Keymap::default()
        }
    };
    let colors = ColorLevel::detect(|key| std::env::var(key).ok());
    let (background, ambiguous_wide, probe) = terminal_settings(&cli, &settings.config, colors);
    // A terminal that draws ambiguous characters wide gets the ASCII frame and markers.
    let ascii = cli.ascii || settings.config.ascii.unwrap_or(false) || ambiguous_wide;
    runtime::terminal::set_ambiguous_wide(ambiguous_wide);
    let mouse = !cli.no_mouse && settings.config.mouse.unwrap_or(true);
    let author = status_file::resolve_author(
        cli.author.as_deref(),
        settings.config.author.as_deref(),
        |key| std::env::var(key).ok(),
    )
    // Nobody known: the first change asks for a name (and saves it for the CLI too).
    .unwrap_or_default();
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
        let message = strings.format("cli.main.bad_margin", &[("margin", &margin)]);
        eprintln!("planmeet: {}", for_terminal(&message));
    }
    let options = RunOptions {
        app: AppOptions {
            lang,
            mouse,
            theme: Theme::new(colors, ascii).with_background(background),
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
            clock: std::sync::Arc::new(planmeet::store::clock::SystemClock),
        },
        status_file,
        probe,
    };
    match runtime::run(loaded, options) {
        Ok(outcome) => {
            report_unsaved(&outcome, strings);
            if outcome.rescued.count > 0 && !matches!(outcome.rescued.to, Some(Ok(_))) {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(error) => {
            let message = strings.format("cli.main.terminal_error", &[("error", &error)]);
            eprintln!("planmeet: {}", for_terminal(&message));
            ExitCode::FAILURE
        }
    }
}

/// The terminal's background and whether it draws ambiguous characters wide, as the first
/// frame is drawn: as set by `--theme`/`--ambiguous` or `config.ron`, else the defaults
/// (background from `COLORFGBG`, else unknown and drawn dark; narrow). And what is left to
/// ask the terminal once its screen is up (see [`runtime::probe`]), if anything.
fn terminal_settings(
    cli: &cli::Cli,
    config: &config::Config,
    colors: ColorLevel,
) -> (Option<Background>, bool, Option<ProbeRequest>) {
    let theme = cli.theme.or(config.theme).unwrap_or_default();
    let ambiguous = cli.ambiguous.or(config.ambiguous).unwrap_or_default();
    let request = ProbeRequest {
        // NO_COLOR draws no colour, whatever the background.
        background: theme == ThemeSetting::Auto && colors != ColorLevel::None,
        ambiguous: ambiguous == AmbiguousSetting::Auto,
        timeout: probe::TIMEOUT,
    };
    let asked = (request.background || request.ambiguous)
        && probe::answerable(|key| std::env::var(key).ok());
    let background = match theme {
        ThemeSetting::Light => Some(Background::Light),
        ThemeSetting::Dark => Some(Background::Dark),
        ThemeSetting::Auto => std::env::var("COLORFGBG")
            .ok()
            .as_deref()
            .and_then(probe::colorfgbg),
    };
    let wide = ambiguous == AmbiguousSetting::Wide;
    (background, wide, asked.then_some(request))
}

/// After the terminal is back: where changes went that could not be written to the
/// status file, and how to bring them back.
fn report_unsaved(outcome: &runtime::RunOutcome, strings: &Strings) {
    if let Some(path) = &outcome.copied_to {
        let message = strings.format("cli.main.copied", &[("path", &path.display())]);
        eprintln!("planmeet: {}", for_terminal(&message));
    }
    let rescued = &outcome.rescued;
    let message = match &rescued.to {
        Some(Ok(path)) => strings.format(
            "cli.main.rescued",
            &[("count", &rescued.count), ("path", &path.display())],
        ),
        Some(Err(error)) => strings.format(
            "cli.main.lost",
            &[("count", &rescued.count), ("error", error)],
        ),
        None => return,
    };
    eprintln!("planmeet: {}", for_terminal(&message));
}
