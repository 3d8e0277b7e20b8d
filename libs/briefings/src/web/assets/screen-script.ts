/**
 * The projector screen: signs in (VIEWER), reads the summary once over HTTP
 * (the sign-in check), then follows
 * `briefingSummaryUpdated` over a hand-written graphql-ws client
 * (graphql-transport-ws): connection_init with the bearer token, subscribe,
 * next / error / complete, ping → pong, and its own keep-alive pings.
 * Reconnects with backoff; while the socket is down the figures stay on the
 * screen marked stale under a plain banner, and if the server answers HTTP
 * but not the socket it refreshes by polling until the socket is back.
 *
 * Kept in a String.raw template: no backquote and no dollar-brace inside.
 */
export const SCREEN_JS = String.raw`/* Giao ban HĐND: the briefing screen. */
(function () {
  'use strict';
  var B = window.Briefing;
  var h = B.h;
  var body = document.body;
  var period = body.dataset.period;
  var lang = B.pageLang();

  var POLL_MS = 5000;
  var KEEPALIVE_MS = 20000;
  var PONG_WAIT_MS = 10000;
  var ACK_WAIT_MS = 10000;
  var RESUBSCRIBE_MS = 30000;
  var BACKOFF_MS = [1000, 2000, 4000, 8000, 15000, 30000];

  var state = {
    summary: null,      // the last summary received
    receivedAt: null,   // when it arrived (this PC's clock)
    mode: 'connecting', // connecting | live | polling | offline | signin
    shown: {}           // figure key → value last shown (to flash what changed)
  };
  var conn = { ws: null, acked: false, subId: 0, attempt: 0, retryTimer: null, retryAt: 0, pollTimer: null, keepAlive: null, pongTimer: null, resubTimer: null, subscriptionBroken: false };

  function t(key, vars) {
    return B.t(lang, key, vars);
  }

  // ------------------------------------------------------------------ the page's frame

  var ui = {};

  function button(cls, onclick) {
    return h('button', { type: 'button', class: 'action ' + cls, onclick: onclick });
  }

  function build() {
    ui.title = h('h1', { id: 'briefing-title', class: 'title' });
    ui.pill = h('span', { id: 'connection-state', class: 'pill' });
    ui.updated = h('span', { id: 'updated-at', class: 'updated' });
    ui.asOf = h('span', { id: 'as-of', class: 'as-of' });
    ui.meetingInfo = h('span', { id: 'meeting-info', class: 'meeting-info' });
    ui.bannerText = h('strong', { id: 'banner-text' });
    ui.bannerRetry = h('span', { class: 'banner-retry' });
    ui.bannerStale = h('span', { class: 'banner-stale', id: 'banner-stale' });
    ui.banner = h('div', { id: 'connection-banner', class: 'banner', role: 'alert', hidden: true }, ui.bannerText, ' ', ui.bannerRetry, ui.bannerStale);
    ui.levels = h('section', { id: 'levels', class: 'levels' });
    ui.chart = h('section', { id: 'district-chart', class: 'panel chart' });
    ui.directives = h('section', { id: 'directives', class: 'panel directives' });
    ui.board = h('main', { id: 'board', class: 'board' }, ui.levels, h('div', { class: 'lower' }, ui.chart, ui.directives));
    ui.langButton = button('lang', switchLanguage);
    ui.printButton = button('print', openPrint);
    ui.excelButton = button('excel', downloadWorkbook);
    ui.signOutButton = button('signout', function () { refused(null, true); });
    ui.toast = h('span', { class: 'toast', role: 'status' });
    ui.overlay = h('div', { id: 'overlay', class: 'overlay', hidden: true });
    var root = h('div', { class: 'screen-root' },
      h('header', { class: 'top' },
        h('div', { class: 'emblem', 'aria-hidden': 'true' }, h('span', { text: 'HĐND' })),
        h('div', { class: 'titles' }, ui.title, h('p', { class: 'subtitle' }, ui.meetingInfo, ui.asOf)),
        h('div', { class: 'status' }, ui.pill, ui.updated)),
      ui.banner,
      ui.board,
      h('footer', { class: 'bottom' }, ui.toast, h('div', { class: 'actions' }, ui.langButton, ui.printButton, ui.excelButton, ui.signOutButton)),
      ui.overlay);
    B.clear(document.getElementById('app')).appendChild(root);
  }

  function labelStatic() {
    document.documentElement.lang = lang;
    ui.bannerText.textContent = t('lost');
    ui.langButton.textContent = t('language');
    ui.printButton.textContent = t('print');
    ui.excelButton.textContent = t('excel');
    ui.signOutButton.textContent = t('signOut');
    renderTitle();
    renderMode();
  }

  function renderTitle() {
    var host = B.hostName(state.summary, lang);
    var text = (host ? t('titleOf', { host: host }) : t('title')) + ' — ' + B.periodLabel(period, lang);
    ui.title.textContent = text;
    document.title = text;
  }

  // ------------------------------------------------------------------ figures

  function delta(change, previousPeriod, withPeriod) {
    if (typeof change !== 'number') return null;
    var cls = change > 0 ? 'up' : change < 0 ? 'down' : 'same';
    var text = change > 0 ? '▲ ' + B.num(change, lang) : change < 0 ? '▼ ' + B.num(-change, lang) : '= ' + t('unchanged');
    if (withPeriod && previousPeriod) text += ' ' + t('vsPrevious', { p: B.periodLabel(previousPeriod, lang) });
    return h('span', { class: 'delta ' + cls, text: text });
  }

  function number(key, value, cls) {
    var el = h('b', { class: cls || 'n', dataset: { key: key }, text: B.num(value, lang) });
    if (state.shown[key] !== undefined && state.shown[key] !== value) el.classList.add('flash');
    state.shown[key] = value;
    return el;
  }

  var HEADLINE = ['sessions.thematic', 'resolutions.issued'];
  var MINOR = ['supervisions.thematic', 'voter_contacts.meetings', 'petitions.received'];

  function levelCard(level, previousPeriod) {
    var f = B.figures(level);
    var pct = level.councils ? Math.round((100 * level.reported) / level.councils) : 0;
    var fill = h('span', { class: 'meter-fill' });
    fill.style.width = pct + '%';
    var reported = level.councils
      ? h('div', { class: 'reported' },
          h('span', { class: 'reported-text' }, t('reported', { n: B.num(level.reported, lang), of: B.num(level.councils, lang) })),
          level.late ? h('span', { class: 'late-text', text: ' (' + t('reportedLate', { n: B.num(level.late, lang) }) + ')' }) : null,
          h('span', { class: 'meter', 'aria-hidden': 'true' }, fill))
      : h('div', { class: 'reported' }, h('span', { class: 'reported-text', text: t('noCouncils') }));

    // "26 kỳ họp chuyên đề, 102 nghị quyết", numbers large.
    var sentence = h('p', { class: 'sentence' });
    var present = HEADLINE.filter(function (code) { return f[code]; });
    present.forEach(function (code, i) {
      var x = f[code];
      // One figure a line; the text still reads as the article's sentence.
      var figure = h('span', { class: 'figure' }, number(level.level + ':' + code, x.value, 'n big'), ' ' + B.metricPhrase(x.metric, lang) + (i < present.length - 1 ? ', ' : ''));
      if (typeof x.change === 'number') {
        // Shown beside the line (CSS generated content): the sentence's text stays the article's.
        figure.dataset.delta = x.change > 0 ? '▲ ' + B.num(x.change, lang) : x.change < 0 ? '▼ ' + B.num(-x.change, lang) : '=';
        figure.classList.add(x.change > 0 ? 'up' : x.change < 0 ? 'down' : 'same');
        figure.title = t('vsPrevious', { p: B.periodLabel(previousPeriod, lang) });
      }
      sentence.appendChild(figure);
    });

    var minor = h('ul', { class: 'minor' });
    MINOR.forEach(function (code) {
      var x = f[code];
      if (!x) return;
      var extra = null;
      if (code === 'petitions.received' && f['petitions.answered']) {
        extra = h('span', { class: 'aside', text: lang === 'en' ? ' (' + B.num(f['petitions.answered'].value, lang) + ' answered)' : ' (đã trả lời ' + B.num(f['petitions.answered'].value, lang) + ')' });
      }
      minor.appendChild(h('li', null, number(level.level + ':' + code, x.value), ' ', h('span', { class: 'phrase', text: B.metricPhrase(x.metric, lang) }), extra, ' ', delta(x.change)));
    });

    return h('article', { class: 'level level-' + level.level, dataset: { level: level.level } },
      h('header', null,
        h('div', { class: 'level-head' }, h('h2', { text: B.levelName(level.level, lang) }),
          previousPeriod ? h('span', { class: 'compare', text: '▲▼ ' + t('vsPrevious', { p: B.periodLabel(previousPeriod, lang) }) }) : null),
        reported),
      sentence,
      minor.childNodes.length ? minor : null);
  }

  function renderLevels(s) {
    B.clear(ui.levels);
    (s.levels || []).forEach(function (level) {
      ui.levels.appendChild(levelCard(level, s.previousPeriod));
    });
  }

  function shortName(unit) {
    var name = lang === 'en' ? unit.nameEn || unit.name : unit.name;
    return lang === 'en' ? name.replace(/\s+(Urban District|Rural District|District|Town|City)$/, '') : name.replace(/^(Quận|Huyện|Thị xã|Thành phố)\s+/, '');
  }

  function unitStatus(row) {
    if (!row.reported && row.unit && row.unit.hasCouncil === false) return 'none';
    return row.reported ? (row.late ? 'late' : 'reported') : 'missing';
  }

  var MARK = { reported: '✓', late: '!', missing: '✗', none: '·' };

  function renderChart(s) {
    B.clear(ui.chart);
    var rows = s.units || [];
    var legend = h('ul', { class: 'legend' },
      h('li', { class: 'status-reported' }, h('span', { class: 'mark', text: MARK.reported }), t('statusReported')),
      h('li', { class: 'status-late' }, h('span', { class: 'mark', text: MARK.late }), t('statusLate')),
      h('li', { class: 'status-missing' }, h('span', { class: 'mark', text: MARK.missing }), t('statusMissing')),
      h('li', { class: 'legend-bar' }, h('span', { class: 'swatch' }), t('communes')));
    var reportedCount = rows.filter(function (r) { return r.reported; }).length;
    ui.chart.appendChild(h('header', null,
      h('h2', { text: t(s.host && s.host.level === 'DISTRICT' ? 'byCommune' : 'byDistrict') }),
      h('span', { class: 'chart-total', text: rows.length ? reportedCount + '/' + rows.length : '' })));
    ui.chart.appendChild(legend);
    var grid = h('div', { class: 'bars', role: 'list' });
    grid.style.gridTemplateRows = 'repeat(' + Math.max(1, Math.ceil(rows.length / 3)) + ', 1fr)';
    rows.forEach(function (row) {
      var status = unitStatus(row);
      var name = shortName(row.unit);
      var hasCommunes = row.councilsBelow > 0;
      var track = h('span', { class: 'track' + (hasCommunes ? '' : ' empty') });
      if (hasCommunes) {
        var fill = h('span', { class: 'fill' + (row.reportedBelow >= row.councilsBelow ? ' full' : '') });
        fill.style.width = Math.round((100 * row.reportedBelow) / row.councilsBelow) + '%';
        track.appendChild(fill);
      }
      var title = name + ': ' + t('status' + (status === 'reported' ? 'Reported' : status === 'late' ? 'Late' : status === 'none' ? 'None' : 'Missing')) +
        (hasCommunes ? '; ' + t('communes') + ' ' + row.reportedBelow + '/' + row.councilsBelow : '');
      grid.appendChild(h('div', { class: 'bar-row status-' + status, role: 'listitem', title: title, dataset: { unit: row.unit.code } },
        h('span', { class: 'mark', 'aria-hidden': 'true', text: MARK[status] }),
        h('span', { class: 'name', text: name }),
        track,
        h('span', { class: 'count' + (hasCommunes ? '' : ' none'), text: hasCommunes ? row.reportedBelow + '/' + row.councilsBelow : '—' })));
    });
    ui.chart.appendChild(grid);
  }

  function progressBar(p) {
    var bar = h('div', { class: 'stack', 'aria-hidden': 'true' });
    if (!p || !p.total) return bar;
    [['completed', p.completed], ['inProgress', p.inProgress], ['acknowledged', p.acknowledged], ['pending', p.pending]].forEach(function (seg) {
      if (!seg[1]) return;
      var el = h('span', { class: 'seg seg-' + seg[0] });
      el.style.width = ((100 * seg[1]) / p.total).toFixed(2) + '%';
      bar.appendChild(el);
    });
    return bar;
  }

  function renderDirectives(s) {
    B.clear(ui.directives);
    var p = s.directives;
    var host = B.hostName(s, lang);
    ui.directives.appendChild(h('header', null, h('h2', { text: host ? t('directivesOf', { host: host }) : t('directives') })));
    if (!p || !p.total) {
      ui.directives.appendChild(h('p', { class: 'muted', text: t('noDirectives') }));
    } else {
      ui.directives.appendChild(h('div', { class: 'kpi-row' },
        h('p', { class: 'kpi' },
          number('dir:completed', p.completed, 'n big'), h('span', { class: 'of', text: '/' + B.num(p.total, lang) }),
          ' ', h('span', { class: 'kpi-word', text: lang === 'en' ? 'completed' : 'hoàn thành' })),
        h('p', { class: 'overdue' + (p.overdue ? ' has-overdue' : '') }, t('overdue') + ': ', number('dir:overdue', p.overdue, 'v'))));
      ui.directives.appendChild(h('p', { class: 'kpi-sub', text: t('tasks', { n: B.num(p.total, lang) }) }));
      ui.directives.appendChild(progressBar(p));
      ui.directives.appendChild(h('ul', { class: 'dir-legend' },
        h('li', { class: 'k-completed' }, h('span', { class: 'swatch' }), t('completed') + ' ', number('dir:c', p.completed, 'v')),
        h('li', { class: 'k-inProgress' }, h('span', { class: 'swatch' }), t('inProgress') + ' ', number('dir:i', p.inProgress, 'v')),
        h('li', { class: 'k-acknowledged' }, h('span', { class: 'swatch' }), t('acknowledged') + ' ', number('dir:a', p.acknowledged, 'v')),
        h('li', { class: 'k-pending' }, h('span', { class: 'swatch' }), t('pending') + ' ', number('dir:p', p.pending, 'v'))));
    }
    var prev = s.previousBriefing;
    if (prev) {
      var total = prev.directives ? prev.directives.length : prev.progress ? prev.progress.total : 0;
      var label = prev.meeting && prev.meeting.period ? B.periodLabel(prev.meeting.period, lang) : B.periodLabel(s.previousPeriod, lang);
      ui.directives.appendChild(h('div', { class: 'previous', id: 'previous-briefing' },
        h('h3', { text: t('previousBriefing', { p: label }) }),
        h('p', null, t('previousDone', { n: B.num(prev.completedDirectives, lang), of: B.num(total, lang) }),
          prev.overdueDirectives ? h('span', { class: 'overdue-inline', text: ', ' + t('previousOverdue', { n: B.num(prev.overdueDirectives, lang) }) }) : null)));
    }
    var m = s.meeting;
    var a = B.attendance(m);
    if (a && a.total) {
      var absent = (m.connectionPoints || []).filter(function (p) { return p.status === 'ABSENT' && p.unit; }).map(function (p) { return shortName(p.unit); });
      ui.directives.appendChild(h('div', { class: 'attendance', id: 'attendance' },
        h('p', { class: 'attendance-count', text: t('attendance', { n: B.num(a.present, lang), of: B.num(a.total, lang) }) }),
        absent.length && absent.length <= 8 ? h('p', { class: 'absent', text: t('absentPoints', { list: absent.join(', ') }) }) : null));
    }
  }

  function renderTimes() {
    var s = state.summary;
    var at = s && (s.computedAt || null);
    ui.updated.textContent = state.receivedAt ? t('updatedAt', { t: B.timeText(at || state.receivedAt) }) : '';
    ui.asOf.textContent = s && s.asOf ? t('asOf', { t: B.dateTimeText(s.asOf, lang) }) : '';
    var m = s && s.meeting;
    var facts = [];
    if (m && m.location) facts.push(m.location);
    if (m && m.startsAt) facts.push(B.dateTimeText(m.startsAt, lang));
    ui.meetingInfo.textContent = facts.length ? facts.join(' · ') + ' · ' : '';
  }

  function render() {
    var s = state.summary;
    renderTitle();
    renderTimes();
    if (!s) {
      B.clear(ui.levels).appendChild(h('p', { class: 'loading', text: t('loading') }));
      return;
    }
    renderLevels(s);
    renderChart(s);
    renderDirectives(s);
  }

  function show(summary, mode) {
    if (!summary) return;
    state.summary = summary;
    state.receivedAt = new Date();
    render();
    setMode(mode);
  }

  // ------------------------------------------------------------------ connection state on screen

  function setMode(mode) {
    state.mode = mode;
    renderMode();
  }

  function renderMode() {
    var m = state.mode;
    ui.pill.className = 'pill pill-' + m;
    ui.pill.textContent = m === 'live' ? '● ' + t('live') : m === 'polling' ? '● ' + t('polling') : m === 'offline' ? '● ' + t('offline') : m === 'connecting' ? t('connecting') : '';
    ui.banner.hidden = m !== 'offline';
    body.classList.toggle('is-offline', m === 'offline');
    ui.board.classList.toggle('stale', m === 'offline' && !!state.summary);
    ui.bannerStale.textContent = m === 'offline' && state.summary ? t('stale', { t: B.timeText(state.summary.computedAt || state.receivedAt) }) : '';
    tickRetry();
  }

  function tickRetry() {
    if (state.mode !== 'offline' || !conn.retryAt) {
      ui.bannerRetry.textContent = '';
      return;
    }
    var s = Math.max(0, Math.ceil((conn.retryAt - Date.now()) / 1000));
    ui.bannerRetry.textContent = s > 0 ? '(' + t('retryIn', { s: s }) + ')' : '';
  }
  setInterval(tickRetry, 1000);

  var toastTimer = null;
  function toast(text) {
    ui.toast.textContent = text || '';
    clearTimeout(toastTimer);
    if (text) toastTimer = setTimeout(function () { ui.toast.textContent = ''; }, 8000);
  }

  // ------------------------------------------------------------------ sign-in

  function showSignIn(message) {
    stopEverything();
    setMode('signin');
    ui.overlay.hidden = false;
    B.signInForm(ui.overlay, lang, message, function () {
      ui.overlay.hidden = true;
      B.clear(ui.overlay);
      start();
    });
  }

  /** The server refused the token (expired, revoked) or the user signed out: sign in again. */
  function refused(message, signOut) {
    B.clearSession();
    showSignIn(signOut ? '' : message || t('sessionExpired'));
  }

  // ------------------------------------------------------------------ reading once over HTTP (and polling)

  /** The summary over HTTP; null once it has sent the user to sign in. */
  function fetchSummary() {
    var s = B.session();
    if (!s) {
      refused(null);
      return Promise.resolve(null);
    }
    return B.readSummary(period, s.token, lang).then(function (r) {
      if (r.summary) return r.summary;
      refused(r.refused === 'forbidden' ? t('notAllowed') : null);
      return null;
    });
  }

  function pollOnce() {
    return fetchSummary().then(function (summary) {
      if (summary && state.mode !== 'live' && state.mode !== 'signin') show(summary, 'polling');
      return !!summary;
    }, function (e) {
      if (state.mode !== 'live' && state.mode !== 'signin') {
        setMode('offline');
        if (!e.network) toast(t('error', { m: e.message }));
      }
      return false;
    });
  }

  function startPolling() {
    if (conn.pollTimer) return;
    conn.pollTimer = setInterval(function () {
      if (state.mode === 'live') stopPolling();
      else pollOnce();
    }, POLL_MS);
  }

  function stopPolling() {
    clearInterval(conn.pollTimer);
    conn.pollTimer = null;
  }

  // ------------------------------------------------------------------ graphql-ws by hand

  function socketUrl() {
    return (window.location.protocol === 'https:' ? 'wss://' : 'ws://') + window.location.host + B.GRAPHQL;
  }

  function send(ws, message) {
    try {
      ws.send(JSON.stringify(message));
    } catch (e) { /* closing: onclose follows */ }
  }

  function connect() {
    var s = B.session();
    if (!s) return refused(null);
    closeSocket();
    clearTimeout(conn.retryTimer);
    conn.retryTimer = null;
    conn.retryAt = 0;
    var ws;
    try {
      ws = new WebSocket(socketUrl(), 'graphql-transport-ws');
    } catch (e) {
      return socketLost(1006, '', false);
    }
    conn.ws = ws;
    conn.acked = false;
    var ackTimer = setTimeout(function () {
      if (conn.ws === ws && !conn.acked) dropSocket(ws, 4408, 'connection_ack timeout');
    }, ACK_WAIT_MS);
    ws.onopen = function () {
      send(ws, { type: 'connection_init', payload: { authorization: 'Bearer ' + s.token } });
    };
    ws.onmessage = function (ev) {
      if (conn.ws !== ws) return;
      clearTimeout(conn.pongTimer);
      conn.pongTimer = null;
      var msg;
      try {
        msg = JSON.parse(ev.data);
      } catch (e) {
        return;
      }
      switch (msg.type) {
        case 'connection_ack':
          clearTimeout(ackTimer);
          conn.acked = true;
          startKeepAlive(ws);
          subscribe(ws);
          break;
        case 'ping':
          send(ws, msg.payload ? { type: 'pong', payload: msg.payload } : { type: 'pong' });
          break;
        case 'pong':
          break;
        case 'next':
          if (msg.id === String(conn.subId)) onNext(ws, msg.payload || {});
          break;
        case 'error':
          if (msg.id === String(conn.subId)) onErrors(ws, msg.payload);
          break;
        case 'complete':
          if (msg.id === String(conn.subId)) onComplete(ws);
          break;
      }
    };
    ws.onerror = function () { /* onclose says what happened */ };
    ws.onclose = function (ev) {
      clearTimeout(ackTimer);
      if (conn.ws !== ws) return;
      var acked = conn.acked;
      conn.ws = null;
      socketLost(ev.code, ev.reason, acked);
    };
  }

  function subscribe(ws) {
    conn.subId += 1;
    clearTimeout(conn.resubTimer);
    send(ws, { id: String(conn.subId), type: 'subscribe', payload: { operationName: 'BriefingScreen', query: B.SUMMARY_SUBSCRIPTION, variables: { p: period } } });
  }

  function resubscribeLater(ws, ms) {
    clearTimeout(conn.resubTimer);
    conn.resubTimer = setTimeout(function () {
      if (conn.ws === ws && conn.acked) subscribe(ws);
    }, ms);
  }

  function onNext(ws, payload) {
    var data = payload.data && payload.data.briefingSummaryUpdated;
    if (data) {
      conn.attempt = 0;
      conn.subscriptionBroken = false;
      stopPolling();
      show(data, 'live');
      return;
    }
    if (payload.errors) onErrors(ws, payload.errors);
  }

  function onErrors(ws, errors) {
    errors = Array.isArray(errors) ? errors : [errors];
    if (B.isAuthError(errors)) return refused();
    if (B.errorCode(errors) === 'FORBIDDEN') return refused(t('notAllowed'));
    // The subscription failed: keep the figures fresh by polling, try again later.
    subscriptionUnavailable(ws);
  }

  function onComplete(ws) {
    // The server ended the subscription without an error: ask again shortly.
    resubscribeLater(ws, 2000);
  }

  function subscriptionUnavailable(ws) {
    conn.subscriptionBroken = true;
    if (state.mode === 'live' || state.mode === 'connecting') setMode(state.summary ? 'polling' : 'connecting');
    pollOnce();
    startPolling();
    resubscribeLater(ws, RESUBSCRIBE_MS);
  }

  function startKeepAlive(ws) {
    stopKeepAlive();
    conn.keepAlive = setInterval(function () {
      if (conn.ws !== ws) return stopKeepAlive();
      send(ws, { type: 'ping' });
      clearTimeout(conn.pongTimer);
      conn.pongTimer = setTimeout(function () {
        if (conn.ws === ws) dropSocket(ws, 4504, 'no pong');
      }, PONG_WAIT_MS);
    }, KEEPALIVE_MS);
  }

  function stopKeepAlive() {
    clearInterval(conn.keepAlive);
    clearTimeout(conn.pongTimer);
    conn.keepAlive = null;
    conn.pongTimer = null;
  }

  /** Forget a socket that is no longer trusted (silent network, no ack) and treat it as lost now. */
  function dropSocket(ws, code, reason) {
    if (conn.ws !== ws) return;
    var acked = conn.acked;
    conn.ws = null;
    try {
      ws.close(4000, reason);
    } catch (e) { /* already closing */ }
    socketLost(code, reason, acked);
  }

  function closeSocket() {
    stopKeepAlive();
    clearTimeout(conn.resubTimer);
    var ws = conn.ws;
    conn.ws = null;
    conn.acked = false;
    if (ws) {
      try {
        ws.close(1000, 'bye');
      } catch (e) { /* already closed */ }
    }
  }

  function socketLost(code, reason, acked) {
    stopKeepAlive();
    if (state.mode === 'signin') return;
    // 4401 Unauthorized / 4403 Forbidden: the server would not take the token.
    if (code === 4401 || code === 4403 || /unauthori[sz]ed|forbidden|expired|token/i.test(reason || '')) return refused();
    setMode('offline');
    scheduleReconnect();
    // The server may still answer over HTTP (only the socket is gone): then poll meanwhile.
    pollOnce().then(function (ok) {
      if (ok) startPolling();
    });
    void acked;
  }

  function scheduleReconnect() {
    clearTimeout(conn.retryTimer);
    var base = BACKOFF_MS[Math.min(conn.attempt, BACKOFF_MS.length - 1)];
    var delay = Math.round(base * (0.8 + Math.random() * 0.4));
    conn.attempt += 1;
    conn.retryAt = Date.now() + delay;
    tickRetry();
    conn.retryTimer = setTimeout(connect, delay);
  }

  function stopEverything() {
    closeSocket();
    stopPolling();
    clearTimeout(conn.retryTimer);
    conn.retryTimer = null;
    conn.retryAt = 0;
  }

  window.addEventListener('online', function () {
    if (!conn.ws && state.mode !== 'signin') {
      conn.attempt = 0;
      connect();
    }
  });
  window.addEventListener('offline', function () {
    if (conn.ws) dropSocket(conn.ws, 1006, 'offline');
  });

  // ------------------------------------------------------------------ buttons

  function switchLanguage() {
    lang = lang === 'vi' ? 'en' : 'vi';
    var url = window.location.pathname + (lang === 'en' ? '?lang=en' : '');
    try {
      window.history.replaceState(null, '', url);
    } catch (e) { /* file: or sandboxed */ }
    state.shown = {};
    labelStatic();
    render();
    if (state.mode === 'signin') showSignIn('');
  }

  function openPrint() {
    window.open('/briefing/' + encodeURIComponent(period) + '/print' + (lang === 'en' ? '?lang=en' : ''), '_blank', 'noopener');
  }

  function downloadWorkbook() {
    var s = B.session();
    if (!s) return refused(null);
    ui.excelButton.disabled = true;
    fetch('/briefing/' + encodeURIComponent(period) + '/workbook.xlsx', { headers: { authorization: 'Bearer ' + s.token }, credentials: 'omit', cache: 'no-store' }).then(function (res) {
      ui.excelButton.disabled = false;
      if (res.status === 401) return refused();
      if (!res.ok) {
        return res.text().then(function (text) {
          var m = '';
          try {
            var j = JSON.parse(text);
            m = lang === 'en' ? j.messageEn || j.message : j.message;
          } catch (e) { /* not JSON */ }
          toast(t('excelMissing', { s: m || 'HTTP ' + res.status }));
        });
      }
      return res.blob().then(function (blob) {
        var url = URL.createObjectURL(blob);
        var a = h('a', { href: url, download: 'giao-ban-' + period + '.xlsx', hidden: true });
        document.body.appendChild(a);
        a.click();
        setTimeout(function () {
          URL.revokeObjectURL(url);
          a.remove();
        }, 1000);
      });
    }, function () {
      ui.excelButton.disabled = false;
      toast(t('networkError'));
    });
  }

  // ------------------------------------------------------------------ start

  function start() {
    if (!B.session()) return showSignIn('');
    ui.overlay.hidden = true;
    if (!state.summary) setMode('connecting');
    render();
    fetchSummary().then(function (summary) {
      if (summary && state.mode !== 'live') show(summary, state.mode === 'offline' ? 'offline' : 'connecting');
      if (state.mode !== 'signin') connect();
    }, function (e) {
      if (!e.network) toast(t('error', { m: e.message }));
      setMode('offline');
      scheduleReconnect();
    });
  }

  build();
  labelStatic();
  start();
})();
`;
