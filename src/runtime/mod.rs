//! The runtime: everything between the app and the world. It owns the terminal, the
//! status file's worker, the signals and the watchdog; it turns terminal events into
//! [`Action`](crate::app::Action)s, carries out the [`Effect`](crate::app::Effect)s the app
//! returns, and feeds their results back as actions.
//!
//! [`Driver`] is the app with its effects carried out but without a terminal — what the
//! event loop drives, and what tests drive. [`event_loop`] adds the terminal: one wait for
//! keys (read on the loop's own thread), the worker's replies and signals, and a frame
//! drawn only after something changed, so an idle planmeet writes nothing and uses no CPU.

mod driver;
pub mod event_loop;
pub mod input;
pub mod probe;
pub mod terminal;

pub use driver::Driver;
pub use event_loop::{RunOptions, RunOutcome, run};
pub use input::actions_for;
