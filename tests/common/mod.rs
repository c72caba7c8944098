//! Shared support for the end-to-end tests: the release binary in a real terminal (tmux or
//! a pty of the test's own), and an SSH server to reach it through.
#![allow(dead_code)]

pub mod app;
pub mod cli;
pub mod pty;
pub mod sshd;
pub mod tmux;
pub mod workload;
