//! Reactive rendering. With `WinitSettings::desktop_app()` the app updates only on input, so
//! anything that animates or finishes in the background (typing text, loading, screenshots,
//! a scenario reloaded from disk) keeps the loop awake for a while through [`KeepAwake`].

use bevy::input::keyboard::KeyboardInput;
use bevy::input::mouse::{MouseButtonInput, MouseWheel};
use bevy::prelude::*;
use bevy::state::state::StateTransitionEvent;
use bevy::window::RequestRedraw;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use super::{GameSystems, Screen};

/// Keeps requesting redraws until this instant.
#[derive(Resource, Debug, Default)]
pub(crate) struct KeepAwake {
    until: Option<Instant>,
}

impl KeepAwake {
    pub(crate) fn bump(&mut self, d: Duration) {
        let t = Instant::now() + d;
        if self.until.is_none_or(|u| u < t) {
            self.until = Some(t);
        }
    }

    pub(crate) fn is_awake(&self) -> bool {
        self.until.is_some_and(|u| Instant::now() < u)
    }
}

/// Set by the file watcher's thread; read once per frame.
static WOKEN: AtomicBool = AtomicBool::new(false);
static WAKER: OnceLock<Box<dyn Fn() + Send + Sync>> = OnceLock::new();

/// Wakes the sleeping event loop from any thread: the file watcher does not, so without
/// this an edited scenario would only be noticed at the next key press.
pub(crate) fn wake_from_any_thread() {
    WOKEN.store(true, Ordering::SeqCst);
    if let Some(w) = WAKER.get() {
        w();
    }
}

pub(crate) fn plugin(app: &mut App) {
    // WindowPlugin registers this message in the real app; headless tests need it too.
    app.add_message::<RequestRedraw>()
        .init_resource::<KeepAwake>()
        .add_systems(Startup, |mut k: ResMut<KeepAwake>| {
            // The first frames lay out and draw the title with its fonts.
            k.bump(Duration::from_secs(2));
        })
        .add_systems(First, |mut k: ResMut<KeepAwake>| {
            if WOKEN.swap(false, Ordering::SeqCst) {
                // The asset server needs a few frames to finish the reload.
                k.bump(Duration::from_secs(1));
            }
        })
        .add_systems(Update, keep_awake_on_screen_change.in_set(GameSystems::Ui))
        .add_systems(
            Last,
            (keep_awake_after_input, request_redraw_while_awake).chain(),
        );
}

/// The window-only part: lets other threads wake the event loop, and keeps drawing while
/// render work is in flight.
pub(crate) fn winit_plugin(app: &mut App) {
    app.add_systems(Startup, store_event_loop_proxy)
        .add_systems(PostUpdate, keep_awake_for_render_work);
}

fn store_event_loop_proxy(proxy: Option<Res<bevy::winit::EventLoopProxyWrapper>>) {
    if let Some(proxy) = proxy {
        let proxy: bevy::winit::EventLoopProxy<bevy::winit::WinitUserEvent> = (**proxy).clone();
        let _ = WAKER.set(Box::new(move || {
            let _ = proxy.send_event(bevy::winit::WinitUserEvent::WakeUp);
        }));
    }
}

/// A new screen (fonts, layout, glyph atlas) is drawn without waiting for input.
fn keep_awake_on_screen_change(
    mut transitions: MessageReader<StateTransitionEvent<Screen>>,
    mut k: ResMut<KeepAwake>,
) {
    if transitions.read().last().is_some() {
        k.bump(Duration::from_millis(500));
    }
}

/// What a key press or click sets off often shows only a frame or two later: a screen
/// change is applied in the next frame's state transition, commands after their system. A
/// press and its release can arrive together, leaving no further event to wake the loop, so
/// input (and a pending screen change) keeps it awake briefly.
fn keep_awake_after_input(
    mut keys: MessageReader<KeyboardInput>,
    mut buttons: MessageReader<MouseButtonInput>,
    mut wheel: MessageReader<MouseWheel>,
    next: Res<NextState<Screen>>,
    mut k: ResMut<KeepAwake>,
) {
    let input = keys.read().count() + buttons.read().count() + wheel.read().count() > 0;
    if input || !matches!(*next, NextState::Unchanged) {
        k.bump(Duration::from_millis(250));
    }
}

fn request_redraw_while_awake(k: Res<KeepAwake>, mut redraw: MessageWriter<RequestRedraw>) {
    if k.is_awake() {
        redraw.write(RequestRedraw);
    }
}

/// Screenshots are captured over a few frames; fonts finish loading in the background and
/// must then be laid out and drawn.
fn keep_awake_for_render_work(
    capturing: Query<(), With<bevy::render::view::screenshot::Screenshot>>,
    mut fonts: MessageReader<AssetEvent<Font>>,
    mut k: ResMut<KeepAwake>,
) {
    if fonts.read().count() > 0 || !capturing.is_empty() {
        k.bump(Duration::from_millis(200));
    }
}
