//! How the screens look, measured: every text size lays every screen out inside the window
//! (1280×720 and 1920×1080, in both languages), and in high contrast every text reaches
//! 4.5:1 against what is drawn behind it.

use bevy::prelude::*;
use bevy::text::TextLayoutInfo;
use bevy::ui::{ComputedNode, OverflowAxis, UiGlobalTransform};

use super::*;
use give_and_take_game::{Contrast, QuickMenuButton, SlotButton, TextSize};

/// A node's rectangle: left, top, right, bottom.
fn rect(node: &ComputedNode, at: &UiGlobalTransform) -> [f32; 4] {
    let (c, s) = (at.translation, node.size());
    [
        c.x - s.x / 2.0,
        c.y - s.y / 2.0,
        c.x + s.x / 2.0,
        c.y + s.y / 2.0,
    ]
}

/// Everything on screen that breaks out of its place: a node outside the window sideways, or
/// below it outside a scroller; a node outside its parent (sideways; downwards unless the
/// parent scrolls); a text wider than its own box.
fn overflows(app: &mut App, window: UVec2) -> Vec<String> {
    const SLACK: f32 = 1.0;
    let (w, h) = (window.x as f32, window.y as f32);
    let world = app.world_mut();
    let mut nodes = world.query::<(
        Entity,
        &ComputedNode,
        &UiGlobalTransform,
        &Node,
        Option<&ChildOf>,
    )>();
    let all: Vec<(Entity, [f32; 4], Node, Option<Entity>)> = nodes
        .iter(world)
        .map(|(e, n, t, node, parent)| (e, rect(n, t), node.clone(), parent.map(ChildOf::parent)))
        .collect();
    let by_id: std::collections::HashMap<Entity, ([f32; 4], Node, Option<Entity>)> = all
        .iter()
        .map(|(e, r, n, p)| (*e, (*r, n.clone(), *p)))
        .collect();
    let scrolls = |n: &Node| n.overflow.y == OverflowAxis::Scroll;
    let in_scroller = |mut e: Entity| {
        while let Some((_, _, Some(p))) = by_id.get(&e) {
            if by_id.get(p).is_some_and(|(_, n, _)| scrolls(n)) {
                return true;
            }
            e = *p;
        }
        false
    };
    let mut texts = world.query::<(&Text, Option<&TextLayoutInfo>, &ComputedNode, &TextFont)>();
    let words = |world: &World, e: Entity| -> String {
        // The node's own text, else the first text below it.
        let mut stack = vec![e];
        while let Some(e) = stack.pop() {
            if let Some(t) = world.get::<Text>(e) {
                return t.0.chars().take(60).collect();
            }
            if let Some(c) = world.get::<Children>(e) {
                stack.extend(c.iter());
            }
        }
        world
            .get::<Name>(e)
            .map_or_else(|| format!("{e:?}"), |n| n.to_string())
    };
    let mut found = Vec::new();
    for (e, r, _, parent) in &all {
        let [l, t, rt, b] = *r;
        if rt - l <= 0.0 && b - t <= 0.0 {
            continue;
        }
        if l < -SLACK || rt > w + SLACK {
            found.push(format!(
                "outside the window sideways ({l:.0}..{rt:.0}): {}",
                words(world, *e)
            ));
        }
        if !in_scroller(*e) && (t < -SLACK || b > h + SLACK) {
            found.push(format!(
                "outside the window ({t:.0}..{b:.0}), not in a scroller: {}",
                words(world, *e)
            ));
        }
        if let Some((pr, pn, _)) = parent.and_then(|p| by_id.get(&p)) {
            let [pl, pt, pr_, pb] = *pr;
            if l < pl - SLACK || rt > pr_ + SLACK {
                found.push(format!(
                    "wider than its parent ({l:.0}..{rt:.0} in {pl:.0}..{pr_:.0}): {}",
                    words(world, *e)
                ));
            }
            if !scrolls(pn) && (t < pt - SLACK || b > pb + SLACK) {
                found.push(format!(
                    "taller than its parent ({t:.0}..{b:.0} in {pt:.0}..{pb:.0}): {}",
                    words(world, *e)
                ));
            }
        }
        // A wrapped line's measured width may count the space it broke at: about a third
        // of the font's size.
        if let Ok((text, Some(info), node, font)) = texts.get(world, *e)
            && info.size.x > node.size().x + px_size(font) * 0.35 + SLACK
        {
            found.push(format!(
                "text wider than its box ({:.0} > {:.0}): {}",
                info.size.x,
                node.size().x,
                text.0.chars().take(60).collect::<String>()
            ));
        }
    }
    found
}

fn px_size(font: &TextFont) -> f32 {
    match font.font_size {
        bevy::text::FontSize::Px(v) => v,
        _ => 20.0,
    }
}

