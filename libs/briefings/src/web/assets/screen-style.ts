/**
 * The projector screen's styles: 16:9, sized from the viewport (24 px type
 * on 1920×1080, the same proportions on any projector), dark text on white
 * panels, the People's Council red for the title band, status in colour
 * and in symbols (✓ ! ✗) for those who cannot tell red from green.
 * System fonts only: the hall's network may be closed.
 */
export const SCREEN_CSS = String.raw`/* Giao ban HĐND: the briefing screen. */
:root {
  --red: #a4161a;
  --red-dark: #7d0f12;
  --gold: #ffd54a;
  --ink: #111418;
  --muted: #4a5360;
  --line: #d5dae1;
  --paper: #ffffff;
  --back: #e9edf2;
  --ok: #137333;
  --late: #a85a00;
  --missing: #c5221f;
  --blue: #1a4fc4;
  --blue-light: #7ea3ef;
  --grey: #9aa3ad;
  font-family: "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, "DejaVu Sans", "Liberation Sans", sans-serif;
  color: var(--ink);
  background: var(--back);
  /* 24 px at 1920×1080; follows the smaller side on other shapes. */
  font-size: clamp(11px, min(1.25vw, 2.2222vh), 48px);
}
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
body { overflow: hidden; line-height: 1.25; -webkit-font-smoothing: antialiased; }
[hidden] { display: none !important; }
button { font: inherit; }
h1, h2, h3, p, ul { margin: 0; }
ul { padding: 0; list-style: none; }

.screen-root { display: grid; grid-template-rows: auto auto 1fr auto; height: 100vh; }
/* Placed by row: a hidden banner must not move the board into its track. */
.screen-root > .top { grid-row: 1; }
.screen-root > .banner { grid-row: 2; }
.screen-root > .board { grid-row: 3; }
.screen-root > .bottom { grid-row: 4; }

/* ---- title band ---- */
.top { display: grid; grid-template-columns: auto 1fr auto; align-items: center; gap: 1rem; padding: .55rem 1.2rem; background: var(--red); color: #fff; border-bottom: .25rem solid var(--gold); }
.emblem { width: 3.2rem; height: 3.2rem; border-radius: 50%; background: var(--gold); color: var(--red-dark); display: grid; place-items: center; font-weight: 800; font-size: .8rem; letter-spacing: .02em; }
.title { font-size: 1.75rem; font-weight: 800; letter-spacing: -.01em; line-height: 1.15; }
.subtitle { font-size: .9rem; opacity: .95; margin-top: .15rem; }
.status { text-align: right; display: grid; gap: .25rem; justify-items: end; }
.updated { font-size: 1.15rem; font-weight: 700; font-variant-numeric: tabular-nums; }
.pill { display: inline-block; padding: .1rem .7rem; border-radius: 1rem; font-size: .8rem; font-weight: 700; background: rgba(255,255,255,.15); }
.pill-live { background: #fff; color: var(--ok); }
.pill-polling { background: #fff; color: var(--late); }
.pill-offline { background: var(--gold); color: var(--ink); }
.pill-connecting { background: rgba(255,255,255,.2); color: #fff; }

/* ---- lost connection ---- */
.banner { background: var(--gold); color: var(--ink); font-size: 1.25rem; padding: .45rem 1.2rem; border-bottom: .2rem solid var(--ink); display: flex; gap: .8rem; align-items: baseline; }
.banner strong { font-weight: 800; }
.banner-retry { font-size: .85rem; color: #3b3200; }
.banner-stale { margin-left: auto; font-size: .85rem; font-weight: 700; white-space: nowrap; }

/* ---- the board ---- */
.board { position: relative; display: grid; grid-template-rows: auto 1fr; gap: .75rem; padding: .75rem 1.2rem .5rem; min-height: 0; transition: filter .4s, opacity .4s; }
.board.stale > * { filter: grayscale(1); opacity: .55; }
.loading { font-size: 1.4rem; color: var(--muted); padding: 2rem; }

.levels { display: grid; grid-template-columns: repeat(3, 1fr); gap: .75rem; }
.level { background: var(--paper); border-radius: .35rem; border-top: .35rem solid var(--red); padding: .55rem .9rem .6rem; box-shadow: 0 .05rem .2rem rgba(0,0,0,.12); display: grid; align-content: start; gap: .35rem; min-width: 0; }
.level-DISTRICT { border-top-color: var(--blue); }
.level-WARD { border-top-color: var(--ok); }
.level > header { display: grid; gap: .15rem; }
.level h2 { font-size: 1.2rem; font-weight: 800; color: var(--red-dark); }
.level-DISTRICT h2 { color: var(--blue); }
.level-WARD h2 { color: var(--ok); }
.reported { font-size: .85rem; color: var(--muted); display: flex; align-items: center; flex-wrap: wrap; gap: .2rem .4rem; }
.reported-text { font-weight: 700; color: var(--ink); }
.late-text { color: var(--late); }
.meter { flex: 1 1 4rem; min-width: 4rem; height: .45rem; background: #e4e8ee; border-radius: .3rem; overflow: hidden; }
.meter-fill { display: block; height: 100%; background: var(--ok); }
.sentence { font-size: 1.15rem; line-height: 1.1; }
.sentence .figure { display: block; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.n { font-weight: 800; font-variant-numeric: tabular-nums; }
.n.big { font-size: 2.55rem; letter-spacing: -.02em; color: var(--ink); }
/* The change against the previous period, beside each headline figure. */
.sentence .figure[data-delta]::after { content: attr(data-delta); float: right; margin-top: 1.3rem; font-size: .8rem; font-weight: 700; color: var(--muted); }
.sentence .figure.up::after { color: var(--ok); }
.sentence .figure.down::after { color: var(--missing); }
.level-head { display: flex; justify-content: space-between; align-items: baseline; gap: .6rem; }
.compare { font-size: .7rem; color: var(--muted); font-style: italic; white-space: nowrap; }
.delta { font-weight: 700; white-space: nowrap; font-size: .8em; }
.delta.up { color: var(--ok); }
.delta.down { color: var(--missing); }
.delta.same { color: var(--muted); font-weight: 600; }
.minor { display: grid; gap: .1rem; font-size: .85rem; border-top: 1px solid var(--line); padding-top: .3rem; }
.minor .n { font-size: 1.2rem; }
.minor .aside { color: var(--muted); }

.lower { display: grid; grid-template-columns: 2fr 1fr; gap: .75rem; min-height: 0; }
.panel { background: var(--paper); border-radius: .35rem; padding: .55rem .9rem; box-shadow: 0 .05rem .2rem rgba(0,0,0,.12); min-height: 0; display: flex; flex-direction: column; gap: .35rem; overflow: hidden; }
.panel > header { display: flex; justify-content: space-between; align-items: baseline; gap: 1rem; }
.panel h2 { font-size: 1.1rem; font-weight: 800; }
.chart-total { font-size: 1.1rem; font-weight: 800; color: var(--muted); }

/* ---- reporting by district ---- */
.legend { display: flex; flex-wrap: wrap; gap: .2rem 1.2rem; font-size: .72rem; color: var(--muted); }
.legend li { display: flex; align-items: center; gap: .3rem; }
.legend .swatch { display: inline-block; width: 1.6rem; height: .55rem; border-radius: .3rem; background: var(--blue); }
.bars { flex: 1; min-height: 0; display: grid; grid-template-columns: repeat(3, 1fr); grid-template-rows: repeat(10, 1fr); grid-auto-flow: column; gap: .15rem 1.3rem; }
.bar-row { display: grid; grid-template-columns: 1.25rem 6.3rem 1fr 2.9rem; align-items: center; gap: .35rem; font-size: .82rem; min-height: 0; }
.mark { display: inline-grid; place-items: center; width: 1.2rem; height: 1.2rem; border-radius: .25rem; color: #fff; font-weight: 900; font-size: .75rem; line-height: 1; }
.status-reported .mark { background: var(--ok); }
.status-late .mark { background: var(--late); }
.status-missing .mark { background: var(--missing); }
.status-none .mark { background: var(--grey); }
.bar-row .name { font-weight: 700; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.status-missing .name { color: var(--missing); }
.track { height: .7rem; background: #e4e8ee; border-radius: .35rem; overflow: hidden; }
.track.empty { background: repeating-linear-gradient(90deg, #e4e8ee 0 .35rem, transparent .35rem .6rem); height: .2rem; }
.fill { display: block; height: 100%; background: var(--blue); border-radius: .35rem; transition: width .6s ease-out; }
.fill.full { background: var(--ok); }
.count { text-align: right; font-variant-numeric: tabular-nums; font-weight: 700; }
.count.none { color: var(--grey); font-weight: 400; }

/* ---- directives ---- */
.kpi-row { display: flex; justify-content: space-between; align-items: baseline; gap: .8rem; }
.kpi { display: flex; align-items: baseline; flex-wrap: wrap; gap: 0 .1rem; }
.kpi .n.big { font-size: 3rem; color: var(--ok); }
.kpi .of { font-size: 1.7rem; font-weight: 800; }
.kpi-word { font-size: 1.1rem; font-weight: 700; margin-left: .4rem; }
.kpi-sub { font-size: .8rem; color: var(--muted); margin-top: -.2rem; }
.stack { display: flex; height: 1rem; border-radius: .5rem; overflow: hidden; background: #e4e8ee; }
.seg { display: block; height: 100%; }
.seg-completed, .k-completed .swatch { background: var(--ok); }
.seg-inProgress, .k-inProgress .swatch { background: var(--blue); }
.seg-acknowledged, .k-acknowledged .swatch { background: var(--blue-light); }
.seg-pending, .k-pending .swatch { background: var(--grey); }
.dir-legend { display: grid; grid-template-columns: 1fr 1fr; gap: .1rem .8rem; font-size: .78rem; }
.dir-legend li { display: flex; align-items: center; gap: .35rem; }
.dir-legend .swatch { display: inline-block; width: .8rem; height: .8rem; border-radius: .2rem; }
.dir-legend .v { margin-left: auto; }
.overdue { font-size: 1.05rem; font-weight: 700; color: var(--muted); white-space: nowrap; }
.overdue.has-overdue { background: #fde7e6; padding: 0 .4rem; border-radius: .3rem; }
.overdue.has-overdue { color: var(--missing); }
.previous, .attendance { border-top: 1px solid var(--line); padding-top: .3rem; font-size: .9rem; }
.previous h3, .attendance h3 { font-size: .85rem; color: var(--muted); font-weight: 700; }
.attendance-count { font-size: 1.1rem; }
.absent { font-size: .8rem; color: var(--missing); font-weight: 600; }
.previous p, .attendance p { font-weight: 700; }
.overdue-inline { color: var(--missing); }
.muted { color: var(--muted); }

.flash { animation: flash 3s ease-out; border-radius: .2rem; }
@keyframes flash { 0%, 30% { background: var(--gold); box-shadow: 0 0 0 .2rem var(--gold); } 100% { background: transparent; box-shadow: 0 0 0 .2rem transparent; } }

/* ---- footer: for the operator, quiet ---- */
.bottom { display: flex; justify-content: space-between; align-items: center; gap: 1rem; padding: .25rem 1.2rem .45rem; font-size: .65rem; color: var(--muted); }
.actions { display: flex; gap: .4rem; }
.action { border: 1px solid #b8c0ca; background: #fff; color: var(--ink); border-radius: .3rem; padding: .2rem .7rem; cursor: pointer; }
.action:hover, .action:focus-visible { border-color: var(--blue); outline: none; box-shadow: 0 0 0 .12rem var(--blue-light); }
.action:disabled { opacity: .5; cursor: progress; }
.toast { color: var(--missing); font-weight: 700; }

/* ---- sign-in ---- */
.overlay { position: fixed; inset: 0; background: rgba(16, 24, 36, .78); display: grid; place-items: center; z-index: 10; }
.signin-wrap { width: min(30rem, 92vw); }
.signin { background: #fff; border-radius: .5rem; padding: 1.2rem 1.4rem; display: grid; gap: .45rem; border-top: .4rem solid var(--red); }
.signin h2 { font-size: 1.2rem; }
.signin-hint { font-size: .75rem; color: var(--muted); margin-bottom: .3rem; }
.signin label { font-size: .8rem; font-weight: 700; }
.signin input { font: inherit; font-size: 1rem; padding: .35rem .5rem; border: 1px solid #9aa3ad; border-radius: .3rem; }
.signin input:focus { outline: .15rem solid var(--blue-light); border-color: var(--blue); }
.signin-button { margin-top: .4rem; font-size: 1rem; font-weight: 700; padding: .4rem; border: 0; border-radius: .3rem; background: var(--red); color: #fff; cursor: pointer; }
.signin-button:disabled { opacity: .6; }
.signin-status { font-size: .8rem; min-height: 1.2em; color: var(--muted); }
.signin-status.signin-warning { color: var(--missing); font-weight: 700; }

/* ---- a bad address ---- */
.page-error { overflow: auto; background: var(--back); }
.error-page { max-width: 46rem; margin: 4rem auto; background: #fff; padding: 1.5rem 2rem; border-top: .4rem solid var(--red); border-radius: .4rem; font-size: .9rem; }
.error-page h1 { font-size: 1.3rem; margin-bottom: .6rem; }
.error-page p { margin-top: .5rem; }
.noscript { font-size: 1.4rem; padding: 2rem; }
`;
