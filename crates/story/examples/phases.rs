use std::time::Instant;
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let t = Instant::now();
    let bytes = std::fs::read(&path).unwrap();
    let (_, checked) = give_and_take_story::check_bytes(&bytes);
    let t1 = t.elapsed();
    let story = checked.story.unwrap();
    let t = Instant::now();
    let mut b = give_and_take_story::bounds(&story);
    if std::env::var("LOOP").is_ok() {
        for _ in 0..20 {
            b = give_and_take_story::bounds(&story);
        }
    }
    let t2 = t.elapsed();
    let t = Instant::now();
    let v = give_and_take_story::check_values(&story);
    let t3 = t.elapsed();
    if std::env::var("ANALYZE").is_ok() {
        let t = Instant::now();
        let a = give_and_take_story::analyze(
            &story,
            &give_and_take_story::AnalysisOptions {
                find_seeds: false,
                ..Default::default()
            },
        );
        eprintln!(
            "analyze without search {:?} ({} states)",
            t.elapsed(),
            a.states
        );
        let t = Instant::now();
        let a = give_and_take_story::analyze(&story, &Default::default());
        eprintln!(
            "analyze {:?} ({} states) {:?}",
            t.elapsed(),
            a.states,
            a.outcomes.iter().map(|o| o.answer).collect::<Vec<_>>()
        );
    }
    eprintln!(
        "load+check {t1:?}, bounds {t2:?} ({} cells), check_values {t3:?} ({} diags)",
        b.cells(),
        v.diagnostics.len()
    );
}
#[allow(dead_code)]
fn unused() {}