/// Lays the shown screen out at every text size in both languages and fails on any
/// overflow. `reopen` is called after each change (the screen is rebuilt; a panel over it,
/// like the backlog, has to be opened again).
fn check_every_size(app: &mut App, window: UVec2, what: &str, reopen: &dyn Fn(&mut App)) {
    for lang in Lang::ALL {
        for size in TextSize::ALL {
            {
                let mut s = app.world_mut().resource_mut::<Settings>();
                s.lang = lang;
                s.text_size = size;
            }
            for _ in 0..3 {
                app.update();
            }
            reopen(app);
            for _ in 0..3 {
                app.update();
            }
            let found = overflows(app, window);
            assert!(
                found.is_empty(),
                "{what} at {size:?} in {lang:?}, {}×{}:\n{}",
                window.x,
                window.y,
                found.join("\n")
            );
        }
    }
}

fn nothing(_: &mut App) {}

/// Screens a player should not have to scroll: at every text size and in both languages
/// their content fits the window without the scrollbar.
fn assert_fits(app: &mut App, what: &str) {
    for lang in Lang::ALL {
        for size in TextSize::ALL {
            {
                let mut s = app.world_mut().resource_mut::<Settings>();
                s.lang = lang;
                s.text_size = size;
            }
            for _ in 0..4 {
                app.update();
            }
            let w = app.world_mut();
            for (node, computed) in w.query::<(&Node, &ComputedNode)>().iter(w) {
                if node.overflow.y == OverflowAxis::Scroll {
                    let (content, view) = (computed.content_size().y, computed.size().y);
                    assert!(
                        content <= view + 1.0,
                        "{what} at {size:?} in {lang:?} scrolls: {content:.0} in {view:.0}"
                    );
                }
            }
        }
    }
}

/// Plays the quote dispute to its end with the first choice, checking every card at every
/// size; the backlog at the first choice, the save slots mid-run, then the outcome and the
/// reflection.
fn check_a_whole_run(app: &mut App, window: UVec2) {
    loaded(app);
    app.world_mut().resource_mut::<Settings>().text_speed = TextSpeed::Instant;
    check_every_size(app, window, "the title", &nothing);
    let settings = title_button(app, TitleButton::Settings);
    activate(app, settings);
    check_every_size(app, window, "the settings", &nothing);
    assert_fits(app, "the settings");
    press_key(app, KeyCode::Escape, Key::Escape);
    let scenarios = title_button(app, TitleButton::Scenarios);
    activate(app, scenarios);
    check_every_size(app, window, "the scenario list", &nothing);
    press_key(app, KeyCode::Escape, Key::Escape);
    open_quote_dispute(app);
    let mut backlog_seen = false;
    for card in 0..200 {
        app.update();
        if screen(app) == Screen::Outcome {
            break;
        }
        check_every_size(app, window, &format!("card {card}"), &nothing);
        if let Some(&c) = entities::<ContinueButton>(app).first() {
            activate(app, c);
            continue;
        }
        if let Some(&c) = entities::<ChoiceButton>(app).first() {
            if !backlog_seen {
                backlog_seen = true;
                check_every_size(app, window, "the backlog", &open_backlog);
                open_backlog(app);
                let save = button(app, QuickMenuButton::Save);
                activate(app, save);
                assert_eq!(screen(app), Screen::Slots);
                check_every_size(app, window, "the save slots", &nothing);
                assert_fits(app, "the save slots");
                let first = button(app, SlotButton(0));
                activate(app, first);
                assert_eq!(screen(app), Screen::Play);
                // The title at its fullest: Continue and Load too; then the slots to load.
                press_key(app, KeyCode::Escape, Key::Escape);
                check_every_size(app, window, "the title with Continue and Load", &nothing);
                assert_fits(app, "the title with Continue and Load");
                let load = title_button(app, TitleButton::Load);
                activate(app, load);
                check_every_size(app, window, "the slots to load", &nothing);
                assert_fits(app, "the slots to load");
                press_key(app, KeyCode::Escape, Key::Escape);
                let resume = title_button(app, TitleButton::Continue);
                activate(app, resume);
                assert_eq!(screen(app), Screen::Play);
                continue;
            }
            activate(app, c);
        }
    }
    assert_eq!(screen(app), Screen::Outcome);
    check_every_size(app, window, "the outcome", &nothing);
    let see = entities::<bevy::input_focus::AutoFocus>(app)[0];
    activate(app, see);
    assert_eq!(screen(app), Screen::Reflection);
    check_every_size(app, window, "the reflection", &nothing);
}

#[test]
fn every_text_size_lays_out_every_screen_inside_a_1280_by_720_window() {
    let data = scratch("layout-720");
    let window = UVec2::new(1280, 720);
    let mut app = laid_out_game(&data, window);
    check_a_whole_run(&mut app, window);
}

#[test]
fn every_text_size_lays_out_every_screen_inside_a_1920_by_1080_window() {
    let data = scratch("layout-1080");
    let window = UVec2::new(1920, 1080);
    let mut app = laid_out_game(&data, window);
    check_a_whole_run(&mut app, window);
}

/// The WCAG relative luminance of an sRGB colour (computed here, apart from the game's own).
fn luminance(c: Srgba) -> f32 {
    let lin = |v: f32| {
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c.red) + 0.7152 * lin(c.green) + 0.0722 * lin(c.blue)
}

