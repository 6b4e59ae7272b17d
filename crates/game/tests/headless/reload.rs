//! Following the author's edits while the scenario is played (hot reload): the place is
//! kept when it can be, a broken edit leaves the game on the last good version, a choice
//! keeps its identity when choices are reordered.

use super::*;

/// Writes `text` where a watcher sees a whole new file (never a half-written one).
fn save_file(path: &Path, text: &str) {
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

fn line_shown(app: &mut App) -> String {
    let w = app.world_mut();
    w.query_filtered::<&Typewriter, With<DialogueText>>()
        .iter(w)
        .map(|t| t.full.clone())
        .next()
        .unwrap_or_default()
}

/// The quote dispute copied into a folder of its own, to edit while it is played: the game
/// (watching the folder, typewriter off) on its play screen, the file and its text.
fn editing_quote_dispute(name: &str) -> (App, PathBuf, String) {
    let folder = scratch(&format!("{name}-scenarios"));
    let data = scratch(&format!("{name}-data"));
    let file = folder.join("quote_dispute.ron");
    let original = std::fs::read_to_string(root().join("scenarios/quote_dispute.ron")).unwrap();
    std::fs::write(&file, &original).unwrap();
    let mut app = game(&folder, &data, true);
    app.world_mut().resource_mut::<Settings>().text_speed = TextSpeed::Instant;
    open_quote_dispute(&mut app);
    (app, file, original)
}

/// The node the run rests at.
fn at(app: &App) -> String {
    let pt = app.world().resource::<Playthrough>();
    pt.story.node_id(pt.run.node).to_string()
}

fn version(app: &App) -> u32 {
    app.world().resource::<Catalog>().entries[0].version
}

/// Saves `text` as the scenario and waits until the game has moved onto it.
fn load_edit(app: &mut App, file: &Path, text: &str) {
    let before = version(app);
    save_file(file, text);
    update_until(app, "the edit to load", |w| {
        w.resource::<Catalog>().entries[0].version > before
    });
    app.update();
    app.update();
}

/// The run started over after a reload, with a notice that says so and contains `why`.
fn assert_restarted(app: &App, why: &[&str]) {
    let pt = app.world().resource::<Playthrough>();
    assert_eq!(pt.last, RunEvent::Reloaded(Kept::Restarted));
    assert!(pt.run.choices.is_empty());
    let notices = notices_shown(app);
    assert!(
        notices.iter().any(|n| n.starts_with("Reloaded: ")
            && n.contains("started over")
            && why.iter().all(|w| n.contains(w))),
        "{notices:?}"
    );
}

#[test]
fn hot_reload_keeps_the_place_and_survives_a_broken_edit() {
    let (mut app, file, original) = editing_quote_dispute("reload");
    choose_then_read(&mut app, &[0, 1]);
    assert_eq!(at(&app), "erik_opens");

    // The author rewrites Erik's line: same place, new words, a notice says so.
    load_edit(
        &mut app,
        &file,
        &original.replace("Walk me through it.", "Talk me through it."),
    );
    assert_eq!(at(&app), "erik_opens");
    let pt = app.world().resource::<Playthrough>();
    assert_eq!(pt.last, RunEvent::Reloaded(Kept::Place));
    assert_eq!(pt.run.choices, vec![0, 1]);
    assert!(line_shown(&mut app).ends_with("Talk me through it."));
    assert!(
        notices_shown(&app)
            .iter()
            .any(|n| n.contains("still at “erik_opens”"))
    );

    // A broken edit: a banner with file:line:col, the game plays on the last good version.
    let v1 = version(&app);
    let broken = original.replacen("then: Choices([", "then: Choices([[", 1);
    save_file(&file, &broken);
    update_until(&mut app, "the broken edit to fail", |w| {
        w.resource::<Catalog>().entries[0].error.is_some()
    });
    app.update();
    let banner = texts_of::<BannerText>(&mut app).join("\n");
    let line = broken
        .lines()
        .position(|l| l.contains("Choices([["))
        .unwrap()
        + 1;
    assert!(
        banner.contains(&format!("quote_dispute.ron:{line}:")) && banner.contains("error["),
        "{banner}"
    );
    assert!(banner.contains("last good version"));
    assert_eq!(version(&app), v1);
    assert_eq!(at(&app), "erik_opens");
    assert!(!entities::<ChoiceButton>(&mut app).is_empty());

    // Fixed again: the banner goes.
    save_file(&file, &original);
    update_until(&mut app, "the fix to load", |w| {
        w.resource::<Catalog>().entries[0].error.is_none()
    });
    app.update();
    assert!(
        texts_of::<BannerText>(&mut app)
            .iter()
            .all(|t| !t.contains("last good version"))
    );
    assert_eq!(at(&app), "erik_opens");

    // The node the player is at is renamed: the place cannot be kept, the scenario starts
    // over, and the notice says why.
    load_edit(
        &mut app,
        &file,
        &original.replace("\"erik_opens\"", "\"erik_begins\""),
    );
    assert_restarted(&app, &["erik_opens"]);
}

/// Makes `picks` with the typewriter off, stopping at the next choice.
fn choose_then_read(app: &mut App, picks: &[usize]) {
    for &pick in picks {
        for _ in 0..40 {
            if !entities::<ChoiceButton>(app).is_empty() {
                break;
            }
            match entities::<ContinueButton>(app).first() {
                Some(&c) => activate(app, c),
                None => app.update(),
            }
        }
        let button = {
            let w = app.world_mut();
            w.query::<(Entity, &ChoiceButton)>()
                .iter(w)
                .find(|(_, c)| c.0 == pick)
                .map(|(e, _)| e)
                .expect("the pick is on offer")
        };
        activate(app, button);
    }
    for _ in 0..40 {
        if !entities::<ChoiceButton>(app).is_empty() {
            return;
        }
        match entities::<ContinueButton>(app).first() {
            Some(&c) => activate(app, c),
            None => app.update(),
        }
    }
}

/// The English text of the latest choice in the run's transcript.
fn last_choice_text(app: &App) -> String {
    let pt = app.world().resource::<Playthrough>();
    let (node, choice) = pt
        .run
        .transcript
        .iter()
        .rev()
        .find_map(|b| match *b {
            Beat::Chose { node, choice } => Some((node, choice)),
            _ => None,
        })
        .expect("a choice was made");
    pt.story
        .choice_text(node, choice)
        .expect("the choice exists")
        .get(Lang::En)
        .to_string()
}

/// `src` with the `Choice(` blocks holding `first` and `second` (next to each other, in this
/// order, followed by the one holding `third`) swapped.
fn swap_choices(src: &str, first: &str, second: &str, third: &str) -> String {
    let start = |text: &str| src[..src.find(text).unwrap()].rfind("Choice(").unwrap();
    let (a, b, c) = (start(first), start(second), start(third));
    format!("{}{}{}{}", &src[..a], &src[b..c], &src[a..b], &src[c..])
}

#[test]
fn hot_reload_follows_reordered_choices_and_does_not_keep_a_choice_gone() {
    let (mut app, file, original) = editing_quote_dispute("reorder");
    // The second choice at Jort's door: "Pull up a chair", on to the car park.
    choose_then_read(&mut app, &[1]);
    let chair = "Pull up a chair";
    assert!(last_choice_text(&app).contains(chair));
    assert_eq!(at(&app), "car_park");

    // The author swaps the first two choices at Jort's door: the saved position 1 would now
    // be "Good lad", which leads to the car park too.
    let swapped = swap_choices(
        &original,
        "“Good lad.",
        "“Pull up a chair.",
        "“Harry and I don't do paperwork",
    );
    load_edit(&mut app, &file, &swapped);
    assert_eq!(at(&app), "car_park");
    // Still the chair: in the history, in the echo and in the save, which replays it.
    assert!(
        last_choice_text(&app).contains(chair),
        "{}",
        last_choice_text(&app)
    );
    let pt = app.world().resource::<Playthrough>();
    assert_eq!(pt.run.choices, vec![0]);
    let (node, choice) = app.world().resource::<Reading>().echo.expect("an echo");
    assert!(
        pt.story
            .choice_text(node, choice)
            .unwrap()
            .get(Lang::En)
            .contains(chair)
    );
    let reflection = Reflection::build(&pt.story, &pt.run);
    assert!(reflection.moments.iter().any(|m| {
        m.choice
            .as_ref()
            .is_some_and(|c| c.get(Lang::En).contains(chair))
    }));
    let save = app.world().resource::<SaveSlot>().0.clone().expect("saved");
    assert_eq!(save.choices, vec![0]);
    let story = pt.story.clone();
    let restored = save.restore(&story).expect("the save replays");
    assert_eq!(restored.transcript, pt.run.transcript);

    // The chosen choice is removed (its next node now follows "Good lad"): the place is not
    // kept, and the notice says why.
    let start = |text: &str| {
        swapped[..swapped.find(text).unwrap()]
            .rfind("Choice(")
            .unwrap()
    };
    let (a, b) = (start("“Pull up a chair."), start("“Good lad."));
    let rest = swapped[b..].replacen("next: \"car_park\"", "next: \"reading_together\"", 1);
    load_edit(&mut app, &file, &format!("{}{rest}", &swapped[..a]));
    assert_restarted(&app, &[chair, "is gone"]);
}
