// The Map page's scatter: one WebGL trace per group (cluster or genre), drawn with Plotly.react from columns sent once
// over JS interop (never through Blazor's diffing), the hover preview, the click, the lasso/box selection, and the
// highlight of a searched track and its neighbours. Plotly itself is the copy Plotly.Blazor ships, loaded the way
// Plotly.Blazor loads it (same script id), so the two never load it twice.
import { importScript } from '../_content/Plotly.Blazor/plotly-interop-7.2.0.js';

const PlotlyUrl = './_content/Plotly.Blazor/plotly-3.7.0.min.js';
const HoverDelayMs = 600;
const PreviewSeconds = 10;
const state = new Map(); // element id -> { groups, overlays, dotnet, hoverTimer, stopTimer, audio }

let loading = null;

// One load at a time: a second importScript while the first is in flight resolves at once (the element exists), before
// Plotly is defined.
function plotly() {
    if (window.Plotly) return Promise.resolve(window.Plotly);
    loading ??= importScript('plotly-import', PlotlyUrl).then(() => window.Plotly, e => { loading = null; throw e; });
    return loading;
}

function groupTrace(g) {
    return {
        type: 'scattergl', mode: 'markers', name: g.name, meta: 'group',
        x: g.x, y: g.y, customdata: g.ids, text: g.text,
        hovertemplate: '%{text}<extra></extra>',
        marker: { color: g.colour, size: 7, opacity: 0.85, line: { width: 0 } },
    };
}

function layout(options) {
    return {
        margin: { l: 40, r: 10, t: 36, b: 30 }, // the top margin keeps the mode bar off the legend
        hovermode: 'closest',
        dragmode: options.dragMode || 'lasso',
        showlegend: true,
        legend: { title: { text: options.legendTitle || '' }, itemclick: 'toggle', itemdoubleclick: 'toggleothers' },
        xaxis: { zeroline: false, showgrid: true },
        yaxis: { zeroline: false, showgrid: true },
        hoverlabel: { align: 'left' },
        // A new map (run, projection) resets the view; recolouring the same map keeps the zoom.
        uirevision: options.viewKey,
    };
}

/** Starts loading Plotly while the server computes the points (the page calls it on its first render). */
export function preload() {
    plotly().catch(() => { /* render() reports a failed load */ });
}

/** Draws (or redraws) the map; resolves with the milliseconds from the call to the first painted frame. */
export async function render(id, groups, options, dotnet) {
    const started = performance.now();
    const P = await plotly();
    const loaded = performance.now();
    const el = document.getElementById(id);
    if (!el) return -1;
    let s = state.get(id);
    if (!s) {
        s = { overlays: [], audio: null };
        state.set(id, s);
    }
    s.groups = groups;
    s.dotnet = dotnet;
    s.options = options;
    s.overlays = [];
    const points = groups.reduce((n, g) => n + g.x.length, 0);
    await P.react(el, groups.map(groupTrace), layout(options), { responsive: true, displaylogo: false, scrollZoom: true });
    const reacted = performance.now();
    if (!el.dataset.mapEvents) wire(el, id);
    await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    const ms = performance.now() - started;
    // Read by the browser tests and the 10 000-point bench: the whole call, loading Plotly, Plotly.react, the first frames.
    window.__mapRender = { points, ms, at: performance.now(), loadMs: loaded - started, reactMs: reacted - loaded, frameMs: performance.now() - reacted };
    el.dataset.points = String(points);
    return ms;
}

function idOf(el, p) {
    const trace = el.data[p.curveNumber];
    return trace && trace.meta === 'group' ? trace.customdata[p.pointIndex] : null;
}

function wire(el, id) {
    el.dataset.mapEvents = '1';
    el.on('plotly_hover', ev => {
        const p = ev.points && ev.points[0];
        const track = p ? idOf(el, p) : null;
        if (track == null) return;
        const s = state.get(id);
        clearTimeout(s.hoverTimer);
        s.hoverTimer = setTimeout(() => preview(id, track), HoverDelayMs);
    });
    el.on('plotly_unhover', () => stopPreview(id));
    el.on('plotly_click', ev => {
        const p = ev.points && ev.points[0];
        const track = p ? idOf(el, p) : null;
        if (track != null) state.get(id).dotnet.invokeMethodAsync('OnPointClicked', track);
    });
    el.on('plotly_selected', ev => {
        if (!ev) return; // a click on empty space after a selection
        const ids = [];
        for (const p of ev.points || []) {
            const track = idOf(el, p);
            if (track != null) ids.push(track);
        }
        state.get(id).dotnet.invokeMethodAsync('OnSelected', ids);
    });
    el.on('plotly_deselect', () => state.get(id).dotnet.invokeMethodAsync('OnSelected', []));
}

