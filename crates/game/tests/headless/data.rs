//! The player's data files: a damaged one is kept aside, what parses of it is used, and
//! the player is told.

use super::*;

/// Writes the three data files, each valid, for the damage test.
fn valid_data(data: &Path, story: &story::Story) -> [(&'static str, String); 3] {
    let run = RunState::replay(story, SEED, &[0]).unwrap();
    let save = serde_json::to_string_pretty(&story::Save::of(story, &run)).unwrap();
    let won = story
        .outcome_id(story.outcomes().next().unwrap())
        .to_string();
    let files = [
        (
            "settings.json",
            r#"{ "lang": "nl", "text_speed": "Fast" }"#.to_string(),
        ),
        (
            "progress.json",
            format!(r#"{{ "found": {{ "quote_dispute": ["{won}"] }} }}"#),
        ),
        ("save.json", save),
    ];
    std::fs::create_dir_all(data).unwrap();
    for (name, text) in &files {
        std::fs::write(data.join(name), text).unwrap();
    }
    files
}

/// A damaged data file is never silently lost: the game starts, says so in a banner, keeps
/// the other files, keeps what parses of the damaged one, and moves it aside unchanged.
#[test]
fn damaged_data_files_are_kept_aside_and_the_player_is_told() {
    let story = story::Source::read(&root().join("scenarios/quote_dispute.ron"))
        .unwrap()
        .checked
        .story
        .unwrap();
    for file in ["settings.json", "progress.json", "save.json"] {
        for (how, damage) in [
            ("truncated", None),
            ("garbage", Some("\u{1b}\0\u{7f}not json at all {{{")),
            ("wrong shape", Some(r#"[1, 2, {"found": 3}]"#)),
        ] {
            let data = scratch(&format!("damaged-{file}-{}", how.replace(' ', "-")));
            let files = valid_data(&data, &story);
            let original = files.iter().find(|(n, _)| *n == file).unwrap().1.clone();
            let damaged = match damage {
                Some(d) => d.to_string(),
                None => original[..original.len() / 2].to_string(),
            };
            std::fs::write(data.join(file), &damaged).unwrap();

            let mut app = game_in(&root().join("scenarios"), &data, false, None);
            loaded(&mut app);
            assert_eq!(screen(&app), Screen::Title, "{file} {how}");
            let notices = notices_shown(&app);
            let w = app.world();
            assert!(
                notices.len() == 1 && notices[0].contains(file),
                "{file} {how}: {notices:?}"
            );
            // The others are intact (the notice is in the saved language, Dutch, unless the
            // settings themselves were lost).
            let settings = w.resource::<Settings>();
            let progress = w.resource::<Progress>().found(&story);
            let save = &w.resource::<SaveSlot>().0;
            if file == "settings.json" {
                assert_eq!(settings.lang, Lang::En, "{how}: lost settings reset");
                assert!(notices[0].contains("Your settings could not be read"));
            } else {
                assert_eq!(
                    (settings.lang, settings.text_speed),
                    (Lang::Nl, TextSpeed::Fast)
                );
            }
            assert_eq!(
                progress,
                usize::from(file != "progress.json"),
                "{file} {how}"
            );
            assert_eq!(save.is_some(), file != "save.json", "{file} {how}");
            // The damaged file is kept aside as it was, not overwritten.
            let aside = kept_aside(&data, &format!("{file}.corrupt-"));
            assert_eq!(aside.len(), 1, "{file} {how}: {aside:?}");
            assert_eq!(std::fs::read_to_string(&aside[0]).unwrap(), damaged);
            assert!(!data.join(file).exists(), "{file} {how}: still in place");
            let _ = std::fs::remove_dir_all(&data);
        }
    }
}

/// One bad setting resets that setting only.
#[test]
fn a_bad_setting_resets_only_itself() {
    let data = scratch("one-bad-setting");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(
        data.join("settings.json"),
        r#"{ "lang": "nl", "text_speed": "Warp" }"#,
    )
    .unwrap();
    let mut app = game_in(&root().join("scenarios"), &data, false, None);
    loaded(&mut app);
    let settings = app.world().resource::<Settings>();
    assert_eq!(
        (settings.lang, settings.text_speed),
        (Lang::Nl, TextSpeed::default())
    );
    let notices = notices_shown(&app);
    assert!(
        notices.len() == 1 && notices[0].contains("Je instellingen"),
        "{notices:?}"
    );
    assert!(notices[0].contains("wat leesbaar was is behouden"));
    assert_eq!(kept_aside(&data, "settings.json.corrupt-").len(), 1);
    let _ = std::fs::remove_dir_all(&data);
}
