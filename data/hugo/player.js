// SPDX-License-Identifier: GPL-3.0-or-later
// The Attention Book player: a diagram's exported frames, played on the app's
// own schedule. The timeline below is src/diagrams/ab-timeline.c line for
// line: a transition eased with the curve the app sampled into the config,
// then a hold; Pause lets a transition under way finish; Play at the end
// starts over; reduced motion snaps every transition to its end. Frames come
// in packs (one script per layout and frame set, loaded when first needed).
(function () {
  'use strict';
  var C = JSON.parse(document.getElementById('ab-config').textContent);
  var T = C.timing;
  var root = document.getElementById('ab-player');
  var q = function (s) { return root.querySelector(s); };
  var stage = q('.ab-stage'), layers = [q('.ab-layer-a'), q('.ab-layer-b')];
  var caption = q('.ab-caption'), counter = q('.ab-counter'), scrub = q('.ab-scrub');
  var playButton = q('[data-do=play]'), presets = q('.ab-preset');
  var narrowQuery = matchMedia('(max-width: 639.98px)');
  var calmQuery = matchMedia('(prefers-reduced-motion: reduce)');
  var IDLE = 0, MOVE = 1, PLAY = 2;
  var st = { set: 0, n: 1, step: 0, pos: 0, mode: IDLE, t0: 0, from: 0, start: 0 };
  var packs = {}, asked = {}, frame = 0, touched = false, autoplaying = false;
  var params = new URLSearchParams(location.search);

  function animate () { return !calmQuery.matches; }
  function layout () { return narrowQuery.matches ? 'narrow' : 'wide'; }
  function now () { return performance.now(); }

  // ab-timeline.c: ease(), ab_timeline_position_at(), _tick(), _go_to_step(),
  // _pause(), _play().
  function ease (u) {
    if (!animate ()) return u > 0 ? 1 : 0;
    var e = T.ease, x = Math.min (Math.max (u, 0), 1) * (e.length - 1), i = Math.floor (x);
    return i >= e.length - 1 ? e[e.length - 1] : e[i] + (e[i + 1] - e[i]) * (x - i);
  }
  function positionAt (t) {
    var u = Math.max (0, t - st.t0), d = T.duration, last = st.n - 1, period, k, r, a;
    if (st.mode === MOVE) return st.from + (st.step - st.from) * ease (u / d);
    if (st.mode !== PLAY) return st.pos;
    period = d + T.hold;
    k = Math.floor (u / period);
    if (st.start + k >= last) return last;
    r = u - k * period;
    if (r >= d) return st.start + k + 1;
    a = k === 0 ? st.from : st.start + k;
    return a + (st.start + k + 1 - a) * ease (r / d);
  }
  function tick () {
    var t = now (), u = t - st.t0;
    cancelAnimationFrame (frame);   // one chain of frames, however tick was reached
    st.pos = positionAt (t);
    if (st.mode === MOVE && u >= T.duration) {
      st.pos = st.step;
      st.mode = IDLE;
    } else if (st.mode === PLAY) {
      st.step = Math.min (st.start + Math.floor (Math.max (u, 0) / (T.duration + T.hold)) + 1, st.n - 1);
      if (st.pos >= st.n - 1) st.mode = IDLE;
    }
    render ();
    frame = st.mode !== IDLE ? requestAnimationFrame (tick) : 0;
  }
  function run () { if (!frame && st.mode !== IDLE) frame = requestAnimationFrame (tick); }
  function goTo (step) {
    var t = now ();
    step = Math.max (0, Math.min (step, st.n - 1));
    st.from = st.mode === IDLE ? st.pos : positionAt (t);
    st.t0 = t;
    st.step = step;
    st.mode = st.from === step ? IDLE : MOVE;
    if (!animate ()) { st.pos = step; st.mode = IDLE; }
    render ();
    run ();
  }
  function pause () {
    var t = now ();
    if (st.mode !== PLAY) return;
    st.from = st.pos = positionAt (t);
    st.mode = IDLE;
    if (st.from !== st.step) { st.mode = MOVE; st.t0 = t; }
    render ();
    run ();
  }
  function play () {
    var t = now ();
    if (st.mode === PLAY || st.n < 2) return;
    if (st.step + 1 >= st.n && st.pos >= st.n - 1) { st.pos = 0; st.step = 0; st.mode = IDLE; }
    st.from = st.mode === IDLE ? st.pos : positionAt (t);
    st.start = Math.floor (st.from);
    st.t0 = t;
    st.mode = PLAY;
    tick ();
  }
  function stepBy (k) {
    pause ();
    if (st.step + k >= 0 && st.step + k < st.n) goTo (st.step + k);
  }
  function seek (p) {
    st.mode = IDLE;
    st.pos = Math.max (0, Math.min (p, st.n - 1));
    st.step = Math.round (st.pos);
    render ();
  }
  function toggle () { if (st.mode === PLAY) pause (); else play (); }
  function reset () { pause (); seek (0); }

  // Frames ------------------------------------------------------------------
  window.abPlayerPack = function (name, set, data) {
    var holder = document.createElement ('div');
    holder.innerHTML = '<svg class="ab-defs" aria-hidden="true" width="0" height="0" style="position:absolute">' +
      '<defs>' + data.defs + '</defs></svg>';
    document.body.appendChild (holder.firstChild);
    packs[name + set] = data;
    render ();
  };
  function need (name, set) {
    var key = name + set, script;
    if (set > 0) need (name, 0);
    if (packs[key] || asked[key]) return;
    asked[key] = true;
    script = document.createElement ('script');
    script.src = name + '-' + set + '.js';
    script.onerror = function () { caption.textContent = C.text.failed; };
    document.head.appendChild (script);
  }
  function pieces (name, set, f) {
    var p = packs[name + set], base = packs[name + 0], runs = p.frames[f], out = [], i, j, k;
    for (i = 0; i < runs.length; i += 2)
      for (j = 0; j < runs[i + 1]; j++) {
        k = runs[i] + j;
        out.push (k < p.base ? base.pieces[k] : p.pieces[k - p.base]);
      }
    return out.join ('');
  }
  // Returns false while the frame's pack is still on its way.
  function show (el, f) {
    var name = layout (), key = name + '/' + st.set + '/' + f, s = C.sets[st.set];
    if (el.dataset.key === key) return true;
    if (C.format === 'png') {
      el.innerHTML = '<img alt="" src="' + name + '-' + st.set + '/' + String (f + 1).padStart (4, '0') + '.png">';
    } else {
      need (name, st.set);
      if (!packs[name + st.set] || (st.set > 0 && !packs[name + 0])) return false;
      el.innerHTML = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="' + C.viewBox[name] +
        '" aria-hidden="true">' + pieces (name, st.set, f) + '</svg>';
    }
    el.dataset.key = key;
    if (s.frames > f + 1) preload (f + 1);
    return true;
  }
  function preload (f) {
    if (C.format === 'png') (new Image ()).src = layout () + '-' + st.set + '/' + String (f + 1).padStart (4, '0') + '.png';
  }
  // The frame nearest position p (an --frames fps export samples the playback).
  function nearest (p) {
    var pos = C.sets[st.set].positions, lo = 0, hi = pos.length - 1, mid;
    while (lo < hi) {
      mid = (lo + hi) >> 1;
      if (pos[mid] < p) lo = mid + 1; else hi = mid;
    }
    return lo > 0 && p - pos[lo - 1] < pos[lo] - p ? lo - 1 : lo;
  }
  function render () {
    var s = C.sets[st.set], p = st.pos, lo, hi, a = 0, ready;
    if (s.positions) lo = hi = nearest (p);
    else if (!animate ()) lo = hi = Math.round (p);
    else {
      lo = Math.floor (p + 1e-6);
      hi = Math.min (lo + 1, st.n - 1);
      a = p - lo;
    }
    ready = show (layers[0], lo);
    // Between two step frames, the next one fades in on the eased position.
    if (a > 0.001 && hi !== lo && show (layers[1], hi)) layers[1].style.opacity = a.toFixed (3);
    else layers[1].style.opacity = 0;
    caption.textContent = s.captions[st.step] || '';
    stage.setAttribute ('aria-label', s.describe[st.step] || C.title);
    counter.textContent = (st.step + 1) + ' / ' + st.n;
    scrub.max = st.n - 1;
    if (document.activeElement !== scrub || st.mode !== IDLE) scrub.value = p;
    root.classList.toggle ('ab-playing', st.mode === PLAY);
    playButton.setAttribute ('aria-label', st.mode === PLAY ? C.text.pause : C.text.play);
    playButton.setAttribute ('aria-pressed', st.mode === PLAY);
    root.dataset.step = st.step;
    root.dataset.position = p.toFixed (3);
    root.dataset.playing = st.mode === PLAY;
    root.dataset.layout = layout ();
    root.dataset.set = st.set;
    root.dataset.frame = lo;
    root.dataset.ready = ready;
  }
  function choose (set) {
    var s = C.sets[set];
    pause ();
    st.set = set;
    st.n = s.steps;
    seek (Math.min (st.step, st.n - 1));
  }

  // Controls -----------------------------------------------------------------
  function user () { touched = true; autoplaying = false; }
  q('.ab-controls').hidden = false;
  q('[data-do=reset]').onclick = function () { user (); reset (); };
  q('[data-do=back]').onclick = function () { user (); stepBy (-1); };
  q('[data-do=forward]').onclick = function () { user (); stepBy (1); };
  playButton.onclick = function () { user (); toggle (); };
  scrub.oninput = function () { user (); seek (parseFloat (scrub.value)); };
  C.sets.forEach (function (s, i) {
    var o = document.createElement ('option');
    o.value = i;
    o.textContent = s.label;
    presets.appendChild (o);
  });
  presets.hidden = C.sets.length < 2;
  presets.onchange = function () { user (); choose (parseInt (presets.value, 10)); };
  document.addEventListener ('keydown', function (e) {
    var tag = e.target.tagName, k = e.key;
    if (e.altKey || e.ctrlKey || e.metaKey || tag === 'SELECT') return;
    if (tag === 'BUTTON' && (k === ' ' || k === 'Enter')) return;   // the button's own action
    if (k === ' ' || k === 'Spacebar') toggle ();
    else if (k === 'ArrowRight') stepBy (1);
    else if (k === 'ArrowLeft') stepBy (-1);
    else if (k === 'Home') reset ();
    else return;
    user ();
    e.preventDefault ();
  });
  narrowQuery.addEventListener ('change', function () { render (); });
  calmQuery.addEventListener ('change', function () { if (!animate () && autoplaying) pause (); render (); });

  // Plays by itself once half in view, unless the reader asked for less motion.
  if (C.autoplay && params.get ('autoplay') !== '0' && 'IntersectionObserver' in window) {
    new IntersectionObserver (function (entries) {
      var seen = entries[entries.length - 1].isIntersecting;
      if (seen && !touched && animate () && st.mode !== PLAY) { autoplaying = true; play (); }
      else if (!seen && autoplaying) pause ();
    }, { threshold: 0.5 }).observe (root);
  }
  choose (0);
}) ();
