fn main() -> std::process::ExitCode {
    give_and_take::cli::main()
}