fn contrast(a: Srgba, b: Srgba) -> f32 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// `top` blended over the opaque `under`.
fn over(top: Srgba, under: Srgba) -> Srgba {
    let a = top.alpha;
    Srgba::new(
        top.red * a + under.red * (1.0 - a),
        top.green * a + under.green * (1.0 - a),
        top.blue * a + under.blue * (1.0 - a),
        1.0,
    )
}

/// Every text on screen (spans included) with the colour behind it: the backgrounds of the
/// nodes it sits in, blended from the window's clear colour up. Returns (text, contrast).
fn text_contrasts(app: &mut App) -> Vec<(String, f32)> {
    let world = app.world_mut();
    let clear = world
        .query::<&Camera>()
        .iter(world)
        .find_map(|c| match c.clear_color {
            ClearColorConfig::Custom(c) => Some(c.to_srgba()),
            _ => None,
        })
        .expect("the camera clears to the theme's background");
    let behind = |world: &World, e: Entity| -> Srgba {
        let mut chain = vec![e];
        let mut at = e;
        while let Some(p) = world.get::<ChildOf>(at).map(ChildOf::parent) {
            chain.push(p);
            at = p;
        }
        chain
            .iter()
            .rev()
            .fold(clear, |base, &n| match world.get::<BackgroundColor>(n) {
                Some(bg) if bg.0.alpha() > 0.0 => over(bg.0.to_srgba(), base),
                _ => base,
            })
    };
    let mut out = Vec::new();
    let mut texts = world.query::<(Entity, &Text, &TextColor)>();
    let mut spans = world.query::<(&TextSpan, &TextColor, &ChildOf)>();
    let found: Vec<(String, Color, Entity)> = texts
        .iter(world)
        .map(|(e, t, c)| (t.0.clone(), c.0, e))
        .chain(
            spans
                .iter(world)
                .map(|(t, c, p)| (t.0.clone(), c.0, p.parent())),
        )
        .collect();
    for (text, color, node) in found {
        // Unrevealed text keeps its place in the layout, transparent.
        if text.trim().is_empty() || color.alpha() == 0.0 {
            continue;
        }
        let bg = behind(world, node);
        let fg = over(color.to_srgba(), bg);
        out.push((text, contrast(fg, bg)));
    }
    out
}

fn assert_readable(app: &mut App, what: &str) {
    for _ in 0..3 {
        app.update();
    }
    let low: Vec<String> = text_contrasts(app)
        .into_iter()
        .filter(|(_, ratio)| *ratio < 4.5)
        .map(|(t, ratio)| format!("{ratio:.2}:1  {}", t.chars().take(60).collect::<String>()))
        .collect();
    assert!(
        low.is_empty(),
        "{what}: below 4.5:1 in high contrast:\n{}",
        low.join("\n")
    );
}

/// In high contrast every text the game draws reaches WCAG AA's 4.5:1 against what is behind
/// it, on every screen: banners (a save that fails), the title, the settings, the list, every
/// card and choice of a run, the backlog, the save slots, the outcome and the reflection.
#[test]
fn every_text_in_high_contrast_reaches_4_5_to_1() {
    // A data folder that is a file: every save fails, so an error banner stays up.
    let data = scratch("contrast").join("data-is-a-file");
    std::fs::write(&data, "not a folder").unwrap();
    let window = UVec2::new(1280, 720);
    let mut app = laid_out_game(&data, window);
    loaded(&mut app);
    {
        let mut s = app.world_mut().resource_mut::<Settings>();
        s.contrast = Contrast::High;
        s.text_speed = TextSpeed::Instant;
    }
    assert_readable(&mut app, "the title");
    let settings = title_button(&mut app, TitleButton::Settings);
    activate(&mut app, settings);
    assert_readable(&mut app, "the settings");
    press_key(&mut app, KeyCode::Escape, Key::Escape);
    open_quote_dispute(&mut app);
    assert!(
        !texts_of::<BannerText>(&mut app).is_empty(),
        "a banner is up"
    );
    let mut first_choice = true;
    for card in 0..200 {
        app.update();
        if screen(&app) == Screen::Outcome {
            break;
        }
        assert_readable(&mut app, &format!("card {card}"));
        if let Some(&c) = entities::<ContinueButton>(&mut app).first() {
            activate(&mut app, c);
            continue;
        }
        if let Some(&c) = entities::<ChoiceButton>(&mut app).first() {
            if first_choice {
                first_choice = false;
                open_backlog(&mut app);
                assert_readable(&mut app, "the backlog");
                open_backlog(&mut app);
                let save = button(&mut app, QuickMenuButton::Save);
                activate(&mut app, save);
                assert_readable(&mut app, "the save slots");
                press_key(&mut app, KeyCode::Escape, Key::Escape);
            }
            activate(&mut app, c);
        }
    }
    assert_eq!(screen(&app), Screen::Outcome);
    assert_readable(&mut app, "the outcome");
    let see = entities::<bevy::input_focus::AutoFocus>(&mut app)[0];
    activate(&mut app, see);
    assert_readable(&mut app, "the reflection");
    press_key(&mut app, KeyCode::Escape, Key::Escape);
    assert_readable(&mut app, "the scenario list");
}