/** Plays ~10 s from the middle of a track in the page's preview player. */
export function preview(id, track) {
    const s = state.get(id);
    const audio = document.getElementById(s.options.audioId);
    if (!audio) return;
    stopPreview(id, true);
    audio.dataset.trackId = String(track);
    audio.src = `api/tracks/${track}/audio`;
    audio.onloadedmetadata = () => {
        if (audio.dataset.trackId !== String(track)) return;
        const d = audio.duration;
        if (isFinite(d) && d > PreviewSeconds) audio.currentTime = d / 2 - PreviewSeconds / 2;
        audio.play().catch(() => { /* the browser refused autoplay before any click: the hover stays silent */ });
        s.stopTimer = setTimeout(() => audio.pause(), PreviewSeconds * 1000);
    };
    audio.load();
}

export function stopPreview(id, keepHoverTimer) {
    const s = state.get(id);
    if (!s) return;
    if (!keepHoverTimer) clearTimeout(s.hoverTimer);
    clearTimeout(s.stopTimer);
    const audio = document.getElementById(s.options.audioId);
    if (audio && !audio.paused) audio.pause();
}

function locate(s, track) {
    for (const g of s.groups) {
        const i = g.ids.indexOf(track);
        if (i >= 0) return { x: g.x[i], y: g.y[i] };
    }
    return null;
}

/**
 * Marks a track (a large ringed marker with its title) and its neighbours (rings), and when asked centres the view on
 * the track, keeping the current zoom. Returns the track's coordinates, or null when it is not on the map.
 */
export async function highlight(id, track, title, neighbours, centre) {
    const P = await plotly();
    const el = document.getElementById(id);
    const s = state.get(id);
    if (!el || !s) return null;
    const at = locate(s, track);
    const overlays = [];
    const near = (neighbours || []).map(n => locate(s, n)).filter(p => p);
    if (near.length) overlays.push({
        type: 'scattergl', mode: 'markers', name: 'sounds like', meta: 'overlay', showlegend: false, hoverinfo: 'skip',
        x: near.map(p => p.x), y: near.map(p => p.y),
        marker: { size: 13, color: 'rgba(0,0,0,0)', line: { width: 2, color: '#111827' } },
    });
    if (at) overlays.push({
        type: 'scatter', mode: 'markers+text', name: 'selected track', meta: 'overlay', showlegend: false, hoverinfo: 'skip',
        x: [at.x], y: [at.y], text: [title], textposition: 'top center', textfont: { size: 13, color: '#111827' },
        marker: { size: 18, color: 'rgba(250,204,21,0.55)', line: { width: 3, color: '#111827' } },
    });
    s.overlays = overlays;
    const l = Object.assign({}, el.layout);
    if (at && centre) {
        const xr = el._fullLayout.xaxis.range, yr = el._fullLayout.yaxis.range;
        const hx = (xr[1] - xr[0]) / 2, hy = (yr[1] - yr[0]) / 2;
        l.xaxis = Object.assign({}, l.xaxis, { range: [at.x - hx, at.x + hx], autorange: false });
        l.yaxis = Object.assign({}, l.yaxis, { range: [at.y - hy, at.y + hy], autorange: false });
    }
    // Groups hidden from the legend stay hidden.
    const groups = s.groups.map((g, i) => Object.assign(groupTrace(g), { visible: (el.data[i] && el.data[i].visible) ?? true }));
    await P.react(el, groups.concat(overlays), l, { responsive: true, displaylogo: false, scrollZoom: true });
    return at;
}

export function dispose(id) {
    stopPreview(id);
    const el = document.getElementById(id);
    if (el && window.Plotly) window.Plotly.purge(el);
    state.delete(id);
}
