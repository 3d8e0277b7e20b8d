/**
 * The printable summary: the same sign-in as the screen, one
 * `briefingSummary` query (and `completeness` for the names of councils that
 * have not reported, when the account may read statistics), rendered as an
 * A4 document in Vietnamese: period, figures by level (every metric, the
 * previous period, the change), by district, completeness, directives.
 *
 * Kept in a String.raw template: no backquote and no dollar-brace inside.
 */
export const PRINT_JS = String.raw`/* Giao ban HĐND: the printable summary. */
(function () {
  'use strict';
  var B = window.Briefing;
  var h = B.h;
  var body = document.body;
  var period = body.dataset.period;
  var lang = B.pageLang();
  var app = document.getElementById('app');

  var W = {
    vi: {
      print: 'In', back: 'Về màn hình giao ban', loading: 'Đang tải số liệu…', printedAt: 'In lúc {t}',
      org1: 'HỘI ĐỒNG NHÂN DÂN', org3: 'THƯỜNG TRỰC', nation1: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', nation2: 'Độc lập - Tự do - Hạnh phúc',
      docTitle: 'BÁO CÁO SỐ LIỆU GIAO BAN', lead: 'Kết quả hoạt động của HĐND các cấp {host} — {p}',
      period: 'Kỳ báo cáo: {p} (so sánh với {prev})', asOf: 'Số liệu tính đến {t}',
      s1: 'I. TÓM TẮT', s2: 'II. SỐ LIỆU THEO CẤP', s3: 'III. TÌNH HÌNH BÁO CÁO THEO ĐƠN VỊ CẤP HUYỆN', s4: 'IV. MỨC ĐỘ ĐẦY ĐỦ CỦA BÁO CÁO', s5: 'V. CHỈ ĐẠO VÀ KẾT LUẬN',
      summaryLine: '{level}: {figures}; đã báo cáo {n}/{of}.',
      metric: 'Chỉ tiêu', now: 'Kỳ này', prev: 'Kỳ trước', change: 'Tăng/giảm', reportedRow: 'Số HĐND đã báo cáo',
      no: 'STT', unit: 'Đơn vị', own: 'Báo cáo của HĐND', communes: 'HĐND cấp xã đã báo cáo', open: 'Nhiệm vụ chưa hoàn thành', overdueCol: 'Quá hạn',
      reported: 'Đã gửi', late: 'Gửi muộn', notReported: 'Chưa gửi', noCouncil: 'Không có HĐND', total: 'Tổng cộng',
      compLine: '{level}: đã gửi {n}/{of}', compDetail: ' (đúng hạn {onTime}, muộn {late})', missingList: 'Chưa gửi báo cáo:', allIn: 'Tất cả đã gửi báo cáo.',
      communesMissingBy: 'Số HĐND cấp xã chưa gửi / tổng số, theo đơn vị cấp huyện:', communesNames: '(Danh sách tên từng xã cần tài khoản được xem thống kê.)',
      yearNote: 'Kỳ báo cáo là cả năm: một HĐND được tính là đã báo cáo khi đã gửi ít nhất một quý.',
      dirCity: 'Chỉ đạo của Thường trực HĐND {host}', dirLine: 'Tổng số nhiệm vụ được giao: {total}; hoàn thành {completed}; đang thực hiện {inProgress}; đã tiếp nhận {acknowledged}; chưa tiếp nhận {pending}; quá hạn {overdue}.',
      noDirectives: 'Chưa có chỉ đạo nào.', prevTitle: 'Kết luận hội nghị giao ban {p}', prevLine: '{done}/{of} chỉ đạo đã hoàn thành; {overdue} chỉ đạo quá hạn.',
      dirContent: 'Nội dung chỉ đạo', due: 'Hạn', progress: 'Hoàn thành', meetingTitle: 'Hội nghị giao ban kỳ này', attendance: 'Điểm cầu có mặt: {n}/{of}',
      at: 'Thời gian: {t}', where: 'Địa điểm: {w}', newDirectives: 'Chỉ đạo ban hành tại hội nghị:',
      absent: 'Điểm cầu vắng:', agenda: 'Chương trình hội nghị:', conclusions: 'Kết luận của hội nghị:',
      source: 'Số liệu tổng hợp tự động từ báo cáo quý của HĐND các cấp trên nền tảng điều phối HĐND.'
    },
    en: {
      print: 'Print', back: 'Back to the briefing screen', loading: 'Loading the figures…', printedAt: 'Printed at {t}',
      org1: 'PEOPLE’S COUNCIL', org3: 'STANDING COMMITTEE', nation1: 'SOCIALIST REPUBLIC OF VIET NAM', nation2: 'Independence - Freedom - Happiness',
      docTitle: 'BRIEFING SUMMARY', lead: 'Activity of the People’s Councils of {host} — {p}',
      period: 'Period: {p} (compared with {prev})', asOf: 'Figures as of {t}',
      s1: 'I. SUMMARY', s2: 'II. FIGURES BY LEVEL', s3: 'III. REPORTING BY DISTRICT', s4: 'IV. COMPLETENESS', s5: 'V. DIRECTIVES AND CONCLUSIONS',
      summaryLine: '{level}: {figures}; reported {n}/{of}.',
      metric: 'Metric', now: 'This period', prev: 'Previous', change: 'Change', reportedRow: 'Councils reported',
      no: 'No.', unit: 'Unit', own: 'Council’s report', communes: 'Commune councils reported', open: 'Open assignments', overdueCol: 'Overdue',
      reported: 'Filed', late: 'Late', notReported: 'Not filed', noCouncil: 'No council', total: 'Total',
      compLine: '{level}: {n}/{of} filed', compDetail: ' ({onTime} on time, {late} late)', missingList: 'Not yet filed:', allIn: 'All have filed.',
      communesMissingBy: 'Commune councils not yet filed / all, by district:', communesNames: '(The commune names need an account that may read statistics.)',
      yearNote: 'A year: a council counts as reported once it has filed any quarter.',
      dirCity: 'Directives of {host}', dirLine: 'Assignments: {total}; completed {completed}; in progress {inProgress}; acknowledged {acknowledged}; not yet acknowledged {pending}; overdue {overdue}.',
      noDirectives: 'No directives yet.', prevTitle: 'Conclusions of the {p} briefing', prevLine: '{done}/{of} directives completed; {overdue} overdue.',
      dirContent: 'Directive', due: 'Due', progress: 'Completed', meetingTitle: 'This briefing', attendance: 'Connection points present: {n}/{of}',
      at: 'Time: {t}', where: 'Place: {w}', newDirectives: 'Directives issued at the meeting:',
      absent: 'Absent connection points:', agenda: 'Agenda:', conclusions: 'Conclusions:',
      source: 'Compiled automatically from the councils’ quarterly reports on the council coordination platform.'
    }
  };

  function t(key, vars) {
    var table = W[lang] || W.vi;
    return B.fill(table[key] !== undefined ? table[key] : W.vi[key], vars);
  }

  function n(v) {
    return B.num(v, lang);
  }

  function signedChange(c) {
    if (typeof c !== 'number') return '';
    return c > 0 ? '+' + n(c) : c < 0 ? '−' + n(-c) : '0';
  }

  var toolbar = h('div', { class: 'toolbar' },
    h('button', { type: 'button', id: 'print-button', class: 'primary', text: t('print'), onclick: function () { window.print(); } }),
    h('a', { href: '/briefing/' + encodeURIComponent(period) + (lang === 'en' ? '?lang=en' : ''), text: t('back') }),
    h('span', { class: 'toolbar-status', id: 'toolbar-status' }));
  var sheet = h('article', { class: 'sheet', id: 'document' }, h('p', { class: 'loading', text: t('loading') }));
  B.clear(app).appendChild(h('div', { class: 'print-root' }, toolbar, sheet));

  function status(text) {
    document.getElementById('toolbar-status').textContent = text || '';
  }

  // ------------------------------------------------------------------ data

  function completeness(token, level) {
    var q = 'query Completeness($p: String!, $l: CouncilLevel!) { completeness(period: $p, level: $l) { expected submitted onTime late missing { code name parent { code name } } } }';
    return B.gql(q, { p: period, l: level }, token).then(function (res) {
      return res.data && res.data.completeness ? res.data.completeness : null; // a VIEWER may not: the summary's counts then
    }, function () { return null; });
  }

  function load() {
    var s = B.session();
    if (!s) return signIn('');
    status(t('loading'));
    B.readSummary(period, s.token, lang).then(function (r) {
      if (!r.summary) return signIn(r.refused === 'forbidden' ? B.t(lang, 'notAllowed') : B.t(lang, 'sessionExpired'), true);
      var wanted = B.isQuarter(period) ? [completeness(s.token, 'DISTRICT'), completeness(s.token, 'WARD')] : [];
      return Promise.all(wanted).then(function (c) {
        status('');
        render(r.summary, { DISTRICT: c[0] || null, WARD: c[1] || null });
      });
    }).catch(function (e) {
      status(e.network ? B.t(lang, 'networkError') : B.t(lang, 'error', { m: e.message }));
    });
  }

  function signIn(message, clear) {
    if (clear) B.clearSession();
    toolbar.hidden = true;
    B.signInForm(sheet, lang, message, function () {
      toolbar.hidden = false;
      B.clear(sheet).appendChild(h('p', { class: 'loading', text: t('loading') }));
      load();
    });
  }

  // ------------------------------------------------------------------ the document

  function table(head, rows, cls) {
    return h('table', { class: cls || '' }, h('thead', null, head), h('tbody', null, rows));
  }

  function tr(cells, cls) {
    return h('tr', { class: cls || '' }, cells);
  }

  function td(text, cls, attrs) {
    var a = attrs || {};
    a.class = cls || '';
    a.text = text === undefined || text === null ? '' : String(text);
    return h('td', a);
  }

  function th(text, attrs) {
    var a = attrs || {};
    a.text = text;
    return h('th', a);
  }

  function section(title) {
    var el = h('section', null, h('h2', { text: title }));
    for (var i = 1; i < arguments.length; i++) el.appendChild(arguments[i]);
    return el;
  }

  function render(s, comp) {
    var host = B.hostName(s, lang) || '';
    var hostUpper = (s.host && (lang === 'en' ? s.host.nameEn || s.host.name : s.host.name) || '').toLocaleUpperCase('vi');
    var label = B.periodLabel(s.period || period, lang);
    var prevLabel = B.periodLabel(s.previousPeriod, lang);
    document.title = t('docTitle') + ' — ' + label;
    var doc = [];

    doc.push(h('header', { class: 'doc-head' },
      h('div', { class: 'org' }, h('div', { text: t('org1') }), h('div', { class: 'strong', text: hostUpper }), h('div', { class: 'strong underline', text: t('org3') })),
      h('div', { class: 'nation' }, h('div', { class: 'strong', text: t('nation1') }), h('div', { class: 'strong underline', text: t('nation2') }))));
    doc.push(h('h1', { text: t('docTitle') }));
    doc.push(h('p', { class: 'lead', text: t('lead', { host: host, p: label }) }));
    doc.push(h('p', { class: 'meta' },
      t('period', { p: label, prev: prevLabel }), h('br'),
      t('asOf', { t: B.dateTimeText(s.asOf, lang) }), ' · ', t('printedAt', { t: B.dateTimeText(new Date(), lang) })));

    var levels = s.levels || [];

    // I. the article's sentences
    var summary = h('div', { class: 'summary' });
    levels.forEach(function (level) {
      var f = B.figures(level);
      var parts = ['sessions.thematic', 'resolutions.issued', 'supervisions.thematic', 'voter_contacts.meetings', 'petitions.received']
        .filter(function (c) { return f[c]; })
        .map(function (c) { return n(f[c].value) + ' ' + B.metricPhrase(f[c].metric, lang); });
      summary.appendChild(h('p', { text: t('summaryLine', { level: B.levelName(level.level, lang), figures: parts.join(', '), n: n(level.reported), of: n(level.councils) }) }));
    });
    doc.push(section(t('s1'), summary));

    // II. every metric by level: this period, the previous one, the change
    var head = [
      tr([th(t('metric'), { rowspan: 2, class: 'metric-col' })].concat(levels.map(function (l) { return th(B.levelName(l.level, lang), { colspan: 3 }); }))),
      tr([].concat.apply([], levels.map(function () { return [th(t('now')), th(t('prev')), th(t('change'))]; })))
    ];
    var byLevel = levels.map(B.figures);
    var order = levels.length ? B.metricOrder(levels[0]) : [];
    var rows = [tr([td(t('reportedRow'), 'metric-col strong')].concat([].concat.apply([], levels.map(function (l) {
      return [td(n(l.reported) + '/' + n(l.councils), 'num strong', { colspan: 3 })];
    }))), 'reported-row')];
    order.forEach(function (metric) {
      rows.push(tr([td(B.metricName(metric, lang), 'metric-col')].concat([].concat.apply([], byLevel.map(function (f) {
        var x = f[metric.code] || {};
        return [td(n(x.value), 'num strong'), td(x.previous === null || x.previous === undefined ? '' : n(x.previous), 'num'), td(signedChange(x.change), 'num ' + (x.change > 0 ? 'up' : x.change < 0 ? 'down' : ''))];
      })))));
    });
    doc.push(section(t('s2'), table(head, rows, 'figures')));

    // III. by district
    var units = s.units || [];
    var totals = { own: 0, below: 0, reportedBelow: 0, open: 0, overdue: 0 };
    var urows = units.map(function (u, i) {
      var own = u.reported ? (u.late ? t('late') : t('reported')) : u.unit.hasCouncil === false ? t('noCouncil') : t('notReported');
      totals.own += u.reported ? 1 : 0;
      totals.below += u.councilsBelow || 0;
      totals.reportedBelow += u.reportedBelow || 0;
      totals.open += u.openAssignments || 0;
      totals.overdue += u.overdueAssignments || 0;
      return tr([
        td(i + 1, 'num'), td(lang === 'en' ? u.unit.nameEn || u.unit.name : u.unit.name),
        td(own, u.reported ? (u.late ? 'late' : 'ok') : 'missing'),
        td(u.councilsBelow ? n(u.reportedBelow) + '/' + n(u.councilsBelow) : '—', 'num'),
        td(n(u.openAssignments), 'num'), td(u.overdueAssignments ? n(u.overdueAssignments) : '0', 'num' + (u.overdueAssignments ? ' missing' : ''))
      ]);
    });
    urows.push(tr([td(''), td(t('total'), 'strong'), td(n(totals.own) + '/' + n(units.length), 'strong'), td(n(totals.reportedBelow) + '/' + n(totals.below), 'num strong'),
      td(n(totals.open), 'num strong'), td(n(totals.overdue), 'num strong')], 'total-row'));
    doc.push(section(t('s3'), table(tr([th(t('no')), th(t('unit')), th(t('own')), th(t('communes')), th(t('open')), th(t('overdueCol'))]), urows, 'units')));

    // IV. completeness
    var compEl = h('div', { class: 'completeness' });
    if (!B.isQuarter(period)) compEl.appendChild(h('p', { class: 'note', text: t('yearNote') }));
    levels.filter(function (l) { return l.level !== 'CITY' || l.reported < l.councils; }).forEach(function (l) {
      var c = comp[l.level];
      var line = h('p', { class: 'strong' }, t('compLine', { level: B.levelName(l.level, lang), n: n(c ? c.submitted : l.reported), of: n(c ? c.expected : l.councils) }),
        c ? t('compDetail', { onTime: n(c.onTime), late: n(c.late) }) : l.late ? t('compDetail', { onTime: n(l.reported - l.late), late: n(l.late) }) : '');
      compEl.appendChild(line);
      if (c) {
        if (!c.missing.length) compEl.appendChild(h('p', { text: t('allIn') }));
        else compEl.appendChild(missingByParent(c.missing, l.level));
      } else if (l.level === 'DISTRICT') {
        var notIn = units.filter(function (u) { return !u.reported && u.unit.hasCouncil !== false; });
        compEl.appendChild(notIn.length ? h('p', null, h('span', { class: 'label', text: t('missingList') + ' ' }), notIn.map(function (u) { return lang === 'en' ? u.unit.nameEn || u.unit.name : u.unit.name; }).join(', ') + '.') : h('p', { text: t('allIn') }));
      } else if (l.level === 'WARD') {
        var gaps = units.filter(function (u) { return u.councilsBelow > u.reportedBelow; });
        if (!gaps.length) compEl.appendChild(h('p', { text: t('allIn') }));
        else {
          compEl.appendChild(h('p', null, h('span', { class: 'label', text: t('communesMissingBy') + ' ' }),
            gaps.map(function (u) { return (lang === 'en' ? u.unit.nameEn || u.unit.name : u.unit.name) + ': ' + n(u.councilsBelow - u.reportedBelow) + '/' + n(u.councilsBelow); }).join('; ') + '.'));
          compEl.appendChild(h('p', { class: 'note', text: t('communesNames') }));
        }
      }
    });
    doc.push(section(t('s4'), compEl));

    // V. directives
    var dirEl = h('div', { class: 'directives' });
    var p = s.directives;
    dirEl.appendChild(h('h3', { text: t('dirCity', { host: host }) }));
    dirEl.appendChild(h('p', { text: p && p.total ? t('dirLine', { total: n(p.total), completed: n(p.completed), inProgress: n(p.inProgress), acknowledged: n(p.acknowledged), pending: n(p.pending), overdue: n(p.overdue) }) : t('noDirectives') }));
    var prev = s.previousBriefing;
    if (prev) {
      var list = prev.directives || [];
      dirEl.appendChild(h('h3', { text: t('prevTitle', { p: B.periodLabel(prev.meeting && prev.meeting.period || s.previousPeriod, lang) }) }));
      dirEl.appendChild(h('p', { text: t('prevLine', { done: n(prev.completedDirectives), of: n(list.length || (prev.progress && prev.progress.total) || 0), overdue: n(prev.overdueDirectives) }) }));
      if (list.length) dirEl.appendChild(directiveTable(list));
    }
    var mt = s.meeting;
    if (mt) {
      dirEl.appendChild(h('h3', { text: t('meetingTitle') + (mt.title ? ': ' + mt.title : '') }));
      var facts = [];
      if (mt.startsAt) facts.push(t('at', { t: B.dateTimeText(mt.startsAt, lang) }));
      if (mt.location) facts.push(t('where', { w: mt.location }));
      var a = B.attendance(mt);
      if (a && a.total) facts.push(t('attendance', { n: n(a.present), of: n(a.total) }));
      if (facts.length) dirEl.appendChild(h('p', { text: facts.join(' · ') }));
      var absent = (mt.connectionPoints || []).filter(function (p) { return p.status === 'ABSENT' && p.unit; });
      if (absent.length) dirEl.appendChild(h('p', null, h('span', { class: 'label', text: t('absent') + ' ' }), absent.map(function (p) { return lang === 'en' ? p.unit.nameEn || p.unit.name : p.unit.name; }).join(', ') + '.'));
      if (mt.agenda && mt.agenda.length) {
        dirEl.appendChild(h('p', { class: 'label', text: t('agenda') }));
        dirEl.appendChild(h('ol', { class: 'agenda' }, mt.agenda.map(function (item) {
          return h('li', null, item.title, item.presenter ? h('span', { class: 'presenter', text: ' (' + (lang === 'en' ? item.presenter.nameEn || item.presenter.name : item.presenter.name) + ')' }) : null);
        })));
      }
      if (mt.conclusions && mt.conclusions.length) {
        dirEl.appendChild(h('p', { class: 'label', text: t('conclusions') }));
        dirEl.appendChild(h('ol', { class: 'conclusions' }, mt.conclusions.map(function (c) { return h('li', { text: c.text }); })));
      }
      if (mt.directives && mt.directives.length) {
        dirEl.appendChild(h('p', { class: 'label', text: t('newDirectives') }));
        dirEl.appendChild(directiveTable(mt.directives));
      }
    }
    doc.push(section(t('s5'), dirEl));
    doc.push(h('p', { class: 'source', text: t('source') }));

    B.clear(sheet);
    doc.forEach(function (el) { sheet.appendChild(el); });
    body.classList.add('ready');
  }

  function directiveTable(list) {
    return table(tr([th(t('no')), th(t('dirContent')), th(t('due')), th(t('progress')), th(t('overdueCol'))]), list.map(function (d, i) {
      var p = d.progress || {};
      return tr([td(i + 1, 'num'), td((d.reference ? d.reference + ' — ' : '') + d.title), td(B.dateText(d.dueDate), 'num'),
        td(p.total ? n(p.completed) + '/' + n(p.total) : '', 'num'), td(p.overdue ? n(p.overdue) : '0', 'num' + (p.overdue ? ' missing' : ''))]);
    }), 'dirs');
  }

  function missingByParent(units, level) {
    if (level !== 'WARD') {
      return h('p', null, h('span', { class: 'label', text: t('missingList') + ' ' }), units.map(function (u) { return u.name; }).join(', ') + '.');
    }
    var groups = {};
    var order = [];
    units.forEach(function (u) {
      var key = u.parent ? u.parent.code : '';
      if (!groups[key]) {
        groups[key] = { name: u.parent ? u.parent.name : '', units: [] };
        order.push(key);
      }
      groups[key].units.push(u.name);
    });
    order.sort();
    return h('div', null, h('p', { class: 'label', text: t('missingList') }), h('ul', { class: 'missing-list' }, order.map(function (k) {
      var g = groups[k];
      return h('li', null, h('b', { text: g.name + ' (' + n(g.units.length) + '): ' }), g.units.join(', '));
    })));
  }

  load();
})();
`;
