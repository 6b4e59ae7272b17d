//! The `give-and-take` binary: the game (crates/game) when started without a command, and
//! the authors' command line (check, play, test, analyze, graph, diff) on the story core
//! (crates/story).

mod cli;
mod paths;

fn main() -> std::process::ExitCode {
    // Rust ignores SIGPIPE, which turns a closed pipe (`give-and-take analyze … | head`)
    // into a panic in `println!`; the default action ends the process quietly instead.
    #[cfg(unix)]
    // SAFETY: called first thing, before any thread exists; SIG_DFL is a valid action.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    cli::main()
}
