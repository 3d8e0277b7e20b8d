/**
 * Browser code shared by the briefing screen and the printable page: words in
 * both languages, formatting (Vietnam time), the stored sign-in, GraphQL over
 * HTTP, the summary's selection set (which drops fields the server does not
 * have yet), the sign-in form, and a tiny DOM builder.
 *
 * Plain ES2017 for any browser a hall's PC runs; no framework, no bundler.
 * Kept in a String.raw template: no backquote and no dollar-brace inside.
 */
export const COMMON_JS = String.raw`/* Giao ban HĐND: shared client code. */
(function () {
  'use strict';

  var GRAPHQL = '/graphql';
  var TOKEN_KEY = 'council.briefing.session';
  var VN_TZ = 'Asia/Ho_Chi_Minh';

  // ------------------------------------------------------------------ words

  var WORDS = {
    vi: {
      title: 'Giao ban HĐND',
      titleOf: 'Giao ban HĐND {host}',
      level_CITY: 'HĐND thành phố',
      level_DISTRICT: 'HĐND cấp huyện',
      level_WARD: 'HĐND cấp xã',
      reported: 'đã báo cáo {n}/{of}',
      reportedLate: 'trong đó {n} gửi muộn',
      noCouncils: 'không có HĐND trong kỳ',
      vsPrevious: 'so với {p}',
      unchanged: 'không đổi',
      signInTitle: 'Đăng nhập màn hình giao ban',
      signInHint: 'Tài khoản chỉ xem số liệu giao ban (VIEWER).',
      username: 'Tên đăng nhập',
      password: 'Mật khẩu',
      signIn: 'Đăng nhập',
      signingIn: 'Đang đăng nhập…',
      signOut: 'Đăng xuất',
      sessionExpired: 'Phiên đăng nhập đã hết hạn hoặc bị từ chối. Vui lòng đăng nhập lại.',
      notAllowed: 'Tài khoản này không được xem số liệu giao ban.',
      networkError: 'Không kết nối được với máy chủ.',
      connecting: 'Đang kết nối…',
      lost: 'Mất kết nối với máy chủ — đang thử kết nối lại…',
      retryIn: 'Thử lại sau {s} giây',
      live: 'Trực tiếp',
      polling: 'Cập nhật định kỳ',
      offline: 'Mất kết nối',
      stale: 'Số liệu trên màn hình: lúc {t}',
      updatedAt: 'Cập nhật lúc {t}',
      asOf: 'Số liệu tính đến {t}',
      print: 'In báo cáo',
      excel: 'Tải Excel',
      excelMissing: 'Chưa tải được bản Excel ({s}).',
      language: 'English',
      byDistrict: 'Tình hình báo cáo theo quận, huyện, thị xã',
      byCommune: 'Tình hình báo cáo theo xã, thị trấn',
      ownReport: 'Báo cáo của HĐND cấp huyện',
      communes: 'HĐND cấp xã đã báo cáo',
      statusReported: 'Đã báo cáo',
      statusLate: 'Gửi muộn',
      statusMissing: 'Chưa báo cáo',
      statusNone: 'Không có HĐND',
      noCommuneCouncil: 'không có HĐND xã',
      directives: 'Chỉ đạo của Thường trực HĐND',
      directivesOf: 'Chỉ đạo của HĐND {host}',
      tasks: '{n} nhiệm vụ được giao',
      completed: 'Hoàn thành',
      inProgress: 'Đang thực hiện',
      acknowledged: 'Đã tiếp nhận',
      pending: 'Chưa tiếp nhận',
      overdue: 'Quá hạn',
      noDirectives: 'Chưa có chỉ đạo nào.',
      previousBriefing: 'Kết luận giao ban {p}',
      previousDone: '{n}/{of} chỉ đạo hoàn thành',
      previousOverdue: '{n} quá hạn',
      attendance: 'Điểm cầu: {n}/{of} có mặt',
      absentPoints: 'Vắng: {list}',
      meetingAt: '{title} — {t}',
      meeting: 'Hội nghị',
      loading: 'Đang tải số liệu…',
      error: 'Lỗi: {m}',
      district: 'Đơn vị',
      total: 'Tổng',
      unitWord_quan: 'Quận', unitWord_huyen: 'Huyện', unitWord_thi_xa: 'Thị xã'
    },
    en: {
      title: 'Council briefing',
      titleOf: 'Briefing of the {host} People’s Council',
      level_CITY: 'City council',
      level_DISTRICT: 'District-level councils',
      level_WARD: 'Commune-level councils',
      reported: 'reported {n}/{of}',
      reportedLate: '{n} of them late',
      noCouncils: 'no councils in the period',
      vsPrevious: 'vs {p}',
      unchanged: 'unchanged',
      signInTitle: 'Sign in to the briefing screen',
      signInHint: 'A read-only briefing account (VIEWER).',
      username: 'User name',
      password: 'Password',
      signIn: 'Sign in',
      signingIn: 'Signing in…',
      signOut: 'Sign out',
      sessionExpired: 'The session has expired or was refused. Please sign in again.',
      notAllowed: 'This account may not read briefing summaries.',
      networkError: 'Cannot reach the server.',
      connecting: 'Connecting…',
      lost: 'Connection lost — reconnecting…',
      retryIn: 'Next try in {s} s',
      live: 'Live',
      polling: 'Refreshing periodically',
      offline: 'Disconnected',
      stale: 'Figures shown: as of {t}',
      updatedAt: 'Updated at {t}',
      asOf: 'Figures as of {t}',
      print: 'Print report',
      excel: 'Download Excel',
      excelMissing: 'Could not download the workbook ({s}).',
      language: 'Tiếng Việt',
      byDistrict: 'Reporting by district',
      byCommune: 'Reporting by commune',
      ownReport: 'The district council’s report',
      communes: 'Commune councils reported',
      statusReported: 'Reported',
      statusLate: 'Late',
      statusMissing: 'Not reported',
      statusNone: 'No council',
      noCommuneCouncil: 'no commune councils',
      directives: 'Directives of the Standing Committee',
      directivesOf: 'Directives of the {host} council',
      tasks: '{n} assignments',
      completed: 'Completed',
      inProgress: 'In progress',
      acknowledged: 'Acknowledged',
      pending: 'Not yet acknowledged',
      overdue: 'Overdue',
      noDirectives: 'No directives yet.',
      previousBriefing: 'Conclusions of the {p} briefing',
      previousDone: '{n}/{of} directives completed',
      previousOverdue: '{n} overdue',
      attendance: 'Connection points: {n}/{of} present',
      absentPoints: 'Absent: {list}',
      meetingAt: '{title} — {t}',
      meeting: 'Meeting',
      loading: 'Loading the figures…',
      error: 'Error: {m}',
      district: 'Unit',
      total: 'Total',
      unitWord_quan: 'District', unitWord_huyen: 'Rural district', unitWord_thi_xa: 'Town'
    }
  };

  /** How the seed articles say a count: "26 kỳ họp chuyên đề, 102 nghị quyết". */
  var PHRASES = {
    'sessions.thematic': { vi: 'kỳ họp chuyên đề', en: 'thematic sessions' },
    'sessions.regular': { vi: 'kỳ họp thường lệ', en: 'regular sessions' },
    'sessions.urgent': { vi: 'kỳ họp bất thường', en: 'urgent sessions' },
    'resolutions.issued': { vi: 'nghị quyết', en: 'resolutions' },
    'supervisions.thematic': { vi: 'cuộc giám sát chuyên đề', en: 'thematic supervisions' },
    'surveys.conducted': { vi: 'cuộc khảo sát', en: 'surveys' },
    'voter_contacts.meetings': { vi: 'hội nghị tiếp xúc cử tri', en: 'voter-contact meetings' },
    'citizen_receptions.sessions': { vi: 'buổi tiếp công dân', en: 'citizen reception sessions' },
    'petitions.received': { vi: 'kiến nghị cử tri', en: 'voter petitions' },
    'petitions.answered': { vi: 'kiến nghị đã trả lời', en: 'petitions answered' }
  };

  function lowerFirst(s) {
    return s ? s.charAt(0).toLocaleLowerCase() + s.slice(1) : s;
  }

  function fill(text, vars) {
    return String(text).replace(/\{(\w+)\}/g, function (m, k) {
      return vars && vars[k] !== undefined && vars[k] !== null ? String(vars[k]) : m;
    });
  }

  function t(lang, key, vars) {
    var table = WORDS[lang] || WORDS.vi;
    var text = table[key];
    if (text === undefined) text = WORDS.vi[key] !== undefined ? WORDS.vi[key] : key;
    return fill(text, vars);
  }

  /** The words for a metric's count: the article's phrase, else its name (nameEn in English). */
  function metricPhrase(metric, lang) {
    var p = PHRASES[metric.code];
    if (lang === 'en') return lowerFirst(metric.nameEn || (p && p.en) || metric.code);
    return (p && p.vi) || lowerFirst(metric.nameVi || metric.code);
  }

  function metricName(metric, lang) {
    return lang === 'en' ? metric.nameEn || metric.code : metric.nameVi || metric.code;
  }

  function levelName(level, lang) {
    return t(lang, 'level_' + level);
  }

  // ------------------------------------------------------------------ periods and time

  var ROMAN = ['', 'I', 'II', 'III', 'IV'];

  function periodLabel(code, lang) {
    var q = /^(\d{4})Q([1-4])$/.exec(code || '');
    if (q) return lang === 'en' ? 'Q' + q[2] + ' ' + q[1] : 'Quý ' + ROMAN[Number(q[2])] + '/' + q[1];
    var y = /^(\d{4})$/.exec(code || '');
    if (y) return lang === 'en' ? 'Year ' + y[1] : 'Năm ' + y[1];
    return code || '';
  }

  function isQuarter(code) {
    return /^\d{4}Q[1-4]$/.test(code || '');
  }

  function parts(date) {
    var out = {};
    try {
      new Intl.DateTimeFormat('en-GB', {
        timeZone: VN_TZ, year: 'numeric', month: '2-digit', day: '2-digit',
        hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23'
      }).formatToParts(date).forEach(function (p) { out[p.type] = p.value; });
    } catch (e) {
      // No time-zone data: Vietnam is UTC+7 all year.
      var d = new Date(date.getTime() + 7 * 3600 * 1000);
      var two = function (n) { return (n < 10 ? '0' : '') + n; };
      out = { year: String(d.getUTCFullYear()), month: two(d.getUTCMonth() + 1), day: two(d.getUTCDate()),
        hour: two(d.getUTCHours()), minute: two(d.getUTCMinutes()), second: two(d.getUTCSeconds()) };
    }
    if (out.hour === '24') out.hour = '00';
    return out;
  }

  function toDate(value) {
    if (!value) return null;
    var d = value instanceof Date ? value : new Date(value);
    return isNaN(d.getTime()) ? null : d;
  }

  /** "14:05:32" in Vietnam time. */
  function timeText(value) {
    var d = toDate(value);
    if (!d) return '—';
    var p = parts(d);
    return p.hour + ':' + p.minute + ':' + p.second;
  }

  /** "19/04/2024" in Vietnam time (a date-only "2024-04-19" as written). */
  function dateText(value) {
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
      var s = value.split('-');
      return s[2] + '/' + s[1] + '/' + s[0];
    }
    var d = toDate(value);
    if (!d) return '—';
    var p = parts(d);
    return p.day + '/' + p.month + '/' + p.year;
  }

  /** "14:05 ngày 19/04/2024" / "14:05, 19/04/2024". */
  function dateTimeText(value, lang) {
    var d = toDate(value);
    if (!d) return '—';
    var p = parts(d);
    return p.hour + ':' + p.minute + (lang === 'en' ? ', ' : ' ngày ') + p.day + '/' + p.month + '/' + p.year;
  }

  function num(n, lang) {
    if (typeof n !== 'number' || !isFinite(n)) return '—';
    try {
      return n.toLocaleString(lang === 'en' ? 'en-GB' : 'vi-VN');
    } catch (e) {
      return String(n);
    }
  }

  // ------------------------------------------------------------------ the stored sign-in

  function loadSession() {
    try {
      var s = JSON.parse(window.localStorage.getItem(TOKEN_KEY) || 'null');
      if (!s || typeof s.token !== 'string') return null;
      if (s.expiresAt && new Date(s.expiresAt).getTime() <= Date.now()) return null;
      return s;
    } catch (e) {
      return null;
    }
  }

  function saveSession(s) {
    try {
      window.localStorage.setItem(TOKEN_KEY, JSON.stringify(s));
    } catch (e) { /* private mode: the session lasts as long as the page */ }
    memorySession = s;
  }

  function clearSession() {
    try {
      window.localStorage.removeItem(TOKEN_KEY);
    } catch (e) { /* nothing stored */ }
    memorySession = null;
  }

  /** The page's language: ?lang=vi|en, else what the server rendered, else Vietnamese. */
  function pageLang() {
    var m = /[?&]lang=(vi|en)\b/.exec(window.location.search);
    return (m && m[1]) || document.body.dataset.lang || 'vi';
  }

  var memorySession = null;
  function session() {
    return loadSession() || (memorySession && (!memorySession.expiresAt || new Date(memorySession.expiresAt).getTime() > Date.now()) ? memorySession : null);
  }

  // ------------------------------------------------------------------ GraphQL over HTTP

  /** Resolves with { data, errors, status }; rejects (network: true) when the server cannot be reached. */
  function gql(query, variables, token) {
    var headers = { 'content-type': 'application/json', accept: 'application/json' };
    if (token) headers.authorization = 'Bearer ' + token;
    var ctrl = typeof AbortController === 'function' ? new AbortController() : null;
    var timer = ctrl ? setTimeout(function () { ctrl.abort(); }, 15000) : null;
    return fetch(GRAPHQL, {
      method: 'POST', headers: headers, body: JSON.stringify({ query: query, variables: variables || {} }),
      credentials: 'omit', cache: 'no-store', signal: ctrl ? ctrl.signal : undefined
    }).then(function (res) {
      if (timer) clearTimeout(timer);
      return res.text().then(function (text) {
        var body;
        try { body = JSON.parse(text); } catch (e) { body = null; }
        if (!body || typeof body !== 'object') {
          var err = new Error('HTTP ' + res.status);
          err.status = res.status;
          err.network = res.status >= 500 || res.status === 0;
          throw err;
        }
        return { data: body.data || null, errors: body.errors || null, status: res.status };
      });
    }, function (e) {
      if (timer) clearTimeout(timer);
      var err = new Error(e && e.message ? e.message : 'network');
      err.network = true;
      throw err;
    });
  }

  function errorCode(errors) {
    if (!errors || !errors.length) return null;
    for (var i = 0; i < errors.length; i++) {
      var c = errors[i] && errors[i].extensions && errors[i].extensions.code;
      if (c) return c;
    }
    return null;
  }

  function errorText(errors, lang) {
    if (!errors || !errors.length) return '';
    var e = errors[0];
    if (lang === 'en' && e.extensions && e.extensions.messageEn) return e.extensions.messageEn;
    return e.message || String(e);
  }

  function isAuthError(errors) {
    var c = errorCode(errors);
    return c === 'UNAUTHENTICATED';
  }

  // ------------------------------------------------------------------ what the pages ask for

  var PROGRESS = 'total pending acknowledged inProgress completed overdue';
  var METRIC = 'metric { code nameVi nameEn group unitVi }';
  var UNIT = 'code name nameEn level kind hasCouncil';
  var POINT_UNIT = 'unit { code name nameEn }';
  var DIRECTIVE = 'id title reference dueDate progress { ' + PROGRESS + ' }';

  /** The BriefingSummary fields both pages use (served by the same build as the schema). */
  var SUMMARY = 'period asOf previousPeriod computedAt host { ' + UNIT + ' }' +
    ' levels { level councils reported late values { value ' + METRIC + ' } changes { value previous change ' + METRIC + ' } }' +
    ' directives { ' + PROGRESS + ' }' +
    ' units { unit { ' + UNIT + ' } reported late councilsBelow reportedBelow openAssignments overdueAssignments }' +
    ' meeting { id period title startsAt location attendance { expected present absent }' +
    ' connectionPoints { status attendees ' + POINT_UNIT + ' } agenda { position title presenter { code name nameEn } }' +
    ' conclusions { position text } directives { ' + DIRECTIVE + ' } }' +
    ' previousBriefing { meeting { id period title startsAt } directives { ' + DIRECTIVE + ' } progress { ' + PROGRESS + ' } completedDirectives overdueDirectives }';

  var SUMMARY_QUERY = 'query BriefingSummary($p: String!) { briefingSummary(period: $p) { ' + SUMMARY + ' } }';
  var SUMMARY_SUBSCRIPTION = 'subscription BriefingScreen($p: String!) { briefingSummaryUpdated(period: $p) { ' + SUMMARY + ' } }';

  /**
   * The summary over HTTP. Resolves { summary } or { refused: 'auth' | 'forbidden' };
   * rejects (network: true when the server could not be reached) otherwise.
   */
  function readSummary(period, token, lang) {
    return gql(SUMMARY_QUERY, { p: period }, token).then(function (res) {
      if (res.data && res.data.briefingSummary) return { summary: res.data.briefingSummary };
      if (isAuthError(res.errors)) return { refused: 'auth' };
      if (errorCode(res.errors) === 'FORBIDDEN') return { refused: 'forbidden' };
      var err = new Error(errorText(res.errors, lang) || 'HTTP ' + res.status);
      err.errors = res.errors;
      err.network = !res.errors && res.status >= 500;
      throw err;
    });
  }

  /** A level's figures by metric code: { value, previous, change, metric }. */
  function figures(level) {
    var out = {};
    (level.values || []).forEach(function (v) {
      if (v && v.metric) out[v.metric.code] = { metric: v.metric, value: v.value, previous: null, change: null };
    });
    (level.changes || []).forEach(function (c) {
      if (c && c.metric) out[c.metric.code] = { metric: c.metric, value: c.value, previous: c.previous, change: c.change };
    });
    return out;
  }

  /** The metrics of a level in catalogue order. */
  function metricOrder(level) {
    var list = (level.changes && level.changes.length ? level.changes : level.values) || [];
    return list.map(function (v) { return v.metric; }).filter(Boolean);
  }

  /** Connection points: present, and all of them (AttendanceCount.expected counts those not yet marked). */
  function attendance(meeting) {
    var a = meeting && meeting.attendance;
    if (!a) return null;
    return { present: a.present || 0, absent: a.absent || 0, unmarked: a.expected || 0, total: (a.expected || 0) + (a.present || 0) + (a.absent || 0) };
  }

  function hostName(summary, lang) {
    var h = summary && summary.host;
    if (!h) return '';
    return lang === 'en' ? h.nameEn || h.name : lowerFirst(h.name);
  }

  // ------------------------------------------------------------------ DOM

  /** h('div', { class: 'x', text: 'y' }, child…): an element; text always as text, never as HTML. */
  function h(tag, attrs) {
    var el = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === undefined || v === null || v === false) return;
        if (k === 'text') el.textContent = String(v);
        else if (k === 'class') el.className = v;
        else if (k.slice(0, 2) === 'on' && typeof v === 'function') el.addEventListener(k.slice(2), v);
        else if (k === 'dataset') Object.keys(v).forEach(function (d) { el.dataset[d] = v[d]; });
        else el.setAttribute(k, v === true ? '' : String(v));
      });
    }
    for (var i = 2; i < arguments.length; i++) append(el, arguments[i]);
    return el;
  }

  function append(el, child) {
    if (child === undefined || child === null || child === false) return;
    if (Array.isArray(child)) child.forEach(function (c) { append(el, c); });
    else el.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }

  function clear(el) {
    while (el.firstChild) el.removeChild(el.firstChild);
    return el;
  }

  function svg(tag, attrs) {
    var el = document.createElementNS('http://www.w3.org/2000/svg', tag);
    Object.keys(attrs || {}).forEach(function (k) { el.setAttribute(k, String(attrs[k])); });
    for (var i = 2; i < arguments.length; i++) if (arguments[i]) el.appendChild(arguments[i]);
    return el;
  }

  // ------------------------------------------------------------------ the sign-in form

  /**
   * Shows the sign-in form in container; calls done(session) once signed in.
   * Prefilled with the briefing account "viewer".
   */
  function signInForm(container, lang, message, done) {
    var status = h('p', { class: 'signin-status', role: 'status', text: message || '' });
    if (message) status.classList.add('signin-warning');
    var user = h('input', { id: 'signin-username', name: 'username', autocomplete: 'username', value: 'viewer', required: true, spellcheck: 'false', autocapitalize: 'none' });
    var pass = h('input', { id: 'signin-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
    var button = h('button', { type: 'submit', class: 'signin-button', text: t(lang, 'signIn') });
    var form = h('form', { class: 'signin', id: 'signin', novalidate: true },
      h('h2', { text: t(lang, 'signInTitle') }),
      h('p', { class: 'signin-hint', text: t(lang, 'signInHint') }),
      h('label', { for: 'signin-username', text: t(lang, 'username') }), user,
      h('label', { for: 'signin-password', text: t(lang, 'password') }), pass,
      button, status);
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      if (!user.value || !pass.value) {
        (user.value ? pass : user).focus();
        return;
      }
      button.disabled = true;
      status.classList.remove('signin-warning');
      status.textContent = t(lang, 'signingIn');
      gql('mutation SignIn($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken expiresAt user { username role } } }',
        { u: user.value.trim(), p: pass.value }).then(function (res) {
        button.disabled = false;
        if (res.errors || !res.data || !res.data.login) {
          status.classList.add('signin-warning');
          status.textContent = errorText(res.errors, lang) || t(lang, 'networkError');
          pass.select();
          return;
        }
        var s = { token: res.data.login.accessToken, expiresAt: res.data.login.expiresAt, username: res.data.login.user && res.data.login.user.username };
        saveSession(s);
        pass.value = '';
        done(s);
      }, function () {
        button.disabled = false;
        status.classList.add('signin-warning');
        status.textContent = t(lang, 'networkError');
      });
    });
    clear(container).appendChild(h('div', { class: 'signin-wrap' }, form));
    (user.value ? pass : user).focus();
    return form;
  }

  window.Briefing = {
    t: t, fill: fill, lowerFirst: lowerFirst, metricPhrase: metricPhrase, metricName: metricName, levelName: levelName,
    periodLabel: periodLabel, isQuarter: isQuarter, timeText: timeText, dateText: dateText, dateTimeText: dateTimeText, num: num,
    pageLang: pageLang, session: session, saveSession: saveSession, clearSession: clearSession,
    gql: gql, errorCode: errorCode, errorText: errorText, isAuthError: isAuthError,
    readSummary: readSummary, SUMMARY_QUERY: SUMMARY_QUERY, SUMMARY_SUBSCRIPTION: SUMMARY_SUBSCRIPTION, figures: figures, metricOrder: metricOrder, hostName: hostName, attendance: attendance,
    h: h, clear: clear, svg: svg, signInForm: signInForm, GRAPHQL: GRAPHQL
  };
})();
`;
